"""The pause signal through the app: a phone asks without raising a hand, the console
alone shows it (never who), the facilitator acknowledges it."""

from __future__ import annotations

from facilitator import sessions
from tests.app.conftest import all_text, button
from tests.app.test_group_session import running_session

ASK = "Ik heb even pauze nodig"


def toasts(at) -> list[str]:
    return [str(toast.value) for toast in at.toast]


def pause_asks(db, session_id: int) -> int:
    with db.read() as s:
        snap = sessions.snapshot(s, session_id=session_id)
    assert snap is not None
    return snap.pause_asks


def test_a_phone_asks_for_a_pause_and_only_the_console_shows_it(
    app_db, signed_in_console, new_browser, new_phone
):
    console = signed_in_console
    button(console, "Sessie starten").click().run()
    group = running_session(app_db)
    projector = new_browser(t=group.projector_token)
    phone, other = new_phone(group.join_code), new_phone(group.join_code)

    button(phone, ASK).click().run()
    assert any("Doorgegeven" in said for said in toasts(phone))
    # Nothing of it stays on the phone's screen for a neighbour's glance.
    assert "Doorgegeven" not in all_text(phone.run())
    button(phone, ASK).click().run()  # again at once: not counted twice
    assert any("Je vroeg net al" in said for said in toasts(phone))
    button(other, ASK).click().run()
    assert pause_asks(app_db, group.id) == 2

    console.run()
    shown = all_text(console)
    assert "Pauze gevraagd** (2 keer), sinds 0:0" in shown
    for page in (projector.run(), other.run()):
        assert "auze" not in all_text(page)  # the room is not told

    button(console, "Pauzeverzoek gezien").click().run()
    assert pause_asks(app_db, group.id) == 0
    assert "Pauze gevraagd" not in all_text(console)
    assert not [b for b in console.button if b.label == "Pauzeverzoek gezien"]
