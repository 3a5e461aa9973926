"""Layout versions: what a new version removes, and a hash of the content.

A session keeps the layout version it was created with. Moving it to a newer
version is refused when a sold or held seat would disappear; the caller
checks :func:`diff_removed_seats` against its seat states to name them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from .jsonio import to_dict
from .layout import Layout, SeatId


def diff_removed_seats(old: Layout, new: Layout) -> list[SeatId]:
    """Ids of seats in ``old`` that ``new`` no longer has, in ``old``'s order.
    A renumbered or moved seat keeps its id, so it is not removed."""
    kept = {seat.id for _, seat in new.seats()}
    return [seat.id for _, seat in old.seats() if seat.id not in kept]


def content_hash(layout: Layout) -> str:
    """SHA-256 (hex) of the layout's canonical JSON without its version number:
    two versions with the same content hash alike."""
    doc = to_dict(layout)
    del doc["layout_version"]
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def next_version(layout: Layout) -> Layout:
    """The layout as the next version, as saving an edit makes it."""
    return replace(layout, version=layout.version + 1)
