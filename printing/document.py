"""The device-neutral printed document.

A document is a tuple of blocks, each a small frozen dataclass. Renderers
(`printing.escpos` for thermal printers, `printing.pdf` for ticket stock and
A4, `printing.preview` for the on-screen picture) turn the same document into
bytes, so what the cashier previews is what the printer gets.

Documents go through the persistent print queue as JSON (`to_json` /
`from_json`), so a job survives a restart and a reprint renders the very same
paper, marked as a reprint.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    """One paragraph; wrapped by display width on paper, never inside a character."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    wide: bool = False  # double width
    tall: bool = False  # double height


@dataclass(frozen=True)
class Columns:
    """A left and a right column on one line (label and amount). A left text
    too long for the line wraps onto the next lines; the right stays on the first."""

    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True)
class Separator:
    char: str = "-"


@dataclass(frozen=True)
class QRCode:
    data: str
    size: int = 6  # module size in printer dots (1-16)


@dataclass(frozen=True)
class Barcode:
    data: str
    symbology: str = "CODE128"


@dataclass(frozen=True)
class Logo:
    """An image file (PNG/BMP), printed centred at most the paper's width."""

    path: str


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = True


@dataclass(frozen=True)
class DrawerKick:
    """Open the cash drawer wired to the printer: pin 2 or 5, pulse in ms."""

    pin: int = 2
    pulse_ms: int = 100


Block = Text | Columns | Separator | QRCode | Barcode | Logo | Feed | Cut | DrawerKick

_BLOCK_TYPES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (Text, Columns, Separator, QRCode, Barcode, Logo, Feed, Cut, DrawerKick)
}


@dataclass(frozen=True)
class Document:
    """What to print. ``kind`` names the template (ticket, sale_receipt…);
    ``title`` is shown in the print queue ("Ticket 3排5号")."""

    kind: str
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "title": self.title,
                "blocks": [{"type": type(b).__name__, **asdict(b)} for b in self.blocks],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Document:
        raw = json.loads(text)
        blocks: list[Block] = []
        for item in raw["blocks"]:
            block_type = _BLOCK_TYPES[item.pop("type")]
            names = {f.name for f in fields(block_type)}
            values = {k: v for k, v in item.items() if k in names}
            if block_type is Text and "align" in values:
                values["align"] = Align(values["align"])
            blocks.append(block_type(**values))
        return cls(kind=raw["kind"], title=raw["title"], blocks=tuple(blocks))

    def marked_reprint(self, mark: str) -> Document:
        """The same paper with a bold reprint mark on top (and a cut kept last)."""
        banner = Text(mark, align=Align.CENTER, bold=True, wide=True, tall=True)
        return replace(self, blocks=(banner, *self.blocks))

    def text_lines(self) -> list[str]:
        """The readable text of the document, one entry per block that has any."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Text):
                lines.append(block.text)
            elif isinstance(block, Columns):
                lines.append(f"{block.left} {block.right}")
        return lines
