"""One user action, one write transaction, and what came of it for the page to show.

Every page that changes something runs it through ``attempt``: the domain function gets
the unit of work, a refusal (``DomainError``) or an unreachable database comes back as a
``Refused`` with its message code, and nothing stored has changed then. Pages decide only
how to say it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from facilitator.errors import DatabaseUnavailable, DomainError
from ui import runtime

T = TypeVar("T")
UNAVAILABLE = "db_unavailable"  # the code of a refusal by the database not answering


@dataclass(frozen=True)
class Done(Generic[T]):
    value: T


@dataclass(frozen=True)
class Refused:
    code: str  # a message key: a DomainError's code, or UNAVAILABLE
    language: str | None = None  # the refusal's own language to say it in (DomainError)


def attempt(action: Callable[[Session], T]) -> Done[T] | Refused:
    try:
        with runtime.database().write() as s:
            return Done(action(s))
    except DomainError as refused:
        return Refused(refused.code or "", refused.language)
    except DatabaseUnavailable:
        return Refused(UNAVAILABLE)
