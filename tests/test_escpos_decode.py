"""Reading ESC/POS bytes back as a printer does, and the picture of the paper.

Round trips (document -> bytes -> what a person reads on the paper), the
printer behaviours the reading follows (code page text without Chinese mode,
lines wrapped at the paper's edge, ESC @ throwing away an unfinished line…),
and bytes that are garbage or cut short, which must never stop the reading."""

from __future__ import annotations

import io
import random

import pytest
import qrcode
from escpos.printer import Dummy
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from printing.document import (
    Align,
    Barcode,
    Columns,
    Cut,
    Document,
    DrawerKick,
    Feed,
    QRCode,
    Separator,
    Text,
)
from printing.escpos import render_escpos
from printing.escpos_decode import decode, render_paper_png
from printing.paper import PAPER_58, PAPER_80
from printing.preview import preview_png

RECEIPT = Document(
    "sale_receipt",
    "售票小票",
    (
        Text("北京人民艺术剧院", align=Align.CENTER, bold=True, wide=True, tall=True),
        Text("首都剧场 1号售票窗口", align=Align.CENTER),
        Separator("="),
        Text("《雷雨》 2025年3月8日 19:30", bold=True),
        Columns("5排10号 成人票", "￥380.00"),
        Columns("5排11号 学生票", "￥190.00"),
        Separator("-"),
        Columns("合计", "￥570.00", bold=True),
        Columns("实收", "￥600.00"),
        Columns("找零", "￥30.00"),
        Feed(1),
        QRCode("BO1:T2025030800123", size=5),
        Barcode("2025030800123"),
        Text("谢谢惠顾，欢迎再次光临！", align=Align.CENTER),
        Cut(),
        DrawerKick(2, 100),
    ),
)


def row(left: str, right: str, columns: int) -> str:
    """A label and an amount as they should stand on paper: the amount ending
    at the last column (Chinese characters two columns, ASCII one)."""
    used = sum(1 if ord(c) < 0x80 else 2 for c in left + right)
    return left + " " * (columns - used) + right


def test_a_receipt_reads_back_as_the_cashier_meant_it() -> None:
    job = decode(render_escpos(RECEIPT, PAPER_80), PAPER_80)
    assert job.lines == [
        "北京人民艺术剧院",
        "首都剧场 1号售票窗口",
        "=" * 48,
        "《雷雨》 2025年3月8日 19:30",
        row("5排10号 成人票", "￥380.00", 48),
        row("5排11号 学生票", "￥190.00", 48),
        "-" * 48,
        row("合计", "￥570.00", 48),
        row("实收", "￥600.00", 48),
        row("找零", "￥30.00", 48),
        "[QR] BO1:T2025030800123",
        "[BARCODE] 2025030800123",
        "谢谢惠顾，欢迎再次光临！",
        "[CUT partial]",
        "[DRAWER pin=2 pulse=100ms]",
    ]
    assert job.qr_codes == ["BO1:T2025030800123"]
    assert job.barcodes == ["2025030800123"]
    assert (job.cuts, job.drawer_kicks) == (1, [(2, 100)])
    assert job.unknown == [] and job.ignored == []
    assert job.text().splitlines() == job.lines


def test_the_same_receipt_on_58_mm_paper_wraps_to_32_columns() -> None:
    job = decode(render_escpos(RECEIPT, PAPER_58), PAPER_58)
    assert job.lines[2] == "=" * 32
    assert job.lines[4] == row("5排10号 成人票", "￥380.00", 32)


def test_chinese_text_sent_without_chinese_mode_prints_as_code_page_garbage() -> None:
    text = "售票处"
    without = b"\x1b@" + text.encode("gb18030") + b"\n"
    with_mode = b"\x1b@\x1c&" + text.encode("gb18030") + b"\n"
    garbled = decode(without).lines
    assert garbled != [text] and garbled == [text.encode("gb18030").decode("cp437")]
    assert decode(with_mode).lines == [text]
    # FS . leaves Chinese mode again.
    assert decode(with_mode + b"\x1c." + text.encode("gb18030") + b"\n").lines[1] != text


def test_a_line_longer_than_the_paper_continues_on_the_next_line() -> None:
    data = b"\x1b@" + b"x" * 50 + b"\n"
    assert decode(data, PAPER_80).lines == ["x" * 48, "xx"]
    assert decode(data, PAPER_58).lines == ["x" * 32, "x" * 18]
    # A Chinese character that no longer fits goes whole to the next line.
    chinese = b"\x1b@\x1c&" + b"x" * 47 + "票".encode("gb18030") + b"\n"
    assert decode(chinese, PAPER_80).lines == ["x" * 47, "票"]


def test_double_width_text_takes_twice_the_room() -> None:
    data = b"\x1b@\x1c&\x1d!\x10" + "一二三四五六七八九十".encode("gb18030") + b"\n"
    assert decode(data, PAPER_58).lines == ["一二三四五六七八", "九十"]


def test_printer_rules_for_line_starts_and_resets() -> None:
    # ESC a in the middle of a line is ignored; ESC @ throws away the unprinted line.
    data = b"\x1b@ab\x1ba\x01cd\n" + b"lost" + b"\x1b@kept\r\n"
    job = decode(data)
    assert job.lines == ["abcd", "kept"]
    assert job.ignored == [b"\x1ba\x01"]


def test_status_requests_and_unknown_commands_are_listed_not_printed() -> None:
    data = b"\x1b@\x10\x04\x01\x10\x04\x04" + b"\x1b\x7e" + b"ok\n" + b"\x1d(Z\x02\x00ab"
    job = decode(data)
    assert job.status_requests == [1, 4]
    assert job.unknown == [b"\x1b\x7e", b"\x1d(Z\x02\x00ab"]
    assert job.lines == ["ok"]


def test_both_barcode_forms_images_and_realtime_drawer_pulses() -> None:
    raster = b"\x1dv0\x00\x02\x00\x03\x00" + b"\xff\x00" * 3  # 16x3, left half black
    data = (
        b"\x1b@"
        + b"\x1dk\x04CODE39\x00"  # function A: NUL-terminated
        + b"\x1dkI\x07{B12345"  # function B: counted
        + raster
        + b"\x10\x14\x01\x01\x03"  # DLE DC4: pin 5, 300 ms
    )
    job = decode(data)
    assert job.barcodes == ["CODE39", "12345"]
    assert job.lines == [
        "[BARCODE] CODE39",
        "[BARCODE] 12345",
        "[IMAGE 16x3]",
        "[DRAWER pin=5 pulse=300ms]",
    ]
    image = job.images[0]
    assert image.black(0, 0) and image.black(7, 2) and not image.black(8, 0)


@pytest.mark.parametrize("impl", ["bitImageRaster", "bitImageColumn", "graphics"])
def test_each_image_command_python_escpos_sends_reads_back_as_one_image(impl: str) -> None:
    picture = Image.new("RGB", (100, 60), "white")
    ImageDraw.Draw(picture).rectangle((10, 10, 89, 49), fill="black")
    printer = Dummy()
    printer.image(picture, impl=impl)
    job = decode(printer.output)
    assert len(job.images) == 1 and job.unknown == []
    image = job.images[0]
    assert image.width >= 100 and image.height >= 60  # padded to whole bytes or bands
    assert image.black(50, 30) and image.black(10, 10) and not image.black(5, 5)
    assert not image.black(95, 30) and not image.black(50, 55)


def test_a_barcode_wider_than_the_paper_is_not_printed() -> None:
    data = b"\x1b@\x1dw\x06\x1dkI\x20{B" + b"A" * 30
    job = decode(data, PAPER_58)
    assert job.barcodes == [] and job.lines == ["[BARCODE too wide] " + "A" * 30]


def test_a_qr_code_too_big_for_the_paper_is_left_out() -> None:
    store = b"1P0" + b"x" * 1000
    data = (
        b"\x1b@\x1d(k\x03\x001C\x10"  # 16-dot modules
        + b"\x1d(k"
        + len(store).to_bytes(2, "little")
        + store
        + b"\x1d(k\x03\x001Q0"
    )
    job = decode(data, PAPER_58)
    assert job.qr_codes == [] and job.lines == [] and job.ignored == [b"\x1d(k\x03\x001Q0"]


def _job_bytes() -> bytes:
    return render_escpos(RECEIPT, PAPER_58)


def test_a_job_cut_off_anywhere_still_reads_without_error() -> None:
    data = _job_bytes()
    for end in range(0, len(data), 3):
        decode(data[:end], PAPER_58)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_garbage_never_stops_the_reading(data: bytes) -> None:
    job = decode(data, PAPER_58)
    assert isinstance(job.lines, list)


def test_garbled_jobs_still_draw_a_picture() -> None:
    rng = random.Random(5)
    job = _job_bytes()
    prefixes = [b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x1d(k", b"\x1dv0", b"\x1dk", b"\x1b*"]
    for _ in range(40):
        noise = bytearray(job)
        for _ in range(30):
            at = rng.randrange(len(noise))
            noise[at : at + 1] = rng.choice(prefixes) + bytes(rng.randrange(256) for _ in range(3))
        png = render_paper_png(bytes(noise), PAPER_58)
        assert Image.open(io.BytesIO(png)).width == PAPER_58.dots


def _ink(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("L")


def test_the_paper_picture_is_as_wide_as_the_printer_prints() -> None:
    for paper in (PAPER_58, PAPER_80):
        picture = _ink(preview_png(RECEIPT, paper))
        assert picture.width == paper.dots
        assert picture.height > 600  # every line, the codes and the feed before the cut


def test_the_picture_draws_chinese_characters_not_boxes() -> None:
    def drawn(text: str) -> bytes:
        one = Document("t", "t", (Text(text),))
        return _ink(preview_png(one, PAPER_58)).crop((0, 0, 48, 60)).tobytes()

    shapes = {drawn(c) for c in "中国票院"}
    assert len(shapes) == 4  # four different glyphs, not four identical boxes


def test_the_picture_of_a_qr_code_is_that_qr_code() -> None:
    payload = "BO1:T2025030800123:5f3a9c"
    picture = _ink(preview_png(Document("t", "t", (QRCode(payload, size=4),)), PAPER_80))
    left, top, right, bottom = picture.point(lambda v: 255 - v).getbbox() or (0, 0, 0, 0)
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    assert (right - left, bottom - top) == (len(matrix) * 4, len(matrix) * 4)
    assert left == (PAPER_80.dots - len(matrix) * 4) // 2  # centred
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert (picture.getpixel((left + x * 4 + 2, top + y * 4 + 2)) == 0) == dark


@pytest.mark.parametrize("partial", [True, False])
def test_a_cut_is_drawn_as_a_dashed_line_across_the_paper(partial: bool) -> None:
    picture = _ink(preview_png(Document("t", "t", (Text("票"), Cut(partial))), PAPER_58))
    rows = [
        sum(1 for x in range(picture.width) if picture.getpixel((x, y)) == 0)
        for y in range(picture.height)
    ]
    dashed = [y for y, count in enumerate(rows) if picture.width // 3 < count < picture.width]
    assert dashed and dashed[0] > 24 + 6 * 30  # below the text and the feed past the cutter
