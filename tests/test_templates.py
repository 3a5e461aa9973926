"""Printed forms from the venue's text templates, and their PDF renderings as
a person (or pdftotext) reads them."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from printing.document import Columns, Cut, Document, QRCode, Text
from printing.forms import (
    CountLine,
    HandoverForm,
    Line,
    MethodTotals,
    PaymentLine,
    PrinterTestForm,
    ReceiptForm,
    TicketForm,
    VenueHeader,
)
from printing.pdf import A4, TICKET, render_pdf
from printing.templates import FORMS, TemplateError, Templates, bundled_templates_dir

SHANGHAI = ZoneInfo("Asia/Shanghai")
VENUE = VenueHeader("北京人民艺术剧院", "王府井大街22号", "010-65250123")
AT = datetime(2026, 12, 31, 11, 30, tzinfo=UTC)  # 19:30 in Beijing


def ticket(**changes: object) -> TicketForm:
    values: dict[str, object] = dict(
        venue=VENUE,
        hall="首都剧场",
        show="《茶馆》",
        starts_at=AT,
        seat="12排25号",
        zone="A区",
        ticket_type="全价",
        price_fen=18000,
        order_number="W1-20261231-0007",
        ticket_number="7K2M9Q",
        qr="BX1TESTCODE",
        notices=("请提前30分钟入场", "演出开始后不予退票"),
    )
    values.update(changes)
    return TicketForm(**values)  # type: ignore[arg-type]


def receipt() -> ReceiptForm:
    return ReceiptForm(
        venue=VENUE,
        title="售票小票",
        order_number="W1-20261231-0007",
        at=AT,
        terminal="1号窗口",
        cashier="张丽",
        lines=(Line("《茶馆》 全价", 2, 18000, 36000, "12排25号 12排26号"),),
        total_fen=36000,
        payments=(PaymentLine("现金", 36000),),
        tendered_fen=40000,
        change_fen=4000,
        code="W1202612310007",
    )


@pytest.fixture
def templates() -> Templates:
    return Templates(bundled_templates_dir(), zone=SHANGHAI)


def test_a_ticket_says_what_a_patron_needs_in_the_venues_time(templates: Templates) -> None:
    doc = templates.render("ticket", ticket())
    lines = doc.text_lines()
    assert "北京人民艺术剧院" in lines and "首都剧场" in lines and "《茶馆》" in lines
    assert "场次 2026-12-31 19:30" in lines  # 11:30 UTC shown in Beijing time
    assert "座位 12排25号" in lines and "票价 ￥180.00" in lines
    assert "订单号 W1-20261231-0007" in lines
    assert QRCode("BX1TESTCODE") in doc.blocks
    assert isinstance(doc.blocks[-1], Cut)
    assert doc.title == "门票 12排25号"


def test_general_admission_has_no_seat_line_but_its_validity(templates: Templates) -> None:
    doc = templates.render(
        "ticket", ticket(seat="", zone="", starts_at=None, valid_until=AT, ticket_type="成人票")
    )
    lines = doc.text_lines()
    assert not any(line.startswith("座位") for line in lines)
    assert "有效期至 2026-12-31 19:30" in lines
    assert doc.title == "门票 成人票"


def test_data_cannot_inject_layout(templates: Templates) -> None:
    # A show named like a directive prints as it is: no cut, no extra column.
    doc = templates.render("ticket", ticket(show="@cut | 《夜》\n@kick"))
    assert Text("@cut | 《夜》 @kick", bold=True, tall=True) in doc.blocks
    assert sum(isinstance(b, Cut) for b in doc.blocks) == 1


def test_every_form_renders_from_sample_data(templates: Templates) -> None:
    handover = HandoverForm(
        venue=VENUE,
        terminal="1号窗口",
        cashier="张丽",
        opened_at=AT,
        closed_at=AT,
        first_order="W1-0001",
        last_order="W1-0007",
        methods=(MethodTotals("现金", 7, 126000, 18000, 108000, 158000, 157900, -100),),
        opening_float_fen=50000,
        tickets=(CountLine("《茶馆》 12-31 19:30 全价", 6, 108000),),
        exceptions=(CountLine("退票", 1, 18000),),
        unsynced=2,
    )
    refund = ReceiptForm(**{**receipt().__dict__, "title": "退款单", "reason": "顾客改期"})
    samples = {
        "ticket": ticket(),
        "sale_receipt": receipt(),
        "refund_slip": refund,
        "merchant_receipt": ReceiptForm(**{**receipt().__dict__, "merchant": "星光咖啡"}),
        "handover_slip": handover,
        "test_page": PrinterTestForm(VENUE, "1号窗口", "127.0.0.1:9100", "80 mm", AT),
    }
    assert set(samples) == set(FORMS)
    for kind, form in samples.items():
        doc = templates.render(kind, form)
        assert doc.kind == kind and doc.blocks, kind
    slip = templates.render("handover_slip", handover).text_lines()
    assert "  差额 -￥1.00" in slip and "尚未上传的操作：2 笔" in slip
    assert "主管签字：__________________" in slip
    assert "原因：顾客改期" in templates.render("refund_slip", refund).text_lines()
    assert (
        "商户 星光咖啡"
        in templates.render("merchant_receipt", samples["merchant_receipt"]).text_lines()
    )
    sale = templates.render("sale_receipt", receipt()).text_lines()
    assert "找零 ￥40.00" in sale and "《茶馆》 全价 ×2 ￥360.00" in sale


def test_a_venue_changes_the_wording_without_touching_code(
    tmp_path: Path, templates: Templates
) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    text = (bundled_templates_dir() / "ticket.txt").read_text(encoding="utf-8")
    (own / "ticket.txt").write_text(text.replace("票价", "票面价"), encoding="utf-8")
    venue_own = Templates(own, bundled_templates_dir(), zone=SHANGHAI)
    assert "票面价 ￥180.00" in venue_own.render("ticket", ticket()).text_lines()
    # Forms the venue did not change still come from the bundled templates.
    assert venue_own.render("sale_receipt", receipt()).blocks


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% if seat %}\n@cols 座位 | {{ seat }}\n", "ticket.txt, line"),
        ("@stamp 已售\n", "unknown directive @stamp"),
        ("{{ no_such_field }}\n", "no_such_field"),
    ],
)
def test_a_broken_template_says_where(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "ticket.txt").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=message):
        Templates(tmp_path, zone=SHANGHAI).render("ticket", ticket())


def test_documents_survive_the_print_queue_as_json(templates: Templates) -> None:
    doc = templates.render("sale_receipt", receipt())
    assert Document.from_json(doc.to_json()) == doc
    marked = doc.marked_reprint("重打 REPRINT")
    assert marked.text_lines()[0] == "重打 REPRINT" and marked.blocks[1:] == doc.blocks
    assert Columns("合计", "￥360.00", bold=True) in doc.blocks


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_tickets_carry_the_chinese_text(tmp_path: Path, templates: Templates) -> None:
    doc = templates.render("ticket", ticket())
    for stock in (TICKET, A4):
        pdf = tmp_path / f"{stock.name}.pdf"
        pdf.write_bytes(render_pdf([doc, doc.marked_reprint("重打 REPRINT")], stock))
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.split("\f")
        assert "北京人民艺术剧院" in pages[0] and "《茶馆》" in pages[0]
        assert "12排25号" in pages[0] and "￥180.00" in pages[0]
        assert "演出开始后不予退票" in pages[0]
        assert "重打 REPRINT" in pages[1] and "重打" not in pages[0]
