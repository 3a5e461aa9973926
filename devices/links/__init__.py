"""Printer connections, one small module per transport (see base.Link)."""
