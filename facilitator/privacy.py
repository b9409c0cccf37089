"""The rules that keep a group result from pointing at a person."""

from __future__ import annotations

import hashlib

from facilitator.config import MIN_GROUP_SIZE_FLOOR


def validate_min_group_size(k: int) -> int:
    """k may be raised per session, never lowered below the floor."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError("the minimum group size must be a whole number")
    if k < MIN_GROUP_SIZE_FLOOR:
        raise ValueError(f"the minimum group size is never below {MIN_GROUP_SIZE_FLOOR}")
    if k > 200:
        raise ValueError("the minimum group size is at most 200")
    return k


def answers_needed(count: int, k: int) -> int:
    """How many more answers before a result may be shown (0 when enough are in)."""
    return max(0, k - count)


def may_show(count: int, k: int) -> bool:
    return answers_needed(count, k) == 0


def token_hash(token: str) -> str:
    """What the database keeps of a participant's token: a copy of the database alone
    does not let anyone act as that participant."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
