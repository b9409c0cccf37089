"""The help page's support resources, from a YAML file an organisation can change.

Strict like the modules: unknown languages or keys, and missing text, are a ContentError
naming the file and the field. The app falls back to the shipped file when a configured
one is broken, so participants are never left without a help page.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from facilitator.content import ContentError
from facilitator.i18n import DEFAULT_LANGUAGE, LANGUAGES

SHIPPED = Path(__file__).resolve().parent.parent / "content" / "help.yaml"


@dataclass(frozen=True, kw_only=True)
class HelpText:
    title: str
    body: str


def load_help(path: Path) -> dict[str, HelpText]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, "", f"cannot be read ({exc.__class__.__name__})") from exc
    except yaml.YAMLError as exc:
        raise ContentError(path, "", "is not valid YAML") from exc
    if not isinstance(data, dict):
        raise ContentError(path, "", "must be a mapping of languages")
    texts: dict[str, HelpText] = {}
    for language, entry in data.items():
        if language not in LANGUAGES:
            raise ContentError(
                path, str(language), f"unknown language (allowed: {', '.join(LANGUAGES)})"
            )
        if not isinstance(entry, dict) or set(entry) != {"title", "body"}:
            raise ContentError(path, str(language), "needs exactly the keys title and body")
        for key in ("title", "body"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise ContentError(path, f"{language}.{key}", "must be non-empty text")
        texts[language] = HelpText(title=entry["title"].strip(), body=entry["body"].strip())
    if DEFAULT_LANGUAGE not in texts:
        raise ContentError(path, DEFAULT_LANGUAGE, "missing field")
    return texts


def help_for(texts: dict[str, HelpText], language: str) -> HelpText:
    return texts.get(language) or texts[DEFAULT_LANGUAGE]


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "check":
        print("usage: python -m facilitator.helpinfo check HELP_FILE", file=sys.stderr)
        return 2
    try:
        texts = load_help(Path(argv[1]))
    except ContentError as error:
        print(f"error {error}")
        return 1
    print(f"ok    {argv[1]}: {', '.join(texts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
