"""The console's keys, like presentation software (ui/frontend/keys.js): → or Page Down
makes the flow's next move, ← or Page Up goes back a step, B blanks the projector."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ui import frontend

KEY = "console-keys"
HINT = "Toetsen: → volgende stap in de flow · ← vorige stap · B scherm leeg of terug"
# The console's boxes that scroll, by their container's key: reachable by Tab, named.
REGIONS = {
    ".st-key-console-notes": "Aantekeningen bij deze stap",
    ".st-key-console-room": "Wat de groep nu voor zich heeft",
}


@dataclass(frozen=True)
class Press:
    key: Literal["next", "previous", "blank"]
    version: int | None = None  # next, previous: the session version the page showed
    curtain: bool | None = None  # blank: the curtain state asked for


def pressed(*, version: int, curtain: bool, on_press: Callable[[], None]) -> Press | None:
    """The key pressed that started this run, if one did; ``on_press`` is called with it
    before the run (``value`` gives it then). Draws an empty element."""
    result = frontend.component_of("groepssessie_keys", "keys.js")(
        key=KEY,
        data={"version": version, "curtain": curtain, "regions": REGIONS},
        height=0,
        on_press_change=on_press,
    )
    return parse(getattr(result, "press", None))


def value() -> object:
    """The press as the browser sent it, in ``on_press``."""
    return frontend.component_value(KEY, "press")


def parse(value: object) -> Press | None:
    """A press as the browser sent it; anything else (a tampered value) is no press."""
    if not isinstance(value, dict):
        return None
    key, version, curtain = value.get("key"), value.get("version"), value.get("curtain")
    if key in ("next", "previous") and type(version) is int:
        return Press(key=key, version=version)
    if key == "blank" and type(curtain) is bool:
        return Press(key="blank", curtain=curtain)
    return None
