"""Verifica desktop application: permits, inspections and badge verification, offline first."""

__version__ = "0.1.0"
