"""The module schema: every shipped module loads; every bad example fails with its message,
naming the file and the field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.content import ContentError, load_library, load_module
from tests.conftest import CONTENT, ROOT

BAD = Path(__file__).parent / "bad_modules"


def expected_message(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return first.removeprefix("# expect: ")


def test_every_shipped_module_loads_without_errors():
    library = load_library(CONTENT)
    assert library.errors == []
    assert ("traumabinding", "nl") in {m.key for m in library.modules}


def test_the_traumabinding_module_opens_with_a_check_in_and_closes_with_a_check_out(module):
    question_steps = [s for s in module.steps if s.is_question]
    assert question_steps[0].id == "check-in"
    assert question_steps[-1].id == "check-out"
    self_test = next(s for s in module.steps if s.id == "zelftest")
    assert len(self_test.questions) == 6
    assert all(q.kind == "yes_no" for q in self_test.questions)


def test_every_question_offers_rather_not_say(module):
    for step in module.steps:
        for question in step.questions:
            assert question.option_ids[-1] == "pass"
            assert question.label_of("pass") == "Liever niet zeggen"


def test_every_step_has_facilitator_notes_and_a_suggested_time(module):
    assert all(step.notes and step.minutes > 0 for step in module.steps)
    assert 60 <= sum(step.minutes for step in module.steps) <= 120


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_bad_module_is_refused_with_a_message_naming_file_and_field(path):
    with pytest.raises(ContentError) as error:
        load_module(path)
    assert str(error.value).startswith(str(path))
    assert expected_message(path) in str(error.value)


def test_a_broken_module_does_not_hide_the_good_ones(tmp_path):
    shutil.copytree(CONTENT / "traumabinding", tmp_path / "traumabinding")
    (tmp_path / "kapot").mkdir()
    shutil.copy(BAD / "missing_title.yaml", tmp_path / "kapot" / "nl.yaml")
    library = load_library(tmp_path)
    assert {m.key for m in library.modules} == {("traumabinding", "nl"), ("traumabinding", "en")}
    assert len(library.errors) == 1 and "kapot" in library.errors[0].file


def test_the_check_command_reports_errors_and_exits_non_zero(tmp_path):
    (tmp_path / "kapot").mkdir()
    shutil.copy(BAD / "unknown_top_key.yaml", tmp_path / "kapot" / "nl.yaml")
    bad = subprocess.run(
        [sys.executable, "-m", "facilitator.content", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    good = subprocess.run(
        [sys.executable, "-m", "facilitator.content", "check", str(CONTENT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 1 and "colour: unknown key" in bad.stdout
    assert good.returncode == 0 and "ok" in good.stdout


def test_the_example_in_the_content_readme_is_a_valid_module():
    readme = (CONTENT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    from facilitator.content import parse_module

    parsed = parse_module(CONTENT / "README.md", example)
    assert [step.id for step in parsed.steps] == ["welkom", "check-in"]


ARTICLE_PARTS_IN_ORDER = [
    "het-patroon",
    "geen-traumabinding",
    "wat-het-is",
    "onvoorspelbaar",
    "spanningsfase",
    "beschermer",
    "gijzeling",
    "zelftest",
    "gewoon-weggaan",
    "nog-een-gesprek",
    "blauwdruk",
    "doorbreken-1",
    "rust",
    "feitenlijst",
    "hulp",
    "afsluiting",
]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_module_covers_every_part_of_the_article_in_order(language):
    module = load_library(CONTENT).get("traumabinding", language)
    ids = [step.id for step in module.steps]
    positions = [ids.index(part) for part in ARTICLE_PARTS_IN_ORDER]
    assert positions == sorted(positions)


def test_the_interactive_moments_are_all_there(module):
    kinds = {step.id: (step.kind, [q.kind for q in step.questions]) for step in module.steps}
    assert kinds["check-in"] == kinds["check-out"] == ("question", ["scale"])
    for choose_any in ("scannen", "ontwenning", "rustbron"):
        assert kinds[choose_any] == ("question", ["choose_any"])
    assert kinds["feitenlijst"] == ("exercise", [])


def test_the_english_version_mirrors_the_dutch_one_step_for_step():
    library = load_library(CONTENT)
    nl, en = library.get("traumabinding", "nl"), library.get("traumabinding", "en")

    def shape(module):
        return [
            (
                s.id,
                s.kind,
                s.minutes,
                [(q.id, q.kind, q.option_ids) for q in s.questions],
                len(s.prompts),
            )
            for s in module.steps
        ]

    assert shape(nl) == shape(en)
    assert en.steps[0].title == "Welcome" and en.steps[1].questions[0].label_of("pass") == (
        "Rather not say"
    )
