"""Open files: every connected browser holds about four (its websocket, and its Streamlit
session's event loop: an epoll handle and a socket pair), and Streamlit keeps up to 128 left
sessions for two minutes. At a soft limit of 1,024 connections failed from about 250
phones, and at macOS's 256 from 51-75, breaking phones already connected too.

So the server raises its soft limit to the hard one at start, and says in the log when the
files in use come near the limit, and when they are back down. A phone that leaves by the
quick exit releases its session at once (ui/departures.py).
"""

from __future__ import annotations

import gc
import resource
import sys
import threading
import time

import psutil

# The most a soft limit is raised to where the hard limit is "unlimited" (macOS).
_UNLIMITED_TARGET = 10_240
NEAR = 0.8  # of the soft limit: said in the log
BACK = 0.6  # below this again: said too


def raise_soft_limit() -> tuple[int, int]:
    """Soft limit up to the hard one; returns (before, after)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = _UNLIMITED_TARGET if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft, soft
        return soft, target
    return soft, soft


def in_use() -> int:
    return psutil.Process().num_fds()


def watch(every_seconds: float = 10.0) -> threading.Thread:
    """A daemon thread that says once when open files pass NEAR of the limit, and once
    when they are below BACK again."""

    def run() -> None:
        near = False
        while True:
            soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
            used = in_use()
            if used >= NEAR * soft:
                # Sessions Streamlit has dropped keep their files until the garbage
                # collector closes them (postScriptGC is off, for speed): now it should.
                gc.collect()
                used = in_use()
            if not near and used >= NEAR * soft:
                near = True
                print(
                    f"Open files: {used} of the limit of {soft} are in use; new phones may "
                    "soon fail to connect. Raise the limit (ulimit -n) before the next "
                    "session.",
                    file=sys.stderr,
                    flush=True,
                )
            elif near and used < BACK * soft:
                near = False
                print(f"Open files: back to {used} of {soft}.", file=sys.stderr, flush=True)
            time.sleep(every_seconds)

    thread = threading.Thread(target=run, name="open-files", daemon=True)
    thread.start()
    return thread
