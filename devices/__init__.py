"""Printers, scanners, cash drawers and pole displays (issue 5). Qt-free."""
