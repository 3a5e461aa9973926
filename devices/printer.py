"""A receipt printer behind any link: status, jobs, the cash drawer.

Every job goes out on a fresh connection: check the printer can print, send
the bytes, ask again. A job counts as printed only if nothing went wrong in
between; otherwise `PrinterFault` says why and the caller (the spooler) keeps
the job to print again.
"""

from __future__ import annotations

from printing.escpos import drawer_kick_bytes

from .links.base import Link, LinkError
from .status import PrinterStatus, parse_status, status_request

#: What `PrinterFault.code` can be.
FAULT_CODES = ("paper_out", "cover_open", "offline", "connection", "no_answer")


class PrinterFault(Exception):
    """The printer did not print. ``code`` is one of `FAULT_CODES`, which
    screens translate; ``detail`` a short English technical note for logs."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class Printer:
    """ESC/POS printer on ``link``. ``answer_timeout`` is how long to wait for
    each status answer; ``chunk_size`` how many bytes go per write."""

    def __init__(self, link: Link, *, answer_timeout: float = 1.0, chunk_size: int = 4096) -> None:
        self.link = link
        self.answer_timeout = answer_timeout
        self.chunk_size = chunk_size

    def status(self) -> PrinterStatus | None:
        """The printer's status over the (already open) link; None on one-way
        links, which cannot hear answers. Asks DLE EOT 1, 2 and 4. Raises
        `PrinterFault` ("no_answer") when the printer stays silent or answers
        something else, and `LinkError` when the link fails."""
        if not self.link.two_way:
            return None
        # Bytes left over (an answer that came late, an unsolicited status)
        # would be taken for the answers asked now.
        for _ in range(16):
            if not self.link.read(256, 0.0):
                break
        answers: dict[int, int] = {}
        for n in (1, 2, 4):
            self.link.write(status_request(n))
            answer = self.link.read(1, self.answer_timeout)
            if not answer:
                raise PrinterFault(
                    "no_answer", f"{self.link.describe()} did not answer status request {n}"
                )
            answers[n] = answer[0]
        try:
            return parse_status(answers)
        except ValueError as exc:
            raise PrinterFault("no_answer", str(exc)) from exc

    def print_job(self, data: bytes) -> None:
        """Print ``data`` (ESC/POS bytes), or raise `PrinterFault`.

        On a two-way link nothing is sent while the printer reports a problem,
        and a problem reported after the job (paper ran out, cover opened)
        means the paper is not all there: the job counts as not printed."""
        self._session(data)

    def kick_drawer(self, pin: int = 2, pulse_ms: int = 100) -> None:
        """Pulse the cash drawer on connector pin 2 or 5. Sent even when the
        printer reports paper out or cover open: the cashier still needs the
        drawer, and the printer drives it whatever its paper."""
        self._session(drawer_kick_bytes(pin, pulse_ms), check=False)

    def _session(self, data: bytes, *, check: bool = True) -> None:
        try:
            self.link.open()
        except LinkError as exc:
            raise PrinterFault("connection", str(exc)) from exc
        try:
            if check:
                self._refuse_on_problem("before the job")
            for start in range(0, len(data), self.chunk_size):
                self.link.write(data[start : start + self.chunk_size])
            if check:
                self._refuse_on_problem("after the job")
            # A spooler link (CUPS, Windows) hands the job over here, where a
            # refusal can still be reported; close() must not raise.
            submit = getattr(self.link, "submit", None)
            if submit is not None:
                submit()
        except LinkError as exc:
            raise PrinterFault("connection", str(exc)) from exc
        finally:
            self.link.close()

    def _refuse_on_problem(self, when: str) -> None:
        status = self.status()
        problem = status.problem() if status is not None else None
        if problem is not None:
            raise PrinterFault(problem, f"{self.link.describe()} reported {problem} {when}")
