"""The module schema: every shipped module loads; every bad example fails with its message,
naming the file and the field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.content import (
    ContentError,
    Exercise,
    Slide,
    load_library,
    load_module,
    questions_of,
)
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
        for question in questions_of(step):
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


# The article's parts, over the two modules: part 1 how it works, part 2 breaking free. The
# order is the group's, not the article's (the facts list comes before the sources of calm).
ARTICLE_PARTS = {
    "traumabinding": [
        "het-patroon",
        "geen-traumabinding",
        "wat-het-is",
        "onvoorspelbaar",
        "spanningsfase",
        "beschermer",
        "zelftest",
    ],
    "traumabinding-loskomen": [
        "gewoon-weggaan",
        "nog-een-gesprek",
        "blauwdruk",
        "doorbreken",
        "feitenlijst",
        "rust",
        "hulp",
        "afsluiting",
    ],
}
SHIPPED = sorted(ARTICLE_PARTS)


def shipped(module_id: str, language: str = "nl"):
    found = load_library(CONTENT).get(module_id, language)
    assert found is not None, (module_id, language)
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("module_id", SHIPPED)
def test_the_two_modules_cover_every_part_of_the_article(module_id, language):
    ids = [step.id for step in shipped(module_id, language).steps]
    assert set(ARTICLE_PARTS[module_id]) <= set(ids)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("module_id", SHIPPED)
def test_no_phone_line_starts_by_repeating_its_title(module_id, language):
    """The phone shows a step's title over its line: "Welkom" over "Welkom. Je doet..."
    read the same word twice."""
    for step in shipped(module_id, language).steps:
        assert not step.phone.lower().startswith(step.title.lower()), (step.id, step.phone)
        for question in step.questions if step.is_question else ():
            assert question.text.strip().lower() != step.phone.strip().lower(), step.id


@pytest.mark.parametrize("module_id", SHIPPED)
def test_each_session_has_its_frame_check_in_grounding_a_ten_minute_pause_check_out(module_id):
    module = shipped(module_id)
    steps = {step.id: step for step in module.steps}
    questions = [s for s in module.steps if s.is_question]
    assert questions[0].id == "check-in" and questions[-1].id == "check-out"
    assert steps["check-in"].questions[0].kind == steps["check-out"].questions[0].kind == "scale"
    assert steps["pauze"].minutes == 10
    grounding = [s.id for s in module.steps if s.id.startswith("grond")]
    assert grounding, "a grounding exercise"
    ids = [s.id for s in module.steps]
    assert ids.index("check-out") > ids.index(grounding[-1]) > ids.index("pauze")
    assert 85 <= sum(s.minutes for s in module.steps) <= 95
    assert module.content_note
    for needed in ("112", "meldcode", "twee begeleiders", "intake"):
        assert needed in module.facilitator_guide, needed


def test_the_facts_list_comes_before_the_sources_of_calm_and_the_help():
    second = shipped("traumabinding-loskomen")
    ids = [s.id for s in second.steps]
    assert ids.index("feitenlijst") < ids.index("rust") < ids.index("hulp")
    assert second.steps[ids.index("feitenlijst")].is_exercise


def test_the_interactive_moments_are_all_there():
    kinds = {
        step.id: (step.kind, [q.kind for q in questions_of(step)])
        for module_id in SHIPPED
        for step in shipped(module_id).steps
    }
    for choose_any in ("scannen", "moeilijk", "lessen", "ontwenning", "rustbron"):
        assert kinds[choose_any] == ("question", ["choose_any"])
    assert kinds["feitenlijst"] == ("exercise", [])


@pytest.mark.parametrize("module_id", SHIPPED)
def test_every_choose_any_question_offers_none_of_these(module_id):
    for language in ("nl", "en"):
        for step in shipped(module_id, language).steps:
            for question in questions_of(step):
                if question.kind == "choose_any":
                    assert "geen" in question.option_ids, (step.id, question.id)


def test_a_safety_caveat_stands_beside_the_advice_to_stop_contact():
    # Leaving is the most dangerous time: the slide that says to stop contact says, on the
    # projector itself, to plan it with help when the other person is feared.
    for language, words in (("nl", "hulpverlener"), ("en", "professional")):
        steps = {s.id: s for s in shipped("traumabinding-loskomen", language).steps}
        assert words in steps["doorbreken"].body
        assert words in steps["doorbreken"].notes.caution


def test_no_overstatement_of_the_article_is_left():
    shown = "\n".join(
        f"{s.title} {s.body} {s.phone}" for module_id in SHIPPED for s in shipped(module_id).steps
    ).lower()
    for stronger in ("verslaving", "afkicken", "meestal geen pech", "gegijzelden gaan"):
        assert stronger not in shown, stronger
    assert "verantwoordelijk" in shown  # whoever causes the harm is responsible for it


@pytest.mark.parametrize("module_id", SHIPPED)
def test_the_english_version_mirrors_the_dutch_one_step_for_step(module_id):
    nl, en = shipped(module_id, "nl"), shipped(module_id, "en")

    def shape(module):
        return [
            (
                s.id,
                s.kind,
                s.minutes,
                [(q.id, q.kind, q.option_ids) for q in questions_of(s)],
                len(s.prompts) if isinstance(s, Exercise) else 0,
            )
            for s in module.steps
        ]

    assert shape(nl) == shape(en)
    assert en.steps[1].questions[0].label_of("pass") == "Rather not say"


def test_every_shipped_module_has_every_language():
    from facilitator.i18n import LANGUAGES

    library = load_library(CONTENT)
    for module_id in {m.id for m in library.modules}:
        for language in LANGUAGES:
            assert library.get(module_id, language) is not None, (module_id, language)


def test_each_shipped_module_marks_its_break_as_a_pause():
    for versions in load_library(CONTENT).languages().values():
        for module in versions:
            pauses = [s.id for s in module.steps if isinstance(s, Slide) and s.pause]
            assert pauses == ["pauze"], module.path
