"""The keys that sign ticket codes (printing.ticket_code).

Each store that prints tickets signs them with its own Ed25519 key. The
private half is a secret and lives in the OS keyring (sync.credentials, the
same place as the terminal key); the public half is written to the store's
settings under ``ticket_public_keys`` for every device that checks tickets.
A new key is made the first time a ticket is printed.
"""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy.orm import Session as OrmSession

from printing.ticket_code import (
    new_private_key,
    private_key_from_text,
    private_key_text,
    public_key_from_text,
    public_key_text,
)
from sync.credentials import load_secret, save_secret

from ..db.models import Setting
from ..errors import ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..permissions import Perm
from .base import UnitOfWork, service

KEYRING_SERVICE = "BoxOffice ticket signing"
_PUBLIC = "ticket_public_keys"
_ACCOUNT = "ticket_key_account"


def public_keys(session: OrmSession) -> list[Ed25519PublicKey]:
    """Every public key whose tickets this store accepts."""
    row = session.get(Setting, _PUBLIC)
    return [public_key_from_text(text) for text in json.loads(row.value)] if row else []


def signing_key(session: OrmSession) -> Ed25519PrivateKey:
    """This store's private signing key, made (and its public half published)
    on first use. Raises sync.credentials.NoKeyring without a keyring."""
    account_row = session.get(Setting, _ACCOUNT)
    if account_row is not None:
        text = load_secret(KEYRING_SERVICE, json.loads(account_row.value))
        if text:
            return private_key_from_text(text)
    from ..ids import new_id

    key = new_private_key()
    account = new_id()
    # The secret first: a published public key never lacks its private half.
    save_secret(KEYRING_SERVICE, account, private_key_text(key))
    session.merge(Setting(key=_ACCOUNT, value=json.dumps(account)))
    known = [public_key_text(k) for k in public_keys(session)]
    known.append(public_key_text(key.public_key()))
    session.merge(Setting(key=_PUBLIC, value=json.dumps(known)))
    return key


def own_public_key(session: OrmSession) -> str:
    """This store's public key as text (made on first use, as :func:`signing_key`)."""
    return public_key_text(signing_key(session).public_key())


@service(Perm.TICKETS_SELL, audited=True)
def accept_public_key(uow: UnitOfWork, key_text: str) -> bool:
    """A terminal of this central store tells it the public half of the key it
    signs its tickets with, so tickets printed there check anywhere (every
    check runs here). True if the key was new."""
    try:
        public_key_from_text(key_text)
    except Exception:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "That is not a ticket signing key.")
        ) from None
    known = [public_key_text(k) for k in public_keys(uow.session)]
    if key_text in known:
        uow.audit("ticket_key.known", "setting", _PUBLIC, {})
        return False
    known.append(key_text)
    uow.session.merge(Setting(key=_PUBLIC, value=json.dumps(known)))
    uow.audit("ticket_key.accept", "setting", _PUBLIC, {"key": key_text[:16]})
    return True
