"""The on-screen picture of a document: the very bytes the printer gets, read
back and drawn as the paper that comes out (`printing.escpos_decode`)."""

from __future__ import annotations

from .document import Document
from .escpos import render_escpos
from .escpos_decode import render_paper_png
from .paper import Paper


def preview_png(doc: Document, paper: Paper) -> bytes:
    """A PNG of ``doc`` printed on ``paper``, one pixel a printer dot."""
    return render_paper_png(render_escpos(doc, paper), paper)
