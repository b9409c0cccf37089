"""Measuring: work spread over client threads, CPU per request against the server's idle
rate, percentiles, and the framework's floor (bench/floor.py) every cost is divided by."""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

from bench.devices import AgentSession
from bench.server import Server
from bench.tabs import Tab

T = TypeVar("T")


def in_threads(work: Iterable[Callable[[], T]], threads: int) -> list[T]:
    """Run the callables on a few threads, as fast as they go; their results in order."""
    jobs = list(enumerate(work))
    results: list[T | None] = [None] * len(jobs)
    failures: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not jobs or failures:
                    return
                index, job = jobs.pop(0)
            try:
                results[index] = job()
            except Exception as failure:  # raised again below, in the caller's thread
                with lock:
                    failures.append(failure)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise failures[0]
    return cast(list[T], results)  # every slot is filled: a job that failed raised above


@dataclass
class Cost:
    name: str
    requests: int
    cpu_ms: float  # per request, idle subtracted
    wall_ms: float  # mean reply time


def measure(
    server: Server, name: str, work: Sequence[Callable[[], object]], threads: int, idle: float
) -> Cost:
    cpu_before, started = server.cpu_seconds(), time.perf_counter()
    timings = in_threads([_timed(job) for job in work], threads)
    elapsed = time.perf_counter() - started
    used = server.cpu_seconds() - cpu_before - idle * elapsed
    return Cost(
        name,
        len(work),
        1000 * used / len(work),
        1000 * statistics.fmean(t for t in timings if isinstance(t, float)),
    )


def _timed(job: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        started = time.perf_counter()
        job()
        return time.perf_counter() - started

    return run


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


class Floor:
    """The one-line script on its own server, rerun by tabs and through the agent API.
    Measured several times between the app's measurements; the median is the floor, so
    one noisy moment on a shared machine does not move every ratio."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.server = Server(
            "bench/floor.py", "sqlite://", args.poll, args.setting, workdir / "floor.log"
        )
        self.server.start()
        self.tabs = [Tab(self.server) for _ in range(args.threads * 10)]
        for tab in self.tabs:
            tab.load()
        self.agents = [AgentSession(self.server) for _ in range(args.threads * 10)]
        for agent in self.agents:
            agent.send()
        self.idle = self.server.idle_cpu_rate()
        self.tab_costs: list[Cost] = []
        self.agent_costs: list[Cost] = []

    def measure(self) -> None:
        rounds = max(1, self.args.rounds // 10)
        self.tab_costs.append(
            measure(
                self.server,
                "floor: one-line script rerun",
                [t.rerun for t in self.tabs] * rounds,
                self.args.threads,
                self.idle,
            )
        )
        self.agent_costs.append(
            measure(
                self.server,
                "agent API floor: one-line script",
                [a.send for a in self.agents] * rounds,
                self.args.threads,
                self.idle,
            )
        )

    def medians(self) -> tuple[Cost, Cost]:
        def median(costs: list[Cost]) -> Cost:
            return sorted(costs, key=lambda cost: cost.cpu_ms)[len(costs) // 2]

        return median(self.tab_costs), median(self.agent_costs)

    def stop(self) -> None:
        for tab in self.tabs:
            tab.close()
        self.server.stop()
