"""The ESC/POS bytes of documents, checked byte by byte and as a printer reads
them back (printing.escpos_decode): Chinese text in GB18030 after the command
that switches the printer to Chinese, lines that fill 32 or 48 columns exactly,
cuts, drawer pulses, QR codes drawn by the printer or sent as an image."""

from __future__ import annotations

from pathlib import Path

import pytest
import qrcode
from escpos.constants import CD_KICK_2, PAPER_PART_CUT
from PIL import Image

from printing.document import (
    Align,
    Barcode,
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
from printing.escpos import CHINESE_MODE, INIT, drawer_kick_bytes, printed_width, render_escpos
from printing.escpos_decode import decode
from printing.paper import PAPER_58, PAPER_80, Paper, paper_for

PAPERS = [PAPER_58, PAPER_80]


def doc(*blocks: object) -> Document:
    return Document("test", "test", tuple(blocks))  # type: ignore[arg-type]


def cells(line: str) -> int:
    """Columns a printed line takes: the printer draws ASCII 12 dots wide and
    everything else from its 24-dot Chinese font."""
    return sum(printed_width(c) for c in line)


def test_a_job_resets_the_printer_and_selects_chinese_mode_before_any_text() -> None:
    data = render_escpos(doc(Text("雷雨")), PAPER_80)
    assert data.startswith(INIT)
    assert data.index(CHINESE_MODE) < data.index("雷雨".encode("gb18030"))


@pytest.mark.parametrize(
    "text",
    [
        "《雷雨》第三幕",
        "——————",  # only full-width punctuation
        "《》，。：；！？",
        "Row 3排 Seat 5号 VIP",  # Latin and Chinese mixed
    ],
)
def test_chinese_text_goes_out_as_gb18030_and_reads_back_the_same(text: str) -> None:
    data = render_escpos(doc(Text(text)), PAPER_80)
    assert text.encode("gb18030") + b"\n" in data
    assert decode(data, PAPER_80).lines == [text]


def test_a_character_outside_gbk_goes_out_as_four_gb18030_bytes() -> None:
    data = render_escpos(doc(Text("𠮷野家")), PAPER_80)
    assert b"\x95\x34\xb2\x35" in data  # U+20BB7 in GB18030's four-byte plane
    assert decode(data, PAPER_80).lines == ["𠮷野家"]


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: f"{p.width_mm}mm")
def test_columns_end_exactly_at_the_last_column(paper: Paper) -> None:
    rows = [("3排5号 VIP", "￥380.00"), ("学生票", "190.00"), ("可乐 ×2", "12.00"), ("合计", "582")]
    data = render_escpos(doc(*(Columns(left, right) for left, right in rows)), paper)
    lines = decode(data, paper).lines
    assert len(lines) == len(rows)
    for line, (left, right) in zip(lines, rows, strict=True):
        assert cells(line) == paper.columns, line
        assert line.startswith(left) and line.endswith(right)


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: f"{p.width_mm}mm")
def test_a_long_left_column_wraps_under_itself_and_keeps_the_amount_on_its_first_line(
    paper: Paper,
) -> None:
    left = "3排6号 学生票（五折优惠，需出示有效学生证原件）"
    lines = decode(render_escpos(doc(Columns(left, "￥190.00")), paper), paper).lines
    assert len(lines) >= 2
    assert lines[0].endswith("￥190.00") and cells(lines[0]) == paper.columns
    assert all(cells(line) <= paper.columns for line in lines)
    assert "".join(lines).replace(" ", "").replace("￥190.00", "") == left.replace(" ", "")


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: f"{p.width_mm}mm")
def test_long_text_wraps_to_the_paper_without_splitting_a_character(paper: Paper) -> None:
    text = "本票一经售出概不退换，如遇演出取消请凭票在三十日内到售票处办理退票手续。Thank you!"
    lines = decode(render_escpos(doc(Text(text)), paper), paper).lines
    assert len(lines) > 1
    assert all(cells(line) <= paper.columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_double_width_text_wraps_at_half_the_columns() -> None:
    text = "北京人民艺术剧院首都剧场"  # 12 characters, 24 columns
    lines = decode(render_escpos(doc(Text(text, wide=True)), PAPER_58), PAPER_58).lines
    assert lines == ["北京人民艺术剧院", "首都剧场"]  # 16 columns at double width


@pytest.mark.parametrize(
    ("char", "count_58", "count_80"), [("-", 32, 48), ("=", 32, 48), ("—", 16, 24), ("═", 16, 24)]
)
def test_a_separator_is_one_full_line_of_its_character(
    char: str, count_58: int, count_80: int
) -> None:
    for paper, count in ((PAPER_58, count_58), (PAPER_80, count_80)):
        lines = decode(render_escpos(doc(Separator(char)), paper), paper).lines
        assert lines == [char * count]


def test_centred_and_right_text_is_aligned_by_the_printer_not_by_spaces() -> None:
    data = render_escpos(
        doc(Text("谢谢惠顾", align=Align.CENTER), Text("第1页", align=Align.RIGHT)), PAPER_80
    )
    assert b"\x1ba\x01" + "谢谢惠顾".encode("gb18030") in data
    assert b"\x1ba\x02" in data and b" " + "谢谢惠顾".encode("gb18030") not in data
    assert decode(data, PAPER_80).lines == ["谢谢惠顾", "第1页"]


SNEAKY = "张三\x1bp\x00\x32\x32\x1dV\x00"  # a drawer pulse and a cut in a name


@pytest.mark.parametrize(
    "block", [Text(SNEAKY), Columns(SNEAKY, "1.00"), Columns("姓名", SNEAKY), Separator("\x1b")]
)
def test_control_characters_in_data_cannot_become_printer_commands(block: object) -> None:
    job = decode(render_escpos(doc(block), PAPER_80), PAPER_80)
    assert job.drawer_kicks == [] and job.cuts == 0 and job.unknown == []


@pytest.mark.parametrize(("partial", "cut"), [(True, b"\x1dV\x01"), (False, b"\x1dV\x00")])
def test_a_cut_feeds_the_paper_past_the_cutter_then_cuts(partial: bool, cut: bytes) -> None:
    data = render_escpos(doc(Text("票"), Cut(partial=partial)), PAPER_80)
    assert data.endswith(b"\x1bd\x06" + cut)
    assert PAPER_PART_CUT == b"\x1dV\x01"
    job = decode(data, PAPER_80)
    assert job.cuts == 1 and job.lines[-1] == ("[CUT partial]" if partial else "[CUT]")


@pytest.mark.parametrize(
    ("pin", "pulse_ms", "expected"),
    [
        (2, 100, b"\x1bp\x00\x32\x32"),
        (5, 100, b"\x1bp\x01\x32\x32"),
        (2, 200, b"\x1bp\x00\x64\x64"),
        (5, 60, b"\x1bp\x01\x1e\x1e"),
        (2, 1000, b"\x1bp\x00\xff\xff"),  # longest pulse the command carries: 510 ms
        (5, 0, b"\x1bp\x01\x01\x01"),
    ],
)
def test_the_drawer_pulse_carries_the_pin_and_length_configured(
    pin: int, pulse_ms: int, expected: bytes
) -> None:
    data = render_escpos(doc(DrawerKick(pin, pulse_ms)), PAPER_58)
    assert expected in data
    assert decode(data, PAPER_58).drawer_kicks == [(pin, expected[3] * 2)]


def test_the_default_drawer_pulse_is_python_escpos_own() -> None:
    assert drawer_kick_bytes(2, 100) == CD_KICK_2


def test_a_drawer_on_another_pin_is_refused() -> None:
    with pytest.raises(ValueError):
        render_escpos(doc(DrawerKick(3, 100)), PAPER_80)


def test_a_native_qr_code_carries_its_data_and_module_size() -> None:
    payload = "BO1:T2025030800123:5f3a9c"
    data = render_escpos(doc(QRCode(payload, size=5)), PAPER_80)
    stored = b"\x1d(k" + (len(payload) + 3).to_bytes(2, "little") + b"1P0" + payload.encode()
    assert stored in data
    assert b"\x1d(k\x03\x001C\x05" in data  # module size 5
    assert data.index(stored) < data.index(b"\x1d(k\x03\x001Q0")  # then printed
    job = decode(data, PAPER_80)
    assert job.qr_codes == [payload] and job.images == []


def test_an_image_mode_printer_gets_the_qr_code_as_a_picture_of_the_same_code() -> None:
    payload = "BO1:T2025030800123:5f3a9c"
    paper = paper_for(58, qr_native=False)
    data = render_escpos(doc(QRCode(payload, size=4)), paper)
    assert b"\x1d(k" not in data and b"\x1dv0" in data
    job = decode(data, paper)
    assert job.qr_codes == [] and len(job.images) == 1
    image = job.images[0]
    code = qrcode.QRCode(border=1, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    side = len(matrix) * 4
    left = (image.width - side) // 2  # centred on the paper
    assert image.width == paper.dots
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert image.black(left + x * 4 + 1, y * 4 + 1) == dark


def test_a_qr_code_too_big_for_the_paper_gets_smaller_modules() -> None:
    payload = "X" * 300
    job = decode(render_escpos(doc(QRCode(payload, size=16)), PAPER_58), PAPER_58)
    assert job.qr_codes == [payload]


def test_a_digit_barcode_is_packed_in_code_set_c_and_reads_back() -> None:
    data = render_escpos(doc(Barcode("20250308001234")), PAPER_58)
    assert b"\x1dkI\x09{C" + bytes((20, 25, 3, 8, 0, 12, 34)) in data
    assert decode(data, PAPER_58).barcodes == ["20250308001234"]


def test_a_text_barcode_uses_code_set_b() -> None:
    data = render_escpos(doc(Barcode("T2025-0308")), PAPER_80)
    assert b"\x1dkI\x0c{BT2025-0308" in data
    assert decode(data, PAPER_80).barcodes == ["T2025-0308"]


def test_a_logo_is_scaled_to_the_paper_and_centred(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    Image.new("RGB", (1200, 300), "black").save(path)
    job = decode(render_escpos(doc(Logo(str(path)), Feed(2)), PAPER_58), PAPER_58)
    assert job.lines == ["[IMAGE 384x96]"]


def test_a_missing_logo_leaves_the_rest_of_the_ticket() -> None:
    job = decode(render_escpos(doc(Logo("/nonexistent/logo.png"), Text("票")), PAPER_80))
    assert job.lines == ["票"]
