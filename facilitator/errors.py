"""Domain errors. Each carries a stable ``code`` that pages translate into a user message."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a request that the rules refuse. Nothing was stored."""

    code: str = "error"
    # The language to say the refusal in when the refusal knows it better than the screen
    # does (a join code of an ended session: that session's language); None otherwise.
    language: str | None = None

    def __init__(self, code: str | None = None, detail: str = "") -> None:
        if code is not None:
            self.code = code
        super().__init__(detail or self.code)


class JoinRefused(DomainError):
    """A join code that is malformed, unknown or belongs to an ended session. For an ended
    session, ``language`` is that session's, so the phone can answer in it."""

    def __init__(self, code: str | None = None, *, language: str | None = None) -> None:
        super().__init__(code)
        self.language = language


class AnswerRefused(DomainError):
    """A ballot that cannot be accepted (closed question, second answer, bad value...)."""


class ActionRefused(DomainError):
    """A facilitator action that the session's state does not allow."""


class NotAuthorized(DomainError):
    """Wrong password, unknown account, or another facilitator's session."""


class DatabaseUnavailable(Exception):
    """The database did not answer: a server that is down or restarting, a SQLite file that
    stayed locked past its timeout, or one that has become read-only. Not a refusal: the
    same request may succeed in a moment. The transaction was rolled back, so nothing was
    stored, unless the failure hit the reply to a COMMIT; a repeated submission is then
    refused as a second one, never counted twice."""
