"""Section 1, cost: server CPU per request, each kind run back to back from a few client
threads, with the server's idle CPU subtracted; and the ratio to the floor."""

from __future__ import annotations

import argparse
import itertools
import random
from collections.abc import Callable, Sequence
from functools import partial

from bench.constants import READING_STEP, SELF_TEST
from bench.devices import AgentSession, Phone, Projector
from bench.group import Group
from bench.measure import Cost, Floor, in_threads, measure
from bench.server import Server
from facilitator.config import MIN_GROUP_SIZE_FLOOR
from facilitator.content import Module
from facilitator.db import Database


def cost_section(
    server: Server, db: Database, module: Module, args: argparse.Namespace, floor: Floor
) -> tuple[list[Cost], Cost]:
    """Each kind of request back to back, one kind at a time, from `threads` clients."""
    group = Group.start(db, module, "bench-cost", min_group_size=3)
    group.go_to(READING_STEP)
    phones = in_threads(
        [lambda: Phone.joined(server, group.join_code)] * (args.threads * 10), args.threads
    )
    projectors = [Projector.opened(server, group.projector_token) for _ in range(args.threads)]
    agents = [AgentSession(server) for _ in range(args.threads * 5)]
    for agent in agents:
        agent.join(group.join_code)
    # One untimed round first: the database pool and Streamlit's caches fill once.
    in_threads([p.poll for p in phones + projectors] + [a.send for a in agents], args.threads)
    idle = server.idle_cpu_rate()
    rounds = max(1, args.rounds // 10)
    floor.measure()

    def run(name: str, work: Sequence[Callable[[], object]]) -> Cost:
        return measure(server, name, work, args.threads, idle)

    costs = [
        run("phone poll: reading a step", [p.poll for p in phones] * rounds),
        run("phone: page drawn anew (reading)", [p.rerun for p in phones] * rounds),
    ]
    agent_poll = run("agent API: phone page rerun", [a.send for a in agents] * rounds)
    floor.measure()
    group.go_to(SELF_TEST)
    group.open_question()
    in_threads([p.poll for p in phones + projectors], args.threads)  # the new step, drawn once
    costs.append(run("phone poll: answer form on screen", [p.poll for p in phones] * rounds))
    costs.append(run("projector poll: answer count", [p.poll for p in projectors] * args.rounds))
    step = group.step_of(SELF_TEST)
    rng = random.Random(1)
    costs.append(
        run(
            "answer sent (six questions)",
            [partial(Phone.answer, p, group.session_id, step, rng) for p in phones],
        )
    )
    group.reveal()
    in_threads([p.poll for p in projectors], args.threads)
    costs.append(
        run("projector poll: six charts on screen", [p.poll for p in projectors] * args.rounds)
    )
    costs.append(run("projector: page drawn anew (charts)", [p.rerun for p in projectors] * rounds))
    floor.measure()
    for tab in phones + projectors:
        tab.close()
    return costs, agent_poll


_WARM_UPS = itertools.count()  # a section that runs after another warms up again


def warm_up(server: Server, db: Database, module: Module) -> None:
    """One small group through a question to its charts: imports and caches that the
    first group fills, once per process."""
    group = Group.start(
        db, module, f"bench-warm-up-{next(_WARM_UPS)}", min_group_size=MIN_GROUP_SIZE_FLOOR
    )
    group.go_to(SELF_TEST)
    group.open_question()
    phones = [Phone.joined(server, group.join_code) for _ in range(MIN_GROUP_SIZE_FLOOR)]
    projector = Projector.opened(server, group.projector_token)
    rng = random.Random(3)
    for phone in phones:
        phone.answer(group.session_id, group.step_of(SELF_TEST), rng)
    group.reveal()
    projector.poll()
    for tab in [*phones, projector]:
        tab.close()
