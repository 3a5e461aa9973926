"""Money is integer fen: what cashiers type, and what they read back."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from boxoffice.errors import ValidationError
from boxoffice.money import MAX_FEN, format_fen, parse_fen, percent_of


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("12.50", 1250),
        ("12.05", 1205),
        ("0.5", 50),
        (".5", 50),
        ("0", 0),
        ("1,234.50", 123450),
        ("1,234,567", 123456700),
        ("¥12", 1200),
        ("￥12", 1200),
        ("12元", 1200),
        ("12块", 1200),
        ("RMB 12", 1200),
        ("  12.5  ", 1250),
        ("１２", 1200),
        ("１２．５", 1250),
        ("１，２３４．５０元", 123450),
        ("+12", 1200),
        ("10000000", MAX_FEN),
    ],
)
def test_parse_fen_accepts_what_cashiers_type(typed: str, fen: int) -> None:
    assert parse_fen(typed) == fen


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "¥",
        "元",
        "abc",
        "12a",
        "1.234",
        "12.",
        "--1",
        "+-1",
        "1,23",
        "12,34.5",
        "1.2.3",
        "12 34.5.6",
        "12 34",
        "1 000",
    ],
)
def test_parse_fen_refuses_what_is_not_an_amount(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_fen(typed)
    assert refused.value.params == {"text": typed.strip()}


def test_parse_fen_refuses_negative_amounts_unless_allowed() -> None:
    with pytest.raises(ValidationError, match="negative"):
        parse_fen("-12.5")
    with pytest.raises(ValidationError, match="negative"):
        parse_fen("－１２")  # full-width minus
    assert parse_fen("-12.5", allow_negative=True) == -1250
    assert parse_fen("-¥1,234.50", allow_negative=True) == -123450


def test_parse_fen_refuses_amounts_above_the_limit() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_fen("10000000.01")
    assert refused.value.params == {"limit": "¥10,000,000.00"}
    with pytest.raises(ValidationError):
        parse_fen("-10000000.01", allow_negative=True)
    with pytest.raises(ValidationError):
        parse_fen("99999999999999999999")


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "¥0.00"),
        (5, "¥0.05"),
        (1250, "¥12.50"),
        (123450, "¥1,234.50"),
        (MAX_FEN, "¥10,000,000.00"),
        (-1250, "-¥12.50"),
        (-5, "-¥0.05"),
    ],
)
def test_format_fen(fen: int, text: str) -> None:
    assert format_fen(fen) == text


def test_format_fen_without_symbol() -> None:
    assert format_fen(123450, symbol=False) == "1,234.50"
    assert format_fen(-123450, symbol=False) == "-1,234.50"


@settings(deadline=None)  # no timing assertions: a busy CI machine is no failure
@given(st.integers(min_value=0, max_value=MAX_FEN))
@example(0)
@example(MAX_FEN)
@example(99)
def test_parse_reads_back_what_format_writes(fen: int) -> None:
    assert parse_fen(format_fen(fen)) == fen
    assert parse_fen(format_fen(fen, symbol=False)) == fen


@settings(deadline=None)
@given(st.integers(min_value=-MAX_FEN, max_value=MAX_FEN))
def test_negative_amounts_round_trip_when_allowed(fen: int) -> None:
    assert parse_fen(format_fen(fen), allow_negative=True) == fen


@pytest.mark.parametrize(
    ("amount", "percent", "fen"),
    [
        (10000, 80, 8000),
        (10000, 100, 10000),
        (10000, 0, 0),
        (5, 50, 3),  # 2.5 fen -> 3
        (3, 50, 2),  # 1.5 fen -> 2
        (1, 50, 1),  # 0.5 fen -> 1
        (4, 50, 2),
        (1, 49, 0),  # 0.49 fen -> 0
        (999, 33, 330),  # 329.67 -> 330
        (1001, 33, 330),  # 330.33 -> 330
        (68000, 80, 54400),
    ],
)
def test_percent_of_rounds_half_up(amount: int, percent: int, fen: int) -> None:
    assert percent_of(amount, percent) == fen


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=MAX_FEN), st.integers(min_value=0, max_value=100))
def test_percent_of_is_within_half_a_fen(amount: int, percent: int) -> None:
    exact_times_100 = amount * percent
    result = percent_of(amount, percent)
    # |result - exact| <= 0.5, and exactly 0.5 only rounds up.
    assert -50 < result * 100 - exact_times_100 <= 50
