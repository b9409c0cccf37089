"""The push channel's fan-out (facilitator.feed): one read per change whatever the number
of streams, each stream woken with what changed, bounded streams, outages said and healed."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Collection

import pytest

from facilitator.errors import DatabaseUnavailable
from facilitator.feed import Feed, Full, State
from facilitator.sessions import Poll


class FakeDatabase:
    """Stands in for the database's one-row poll: counts reads, can be made unreachable."""

    def __init__(self) -> None:
        self.polls: dict[int, Poll] = {1: Poll(version=1, answers_in=0, running=True)}
        self.reads = 0
        self.down = False
        self.marked: list[set[str]] = []
        self._lock = threading.Lock()

    def read(self, session_id: int) -> Poll | None:
        with self._lock:
            self.reads += 1
        if self.down:
            raise DatabaseUnavailable("test")
        return self.polls.get(session_id)

    def mark(self, phones: Collection[str]) -> None:
        self.marked.append(set(phones))

    def move(self, session_id: int = 1, *, answers: int = 0, running: bool = True) -> None:
        old = self.polls[session_id]
        self.polls[session_id] = Poll(version=old.version + 1, answers_in=answers, running=running)


def run(db: FakeDatabase, test: Callable[[Feed], Awaitable[None]], **options: float) -> None:
    """The test on a fresh event loop, with a feed started on it and stopped after it."""

    async def with_a_feed() -> None:
        feed = Feed(db.read, db.mark, **options)  # type: ignore[arg-type]
        await feed.start()
        try:
            await test(feed)
        finally:
            await feed.stop()

    asyncio.run(with_a_feed())


def test_many_streams_of_one_session_cost_one_read_per_change_and_all_hear_it():
    db = FakeDatabase()

    async def test(feed: Feed) -> None:
        async with (
            feed.follow(1, holder="a", phone_hash="ha") as a,
            feed.follow(1, holder="b", phone_hash="hb") as b,
            feed.follow(1, holder="c", phone_hash=None) as c,
        ):
            first = [await feed.next(s, within=1) for s in (a, b, c)]
            assert {state.version for state in first if state} == {1}
            reads_before = db.reads
            db.move(answers=0)
            feed.changed(1)  # as a commit in any thread says it
            woken = await asyncio.gather(*(feed.next(s, within=1) for s in (a, b, c)))
            assert [state.version for state in woken if state] == [2, 2, 2]
            assert db.reads - reads_before == 1

    run(db, test)


def test_news_of_a_session_nobody_follows_reads_nothing():
    db = FakeDatabase()

    async def test(feed: Feed) -> None:
        feed.changed(7)
        await asyncio.sleep(0.05)
        assert db.reads == 0

    run(db, test)


def test_with_nothing_new_a_stream_hears_the_same_state_again_as_its_heartbeat():
    db = FakeDatabase()

    async def test(feed: Feed) -> None:
        async with feed.follow(1, holder="a", phone_hash=None) as a:
            first = await feed.next(a, within=1)
            again = await feed.next(a, within=0.1)
            assert first == again == State(version=1, answers_in=0, running=True)

    run(db, test)


def test_a_holders_streams_beyond_its_bound_close_the_oldest_and_the_process_has_a_ceiling():
    db = FakeDatabase()

    async def test(feed: Feed) -> None:
        async with feed.follow(1, holder="a", phone_hash=None) as oldest:
            await feed.next(oldest, within=1)
            async with (
                feed.follow(1, holder="a", phone_hash=None) as second,
                feed.follow(1, holder="a", phone_hash=None) as third,
            ):
                assert await feed.next(oldest, within=1) is None  # told to close
                assert oldest.displaced and not second.displaced
                assert await feed.next(second, within=1) is not None
                assert await feed.next(third, within=1) is not None
                with pytest.raises(Full):
                    async with feed.follow(1, holder="b", phone_hash=None):
                        pass
        assert feed.open_streams == 0

    run(db, test, per_holder=2, per_process=3)


def test_an_outage_is_said_and_the_return_of_the_database_heard_without_any_news():
    db = FakeDatabase()

    async def test(feed: Feed) -> None:
        async with feed.follow(1, holder="a", phone_hash=None) as a:
            assert (await feed.next(a, within=1)).reachable  # type: ignore[union-attr]
            db.down = True
            feed.changed(1)
            down = await feed.next(a, within=1)
            assert down is not None and not down.reachable
            db.down = False
            # No news comes: the feed retries by itself within OUTAGE_RETRY_SECONDS.
            back = await feed.next(a, within=5)
            assert back is not None and back.reachable

    run(db, test)


def test_an_ended_session_is_said_and_a_deleted_one_closes_its_streams():
    db = FakeDatabase()

    async def test(feed: Feed) -> None:
        async with feed.follow(1, holder="a", phone_hash=None) as a:
            await feed.next(a, within=1)
            db.move(running=False)
            feed.changed(1)
            ended = await feed.next(a, within=1)
            assert ended is not None and not ended.running
            del db.polls[1]
            feed.changed(1)
            assert await feed.next(a, within=1) is None

    run(db, test)


def test_phones_with_an_open_stream_are_marked_as_still_here_in_one_go():
    db = FakeDatabase()

    async def test(feed: Feed) -> None:
        async with (
            feed.follow(1, holder="a", phone_hash="ha"),
            feed.follow(1, holder="b", phone_hash="hb"),
            feed.follow(1, holder="p", phone_hash=None),  # the projector: not a phone
        ):
            await asyncio.sleep(0.35)

    run(db, test, still_here_seconds=0.1)
    assert db.marked and all(marked == {"ha", "hb"} for marked in db.marked)


def test_a_phone_count_that_moves_without_a_commit_is_heard_at_the_next_refresh():
    """A phone not heard of for a while drops out of the count with no commit to announce
    it: the projector, which no longer polls for the count while pushed, hears it at the
    feed's next refresh, with nothing else changed."""
    db = FakeDatabase()
    db.polls[1] = Poll(version=1, answers_in=0, running=True, phones=3)

    async def test(feed: Feed) -> None:
        async with feed.follow(1, holder="projector", phone_hash=None) as stream:
            first = await feed.next(stream, within=1)
            assert first is not None and first.phones == 3
            db.polls[1] = Poll(version=1, answers_in=0, running=True, phones=2)
            later = await feed.next(stream, within=1)  # the refresh runs every 0.2 s here
            assert later is not None and (later.version, later.phones) == (1, 2)

    run(db, test, refresh_seconds=0.2)
