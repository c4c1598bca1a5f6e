"""Printable PDFs (badge cards; later anuencias, actas and reports) drawn with reportlab, no Qt."""
