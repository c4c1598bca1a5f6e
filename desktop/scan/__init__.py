"""Camera frame sources and QR decoding, without Qt (built by the badge and kiosk issue)."""
