"""The merchants' reports and settlements as Excel workbooks (统计报表导出).

One writer, :func:`write_report`, driven by column specs: a title row (the
report, the merchant, the days), Chinese column headers, the rows (money as
yuan numbers shown ``0.00``, dates as dates), a totals row (合计) for the
columns that add up, sensible widths and the header frozen. :data:`REPORTS`
holds the specs of the five reports of the merchant reports page; the file is
written on the computer that asked for it, whichever store the rows came from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .services.merchant_reports import DailyRow, OperatorRow, OrderSummaryRow, ProductSalesRow
from .services.settlement import SettlementRow

Kind = Literal["text", "int", "money", "rate", "date", "datetime"]

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_HEADER_FILL = PatternFill("solid", fgColor="EEF0F3")
_TOTAL_FILL = PatternFill("solid", fgColor="F7F7F9")
_RULE = Border(bottom=Side(style="thin", color="9CA3AF"))


@dataclass(frozen=True)
class Col:
    """A column: its header, the value of a row, how it is shown, its width in
    characters, and whether the totals row adds it up."""

    header: str
    value: Callable[[Any], Any]
    kind: Kind = "text"
    width: int = 12
    total: bool = False


def _cell(value: Any, kind: Kind, zone: ZoneInfo | None) -> Any:
    if value is None:
        return None
    if kind == "money":
        return Decimal(int(value)) / 100  # exact: yuan with two decimals, never a float
    if kind == "rate":
        return Decimal(int(value)) / 10000  # basis points as a fraction, shown 8.00%
    if kind == "datetime" and isinstance(value, datetime):
        local = value.astimezone(zone) if zone is not None else value
        return local.replace(tzinfo=None)  # Excel has no timezones: the venue's wall clock
    return value


_FORMATS: dict[Kind, str | None] = {
    "text": None,
    "int": "0",
    "money": MONEY_FORMAT,
    "rate": RATE_FORMAT,
    "date": DATE_FORMAT,
    "datetime": DATETIME_FORMAT,
}


def write_report(
    path: Path,
    *,
    title: str,
    merchant: str,
    start_day: date,
    end_day: date,
    columns: Sequence[Col],
    rows: Sequence[Any],
    zone: ZoneInfo | None = None,
    sheet: str = "报表",
) -> int:
    """Write ``rows`` to the workbook ``path`` (whole or not at all); the number
    of rows written. ``zone``: where times are shown (the venue's)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append([f"{title}  {merchant}  {start_day.isoformat()} 至 {end_day.isoformat()}"])
    ws.cell(1, 1).font = Font(bold=True, size=13)
    ws.append([c.header for c in columns])
    for n, _col in enumerate(columns, start=1):
        header = ws.cell(2, n)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        header.border = _RULE
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append([_cell(c.value(row), c.kind, zone) for c in columns])
    first_data = 3
    if any(c.total for c in columns):
        ws.append(
            [
                _cell(sum(int(col.value(r) or 0) for r in rows), col.kind, zone)
                if col.total
                else ("合计" if n == 1 else None)
                for n, col in enumerate(columns, start=1)
            ]
        )
        for n, _col in enumerate(columns, start=1):
            cell = ws.cell(ws.max_row, n)
            cell.font = Font(bold=True)
            cell.fill = _TOTAL_FILL
    for n, col in enumerate(columns, start=1):
        letter = get_column_letter(n)
        ws.column_dimensions[letter].width = col.width
        number_format = _FORMATS[col.kind]
        if number_format is not None:
            for r in range(first_data, ws.max_row + 1):
                ws.cell(r, n).number_format = number_format
    ws.freeze_panes = "A3"
    tmp = path.with_name(path.name + ".part")
    book.save(tmp)
    tmp.replace(path)
    return len(rows)


# --- The reports of the merchant reports page ---------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    title: str  # the workbook's title and sheet (Chinese, as the venue's staff call it)
    columns: tuple[Col, ...]


ORDER_SUMMARY = ReportSpec(
    "订单汇总",
    (
        Col("商户", lambda r: r.merchant_name, width=16),
        Col("订单数", lambda r: r.orders, "int", 8, True),
        Col("商品销售单数", lambda r: r.goods_orders, "int", 10, True),
        Col("商家收款单数", lambda r: r.collection_orders, "int", 10, True),
        Col("商品销售额", lambda r: r.goods_fen, "money", 13, True),
        Col("商家收款额", lambda r: r.collections_fen, "money", 13, True),
        Col("销售合计", lambda r: r.sales_fen, "money", 13, True),
        Col("优惠金额", lambda r: r.discount_fen, "money", 12, True),
        Col("退款笔数", lambda r: r.refunds, "int", 8, True),
        Col("退款金额", lambda r: r.refunds_fen, "money", 12, True),
        Col("净收入", lambda r: r.net_fen, "money", 13, True),
        Col("现金", lambda r: r.cash_fen, "money", 12, True),
        Col("银行卡", lambda r: r.card_fen, "money", 12, True),
        Col("移动支付", lambda r: r.mobile_fen, "money", 12, True),
        Col("会员卡", lambda r: r.member_fen, "money", 12, True),
    ),
)

DAILY = ReportSpec(
    "按日统计",
    (
        Col("日期", lambda r: r.day, "date", 12),
        Col("商户", lambda r: r.merchant_name, width=16),
        Col("订单数", lambda r: r.orders, "int", 8, True),
        Col("销售额", lambda r: r.sales_fen, "money", 13, True),
        Col("退款金额", lambda r: r.refunds_fen, "money", 12, True),
        Col("净收入", lambda r: r.net_fen, "money", 13, True),
    ),
)

BY_OPERATOR = ReportSpec(
    "操作员统计",
    (
        Col("商户", lambda r: r.merchant_name, width=16),
        Col("操作员", lambda r: r.name, width=12),
        Col("登录名", lambda r: r.login, width=12),
        Col("订单数", lambda r: r.orders, "int", 8, True),
        Col("销售额", lambda r: r.sales_fen, "money", 13, True),
        Col("退款笔数", lambda r: r.refunds, "int", 8, True),
        Col("退款金额", lambda r: r.refunds_fen, "money", 12, True),
        Col("净收入", lambda r: r.net_fen, "money", 13, True),
    ),
)

BY_PRODUCT = ReportSpec(
    "销售统计",
    (
        Col("商户", lambda r: r.merchant_name, width=16),
        Col("货号", lambda r: r.code, width=10),
        Col("商品", lambda r: r.product_name, width=18),
        Col("规格", lambda r: r.sku_name, width=14),
        Col("销售数量", lambda r: r.qty_sold, "int", 9, True),
        Col("退货数量", lambda r: r.qty_refunded, "int", 9, True),
        Col("销售金额", lambda r: r.sales_fen, "money", 13, True),
        Col("退款金额", lambda r: r.refunds_fen, "money", 12, True),
        Col("净数量", lambda r: r.net_qty, "int", 9, True),
        Col("净金额", lambda r: r.net_fen, "money", 13, True),
    ),
)

SETTLEMENTS = ReportSpec(
    "结算记录",
    (
        Col("日期", lambda r: r.day, "date", 12),
        Col("商户", lambda r: r.merchant_name, width=16),
        Col("订单数", lambda r: r.orders, "int", 8, True),
        Col("销售额", lambda r: r.sales_fen, "money", 13, True),
        Col("退款金额", lambda r: r.refunds_fen, "money", 12, True),
        Col("净收入", lambda r: r.net_fen, "money", 13, True),
        Col("费率", lambda r: r.fee_rate_bp, "rate", 8),
        Col("平台服务费", lambda r: r.fee_fen, "money", 12, True),
        Col("应付商户", lambda r: r.payable_fen, "money", 13, True),
        Col("状态", lambda r: "已打款" if r.status == "paid" else "待打款", width=8),
        Col("打款时间", lambda r: r.paid_at, "datetime", 17),
        Col("确认人", lambda r: r.paid_by, width=10),
        Col("转账流水号", lambda r: r.paid_reference, width=20),
        Col("迟到金额", lambda r: r.late_fen, "money", 12, True),
    ),
)

REPORTS: dict[str, ReportSpec] = {
    "order_summary": ORDER_SUMMARY,
    "daily": DAILY,
    "by_operator": BY_OPERATOR,
    "by_product": BY_PRODUCT,
    "settlements": SETTLEMENTS,
}
"""The reports by key, as the merchant reports page names its tabs."""

ReportRow = OrderSummaryRow | DailyRow | OperatorRow | ProductSalesRow | SettlementRow


def write_named_report(
    key: str,
    path: Path,
    rows: Sequence[ReportRow],
    *,
    merchant: str,
    start_day: date,
    end_day: date,
    zone: ZoneInfo | None = None,
) -> int:
    """Write report ``key`` (of :data:`REPORTS`) to ``path``; the rows written."""
    spec = REPORTS[key]
    return write_report(
        path,
        title=spec.title,
        merchant=merchant,
        start_day=start_day,
        end_day=end_day,
        columns=spec.columns,
        rows=rows,
        zone=zone,
        sheet=spec.title,
    )
