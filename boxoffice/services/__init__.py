"""Business operations, one function each, each in one transaction.

Every protected operation is declared with :func:`base.service`, which checks
the caller's permission against the store (never only against what the GUI
shows) and makes sure a state change wrote its audit entry in the same
transaction. Widgets call these; they never build queries.
"""
