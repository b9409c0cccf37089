"""A phone answers a question of every kind with that kind's widget, and the projector
charts each one: the kinds come from facilitator.kinds.KINDS (tests/kinds_module.py)."""

from __future__ import annotations

import pytest

from facilitator.content import QuestionStep, load_module
from facilitator.kinds import KINDS
from tests.app.conftest import ANSWER_WITH, all_text, answer_on_phone, button, chart_specs
from tests.app.test_console_and_projector import jump, start
from tests.kinds_module import MODULE_ID, STEP_ID, first_answer, write_module


@pytest.fixture
def kinds_content(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    write_module(folder)
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    return load_module(folder / MODULE_ID / "nl.yaml")


def test_every_widget_answers_its_kind_and_every_kind_is_charted(
    kinds_content, signed_in_console, app_db, new_browser, new_phone
):
    assert set(ANSWER_WITH) == {kind.widget for kind in KINDS.values()}
    module = kinds_content
    step = next(s for s in module.steps if s.id == STEP_ID)
    assert isinstance(step, QuestionStep)
    console = signed_in_console
    group = start(console, app_db, module_id=MODULE_ID, k=3)
    phones = [new_phone(group.join_code) for _ in range(3)]
    jump(console, module, STEP_ID)
    button(console, "Openen").click().run()
    for n, phone in enumerate(phones):
        phone.run()
        # Not all alike, or the console would first warn that revealing tells all.
        answers = {
            q.id: first_answer(q.spec, ("pass",) if n == 1 else q.option_ids)
            for q in step.questions
        }
        answer_on_phone(phone, step, answers)
        assert "anoniem ontvangen" in all_text(phone), all_text(phone)
    console.run()
    assert "3 antwoorden" in all_text(console)
    button(console, "Tonen op scherm").click().run()
    projector = new_browser(t=group.projector_token)
    specs = chart_specs(projector)
    assert len(specs) == len(step.questions)
    for spec, question in zip(specs, step.questions, strict=True):
        assert question.text[:20] in spec["layout"]["title"]["text"]
