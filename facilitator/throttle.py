"""Slowing down guessing (of join codes, of facilitator passwords) and repeats (of a
phone's pause signal and questions).

A limit counts events (a wrong code, a wrong password, a pause asked, a question sent) per
key in a sliding window. Once a
key has used its allowance, its next attempts are refused without being checked until the
oldest failure falls out of the window, so neither waiting in parallel browser sessions nor
a fast script gets more guesses in. Keys are client addresses (and "all" for a limit in
total); they live in this process's memory only and are never written anywhere: a table of
addresses beside a table of participants would be one more thing that could point at
someone. With several app processes each has its own limits (docs/privacy.md).

Time is passed in by the caller (``time.monotonic()`` in the app), so tests need no clock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from dataclasses import dataclass

ALL = "all"  # the key of a limit in total


@dataclass(frozen=True, kw_only=True)
class Limit:
    allowed: int  # failures within the window
    window_seconds: float


class Throttle:
    """Failures per key within a sliding window, for at most ``max_keys`` keys (the least
    recently failing are forgotten first, so a flood of addresses cannot fill memory)."""

    def __init__(self, limit: Limit, *, max_keys: int = 10_000) -> None:
        self.limit = limit
        self._max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait_seconds(self, key: str, *, now: float) -> float:
        """How long before this key may try again; 0 when it may now."""
        with self._lock:
            failures = self._failures.get(key)
            if failures is None:
                return 0.0
            self._forget_old(failures, now)
            if len(failures) < self.limit.allowed:
                return 0.0
            return max(0.0, failures[0] + self.limit.window_seconds - now)

    def counted(self, key: str, *, now: float) -> None:
        """One more event that counts against the key's allowance (a failure)."""
        with self._lock:
            failures = self._failures.setdefault(key, deque())
            self._failures.move_to_end(key)
            self._forget_old(failures, now)
            failures.append(now)
            while len(failures) > self.limit.allowed:
                failures.popleft()
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)

    def _forget_old(self, failures: deque[float], now: float) -> None:
        while failures and failures[0] <= now - self.limit.window_seconds:
            failures.popleft()


# Join codes: 31 symbols, 6 long, so 887,503,681 codes. A phone may get 5 wrong in a
# minute, and all phones together 60 in a minute: with 10 sessions running, an attacker
# guessing at the limit in total needs on average 887,503,681 / 10 / 60 minutes, about 2.8
# years, to find one. A real room mistypes far less (README, "Join codes").
JOIN_BY_CLIENT = Limit(allowed=5, window_seconds=60)
JOIN_IN_TOTAL = Limit(allowed=60, window_seconds=60)
# Passwords: 5 wrong per client address in 15 minutes. Per address, not per account: a
# limit per account would let anyone in the room lock the facilitator out by failing with
# the facilitator's user name.
SIGN_IN_BY_CLIENT = Limit(allowed=5, window_seconds=15 * 60)
# The pause signal: a phone asks at most once in three minutes, so that one hand cannot
# fill the console with requests (facilitator/pauses.py). Keyed by the hash of the phone's
# token, in memory only: what it holds says when a phone last asked, which no table keeps.
PAUSE_BY_PHONE = Limit(allowed=1, window_seconds=3 * 60)
# The question box: five questions per phone in ten minutes, so that one hand cannot bury
# the others' questions (facilitator/question_box.py); memory only, as above.
BOX_BY_PHONE = Limit(allowed=5, window_seconds=10 * 60)


class Guards:
    """The throttles of one app process."""

    def __init__(self) -> None:
        self.join_by_client = Throttle(JOIN_BY_CLIENT)
        self.join_in_total = Throttle(JOIN_IN_TOTAL)
        self.sign_in_by_client = Throttle(SIGN_IN_BY_CLIENT)
        self.pause_by_phone = Throttle(PAUSE_BY_PHONE)
        self.box_by_phone = Throttle(BOX_BY_PHONE)

    def join_wait(self, client: str | None, *, now: float) -> float:
        by_client = 0.0 if client is None else self.join_by_client.wait_seconds(client, now=now)
        return max(by_client, self.join_in_total.wait_seconds(ALL, now=now))

    def join_failed(self, client: str | None, *, now: float) -> None:
        if client is not None:
            self.join_by_client.counted(client, now=now)
        self.join_in_total.counted(ALL, now=now)

    def pause_wait(self, phone: str, *, now: float) -> float:
        return self.pause_by_phone.wait_seconds(phone, now=now)

    def pause_asked(self, phone: str, *, now: float) -> None:
        self.pause_by_phone.counted(phone, now=now)

    def box_wait(self, phone: str, *, now: float) -> float:
        return self.box_by_phone.wait_seconds(phone, now=now)

    def box_sent(self, phone: str, *, now: float) -> None:
        self.box_by_phone.counted(phone, now=now)
