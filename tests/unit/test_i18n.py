"""Participant and projector text lives in one table per language: the same keys, the same
placeholders, and every key the pages ask for exists."""

from __future__ import annotations

import re
import string

import pytest

from facilitator import i18n
from tests.conftest import ROOT

ASKED = re.compile(r"""\btext\(\s*[\w.\[\]]+,\s*["']([a-z_]+)["']""")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_language_has_every_key_and_the_same_placeholders(language):
    # A third language added to LANGUAGES cannot silently fall back to Dutch.
    dutch, other = i18n._TEXT["nl"], i18n._TEXT[language]
    assert set(other) == set(dutch)
    for key in dutch:
        assert placeholders(dutch[key]) == placeholders(other[key]), key


def test_a_key_missing_in_a_language_is_an_error_not_dutch(monkeypatch):
    monkeypatch.setitem(
        i18n._TEXT, "en", {k: v for k, v in i18n._TEXT["en"].items() if k != "submit"}
    )
    with pytest.raises(KeyError):
        i18n.text("en", "submit")


def test_one_takes_the_singular_form():
    assert i18n.text("nl", "projector_answers_in", n=1) == "1 antwoord binnen"
    assert i18n.text("nl", "projector_answers_in", n=3) == "3 antwoorden binnen"
    assert i18n.text("en", "projector_connected", n=1) == "1 phone connected"
    assert i18n.text("en", "chart_n", n=0) == "0 answers"
    assert i18n.plural(1, "deelnemer", "deelnemers") == "1 deelnemer"
    for language in i18n.LANGUAGES:
        for key in i18n._TEXT[language]:
            if key.endswith("_one"):
                assert key.removesuffix("_one") in i18n._TEXT[language], key


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_no_text_is_empty_or_left_untranslated(language):
    for key, template in i18n._TEXT[language].items():
        assert template.strip(), key
    same = {k for k in i18n._TEXT["nl"] if i18n._TEXT["nl"][k] == i18n._TEXT["en"][k]}
    assert same <= {"projector_code"}  # "Code" is the word in both languages


def test_every_key_the_app_asks_for_exists():
    sources = [*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("facilitator/*.py")]
    asked = {key for path in sources for key in ASKED.findall(path.read_text(encoding="utf-8"))}
    assert len(asked) > 30  # the pattern still finds the calls
    missing = asked - set(i18n._TEXT["nl"])
    assert not missing, missing
