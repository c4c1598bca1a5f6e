"""One presentation of a badge gives one verdict: the debouncer between decoding and verifying.

A badge held in front of the camera is read in frame after frame (and missed in some). The
kiosk must verify and log it once, not thirty times a second. The rules:

* a text is *new* — and is passed on — when it has not been seen in the last ``hold_off``
  seconds;
* every sighting restarts its window, so a badge held up for a minute still gives one verdict,
  and frames where the decoder missed it (shorter than the window) do not split a presentation;
* a different text is passed on at once, whatever else is in view;
* once a badge has been out of view for ``hold_off`` seconds, showing it again is a new
  presentation.

Windows are per text: with badges A and B both in view (or A, then B, then A again within the
window) each is passed on once, instead of flickering between them on every frame.

Time comes from an injected clock (``time.monotonic`` by default) so tests need no sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

DEFAULT_HOLD_OFF = 3.0  # seconds


class Debouncer:
    """Turns per-frame decoded texts into one event per presentation (see the module docstring).

    Not thread-safe: use it from the one thread that consumes the decoder's results.
    """

    def __init__(
        self, hold_off: float = DEFAULT_HOLD_OFF, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Args:
        hold_off: seconds a text must go unseen before it counts as presented again.
        clock: returns the current time in seconds (monotonic).

        Raises:
            ValueError: ``hold_off`` is not a positive number.
        """
        if not hold_off > 0:
            raise ValueError(f"hold_off must be a positive number of seconds, got {hold_off}")
        self.hold_off = hold_off
        self._clock = clock
        self._last_seen: dict[str, float] = {}

    def feed(self, texts: Iterable[str]) -> list[str]:
        """Report the texts read in one frame; get back those that start a new presentation.

        Args:
            texts: what the decoder read in this frame (may be empty, may repeat).

        Returns:
            The new texts, in the order given, each once.
        """
        now = self._clock()
        # Forget texts whose window has closed, so memory stays bounded on a busy kiosk.
        self._last_seen = {
            t: seen for t, seen in self._last_seen.items() if now - seen <= self.hold_off
        }
        new: list[str] = []
        for text in texts:
            if text not in self._last_seen and text not in new:
                new.append(text)
            self._last_seen[text] = now
        return new

    def reset(self) -> None:
        """Forget everything: the next sighting of any badge is a new presentation."""
        self._last_seen.clear()
