"""Randomized response: the forced-response draw, the estimator and its stated uncertainty,
checked against seeded simulations of groups of 10, 20 and 30."""

from __future__ import annotations

import dataclasses
import random
import statistics
from collections import Counter

import pytest

from facilitator import randomized
from facilitator.content import PASS
from facilitator.randomized import NO, YES, estimate, randomize, unclamped_estimate
from tests.helpers import step_index

SIMULATED_GROUPS = 2000


@pytest.fixture
def one_yes_no(module):
    step = module.steps[step_index(module, "zelftest")]
    return dataclasses.replace(step, questions=step.questions[:1])


@pytest.fixture
def choose_any(module):
    return module.steps[step_index(module, "scannen")]


def test_the_draw_keeps_three_in_four_and_forces_yes_one_in_six_and_no_one_in_twelve(
    one_yes_no,
):
    draw = random.Random(7).randrange
    qid = one_yes_no.questions[0].id
    outcomes = Counter(randomize(one_yes_no, {qid: "weet_niet"}, draw)[qid] for _ in range(60_000))
    assert abs(outcomes["weet_niet"] / 60_000 - 3 / 4) < 0.01
    assert abs(outcomes[YES] / 60_000 - 1 / 6) < 0.01
    assert abs(outcomes[NO] / 60_000 - 1 / 12) < 0.01
    assert set(outcomes) == {"weet_niet", YES, NO}


def test_every_draw_outcome_is_the_documented_one(one_yes_no):
    qid = one_yes_no.questions[0].id
    stored = [randomize(one_yes_no, {qid: NO}, lambda n, o=o: o)[qid] for o in range(12)]
    assert stored == [NO] * 9 + [YES, YES, NO]


def test_choose_any_randomizes_each_option_and_pass_means_none_chosen(choose_any):
    question = choose_any.questions[0]
    options = [o for o in question.option_ids if o != PASS]
    keep = {question.id: [options[0], options[2]]}
    assert randomize(choose_any, keep, lambda n: 0)[question.id] == [options[0], options[2]]
    assert randomize(choose_any, {question.id: [PASS]}, lambda n: 0)[question.id] == []
    forced_yes = randomize(choose_any, {question.id: [PASS]}, lambda n: 9)[question.id]
    assert forced_yes == options  # every option forced to "chosen"; never "pass"
    assert randomize(choose_any, keep, lambda n: 11)[question.id] == []


def test_scales_are_stored_as_given(module):
    step = module.steps[step_index(module, "check-in")]
    qid = step.questions[0].id
    assert randomize(step, {qid: "4"}, lambda n: 10) == {qid: "4"}


def simulate(step, n: int, true_yes: int, seed: int) -> list[int]:
    """Observed 'ja' counts of many groups of n in which true_yes people say 'ja'."""
    draw = random.Random(seed).randrange
    qid = step.questions[0].id
    truths = [YES] * true_yes + [NO] * (n - true_yes)
    return [
        sum(randomize(step, {qid: truth}, draw)[qid] == YES for truth in truths)
        for _ in range(SIMULATED_GROUPS)
    ]


@pytest.mark.parametrize("n", [10, 20, 30])
@pytest.mark.parametrize("true_share", [0.0, 0.3, 0.6, 1.0])
def test_the_estimate_is_unbiased_and_its_interval_holds_what_it_states(one_yes_no, n, true_share):
    true_yes = round(true_share * n)
    truth = true_yes / n
    observed = simulate(one_yes_no, n, true_yes, seed=n * 1000 + true_yes)
    raw = [unclamped_estimate(o, n) for o in observed]
    # Unbiased: the average estimate is within Monte Carlo error of the truth.
    monte_carlo_error = statistics.stdev(raw) / SIMULATED_GROUPS**0.5
    assert abs(statistics.fmean(raw) - truth) < 4 * monte_carlo_error + 1e-9
    # The stated 95% interval contains the truth about 95% of the time.
    estimates = [estimate(o, n) for o in observed]
    coverage = sum(e.low <= truth <= e.high for e in estimates) / SIMULATED_GROUPS
    assert coverage >= 0.92, coverage
    # And it is honest about its width: the average margin is about 1.96 times the actual
    # spread of the estimate (the clamped estimate is what a projector shows).
    shown = [e.share for e in estimates]
    spread = statistics.stdev(shown)
    stated = statistics.fmean(e.margin for e in estimates) / randomized.Z_95
    assert 0.75 * spread <= stated <= 1.6 * spread, (stated, spread)
    # The shown estimate stays within 0..1.
    assert all(0 <= e.low <= e.share <= e.high <= 1 for e in estimates)


def test_an_estimate_needs_a_group():
    with pytest.raises(ValueError, match="positive total"):
        estimate(1, 0)
    with pytest.raises(ValueError, match="positive total"):
        estimate(5, 4)


def test_the_expected_margins_say_where_randomizing_cannot_help():
    from facilitator.randomized import USEFUL_WIDTH, expected_interval, smallest_useful_group

    six = expected_interval(6)
    assert six.high - six.low > 0.5  # at 6 people a 50% result spans more than half the scale
    assert round(six.low, 2) == 0.06 and round(six.high, 2) == 0.89
    widths = [expected_interval(n).high - expected_interval(n).low for n in range(3, 60)]
    assert widths == sorted(widths, reverse=True)  # more people, narrower
    useful = smallest_useful_group()
    assert expected_interval(useful).high - expected_interval(useful).low <= USEFUL_WIDTH
    assert expected_interval(useful - 1).high - expected_interval(useful - 1).low > USEFUL_WIDTH
