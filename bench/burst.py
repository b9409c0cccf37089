"""Section 3, burst: B phones send their answer in the same second. All must be stored,
none twice, and no reply may carry a database error."""

from __future__ import annotations

import argparse
import random
import threading
import time
from dataclasses import dataclass

from bench.constants import DATABASE_TROUBLE, SELF_TEST
from bench.devices import Phone
from bench.group import Group
from bench.measure import in_threads
from bench.server import Server
from bench.tabs import TabError
from facilitator.content import Module
from facilitator.db import Database


@dataclass
class Burst:
    phones: int
    spread: float  # seconds between the first and the last send
    stored: int
    rolls: int
    all_told_stored: bool
    slowest: float
    errors: list[str]


def burst_section(server: Server, db: Database, module: Module, args: argparse.Namespace) -> Burst:
    """Every phone has the form on screen; they all press send at the same moment."""
    group = Group.start(db, module, "bench-burst", min_group_size=5)
    group.go_to(SELF_TEST)
    group.open_question()
    phones = in_threads([lambda: Phone.joined(server, group.join_code)] * args.burst, args.threads)
    step = group.step_of(SELF_TEST)
    ready = threading.Barrier(len(phones))
    started: list[float] = []
    finished: list[float] = []
    told: list[bool] = []
    errors: list[str] = []
    lock = threading.Lock()

    def send(phone: Phone, rng: random.Random) -> None:
        ready.wait()
        at = time.monotonic()
        try:
            ok = phone.answer(group.session_id, step, rng)
            trouble = [word for word in DATABASE_TROUBLE if word in phone.text()]
        except (TabError, OSError) as error:
            ok, trouble = False, [str(error)[:300]]
        with lock:
            started.append(at)
            finished.append(time.monotonic())
            told.append(ok)
            errors.extend(trouble)

    threads = [
        threading.Thread(target=send, args=(p, random.Random(i))) for i, p in enumerate(phones)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for phone in phones:
        phone.close()
    rolls, ballots = group.stored(SELF_TEST)
    return Burst(
        phones=len(phones),
        spread=max(started) - min(started),
        stored=ballots,
        rolls=rolls,
        all_told_stored=all(told),
        slowest=max(finished) - min(started),
        errors=errors + server.log_trouble(),
    )
