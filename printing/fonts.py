"""Chinese fonts for what BoxOffice draws itself (PDF tickets and charts).

reportlab embeds TrueType fonts only, so PDFs look for a TrueType CJK font the
system has (WenQuanYi, Droid Sans Fallback, Microsoft YaHei, SimHei…); the
Noto CJK fonts Debian ships are CFF and cannot be embedded. Without one,
reportlab's built-in STSong-Light (Adobe-GB1) is named instead, which every PDF
viewer substitutes with a system Chinese font, but whose text some extractors
cannot read back. ``BOXOFFICE_CJK_TTF`` may name a TrueType file to use first.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

TRUETYPE_CJK = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
)


@cache
def pdf_cjk_font() -> str:
    """The name of a registered reportlab font with Chinese glyphs."""
    candidates = list(TRUETYPE_CJK)
    if os.environ.get("BOXOFFICE_CJK_TTF"):
        candidates.insert(0, (os.environ["BOXOFFICE_CJK_TTF"], 0))
    for path, index in candidates:
        if Path(path).is_file():
            try:
                pdfmetrics.registerFont(TTFont("BoxOfficeCJK", path, subfontIndex=index))
            except (TTFError, OSError):
                continue
            return "BoxOfficeCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"
