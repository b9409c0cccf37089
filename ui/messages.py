"""Console messages for refused facilitator actions (the console is in Dutch)."""

from __future__ import annotations

_CONSOLE = {
    "already_running": "Er loopt al een sessie. Sluit die eerst af.",
    "bad_min_group_size": "De minimale groepsgrootte ligt tussen 3 en 200.",
    "no_join_code": "Er kon geen vrije deelnamecode worden gemaakt. Probeer het opnieuw.",
    "not_your_session": "Deze sessie hoort niet bij jouw account.",
    "session_ended": "Deze sessie is al afgesloten.",
    "no_such_step": "Die stap bestaat niet in deze module.",
    "not_a_question": "Deze stap heeft geen vragen.",
    "already_revealed": "Deze vraag is al getoond en blijft gesloten. Een nieuwe ronde is een "
    "nieuwe vraag.",
    "not_open": "Deze vraag staat niet open.",
    "too_few_answers": "Nog te weinig antwoorden om te tonen.",
    "setup_done": "Er bestaat al een account. Meld je aan.",
    "setup_code_wrong": "Die instelcode klopt niet of is verlopen. Kijk in de uitvoer van de "
    "server, of herstart de server voor een nieuwe code.",
    "username_invalid": "Kies een gebruikersnaam van 1 tot 64 tekens.",
    "password_short": "Kies een wachtwoord van minstens 10 tekens.",
    "password_long": "Kies een wachtwoord van hoogstens 200 tekens.",
    "sign_in_failed": "Gebruikersnaam of wachtwoord klopt niet.",
    "sign_in_held_back": "Vanaf dit apparaat is te vaak een verkeerd wachtwoord geprobeerd. "
    "Probeer het over een kwartier opnieuw; op een ander apparaat kan het meteen.",
    "invitation_wrong": "Die uitnodigingscode klopt niet of is verlopen. Een code werkt één "
    "keer en 24 uur lang; vraag je collega om een nieuwe.",
    "still_running": "Deze sessie loopt nog. Sluit haar eerst af.",
    "username_taken": "Die gebruikersnaam bestaat al. Kies een andere.",
    "bad_phone_address": "Dat is geen netwerkadres van deze laptop.",
    "db_unavailable": "Even geen verbinding met de database: er is niets veranderd. Probeer "
    "het zo opnieuw.",
}


def console_message(code: str) -> str:
    return _CONSOLE.get(code, "Dat kan nu niet.")
