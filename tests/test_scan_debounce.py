"""One presentation of a badge gives one verdict (time from a test clock: no sleeping)."""

from __future__ import annotations

import pytest

from desktop.scan.debounce import Debouncer


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def debouncer(clock: Clock) -> Debouncer:
    return Debouncer(hold_off=3.0, clock=clock)


def present(
    debouncer: Debouncer, clock: Clock, frames: list[list[str]], fps: float = 30
) -> list[str]:
    """Feed one frame's texts per entry, ``fps`` frames a second; collect what came out."""
    out = []
    for texts in frames:
        out += debouncer.feed(texts)
        clock.advance(1 / fps)
    return out


def test_a_badge_held_up_for_ten_seconds_gives_one_verdict(
    debouncer: Debouncer, clock: Clock
) -> None:
    assert present(debouncer, clock, [["A"]] * 300) == ["A"]


def test_missed_frames_shorter_than_the_hold_off_do_not_split_a_presentation(
    debouncer: Debouncer, clock: Clock
) -> None:
    frames = [["A"]] * 10 + [[]] * 60 + [["A"]] * 10  # 2 s of misses in the middle
    assert present(debouncer, clock, frames) == ["A"]


def test_a_different_badge_yields_at_once(debouncer: Debouncer, clock: Clock) -> None:
    assert debouncer.feed(["A"]) == ["A"]
    clock.advance(0.1)
    assert debouncer.feed(["B"]) == ["B"]


def test_after_leaving_the_view_for_the_hold_off_the_same_badge_yields_again(
    debouncer: Debouncer, clock: Clock
) -> None:
    assert debouncer.feed(["A"]) == ["A"]
    clock.advance(3.0)
    assert debouncer.feed(["A"]) == []  # exactly at the hold-off: still the same presentation
    clock.advance(3.01)
    assert debouncer.feed(["A"]) == ["A"]


def test_the_window_counts_from_the_last_sighting_not_the_first(
    debouncer: Debouncer, clock: Clock
) -> None:
    assert debouncer.feed(["A"]) == ["A"]
    for _ in range(5):
        clock.advance(2.0)
        assert debouncer.feed(["A"]) == []


def test_two_badges_in_view_each_yield_once_instead_of_flickering(
    debouncer: Debouncer, clock: Clock
) -> None:
    frames = [["A"], ["B"], ["A", "B"], ["B", "A"]] * 20
    assert present(debouncer, clock, frames) == ["A", "B"]


def test_a_text_repeated_within_one_frame_yields_once(debouncer: Debouncer) -> None:
    assert debouncer.feed(["A", "A", "B"]) == ["A", "B"]


def test_reset_makes_the_next_sighting_a_new_presentation(
    debouncer: Debouncer, clock: Clock
) -> None:
    debouncer.feed(["A"])
    debouncer.reset()
    assert debouncer.feed(["A"]) == ["A"]


@pytest.mark.parametrize("hold_off", [0, -1.0, float("nan")])
def test_a_hold_off_that_is_not_positive_is_refused(hold_off: float) -> None:
    with pytest.raises(ValueError, match="hold_off"):
        Debouncer(hold_off=hold_off)
