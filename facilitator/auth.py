"""Facilitator accounts: Argon2id password hashes, the one-time setup code, invitations,
and a per-account defence against guessing.

The first account can be created only while no account exists, and only with a setup
code that the server prints in its own output (or one given to it in SETUP_CODE): whoever
opens the console first on a shared network cannot claim it without access to the server.
Later accounts (colleagues in a clinic) need a one-time invitation code from a signed-in
facilitator. Each account sees only its own sessions and summaries.

Guessing passwords is slowed per client address, not per account (facilitator.throttle):
a lock per account let anyone in the room lock the facilitator out by failing five times
with the facilitator's user name. Every attempt looks the same from outside, whatever the
user name: the same message, and the page pads each attempt to ``SIGN_IN_SECONDS``, so
that timing tells neither which names exist nor which client is being held back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from facilitator.config import MIN_SETUP_CODE_LENGTH
from facilitator.errors import ActionRefused, NotAuthorized
from facilitator.models import (
    FacilitatorAccount,
    FacilitatorSignIn,
    Invitation,
    SetupCode,
)
from facilitator.throttle import Guards

# Argon2id (memory-hard, salted); the library's defaults: 64 MiB, 3 passes.
_hasher = PasswordHasher()
SETUP_CODE_VALID_FOR = timedelta(hours=24)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
INVITATION_VALID_FOR = timedelta(hours=24)
# Every sign-in attempt takes this long as seen from outside (an Argon2id check takes
# about a tenth of it on a small machine): known or unknown name, right or wrong password,
# a client held back or not.
SIGN_IN_SECONDS = 1.0
# Verified against when the username is unknown, so both cases do the same work.
_DUMMY_PASSWORD = "not a real password, only for timing"
_DUMMY_HASH = _hasher.hash(_DUMMY_PASSWORD)


@dataclass(frozen=True, kw_only=True)
class SignInOutcome:
    account_id: int | None  # None: refused, with one message whatever the reason
    held_back: bool = False  # this client failed too often; nothing was checked


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()


def _new_code() -> str:
    return "-".join(secrets.token_hex(3).upper() for _ in range(3))


def has_account(s: Session) -> bool:
    return (s.scalar(select(func.count()).select_from(FacilitatorAccount)) or 0) > 0


def issue_setup_code(s: Session, *, keep_valid: bool = False, now: datetime) -> str | None:
    """A fresh setup code while no account exists (None once one does, or, with
    ``keep_valid``, while an earlier code is still valid). Only its hash is stored; the
    caller prints the code to the server's output."""
    if has_account(s):
        return None
    s.execute(delete(SetupCode).where(SetupCode.expires_at < now))
    if keep_valid and s.scalar(select(func.count()).select_from(SetupCode)):
        return None
    code = _new_code()
    s.add(SetupCode(code_hash=_code_hash(code), expires_at=now + SETUP_CODE_VALID_FOR))
    return code


def validate_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ActionRefused("password_short")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ActionRefused("password_long")


def validate_username(username: str) -> str:
    name = username.strip()
    if not 1 <= len(name) <= 64 or not name.isprintable():
        raise ActionRefused("username_invalid")
    return name


def _matches_configured(code: str, configured: str | None) -> bool:
    if not configured or len(configured.strip()) < MIN_SETUP_CODE_LENGTH:
        return False
    return hmac.compare_digest(_code_hash(code), _code_hash(configured))


def _new_account(s: Session, *, username: str, password: str, now: datetime) -> FacilitatorAccount:
    name = validate_username(username)
    validate_new_password(password)
    if s.scalar(select(FacilitatorAccount.id).where(FacilitatorAccount.username == name)):
        raise ActionRefused("username_taken")
    account = FacilitatorAccount(
        username=name, password_hash=_hasher.hash(password), created_at=now
    )
    s.add(account)
    s.flush()
    return account


def create_first_account(
    s: Session,
    *,
    setup_code: str,
    username: str,
    password: str,
    configured_code: str | None = None,
    now: datetime,
) -> int:
    """The first account, with the printed setup code or the one given in SETUP_CODE."""
    if has_account(s):
        raise ActionRefused("setup_done")
    found = s.get(SetupCode, _code_hash(setup_code))
    printed_ok = found is not None and found.expires_at >= now
    if not printed_ok and not _matches_configured(setup_code, configured_code):
        raise NotAuthorized("setup_code_wrong")
    account = _new_account(s, username=username, password=password, now=now)
    # One-time: every outstanding code is spent once the first account exists.
    s.execute(delete(SetupCode))
    return account.id


def issue_invitation(s: Session, *, facilitator_id: int, now: datetime) -> str:
    """A one-time code for a colleague's account, valid 24 hours. Only its hash is kept."""
    s.execute(delete(Invitation).where(Invitation.expires_at < now))
    code = _new_code()
    s.add(
        Invitation(
            code_hash=_code_hash(code),
            created_by=facilitator_id,
            expires_at=now + INVITATION_VALID_FOR,
        )
    )
    return code


def create_invited_account(
    s: Session, *, invitation: str, username: str, password: str, now: datetime
) -> int:
    found = s.get(Invitation, _code_hash(invitation))
    if found is None or found.expires_at < now:
        raise NotAuthorized("invitation_wrong")
    account = _new_account(s, username=username, password=password, now=now)
    s.delete(found)
    return account.id


def sign_in(
    s: Session, *, username: str, password: str, client: str | None, guards: Guards, clock: float
) -> SignInOutcome:
    """Check a password, unless this client address has failed too often lately (then
    nothing is looked up at all). ``client`` None (the laptop itself, or a proxy on
    another machine not listed in FORWARDED_ALLOW_IPS) counts as one client. ``clock``:
    seconds of a monotonic clock, for the throttle. Nothing about the attempt is stored."""
    key = client or "unknown"
    if guards.sign_in_by_client.wait_seconds(key, now=clock) > 0:
        _hasher.verify(_DUMMY_HASH, _DUMMY_PASSWORD)  # the same work as any other attempt
        return SignInOutcome(account_id=None, held_back=True)
    account = s.scalar(
        select(FacilitatorAccount).where(FacilitatorAccount.username == username.strip())
    )
    stored = account.password_hash if account else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
        verified = account is not None
    except (VerificationError, InvalidHashError):
        verified = False
    if account is None or not verified:
        guards.sign_in_by_client.counted(key, now=clock)
        return SignInOutcome(account_id=None)
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return SignInOutcome(account_id=account.id)


# Staying signed in. A checked password starts a sign-in: a random token of which the
# database keeps only the hash. The page hands the token once to the server's own HTTP
# route (serve.py), which puts it in an HttpOnly, SameSite=Strict cookie; every new browser
# session with that cookie is the same facilitator, until sign-out, the idle time, or the
# maximum age.
SIGN_IN_MAX_AGE = timedelta(hours=12)
# A facilitator's activity is written at most this often, not on every click.
ACTIVITY_WRITTEN_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, kw_only=True)
class SignedIn:
    facilitator_id: int
    last_active_at: datetime


def start_sign_in(s: Session, *, facilitator_id: int, now: datetime) -> str:
    """A new sign-in for this browser; the token is for its cookie only."""
    s.execute(delete(FacilitatorSignIn).where(FacilitatorSignIn.expires_at < now))
    token = secrets.token_urlsafe(32)
    s.add(
        FacilitatorSignIn(
            token_hash=_code_hash(token),
            facilitator_id=facilitator_id,
            last_active_at=now,
            expires_at=now + SIGN_IN_MAX_AGE,
        )
    )
    return token


def signed_in_facilitator(
    s: Session, *, token: str, now: datetime, idle_for: timedelta, active: bool
) -> SignedIn | None:
    """Who this token signs in, or None: unknown, signed out, idle past ``idle_for``, or
    older than the maximum age (then it is ended). ``active``: the facilitator did
    something just now, which keeps the sign-in from going idle."""
    if not token or len(token) > 64:
        return None
    found = s.get(FacilitatorSignIn, _code_hash(token))
    if found is None:
        return None
    if found.expires_at <= now or found.last_active_at + idle_for <= now:
        s.delete(found)
        return None
    if active and now - found.last_active_at >= ACTIVITY_WRITTEN_EVERY:
        found.last_active_at = now
    return SignedIn(facilitator_id=found.facilitator_id, last_active_at=found.last_active_at)


def end_sign_in(s: Session, *, token: str) -> None:
    if token and len(token) <= 64:
        s.execute(
            delete(FacilitatorSignIn).where(FacilitatorSignIn.token_hash == _code_hash(token))
        )
