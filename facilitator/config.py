"""Settings, read once from the environment and validated.

A wrong value fails at start with a message naming the variable, rather than later in
the middle of a group session.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# k, the minimum number of answers before a result may be shown. Below 3 a result can
# too easily be traced back to a person, so no setting may go lower.
MIN_GROUP_SIZE_FLOOR = 3
# The largest minimum group size a session may ask for: the console, the setting and the
# domain's check all use this one.
MAX_MIN_GROUP_SIZE = 100
DEFAULT_MIN_GROUP_SIZE = 5
MIN_SETUP_CODE_LENGTH = 12
# Where the quick exit takes a participant: a site nobody would look twice at.
DEFAULT_QUICK_EXIT_URL = "https://www.google.nl/"


class SettingsError(ValueError):
    """A setting in the environment has a value the app cannot use."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    database_url: str
    content_dir: Path
    help_file: Path
    public_base_url: str | None
    poll_seconds: float
    default_min_group_size: int
    quick_exit_url: str
    # A setup code given to the server instead of (or besides) the printed one.
    setup_code: str | None
    idle_sign_out_minutes: float
    session_max_hours: float
    summary_retention_days: float


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g}, got {value:g}")
    return value


def default_database_url() -> str:
    data_dir = PROJECT_ROOT / "data"
    return f"sqlite:///{data_dir / 'groepssessie.sqlite3'}"


SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"


def read_secrets(path: Path = SECRETS_FILE) -> dict[str, str]:
    """Top-level values of Streamlit's secrets.toml (git ignores it); none when absent."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from exc
    return {key: str(value) for key, value in data.items() if not isinstance(value, dict)}


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment, falling back to secrets.toml, then to defaults."""
    env = {**read_secrets(), **os.environ} if env is None else env
    base_url = (env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/") or None
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise SettingsError(
            f"PUBLIC_BASE_URL must start with http:// or https://, got {base_url!r}"
        )
    exit_url = (env.get("QUICK_EXIT_URL") or "").strip() or DEFAULT_QUICK_EXIT_URL
    if not exit_url.startswith(("http://", "https://")):
        raise SettingsError(f"QUICK_EXIT_URL must start with http:// or https://, got {exit_url!r}")
    setup_code = (env.get("SETUP_CODE") or "").strip() or None
    if setup_code is not None and len(setup_code) < MIN_SETUP_CODE_LENGTH:
        raise SettingsError(
            f"SETUP_CODE must be at least {MIN_SETUP_CODE_LENGTH} characters (it guards the "
            "first facilitator account)"
        )
    return Settings(
        database_url=(env.get("DATABASE_URL") or "").strip() or default_database_url(),
        content_dir=Path(env.get("CONTENT_DIR") or PROJECT_ROOT / "content"),
        help_file=Path(env.get("HELP_FILE") or PROJECT_ROOT / "content" / "help.yaml"),
        public_base_url=base_url,
        # Phones and the projector poll the database this often; 2 s keeps a phone in step
        # with the facilitator "within a few seconds" while each poll is one indexed read.
        poll_seconds=_number(env, "POLL_SECONDS", 2.0, 0.5, 30.0),
        default_min_group_size=int(
            _number(
                env,
                "MIN_GROUP_SIZE",
                DEFAULT_MIN_GROUP_SIZE,
                MIN_GROUP_SIZE_FLOOR,
                MAX_MIN_GROUP_SIZE,
            )
        ),
        quick_exit_url=exit_url,
        setup_code=setup_code,
        # An unattended console signs out after this long without a facilitator action.
        idle_sign_out_minutes=_number(env, "IDLE_SIGN_OUT_MINUTES", 60, 5, 720),
        # A session left running is ended (answers deleted, summary kept) after this long.
        session_max_hours=_number(env, "SESSION_MAX_HOURS", 12, 1, 72),
        # Summaries of ended sessions are deleted after this many days.
        summary_retention_days=_number(env, "SUMMARY_RETENTION_DAYS", 365, 1, 3650),
    )
