"""Display widths on a thermal printer's character grid.

In Chinese mode a printer draws every character it takes from its GB18030
font (anything outside ASCII: Han characters, full-width punctuation, but
also —, ·, ×, “”) two columns wide; ASCII takes one. Paper is 32 columns (58 mm) or 48
columns (80 mm) at the normal font. Wrapping and padding count columns, never
code points, and never split a character.
"""

from __future__ import annotations

import unicodedata

# Chinese typesetting never starts a line with closing punctuation (避头点).
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…—·,.;:?!)]}%")


def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 1 if ord(char) < 0x80 else 2


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns. Breaks at a space when a Latin word
    would be cut, anywhere between Han characters (as Chinese is set)."""
    if width < 2:
        raise ValueError("width must be at least 2 columns")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        used = 0
        for char in paragraph:
            w = char_width(char)
            if used + w > width:
                head, tail = _break(line)
                if not tail and char in NO_LINE_START and len(head) > 1:
                    # Take the last character down with the punctuation.
                    head, tail = head[:-1], head[-1]
                lines.append(head.rstrip())
                line = tail.lstrip(" ")
                used = display_width(line)
            line += char
            used += w
        lines.append(line.rstrip())
    return lines


def _break(line: str) -> tuple[str, str]:
    """Where to end a full line: after its last space if the next word is Latin
    and a space exists in the second half; otherwise at the end."""
    cut = line.rfind(" ")
    if cut > len(line) // 2 and line[-1] != " " and char_width(line[-1]) == 1:
        return line[: cut + 1], line[cut + 1 :]
    return line, ""


def truncate(text: str, width: int) -> str:
    """The longest prefix of ``text`` that fits ``width`` columns."""
    out = ""
    used = 0
    for char in text:
        w = char_width(char)
        if used + w > width:
            break
        out += char
        used += w
    return out


def pad_right(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def pad_left(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


def center(text: str, width: int) -> str:
    gap = max(0, width - display_width(text))
    return " " * (gap // 2) + text + " " * (gap - gap // 2)


def columns(left: str, right: str, width: int) -> list[str]:
    """``left`` and ``right`` on one line of exactly ``width`` columns, right
    flush; a left text that leaves no room wraps, the right ending the first line.
    A right text wider than the line is wrapped on its own lines below."""
    right_w = display_width(right)
    if right_w >= width:
        return [*wrap(left, width), *(pad_left(x, width) for x in wrap(right, width))]
    room = width - right_w - 1
    left_lines = wrap(left, room) if room >= 2 else [left]
    first = pad_right(left_lines[0], room) + " " + right
    rest = [line for w in left_lines[1:] for line in wrap(w, width)]
    return [first, *rest]
