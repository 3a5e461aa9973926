"""``boxoffice-central serve`` over HTTPS, run as a venue runs it: a separate process.

A throwaway CA and a server certificate for 127.0.0.1 are made in ``tmp_path``
with ``cryptography``; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sync.client import CentralClient, Refused, Unreachable
from tests.central_server import free_port
from tests.conftest import CASHIER, DEMO_PASSWORDS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 90.0
"""Seconds for the server to migrate, seed the demo and listen (argon2 hashes make it a few)."""
SHORT = (3.05, 10.0)


# --- A throwaway certificate authority -----------------------------------------------------------


@dataclass(frozen=True)
class Certificates:
    ca: Path
    cert: Path
    key: Path


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_certificates(directory: Path) -> Certificates:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("BoxOffice test CA"))
        .issuer_name(_name("BoxOffice test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(server_key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    found = Certificates(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    found.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    found.cert.write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    found.key.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    found.key.chmod(0o600)
    return found


# --- The central store in its own process ----------------------------------------------------


def central(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """``python -m central ARGS`` to completion, bounded."""
    return subprocess.run(
        [sys.executable, "-m", "central", *args],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOXOFFICE_", "PYTHONWARN"))}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def wait_until_serving(
    url: str, ca: Path, process: subprocess.Popen[bytes], log_path: Path
) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(
                f"the central store exited with {process.returncode}:\n"
                + log_path.read_text(encoding="utf-8", errors="replace")
            )
        # A new client each time: a requests session whose first attempts were refused
        # keeps its later connection open after close() until garbage collection.
        try:
            with CentralClient(url, "", "", ca_bundle=ca, timeout=(1.0, 5.0)) as probe:
                if probe.healthz():
                    return
        except Unreachable:
            pass
        if time.monotonic() > deadline:
            pytest.fail(
                "the central store did not answer in time:\n"
                + log_path.read_text(encoding="utf-8", errors="replace")
            )
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn's graceful stop), a second one (its forced stop), then SIGKILL."""
    for _ in range(2):
        if process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            pass
    process.kill()
    process.wait(timeout=10)


@dataclass
class Served:
    url: str
    port: int
    data_dir: Path
    certificates: Certificates


@pytest.fixture(scope="module")
def https_central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One central store over HTTPS for the module: demo venue, throwaway CA."""
    tmp_path = tmp_path_factory.mktemp("https-central")
    certificates = make_certificates(tmp_path)
    data_dir = tmp_path / "central-data"
    port = free_port()
    log_path = tmp_path / "central.log"
    with log_path.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "central",
                "serve",
                "--certfile",
                str(certificates.cert),
                "--keyfile",
                str(certificates.key),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
                "--demo",
            ],
            cwd=ROOT,
            env=child_env(),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"https://127.0.0.1:{port}"
        wait_until_serving(url, certificates.ca, process, log_path)
        yield Served(url, port, data_dir, certificates)
    finally:
        stop(process)


def new_code(served: Served, name: str) -> str:
    done = central("code", name, "--data-dir", str(served.data_dir))
    assert done.returncode == 0, done.stderr
    code, _, rest = done.stdout.strip().partition("  ")
    assert name in rest
    return code


# --- HTTPS ----------------------------------------------------------------------------------------


def test_a_terminal_registers_and_logs_in_over_https(https_central: Served) -> None:
    ca = https_central.certificates.ca
    code = new_code(https_central, "2号售票窗口")
    registration = CentralClient.register(https_central.url, code, ca_bundle=ca, timeout=SHORT)
    assert registration.terminal_name == "2号售票窗口" and registration.terminal_key
    with CentralClient(
        https_central.url,
        registration.terminal_id,
        registration.terminal_key,
        ca_bundle=ca,
        timeout=SHORT,
    ) as client:
        assert client.healthz()
        staff = client.login(CASHIER, DEMO_PASSWORDS[CASHIER])
        assert staff.login == CASHIER and "tickets.sell" in staff.permissions
        assert client.sessions()  # the demo venue's sessions, over TLS
        client.logout()
    # A code is good once.
    with pytest.raises(Refused):
        CentralClient.register(https_central.url, code, ca_bundle=ca, timeout=SHORT)


def test_without_the_ca_the_server_is_not_trusted(https_central: Served) -> None:
    code = new_code(https_central, "3号售票窗口")
    with pytest.raises(Unreachable, match="SSL"):
        CentralClient.register(https_central.url, code, timeout=SHORT)
    with CentralClient(https_central.url, "someone", "secret", timeout=SHORT) as untrusting:
        with pytest.raises(Unreachable):
            untrusting.healthz()
        with pytest.raises(Unreachable, match="SSL"):
            untrusting.login(CASHIER, DEMO_PASSWORDS[CASHIER])
    # The code was never delivered, so it still registers a terminal that trusts the CA.
    assert (
        CentralClient.register(
            https_central.url, code, ca_bundle=https_central.certificates.ca, timeout=SHORT
        ).terminal_name
        == "3号售票窗口"
    )


def test_plain_http_to_the_https_port_gets_no_answer(https_central: Served) -> None:
    with CentralClient(f"http://127.0.0.1:{https_central.port}", "", "", timeout=SHORT) as plain:
        with pytest.raises(Unreachable):
            plain.healthz()
        with pytest.raises(Unreachable):
            plain.login(CASHIER, DEMO_PASSWORDS[CASHIER])


# --- Plain HTTP off loopback --------------------------------------------------------------------


def test_serve_refuses_plain_http_on_a_non_loopback_address(tmp_path: Path) -> None:
    data_dir = tmp_path / "never-made"
    done = central(
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        str(free_port()),
        "--data-dir",
        str(data_dir),
        timeout=30,
    )
    assert done.returncode == 2
    assert "Refusing to serve plain HTTP on 0.0.0.0" in done.stderr
    assert "--certfile" in done.stderr and "--allow-insecure-http" in done.stderr
    assert not data_dir.exists()  # refused before opening a store, let alone a socket
