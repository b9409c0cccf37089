"""The server side of the push channel: which browsers follow which session, and when to
wake them.

Every page that follows a session (a phone, the projector, the console) holds one open
event stream (serve.py, ``GET api/changes``). On news that a session changed
(facilitator.changes: a commit in this process, or PostgreSQL's NOTIFY from another one),
the feed reads that session's state once, whatever the number of its streams, and wakes
each of them when the state differs from what it last sent; the browser then reruns its
page. A stream carries the session's version, and for the projector and the console the
counts of answers and of connected phones they show, never anything about an answer or a
person. The phone count moves without a commit too (a phone not heard of for a while is
no longer counted): the refresh below finds that.

Every ``REFRESH_SECONDS`` the feed also reads each followed session again, so that news
lost on the way (PostgreSQL's connection was down) costs at most that long; and it marks
the phones whose stream is open as still there, in one statement (the room's phone count).

The feed holds nothing a restart would lose: its states are copies of the database's.
It runs on the server's event loop; the reads run in a small pool of threads of its own.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field, replace

from sqlalchemy.engine import make_url

from facilitator import sessions
from facilitator.changes import CHANNEL
from facilitator.db import Database
from facilitator.errors import DatabaseUnavailable
from facilitator.sessions import SEEN_EVERY, Poll

REFRESH_SECONDS = 30.0
# A stream says the state again this often when nothing changed: the browser knows it is
# alive, and a proxy does not close it as idle. Measured with 480 pushed phones left idle
# (bench/push.py's sessions): 2.0 % of a core at a beat every 15 s, 1.2 % at 30 s.
BEAT_SECONDS = 30.0
OUTAGE_RETRY_SECONDS = 2.0
# Open streams: per holder of a token (a phone with a few tabs; more close the oldest),
# and per process (more are refused, and the pages poll instead).
STREAMS_PER_HOLDER = 3
STREAMS_PER_PROCESS = 5000


@dataclass(frozen=True, kw_only=True)
class State:
    """What a stream may say about its session."""

    version: int
    answers_in: int
    running: bool
    phones: int | None = None  # connected now: the projector shows it
    reachable: bool = True  # whether the database answered the last read


ReadState = Callable[[int], Poll | None]  # raises DatabaseUnavailable
MarkStillHere = Callable[[Collection[str]], None]


class Full(Exception):
    """This process has as many streams open as it takes."""


@dataclass(eq=False)
class Stream:
    """One browser's open stream."""

    session_id: int
    holder: str  # a hash of the token it showed: for the per-holder bound
    phone_hash: str | None  # a phone's token hash, marked as still there
    sent: State | None = None
    closed: bool = False
    # Closed for a newer stream of the same holder (another tab): the browser is told so,
    # and asks again only when that tab is looked at, instead of closing the next oldest
    # (five tabs on three places took turns every few seconds, each turn a page rerun).
    displaced: bool = False


@dataclass(eq=False)
class _Followed:
    state: State | None = None
    streams: list[Stream] = field(default_factory=list)
    woken: asyncio.Event = field(default_factory=asyncio.Event)
    reading: bool = False
    again: bool = False

    def publish(self, state: State | None) -> None:
        if state == self.state:
            return
        self.state = state
        self.wake()

    def wake(self) -> None:
        woken, self.woken = self.woken, asyncio.Event()
        woken.set()


class Feed:
    def __init__(
        self,
        read_state: ReadState,
        mark_still_here: MarkStillHere,
        *,
        refresh_seconds: float = REFRESH_SECONDS,
        still_here_seconds: float = SEEN_EVERY.total_seconds(),
        per_holder: int = STREAMS_PER_HOLDER,
        per_process: int = STREAMS_PER_PROCESS,
    ) -> None:
        self._read_state = read_state
        self._mark_still_here = mark_still_here
        self._refresh_seconds = refresh_seconds
        self._still_here_seconds = still_here_seconds
        self._per_holder = per_holder
        self._per_process = per_process
        self._followed: dict[int, _Followed] = {}
        self._by_holder: dict[str, list[Stream]] = {}
        self._open = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="feed")
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def open_streams(self) -> int:
        return self._open

    async def start(self) -> None:
        """On the server's event loop, before the first stream."""
        self._loop = asyncio.get_running_loop()
        self._tasks = [
            asyncio.create_task(self._every(self._refresh_seconds, self.refresh)),
            asyncio.create_task(self._every(self._still_here_seconds, self._phones_still_here)),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        self._reads.shutdown(wait=False, cancel_futures=True)

    def changed(self, session_id: int) -> None:
        """News that a session changed; from any thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with suppress(RuntimeError):  # the loop closed meanwhile: the server is stopping
            loop.call_soon_threadsafe(self._read_soon, session_id)

    def refresh_soon(self) -> None:
        """``refresh``, from any thread."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.refresh)

    def refresh(self) -> None:
        """Read every followed session again (on the event loop)."""
        for session_id in list(self._followed):
            self._read_soon(session_id)

    @asynccontextmanager
    async def follow(
        self, session_id: int, *, holder: str, phone_hash: str | None
    ) -> AsyncIterator[Stream]:
        """Open a stream; raises Full. A holder's oldest stream beyond its bound closes."""
        if self._open >= self._per_process:
            raise Full
        stream = Stream(session_id=session_id, holder=holder, phone_hash=phone_hash)
        followed = self._followed.setdefault(session_id, _Followed())
        followed.streams.append(stream)
        mine = self._by_holder.setdefault(holder, [])
        mine.append(stream)
        self._open += 1
        while len(mine) > self._per_holder:
            oldest = mine.pop(0)
            oldest.closed = True
            oldest.displaced = True
            self._followed[oldest.session_id].wake()
        if followed.state is None:
            self._read_soon(session_id)
        try:
            yield stream
        finally:
            self._open -= 1
            stream.closed = True
            if stream in mine:
                mine.remove(stream)
            if not mine:
                self._by_holder.pop(holder, None)
            followed.streams.remove(stream)
            if not followed.streams:
                self._followed.pop(session_id, None)

    async def next(self, stream: Stream, *, within: float) -> State | None:
        """The session's state once it differs from what this stream last sent, or after
        ``within`` seconds the same state again (a heartbeat); None once the stream must
        close (too many of its holder's, or its session is gone)."""
        followed = self._followed.get(stream.session_id)
        deadline = time.monotonic() + within
        while followed is not None and not stream.closed:
            state = followed.state
            if state is None and stream.sent is not None:
                return None  # the session is gone
            if state is not None and state != stream.sent:
                stream.sent = state
                return state
            left = deadline - time.monotonic()
            if left <= 0:
                return stream.sent
            try:
                await asyncio.wait_for(followed.woken.wait(), timeout=left)
            except TimeoutError:
                continue
        return None

    def _read_soon(self, session_id: int) -> None:
        followed = self._followed.get(session_id)
        if followed is None:
            return
        if followed.reading:
            followed.again = True  # news during a read: read once more after it
            return
        followed.reading = True
        asyncio.get_running_loop().create_task(self._read(session_id, followed))

    async def _read(self, session_id: int, followed: _Followed) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                followed.again = False
                try:
                    poll = await loop.run_in_executor(self._reads, self._read_state, session_id)
                except DatabaseUnavailable:
                    if followed.state is not None:
                        followed.publish(replace(followed.state, reachable=False))
                    # Pages have no timer while the channel is live: try again soon, so
                    # that they hear the database is back within moments.
                    loop.call_later(OUTAGE_RETRY_SECONDS, self._read_soon, session_id)
                else:
                    followed.publish(
                        None
                        if poll is None
                        else State(
                            version=poll.version,
                            answers_in=poll.answers_in,
                            running=poll.running,
                            phones=poll.phones,
                        )
                    )
                if not followed.again:
                    break
        except RuntimeError:  # the pool shut down: the server is stopping
            pass
        finally:
            followed.reading = False

    def _phones_still_here(self) -> None:
        phones = {
            stream.phone_hash
            for followed in self._followed.values()
            for stream in followed.streams
            if stream.phone_hash and not stream.closed
        }
        if phones:
            self._reads.submit(self._quietly, self._mark_still_here, phones)

    @staticmethod
    def _quietly(mark: MarkStillHere, phones: Collection[str]) -> None:
        with suppress(DatabaseUnavailable):  # the next round marks them
            mark(phones)

    @staticmethod
    async def _every(seconds: float, action: Callable[[], None]) -> None:
        while True:
            await asyncio.sleep(seconds)
            action()


def watch_sqlite(
    db: Database, changed: Callable[[], None], *, every: float = 0.25
) -> threading.Thread:
    """A thread that notices commits of other processes to a SQLite file (a tool, a test;
    the app itself serves one process) and then calls ``changed``: one small read of the
    running sessions' versions and the number of answers per ``every`` seconds for the
    whole process, whatever the number of pages."""

    def run() -> None:
        seen: tuple[int, int] | None = None
        while True:
            try:
                with db.single_read() as connection:
                    now_seen = sessions.change_marker(connection)
            except DatabaseUnavailable:
                now_seen = None
            if seen is not None and now_seen is not None and now_seen != seen:
                changed()
            seen = now_seen
            time.sleep(every)

    thread = threading.Thread(target=run, name="sqlite-news", daemon=True)
    thread.start()
    return thread


def listen_to_postgresql(
    url: str, news: Callable[[int], None], *, refresh: Callable[[], None]
) -> threading.Thread:
    """A thread that LISTENs on ``CHANNEL`` and passes each session id on to ``news``.
    When the connection breaks it calls ``refresh`` (every followed session is read again:
    the streams say that the database is away, or what changed while news was lost), and
    connects again every few seconds while the server is away, calling it once more."""
    import psycopg  # only with PostgreSQL

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

    def run() -> None:
        wait = 1.0
        lost = False
        while True:
            try:
                with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    wait = 1.0
                    if lost:
                        lost = False
                        print("Push news from PostgreSQL: listening again.", file=sys.stderr)
                    refresh()
                    for notice in connection.notifies():
                        if notice.payload.isdigit():
                            news(int(notice.payload))
            except psycopg.Error as error:
                # Read every followed session now: while the server is away, the streams
                # say so (and the pages add the notice), and retry until it is back.
                refresh()
                if not lost:  # once per interruption, not once per try
                    lost = True
                    print(
                        f"Push news from PostgreSQL interrupted ({type(error).__name__}); "
                        "listening again as soon as it answers.",
                        file=sys.stderr,
                        flush=True,
                    )
            time.sleep(wait)
            wait = min(wait * 2, 10.0)

    thread = threading.Thread(target=run, name="postgresql-news", daemon=True)
    thread.start()
    return thread
