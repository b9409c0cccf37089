import pytest

from facilitator import charts, results
from facilitator.content import Module
from tests.helpers import self_test_answers, step_index


@pytest.fixture
def self_test(module: Module):
    index = step_index(module, "zelftest")
    return index, module.steps[index]


def test_share_of_yes_per_item_counts_every_answer_in_the_denominator(self_test):
    index, step = self_test
    ballots = [
        self_test_answers(6),
        self_test_answers(3),
        self_test_answers(0),
        {**self_test_answers(1), "kind": "pass"},
        {**self_test_answers(0), "vriend": "weet_niet"},
    ]
    result = results.aggregate(step, index, ballots)
    frame = results.yes_share_frame(result)
    assert result.total == 5
    # vriend: 'ja' in ballots 1, 2 and 4; 'nee' in 3; 'weet_niet' in 5
    assert frame.loc[0, "yes"] == 3
    assert frame.loc[0, "share"] == pytest.approx(0.6)
    # kind: 'ja' only from the first two; 'pass' counts in the denominator
    assert frame.loc[1, "yes"] == 2
    assert frame.loc[1, "share"] == pytest.approx(0.4)


def test_a_result_survives_the_round_trip_through_a_summary(self_test):
    index, step = self_test
    result = results.aggregate(step, index, [self_test_answers(n) for n in range(6)])
    assert results.StepResult.from_dict(result.to_dict()) == result


def test_a_question_everyone_answered_alike_is_flagged_unanimous(self_test):
    index, step = self_test
    same = results.aggregate(step, index, [self_test_answers(2)] * 5)
    mixed = [
        {
            **self_test_answers(0),
            "vriend": v,
            "kind": w,
            "niet-begrepen": w,
            "verdedigen": v,
            "afstand-lukt-niet": w,
            "onrust": v,
        }
        for v, w in [("ja", "nee"), ("nee", "ja"), ("pass", "nee"), ("ja", "ja"), ("nee", "pass")]
    ]
    assert results.is_unanimous(same)
    assert not results.is_unanimous(results.aggregate(step, index, mixed))


def test_the_self_test_charts_label_bars_with_percent_and_count(self_test):
    index, step = self_test
    result = results.aggregate(step, index, [self_test_answers(n) for n in (1, 2, 3, 4, 6)])
    figures = charts.step_charts(result, "nl")
    # One chart: no count of 'ja' per person (tests/unit/test_reconstruction.py says why).
    (share,) = figures
    assert list(share.data[0].x) == pytest.approx([1.0, 0.8, 0.6, 0.4, 0.2, 0.2])
    assert share.data[0].text[0] == "100% (5/5)"
    assert share.data[0].text[5] == "20% (1/5)"


def test_a_scale_question_charts_its_distribution_with_words_at_both_ends(module: Module):
    index = step_index(module, "check-in")
    step = module.steps[index]
    ballots = [{"gevoel": v} for v in ["1", "3", "3", "5", "pass"]]
    (figure,) = charts.step_charts(results.aggregate(step, index, ballots), "nl")
    bar = figure.data[0]
    assert "heel zwaar" in bar.x[0] and "heel goed" in bar.x[4]
    assert list(bar.text) == ["20% (1)", "0% (0)", "40% (2)", "0% (0)", "20% (1)", "20% (1)"]


def test_a_choose_any_option_everyone_picked_is_flagged_unanimous(module: Module):
    index = step_index(module, "scannen")
    step = module.steps[index]
    everyone_tone = [
        {"signalen": ["toon"]},
        {"signalen": ["toon", "stilte"]},
        {"signalen": ["toon", "timing"]},
    ]
    mixed = [{"signalen": ["toon"]}, {"signalen": ["stilte"]}, {"signalen": ["pass"]}]
    assert results.is_unanimous(results.aggregate(step, index, everyone_tone))
    assert not results.is_unanimous(results.aggregate(step, index, mixed))


def test_a_choose_any_result_is_horizontal_bars_most_chosen_first_and_pass_last(module: Module):
    index = step_index(module, "scannen")
    step = module.steps[index]
    ballots = [
        {"signalen": ["stilte"]},
        {"signalen": ["stilte", "toon"]},
        {"signalen": ["stilte", "toon"]},
        {"signalen": ["pass"]},
    ]
    (figure,) = charts.step_charts(results.aggregate(step, index, ballots), "nl")
    bar = figure.data[0]
    assert bar.orientation == "h"
    labels = [label.replace("<br>", " ") for label in bar.y]
    assert labels[:2] == ["Stiltes", "De toon van de stem"]
    assert labels[-2:] == ["Geen van deze", "Liever niet zeggen"]
    assert list(bar.x[:2]) == pytest.approx([0.75, 0.5])


def test_the_check_out_stands_beside_the_check_in_only_when_the_room_saw_that(module: Module):
    before_index, after_index = step_index(module, "check-in"), step_index(module, "check-out")
    check_in = results.aggregate(module.steps[before_index], before_index, [{"gevoel": "2"}] * 5)
    check_out = results.aggregate(module.steps[after_index], after_index, [{"gevoel": "4"}] * 5)
    (alone,) = charts.step_charts(check_out, "nl")
    assert [trace.name for trace in alone.data] == [None]
    (beside,) = charts.step_charts(check_out, "nl", shown_before=[check_in])
    assert [trace.name for trace in beside.data] == ["begin · 5 antwoorden", "einde · 5 antwoorden"]
    assert list(beside.data[0].y[:5]) == [0, 1, 0, 0, 0]
    assert list(beside.data[1].y[:5]) == [0, 0, 0, 1, 0]


def test_no_chart_text_is_smaller_than_the_projector_minimum(module: Module):
    index = step_index(module, "zelftest")
    result = results.aggregate(module.steps[index], index, [self_test_answers(n) for n in range(5)])
    (figure,) = charts.step_charts(result, "nl")
    layout = figure.layout
    sizes = [layout.font.size, layout.title.font.size, layout.xaxis.tickfont.size]
    sizes += [
        layout.yaxis.tickfont.size,
        layout.xaxis.title.font.size,
        figure.data[0].textfont.size,
    ]
    assert min(sizes) >= charts.SMALLEST
