"""Section 2, groups: G groups of P phones and a projector each, every device polling at
the app's own interval; a question opens, phones answer over a while, the facilitator
reveals."""

from __future__ import annotations

import argparse
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from bench.constants import DATABASE_TROUBLE, READING_STEP, SELF_TEST
from bench.cost import warm_up
from bench.devices import Phone, Projector
from bench.group import Group
from bench.measure import in_threads
from bench.seed import store_a_year_of_summaries
from bench.server import Server
from bench.tabs import Tab, TabError
from facilitator.config import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR
from facilitator.content import Module
from facilitator.db import Database


@dataclass
class GroupRun:
    latencies: list[float]
    sent: int
    stored: int
    rolls: int
    errors: list[str]
    sessions: int
    rss_per_session: float
    rss_growth: float  # bytes the server grew from the groups polling to their end
    cpu_share: float
    client_cpu_share: float  # this benchmark's own CPU: it shares the machine
    poll_replies: list[float]
    send_replies: list[float]
    polls: int
    reveal_seconds: list[float]  # a facilitator's reveal: closes, rewrites, scrubs the files


def groups_section(
    server: Server, db: Database, module: Module, args: argparse.Namespace
) -> GroupRun:
    """G groups at once in real time, every tab polling at the interval the app asks."""
    rng = random.Random(7)
    # The app's default k, or the whole group when a small run has fewer phones than that.
    k = max(MIN_GROUP_SIZE_FLOOR, min(DEFAULT_MIN_GROUP_SIZE, args.phones))
    groups = [
        Group.start(db, module, f"bench-group-{n}", min_group_size=k) for n in range(args.groups)
    ]
    store_a_year_of_summaries(db, module)
    for group in groups:
        group.go_to(READING_STEP)
    warm_up(server, db, module)  # what a first group loads once must not count per session
    rss_before = server.rss_bytes()
    phones = {
        g.session_id: in_threads(
            [partial(Phone.joined, server, g.join_code)] * args.phones, args.threads
        )
        for g in groups
    }
    projectors = {g.session_id: Projector.opened(server, g.projector_token) for g in groups}
    stop = threading.Event()
    lock = threading.Lock()
    sends: dict[int, list[tuple[float, float]]] = {g.session_id: [] for g in groups}
    seen: dict[int, list[tuple[float, int]]] = {g.session_id: [] for g in groups}
    errors: list[str] = []
    polls = [0]
    poll_replies: list[float] = []
    opened_at: dict[int, float] = {}

    def keep_polling(tab: Tab, tick: Callable[[float], None]) -> None:
        """The frontend's timer: a tick every interval, whatever the last one took."""
        time.sleep(rng.uniform(0, args.poll))
        while not stop.is_set():
            started = time.monotonic()
            try:
                tick(started)
                trouble = [word for word in DATABASE_TROUBLE if word in tab.text()]
                if trouble:
                    raise TabError(f"the page shows {trouble}")
            except (TabError, OSError) as error:
                with lock:
                    errors.append(f"{type(tab).__name__}: {error}"[:300])
            stop.wait(max(0.0, (tab.poll_interval or args.poll) - (time.monotonic() - started)))

    def phone_loop(group: Group, phone: Phone) -> None:
        step = group.step_of(SELF_TEST)
        reading_time = rng.uniform(2, args.answer_window)
        answered = [False]

        def tick(now: float) -> None:
            opened = opened_at.get(group.session_id)
            due = opened is not None and now - opened >= reading_time
            if due and not answered[0] and phone.asks(group.session_id, step):
                stored = phone.answer(group.session_id, step, rng)
                with lock:
                    sends[group.session_id].append((phone.sent_at, time.monotonic()))
                    if not stored:
                        errors.append("an answer was not told stored: " + phone.text()[-200:])
                answered[0] = True
                return
            phone.poll()
            with lock:
                polls[0] += 1
                poll_replies.append(time.monotonic() - now)

        keep_polling(phone, tick)

    def projector_loop(group: Group, projector: Projector) -> None:
        def tick(now: float) -> None:
            projector.poll()
            count = projector.count()
            projector.poll_others(now)  # its phone count
            with lock:
                polls[0] += 1
                poll_replies.append(time.monotonic() - now)
                if count is not None:
                    seen[group.session_id].append((time.monotonic(), count))

        keep_polling(projector, tick)

    threads = [
        threading.Thread(target=phone_loop, args=(g, p), daemon=True)
        for g in groups
        for p in phones[g.session_id]
    ] + [
        threading.Thread(target=projector_loop, args=(g, projectors[g.session_id]), daemon=True)
        for g in groups
    ]
    for thread in threads:
        thread.start()
    time.sleep(3 * args.poll)  # everyone polling
    rss_polling = server.rss_bytes()
    cpu_before, wall_before = server.cpu_seconds(), time.monotonic()
    client_cpu_before = time.process_time()
    for group in groups:  # groups reach the self-test a little apart, as real ones do
        group.go_to(SELF_TEST)
        group.open_question()
        opened_at[group.session_id] = time.monotonic()
        time.sleep(rng.uniform(0, 1))
    deadline = time.monotonic() + args.answer_window + 60
    while time.monotonic() < deadline:
        with lock:
            if sum(len(v) for v in sends.values()) == args.groups * args.phones:
                break
        time.sleep(0.5)
    time.sleep(2 * args.poll + 1)  # the last counts reach the projectors
    reveal_seconds = []
    for group in groups:
        began = time.monotonic()
        group.reveal()
        reveal_seconds.append(time.monotonic() - began)
    time.sleep(4 * args.poll)  # charts on screen
    wall = time.monotonic() - wall_before
    cpu_share = (server.cpu_seconds() - cpu_before) / wall
    client_cpu_share = (time.process_time() - client_cpu_before) / wall
    rss_end = server.rss_bytes()
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    latencies: list[float] = []
    for group in groups:
        # The i-th answer to be stored is on screen once the projector counts i.
        finished = sorted(sends[group.session_id], key=lambda pair: pair[1])
        shown = seen[group.session_id]
        for rank, (sent_at, _) in enumerate(finished, start=1):
            first = next((at for at, count in shown if count >= rank and at >= sent_at), None)
            if first is None:
                errors.append(f"group {group.session_id}: answer {rank} never counted on screen")
            else:
                latencies.append(first - sent_at)
    stored = [group.stored(SELF_TEST) for group in groups]
    for tab in [*projectors.values(), *(p for ps in phones.values() for p in ps)]:
        tab.close()
    session_count = args.groups * (args.phones + 1)
    return GroupRun(
        latencies=latencies,
        sent=sum(len(v) for v in sends.values()),
        stored=sum(ballots for _, ballots in stored),
        rolls=sum(rolls for rolls, _ in stored),
        errors=errors + server.log_trouble(),
        sessions=session_count,
        rss_per_session=(rss_polling - rss_before) / session_count,
        rss_growth=rss_end - rss_polling,
        cpu_share=cpu_share,
        client_cpu_share=client_cpu_share,
        poll_replies=poll_replies,
        send_replies=[done - sent for v in sends.values() for sent, done in v],
        polls=polls[0],
        reveal_seconds=reveal_seconds,
    )
