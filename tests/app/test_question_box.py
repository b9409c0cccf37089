"""The question box through the app: phones send, the console gets them in a batch and
shows them as typed, the projector shows one the facilitator puts there, escaped; one
phone cannot flood the box, and a tampered length is cut to the bound."""

from __future__ import annotations

from sqlalchemy import func, select

from facilitator.models import BoxQuestion
from facilitator.question_box import MAX_CHARS
from facilitator.throttle import BOX_BY_PHONE
from tests.app.conftest import all_text, button
from tests.app.test_group_session import running_session
from tests.app.test_pause_signal import toasts

SCRIPT = "<script>alert('gs')</script> en ![beeld](http://example.invalid/x.png) **vet**"


def send(phone, typed: str):
    phone.text_area(key="box-text").input(typed)
    button(phone, "Naar de begeleider sturen").click().run()
    return phone


def held(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(BoxQuestion)) or 0


def test_questions_reach_the_console_in_a_batch_and_the_projector_as_typed(
    app_db, signed_in_console, new_browser, new_phone
):
    console = signed_in_console
    button(console, "Sessie starten").click().run()
    group = running_session(app_db)
    projector = new_browser(t=group.projector_token)
    phones = [new_phone(group.join_code) for _ in range(3)]

    send(phones[0], SCRIPT)
    assert any("Ontvangen" in said for said in toasts(phones[0]))
    assert SCRIPT not in all_text(phones[0])  # nothing of it is shown back
    send(phones[1], "Mag ik iets later vertellen?")
    assert not [b for b in console.run().button if b.label == "Op het scherm"]  # two wait
    send(phones[2], "Hoe lang duurt de pauze?")

    console.run()
    html_bodies = [element.proto.body for element in console.get("html")]
    assert any("&lt;script&gt;" in body for body in html_bodies), html_bodies
    assert not any("<script>alert" in body for body in html_bodies)
    assert "Mag ik iets later vertellen?" in "\n".join(html_bodies)

    ours = [b for b in console.button if b.label == "Op het scherm"]
    assert len(ours) == 3
    for candidate in ours:
        if candidate.key.endswith(_id_of(app_db, SCRIPT)):
            candidate.click().run()
            break
    shown = "\n".join(element.proto.body for element in projector.run().get("html"))
    assert "Vraag uit de groep" in shown and "&lt;script&gt;alert(&#x27;gs&#x27;)" in shown
    assert "<script>alert" not in shown and "<img" not in shown

    button(console, "Van het scherm").click().run()
    assert "Vraag uit de groep" not in "\n".join(e.proto.body for e in projector.run().get("html"))
    next(b for b in console.button if b.label == "Weg").click().run()
    assert held(app_db) == 2


def _id_of(db, typed: str) -> str:
    with db.read() as s:
        return s.scalar(select(BoxQuestion.id).where(BoxQuestion.text == typed))


def test_one_phone_cannot_flood_the_box_and_a_tampered_length_stores_nothing(
    app_db, signed_in_console, new_phone
):
    button(signed_in_console, "Sessie starten").click().run()
    group = running_session(app_db)
    phone = new_phone(group.join_code)
    # The field stops at 500 characters; a tampered request with 10,000 is cut to 500 by
    # Streamlit itself before the app sees it, so nothing longer is ever stored.
    phone.text_area(key="box-text").set_value("x" * 10_000)
    button(phone, "Naar de begeleider sturen").click().run()
    with app_db.read() as s:
        assert [len(t) for t in s.scalars(select(BoxQuestion.text))] == [MAX_CHARS]
    for n in range(100):
        send(phone, f"vraag {n}")
    assert held(app_db) == BOX_BY_PHONE.allowed
    assert any("Je stuurde er net een paar" in said for said in toasts(phone))
