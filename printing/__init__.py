"""Tickets, receipts and slips: a device-neutral document model and its renderers
(issue 5). Qt-free."""
