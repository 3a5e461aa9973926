"""Signed ticket QR codes (Ed25519).

A ticket's QR code carries who it is (ticket id), what it admits (session and
seat, or a validity window for admission without a session) and which print
of the ticket it is, signed with a key of the venue. Any device holding the
venue's public keys verifies a code offline; a changed byte or a code signed
by anyone else is refused.

Wire format, chosen so the code stays small and scans fast from a phone or a
creased paper ticket:

    "BX1" + base32(payload + signature), no padding

Base32 uses only QR's alphanumeric alphabet (A-Z, 2-7), which packs 5.5 bits
per character instead of 8 in byte mode. The payload is binary:

    version      1 byte   (1)
    key id       4 bytes  first bytes of SHA-256 of the signer's public key
    ticket id   16 bytes  UUID
    session id  16 bytes  UUID, all zero when the ticket has no session
    print no     1 byte   1 for the first print; a reprint counts up, and the
                          gate accepts only the ticket's latest print, so a
                          reprint never makes a second valid ticket
    valid from   4 bytes  unix minutes, 0 = no limit
    valid until  4 bytes  unix minutes, 0 = no limit
    seat         1 byte length + UTF-8 label ("3排5号"), empty for admission
    signature   64 bytes  Ed25519 over everything above

A venue may hold several keys (one per signing store, or a new one after a
rotation): the key id picks the public key to check against.
"""

from __future__ import annotations

import base64
import hashlib
import struct
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PREFIX = "BX1"
VERSION = 1
_HEAD = struct.Struct(">B4s16s16sBII")
_SIGNATURE_LEN = 64
_NO_SESSION = bytes(16)


class TicketCodeError(Exception):
    """Not a valid ticket code. ``reason`` is one of: ``not_a_ticket`` (some
    other barcode), ``garbled`` (looks like ours but cannot be read),
    ``unknown_key`` (signed by a key this device does not know: forged or from
    another venue), ``bad_signature`` (altered or forged)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class TicketClaim:
    """What a ticket code says, once its signature checks out."""

    ticket_id: str
    session_id: str | None
    seat: str
    print_no: int = 1
    valid_from: datetime | None = None
    valid_until: datetime | None = None


def key_id(public_key: Ed25519PublicKey) -> bytes:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:4]


def _minutes(value: datetime | None) -> int:
    if value is None:
        return 0
    if value.tzinfo is None:
        raise ValueError("ticket validity must be timezone-aware")
    return int(value.timestamp() // 60)


def _from_minutes(value: int) -> datetime | None:
    return datetime.fromtimestamp(value * 60, UTC) if value else None


def sign(claim: TicketClaim, private_key: Ed25519PrivateKey) -> str:
    """The QR text for ``claim``."""
    seat = claim.seat.encode("utf-8")
    if len(seat) > 255:
        raise ValueError("seat label too long for a ticket code")
    if not 1 <= claim.print_no <= 255:
        raise ValueError("print number must be 1-255")
    payload = (
        _HEAD.pack(
            VERSION,
            key_id(private_key.public_key()),
            uuid.UUID(claim.ticket_id).bytes,
            uuid.UUID(claim.session_id).bytes if claim.session_id else _NO_SESSION,
            claim.print_no,
            _minutes(claim.valid_from),
            _minutes(claim.valid_until),
        )
        + bytes([len(seat)])
        + seat
    )
    signed = payload + private_key.sign(payload)
    return PREFIX + base64.b32encode(signed).decode("ascii").rstrip("=")


def verify(code: str, public_keys: list[Ed25519PublicKey]) -> TicketClaim:
    """The claim inside ``code`` if one of ``public_keys`` signed it exactly
    as it reads; otherwise TicketCodeError."""
    text = code.strip()
    if not text.upper().startswith(PREFIX):
        raise TicketCodeError("not_a_ticket")
    body = text[len(PREFIX) :].upper()
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError:
        raise TicketCodeError("garbled") from None
    if len(raw) < _HEAD.size + 1 + _SIGNATURE_LEN:
        raise TicketCodeError("garbled")
    payload, signature = raw[:-_SIGNATURE_LEN], raw[-_SIGNATURE_LEN:]
    version, kid, ticket, session, print_no, start, end = _HEAD.unpack_from(payload)
    seat_len = payload[_HEAD.size]
    seat_bytes = payload[_HEAD.size + 1 :]
    if version != VERSION or len(seat_bytes) != seat_len:
        raise TicketCodeError("garbled")
    keys = [k for k in public_keys if key_id(k) == kid]
    if not keys:
        raise TicketCodeError("unknown_key")
    for key in keys:
        try:
            key.verify(signature, payload)
            break
        except InvalidSignature:
            continue
    else:
        raise TicketCodeError("bad_signature")
    try:
        seat = seat_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise TicketCodeError("garbled") from None
    return TicketClaim(
        ticket_id=str(uuid.UUID(bytes=ticket)),
        session_id=None if session == _NO_SESSION else str(uuid.UUID(bytes=session)),
        seat=seat,
        print_no=print_no,
        valid_from=_from_minutes(start),
        valid_until=_from_minutes(end),
    )


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_text(key: Ed25519PrivateKey) -> str:
    """The raw private key as base64 text, for the OS keyring."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode("ascii")


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))


def public_key_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def public_key_from_text(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))
