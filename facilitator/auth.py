"""Facilitator accounts: Argon2id password hashes and the one-time setup code.

The first account can be created only while no account exists, and only with a setup
code that the server prints in its own output: whoever opens the console first on a
shared network cannot claim it without access to the server's terminal.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from facilitator.errors import ActionRefused, NotAuthorized
from facilitator.models import FacilitatorAccount, SetupCode
from facilitator.timeutil import utcnow

# Argon2id (memory-hard, salted); the library's defaults: 64 MiB, 3 passes.
_hasher = PasswordHasher()
SETUP_CODE_VALID_FOR = timedelta(hours=24)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# Verified against when the username is unknown, so both cases take as long.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()


def has_account(s: Session) -> bool:
    return (s.scalar(select(func.count()).select_from(FacilitatorAccount)) or 0) > 0


def issue_setup_code(
    s: Session, *, keep_valid: bool = False, now: datetime | None = None
) -> str | None:
    """A fresh setup code while no account exists (None once one does, or, with
    ``keep_valid``, while an earlier code is still valid). Only its hash is stored; the
    caller prints the code to the server's output."""
    if has_account(s):
        return None
    now = now or utcnow()
    s.execute(delete(SetupCode).where(SetupCode.expires_at < now))
    if keep_valid and s.scalar(select(func.count()).select_from(SetupCode)):
        return None
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
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


def create_first_account(
    s: Session,
    *,
    setup_code: str,
    username: str,
    password: str,
    now: datetime | None = None,
) -> int:
    now = now or utcnow()
    if has_account(s):
        raise ActionRefused("setup_done")
    found = s.get(SetupCode, _code_hash(setup_code))
    if found is None or found.expires_at < now:
        raise NotAuthorized("setup_code_wrong")
    name = validate_username(username)
    validate_new_password(password)
    account = FacilitatorAccount(
        username=name, password_hash=_hasher.hash(password), created_at=now
    )
    s.add(account)
    # One-time: every outstanding code is spent once the first account exists.
    s.execute(delete(SetupCode))
    s.flush()
    return account.id


def sign_in(s: Session, *, username: str, password: str) -> int:
    account = s.scalar(
        select(FacilitatorAccount).where(FacilitatorAccount.username == username.strip())
    )
    stored = account.password_hash if account else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        raise NotAuthorized("sign_in_failed") from None
    if account is None:
        raise NotAuthorized("sign_in_failed")
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return account.id
