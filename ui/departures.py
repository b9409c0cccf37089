"""The Streamlit sessions of each phone, so that a phone that leaves by the quick exit
releases its session at once.

Streamlit keeps a left session for two minutes (up to 128 of them) in case its browser
comes back, and each holds three open files (its event loop: an epoll handle and a socket
pair); sessions it drops then wait for the garbage collector. A phone that left by the
quick exit is not coming back: serve.py's api/left closes its sessions at once.
Process-local and bounded; it holds token hashes and session ids, nothing of an answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from streamlit import runtime

_MAX_PHONES = 4096
_lock = threading.Lock()
_sessions_by_phone: OrderedDict[str, set[str]] = OrderedDict()


def register(token_hash: str, session_id: str) -> None:
    """Called by the participant page: this Streamlit session is this phone's."""
    with _lock:
        _sessions_by_phone.setdefault(token_hash, set()).add(session_id)
        _sessions_by_phone.move_to_end(token_hash)
        while len(_sessions_by_phone) > _MAX_PHONES:
            _sessions_by_phone.popitem(last=False)


def release(token_hash: str) -> int:
    """Close this phone's sessions (or, while one is still connected, when it goes)."""
    with _lock:
        session_ids = _sessions_by_phone.pop(token_hash, set())
    if not runtime.exists():
        return 0
    for session_id in session_ids:
        # Public Runtime API: marks the session not resumable, closes it if it is only
        # stored, and an active one is shut down as soon as its websocket closes.
        runtime.get_instance().clear_user_info_for_session(session_id)
    return len(session_ids)
