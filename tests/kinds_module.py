"""A module with one question of every kind in facilitator.kinds.KINDS, written from the
table itself: a kind added there is covered by the tests that use this, from module file to
phone, chart and export, without a line of test changing. Only a new *widget* needs a line:
how a test answers it (``ANSWER_WITH``)."""

from __future__ import annotations

from pathlib import Path

import yaml

from facilitator.kinds import KINDS, NONE_OF_THESE, QuestionKind

MODULE_ID = "alle-soorten"
STEP_ID = "elke-soort"


def _question(kind: QuestionKind) -> dict[str, object]:
    question: dict[str, object] = {"id": f"v-{kind.name}", "type": kind.name}
    question["text"] = f"Een vraag van de soort {kind.name}?"
    if kind.module_options:
        question["options"] = [
            {"id": "eerste", "label": "De eerste keuze"},
            {"id": "tweede", "label": "De tweede keuze"},
            {"id": NONE_OF_THESE, "label": "Geen van deze"},
        ]
    if kind.scale:
        question["low"], question["high"] = "Helemaal niet", "Helemaal wel"
    return question


def module_text(language: str = "nl") -> str:
    notes = {"aim": "Elke soort vraag een keer.", "discuss": ["Wat valt op?"]}
    return yaml.safe_dump(
        {
            "id": MODULE_ID,
            "language": language,
            "title": "Alle soorten vragen",
            "description": "Een vraag van elke soort, voor de tests.",
            "steps": [
                {
                    "id": "begin",
                    "type": "slide",
                    "title": "Begin",
                    "body": "Een dia.",
                    "phone": "Kijk naar het scherm.",
                    "notes": notes,
                    "minutes": 1,
                },
                {
                    "id": STEP_ID,
                    "type": "question",
                    "title": "Elke soort",
                    "phone": "Beantwoord de vragen.",
                    "notes": notes,
                    "minutes": 2,
                    "questions": [_question(kind) for kind in KINDS.values()],
                },
            ],
        },
        allow_unicode=True,
        sort_keys=False,
    )


def write_module(content_dir: Path) -> Path:
    folder = content_dir / MODULE_ID
    folder.mkdir(parents=True)
    for language in ("nl", "en"):
        (folder / f"{language}.yaml").write_text(module_text(language), encoding="utf-8")
    return folder


def first_answer(kind: QuestionKind, option_ids: tuple[str, ...]) -> str | list[str]:
    """An answer of the right shape: the first option, alone or as the only one chosen."""
    return [option_ids[0]] if kind.multiple else option_ids[0]
