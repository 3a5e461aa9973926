"""Printed forms from text templates a venue can edit.

Each form (ticket, sale receipt, refund slip, merchant receipt, handover
slip, test page) is a Jinja2 template under ``resources/templates/``; a file of
the same name in ``<data dir>/templates/`` takes its place, so a venue changes
wording or adds its logo without touching code and keeps the change across
upgrades.

Jinja2 fills in the data (loops, conditions, the ``money`` and ``time``
filters); every line of its output is then one block of the document:

    plain text                  a left-aligned paragraph
    @center @bold @big text     flags before text: @left @center @right
                                @bold @wide @tall @big (wide and tall)
    @cols left | right          label and amount, the right flush
    @sep  /  @sep =             a separator line of "-" or the given character
    @qr DATA   @barcode DATA    codes
    @logo PATH                  an image (skipped when PATH is empty)
    @feed N   @cut   @kick      paper feed, cut, open the cash drawer
    @title TEXT                 the job's name in the print queue (not printed)
    (an empty line)             an empty line on paper

Values filled in by the template are escaped (``@`` and ``|`` in a show's
name print as they are) and cannot start a new line.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import jinja2

from boxoffice.money import format_fen

from .document import (
    Align,
    Barcode,
    Block,
    Columns,
    Cut,
    Document,
    DrawerKick,
    Feed,
    Logo,
    QRCode,
    Separator,
    Text,
)

FORMS = (
    "ticket",
    "sale_receipt",
    "refund_slip",
    "merchant_receipt",
    "handover_slip",
    "test_page",
)


class TemplateError(Exception):
    """A template cannot be used; the message names the file and line."""


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("@", "\\@")
            .replace("|", "\\|")
            .replace("\r", " ")
            .replace("\n", " ")
        )
    return value


def _unescape(text: str) -> str:
    out = []
    chars = iter(text)
    for c in chars:
        out.append(next(chars, "\\") if c == "\\" else c)
    return "".join(out)


def _split_cols(text: str) -> tuple[str, str]:
    """Split at the first unescaped ``|``."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "|":
            return text[:i], text[i + 1 :]
        i += 1
    return text, ""


_FLAGS = {"left", "center", "right", "bold", "wide", "tall", "big"}


def parse_markup(output: str, *, kind: str, title: str) -> Document:
    """Turn rendered template text into a document (see the module doc)."""
    blocks: list[Block] = []
    for raw_line in output.splitlines():
        line = raw_line.strip()
        if not line:
            blocks.append(Feed(1))
            continue
        flags: set[str] = set()
        directive = ""
        while line.startswith("@"):
            word, _, rest = line[1:].partition(" ")
            if word in _FLAGS:
                flags.add(word)
                line = rest.lstrip()
                continue
            # A directive may be followed by more flags ("@cols @bold ...").
            directive, line = word, rest
            while line.startswith("@") and line[1:].partition(" ")[0] in _FLAGS:
                flag, _, line = line[1:].partition(" ")
                flags.add(flag)
            # Columns keep their indentation ("@cols   笔数 | 3" indents a sub-item).
            line = line.rstrip() if directive == "cols" else line.strip()
            break
        align = (
            Align.CENTER if "center" in flags else Align.RIGHT if "right" in flags else Align.LEFT
        )
        big = "big" in flags
        if directive == "":
            blocks.append(
                Text(
                    _unescape(line),
                    align=align,
                    bold="bold" in flags,
                    wide=big or "wide" in flags,
                    tall=big or "tall" in flags,
                )
            )
        elif directive == "cols":
            left, right = _split_cols(line)
            blocks.append(
                Columns(_unescape(left.rstrip()), _unescape(right.strip()), bold="bold" in flags)
            )
        elif directive == "sep":
            blocks.append(Separator(_unescape(line)[:1] or "-"))
        elif directive == "qr":
            if line:
                blocks.append(QRCode(_unescape(line)))
        elif directive == "barcode":
            if line:
                blocks.append(Barcode(_unescape(line)))
        elif directive == "logo":
            if line:
                blocks.append(Logo(_unescape(line)))
        elif directive == "feed":
            blocks.append(Feed(int(line or "1")))
        elif directive == "cut":
            blocks.append(Cut())
        elif directive == "kick":
            blocks.append(DrawerKick())
        elif directive == "title":
            title = _unescape(line)
        else:
            raise TemplateError(f"{kind}: unknown directive @{directive} in line “{raw_line}”")
    while blocks and isinstance(blocks[-1], Feed):
        blocks.pop()
    return Document(kind=kind, title=title, blocks=tuple(blocks))


class Templates:
    """The venue's form templates: its own folder first, then the bundled ones."""

    def __init__(self, *folders: Path, zone: tzinfo) -> None:
        self.zone = zone
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in folders], encoding="utf-8"),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # Included parts ("_header.txt") end in a newline, or their last line
            # would run into the next.
            keep_trailing_newline=True,
            finalize=_escape,
            autoescape=False,
        )
        # ￥ (U+FFE5) rather than ¥ (U+00A5): ¥ is four bytes in GB18030 and
        # GBK-only printer fonts print it as garbage.
        self.env.filters["money"] = lambda fen: format_fen(int(fen)).replace("¥", "￥")
        self.env.filters["time"] = self._time
        self.env.filters["date"] = lambda value: self._time(value, "%Y-%m-%d")

    def _time(self, value: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
        if value is None:
            return ""
        return value.astimezone(self.zone).strftime(pattern)

    def render(self, kind: str, form: Any, *, title: str = "") -> Document:
        """The document for ``form`` (one of the dataclasses in printing.forms)."""
        values = {f.name: getattr(form, f.name) for f in dataclasses.fields(form)}
        try:
            template = self.env.get_template(f"{kind}.txt")
            output = template.render(**values)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(
                f"{error.filename or kind}, line {error.lineno}: {error.message}"
            ) from None
        except jinja2.TemplateNotFound:
            raise TemplateError(f"no template for “{kind}” ({kind}.txt)") from None
        except jinja2.UndefinedError as error:
            raise TemplateError(f"{kind}.txt: {error.message}") from None
        return parse_markup(output, kind=kind, title=title or kind)


def bundled_templates_dir() -> Path:
    from boxoffice.paths import resources_dir

    return resources_dir() / "templates"


def venue_templates(data_dir: Path | None, zone: tzinfo) -> Templates:
    """The templates a terminal uses: ``<data dir>/templates`` over the bundled ones."""
    folders = [bundled_templates_dir()]
    if data_dir is not None:
        folders.insert(0, data_dir / "templates")
    return Templates(*folders, zone=zone)
