"""Marking user-visible text in the Qt-free core for translation.

The core has no Qt, yet its messages reach cashiers in their language. Text
is written in English and marked with :func:`QT_TRANSLATE_NOOP`, which
``pyside6-lupdate`` recognises by name, so it lands in the ``.ts`` files; the
widget layer translates it with ``QCoreApplication.translate(context, text)``
and only then fills in parameters.
"""

from __future__ import annotations

CORE = "core"
"""Translation context for every string marked in the core."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Return ``text`` unchanged; lupdate collects it under ``context``."""
    del context
    return text
