"""Emulated devices for tests and the demo."""
