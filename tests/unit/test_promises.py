"""Guards for promises the code makes about itself: the domain package runs without
Streamlit, every refusal has its message in every language, and bench/ declares what it
imports."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import i18n
from tests.conftest import ROOT
from ui import messages
from ui.actions import UNAVAILABLE

DOMAIN = ROOT / "facilitator"


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def imported_modules(file: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_file_of_the_domain_package_imports_streamlit():
    for file in python_files(DOMAIN):
        streamlit = {m for m in imported_modules(file) if m.split(".")[0] == "streamlit"}
        assert not streamlit, f"{file.relative_to(ROOT)} imports {streamlit}"


def test_the_whole_domain_package_loads_without_streamlit_coming_along():
    # Indirect imports too: every module of the package, then a look at what was loaded.
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in python_files(DOMAIN)
        if "migrations" not in p.parts and p.name != "__main__.py"
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "[]"


PARTICIPANT_REFUSALS = {"JoinRefused", "AnswerRefused", "BoxRefused"}  # said on a phone
CONSOLE_REFUSALS = {"ActionRefused", "NotAuthorized"}  # said on the console, in Dutch


def refusal_codes(kinds: set[str]) -> set[str]:
    """Every code the domain package raises with one of these exceptions (each string in the
    first argument, so `X("a" if c else "b")` gives both)."""
    codes: set[str] = set()
    for file in python_files(DOMAIN):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in kinds
                and node.args
            ):
                codes.update(
                    c.value
                    for c in ast.walk(node.args[0])
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                )
    return codes


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_refusal_a_phone_can_meet_has_a_message_in_every_language(language):
    codes = refusal_codes(PARTICIPANT_REFUSALS) | {UNAVAILABLE}
    assert {"join_unknown", "refused_already"} <= codes  # the scan finds them
    missing = {code for code in codes if code not in i18n._TEXT[language]}
    assert not missing, f"no {language} message for {sorted(missing)}"


def test_every_refusal_the_console_can_meet_has_its_own_message():
    codes = refusal_codes(CONSOLE_REFUSALS) | {UNAVAILABLE}
    assert {"already_revealed", "not_your_session"} <= codes
    missing = {code for code in codes if code not in messages._CONSOLE}
    assert not missing, f"no console message for {sorted(missing)}"


# Distribution names in requirements files, by the module name they are imported as.
IMPORT_NAMES = {"pyyaml": "yaml", "psycopg[binary]": "psycopg", "argon2-cffi": "argon2"}


def declared(requirements: Path) -> set[str]:
    names: set[str] = set()
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            names |= declared(requirements.parent / line[3:].strip())
        elif line:
            name = re.split(r"[<>=!~ ]", line, maxsplit=1)[0].lower()
            names.add(IMPORT_NAMES.get(name, name))
    return names


def test_bench_declares_every_package_it_imports():
    ours = {"bench", "facilitator", "ui", "tests"}
    wanted = {
        module.split(".")[0]
        for file in python_files(ROOT / "bench")
        for module in imported_modules(file)
    }
    third_party = wanted - ours - set(sys.stdlib_module_names) - {"__future__"}
    assert "websockets" in third_party  # the scan sees bench/tabs.py
    assert third_party <= declared(ROOT / "requirements-bench.txt"), third_party
