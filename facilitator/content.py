"""Teaching modules: YAML files in ``content/``, parsed into typed, frozen dataclasses.

The schema is strict: an unknown key, a missing field or a value of the wrong kind is a
``ContentError`` whose message names the file and the path of the field inside it, e.g.
``content/x/nl.yaml: steps[3].questions[0].type: must be one of ...``. A broken module is
reported and skipped; it never hides the good ones.

Run ``python -m facilitator.content check content/`` to validate modules.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, TypedDict

import yaml

from facilitator.i18n import LANGUAGES, text
from facilitator.kinds import KINDS, NONE_OF_THESE, PASS, QuestionKind, kind_of

MAX_ID_LENGTH = 40


class ContentError(ValueError):
    def __init__(self, file: Path | str, where: str, message: str) -> None:
        self.file = str(file)
        self.where = where
        self.message = message
        location = f"{self.file}: {where}" if where else self.file
        super().__init__(f"{location}: {message}")


@dataclass(frozen=True, kw_only=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Question:
    id: str
    kind: str  # a name in facilitator.kinds.KINDS; ``spec`` is what it means
    text: str
    options: tuple[Option, ...]  # includes the fixed ones and "liever niet zeggen"
    low_label: str = ""
    high_label: str = ""

    @property
    def spec(self) -> QuestionKind:
        return kind_of(self.kind)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    def label_of(self, option_id: str) -> str:
        return next(option.label for option in self.options if option.id == option_id)


@dataclass(frozen=True, kw_only=True)
class Notes:
    """Facilitator notes: console only, never on the projector or a phone."""

    aim: str  # what to bring across
    discuss: tuple[str, ...]  # one to three questions for the group
    points: tuple[str, ...] = ()
    caution: str = ""  # where the subject can hit hard


StepKind = Literal["slide", "question", "exercise"]


@dataclass(frozen=True, kw_only=True)
class Step:
    """What every step has. A step is one of the three types below, each with only the
    fields of its own; ``isinstance`` tells them apart."""

    kind: ClassVar[StepKind]
    id: str
    title: str
    body: str  # markdown, shown large on the projector
    phone: str  # a line or two for the phones
    notes: Notes
    minutes: float

    @property
    def is_question(self) -> bool:
        return isinstance(self, QuestionStep)

    @property
    def is_exercise(self) -> bool:
        return isinstance(self, Exercise)


@dataclass(frozen=True, kw_only=True)
class Slide(Step):
    kind: ClassVar[StepKind] = "slide"
    # A break: the projector shows when the group starts again (its start plus ``minutes``).
    pause: bool = False


@dataclass(frozen=True, kw_only=True)
class QuestionStep(Step):
    kind: ClassVar[StepKind] = "question"
    questions: tuple[Question, ...]


@dataclass(frozen=True, kw_only=True)
class Exercise(Step):
    """A private exercise: the phone shows its prompts above a text area whose content
    stays in that browser session and is never stored or sent anywhere."""

    kind: ClassVar[StepKind] = "exercise"
    prompts: tuple[str, ...]


def questions_of(step: Step) -> tuple[Question, ...]:
    """A step's questions: none for a slide or an exercise."""
    return step.questions if isinstance(step, QuestionStep) else ()


@dataclass(frozen=True, kw_only=True)
class Module:
    id: str
    language: str
    title: str
    description: str
    source: str
    steps: tuple[Step, ...]
    # What the phone says the session is about before the material (markdown; the app's
    # general wording when empty), and the module's guide for the facilitator: the safety
    # protocol the console always offers, whatever step is on screen.
    content_note: str = ""
    facilitator_guide: str = ""
    path: str = ""
    # The file as it was read: a session keeps it (sessions.start_session), so a file
    # edited or broken while the session runs changes nothing for that group.
    file_text: str = field(default="", repr=False, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.language)


@dataclass(kw_only=True)
class Library:
    modules: list[Module] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    def get(self, module_id: str, language: str) -> Module | None:
        return next((m for m in self.modules if m.key == (module_id, language)), None)

    def languages(self) -> dict[str, list[Module]]:
        """Each module id with its language versions, Dutch first."""
        grouped: dict[str, list[Module]] = {}
        for module in self.modules:
            grouped.setdefault(module.id, []).append(module)
        for versions in grouped.values():
            versions.sort(key=lambda m: LANGUAGES.index(m.language))
        return grouped


class _Reader:
    """Reads one mapping of a YAML file, remembering where it is for error messages."""

    def __init__(self, file: Path, where: str, data: object) -> None:
        self.file = file
        self.where = where
        if not isinstance(data, Mapping):
            raise self.error("", "must be a mapping of keys to values")
        self.data: Mapping[str, Any] = data

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def error(self, key: str, message: str) -> ContentError:
        return ContentError(self.file, self.path(key) if key else self.where, message)

    def only(self, *allowed: str) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.error(str(key), f"unknown key (allowed: {', '.join(allowed)})")

    def text(self, key: str, *, required: bool = True, max_length: int = 20_000) -> str:
        if key not in self.data:
            if required:
                raise self.error(key, "missing field")
            return ""
        value = self.data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.error(key, "must be non-empty text")
        if len(value) > max_length:
            raise self.error(key, f"is longer than {max_length} characters")
        return value.strip()

    def identifier(self, key: str) -> str:
        value = self.text(key, max_length=MAX_ID_LENGTH)
        if not all(c.isascii() and (c.isalnum() or c in "-_") for c in value):
            raise self.error(key, "may hold only letters, digits, '-' and '_'")
        return value

    def number(self, key: str, *, low: float, high: float) -> float:
        if key not in self.data:
            raise self.error(key, "missing field")
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, "must be a number")
        if not low <= value <= high:
            raise self.error(key, f"must be between {low:g} and {high:g}")
        return float(value)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def items(self, key: str, *, required: bool = True) -> list[object]:
        if key not in self.data:
            if required:
                raise self.error(key, "missing field")
            return []
        value = self.data[key]
        if not isinstance(value, list) or (required and not value):
            raise self.error(key, "must be a non-empty list")
        return value


def _texts(r: _Reader, key: str, *, low: int, high: int, max_length: int = 500) -> tuple[str, ...]:
    values = r.items(key, required=low > 0)
    if not low <= len(values) <= high:
        raise r.error(key, f"must list {low} to {high} items")
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise r.error(f"{key}[{i}]", "must be non-empty text")
        if len(value) > max_length:
            raise r.error(f"{key}[{i}]", f"is longer than {max_length} characters")
    return tuple(str(value).strip() for value in values)


def _notes(file: Path, where: str, data: object) -> Notes:
    r = _Reader(file, where, data)
    r.only("aim", "points", "discuss", "caution")
    return Notes(
        aim=r.text("aim", max_length=2000),
        points=_texts(r, "points", low=0, high=8),
        discuss=_texts(r, "discuss", low=1, high=3),
        caution=r.text("caution", required=False, max_length=2000),
    )


def _question(file: Path, where: str, data: object, language: str) -> Question:
    r = _Reader(file, where, data)
    r.only("id", "type", "text", "options", "low", "high")
    qid = r.identifier("id")
    name = r.text("type")
    if name not in KINDS:
        raise r.error("type", f"must be one of {', '.join(KINDS)}")
    kind = kind_of(name)
    question_text = r.text("text", max_length=500)
    if kind.fixed_options is None:
        options = _module_options(r, kind)
    elif "options" in r.data:
        raise r.error("options", f"{name} questions have the app's own options, not a list")
    else:
        options = [Option(id=i, label=label) for i, label in kind.fixed_options[language]]
    low = high = ""
    if kind.scale:
        low, high = r.text("low", max_length=60), r.text("high", max_length=60)
    elif "low" in r.data or "high" in r.data:
        raise r.error("low" if "low" in r.data else "high", "only scale questions have low/high")
    options.append(Option(id=PASS, label=text(language, "option_pass")))
    return Question(
        id=qid,
        kind=name,
        text=question_text,
        options=tuple(options),
        low_label=low,
        high_label=high,
    )


def _module_options(r: _Reader, kind: QuestionKind) -> list[Option]:
    options: list[Option] = []
    for i, raw in enumerate(r.items("options")):
        o = _Reader(r.file, f"{r.path('options')}[{i}]", raw)
        o.only("id", "label")
        option_id = o.identifier("id")
        if option_id == PASS or option_id in {opt.id for opt in options}:
            raise o.error("id", f"'{option_id}' is used twice or reserved")
        options.append(Option(id=option_id, label=o.text("label", max_length=120)))
    if kind.multiple and NONE_OF_THESE not in {option.id for option in options}:
        # The app refuses an empty choice: without it, whoever recognises none of the
        # options could only pick one that is not true, or 'liever niet zeggen'.
        raise r.error("options", f"needs an option '{NONE_OF_THESE}' (none of these)")
    return options


def _questions(r: _Reader, language: str) -> tuple[Question, ...]:
    questions: list[Question] = []
    for i, raw in enumerate(r.items("questions")):
        question = _question(r.file, f"{r.path('questions')}[{i}]", raw, language)
        if question.id in {q.id for q in questions}:
            raise ContentError(r.file, f"{r.path('questions')}[{i}].id", "used twice")
        questions.append(question)
    return tuple(questions)


# Each step type's own fields: what a module file may give a step of that type, besides
# the common ones, and how they are read.
_STEP_FIELDS: dict[StepKind, tuple[str, ...]] = {
    "slide": ("pause",),
    "question": ("questions",),
    "exercise": ("prompts",),
}
_COMMON_FIELDS = ("id", "type", "title", "body", "phone", "notes", "minutes")


class _CommonFields(TypedDict):
    id: str
    title: str
    body: str
    phone: str
    notes: Notes
    minutes: float


def _step(file: Path, where: str, data: object, language: str) -> Step:
    r = _Reader(file, where, data)
    step_id = r.identifier("id")
    r.where = f"{where}({step_id})"  # from here on, errors name the step by its id too
    if "yes_count" in r.data:
        raise r.error(
            "yes_count",
            "no longer offered: a count of 'ja' per person, next to the shares per question, "
            "can tell the room who answered what (docs/privacy.md)",
        )
    kind = r.text("type")
    if kind not in _STEP_FIELDS:
        raise r.error("type", f"must be one of {', '.join(_STEP_FIELDS)}")
    for other, fields in _STEP_FIELDS.items():
        for name in fields:
            if other != kind and name in r.data:
                raise r.error(name, f"only {other} steps have {name}")
    r.only(*_COMMON_FIELDS, *_STEP_FIELDS[kind])
    if "notes" not in r.data:
        raise r.error("notes", "missing field")
    common = _CommonFields(
        id=step_id,
        title=r.text("title", max_length=200),
        body=r.text("body", required=kind == "slide"),
        phone=r.text("phone", max_length=400),
        notes=_notes(file, r.path("notes"), r.data["notes"]),
        minutes=r.number("minutes", low=0.5, high=90),
    )
    if kind == "question":
        return QuestionStep(**common, questions=_questions(r, language))
    if kind == "exercise":
        return Exercise(**common, prompts=_texts(r, "prompts", low=1, high=12))
    return Slide(**common, pause=r.flag("pause"))


def parse_module(file: Path, text: str) -> Module:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise ContentError(file, where, "is not valid YAML") from exc
    r = _Reader(file, "", data)
    r.only(
        "id",
        "language",
        "title",
        "description",
        "source",
        "content_note",
        "facilitator_guide",
        "steps",
    )
    language = r.text("language")
    if language not in LANGUAGES:
        raise r.error("language", f"must be one of {', '.join(LANGUAGES)}")
    steps: list[Step] = []
    for i, raw in enumerate(r.items("steps")):
        step = _step(file, f"steps[{i}]", raw, language)
        if step.id in {s.id for s in steps}:
            raise ContentError(file, f"steps[{i}]({step.id}).id", f"'{step.id}' is used twice")
        steps.append(step)
    return Module(
        id=r.identifier("id"),
        language=language,
        title=r.text("title", max_length=200),
        description=r.text("description"),
        source=r.text("source", required=False),
        content_note=r.text("content_note", required=False, max_length=1_000),
        facilitator_guide=r.text("facilitator_guide", required=False),
        steps=tuple(steps),
        path=str(file),
        file_text=text,
    )


def load_module(file: Path) -> Module:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(file, "", f"cannot be read ({exc.__class__.__name__})") from exc
    return parse_module(file, text)


def load_library(content_dir: Path) -> Library:
    """Every ``<module>/<anything>.yaml`` below ``content_dir``; bad files become errors."""
    library = Library()
    for file in sorted(Path(content_dir).glob("*/*.yaml")):
        try:
            module = load_module(file)
        except ContentError as error:
            library.errors.append(error)
            continue
        if library.get(*module.key) is not None:
            library.errors.append(
                ContentError(file, "id", f"module '{module.id}' ({module.language}) exists twice")
            )
            continue
        library.modules.append(module)
    return library


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "check":
        print("usage: python -m facilitator.content check CONTENT_DIR", file=sys.stderr)
        return 2
    library = load_library(Path(argv[1]))
    for module in library.modules:
        print(f"ok    {module.path}: {module.title} ({len(module.steps)} steps)")
    for error in library.errors:
        print(f"error {error}")
    return 1 if library.errors or not library.modules else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
