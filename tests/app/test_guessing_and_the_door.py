"""Attacks from inside the room, through the pages: guessing join codes, filling the group
with extra phones, finding and locking out the facilitator's account by signing in."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from facilitator import auth
from facilitator.models import GroupSession, Participant
from tests.app.conftest import all_text, button, open_page
from tests.conftest import PASSWORD, create_account
from ui.navigation import SIGN_IN


def participants(app_db) -> int:
    with app_db.read() as s:
        return s.scalar(select(func.count()).select_from(Participant)) or 0


def start(console, app_db) -> GroupSession:
    button(console, "Sessie starten").click().run()
    with app_db.read() as s:
        return s.scalar(select(GroupSession))


def from_address(monkeypatch, address: str | None) -> None:
    """AppTest has no network connection: say which address the browser comes from."""
    from ui import runtime

    monkeypatch.setattr(runtime, "client_address", lambda: address)


def test_one_phone_guessing_codes_is_held_back_after_five(
    signed_in_console, app_db, new_browser, monkeypatch
):
    group = start(signed_in_console, app_db)
    from_address(monkeypatch, "192.168.1.50")
    guesser = new_browser()
    wrong = ["ZZZZZZ", "ZZZZZY", "ZZZZZX", "ZZZZZW", "ZZZZZV"]
    began = time.monotonic()
    for code in wrong:
        guesser.text_input(key="join-code").input(code)
        button(guesser, "Meedoen").click().run()
        assert "Er is geen groep met deze code" in all_text(guesser)
    # The sixth try is not even looked at: not a wrong code, not the right one.
    for code in ("ZZZZZU", group.join_code):
        guesser.text_input(key="join-code").input(code)
        button(guesser, "Meedoen").click().run()
        assert "te veel codes geprobeerd" in all_text(guesser)
        assert "Wacht een minuut" in all_text(guesser)
    assert time.monotonic() - began < 60  # all within the window
    assert participants(app_db) == 0
    # Another phone in the room is not held back by the guesser.
    from_address(monkeypatch, "192.168.1.51")
    assert "Voordat we beginnen" in all_text(new_browser(code=group.join_code))
    # Typos that cannot be a code guess nothing and hold no one back.
    typo = new_browser()
    for _ in range(8):
        typo.text_input(key="join-code").input("12")
        button(typo, "Meedoen").click().run()
    assert "Deze code klopt niet" in all_text(typo)


def test_a_closed_group_lets_no_new_phone_in_and_the_projector_says_so(
    signed_in_console, app_db, new_browser, new_phone
):
    console = signed_in_console
    group = start(console, app_db)
    inside = new_phone(group.join_code)
    projector = new_browser(t=group.projector_token)
    assert group.join_code in all_text(projector)

    button(console, "Groep sluiten").click().run()
    assert "groep gesloten voor nieuwe telefoons" in all_text(console)
    projector.run()
    assert "De groep is gesloten" in all_text(projector)
    assert group.join_code not in all_text(projector) and not projector.get("imgs")
    late = new_browser(code=group.join_code)
    assert "De begeleider heeft de groep gesloten" in all_text(late)
    assert participants(app_db) == 1
    assert "Welkom" in all_text(inside.run())  # who is in stays in

    button(console, "Groep weer openen").click().run()
    assert group.join_code in all_text(projector.run())
    new_phone(group.join_code)
    assert participants(app_db) == 2


def timed_sign_in(at, username: str, password: str) -> tuple[float, str]:
    at.text_input(key="sign-in-username").input(username)
    at.text_input(key="sign-in-password").input(password)
    began = time.perf_counter()
    button(at, "Aanmelden").click().run()
    return time.perf_counter() - began, next(e.value for e in at.error)


def test_sign_in_takes_as_long_and_says_the_same_for_known_and_unknown_names(
    new_browser, app_db, monkeypatch
):
    monkeypatch.setattr(auth, "SIGN_IN_SECONDS", 1.0)
    create_account(app_db, "therapeut")
    at = new_browser()
    open_page(at, SIGN_IN).run()
    known, unknown = [], []
    for n in range(5):  # alternating, so that a warming cache favours neither
        kind, name = (known, "therapeut") if n % 2 else (unknown, "bestaat-niet")
        kind.append(timed_sign_in(at, name, "fout fout fout"))
    # After five, this browser is held back: nothing is looked at, still the same time.
    held = [timed_sign_in(at, name, PASSWORD) for name in ("therapeut", "bestaat-niet")]

    assert {message for _t, message in known + unknown} == {
        "Gebruikersnaam of wachtwoord klopt niet."
    }
    assert held[0][1] == held[1][1] and "te vaak een verkeerd wachtwoord" in held[0][1]
    times = [t for t, _message in known + unknown + held]
    assert min(times) >= 1.0
    # A difference an attacker could see would be a tenth of a second at the very least
    # (one Argon2id check). Each kind's fastest try is compared: a busy machine only ever
    # adds time (the test command runs the browser tests beside this one, and one try took
    # 1.23 s against the others' 1.01 there, which moved a median of two by 0.11 s).
    fastest = {
        "known": min(t for t, _ in known),
        "unknown": min(t for t, _ in unknown),
        "held back": min(t for t, _ in held),
    }
    assert max(fastest.values()) - min(fastest.values()) < 0.1, (fastest, times)
