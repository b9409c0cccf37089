"""A whole group session through the app itself: a facilitator, a projector and seven phones,
each its own AppTest session, on one database."""

from __future__ import annotations

from sqlalchemy import func, select

from facilitator import sessions
from facilitator.models import Ballot, RollEntry
from tests.app.conftest import all_text, answer_on_phone, button, chart_specs, open_page
from tests.helpers import self_test_answers, self_test_of, step_index
from ui import phone as ui_phone
from ui.navigation import HISTORY

YES_COUNTS = [6, 5, 4, 3, 2, 0]  # what six phones answer on the self-test


def answer_self_test(phone, module, answers: dict[str, str]) -> None:
    answer_on_phone(phone, self_test_of(module), answers)


def running_session(db):
    with db.read() as s:
        return sessions.running_session_of(s, facilitator_id=1)


def test_a_group_runs_a_self_test_from_join_to_summary(
    app_db, signed_in_console, new_browser, module, new_phone
):
    console = signed_in_console
    button(console, "Sessie starten").click().run()
    group = running_session(app_db)
    assert group is not None and group.min_group_size == 5

    projector = new_browser(t=group.projector_token)
    assert group.join_code in all_text(projector)
    phones = [new_phone(group.join_code.lower()) for _ in range(7)]
    for phone in phones:
        assert set(phone.query_params) == {"code"}  # the server never writes the URL
        assert "Welkom" in all_text(phone)

    test_index = step_index(module, "zelftest")
    console.selectbox(key="jump-0").set_value(test_index).run()
    button(console, "Openen").click().run()

    for phone, yes in zip(phones[:4], YES_COUNTS[:4], strict=True):
        answer_self_test(phone.run(), module, self_test_answers(yes))
        assert "Je antwoord is anoniem ontvangen" in all_text(phone)

    # Four answers, k = 5: the projector shows the count and what is missing, no chart.
    projector.run()
    assert chart_specs(projector) == []
    assert "4 antwoorden binnen" in all_text(projector)
    assert "Nog 1 nodig" in all_text(projector)
    console.run()
    assert button(console, "Tonen op scherm").disabled

    for phone, yes in zip(phones[4:6], YES_COUNTS[4:6], strict=True):
        answer_self_test(phone.run(), module, self_test_answers(yes))
    # Has gone through the questions and has the send button on screen when the reveal comes.
    late_phone = answer_on_phone(
        phones[6].run(), self_test_of(module), self_test_answers(6), send=False
    )

    console.run()
    button(console, "Tonen op scherm").click().run()
    button(late_phone, "Versturen").click().run()
    assert "al gesloten" in all_text(late_phone)
    with app_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ballot)) == 6
        assert s.scalar(select(func.count()).select_from(RollEntry)) == 6

    projector.run()
    (share,) = chart_specs(projector)
    assert share["data"][0]["text"] == [
        "83% (5/6)",
        "83% (5/6)",
        "67% (4/6)",
        "50% (3/6)",
        "33% (2/6)",
        "17% (1/6)",
    ]

    # A phone that answered shows a confirmation and nothing of what it answered.
    answered = phones[0].run()
    assert not answered.radio
    assert "Je antwoord is anoniem ontvangen" in all_text(answered)
    # (The page's own script is left out: its random token once held the letters "Ja".)
    assert "Ja" not in all_text(answered, html=False).replace("Je antwoord", "")

    console.run()
    button(console, "Ja, afsluiten en antwoorden wissen").click().run()
    with app_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ballot)) == 0
    # Right after the end: what was kept, with its exports, then the next session's form.
    assert "Sessie afgesloten" in all_text(console)
    assert len(chart_specs(console)) == 1
    assert [d.label for d in console.get("download_button")] == [
        "Download Excel",
        "Download CSV",
        "Download rapport (HTML)",
    ]
    button(console, "Nieuwe groepssessie voorbereiden").click().run()
    assert "Nieuwe groepssessie" in all_text(console) and "Sessie afgesloten" not in all_text(
        console
    )
    history = open_page(console, HISTORY).run()
    assert "6 deelnemer" not in all_text(history)  # 7 phones joined
    assert "7 deelnemers" in "\n".join(e.label for e in history.expander)
    assert len(chart_specs(history)) == 1
    # The phone's last screen: a calm goodbye with the help lines on it, not an error box
    # over an empty join form (as before).
    goodbye = phones[1].run()
    assert "Dank je wel voor vandaag" in all_text(goodbye) and "afgelopen" in all_text(goodbye)
    assert "Veilig Thuis" in all_text(goodbye) and "tel:08002000" in all_text(goodbye)
    assert not goodbye.error and not goodbye.text_input
    button(goodbye, "Meedoen met een andere groep").click().run()
    assert goodbye.text_input and "Dank je wel voor vandaag" not in all_text(goodbye)


def test_a_phone_reads_the_content_note_before_the_material(
    signed_in_console, app_db, new_browser, monkeypatch
):
    button(signed_in_console, "Sessie starten").click().run()
    group = running_session(app_db)
    phone = new_browser(code=group.join_code)
    assert "Voordat we beginnen" in all_text(phone)
    assert "Welkom" not in all_text(phone)
    assert "Hulp en steun" in [b.label for b in phone.button]
    button(phone, "Privacy: wat gebeurt er met mijn antwoorden?").click().run()
    assert "Niemand ziet jouw antwoorden" in all_text(phone)
    assert "privévenster" in all_text(phone)
    button(phone, "Terug").click().run()
    assert "Voordat we beginnen" in all_text(phone)
    next(b for b in phone.button if b.key == "content-note-continue").click().run()
    assert "Welkom" in all_text(phone)

    # A reload, or the QR code scanned again, is the same participant: the browser sends
    # its cookie (AppTest cannot, so it is handed over here), and the note is not repeated.
    token = phone.session_state["participant-token"]
    monkeypatch.setattr(ui_phone, "_cookie", lambda: token)
    for reloaded in (new_browser(), new_browser(code=group.join_code.lower())):
        assert "Voordat we beginnen" not in all_text(reloaded)
        assert "Welkom" in all_text(reloaded)
    with app_db.read() as s:
        assert sessions.count_participants(s, session_id=group.id) == 1
