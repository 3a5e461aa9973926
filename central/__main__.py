"""``boxoffice-central serve``: run the central store.

With no arguments it serves the embedded default, SQLite in the data
directory, on 127.0.0.1:8765. ``--db postgresql+psycopg://…`` serves a
PostgreSQL database. Plain HTTP is accepted only on loopback unless
``--allow-insecure-http`` is given; give ``--certfile``/``--keyfile`` for HTTPS.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from pathlib import Path

from boxoffice import bootstrap
from boxoffice.db.store import Store
from boxoffice.errors import BoxOfficeError
from boxoffice.paths import data_dir

DEFAULT_PORT = 8765


WRITERS = ("auto", "process", "thread")
"""``serve --writer``'s choices (the benchmark passes its own through)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_central_store(db: str | None, directory: Path, *, demo: bool) -> Store:
    store = Store.connect(db) if db else Store.open(directory)
    if demo:
        bootstrap.seed_demo(store)
    else:
        bootstrap.ensure_initialized(store)
    return store


def print_code(args: argparse.Namespace) -> int:
    from boxoffice.services.credentials import create_terminal_code_at_server

    directory = data_dir(args.data_dir) if args.data_dir else data_dir() / "central"
    store = open_central_store(args.db, directory, demo=False)
    try:
        made = create_terminal_code_at_server(store, name=args.name, kind=args.kind)
    finally:
        store.close()
    print(f"{made.code}  (terminal {args.name}, valid until {made.expires_at:%Y-%m-%d %H:%M} UTC)")
    return 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="boxoffice-central", description="BoxOffice central store"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the central store over HTTP")
    serve.add_argument(
        "--data-dir", help="where the SQLite store lives (default: the user data folder/central)"
    )
    serve.add_argument("--db", help="a database URL, e.g. postgresql+psycopg://user@host/boxoffice")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--certfile", help="TLS certificate (PEM) for HTTPS")
    serve.add_argument("--keyfile", help="TLS private key (PEM) for HTTPS")
    serve.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="serve plain HTTP on a non-loopback address (only on a network you trust)",
    )
    serve.add_argument(
        "--demo", action="store_true", help="add the demo venue if the store is empty"
    )
    serve.add_argument(
        "--writer",
        choices=WRITERS,
        default="auto",
        help="write holds and sales in a child process (a core of its own; auto) or in a "
        "thread of the server (docs/deployment.md says when)",
    )
    code = commands.add_parser("code", help="print a one-time code that registers a terminal")
    code.add_argument("name", help="the terminal's name, e.g. 1号售票窗口")
    code.add_argument("--kind", choices=("window", "till"), default="window")
    code.add_argument("--data-dir")
    code.add_argument("--db")
    return parser.parse_args(argv)


def writer_process(choice: str) -> bool:
    """Whether ``serve --writer choice`` writes in a child process: unless asked
    for a thread. In one process the writer's Python and the event loop's take
    turns on one core (the GIL) while the second idles; a child has a core of
    its own. The pipe's hop costs a lone hold + sale about a millisecond or
    two, well inside its 25 ms, and a rush gains a third or more
    (docs/decisions.md)."""
    return choice != "thread"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.command == "code":
        return print_code(args)
    if not is_loopback(args.host) and not args.certfile and not args.allow_insecure_http:
        print(
            f"Refusing to serve plain HTTP on {args.host}: give --certfile and --keyfile for HTTPS, "
            "or --allow-insecure-http on a network you trust.",
            file=sys.stderr,
        )
        return 2
    directory = data_dir(args.data_dir) if args.data_dir else data_dir() / "central"
    directory.mkdir(parents=True, exist_ok=True)
    try:
        store = open_central_store(args.db, directory, demo=args.demo)
    except BoxOfficeError as exc:
        print(exc.english(), file=sys.stderr)
        return 2
    import uvicorn

    from .app import create_app

    uvicorn.run(
        create_app(store, writer_process=writer_process(args.writer)),
        host=args.host,
        port=args.port,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
        # Idle keep-alive connections from terminals must not hold a restart for long.
        timeout_graceful_shutdown=5,
        log_level="info",
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
