"""Section push: the same groups followed by push and by polling, side by side in one run.

A pushed tab does what ui/frontend/push.js does in a browser: it tells the server its
channel is live (the component's state), holds the event stream `api/changes`, and when the
stream says the session is ahead of what it drew, reruns its page. A polled tab reruns its
polling fragment at the interval the server asks for, as the frontend's timer does. Figures
per way:

- follow: from the facilitator's move (its commit) to each tab having drawn the new step.
  Measured twice: with each group's facilitator moving at their own pace (PACE_SECONDS
  apart, at random, as ten rooms do: what the target is about), and with every facilitator
  pressing at the same moment (the worst case: one process redraws every tab of every
  group one after another);
- idle: server CPU per connected session while nothing happens, above what the same
  server costs with no session connected (measured just before);
- a step change: server CPU from the moves at the same moment until every tab has
  redrawn, per tab.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.constants import READING_STEP
from bench.cost import warm_up
from bench.devices import Phone, Projector
from bench.group import Group
from bench.measure import in_threads
from bench.server import Server
from bench.tabs import Served, Tab, TabError
from facilitator.config import MIN_GROUP_SIZE_FLOOR
from facilitator.content import Module
from facilitator.db import Database
from facilitator.feed import BEAT_SECONDS
from ui.push import KEY as PUSH_KEY

# Two steps of text only, gone back and forth between: each move changes the title.
STEPS = (READING_STEP, "wat-het-is")
_TOKEN = re.compile(r'"remember": "([^"]+)"')
_NAMES = itertools.count()  # each group its own facilitator account


@dataclass
class Way:
    """One way of following, measured."""

    name: str
    follow: list[float] = field(default_factory=list)  # seconds, per tab per move, own pace
    together: list[float] = field(default_factory=list)  # the same, every group at once
    missed: int = 0  # tab-moves not drawn within the wait, both ways
    idle_sessions: int = 0
    idle_cpu_share: float = 0.0  # cores while nothing happened
    # The same server with no tab connected, measured just before: Streamlit's own floor
    # (it polls its config files every 0.2 s) and the app's watchers, which no session adds.
    idle_floor_share: float = 0.0
    move_cpu_ms_per_tab: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def idle_per_session(self) -> float:
        """What a connected session adds to the server's CPU while nothing happens."""
        if not self.idle_sessions:
            return 0.0
        return max(0.0, self.idle_cpu_share - self.idle_floor_share) / self.idle_sessions


@dataclass
class Followed:
    """A tab of a group with the step title it must show, and when it first showed it."""

    tab: Tab
    group: Group
    kind: str  # phone | projector
    token: str
    expected: str = ""
    since: float = 0.0
    drawn_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Called after each redraw the tab's stream or timer caused (bench/scale.py reads the
    # projector's count there).
    on_drawn: Callable[[Followed], None] | None = None

    def check(self) -> None:
        if self.expected and self.drawn_at is None and self.expected in self.tab.text():
            self.drawn_at = time.monotonic()
        if self.on_drawn is not None:
            self.on_drawn(self)


def phone_token(phone: Phone) -> str:
    for text in phone.texts:
        found = _TOKEN.search(text)
        if found:
            return found.group(1)
    raise TabError("the phone's page carries no token to remember")


def joined(way_in: Callable[[], Served], group: Group, phones: int, threads: int) -> list[Followed]:
    """A group's phones and its projector, each tab opened where ``way_in`` says (the
    server itself, or the proxy with a browser's own route cookie)."""
    phone_tabs = in_threads(
        [lambda: Phone.joined(way_in(), group.join_code) for _ in range(phones)], threads
    )
    tabs = [Followed(p, group, "phone", phone_token(p)) for p in phone_tabs]
    projector = Projector.opened(way_in(), group.projector_token)
    return [*tabs, Followed(projector, group, "projector", group.projector_token)]


def go_live(followed: Followed) -> None:
    """What push.js reports once its stream answers: the page then draws no timer (a
    phone) or a slow one (the projector)."""
    widget = followed.tab.widget_id(PUSH_KEY)
    followed.tab.rerun([WidgetState(id=widget, json_value=json.dumps({"live": True}))])


def listen(followed: Followed, stop: threading.Event, errors: list[str]) -> None:
    """The event stream of one tab: a rerun of its page whenever the session is ahead."""
    query = "as=phone" if followed.kind == "phone" else f"as=projector&t={followed.token}"
    door = followed.tab.door  # the same way in as its websocket: one process serves both
    phone_cookie = f"gs_p={followed.token}" if followed.kind == "phone" else ""
    headers = {
        "Sec-Fetch-Site": "same-origin",
        "Accept": "text/event-stream",
        **door.headers(phone_cookie),
    }
    drawn: tuple[int, int] | None = None
    asks = 0
    while not stop.is_set():
        connection = door.connection(timeout=BEAT_SECONDS + 15)  # a beat late is no loss
        try:
            connection.request("GET", f"/api/changes?{query}", headers=headers)
            reply = connection.getresponse()
            if reply.status != 200:
                raise TabError(f"the stream was refused: {reply.status}")
            while not stop.is_set():
                line = reply.readline()
                if not line:
                    break
                if not line.startswith(b"data: "):
                    continue
                said = json.loads(line[len(b"data: ") :])
                now = (said["v"], said.get("n") or 0)
                if drawn is not None and now > drawn:
                    asks += 1
                    with followed.lock:
                        # As push.js does: the component's trigger, which reruns the
                        # fragment it is drawn in (a phone's step), or else the page.
                        followed.tab.trigger(PUSH_KEY, "changed", asks)
                        followed.check()
                drawn = now
        except (OSError, TabError, http.client.HTTPException) as error:
            if not stop.is_set():
                errors.append(f"stream of a {followed.kind}: {error}"[:300])
                stop.wait(1)
        finally:
            connection.close()


def keep_polling(
    followed: Followed, stop: threading.Event, errors: list[str], first: float
) -> None:
    """The frontend's timers: each polling fragment at the interval the server asked for."""
    stop.wait(first)
    while not stop.is_set():
        started = time.monotonic()
        interval = followed.tab.poll_interval
        if interval is None:  # no timer on this page (a pushed phone)
            stop.wait(1)
            continue
        try:
            with followed.lock:
                followed.tab.poll()
                followed.tab.poll_others(started)
                followed.check()
        except (TabError, OSError) as error:
            errors.append(f"poll of a {followed.kind}: {error}"[:300])
        stop.wait(max(0.0, interval - (time.monotonic() - started)))


def _run_way(
    server: Server,
    db: Database,
    module: Module,
    args: argparse.Namespace,
    *,
    pushed: bool,
    groups: int,
    phones: int,
    moves: int,
) -> tuple[Way, list[Followed], Callable[[], None]]:
    """Groups on a text step, every tab following the one way; the facilitator moves
    ``moves`` times. Returns the way measured, its tabs (still following) and their stop."""
    way = Way("push" if pushed else f"polling every {args.poll:g} s")
    started = [
        Group.start(db, module, f"bench-push-{next(_NAMES)}", min_group_size=MIN_GROUP_SIZE_FLOOR)
        for _ in range(groups)
    ]
    for group in started:
        group.go_to(STEPS[0])
    tabs = [t for group in started for t in joined(lambda: server, group, phones, args.threads)]
    stop = threading.Event()
    threads: list[threading.Thread] = []
    if pushed:
        in_threads([partial(go_live, t) for t in tabs], args.threads)
        threads += [
            threading.Thread(target=listen, args=(t, stop, way.errors), daemon=True) for t in tabs
        ]
    spread = [n * args.poll / len(tabs) for n in range(len(tabs))]  # timers out of step
    threads += [
        threading.Thread(target=keep_polling, args=(t, stop, way.errors, spread[n]), daemon=True)
        for n, t in enumerate(tabs)
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(3.0, 2 * args.poll))  # every stream open, every timer running
    by_group = {g.session_id: [t for t in tabs if t.group is g] for g in started}
    wait = 2 * args.poll + 10  # a tab not drawn by then counts as missed
    for move in range(moves):  # every facilitator at the same moment: the worst case
        target = STEPS[(move + 1) % 2]
        title = module.steps[started[0].step_of(target)].title
        for followed in tabs:
            followed.expected, followed.drawn_at = title, None
        cpu_before = server.cpu_seconds()
        for group in started:
            group.go_to(target)
            for followed in by_group[group.session_id]:
                followed.since = time.monotonic()
        _wait_drawn(tabs, wait)
        cpu = server.cpu_seconds() - cpu_before
        way.move_cpu_ms_per_tab.append(1000 * cpu / len(tabs))
        way.missed += _record(tabs, way.together)
        time.sleep(1.0)
    at_own_pace = [
        threading.Thread(
            target=_own_pace,
            args=(group, by_group[group.session_id], module, moves, wait, way, random.Random(n)),
            # The moves above left STEPS[moves % 2] on screen.
            kwargs={"first": (moves + 1) % 2, "pace": args.pace},
        )
        for n, group in enumerate(started)
    ]
    for thread in at_own_pace:
        thread.start()
    for thread in at_own_pace:
        thread.join()

    def end() -> None:
        stop.set()
        for tab in tabs:
            tab.tab.close()
        for thread in threads:
            thread.join(timeout=5)

    return way, tabs, end


def _wait_drawn(tabs: list[Followed], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(t.drawn_at is None for t in tabs):
        time.sleep(0.02)


def _record(tabs: list[Followed], into: list[float]) -> int:
    """Each tab's time from the move to its redraw into ``into``; returns how many missed."""
    missed = 0
    for followed in tabs:
        if followed.drawn_at is None:
            missed += 1
        else:
            into.append(followed.drawn_at - followed.since)
    return missed


# A facilitator's pace in the benchmark: the next move this many seconds after the last.
# A group in a room moves on every minute or few (the module's steps take 2-10 minutes);
# this is already several times faster. At 1.5-4.5 s the ten groups made 3 moves a second,
# which kept one process busy redrawing all the time: a load no clinic has.
PACE_SECONDS = (10.0, 20.0)
_RECORDING = threading.Lock()  # the groups' threads add to one Way


def _own_pace(
    group: Group,
    tabs: list[Followed],
    module: Module,
    moves: int,
    wait: float,
    way: Way,
    rng: random.Random,
    first: int,
    pace: tuple[float, float],
) -> None:
    """One group's facilitator moving ``moves`` times, each ``pace`` seconds after the last
    (their first move at a random moment too): the other groups' moves fall where they
    fall, sometimes at the same moment. ``first``: the place in STEPS of the first move's
    step (not the one on screen)."""
    for move in range(moves):
        time.sleep(rng.uniform(*pace))
        target = STEPS[(first + move) % 2]
        title = module.steps[group.step_of(target)].title
        moved = time.monotonic()  # just before the commit: the wait includes it
        for followed in tabs:
            followed.expected, followed.drawn_at, followed.since = title, None, moved
        group.go_to(target)
        _wait_drawn(tabs, wait)
        with _RECORDING:
            way.missed += _record(tabs, way.follow)


def _cpu_share(server: Server, seconds: float) -> float:
    """The server's CPU over ``seconds`` from now, in cores."""
    time.sleep(2.0)  # the last redraws are done
    before, began = server.cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    return (server.cpu_seconds() - before) / (time.monotonic() - began)


def _idle(server: Server, way: Way, sessions: int, seconds: float) -> None:
    way.idle_cpu_share = _cpu_share(server, seconds)
    way.idle_sessions = sessions


def push_section(
    server: Server, db: Database, module: Module, args: argparse.Namespace
) -> tuple[Way, Way]:
    """Push and polling, one after the other on one server: follow, a step change, idle."""
    warm_up(server, db, module)
    ways = []
    for pushed in (True, False):
        way, _tabs, end = _run_way(
            server,
            db,
            module,
            args,
            pushed=pushed,
            groups=args.groups,
            phones=args.phones,
            moves=args.moves,
        )
        end()
        way.idle_floor_share = _cpu_share(server, args.idle_seconds)
        # Idle: more sessions for push, whose idle cost is too small to read off 200; for
        # polling, as many as this machine can poll beside the server without starving it.
        sessions = args.idle_sessions if pushed else args.idle_polling_sessions
        idle_way, idle_tabs, idle_end = _run_way(
            server,
            db,
            module,
            args,
            pushed=pushed,
            groups=max(1, round(sessions / (args.phones + 1))),
            phones=args.phones,
            moves=0,
        )
        _idle(server, way, len(idle_tabs), args.idle_seconds)
        way.errors += idle_way.errors
        idle_end()
        ways.append(way)
    return ways[0], ways[1]
