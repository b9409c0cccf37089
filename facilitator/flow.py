"""The facilitator's next move: what the console's one primary button (and the → key)
does at each moment of a step, like the next click of presentation software.

A question step goes open → close → show on screen → next step. Where showing is not the
right next move (too few answers, or a result that would show that everyone answered
alike) the next move is the next step, so that the easy press never shows more than the
facilitator chose to.
"""

from __future__ import annotations

from enum import StrEnum

from facilitator.models import PHASE_CLOSED, PHASE_OPEN
from facilitator.privacy import answers_needed


class Move(StrEnum):
    OPEN = "open"
    CLOSE = "close"
    REVEAL = "reveal"
    NEXT = "next"
    NONE = "none"  # the last step, with nothing left to do on it


def next_move(
    *,
    is_question: bool,
    phase: str | None,
    answers_in: int,
    min_group_size: int,
    unanimous: bool,
    last_step: bool,
) -> Move:
    """``unanimous``: the closed question's result would show that everyone gave one answer
    (the console warns; showing it stays possible, but not as the easy press)."""
    if is_question:
        if phase is None:
            return Move.OPEN
        if phase == PHASE_OPEN:
            return Move.CLOSE
        enough = not answers_needed(answers_in, min_group_size)
        if phase == PHASE_CLOSED and enough and not unanimous:
            return Move.REVEAL
    return Move.NONE if last_step else Move.NEXT
