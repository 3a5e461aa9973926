"""Telling a keyboard-wedge scanner from a person by key timing alone.

The promises, checked over generated timings: a person's typing comes out
exactly as typed, in order, at most ``max_gap_ms`` after the last key of a
rollover pair; a scanner's burst ending in Enter or Tab becomes one scan and
leaves no key behind; a mix of the two keeps its order.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from devices.scanner import Action, Replay, Scan, Scanned, WedgeDecoder

MAX_GAP = 30.0

Token = tuple[str, str]  # ("key", char) or ("scan", code)


@dataclass
class Typed:
    """Keystrokes with their times (ms) and what should come out of them."""

    keys: list[tuple[str, float]]
    expected: list[Token]


def run(
    decoder: WedgeDecoder, keys: list[tuple[str, float]], *, timer: bool = True
) -> list[tuple[Action, float]]:
    """Feed ``keys`` as the GUI does: the timer fires at each deadline that
    passes before the next key (``timer=False``: it never fires, as when the
    GUI thread is busy), and once at the end. Returns actions with the time
    they came out."""
    out: list[tuple[Action, float]] = []
    for char, t in keys:
        deadline = decoder.deadline()
        if timer and deadline is not None and deadline <= t:
            out += [(a, deadline) for a in decoder.timeout(deadline)]
        out += [(a, t) for a in decoder.feed(char, t)]
    deadline = decoder.deadline()
    if deadline is not None:
        out += [(a, deadline) for a in decoder.timeout(deadline)]
    return out


def tokens(actions: list[tuple[Action, float]]) -> list[Token]:
    result: list[Token] = []
    for action, _ in actions:
        if isinstance(action, Replay):
            result += [("key", c) for c in action.chars]
        else:
            result.append(("scan", action.code))
    return result


# Anything a keyboard can type as one character, terminators aside.
code_chars = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\r\t"
)
typed_chars = st.one_of(code_chars, st.sampled_from("\r\t"))
human_gap = st.floats(80, 400)
rollover_gap = st.floats(20, 40)
scanner_gap = st.floats(1, 15)


@st.composite
def human(draw: st.DrawFn, start: float = 0.0) -> Typed:
    """A person typing, Enter and Tab included: keys 80–400 ms apart, now and
    then a rollover pair 20–40 ms apart."""
    keys: list[tuple[str, float]] = []
    t = start
    for _ in range(draw(st.integers(1, 25))):
        t += draw(human_gap)
        keys.append((draw(typed_chars), t))
        if draw(st.booleans()):
            t += draw(rollover_gap)
            keys.append((draw(typed_chars), t))
    return Typed(keys, [("key", c) for c, _ in keys])


@st.composite
def burst(draw: st.DrawFn, start: float = 0.0, terminators: str = "\r\t") -> Typed:
    """A scanner typing a code of 4–60 characters 1–15 ms apart, then its suffix."""
    code = draw(st.text(code_chars, min_size=4, max_size=60))
    keys: list[tuple[str, float]] = []
    t = start + draw(human_gap)  # a scan starts a while after the last key
    for char in code + draw(st.sampled_from(terminators)):
        keys.append((char, t))
        t += draw(scanner_gap)
    return Typed(keys, [("scan", code)])


@st.composite
def mixture(draw: st.DrawFn) -> Typed:
    keys: list[tuple[str, float]] = []
    expected: list[Token] = []
    for _ in range(draw(st.integers(1, 6))):
        start = keys[-1][1] if keys else 0.0
        part = draw(st.one_of(human(start), burst(start)))
        keys += part.keys
        expected += part.expected
    return Typed(keys, expected)


@given(human(), st.booleans())
def test_a_person_s_typing_comes_out_unchanged(typed: Typed, timer: bool) -> None:
    assert tokens(run(WedgeDecoder(), typed.keys, timer=timer)) == typed.expected


@given(human())
def test_a_person_s_keys_are_late_by_at_most_max_gap_after_a_rollover(typed: Typed) -> None:
    out = run(WedgeDecoder(MAX_GAP), typed.keys)
    emitted = [t for action, t in out for _ in getattr(action, "chars", "")]
    lateness = [when - typed_at for when, (_, typed_at) in zip(emitted, typed.keys, strict=True)]
    # A lone key waits max_gap; the first of a rollover pair waits for the second too.
    assert max(lateness) <= MAX_GAP + 40


@given(burst(), st.booleans())
def test_a_scanner_burst_is_one_scan_and_nothing_typed(typed: Typed, timer: bool) -> None:
    assert tokens(run(WedgeDecoder(), typed.keys, timer=timer)) == typed.expected


@given(mixture(), st.booleans())
def test_typing_and_scans_keep_their_order(typed: Typed, timer: bool) -> None:
    assert tokens(run(WedgeDecoder(), typed.keys, timer=timer)) == typed.expected


@given(burst(terminators="\r"))
def test_a_decoder_without_tab_leaves_tab_to_the_person(typed: Typed) -> None:
    decoder = WedgeDecoder(terminators=("\r",))
    tabbed = [*typed.keys[:-1], ("\t", typed.keys[-1][1])]
    code = typed.expected[0][1]
    # No scan: the code and the Tab are typed, as the scanner sent them.
    assert tokens(run(decoder, tabbed)) == [("key", c) for c in code + "\t"]


def test_a_short_burst_is_typing() -> None:
    keys = [("1", 0.0), ("2", 5.0), ("3", 10.0), ("\r", 15.0)]
    assert tokens(run(WedgeDecoder(min_length=4), keys)) == [("key", c) for c in "123\r"]


def test_a_burst_without_suffix_is_typed_when_the_timer_runs_out() -> None:
    decoder = WedgeDecoder()
    for i, char in enumerate("6901234567892"):
        assert decoder.feed(char, i * 5.0) == []
    assert decoder.deadline() == 12 * 5.0 + MAX_GAP
    assert decoder.timeout(12 * 5.0 + MAX_GAP - 1) == []  # a timer firing early changes nothing
    assert decoder.timeout(12 * 5.0 + MAX_GAP) == [Replay("6901234567892")]
    assert not decoder.holding


def test_enter_after_a_person_s_word_reaches_the_field_at_once() -> None:
    decoder = WedgeDecoder()
    assert decoder.feed("a", 0.0) == []
    assert decoder.timeout(30.0) == [Replay("a")]
    assert decoder.feed("\r", 150.0) == [Replay("\r")]


def test_a_key_after_a_pause_releases_the_held_ones_first() -> None:
    decoder = WedgeDecoder()
    decoder.feed("a", 0.0)
    assert decoder.feed("b", 100.0) == [Replay("a")]  # "b" waits in its turn
    assert decoder.flush() == Replay("b")


def test_scan_carries_its_source_and_an_aware_time() -> None:
    decoder = WedgeDecoder()
    actions = [a for i, c in enumerate("TK-2026-0001\t") for a in decoder.feed(c, i * 2.0)]
    assert actions == [Scanned("TK-2026-0001")]
    scan = Scan("TK-2026-0001", "wedge")
    assert scan.at.tzinfo is not None
