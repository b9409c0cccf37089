"""Console messages for refused facilitator actions (the console is in Dutch). Numbers come
from the constants that decide them, so a message cannot say what the code does not do."""

from __future__ import annotations

from facilitator.auth import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from facilitator.config import MAX_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR

_CONSOLE = {
    "already_running": "Er loopt al een sessie. Sluit die eerst af.",
    "bad_min_group_size": f"De minimale groepsgrootte ligt tussen {MIN_GROUP_SIZE_FLOOR} en "
    f"{MAX_MIN_GROUP_SIZE}.",
    "no_join_code": "Er kon geen vrije deelnamecode worden gemaakt. Probeer het opnieuw.",
    "not_your_session": "Deze sessie hoort niet bij jouw account.",
    "session_ended": "Deze sessie is al afgesloten.",
    "no_such_step": "Die stap bestaat niet in deze module.",
    "not_a_question": "Deze stap heeft geen vragen.",
    "already_revealed": "Deze vraag is al getoond en blijft gesloten. Een nieuwe ronde is een "
    "nieuwe vraag.",
    "not_open": "Deze vraag staat niet open.",
    "box_gone": "Die vraag uit de groep is er niet meer.",
    "too_few_answers": "Nog te weinig antwoorden om te tonen.",
    "setup_done": "Er bestaat al een account. Meld je aan.",
    "setup_code_wrong": "Die instelcode klopt niet of is verlopen. Kijk in de uitvoer van de "
    "server, of herstart de server voor een nieuwe code.",
    "username_invalid": "Kies een gebruikersnaam van 1 tot 64 tekens.",
    "password_short": f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens.",
    "password_long": f"Kies een wachtwoord van hoogstens {MAX_PASSWORD_LENGTH} tekens.",
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
