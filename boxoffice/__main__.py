"""``python -m boxoffice``: the desktop app's launcher.

Parsing arguments and choosing the data directory happen here, without Qt;
the GUI is imported only inside :func:`main`, so this package stays Qt-free
(see docs/architecture.md).
"""

from __future__ import annotations

import argparse
import logging
import sys

from .paths import DATA_DIR_ENV, data_dir


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="boxoffice", description="BoxOffice box office and POS")
    parser.add_argument(
        "--data-dir",
        help=f"where the local store and settings live (default: ${DATA_DIR_ENV} or the user data folder)",
    )
    parser.add_argument("--demo", action="store_true", help="add the demo venue, shows and staff")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="open the store, load translations, build the main window offscreen, exit 0 if all works",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    directory = data_dir(args.data_dir)
    if args.self_check:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from widgets.app import self_check

        return int(self_check(directory))
    from widgets.app import run

    return int(run(directory, demo=args.demo))


if __name__ == "__main__":
    raise SystemExit(main())
