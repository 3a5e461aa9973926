"""The central store: one truth for seats, sales, the catalogue and staff, served
over HTTP (FastAPI on uvicorn) to every ticket window and till.

The business rules are the same service functions the desktop app runs
(``boxoffice.services``); this package only authenticates callers, turns
requests into those calls and answers with the documented error shape
(docs/central-api.md). It keeps no state between requests, so several
processes can serve one PostgreSQL database (docs/deployment.md).
"""
