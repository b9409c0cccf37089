"""The guessing limits, with time passed in."""

from __future__ import annotations

from facilitator.throttle import JOIN_IN_TOTAL, Guards, Limit, Throttle


def test_a_key_is_held_back_once_its_failures_fill_the_window_and_freed_as_they_age():
    throttle = Throttle(Limit(allowed=3, window_seconds=60))
    for t in (0.0, 10.0, 20.0):
        assert throttle.wait_seconds("a", now=t) == 0
        throttle.counted("a", now=t)
    assert throttle.wait_seconds("a", now=21.0) == 39.0  # until the first failure is 60 s old
    assert throttle.wait_seconds("b", now=21.0) == 0  # another key is not affected
    assert throttle.wait_seconds("a", now=60.0) == 0


def test_phones_share_a_limit_in_total_but_not_each_others_limit():
    guards = Guards()
    for n in range(5):
        guards.join_failed("10.0.0.66", now=float(n))
    assert guards.join_wait("10.0.0.66", now=5.0) > 0
    assert guards.join_wait("10.0.0.67", now=5.0) == 0
    # Many addresses together reach the limit in total; then every phone waits.
    for n in range(JOIN_IN_TOTAL.allowed):
        guards.join_failed(f"10.0.1.{n}", now=6.0)
    assert guards.join_wait("10.0.0.67", now=7.0) > 0
    assert guards.join_wait(None, now=7.0) > 0
    assert guards.join_wait("10.0.0.67", now=67.0) == 0


def test_an_unknown_address_counts_only_towards_the_limit_in_total():
    # Behind an undeclared proxy every phone has no address of its own: one mistyping
    # phone must not hold the whole room back.
    guards = Guards()
    for n in range(10):
        guards.join_failed(None, now=float(n))
    assert guards.join_wait(None, now=10.0) == 0


def test_a_flood_of_addresses_cannot_fill_the_memory():
    throttle = Throttle(Limit(allowed=2, window_seconds=60), max_keys=100)
    for n in range(1000):
        throttle.counted(f"10.{n // 256}.{n % 256}.1", now=0.0)
    assert len(throttle._failures) == 100
