"""A real central store on loopback for tests: uvicorn in a thread, real HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import uvicorn

from boxoffice import bootstrap
from boxoffice.db.store import Store
from boxoffice.services.credentials import create_terminal_code_at_server
from central.app import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class CentralServer:
    store: Store
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def terminal(self, name: str, kind: str = "window") -> dict[str, str]:
        """Register a terminal as a device does: a code made at the server, then /register."""
        code = create_terminal_code_at_server(self.store, name=name, kind=kind).code
        answer = requests.post(
            f"{self.url}/api/v1/terminals/register", json={"code": code}, timeout=10
        )
        answer.raise_for_status()
        registered: dict[str, str] = answer.json()
        return registered

    def post_order(
        self, headers: dict[str, str], order: dict[str, Any], timeout: float = 20
    ) -> requests.Response:
        """``POST /orders`` as a terminal sends it: the order id as its idempotency key."""
        return requests.post(
            f"{self.url}/api/v1/orders",
            json=order,
            headers={**headers, "Idempotency-Key": order["order_id"]},
            timeout=timeout,
        )

    def headers(
        self, terminal: dict[str, str], login: str | None = None, password: str = ""
    ) -> dict[str, str]:
        """Credential headers of a terminal, and a staff token if ``login`` is given."""
        headers = {
            "X-Terminal-Id": terminal["terminal_id"],
            "X-Terminal-Key": terminal["terminal_key"],
        }
        if login is not None:
            answer = requests.post(
                f"{self.url}/api/v1/auth/login",
                json={"login": login, "password": password},
                headers=headers,
                timeout=10,
            )
            answer.raise_for_status()
            headers["Authorization"] = f"Bearer {answer.json()['token']}"
        return headers


@contextmanager
def serving(store: Store, *, writer_process: bool = False) -> Iterator[CentralServer]:
    port = free_port()
    app = create_app(store, writer_process=writer_process)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"central-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the central store did not start")
        time.sleep(0.02)
    try:
        yield CentralServer(store, f"http://127.0.0.1:{port}", server, thread)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        # lifespan="off": what the app's lifespan would stop, stopped here.
        app.state.group_commit.stop()


def demo_central_store(directory: Path) -> Store:
    """A SQLite central store with the demo venue, its admin password already changed."""
    store = Store.open(directory)
    bootstrap.seed_demo(store)
    return store
