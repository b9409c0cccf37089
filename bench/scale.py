"""Section scale: a clinic's many groups on two processes behind the proxy, on PostgreSQL.

``--scale-sessions`` tabs (1,000 by default) in groups of ``--scale-group``: a projector and
phones each. Every tab goes through nginx as deploy/ ships it (TLS, and a route cookie of
its own, so the proxy spreads the tabs over the two processes as it spreads browsers) and
follows by push, as the browser does. The groups open the self-test a little apart; each
phone sends its answers at a moment of its own within ``--scale-window`` seconds.

Measured: from a phone's send to its projector counting it, for projectors on the phone's
own process and on the other one (the news then travels by PostgreSQL's NOTIFY); answers
sent, told stored, stored and counted; the CPU of each process, of nginx and of this
benchmark, which shares the machine's two cores with them.
"""

from __future__ import annotations

import argparse
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bench.constants import READING_STEP, SELF_TEST
from bench.cost import warm_up
from bench.devices import Phone, Projector
from bench.group import Group
from bench.measure import in_threads
from bench.proxy import Proxy
from bench.push import Followed, go_live, joined, keep_polling, listen
from bench.server import Server, free_port
from bench.tabs import Door
from facilitator.config import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR
from facilitator.content import Module
from facilitator.db import Database

# Issue 17: 1,000 sessions on two processes behind the proxy, each answer on its group's
# projector within a second (p95), none lost.
SCALE_SESSIONS = 1000
SEND_TO_PROJECTOR_TARGET_SECONDS = 1.0
# A room answers six questions over a minute or two; the groups open them up to a second
# after one another, as a clinic's rooms do not run in step.
SCALE_WINDOW_SECONDS = 90.0
OPENED_APART = 0.5  # seconds between two groups opening, on average


@dataclass
class Sent:
    phone: Followed
    at: float  # monotonic, the send pressed
    done: float  # its reply drawn
    told_stored: bool


@dataclass
class Scale:
    sessions: int
    groups: int
    window: float
    processes: int
    same_process: list[float] = field(default_factory=list)  # send -> counted, seconds
    other_process: list[float] = field(default_factory=list)
    sent: int = 0
    told_stored: int = 0
    stored: int = 0
    rolls: int = 0
    uncounted: int = 0  # answers stored that their projector never counted
    tabs_per_process: dict[str, int] = field(default_factory=dict)
    cpu_shares: list[float] = field(default_factory=list)  # per app process, in cores
    proxy_cpu_share: float = 0.0
    client_cpu_share: float = 0.0
    idle_cpu_shares: list[float] = field(default_factory=list)  # before the questions open
    errors: list[str] = field(default_factory=list)

    @property
    def latencies(self) -> list[float]:
        return self.same_process + self.other_process


def _door(proxy: Proxy) -> Door:
    """A new browser at the proxy: the route cookie nginx would give it (32 hex digits)."""
    return Door(proxy.port, tls=True, cookie=f"gs_route={uuid.uuid4().hex}")


def _upstreams(proxy: Proxy, tabs: list[Followed], threads: int) -> dict[int, str]:
    """Which process serves each tab: a request of its own, with its cookie, through the
    proxy; its access log says where it went."""

    def ask(n: int, followed: Followed) -> None:
        connection = followed.tab.door.connection(timeout=30)
        try:
            connection.request("GET", f"/_which/{n}", headers=followed.tab.door.headers())
            connection.getresponse().read()
        finally:
            connection.close()

    in_threads([partial(ask, n, t) for n, t in enumerate(tabs)], threads)
    logged = proxy.upstreams("/_which/")
    return {n: logged[f"/_which/{n}"] for n in range(len(tabs)) if f"/_which/{n}" in logged}


class Answers:
    """The phones' sends and what their projectors counted, from the threads that see them."""

    def __init__(self, groups: list[Group], step_index: int, errors: list[str]) -> None:
        self.step_index = step_index
        self.errors = errors
        self.sent: list[Sent] = []
        self.counted: dict[int, list[tuple[float, int]]] = {g.session_id: [] for g in groups}
        self.opened = {g.session_id: threading.Event() for g in groups}
        self._lock = threading.Lock()

    def note_count(self, followed: Followed) -> None:
        """A projector drew itself anew: the count on it now."""
        assert isinstance(followed.tab, Projector)
        count = followed.tab.count()
        if count is not None:
            with self._lock:
                self.counted[followed.group.session_id].append((time.monotonic(), count))

    def answer(self, followed: Followed, delay: float, seed: int) -> None:
        """One participant: ``delay`` seconds after the question opens, once it is on the
        phone (by push), every screen of the self-test and the send."""
        phone = followed.tab
        assert isinstance(phone, Phone)
        session_id = followed.group.session_id
        self.opened[session_id].wait()
        time.sleep(delay)
        deadline = time.monotonic() + 60
        while True:
            with followed.lock:
                if phone.asks(session_id, self.step_index):
                    break
            if time.monotonic() > deadline:
                self._error("a phone never showed the question")
                return
            time.sleep(0.2)
        try:
            with followed.lock:
                told = phone.answer(session_id, self.step_index, random.Random(seed))
        except Exception as error:  # any failure: the answer counts as lost
            self._error(f"a phone's answer failed: {error}")
            return
        with self._lock:
            self.sent.append(Sent(followed, phone.sent_at, time.monotonic(), told))

    def _error(self, said: str) -> None:
        with self._lock:
            self.errors.append(said[:300])

    def tally(
        self, run: Scale, tabs: list[Followed], served_by: Callable[[Followed], str | None]
    ) -> None:
        """Per group: the i-th answer stored is on screen once its projector counts i."""
        run.sent = len(self.sent)
        run.told_stored = sum(1 for sent in self.sent if sent.told_stored)
        for projector in (t for t in tabs if t.kind == "projector"):
            group = projector.group
            rolls, ballots = group.stored(SELF_TEST)
            run.rolls += rolls
            run.stored += ballots
            projector_on = served_by(projector)
            shown = self.counted[group.session_id]
            finished = sorted((s for s in self.sent if s.phone.group is group), key=_done)
            for rank, sent in enumerate(finished, start=1):
                first = next((at for at, n in shown if n >= rank and at >= sent.at), None)
                if first is None:
                    run.uncounted += 1
                elif served_by(sent.phone) == projector_on:
                    run.same_process.append(first - sent.at)
                else:
                    run.other_process.append(first - sent.at)


def _done(sent: Sent) -> float:
    return sent.done


def _follow(
    tabs: list[Followed], stop: threading.Event, errors: list[str], args: argparse.Namespace
) -> list[threading.Thread]:
    """Every tab live on push, its stream held and its timer (if it still draws one) kept,
    as a browser's push.js and frontend do."""
    in_threads([partial(go_live, t) for t in tabs], args.threads)
    spread = [n * args.poll / len(tabs) for n in range(len(tabs))]  # timers out of step
    threads = [
        threading.Thread(target=listen, args=(t, stop, errors), daemon=True) for t in tabs
    ] + [
        threading.Thread(target=keep_polling, args=(t, stop, errors, spread[n]), daemon=True)
        for n, t in enumerate(tabs)
    ]
    for thread in threads:
        thread.start()
    return threads


def _shares(before: list[float], after: list[float], seconds: float) -> list[float]:
    return [(b - a) / seconds for a, b in zip(before, after, strict=True)]


def scale_section(
    server: Server, db: Database, module: Module, args: argparse.Namespace, workdir: Path
) -> Scale:
    if db.engine.dialect.name != "postgresql":
        raise SystemExit("the scale section runs on PostgreSQL: scripts/bench --postgres")
    rng = random.Random(17)
    size = args.scale_group
    groups_count = max(1, args.scale_sessions // size)
    run = Scale(
        sessions=groups_count * size, groups=groups_count, window=args.scale_window, processes=2
    )
    second = Server(
        server.script,
        server.database_url,
        server.poll_seconds,
        server.settings,
        workdir / "app-2.log",
    )
    second.start()
    processes = [server, second]
    (workdir / "proxy").mkdir()
    proxy = Proxy(
        workdir / "proxy", free_port(), (server.port, second.port), connections=8 * run.sessions
    )
    proxy.start()
    stop = threading.Event()
    threads: list[threading.Thread] = []
    tabs: list[Followed] = []
    try:
        k = max(MIN_GROUP_SIZE_FLOOR, min(DEFAULT_MIN_GROUP_SIZE, size - 1))
        groups = [
            Group.start(db, module, f"bench-scale-{n}", min_group_size=k)
            for n in range(groups_count)
        ]
        for group in groups:
            group.go_to(READING_STEP)
        for process in processes:
            warm_up(process, db, module)
        for group in groups:
            tabs += joined(partial(_door, proxy), group, size - 1, args.threads)
        upstream = _upstreams(proxy, tabs, args.threads)
        for address in upstream.values():
            run.tabs_per_process[address] = run.tabs_per_process.get(address, 0) + 1
        answers = Answers(groups, groups[0].step_of(SELF_TEST), run.errors)
        for followed in tabs:
            if followed.kind == "projector":
                followed.on_drawn = answers.note_count
        threads += _follow(tabs, stop, run.errors, args)
        time.sleep(max(5.0, 2 * args.poll))  # every stream open

        before, began = [p.cpu_seconds() for p in processes], time.monotonic()
        time.sleep(args.idle_seconds)
        after = [p.cpu_seconds() for p in processes]
        run.idle_cpu_shares = _shares(before, after, time.monotonic() - began)

        answering = [
            threading.Thread(
                target=answers.answer,
                args=(t, rng.uniform(2, args.scale_window), rng.randrange(2**32)),
                daemon=True,
            )
            for t in tabs
            if t.kind == "phone"
        ]
        for thread in answering:
            thread.start()
        before, proxy_before = [p.cpu_seconds() for p in processes], proxy.cpu_seconds()
        client_before, began = time.process_time(), time.monotonic()
        for group in groups:
            group.go_to(SELF_TEST)
            group.open_question()
            answers.opened[group.session_id].set()
            time.sleep(rng.uniform(0, 2 * OPENED_APART))
        for thread in answering:
            thread.join(timeout=args.scale_window + 120)
        time.sleep(5)  # the last counts reach the projectors
        wall = time.monotonic() - began
        run.cpu_shares = _shares(before, [p.cpu_seconds() for p in processes], wall)
        run.proxy_cpu_share = (proxy.cpu_seconds() - proxy_before) / wall
        run.client_cpu_share = (time.process_time() - client_before) / wall

        on = {id(t): upstream.get(n) for n, t in enumerate(tabs)}
        answers.tally(run, tabs, lambda followed: on[id(followed)])
        run.errors += server.log_trouble() + second.log_trouble()
    finally:
        stop.set()
        for followed in tabs:
            followed.tab.close()
        for thread in threads:
            thread.join(timeout=5)
        proxy.stop()
        second.stop()
    return run
