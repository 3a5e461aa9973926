"""Signed ticket QR codes: a gate with the venue's public key accepts a real
ticket offline and refuses forged, altered and foreign codes."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice.ids import new_id
from printing.ticket_code import (
    PREFIX,
    TicketClaim,
    TicketCodeError,
    new_private_key,
    private_key_from_text,
    private_key_text,
    public_key_from_text,
    public_key_text,
    sign,
    verify,
)

VENUE_KEY = new_private_key()
OTHER_VENUE_KEY = new_private_key()


def claim(**changes: object) -> TicketClaim:
    values: dict[str, object] = {
        "ticket_id": new_id(),
        "session_id": new_id(),
        "seat": "12排25号",
        "print_no": 1,
    }
    values.update(changes)
    return TicketClaim(**values)  # type: ignore[arg-type]


def test_a_ticket_verifies_offline_with_the_public_key_alone() -> None:
    ticket = claim()
    code = sign(ticket, VENUE_KEY)
    public = public_key_from_text(public_key_text(VENUE_KEY.public_key()))
    assert verify(code, [public]) == ticket
    # QR alphanumeric mode: capitals and digits only, so the code stays small.
    assert code.isalnum() and code.upper() == code
    assert len(code) < 230


def test_admission_without_session_carries_its_validity() -> None:
    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    end = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)
    ticket = claim(session_id=None, seat="", valid_from=start, valid_until=end)
    assert verify(sign(ticket, VENUE_KEY), [VENUE_KEY.public_key()]) == ticket


def test_a_code_from_another_venue_is_refused() -> None:
    code = sign(claim(), OTHER_VENUE_KEY)
    with pytest.raises(TicketCodeError) as refused:
        verify(code, [VENUE_KEY.public_key()])
    assert refused.value.reason == "unknown_key"


def test_a_forged_signature_under_the_venues_key_id_is_refused() -> None:
    # A forger copies the venue's key id into a payload signed by their own key.
    genuine = base64.b32decode(_padded(sign(claim(), VENUE_KEY)[len(PREFIX) :]))
    forged_body = sign(claim(seat="1排1号"), OTHER_VENUE_KEY)[len(PREFIX) :]
    forged = bytearray(base64.b32decode(_padded(forged_body)))
    forged[1:5] = genuine[1:5]
    code = PREFIX + base64.b32encode(bytes(forged)).decode().rstrip("=")
    with pytest.raises(TicketCodeError) as refused:
        verify(code, [VENUE_KEY.public_key()])
    assert refused.value.reason == "bad_signature"


@given(position=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
def test_changing_any_byte_of_a_real_code_is_refused(position: int, flip: int) -> None:
    raw = bytearray(base64.b32decode(_padded(sign(claim(), VENUE_KEY)[len(PREFIX) :])))
    raw[position % len(raw)] ^= flip
    code = PREFIX + base64.b32encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(TicketCodeError):
        verify(code, [VENUE_KEY.public_key()])


def test_a_reprint_is_the_same_ticket_with_a_later_print_number() -> None:
    first = claim()
    reprint = TicketClaim(first.ticket_id, first.session_id, first.seat, print_no=2)
    read = verify(sign(reprint, VENUE_KEY), [VENUE_KEY.public_key()])
    assert read.ticket_id == first.ticket_id and read.print_no == 2


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("6901234567892", "not_a_ticket"),  # a product barcode
        ("https://example.com/t/1", "not_a_ticket"),
        (PREFIX + "ABC", "garbled"),
        (PREFIX + "!!!!", "garbled"),
        ("", "not_a_ticket"),
    ],
)
def test_things_that_are_not_tickets_say_so(code: str, reason: str) -> None:
    with pytest.raises(TicketCodeError) as refused:
        verify(code, [VENUE_KEY.public_key()])
    assert refused.value.reason == reason


def test_keys_survive_the_text_form_they_are_kept_in() -> None:
    again = private_key_from_text(private_key_text(VENUE_KEY))
    code = sign(claim(), again)
    assert verify(code, [VENUE_KEY.public_key()]).seat == "12排25号"


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 8)
