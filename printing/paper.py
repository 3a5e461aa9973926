"""Paper profiles of thermal receipt printers.

58 mm paper prints 32 columns of the normal 12×24 font (384 dots); 80 mm
paper 48 columns (576 dots). A Han character takes two columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    width_mm: int
    columns: int
    dots: int
    # Most Chinese thermal printers draw QR codes themselves (GS ( k); the
    # cheapest 58 mm ones don't and get the code as a raster image instead.
    qr_native: bool = True


PAPER_58 = Paper(width_mm=58, columns=32, dots=384)
PAPER_80 = Paper(width_mm=80, columns=48, dots=576)


def paper_for(width_mm: int, *, qr_native: bool = True) -> Paper:
    if width_mm == 58:
        base = PAPER_58
    elif width_mm == 80:
        base = PAPER_80
    else:
        raise ValueError(f"unsupported paper width {width_mm} mm (58 or 80)")
    return Paper(base.width_mm, base.columns, base.dots, qr_native)
