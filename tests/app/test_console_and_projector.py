"""The console as a presenter view, the privacy curtain, choose-any questions, the language
of a session, and the private facts list that never leaves the phone's browser session."""

from __future__ import annotations

from sqlalchemy import select

from facilitator import sessions
from facilitator.models import GroupSession
from facilitator.timeutil import utcnow
from tests.app.conftest import all_text, answer_on_phone, button, chart_specs, open_page
from tests.helpers import csv_table, self_test_of, step_index
from ui.navigation import HISTORY


def start(
    console, app_db, *, language: str = "nl", k: int = 3, module_id: str = "traumabinding"
) -> GroupSession:
    console.selectbox(key="start-module").set_value(module_id).run()
    console.radio(key="start-language").set_value(language)
    console.number_input(key="start-k").set_value(k)
    button(console, "Sessie starten").click().run()
    with app_db.read() as s:
        return s.scalar(select(GroupSession))


def jump(console, module, step_id: str) -> None:
    current = next(sb for sb in console.selectbox if sb.key.startswith("jump-"))
    current.set_value(step_index(module, step_id)).run()


def test_the_console_shows_notes_timers_and_what_comes_next(signed_in_console, app_db, module):
    console = signed_in_console
    start(console, app_db)
    text = all_text(console)
    assert "1/17 · Welkom" in text
    assert "Tijd:** stap 0:0" in text and "van ±8 min" in text
    assert "Doel:" in text and "Gespreksvragen:" in text
    assert "zitten nog in de relatie" in text  # the caution, console only
    assert "Hierna:** Check-in" in text
    # The safety protocol is one click away at every step, not in one step's notes.
    assert [e for e in console.expander if e.label.startswith("Voor de begeleider")]
    assert "112" in all_text(console) and "meldcode" in all_text(console)
    button(console, "Volgende ▶").click().run()
    assert "2/17 · Check-in" in all_text(console)
    button(console, "◀ Vorige").click().run()
    assert "1/17 · Welkom" in all_text(console)


def test_the_curtain_blanks_the_projector_and_brings_it_back(
    signed_in_console, app_db, new_browser, new_phone
):
    console = signed_in_console
    group = start(console, app_db)
    projector = new_browser(t=group.projector_token)
    phone = new_phone(group.join_code)
    assert group.join_code in all_text(projector)
    # Never on the projector: the facilitator's notes, cautions or private warnings.
    for private in ("Doel:", "Gespreksvragen", "zitten nog in de relatie", "Hierna", "Tijd:"):
        assert private not in all_text(projector)

    button(console, "Scherm leegmaken").click().run()
    projector.run()
    assert "Welkom" not in all_text(projector) and group.join_code not in all_text(projector)
    assert not projector.get("imgs")
    assert "projectorscherm is nu leeg" in all_text(console)
    assert "Welkom" in all_text(phone.run())  # phones are not curtained

    button(console, "Scherm terugzetten").click().run()
    projector.run()
    assert "Welkom" in all_text(projector) and group.join_code in all_text(projector)


def test_a_choose_any_question_is_answered_with_pills_and_charted(
    signed_in_console, app_db, new_browser, module, new_phone
):
    console = signed_in_console
    group = start(console, app_db)
    phones = [new_phone(group.join_code) for _ in range(3)]
    jump(console, module, "scannen")
    button(console, "Openen").click().run()
    choices = [["toon", "stilte"], ["toon"], ["pass", "toon"]]
    for phone, chosen in zip(phones, choices, strict=True):
        phone.run()
        phone.button_group[0].set_value(chosen)
        button(phone, "Versturen").click().run()
    # 'Liever niet zeggen' together with a choice is explained, not stored.
    assert "gaan niet samen met andere keuzes" in all_text(phones[2])
    phones[2].button_group[0].set_value(["pass"])
    button(phones[2], "Versturen").click().run()
    assert "anoniem ontvangen" in all_text(phones[2])
    console.run()
    button(console, "Tonen op scherm").click().run()
    projector = new_browser(t=group.projector_token)
    (chart,) = chart_specs(projector)
    # Horizontal bars: the options are the y axis, most chosen first.
    labels = [label.replace("<br>", " ") for label in chart["data"][0]["y"]]
    assert labels[0] == "De toon van de stem"
    texts = dict(zip(labels, chart["data"][0]["text"], strict=True))
    assert texts["De toon van de stem"] == "67% (2)"
    assert texts["Stiltes"] == "33% (1)"
    assert texts["Liever niet zeggen"] == "33% (1)"


def test_a_randomized_session_tells_phones_first_and_shows_estimates(
    signed_in_console, app_db, new_browser, new_phone, module
):
    console = signed_in_console
    console.checkbox(key="start-randomized").check()
    group = start(console, app_db)
    assert group.randomized_response
    assert "gerandomiseerde antwoorden: schattingen met marge" in all_text(console)
    projector = new_browser(t=group.projector_token)
    phones = [new_phone(group.join_code) for _ in range(3)]
    jump(console, module, "zelftest")
    button(console, "Openen").click().run()
    self_test = self_test_of(module)
    for phone in phones:
        phone.run()
        assert "Extra bescherming staat aan" in all_text(phone)  # before the questions
        answer_on_phone(phone, self_test, {q.id: "nee" for q in self_test.questions})
        assert "anoniem ontvangen" in all_text(phone)
    console.run()
    button(console, "Tonen op scherm").click().run()
    projector.run()
    (chart,) = chart_specs(projector)  # no per-person histogram for randomized answers
    bars, words = chart["data"]
    assert "error_x" in bars
    assert all(label.strip().startswith("≈") for label in words["text"])
    assert "Geschat aandeel" in chart["layout"]["title"]["text"]


def test_an_english_session_speaks_english_on_phones_and_projector(
    signed_in_console, app_db, new_browser, new_phone
):
    group = start(signed_in_console, app_db, language="en")
    assert group.language == "en"
    phone = new_phone(group.join_code)
    projector = new_browser(t=group.projector_token)
    assert "Welcome" in all_text(phone) and "Follow along" in all_text(phone)
    assert "Join on your phone" in all_text(projector)


def test_an_ended_sessions_link_is_answered_in_that_sessions_language(
    signed_in_console, app_db, new_browser
):
    group = start(signed_in_console, app_db, language="en")
    button(signed_in_console, "Ja, afsluiten en antwoorden wissen").click().run()
    late = new_browser(code=group.join_code)  # a Dutch phone by default
    assert "This group session has ended" in all_text(late)
    assert "Join the group" in all_text(late)


def test_the_facts_list_has_no_widget_that_could_send_its_text_to_the_server(
    signed_in_console, app_db, loskomen, new_phone
):
    # The notepad is plain HTML kept in the phone's browser; the browser test checks that
    # typed text is in no message to the server. Here: the page offers Streamlit nothing
    # to send it with.
    console = signed_in_console
    group = start(console, app_db, module_id="traumabinding-loskomen")
    phone = new_phone(group.join_code)
    jump(console, loskomen, "feitenlijst")
    phone.run()
    assert "Een feitenlijst" in all_text(phone)
    assert not phone.text_area and not phone.text_input
    assert not phone.get("download_button")
    notepads = [e.proto.body for e in phone.get("html") if "<textarea" in e.proto.body]
    assert len(notepads) == 1
    assert '<label for="gs-notes-feitenlijst">Alleen voor jou</label>' in notepads[0]
    assert "<textarea" in notepads[0] and "sessionStorage" in notepads[0]


def test_a_past_session_can_be_deleted_after_a_second_confirmation(signed_in_console, app_db):
    console = signed_in_console
    start(console, app_db)
    button(console, "Ja, afsluiten en antwoorden wissen").click().run()
    history = open_page(console, HISTORY).run()
    assert "0 deelnemers" in "\n".join(e.label for e in history.expander)
    button(history, "Verwijderen…").click().run()
    button(history, "Nee, bewaren").click().run()
    assert len(history.expander) == 1
    button(history, "Verwijderen…").click().run()
    button(history, "Ja, verwijderen").click().run()
    assert "Nog geen afgesloten sessies" in all_text(history)
    with app_db.read() as s:
        assert s.scalar(select(GroupSession)) is None


def test_the_history_shows_of_a_question_never_revealed_only_its_count(
    signed_in_console, app_db, module, new_phone
):
    from facilitator import reports, summaries

    console = signed_in_console
    group = start(console, app_db, k=5)
    phones = [new_phone(group.join_code) for _ in range(5)]
    jump(console, module, "check-in")
    button(console, "Openen").click().run()
    for phone in phones:
        phone.run()
        phone.radio[0].set_value("4")
        button(phone, "Versturen").click().run()
    button(console, "Sluiten").click().run()
    assert "iedereen hetzelfde antwoord" in all_text(console)  # and so it is not shown
    button(console, "Ja, afsluiten en antwoorden wissen").click().run()

    history = open_page(console, HISTORY).run()
    text = all_text(history)
    assert "5 antwoorden: niet getoond in de sessie" in text
    assert not chart_specs(history) and "100" not in text
    with app_db.read() as s:
        (past,) = summaries.past_sessions(s, facilitator_id=1)
    csv_text, html_text = reports.summary_csv(past), reports.summary_html(past)
    (checkin,) = [row for row in csv_table(csv_text) if row["stap"] == "check-in"]
    assert (checkin["beantwoord"], checkin["getoond"], checkin["aantal"]) == ("5", "nee", "")
    assert "niet getoond in de sessie" in checkin["opmerking"]
    assert "niet getoond in de sessie" in html_text and "Plotly.newPlot" not in html_text


def test_the_start_form_says_how_wide_randomized_margins_will_be(signed_in_console):
    console = signed_in_console
    console.checkbox(key="start-randomized").check().run()
    console.number_input(key="start-expected-people").set_value(6).run()
    (warning,) = [w.value for w in console.warning if "deelnemers ligt" in w.value]
    assert "Met 6 deelnemers ligt een geschatte uitkomst van 50% ergens tussen 6% en 89%" in warning
    assert "helpen pas vanaf ongeveer 24 deelnemers" in warning
    console.number_input(key="start-expected-people").set_value(30).run()
    assert not [w for w in console.warning if "deelnemers ligt" in w.value]
    assert "tussen 27% en 72%" in all_text(console)


def large_join_code(projector) -> bool:
    return any('class="join-code"' in html.proto.body for html in projector.get("html"))


def test_the_join_qr_shrinks_to_a_strip_after_the_first_step_and_comes_back_on_demand(
    signed_in_console, app_db, new_browser, module
):
    console = signed_in_console
    group = start(console, app_db)
    assert large_join_code(new_browser(t=group.projector_token))
    jump(console, module, "grond")
    projector = new_browser(t=group.projector_token)
    assert not large_join_code(projector)
    assert any(group.join_code in html.proto.body for html in projector.get("html"))  # the strip
    button(console, "QR-code groot op scherm").click().run()
    assert large_join_code(new_browser(t=group.projector_token))
    jump(console, module, "het-patroon")
    assert not large_join_code(new_browser(t=group.projector_token))


def test_a_console_whose_session_was_ended_in_another_tab_shows_what_was_kept(
    signed_in_console, app_db, module
):
    """The console knows the session it last drew running before any end is pressed, so
    the summary follows whatever ended it: its own press (even one whose callback was cut
    short after the commit: views/console.py) or a second console tab."""
    console = signed_in_console
    group = start(console, app_db)
    with app_db.write() as s:
        sessions.end_session(
            s,
            facilitator_id=group.facilitator_id,
            session_id=group.id,
            module=module,
            now=utcnow(),
        )
    console.run()
    assert "Sessie afgesloten" in all_text(console)
    button(console, "Nieuwe groepssessie voorbereiden").click().run()
    assert "Nieuwe groepssessie" in all_text(console)
    assert "Sessie afgesloten" not in all_text(console)
