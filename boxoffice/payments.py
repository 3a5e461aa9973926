"""How a ticket window takes money: payment methods, and the payment provider
that charges a customer's phone.

Cash and bank cards need nothing from us but a check of what the cashier
types: a card is run on the bank's own terminal, and we keep the reference
from its slip. A mobile pay code (付款码, WeChat Pay or Alipay) is charged
here, through a :class:`PaymentProvider`. Providers are idempotent per
order id and refund id, so a call repeated after a timeout never charges or
refunds twice.

Methods live in a registry (:data:`PAYMENT_METHODS`) rather than in code
paths, so member balance can be added later with one :func:`register_method`.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from .errors import BoxOfficeError, Conflict, ValidationError
from .i18n import QT_TRANSLATE_NOOP
from .money import MAX_FEN, format_fen

# --- Methods ---------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentMethod:
    """One way of paying. ``name`` is source text in the ``core`` context."""

    key: str
    name: str
    needs_reference: bool  # the line carries a card slip's or a provider's reference
    opens_drawer: bool  # taking it opens the cash drawer


PAYMENT_METHODS: dict[str, PaymentMethod] = {}
"""Every known method by key, in the order they were registered."""


def register_method(method: PaymentMethod) -> PaymentMethod:
    """Add a method (or replace one with the same key); returns it."""
    PAYMENT_METHODS[method.key] = method
    return method


CASH = register_method(
    PaymentMethod(
        "cash", QT_TRANSLATE_NOOP("core", "Cash"), needs_reference=False, opens_drawer=True
    )
)
CARD = register_method(
    PaymentMethod(
        "card", QT_TRANSLATE_NOOP("core", "Bank card"), needs_reference=True, opens_drawer=False
    )
)
MOBILE = register_method(
    PaymentMethod(
        "mobile", QT_TRANSLATE_NOOP("core", "Mobile pay"), needs_reference=True, opens_drawer=False
    )
)

METHODS: tuple[str, ...] = ("cash", "card", "mobile")
"""The methods a ticket window takes now."""


def method(key: str) -> PaymentMethod:
    """The registered method ``key``, or :class:`ValidationError`."""
    try:
        return PAYMENT_METHODS[key]
    except KeyError:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Unknown payment method “{method}”."), method=key
        ) from None


# --- What the cashier types or scans ----------------------------------------------

# Full-width digits and letters come from Chinese input methods left switched on.
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
_SPACES = re.compile(r"\s+")  # includes the full-width space U+3000
_CARD_REFERENCE = re.compile(r"[0-9A-Z]{4,32}")
# Explicit ranges: ``\d`` would also take Arabic-Indic and other Unicode digits.
_WECHAT_CODE = re.compile(r"1[0-5][0-9]{16}")
_ALIPAY_CODE = re.compile(r"(?:2[5-9]|30)[0-9]{14,22}")
_ECHO_LIMIT = 24  # a pasted paragraph is not repeated back in full

Wallet = Literal["wechat", "alipay"]


def _normalise(text: str) -> str:
    return _SPACES.sub("", text.translate(_FULLWIDTH))


def _echo(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _ECHO_LIMIT else text[:_ECHO_LIMIT] + "…"


def check_card_reference(text: str) -> str:
    """The reference (凭证号/参考号) from a bank-card terminal's slip, as kept
    with the payment: spaces removed, letters in capitals, 4 to 32 digits or
    letters. The slip is what a refund at the bank terminal is matched by."""
    reference = _normalise(text).upper()
    if not reference:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Type the reference number from the card terminal's slip.")
        )
    if _CARD_REFERENCE.fullmatch(reference) is None:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "“{reference}” is not a card reference: use the 4 to 32 digits or letters on the card terminal's slip.",
            ),
            reference=_echo(text),
        )
    return reference


def wallet_of(code: str) -> Wallet | None:
    """Whose pay code ``code`` (already normalised) is, or None."""
    if _WECHAT_CODE.fullmatch(code):
        return "wechat"
    if _ALIPAY_CODE.fullmatch(code):
        return "alipay"
    return None


def check_pay_code(text: str) -> str:
    """A mobile pay code scanned from the customer's phone, normalised.

    WeChat Pay codes are 18 digits starting 10–15, Alipay codes 16–24 digits
    starting 25–30. Spaces go and full-width digits become ASCII; anything
    else is refused before it reaches a provider."""
    code = _normalise(text)
    if not code:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Scan the pay code on the customer's phone.")
        )
    if wallet_of(code) is None:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{code}” is not a mobile pay code."), code=_echo(text)
        )
    return code


# --- Providers --------------------------------------------------------------------


@dataclass(frozen=True)
class Charge:
    """Money taken from a customer's phone: what a refund needs."""

    reference: str  # the provider's transaction reference, printed on the receipt
    provider: str  # PaymentProvider.name of the provider that took it
    wallet: str  # "wechat" or "alipay"
    amount_fen: int
    order_id: str  # the idempotency id it was charged under


class PaymentDeclined(ValidationError):
    """The provider said no (balance, limits, a used code); nothing was charged."""


class ProviderUnavailable(BoxOfficeError):
    """The provider did not answer. The charge may or may not have been made:
    repeating it with the same order id finds out without charging twice."""


@runtime_checkable
class PaymentProvider(Protocol):
    """Charges pay codes and refunds charges.

    Both calls are idempotent: a repeated ``charge`` with the same
    ``order_id`` returns the first result and never charges again, a repeated
    ``refund`` with the same ``refund_id`` returns the same refund reference.
    Calls may block on the network: call them off the GUI thread.
    """

    name: str

    def charge(self, pay_code: str, amount_fen: int, order_id: str) -> Charge: ...

    def refund(self, reference: str, amount_fen: int, refund_id: str) -> str: ...


def _check_amount(amount_fen: int) -> None:
    if not 0 < amount_fen <= MAX_FEN:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A payment must be more than ¥0.00 and at most {limit}."),
            limit=format_fen(MAX_FEN),
        )


def _check_id(value: str) -> None:
    if not value.strip():
        raise ValueError("an idempotency id is required")


def _digits(seed: str, salt: int = 0) -> str:
    """16 decimal digits that always follow from ``seed``."""
    digest = hashlib.sha256(f"{seed}\x00{salt}".encode()).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**16:016d}"


@dataclass
class _Charged:
    charge: Charge
    pay_code: str
    refunded_fen: int = 0


class SimulatedProvider:
    """A provider with no network, for tests, the demo and training.

    Deterministic: a pay code ending ``0000`` is declined for balance, one
    ending ``9999`` times out; every other valid code is charged. References
    are ``SIM`` + ``W``/``A`` (the wallet) + 16 digits derived from the order
    id. Kept in memory and safe to call from several threads at once.
    """

    name = "simulated"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_order: dict[str, _Charged] = {}
        self._by_reference: dict[str, _Charged] = {}
        self._refunds: dict[str, tuple[str, int, str]] = {}  # refund id -> reference, amount, ref

    def charge(self, pay_code: str, amount_fen: int, order_id: str) -> Charge:
        code = check_pay_code(pay_code)
        _check_amount(amount_fen)
        _check_id(order_id)
        with self._lock:
            done = self._by_order.get(order_id)
            if done is not None:
                if (done.pay_code, done.charge.amount_fen) != (code, amount_fen):
                    raise Conflict(
                        QT_TRANSLATE_NOOP(
                            "core",
                            "This payment was already taken with another amount or pay code.",
                        )
                    )
                return done.charge
            if code.endswith("9999"):
                raise ProviderUnavailable(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "The payment service did not answer; ask the customer to pay another way.",
                    )
                )
            if code.endswith("0000"):
                raise PaymentDeclined(
                    QT_TRANSLATE_NOOP("core", "The customer's balance is not enough.")
                )
            wallet = wallet_of(code)
            assert wallet is not None  # check_pay_code let it through
            reference = self._new_reference("SIM" + wallet[0].upper(), order_id)
            charged = _Charged(Charge(reference, self.name, wallet, amount_fen, order_id), code)
            self._by_order[order_id] = charged
            self._by_reference[reference] = charged
            return charged.charge

    def refund(self, reference: str, amount_fen: int, refund_id: str) -> str:
        _check_amount(amount_fen)
        _check_id(refund_id)
        with self._lock:
            done = self._refunds.get(refund_id)
            if done is not None:
                if done[:2] != (reference, amount_fen):
                    raise Conflict(
                        QT_TRANSLATE_NOOP(
                            "core", "This refund was already made for another payment or amount."
                        )
                    )
                return done[2]
            charged = self._by_reference.get(reference)
            if charged is None:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("core", "There is no mobile payment “{reference}”."),
                    reference=_echo(reference),
                )
            left = charged.charge.amount_fen - charged.refunded_fen
            if amount_fen > left:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "Only {left} of the mobile payment {reference} is left to refund.",
                    ),
                    left=format_fen(left),
                    reference=reference,
                )
            refund_reference = self._new_reference("SIMR", refund_id)
            charged.refunded_fen += amount_fen
            self._refunds[refund_id] = (reference, amount_fen, refund_reference)
            return refund_reference

    def _new_reference(self, prefix: str, seed: str) -> str:
        """A reference from ``seed``; a collision (about 1 in 10^16) takes the next salt."""
        taken = set(self._by_reference) | {r for _, _, r in self._refunds.values()}
        salt = 0
        while (reference := prefix + _digits(seed, salt)) in taken:
            salt += 1
        return reference


def refund_charges(
    provider: PaymentProvider, charges: Iterable[Charge], reason_id: str
) -> list[str]:
    """Refund ``charges`` in full, e.g. after the sale they paid for failed.

    Each refund's id is ``reason_id`` and the charge's reference, so calling
    this again after an error or a timeout refunds only what is still due.
    Returns the refund references in the order of ``charges``; stops at the
    first failure and raises it."""
    references = []
    for charge in charges:
        if charge.provider != provider.name:
            raise ValueError(f"{charge.reference} was charged by {charge.provider}")
        references.append(
            provider.refund(charge.reference, charge.amount_fen, f"{reason_id}:{charge.reference}")
        )
    return references


# A live gateway (WeChat Pay / Alipay micropay, or an aggregator) plugs in here
# with set_provider() at start-up; tests and the demo use the simulated one.
_provider: PaymentProvider = SimulatedProvider()


def provider() -> PaymentProvider:
    """The provider this process charges pay codes through."""
    return _provider


def set_provider(new: PaymentProvider) -> PaymentProvider:
    """Use ``new`` from now on (a live gateway at start-up); returns the previous one."""
    global _provider
    previous, _provider = _provider, new
    return previous
