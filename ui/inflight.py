"""Page runs in flight, so that a stopping server lets them finish and reach their browser.

On SIGTERM, uvicorn closes every websocket at once. A phone whose send was being stored
then never heard that it was: 100 of 100 sends were stored, and no phone was told. The
server (serve.py) therefore waits until the page runs in flight are done, and a moment for
their replies to go out, before it lets uvicorn close the connections.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Condition()
_running = [0]


@contextmanager
def page_run() -> Iterator[None]:
    """Around every full page run (app.py): sends and facilitator actions happen in one."""
    with _lock:
        _running[0] += 1
    try:
        yield
    finally:
        with _lock:
            _running[0] -= 1
            _lock.notify_all()


def wait_until_done(timeout: float) -> bool:
    """Block until no page run is in flight (True), or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    with _lock:
        while _running[0]:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _lock.wait(left)
    return True
