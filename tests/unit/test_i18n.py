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


def test_both_languages_have_the_same_keys_and_placeholders():
    dutch, english = i18n._TEXT["nl"], i18n._TEXT["en"]
    assert set(dutch) == set(english)
    for key in dutch:
        assert placeholders(dutch[key]) == placeholders(english[key]), key


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_no_text_is_empty_or_left_untranslated(language):
    for key, template in i18n._TEXT[language].items():
        assert template.strip(), key
    same = {k for k in i18n._TEXT["nl"] if i18n._TEXT["nl"][k] == i18n._TEXT["en"][k]}
    assert same <= {"projector_code"}  # "Code" is the word in both languages


def test_every_key_the_app_asks_for_exists():
    sources = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("facilitator/*.py")]
    asked = {key for path in sources for key in ASKED.findall(path.read_text(encoding="utf-8"))}
    assert len(asked) > 30  # the pattern still finds the calls
    missing = asked - set(i18n._TEXT["nl"])
    assert not missing, missing
