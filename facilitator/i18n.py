"""All text that participants and the projector show, per language.

Dutch first, English second. The phone and projector pages hold no user-facing strings of
their own: they ask ``text(language, key, **values)``, so a translation is one table to
check, not a hunt. Every language has every key (a test checks). The console, the history
and the account pages are for the facilitator and are in Dutch only: their texts live in
those pages and in ``ui/messages.py``. A module's own words (its steps, its content note,
its guide for the facilitator) live in the module file, in each of its languages.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}  # as each language calls itself
DEFAULT_LANGUAGE = "nl"

_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "option_pass": "Liever niet zeggen",  # offered on every question
        # participant: joining
        "join_heading": "Meedoen met de groep",
        "join_intro": "Vul de code in die op het scherm staat. Je hoeft geen naam op te geven.",
        "join_code_label": "Code (6 tekens)",
        "join_button": "Meedoen",
        "join_malformed": "Deze code klopt niet. Een code heeft 6 letters en cijfers, "
        "zoals op het scherm. Probeer het nog eens.",
        "join_unknown": "Er is geen groep met deze code. Kijk nog eens goed naar het scherm.",
        "join_ended": "Deze groepssessie is afgelopen. Dank je wel voor het meedoen.",
        # the last screen after a session: a goodbye, with the help lines on it
        "goodbye_title": "Dank je wel voor vandaag",
        "goodbye_body": "De groepssessie is afgelopen. Wat je hebt geantwoord is gewist; "
        "alleen de groepstotalen die iedereen op het scherm zag, blijven bewaard. Neem even "
        "de tijd voor jezelf.",
        "goodbye_help": "Zit je na vandaag ergens mee? Hier kun je terecht.",
        "goodbye_again": "Meedoen met een andere groep",
        "join_locked": "De begeleider heeft de groep gesloten voor nieuwe telefoons. Hoor je "
        "bij deze groep? Vraag de begeleider om de groep even te openen.",
        "join_wait": "Er zijn vanaf deze telefoon te veel codes geprobeerd die niet kloppen. "
        "Wacht een minuut en probeer het dan opnieuw.",
        "join_busy": "Er worden op dit moment heel veel codes geprobeerd. Wacht een minuut en "
        "probeer het dan opnieuw.",
        "step_unavailable": "Deze stap kan nu even niet worden getoond. Je telefoon probeert "
        "het vanzelf opnieuw; je hoeft niets te doen.",
        "db_unavailable": "Even geen verbinding met de groepssessie. We proberen het steeds "
        "opnieuw; je hoeft niets te doen.",
        "send_unavailable": "Je antwoord is nog niet verstuurd. Zodra de verbinding terug is, "
        "kun je het opnieuw versturen; het telt dan één keer.",
        "join_unavailable": "Meedoen lukte nu even niet: er is geen verbinding met de "
        "groepssessie. Druk zo nog een keer op de knop; de code staat er nog.",
        "note_unavailable": "Dat lukte nu even niet: er is geen verbinding met de "
        "groepssessie. Druk zo nog een keer op de knop.",
        "content_note_title": "Voordat we beginnen",
        # A module says what it is about in its own content_note; this is for one that does not.
        "content_note_subject": "Deze bijeenkomst kan over zware onderwerpen gaan. Dat kan "
        "herinneringen of gevoelens oproepen.",
        "content_note_body": "- Je doet **anoniem** mee: je telefoon toont of bewaart niets "
        "van je antwoorden.\n"
        "- Niets hoeft: bij elke vraag kun je 'liever niet zeggen' kiezen.\n"
        "- Even pauze nemen of naar buiten gaan mag altijd.\n"
        "- Onder 'Hulp en steun' vind je waar je terecht kunt.",
        "content_note_continue": "Ik begrijp het, verder",
        # participant: following
        "follow_hint": "Kijk mee op het grote scherm. Je telefoon volgt vanzelf.",
        "question_waiting": "Zo meteen zet de begeleider deze vragen open.",
        "question_closed": "Deze vragen zijn gesloten.",
        "answer_intro": "Kies bij elke vraag één antwoord. "
        "'Liever niet zeggen' is ook een antwoord.",
        "answer_any_intro": "Kies wat voor jou geldt (meer mag).",
        "answer_pass_alone": "'Liever niet zeggen' en 'Geen van deze' gaan niet samen met "
        "andere keuzes. Kies het één of het ander.",
        # a long question step, one question per screen, then a short review and one send
        "question_of": "Vraag {number} van {count}",
        "answer_missing_here": "Deze vraag heeft nog geen antwoord. Kies er een; 'liever "
        "niet zeggen' mag ook.",
        "answer_previous": "Vorige",
        "answer_next": "Volgende",
        "answer_to_review": "Nakijken",
        "review_title": "Nakijken en versturen",
        "review_intro": "Tik op een vraag om je antwoord te veranderen. Je verstuurt alles "
        "in één keer.",
        "review_row": "Vraag {number}: {answer}",
        "review_missing": "nog geen antwoord",
        "exercise_label": "Alleen voor jou",
        "exercise_private": "Wat je hier schrijft blijft op je telefoon, in dit venster. Het "
        "gaat niet naar de app of de begeleider en wordt nergens bewaard. Sluit je het venster "
        "of tik je op 'Snel weg', dan is het weg. Kijkt iemand op je telefoon mee? Download "
        "dan niets: bewaar het liever op papier op een veilige plek, of bij iemand die je "
        "vertrouwt.",
        "exercise_download": "Downloaden",
        "exercise_file_name": "notities.txt",
        "exercise_clear": "Wissen",
        "submit": "Versturen",
        "answered": "Dank je. Je antwoord is anoniem ontvangen.",
        "randomized_note": "Extra bescherming staat aan: 1 op de {one_in} keer vervangt het "
        "toeval je antwoord, nog voor het wordt bewaard. Zo zegt geen enkel bewaard antwoord "
        "iets zeker over jou. Antwoord gewoon eerlijk.",
        "anonymity_note": "Anoniem: niemand ziet jouw antwoorden, ook de begeleider niet. "
        "Op het scherm komen alleen groepstotalen, en pas vanaf {k} antwoorden.",
        "help_link": "Hulp en steun",
        "pause_ask": "Ik heb even pauze nodig",
        "box_title": "Vraag of opmerking voor de begeleider",
        "box_label": "Je vraag of opmerking",
        "box_about": "Zonder je naam, en niet meteen: je vraag komt samen met die van "
        "anderen bij de begeleider, in willekeurige volgorde. Alleen de begeleider ziet "
        "hem, tenzij die hem op het scherm zet. Let op: wie je kent, kan je schrijfstijl "
        "soms herkennen.",
        "box_send": "Naar de begeleider sturen",
        "box_sent": "Ontvangen. Je vraag komt straks bij de begeleider.",
        "box_wait": "Je stuurde er net een paar. Over een paar minuten kan het weer.",
        "box_empty": "Er staat nog niets in.",
        "box_too_long": "Dat is te lang: hoogstens 500 tekens.",
        "box_full": "De vragenbox is even vol. Probeer het later nog eens.",
        "box_session_over": "Deze sessie is afgelopen.",
        "box_unavailable": "Dat kwam nu niet aan. Probeer het zo nog eens.",
        "projector_box_title": "Vraag uit de groep",
        "pause_sent": "Doorgegeven. Niemand ziet wie het vroeg.",
        "pause_again_later": "Je vroeg net al. Over een paar minuten kan het weer.",
        "pause_unavailable": "Dat kwam nu niet aan. Probeer het zo nog eens.",
        "help_back": "Terug",
        "privacy_link": "Privacy: wat gebeurt er met mijn antwoorden?",
        "notes_link": "Mijn notities",
        "notes_title": "Mijn notities",
        "notes_kept": "Deze notities staan alleen op deze telefoon, tot de groepssessie "
        "afloopt; dan worden ze gewist. Wil je ze houden, schrijf ze dan over op papier of "
        "download ze.",
        "privacy_title": "Wat er met je antwoorden gebeurt",
        "privacy_body": "**Wat de app bewaart**\n\n"
        "- Je doet mee zonder naam of account. Je telefoon krijgt een willekeurig nummer; de "
        "app bewaart daar alleen een onherkenbare afgeleide van.\n"
        "- Je antwoorden worden bewaard zonder dat nummer, zonder tijd en in willekeurige "
        "volgorde, zoals briefjes in een stembus.\n"
        "- Staat 'extra bescherming' aan, dan vervangt het toeval je ja/nee- en keuze-antwoord "
        "soms al vóór het bewaren. Dan zegt zelfs een bewaard antwoord niets zeker over jou.\n"
        "- Eindigt de sessie (uiterlijk na {session_hours} uur), dan worden alle losse "
        "antwoorden gewist. "
        "Alleen groepstotalen blijven bewaard, en alleen van vragen die de groep op het "
        "scherm heeft gezien.\n\n"
        "**Wie wat ziet**\n\n"
        "- Niemand ziet jouw antwoorden: de andere deelnemers niet en de begeleider ook niet.\n"
        "- Het grote scherm toont alleen groepstotalen, pas als de begeleider dat doet en pas "
        "vanaf een minimum aantal antwoorden (nooit minder dan {k_floor}).\n"
        "- Het scherm laat zien hoeveel telefoons er meedoen. Zijn dat er meer dan er mensen "
        "in de kamer zijn, zeg het dan: met extra telefoons zou iemand een kleine groep groter "
        "kunnen laten lijken.\n"
        "- Na het versturen laat je telefoon niets van je antwoord zien.\n"
        "- Wat je in de feitenlijst schrijft, blijft op je telefoon en gaat nergens heen.\n\n"
        "**Op je telefoon**\n\n"
        "- 'Snel weg' sluit deze pagina meteen en opent een gewone website; met 'terug' kom "
        "je hier niet meer uit. Op een laptop kan het ook met drie keer Shift.\n"
        "- Je browsergeschiedenis kan wel laten zien dat je 'Groepssessie' hebt bezocht. Wil "
        "je dat niet, gebruik dan een privévenster (incognito).",
        "quick_exit": "Snel weg",
        "quick_exit_description": "Snel weg: verlaat deze pagina meteen en open een andere "
        "website (of druk drie keer op Shift)",
        "offline": "Geen verbinding. Je telefoon probeert opnieuw te verbinden. Wat je nog niet "
        "hebt verstuurd, kun je daarna gewoon versturen.",
        # answer refusals
        "refused_closed": "Deze vraag is al gesloten; je antwoord is niet meegeteld.",
        "refused_already": "Je hebt deze vraag al beantwoord. Je antwoord telt één keer.",
        "refused_not_current": "De begeleider is al verder gegaan; je antwoord is niet meegeteld.",
        "refused_invalid": "Dit antwoord kan niet worden verwerkt. Kies een van de "
        "antwoorden op het scherm.",
        "refused_ended": "Deze groepssessie is afgelopen; je antwoord is niet meegeteld.",
        "refused_unknown": "Je telefoon is niet (meer) aangemeld bij deze groep. "
        "Doe opnieuw mee met de code.",
        # projector
        "projector_join": "Doe mee op je telefoon",
        "projector_qr_alt": "QR-code met de link om mee te doen",
        "projector_locked": "🔒 De groep is gesloten: er komen geen nieuwe telefoons bij",
        "projector_code": "Code",
        "projector_answers_in": "{n} antwoorden binnen",
        "projector_answers_in_one": "1 antwoord binnen",
        "projector_connected": "{n} telefoons verbonden",
        "projector_connected_one": "1 telefoon verbonden",
        "projector_needed": "Nog {n} nodig voordat de groepsuitkomst getoond kan worden.",
        "projector_enough": "Genoeg antwoorden voor een groepsuitkomst.",
        "projector_waiting": "De vragen staan zo open op je telefoon.",
        "projector_closed": "De vragen zijn gesloten.",
        "projector_no_session": "Dit scherm hoort bij geen lopende sessie.",
        "projector_ended": "Deze sessie is afgelopen. Dank jullie wel.",
        "projector_pause_until": "We gaan verder om",
        "projector_pause_left": "Nog {n} min.",
        "projector_pause_over": "We beginnen zo weer.",
        "chart_share_yes": "Aandeel 'ja' per vraag",
        "chart_estimate_yes": "Geschat aandeel 'ja' per vraag",
        "chart_estimate_share": "geschat aandeel van de groep",
        "chart_estimate_note": "Schatting: de antwoorden zijn door het toeval vermengd. "
        "Tussen haakjes de marge (95%).",
        "chart_share": "aandeel van de groep",
        "chart_n": "{n} antwoorden",
        "chart_n_one": "1 antwoord",
        "chart_start": "begin",
        "chart_end": "einde",
        "chart_compare": "Begin en einde van de sessie: {question}",
    },
    "en": {
        "option_pass": "Rather not say",
        "join_heading": "Join the group",
        "join_intro": "Enter the code shown on the screen. You do not need to give a name.",
        "join_code_label": "Code (6 characters)",
        "join_button": "Join",
        "join_malformed": "This code is not right. A code has 6 letters and digits, as on "
        "the screen. Please try again.",
        "join_unknown": "There is no group with this code. Please check the screen again.",
        "join_ended": "This group session has ended. Thank you for taking part.",
        "goodbye_title": "Thank you for today",
        "goodbye_body": "The group session has ended. What you answered has been wiped; only "
        "the group totals everyone saw on the screen are kept. Take a moment for yourself.",
        "goodbye_help": "Is something on your mind after today? You can turn to these.",
        "goodbye_again": "Join another group",
        "join_locked": "The facilitator has closed the group to new phones. Do you belong to "
        "this group? Ask the facilitator to open it for a moment.",
        "join_wait": "Too many codes that do not match were tried from this phone. Wait a "
        "minute, then try again.",
        "join_busy": "A great many codes are being tried right now. Wait a minute, then try again.",
        "step_unavailable": "This step cannot be shown just now. Your phone keeps trying by "
        "itself; you need not do anything.",
        "db_unavailable": "No connection to the group session for a moment. We keep trying; "
        "you need not do anything.",
        "send_unavailable": "Your answer has not been sent yet. Once the connection is back, "
        "you can send it again; it will count once.",
        "join_unavailable": "Joining did not work just now: there is no connection to the "
        "group session. Press the button again in a moment; the code is still there.",
        "note_unavailable": "That did not work just now: there is no connection to the group "
        "session. Press the button again in a moment.",
        "content_note_title": "Before we start",
        "content_note_subject": "This meeting may touch on heavy subjects. That can bring up "
        "memories or feelings.",
        "content_note_body": "- You take part **anonymously**: your phone shows or keeps "
        "nothing of your answers.\n"
        "- Nothing is required: every question offers 'rather not say'.\n"
        "- Taking a break or stepping outside is always fine.\n"
        "- 'Help and support' lists where you can go.",
        "content_note_continue": "I understand, continue",
        "follow_hint": "Follow along on the big screen. Your phone keeps up by itself.",
        "question_waiting": "The facilitator will open these questions in a moment.",
        "question_closed": "These questions are closed.",
        "answer_intro": "Choose one answer for each question. 'Rather not say' is an answer too.",
        "answer_any_intro": "Choose what applies to you (more than one is fine).",
        "answer_pass_alone": "'Rather not say' and 'None of these' don't go with other "
        "choices. Choose one or the other.",
        "question_of": "Question {number} of {count}",
        "answer_missing_here": "This question has no answer yet. Choose one; 'rather not "
        "say' is fine too.",
        "answer_previous": "Previous",
        "answer_next": "Next",
        "answer_to_review": "Review",
        "review_title": "Check and send",
        "review_intro": "Tap a question to change your answer. You send everything at once.",
        "review_row": "Question {number}: {answer}",
        "review_missing": "no answer yet",
        "exercise_label": "Only for you",
        "exercise_private": "What you write here stays on your phone, in this window. It "
        "doesn't go to the app or the facilitator and isn't stored anywhere. Closing the "
        "window or tapping 'Quick exit' wipes it. Does someone check your phone? Then don't "
        "download it: keep it on paper in a safe place instead, or with someone you trust.",
        "exercise_download": "Download",
        "exercise_file_name": "notes.txt",
        "exercise_clear": "Clear",
        "submit": "Send",
        "answered": "Thank you. Your answer was received anonymously.",
        "randomized_note": "Extra protection is on: 1 time in {one_in}, chance replaces your "
        "answer before it is even stored. So no stored answer says anything certain about "
        "you. Just answer honestly.",
        "anonymity_note": "Anonymous: nobody sees your answers, not even the facilitator. "
        "The screen shows group totals only, and only from {k} answers on.",
        "help_link": "Help and support",
        "pause_ask": "I need a short break",
        "box_title": "A question or remark for the facilitator",
        "box_label": "Your question or remark",
        "box_about": "Without your name, and not at once: your question reaches the "
        "facilitator together with others, in random order. Only the facilitator sees it, "
        "unless they put it on the screen. Note: people who know you may recognise your "
        "writing style.",
        "box_send": "Send to the facilitator",
        "box_sent": "Received. Your question will reach the facilitator shortly.",
        "box_wait": "You just sent a few. You can send again in a few minutes.",
        "box_empty": "There is nothing in it yet.",
        "box_too_long": "That is too long: 500 characters at most.",
        "box_full": "The question box is full for now. Try again later.",
        "box_session_over": "This session has ended.",
        "box_unavailable": "That did not get through. Try again in a moment.",
        "projector_box_title": "A question from the group",
        "pause_sent": "Passed on. Nobody sees who asked.",
        "pause_again_later": "You just asked. You can ask again in a few minutes.",
        "pause_unavailable": "That did not get through. Try again in a moment.",
        "help_back": "Back",
        "privacy_link": "Privacy: what happens to my answers?",
        "notes_link": "My notes",
        "notes_title": "My notes",
        "notes_kept": "These notes are only on this phone, until the group session ends; "
        "then they are wiped. To keep them, copy them onto paper or download them.",
        "privacy_title": "What happens to your answers",
        "privacy_body": "**What the app keeps**\n\n"
        "- You take part without a name or account. Your phone gets a random number; the app "
        "keeps only an unrecognisable derivative of it.\n"
        "- Your answers are kept without that number, without a time and in random order, "
        "like slips in a ballot box.\n"
        "- When 'extra protection' is on, chance sometimes replaces your yes/no or choice "
        "answer before it is kept. Then not even a stored answer says anything certain about "
        "you.\n"
        "- When the session ends (after {session_hours} hours at most), every single answer is "
        "erased. "
        "Only group totals are kept, and only of questions the group saw on the screen.\n\n"
        "**Who sees what**\n\n"
        "- Nobody sees your answers: not the other participants, not the facilitator.\n"
        "- The big screen shows group totals only, only when the facilitator shows them, and "
        "only from a minimum number of answers (never fewer than {k_floor}).\n"
        "- The screen shows how many phones take part. If that is more than the people in "
        "the room, say so: with extra phones someone could make a small group look bigger.\n"
        "- After sending, your phone shows nothing of your answer.\n"
        "- What you write in the list of facts stays on your phone and goes nowhere.\n\n"
        "**On your phone**\n\n"
        "- 'Quick exit' closes this page at once and opens an ordinary website; 'back' does "
        "not bring you here again. On a laptop, pressing Shift three times does it too.\n"
        "- Your browser history may still show that you visited 'Groepssessie'. If you do not "
        "want that, use a private (incognito) window.",
        "quick_exit": "Quick exit",
        "quick_exit_description": "Quick exit: leave this page at once and open another "
        "website (or press Shift three times)",
        "offline": "No connection. Your phone is trying to reconnect. Anything you have not sent "
        "yet, you can simply send then.",
        "refused_closed": "This question is already closed; your answer was not counted.",
        "refused_already": "You already answered this question. Your answer counts once.",
        "refused_not_current": "The facilitator has moved on; your answer was not counted.",
        "refused_invalid": "This answer cannot be processed. Choose one of the answers shown.",
        "refused_ended": "This group session has ended; your answer was not counted.",
        "refused_unknown": "Your phone is not (or no longer) part of this group. Join again "
        "with the code.",
        "projector_join": "Join on your phone",
        "projector_qr_alt": "QR code with the link to join",
        "projector_locked": "🔒 The group is closed: no new phones can join",
        "projector_code": "Code",
        "projector_answers_in": "{n} answers in",
        "projector_answers_in_one": "1 answer in",
        "projector_connected": "{n} phones connected",
        "projector_connected_one": "1 phone connected",
        "projector_needed": "{n} more needed before the group result can be shown.",
        "projector_enough": "Enough answers for a group result.",
        "projector_waiting": "The questions will open on your phone in a moment.",
        "projector_closed": "The questions are closed.",
        "projector_no_session": "This screen belongs to no running session.",
        "projector_ended": "This session has ended. Thank you all.",
        "projector_pause_until": "We start again at",
        "projector_pause_left": "{n} min to go.",
        "projector_pause_over": "We are about to start again.",
        "chart_share_yes": "Share of 'yes' per question",
        "chart_estimate_yes": "Estimated share of 'yes' per question",
        "chart_estimate_share": "estimated share of the group",
        "chart_estimate_note": "An estimate: the answers were mixed with chance. In brackets "
        "the margin (95%).",
        "chart_share": "share of the group",
        "chart_n": "{n} answers",
        "chart_n_one": "1 answer",
        "chart_start": "start",
        "chart_end": "end",
        "chart_compare": "Start and end of the session: {question}",
    },
}


def text(language: str, key: str, **values: object) -> str:
    """The text in this language. A count ``n`` of 1 takes the key's singular form
    (``key_one``) where the language has one. Every language has every key (a test
    checks), so nothing falls back to another language unseen."""
    table = _TEXT[language]
    if values.get("n") == 1 and f"{key}_one" in table:
        key = f"{key}_one"
    template = table[key]
    return template.format(**values) if values else template


def plural(n: int, one: str, many: str) -> str:
    """'1 antwoord', '3 antwoorden': for the console's Dutch, which is not in the table."""
    return f"{n} {one if n == 1 else many}"


def language_from_locale(locale: str | None) -> str:
    """The participant's language before they join: English for an English browser."""
    if locale and locale.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE
