"""sync/credentials.py: the terminal's credential in the OS keyring, or an opted-in file."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from boxoffice.errors import BoxOfficeError
from sync.client import InsecureURL, Registration
from sync.credentials import (
    CREDENTIAL_FILE_ENV,
    CredentialFileUnsafe,
    NoKeyring,
    forget_terminal_credential,
    load_terminal_credential,
    save_terminal_credential,
    service_name,
)
from tests.memkeyring import MemoryKeyring

URL = "https://central.example.com:8443"
KEY = "tk_9f2c61d0a8b34e17b1c5d2e8f0a7c3d4e5f6a7b8"
REGISTRATION = Registration("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "2号售票窗口", KEY)


class LockedKeyring(MemoryKeyring):
    """A real keyring the user did not unlock."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the login keyring is locked")

    set_password = delete_password = get_password  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv(CREDENTIAL_FILE_ENV, raising=False)
    monkeypatch.setenv("BOXOFFICE_DATA_DIR", str(tmp_path / "data"))
    previous = keyring.get_keyring()
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def files_containing(root: Path, secret: str) -> list[Path]:
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and secret.encode("utf-8") in path.read_bytes()
    ]


# --- The OS keyring ---------------------------------------------------------------------------


def test_save_load_forget(memory: MemoryKeyring) -> None:
    assert load_terminal_credential(URL) is None
    save_terminal_credential(REGISTRATION, URL)
    loaded = load_terminal_credential(URL)
    assert loaded == REGISTRATION
    assert loaded is not None and loaded.terminal_name == "2号售票窗口"
    forget_terminal_credential(URL)
    assert load_terminal_credential(URL) is None
    assert memory.entries == {}
    forget_terminal_credential(URL)  # nothing left to forget: no error


def test_entries_are_under_the_service_name_and_the_key_is_its_own_entry(
    memory: MemoryKeyring,
) -> None:
    save_terminal_credential(REGISTRATION, URL)
    service = "BoxOffice central https://central.example.com:8443"
    assert service_name(URL) == service
    assert memory.entries[(service, REGISTRATION.terminal_id)] == KEY
    index = memory.entries[(service, "terminal")]
    assert REGISTRATION.terminal_id in index and KEY not in index
    assert {s for s, _ in memory.entries} == {service}


def test_the_address_is_spelled_one_way(memory: MemoryKeyring) -> None:
    save_terminal_credential(REGISTRATION, "https://Central.Example.com:8443/")
    assert load_terminal_credential(" https://central.example.com:8443 ") == REGISTRATION
    assert load_terminal_credential("https://central.example.com") is None  # another port
    assert load_terminal_credential("http://central.example.com:8443") is None  # another scheme


def test_each_central_store_has_its_own_credential(memory: MemoryKeyring) -> None:
    other = Registration("0193a1b2-0000-7000-8000-000000000001", "测试", "tk_other")
    save_terminal_credential(REGISTRATION, URL)
    save_terminal_credential(other, "https://127.0.0.1:8765")
    assert load_terminal_credential(URL) == REGISTRATION
    assert load_terminal_credential("https://127.0.0.1:8765") == other
    forget_terminal_credential(URL)
    assert load_terminal_credential("https://127.0.0.1:8765") == other


def test_registering_again_replaces_the_old_key(memory: MemoryKeyring) -> None:
    save_terminal_credential(REGISTRATION, URL)
    again = Registration("0193a1b2-0000-7000-8000-000000000002", "2号售票窗口", "tk_new")
    save_terminal_credential(again, URL)
    assert load_terminal_credential(URL) == again
    assert KEY not in memory.entries.values()  # the old key is gone, not left behind


def test_a_missing_key_loads_as_no_credential(memory: MemoryKeyring) -> None:
    save_terminal_credential(REGISTRATION, URL)
    del memory.entries[(service_name(URL), REGISTRATION.terminal_id)]
    assert load_terminal_credential(URL) is None


def test_an_unusable_address_is_refused(memory: MemoryKeyring) -> None:
    with pytest.raises(InsecureURL):
        save_terminal_credential(REGISTRATION, "ftp://central")
    assert memory.entries == {}


def test_the_key_is_in_no_file_and_no_log(
    memory: MemoryKeyring, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    save_terminal_credential(REGISTRATION, URL)
    assert load_terminal_credential(URL) == REGISTRATION
    forget_terminal_credential(URL)
    save_terminal_credential(REGISTRATION, URL)
    assert files_containing(tmp_path, KEY) == []
    assert KEY not in caplog.text
    assert all(KEY not in str(r.args) for r in caplog.records)
    assert KEY not in repr(load_terminal_credential(URL))


# --- No usable keyring -------------------------------------------------------------------------


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring], ids=["fail", "null"])
def test_no_usable_keyring_is_refused_plainly(
    backend: type[KeyringBackend], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    keyring.set_keyring(backend())
    caplog.set_level(logging.DEBUG)
    for attempt in (
        lambda: save_terminal_credential(REGISTRATION, URL),
        lambda: load_terminal_credential(URL),
        lambda: forget_terminal_credential(URL),
    ):
        with pytest.raises(NoKeyring) as refused:
            attempt()
        assert isinstance(refused.value, BoxOfficeError)
        assert "no usable system keyring" in refused.value.english()
        assert CREDENTIAL_FILE_ENV in refused.value.english()
    assert files_containing(tmp_path, KEY) == []  # never quietly written to a file instead
    assert KEY not in caplog.text


def test_a_low_priority_keyring_is_refused(memory: MemoryKeyring) -> None:
    class PlainText(MemoryKeyring):
        priority = 0.5  # type: ignore[assignment]

    keyring.set_keyring(PlainText())
    with pytest.raises(NoKeyring):
        save_terminal_credential(REGISTRATION, URL)


def test_a_locked_keyring_is_a_clear_refusal() -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(NoKeyring, match="locked"):
        save_terminal_credential(REGISTRATION, URL)


# --- The opted-in credential file ------------------------------------------------------------


@pytest.fixture
def credential_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "secret" / "boxoffice-credential.json"
    monkeypatch.setenv(CREDENTIAL_FILE_ENV, str(path))
    keyring.set_keyring(fail.Keyring())  # a headless server: no keyring at all
    return path


def test_the_opted_in_file_keeps_the_credential(
    credential_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert load_terminal_credential(URL) is None
    save_terminal_credential(REGISTRATION, URL)
    assert load_terminal_credential(URL) == REGISTRATION
    assert KEY in credential_file.read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(credential_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(credential_file.parent.stat().st_mode) == 0o700
    assert [p.name for p in credential_file.parent.iterdir()] == [credential_file.name]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(CREDENTIAL_FILE_ENV in r.getMessage() for r in warnings)
    assert KEY not in caplog.text
    forget_terminal_credential(URL)
    assert load_terminal_credential(URL) is None
    assert KEY not in credential_file.read_text(encoding="utf-8")


def test_the_opted_in_file_keeps_each_store_apart(credential_file: Path) -> None:
    other = Registration("0193a1b2-0000-7000-8000-000000000001", "测试", "tk_other")
    save_terminal_credential(REGISTRATION, URL)
    save_terminal_credential(other, "https://127.0.0.1:8765/")
    forget_terminal_credential(URL)
    assert load_terminal_credential(URL) is None
    assert load_terminal_credential("https://127.0.0.1:8765") == other


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_opted_in_file_others_can_read_is_refused(credential_file: Path) -> None:
    save_terminal_credential(REGISTRATION, URL)
    credential_file.chmod(0o644)
    with pytest.raises(CredentialFileUnsafe, match="chmod 600"):
        load_terminal_credential(URL)
    with pytest.raises(CredentialFileUnsafe):
        save_terminal_credential(REGISTRATION, URL)
    assert stat.S_IMODE(credential_file.stat().st_mode) == 0o644  # left for the admin to fix


def test_an_unreadable_opted_in_file_is_refused(credential_file: Path) -> None:
    credential_file.parent.mkdir(mode=0o700)
    credential_file.write_text("not json", encoding="utf-8")
    credential_file.chmod(0o600)
    with pytest.raises(CredentialFileUnsafe, match="cannot be used"):
        load_terminal_credential(URL)


def test_the_file_is_used_only_when_chosen(
    memory: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_terminal_credential(REGISTRATION, URL)
    assert files_containing(tmp_path, KEY) == []
    path = tmp_path / "chosen.json"
    monkeypatch.setenv(CREDENTIAL_FILE_ENV, str(path))
    assert load_terminal_credential(URL) is None  # the choice is explicit: no mixing
    save_terminal_credential(REGISTRATION, URL)
    assert files_containing(tmp_path, KEY) == [path]
