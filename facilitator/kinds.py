"""Question kinds: what each kind is, in one table.

Everything that treats questions differently by kind asks the kind's ``QuestionKind``
here: the module loader (which fields a question has), the ballot check (one option or a
set), randomized response (how an answer is randomized, how often a stored option is
forced), results and exports (which shares are estimates, what "everyone alike" means),
the phone (``widget``: a function in ``ui/widgets.py``) and the projector (``chart``: a
function in ``facilitator/charts.py``). Adding a kind is one entry in ``KINDS``, and a
widget or chart function only if none of the existing ones fits; a test checks that every
kind's widget and chart exist and runs each kind from module file to export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

PASS = "pass"  # "liever niet zeggen": offered on every question, counts as an answer
NONE_OF_THESE = "geen"  # "geen van deze": every multi-select question lists it
YES = "ja"  # the yes/no kind's options, which randomized response forces
NO = "nee"

# How randomized response treats a kind's answer before it is stored (facilitator/randomized.py):
# "none" stores it as given; "whole_answer" keeps it or replaces it by a forced yes or no;
# "each_option" treats every option as a yes/no of its own ("I chose it").
Randomization = Literal["none", "whole_answer", "each_option"]
# The phone's input (ui/widgets.py): one option of a list, or any number of them.
Widget = Literal["one_of", "any_of"]
# The projector's picture (facilitator/charts.py): a bar per option for each question, or,
# for two or more such questions in one step, one bar per question with the share of "ja".
Chart = Literal["options", "yes_shares"]

Labels = tuple[tuple[str, str], ...]  # (option id, label), in the order shown


@dataclass(frozen=True, kw_only=True)
class QuestionKind:
    name: str  # as written in a module file's `type:`
    multiple: bool  # the answer is a set of options, not one
    # The options the app fixes, per language; None when the module file lists its own.
    fixed_options: Mapping[str, Labels] | None
    # An ordered scale whose two ends the module names (`low`, `high`): shown with those
    # names, and compared between the start and the end of a session (check-in, check-out).
    scale: bool
    randomization: Randomization
    widget: Widget
    chart: Chart

    @property
    def module_options(self) -> bool:
        return self.fixed_options is None

    @property
    def randomizable(self) -> bool:
        return self.randomization != "none"

    @property
    def lone_options(self) -> frozenset[str]:
        """Options that must be chosen alone, where several may be chosen."""
        return frozenset({PASS, NONE_OF_THESE}) if self.multiple else frozenset()


_SCALE: Labels = tuple((str(n), str(n)) for n in range(1, 6))

KINDS: Mapping[str, QuestionKind] = {
    kind.name: kind
    for kind in (
        QuestionKind(
            name="yes_no",
            multiple=False,
            fixed_options={
                "nl": ((YES, "Ja"), (NO, "Nee"), ("weet_niet", "Weet ik niet")),
                "en": ((YES, "Yes"), (NO, "No"), ("weet_niet", "Don't know")),
            },
            scale=False,
            randomization="whole_answer",
            widget="one_of",
            chart="yes_shares",
        ),
        QuestionKind(
            name="scale",
            multiple=False,
            fixed_options={"nl": _SCALE, "en": _SCALE},
            scale=True,
            randomization="none",
            widget="one_of",
            chart="options",
        ),
        QuestionKind(
            name="choose_any",
            multiple=True,
            fixed_options=None,
            scale=False,
            randomization="each_option",
            widget="any_of",
            chart="options",
        ),
        # One option of the module's own list ("which of these fits best?"). Not
        # randomized: forced answers work for yes/no, and a forced one of many options
        # would need an estimate per option that a small group cannot carry.
        QuestionKind(
            name="choose_one",
            multiple=False,
            fixed_options=None,
            scale=False,
            randomization="none",
            widget="one_of",
            chart="options",
        ),
    )
}


def kind_of(name: str) -> QuestionKind:
    """The kind of that name; a KeyError for one that does not exist."""
    return KINDS[name]
