"""``python -m boxoffice.screens --out DIR``: render every main screen to PNG.

A launcher like ``__main__``: the GUI is imported only inside :func:`main`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m boxoffice.screens", description=__doc__)
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    parser.add_argument(
        "--lang", default="zh_CN", choices=("zh_CN", "en"), help="interface language"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from widgets.screens import render_all

    for path in render_all(args.out, args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
