"""Randomized response: every stored answer is deniable, and the group result is an estimate.

The forced-response design, per answer and before anything is stored: with probability 3/4
the participant's own answer is kept; otherwise the answer is replaced by a forced "yes"
(1/6) or a forced "no" (1/12). Nobody, including whoever reads the database, can tell from
a stored "yes" whether it was the person's answer or a coin's. The group's true share is
recovered on average:

    E[observed share of "yes"] = 3/4 * true share + 1/6
    estimate = (observed share - 1/6) / (3/4), clamped to 0..1

For a choose-any question every option is a yes/no of its own ("I chose it"), randomized
independently; "liever niet zeggen" means no option chosen.

The uncertainty is the Wilson score interval of the observed share, mapped through the same
straight line. Wilson keeps its stated coverage for the small groups this app is for (n
of 10 to 30), where the textbook "estimate +/- 1.96 SE" does not; the tests check both the
estimator and the interval against seeded simulations.

The randomization happens on the server, just before the ballot is written: the true
answer crosses the network (TLS in a clinic) and lives in server memory for the duration of
one request, and is never stored or logged (see docs/privacy.md).
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from facilitator.content import QuestionStep
from facilitator.kinds import NO, PASS, YES, kind_of

# Twelve equally likely outcomes: 9 keep the answer (3/4), 2 force yes (1/6), 1 forces no
# (1/12). Drawn with the operating system's cryptographic generator: a predictable draw
# would make a stored answer guessable again.
OUTCOMES = 12
KEEP_BELOW = 9
FORCE_YES_BELOW = 11
P_KEEP = KEEP_BELOW / OUTCOMES
P_FORCED_YES = (FORCE_YES_BELOW - KEEP_BELOW) / OUTCOMES
P_FORCED_NO = (OUTCOMES - FORCE_YES_BELOW) / OUTCOMES
# "1 in N" answers is replaced by chance: what the phone and the console tell.
REPLACED_ONE_IN = round(OUTCOMES / (OUTCOMES - KEEP_BELOW))
Z_95 = 1.959964

Draw = Callable[[int], int]  # draw(n) -> a uniform integer in 0..n-1


def _forced(truth: str, draw: Draw) -> str:
    outcome = draw(OUTCOMES)
    if outcome < KEEP_BELOW:
        return truth
    return YES if outcome < FORCE_YES_BELOW else NO


def randomize(
    step: QuestionStep, answers: Mapping[str, str | list[str]], draw: Draw = secrets.randbelow
) -> dict[str, str | list[str]]:
    """The answers to store for a randomized-response session, each as its kind's
    ``randomization`` says; kinds that are not randomized (the scales) are stored as given."""
    stored: dict[str, str | list[str]] = {}
    for question in step.questions:
        value = answers[question.id]
        randomization = question.spec.randomization
        if randomization == "none":
            stored[question.id] = value
        elif randomization == "whole_answer":
            assert isinstance(value, str)
            stored[question.id] = _forced(value, draw)
        else:  # each_option
            chosen = set(value) - {PASS}
            stored[question.id] = [
                option
                for option in question.option_ids
                if option != PASS and _forced(YES if option in chosen else NO, draw) == YES
            ]
    return stored


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """The estimated share of the group for whom an answer is true, with a 95% interval."""

    share: float  # clamped to 0..1
    low: float
    high: float
    observed: int  # stored answers that say so (randomized)
    total: int

    @property
    def margin(self) -> float:
        """Half the interval's width: what "± x" on a chart means."""
        return (self.high - self.low) / 2


def forced_share(option_id: str, kind: str) -> float:
    """How often the randomization itself produces this stored option of a question of
    that kind."""
    randomization = kind_of(kind).randomization
    if randomization == "none":
        return 0.0
    if randomization == "each_option" or option_id == YES:
        return P_FORCED_YES
    if option_id == NO:
        return P_FORCED_NO
    return 0.0


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def unclamped_estimate(observed: float, total: int, forced: float = P_FORCED_YES) -> float:
    """(observed share - forced) / keep: unbiased, and may fall outside 0..1 by chance."""
    return (observed / total - forced) / P_KEEP


def estimate(observed: float, total: int, forced: float = P_FORCED_YES) -> Estimate:
    if total <= 0 or not 0 <= observed <= total:
        raise ValueError("observed must be between 0 and a positive total")
    p = observed / total
    z2 = Z_95 * Z_95
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = Z_95 * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    return Estimate(
        share=_clamp(unclamped_estimate(observed, total, forced)),
        low=_clamp((centre - half - forced) / P_KEEP),
        high=_clamp((centre + half - forced) / P_KEEP),
        observed=round(observed),
        total=total,
    )


def expected_interval(people: int, true_share: float = 0.5) -> Estimate:
    """The interval a facilitator can expect around a yes/no result in a group of this
    size, where the truth is ``true_share`` (half: the widest): what the start form tells,
    so that nobody picks randomized answers where the margins would swallow the result."""
    observed = people * (P_KEEP * true_share + P_FORCED_YES)
    return estimate(observed, people)


# A margin of at most this (the interval a quarter of the scale either way) is where the
# start form stops warning that the group is too small for randomized answers.
USEFUL_WIDTH = 0.5


def smallest_useful_group() -> int:
    """The smallest group whose expected interval is at most USEFUL_WIDTH wide (24)."""
    return next(n for n in range(3, 1000) if _width(expected_interval(n)) <= USEFUL_WIDTH)


def _width(interval: Estimate) -> float:
    return interval.high - interval.low
