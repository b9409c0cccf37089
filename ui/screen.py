"""How large the projector's screen is, as the browser reports it (ui/frontend/screen.js).
Charts are drawn on the server, so the server needs two numbers to draw them for the room:
the scale of the screen against the 1920×1080 that projector sizes are designed for, and
the height the step has there (in design pixels)."""

from __future__ import annotations

from dataclasses import dataclass

from ui import frontend

KEY = "projector-screen"
DESIGN_ROOM = 900  # the step's height at 1920×1080 with the join strip below it


@dataclass(frozen=True)
class Screen:
    scale: float  # 1.0 at 1920×1080
    room: int  # the step's height, in design pixels


def _number(name: str, low: float, high: float) -> float | None:
    value = frontend.component_value(KEY, name)
    return float(value) if isinstance(value, int | float) and low <= value <= high else None


def measure() -> Screen:
    """The screen as last reported; 1920×1080 until the browser has said (then it reruns
    the page). Draws an empty element: call it outside the projector's stage."""
    scale = _number("scale", 0.25, 4.0)
    room = _number("room", 200, 4000)
    frontend.component_of("groepssessie_screen", "screen.js")(
        key=KEY,
        data={"scale": scale, "room": room},
        default={"scale": None, "room": None},
        height=0,
        on_scale_change=lambda: None,
        on_room_change=lambda: None,
    )
    return Screen(scale=scale or 1.0, room=int(room or DESIGN_ROOM))
