"""Bedside: offline, encrypted bedside data capture for cell-therapy trials."""

__version__ = "0.1.0"
