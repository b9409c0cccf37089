"""The help page's resources come from a file an organisation can change."""

from __future__ import annotations

import subprocess
import sys

import pytest

from facilitator.content import ContentError
from facilitator.helpinfo import SHIPPED, help_for, load_help
from tests.conftest import ROOT


def test_the_shipped_help_file_lists_the_crisis_lines_in_both_languages():
    texts = load_help(SHIPPED)
    assert set(texts) == {"nl", "en"}
    for language in ("nl", "en"):
        assert "112" in texts[language].body and "0800-2000" in texts[language].body
        # Numbers a phone can call with one tap, and the country they belong to said plainly.
        assert "(tel:08002000)" in texts[language].body
    assert "In Nederland" in texts["nl"].body and "In the Netherlands" in texts["en"].body
    assert help_for(texts, "de").title == "Hulp en steun"  # falls back to Dutch


def test_an_organisation_can_put_its_own_contacts_in(tmp_path):
    own = tmp_path / "help.yaml"
    own.write_text("nl:\n  title: Hulp\n  body: Bel de praktijk op 010-1234567.\n")
    assert "010-1234567" in load_help(own)["nl"].body


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("en:\n  title: Help\n  body: Call us.\n", "nl: missing field"),
        ("nl:\n  title: Hulp\n", "nl: needs exactly the keys title and body"),
        ("nl:\n  title: Hulp\n  body: ''\n", "nl.body: must be non-empty text"),
        ("fr:\n  title: Aide\n  body: x\n", "fr: unknown language"),
        ("- just a list\n", "must be a mapping of languages"),
    ],
)
def test_a_broken_help_file_names_the_field(tmp_path, text, message):
    bad = tmp_path / "help.yaml"
    bad.write_text(text)
    with pytest.raises(ContentError, match=message):
        load_help(bad)


def test_the_check_command_validates_a_help_file():
    done = subprocess.run(
        [sys.executable, "-m", "facilitator.helpinfo", "check", str(SHIPPED)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "ok" in done.stdout
