"""The rules that keep a group result from pointing at a person."""

from __future__ import annotations

import hashlib

from facilitator.config import MAX_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR


def validate_min_group_size(k: int) -> int:
    """k may be raised per session, never lowered below the floor."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError("the minimum group size must be a whole number")
    if k < MIN_GROUP_SIZE_FLOOR:
        raise ValueError(f"the minimum group size is never below {MIN_GROUP_SIZE_FLOOR}")
    if k > MAX_MIN_GROUP_SIZE:
        raise ValueError(f"the minimum group size is at most {MAX_MIN_GROUP_SIZE}")
    return k


def answers_needed(count: int, k: int) -> int:
    """How many more answers before a result may be shown (0 when enough are in)."""
    return max(0, k - count)


def may_show(count: int, k: int) -> bool:
    return answers_needed(count, k) == 0


def roll_key(token: str, *, session_id: int, step_index: int) -> str:
    """What the roll keeps of "this participant answered this step": a hash of the token
    with the step, different for every step and not derivable from ``token_hash``. A
    ballot and its roll entry are written in one commit, so a copy of the database taken
    while a question is open can pair them; the pair leads to no participant and to no
    ballot of the same person on another step, because only the phone has the token."""
    return hashlib.sha256(f"roll\x00{session_id}\x00{step_index}\x00{token}".encode()).hexdigest()


def token_hash(token: str) -> str:
    """What the database keeps of a participant's token: a copy of the database alone
    does not let anyone act as that participant."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
