"""Recording answers like a ballot box: validated, once per participant, unlinkable.

The roll entry (who answered the step) and the ballot (what was answered) are written in
one transaction but share nothing: the ballot has a random id, no token, no time.
Nothing of an answer is ever logged or put in an error message.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from facilitator import changes
from facilitator.content import Module, Question, QuestionStep
from facilitator.errors import AnswerRefused
from facilitator.models import PHASE_CLOSED, PHASE_OPEN, PHASE_REVEALED, RUNNING, Ballot, RollEntry
from facilitator.privacy import roll_key
from facilitator.randomized import randomize
from facilitator.sessions import has_answered, phase_of, session_of_participant

Answers = Mapping[str, object]


def clean_answers(step: QuestionStep, answers: object) -> dict[str, str | list[str]]:
    """The answers in canonical form, or AnswerRefused("refused_invalid").

    Anything a browser could send is checked: keys must be exactly the step's questions,
    values one of the offered options (a list of distinct options for choose-any, where
    'liever niet zeggen' and 'geen van deze' stand alone)."""
    if not isinstance(answers, Mapping) or set(answers) != {q.id for q in step.questions}:
        raise AnswerRefused("refused_invalid")
    return {q.id: _clean_one(q, answers[q.id]) for q in step.questions}


def mixes_a_lone_choice(question: Question, chosen: list[str]) -> bool:
    """Whether a choice that must stand alone ('liever niet zeggen', 'geen van deze') came
    with others."""
    return len(chosen) > 1 and bool(question.spec.lone_options & set(chosen))


def _clean_one(question: Question, value: object) -> str | list[str]:
    allowed = question.option_ids
    if not question.spec.multiple:
        if not isinstance(value, str) or value not in allowed:
            raise AnswerRefused("refused_invalid")
        return value
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise AnswerRefused("refused_invalid")
    chosen = list(value)
    if (
        not chosen
        or len(chosen) > len(allowed)
        or any(not isinstance(v, str) or v not in allowed for v in chosen)
        or len(set(chosen)) != len(chosen)
        or mixes_a_lone_choice(question, chosen)
    ):
        raise AnswerRefused("refused_invalid")
    return sorted(chosen, key=allowed.index)


def submit(s: Session, *, token: str, step_index: int, answers: object, module: Module) -> None:
    """Store one participant's answers to the current, open question step.

    Raises AnswerRefused with a code for a message; nothing is stored then."""
    group = session_of_participant(s, token=token)
    if group is None:
        raise AnswerRefused("refused_unknown")
    if group.status != RUNNING:
        raise AnswerRefused("refused_ended")
    if has_answered(s, session_id=group.id, step_index=step_index, token=token):
        raise AnswerRefused("refused_already")
    if step_index != group.current_step or not 0 <= step_index < len(module.steps):
        raise AnswerRefused("refused_not_current")
    step = module.steps[step_index]
    phase = phase_of(s, session_id=group.id, step_index=step_index)
    if not isinstance(step, QuestionStep) or phase != PHASE_OPEN:
        raise AnswerRefused(
            "refused_closed" if phase in (PHASE_REVEALED, PHASE_CLOSED) else "refused_not_current"
        )
    cleaned = clean_answers(step, answers)
    if group.randomized_response:
        # Before anything is stored: the true answer exists only in this request.
        cleaned = randomize(step, cleaned)
    try:
        # A savepoint: a second submit racing this one fails on the roll's primary key
        # and is reported as "already answered" without spoiling the transaction.
        with s.begin_nested():
            s.add(
                RollEntry(
                    session_id=group.id,
                    step_index=step_index,
                    roll_key=roll_key(token, session_id=group.id, step_index=step_index),
                )
            )
            s.add(
                Ballot(
                    id=secrets.token_hex(16),
                    session_id=group.id,
                    step_index=step_index,
                    answers=json.dumps(cleaned, sort_keys=True),
                )
            )
            s.flush()
    except IntegrityError:
        raise AnswerRefused("refused_already") from None
    # The count on the console and the projector: the news names the session, never when
    # or from whom (a page learns of it together with every other answer read since).
    changes.changed(s, group.id)
