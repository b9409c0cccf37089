"""Group results: counts per option, computed from the ballots of one step.

A result is plain data (``StepResult``) that can be charted, stored in a summary as JSON,
and turned into pandas frames. Shares are always taken over all answers to the step,
'liever niet zeggen' included, so the denominator is never smaller than k.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.content import Module, QuestionStep
from facilitator.kinds import PASS, YES, QuestionKind, kind_of
from facilitator.models import PHASE_REVEALED, Ballot, GroupSession, StepState
from facilitator.privacy import may_show
from facilitator.randomized import P_FORCED_YES, estimate, forced_share


@dataclass(frozen=True, kw_only=True)
class QuestionResult:
    id: str
    kind: str
    text: str
    option_ids: list[str]
    option_labels: list[str]
    counts: list[int]  # per option, same order; for choose-any: people who chose it
    low_label: str = ""
    high_label: str = ""

    @property
    def spec(self) -> QuestionKind:
        return kind_of(self.kind)

    def has_estimate(self, option_id: str) -> bool:
        """Whether randomized answers give this option an estimate: not 'liever niet
        zeggen' where every option is randomized on its own, since it is then stored as
        'nothing chosen' and has no count of its own."""
        return self.spec.randomizable and not (
            self.spec.randomization == "each_option" and option_id == PASS
        )


@dataclass(frozen=True, kw_only=True)
class StepResult:
    step_index: int
    step_id: str
    title: str
    total: int  # ballots, i.e. people who answered
    questions: list[QuestionResult]
    revealed: bool = False
    # Stored answers were randomized: counts are of randomized answers, shares estimates.
    randomized: bool = False

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StepResult:
        """From ``to_dict``'s JSON as kept in a summary (Any: its shape is ours, written by
        ``summarize`` and brought up to date by the migrations)."""
        questions = [QuestionResult(**q) for q in data["questions"]]
        return cls(**{**data, "questions": questions})


def aggregate(
    step: QuestionStep,
    step_index: int,
    ballots: Iterable[Mapping[str, object]],
    *,
    randomized: bool = False,
) -> StepResult:
    ballots = list(ballots)
    questions = []
    for q in step.questions:
        counts = dict.fromkeys(q.option_ids, 0)
        for ballot in ballots:
            value = ballot[q.id]
            for chosen in value if isinstance(value, list) else [value]:
                counts[str(chosen)] += 1
        questions.append(
            QuestionResult(
                id=q.id,
                kind=q.kind,
                text=q.text,
                option_ids=list(q.option_ids),
                option_labels=[o.label for o in q.options],
                counts=list(counts.values()),
                low_label=q.low_label,
                high_label=q.high_label,
            )
        )
    return StepResult(
        step_index=step_index,
        step_id=step.id,
        title=step.title,
        total=len(ballots),
        questions=questions,
        randomized=randomized,
    )


def ballots_of(s: Session, *, session_id: int, step_index: int) -> list[dict[str, object]]:
    rows = s.scalars(
        select(Ballot.answers).where(
            Ballot.session_id == session_id, Ballot.step_index == step_index
        )
    )
    return [json.loads(row) for row in rows]


def step_result(s: Session, *, session_id: int, step_index: int, step: QuestionStep) -> StepResult:
    group = s.get(GroupSession, session_id)
    return aggregate(
        step,
        step_index,
        ballots_of(s, session_id=session_id, step_index=step_index),
        randomized=group is not None and group.randomized_response,
    )


def shown_before(
    s: Session, *, group: GroupSession, module: Module, step_index: int
) -> list[StepResult]:
    """The results the room has already seen in this session, before ``step_index``: revealed
    steps with at least k answers, the same rule as for what a summary keeps."""
    revealed = s.scalars(
        select(StepState.step_index).where(
            StepState.session_id == group.id,
            StepState.phase == PHASE_REVEALED,
            StepState.step_index < step_index,
        )
    )
    shown: list[StepResult] = []
    for index in sorted(revealed):
        step = module.steps[index] if index < len(module.steps) else None
        if not isinstance(step, QuestionStep):
            continue
        result = step_result(s, session_id=group.id, step_index=index, step=step)
        if may_show(result.total, group.min_group_size):
            shown.append(result)
    return shown


@dataclass(frozen=True)
class OnScreen:
    """A step's result as the projector shows it, beside the results shown before it."""

    result: StepResult
    shown_before: list[StepResult]


def on_screen(s: Session, *, group: GroupSession, module: Module) -> OnScreen | None:
    """The current step's result, once the facilitator revealed it; else nothing. The one
    place that decides it, for the projector and for the console's copy of it."""
    step_index = group.current_step
    step = module.steps[step_index]
    if not isinstance(step, QuestionStep):
        return None
    phase = s.scalar(
        select(StepState.phase).where(
            StepState.session_id == group.id, StepState.step_index == step_index
        )
    )
    if phase != PHASE_REVEALED:
        return None
    return OnScreen(
        result=step_result(s, session_id=group.id, step_index=step_index, step=step),
        shown_before=shown_before(s, group=group, module=module, step_index=step_index),
    )


Comparison = tuple[StepResult, QuestionResult, StepResult, QuestionResult]


def comparisons(results: list[StepResult]) -> list[Comparison]:
    """Scale questions (their kind's ``scale``) asked again later with the same id
    (check-in and check-out): the first and the last time, as group distributions."""
    seen: dict[str, list[tuple[StepResult, QuestionResult]]] = {}
    for result in results:
        for question in result.questions:
            if question.spec.scale:
                seen.setdefault(question.id, []).append((result, question))
    return [
        (first[0], first[1], last[0], last[1])
        for first, *_, last in (found for found in seen.values() if len(found) > 1)
    ]


# Why a step's result is not kept: too few answers to show, or never shown to the room.
WITHHELD_TOO_FEW = "too_few"
WITHHELD_NOT_SHOWN = "not_shown"


def summarize(s: Session, *, group: GroupSession, module: Module) -> list[dict[str, object]]:
    """What the facilitator keeps after the ballots are deleted: the result of every step
    the room saw revealed, and of the others only how many answered. A result the
    facilitator chose not to show (for instance after the console warned that everyone
    answered alike) must not turn up in the history instead."""
    revealed = set(
        s.scalars(
            select(StepState.step_index).where(
                StepState.session_id == group.id, StepState.phase == PHASE_REVEALED
            )
        )
    )
    summary: list[dict[str, object]] = []
    for index, step in enumerate(module.steps):
        if not isinstance(step, QuestionStep):
            continue
        result = step_result(s, session_id=group.id, step_index=index, step=step)
        if result.total == 0:
            continue
        if index in revealed and may_show(result.total, group.min_group_size):
            summary.append(result.to_dict() | {"revealed": True})
        else:
            summary.append(withheld(result, group.min_group_size))
    return summary


def withheld(result: StepResult, min_group_size: int) -> dict[str, object]:
    """A step in a summary without its result: its count and why nothing else is kept."""
    return {
        "step_index": result.step_index,
        "step_id": result.step_id,
        "title": result.title,
        "total": result.total,
        "suppressed": True,
        "reason": WITHHELD_NOT_SHOWN
        if may_show(result.total, min_group_size)
        else WITHHELD_TOO_FEW,
    }


def option_frame(question: QuestionResult, total: int) -> pd.DataFrame:
    """One row per option: label, count and share of all who answered the step."""
    frame = pd.DataFrame(
        {
            "option": question.option_ids,
            "label": question.option_labels,
            "count": question.counts,
        }
    )
    frame["share"] = frame["count"] / total if total else 0.0
    return frame


def estimate_frame(question: QuestionResult, total: int) -> pd.DataFrame:
    """For randomized answers: per option the estimated share of the group for whom it is
    true, with its 95% interval (for the options that have one: ``has_estimate``)."""
    rows = []
    for option, label, count in zip(
        question.option_ids, question.option_labels, question.counts, strict=True
    ):
        if not question.has_estimate(option):
            continue
        guess = estimate(count, total, forced_share(option, question.kind))
        rows.append(
            {
                "option": option,
                "label": label,
                "count": count,
                "share": guess.share,
                "low": guess.low,
                "high": guess.high,
            }
        )
    return pd.DataFrame(rows, columns=["option", "label", "count", "share", "low", "high"])


def yes_share_frame(result: StepResult) -> pd.DataFrame:
    """Per question charted as a share of 'ja' (the yes/no kind): how many said 'ja', as a
    share of everyone who answered. For randomized answers the share is the estimate, with
    its interval in low/high."""
    rows = []
    for q in result.questions:
        if q.spec.chart != "yes_shares":
            continue
        yes = q.counts[q.option_ids.index(YES)]
        share = yes / result.total if result.total else 0.0
        low = high = share
        if result.randomized and result.total:
            guess = estimate(yes, result.total, P_FORCED_YES)
            share, low, high = guess.share, guess.low, guess.high
        rows.append({"question": q.text, "yes": yes, "share": share, "low": low, "high": high})
    return pd.DataFrame(rows, columns=["question", "yes", "share", "low", "high"])


def is_estimated(question: QuestionResult, result: StepResult) -> bool:
    """Whether this question's shares are estimates (randomized answers)."""
    return result.randomized and question.spec.randomizable


def is_unanimous(result: StepResult) -> bool:
    """True when revealing would tell each person what all the others answered: a question
    that got one answer from everyone, or a choose-any option that everyone picked.
    Randomized answers tell nothing certain even then: each one may have been forced."""
    return result.total > 0 and any(
        count == result.total
        for q in result.questions
        if not is_estimated(q, result)
        for option, count in zip(q.option_ids, q.counts, strict=True)
        if not (q.spec.multiple and option == PASS)
    )
