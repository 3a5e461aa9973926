"""Payment methods, what cashiers type or scan, and the simulated provider's promises."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice import payments
from boxoffice.errors import BoxOfficeError, Conflict, ValidationError
from boxoffice.money import MAX_FEN
from boxoffice.payments import (
    Charge,
    PaymentDeclined,
    PaymentProvider,
    ProviderUnavailable,
    SimulatedProvider,
    check_card_reference,
    check_pay_code,
    refund_charges,
)

WECHAT = "134567890123456789"  # 18 digits, 13…
ALIPAY = "281234567890123456"  # 18 digits, 28…


@pytest.fixture
def sim() -> SimulatedProvider:
    return SimulatedProvider()


# --- Methods -------------------------------------------------------------------------


def test_the_window_takes_cash_card_and_mobile() -> None:
    assert payments.METHODS == ("cash", "card", "mobile")
    assert [payments.method(k).name for k in payments.METHODS] == [
        "Cash",
        "Bank card",
        "Mobile pay",
    ]
    assert payments.method("cash").opens_drawer
    assert not payments.method("cash").needs_reference
    assert payments.method("card").needs_reference and payments.method("mobile").needs_reference


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValidationError, match="Unknown payment method “gold”"):
        payments.method("gold")


def test_a_method_can_be_added(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(payments, "PAYMENT_METHODS", dict(payments.PAYMENT_METHODS))
    member = payments.register_method(
        payments.PaymentMethod("member", "Member balance", needs_reference=True, opens_drawer=False)
    )
    assert payments.method("member") is member
    assert list(payments.PAYMENT_METHODS) == ["cash", "card", "mobile", "member"]


# --- Pay codes and card references ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (WECHAT, WECHAT),
        ("104567890123456789", "104567890123456789"),
        ("154567890123456789", "154567890123456789"),
        (ALIPAY, ALIPAY),
        ("2512345678901234", "2512345678901234"),  # 16 digits, the shortest Alipay code
        ("301234567890123456789012", "301234567890123456789012"),  # 24, the longest
        ("  1345 6789 0123 4567 89\n", WECHAT),  # typed in groups, scanner's newline
        ("１３４５６７８９０１２３４５６７８９", WECHAT),  # full-width input method
    ],
)
def test_pay_codes_accepted(text: str, code: str) -> None:
    assert check_pay_code(text) == code
    assert payments.wallet_of(code) in ("wechat", "alipay")


@pytest.mark.parametrize(
    "text",
    [
        "094567890123456789",  # WeChat length, but 09
        "164567890123456789",  # 16 is neither
        "13456789012345678",  # WeChat start, 17 digits
        "1345678901234567890",  # 19 digits
        "241234567890123456",  # 24 is not Alipay
        "311234567890123456",  # 31 is not Alipay
        "251234567890123",  # 15 digits
        "3012345678901234567890123",  # 25 digits
        "13456789012345678X",
        "hello",
        "http://example.com/ticket/42",
        "١٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩",  # Arabic-Indic digits are digits, not ASCII ones
    ],
)
def test_other_codes_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_pay_code(text)
    assert caught.value.message == "“{code}” is not a mobile pay code."
    shown = text if len(text) <= 24 else text[:24] + "…"
    assert caught.value.english() == f"“{shown}” is not a mobile pay code."


def test_empty_pay_code_asks_for_a_scan() -> None:
    with pytest.raises(ValidationError, match="Scan the pay code"):
        check_pay_code("   ")


def test_a_long_paste_is_not_echoed_in_full() -> None:
    with pytest.raises(ValidationError) as caught:
        check_pay_code("x" * 500)
    assert caught.value.params["code"] == "x" * 24 + "…"


@given(st.from_regex(r"1[0-5][0-9]{16}", fullmatch=True))
def test_any_wechat_shaped_code_is_accepted(code: str) -> None:
    assert check_pay_code(code) == code
    assert payments.wallet_of(code) == "wechat"


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.characters(categories=["L"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
)
def test_anything_with_a_letter_is_refused(before: str, letter: str, after: str) -> None:
    with pytest.raises(ValidationError):
        check_pay_code(before + letter + after)


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("123456", "123456"),
        (" 0012 3456 7890 ", "001234567890"),
        ("ab12", "AB12"),
        ("１２３４５６", "123456"),
        ("A" * 32, "A" * 32),
    ],
)
def test_card_references_accepted(text: str, reference: str) -> None:
    assert check_card_reference(text) == reference


@pytest.mark.parametrize("text", ["123", "A" * 33, "12-34-56", "12345/6", "参考号123456"])
def test_card_references_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a card reference"):
        check_card_reference(text)


def test_empty_card_reference_asks_for_the_slip() -> None:
    with pytest.raises(ValidationError, match="reference number from the card terminal"):
        check_card_reference(" ")


# --- Charging --------------------------------------------------------------------------


def test_the_simulated_provider_is_a_provider(sim: SimulatedProvider) -> None:
    assert isinstance(sim, PaymentProvider)
    assert isinstance(payments.provider(), SimulatedProvider)


def test_charge_gives_a_reference_per_wallet(sim: SimulatedProvider) -> None:
    wechat = sim.charge(WECHAT, 7600, "order-1")
    alipay = sim.charge(ALIPAY, 500, "order-2")
    assert wechat.wallet == "wechat" and wechat.reference.startswith("SIMW")
    assert alipay.wallet == "alipay" and alipay.reference.startswith("SIMA")
    for charge in (wechat, alipay):
        assert len(charge.reference) == 20 and charge.reference[4:].isdigit()
        assert charge.provider == "simulated"
    assert (wechat.amount_fen, wechat.order_id) == (7600, "order-1")


def test_references_follow_from_the_order_id() -> None:
    assert SimulatedProvider().charge(WECHAT, 100, "o").reference == (
        SimulatedProvider().charge("114567890123456789", 900, "o").reference
    )
    assert SimulatedProvider().charge(WECHAT, 100, "o").reference != (
        SimulatedProvider().charge(WECHAT, 100, "p").reference
    )


def test_a_repeated_charge_returns_the_first_and_charges_once(sim: SimulatedProvider) -> None:
    first = sim.charge(WECHAT, 7600, "order-1")
    assert sim.charge(" " + WECHAT, 7600, "order-1") == first
    # Only one charge exists: the whole amount can be refunded once, no more.
    sim.refund(first.reference, 7600, "r1")
    with pytest.raises(ValidationError, match=r"Only ¥0.00 of the mobile payment"):
        sim.refund(first.reference, 1, "r2")


def test_the_same_order_id_with_another_amount_is_a_conflict(sim: SimulatedProvider) -> None:
    sim.charge(WECHAT, 7600, "order-1")
    with pytest.raises(Conflict):
        sim.charge(WECHAT, 7700, "order-1")
    with pytest.raises(Conflict):
        sim.charge(ALIPAY, 7600, "order-1")


def test_declined_code(sim: SimulatedProvider) -> None:
    with pytest.raises(PaymentDeclined) as caught:
        sim.charge("134567890123450000", 7600, "order-1")
    assert isinstance(caught.value, ValidationError)
    assert caught.value.english() == "The customer's balance is not enough."
    # Nothing was kept: the same order can be paid with another code.
    assert sim.charge(WECHAT, 7600, "order-1").wallet == "wechat"


def test_unavailable_code(sim: SimulatedProvider) -> None:
    with pytest.raises(ProviderUnavailable) as caught:
        sim.charge("281234567890129999", 7600, "order-1")
    assert isinstance(caught.value, BoxOfficeError)
    assert not isinstance(caught.value, ValidationError)
    assert "did not answer; ask the customer to pay another way" in caught.value.english()


@pytest.mark.parametrize("amount", [0, -1, MAX_FEN + 1])
def test_charge_amount_must_be_positive_and_bounded(sim: SimulatedProvider, amount: int) -> None:
    with pytest.raises(ValidationError, match="A payment must be more than"):
        sim.charge(WECHAT, amount, "order-1")


def test_charge_checks_the_code(sim: SimulatedProvider) -> None:
    with pytest.raises(ValidationError, match="is not a mobile pay code"):
        sim.charge("12345", 100, "order-1")


def test_charge_needs_an_order_id(sim: SimulatedProvider) -> None:
    with pytest.raises(ValueError, match="idempotency id"):
        sim.charge(WECHAT, 100, " ")


def test_concurrent_charges_with_one_order_id_charge_once(sim: SimulatedProvider) -> None:
    start = threading.Barrier(16)

    def pay(_: int) -> Charge:
        start.wait()
        return sim.charge(WECHAT, 7600, "order-1")

    with ThreadPoolExecutor(16) as pool:
        charges = list(pool.map(pay, range(16)))
    assert len(set(charges)) == 1
    sim.refund(charges[0].reference, 7600, "r1")
    with pytest.raises(ValidationError):
        sim.refund(charges[0].reference, 1, "r2")


# --- Refunds ---------------------------------------------------------------------------


def test_refunds_up_to_the_charge(sim: SimulatedProvider) -> None:
    charge = sim.charge(WECHAT, 7600, "order-1")
    first = sim.refund(charge.reference, 5000, "r1")
    assert first.startswith("SIMR") and len(first) == 20
    assert sim.refund(charge.reference, 5000, "r1") == first  # repeated: the same refund
    with pytest.raises(ValidationError, match=r"Only ¥26.00 of the mobile payment"):
        sim.refund(charge.reference, 2700, "r2")
    second = sim.refund(charge.reference, 2600, "r2")
    assert second != first


def test_refund_of_an_unknown_reference(sim: SimulatedProvider) -> None:
    with pytest.raises(ValidationError, match="There is no mobile payment “SIMW0”"):
        sim.refund("SIMW0", 100, "r1")


def test_a_refund_id_is_for_one_refund(sim: SimulatedProvider) -> None:
    charge = sim.charge(WECHAT, 7600, "order-1")
    sim.refund(charge.reference, 100, "r1")
    with pytest.raises(Conflict):
        sim.refund(charge.reference, 200, "r1")


def test_refund_charges_refunds_each_once(sim: SimulatedProvider) -> None:
    charges = [sim.charge(WECHAT, 3000, "o:1"), sim.charge(ALIPAY, 4600, "o:2")]
    references = refund_charges(sim, charges, "sale-failed")
    assert len(set(references)) == 2
    assert refund_charges(sim, charges, "sale-failed") == references  # safe to repeat
    with pytest.raises(ValidationError, match=r"Only ¥0.00"):
        refund_charges(sim, charges, "another-reason")


def test_refund_charges_only_through_their_provider(sim: SimulatedProvider) -> None:
    charge = Charge("LIVE1", "wechatpay", "wechat", 100, "o:1")
    with pytest.raises(ValueError, match="charged by wechatpay"):
        refund_charges(sim, [charge], "r")


def test_the_process_provider_can_be_replaced() -> None:
    live = SimulatedProvider()
    previous = payments.set_provider(live)
    try:
        assert payments.provider() is live
    finally:
        payments.set_provider(previous)
    assert payments.provider() is previous
