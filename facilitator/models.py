"""Database tables (SQLAlchemy 2.x typed ORM).

The answer tables follow a ballot box, not a spreadsheet:

* ``RollEntry`` says that a participant answered a step (so nobody answers twice);
* ``Ballot`` says what was answered, with a random id, no participant, no timestamp.

Both are created ``WITHOUT ROWID`` on SQLite: a hidden, ever-increasing rowid would keep
the order of submission and so let the n-th roll entry be matched to the n-th ballot.
With a random primary key the rows are stored in key order, which follows nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

RUNNING = "running"
ENDED = "ended"

PHASE_OPEN = "open"
PHASE_CLOSED = "closed"
PHASE_REVEALED = "revealed"

UNORDERED = {"sqlite_with_rowid": False}


class Base(DeclarativeBase):
    pass


class FacilitatorAccount(Base):
    __tablename__ = "facilitator_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]


class SetupCode(Base):
    """A one-time code, printed by the server, that allows creating the first account."""

    __tablename__ = "setup_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime]


class Invitation(Base):
    """A one-time code with which a facilitator lets a colleague create an account."""

    __tablename__ = "invitation"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_by: Mapped[int] = mapped_column(
        ForeignKey("facilitator_account.id", ondelete="CASCADE")
    )
    expires_at: Mapped[datetime]


class FacilitatorSignIn(Base):
    """A browser where a facilitator is signed in, known by the hash of the random token
    in its cookie. It survives a reload, a restart and a move to another app process;
    sign-out, the idle time and a maximum age end it."""

    __tablename__ = "facilitator_sign_in"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(
        ForeignKey("facilitator_account.id", ondelete="CASCADE"), index=True
    )
    last_active_at: Mapped[datetime]  # the facilitator's own last action, never a poll
    expires_at: Mapped[datetime]


class GroupSession(Base):
    __tablename__ = "group_session"
    __table_args__ = (
        # A join code is unique among running sessions only: an ended session keeps its
        # code so that a late phone gets "this session has ended" rather than "unknown".
        Index(
            "uq_group_session_running_code",
            "join_code",
            unique=True,
            sqlite_where=text("status = 'running'"),
            postgresql_where=text("status = 'running'"),
        ),
        Index("ix_group_session_facilitator", "facilitator_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator_account.id"))
    module_id: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    module_title: Mapped[str] = mapped_column(String(200))
    join_code: Mapped[str] = mapped_column(String(6))
    projector_token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=RUNNING)
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped on every change that a phone or the projector must redraw for; polling
    # browsers read only this number (and the answer count) until it moves.
    version: Mapped[int] = mapped_column(Integer, default=1)
    min_group_size: Mapped[int] = mapped_column(Integer)
    # The privacy curtain: the projector shows nothing while it is down.
    curtain: Mapped[bool] = mapped_column(default=False)
    # The door: once the group is in, the facilitator closes it and no new phone can join
    # (four extra phones in one hand are how one person's answers would be singled out).
    locked: Mapped[bool] = mapped_column(default=False)
    # The projector shows the join QR code large (while the group comes in, or when the
    # facilitator asks for it), else a slim strip with the code. Moving on to another step
    # puts it back to the strip.
    join_qr: Mapped[bool] = mapped_column(default=True)
    # Randomized response: yes/no and choose-any answers are randomized before they are
    # stored, and results are estimates (facilitator/randomized.py).
    randomized_response: Mapped[bool] = mapped_column(default=False)
    # The network address of the laptop that the facilitator picked for the join link when
    # it has several (wifi, ethernet, VPN); None: the one with the default route.
    phone_address: Mapped[str | None] = mapped_column(String(45))
    # The pause signal (facilitator/pauses.py): how many times phones asked for a pause
    # since the facilitator last acknowledged, and when the first of them asked. Never
    # who: no participant is linked to it, and it is cleared when the session ends.
    pause_asks: Mapped[int] = mapped_column(Integer, default=0)
    pause_asked_at: Mapped[datetime | None]
    # The question box (facilitator/question_box.py): when the oldest question not yet
    # passed on to the console came in (never a time per question), and the question the
    # projector shows, if any.
    box_waiting_since: Mapped[datetime | None]
    box_on_screen: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime]
    step_started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class SessionModule(Base):
    """The module file as it was when the session started. A running session keeps it:
    a file saved with a typo in the middle of a session must not stop the group."""

    __tablename__ = "session_module"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("group_session.id", ondelete="CASCADE"), primary_key=True
    )
    file_text: Mapped[str] = mapped_column(Text)


class StepState(Base):
    """The phase of a question step: open, closed or revealed. No row means not yet opened."""

    __tablename__ = "step_state"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("group_session.id", ondelete="CASCADE"), primary_key=True
    )
    step_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase: Mapped[str] = mapped_column(String(16))


class Participant(Base):
    """A phone in a session, known only by the hash of a random token it holds."""

    __tablename__ = "participant"
    __table_args__ = UNORDERED

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("group_session.id", ondelete="CASCADE"), index=True
    )
    # Read the content note: a reload goes straight back to the group.
    read_note: Mapped[bool] = mapped_column(default=False)
    # When the phone last polled (written at most every half minute); None once it left by
    # the quick exit. Counts the phones in the room, never anyone's answers.
    last_seen_at: Mapped[datetime | None]


class RollEntry(Base):
    """That a participant answered a step; never what. Keyed by a per-step hash of the
    participant's token (``privacy.roll_key``), never by the participant's own hash."""

    __tablename__ = "roll_entry"
    __table_args__ = UNORDERED

    session_id: Mapped[int] = mapped_column(
        ForeignKey("group_session.id", ondelete="CASCADE"), primary_key=True
    )
    step_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    roll_key: Mapped[str] = mapped_column(String(64), primary_key=True)


class Ballot(Base):
    """What was answered on a step, as JSON; random id, no participant, no time."""

    __tablename__ = "ballot"
    __table_args__ = (
        Index("ix_ballot_step", "session_id", "step_index"),
        UNORDERED,
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("group_session.id", ondelete="CASCADE"))
    step_index: Mapped[int] = mapped_column(Integer)
    answers: Mapped[str] = mapped_column(Text)


class BoxQuestion(Base):
    """A question or remark typed for the facilitator: its text, no participant, no time.
    ``batch`` is None while it waits, then the number of the batch that passed it on to the
    console; within a batch the random id sets the order. Deleted when the session ends."""

    __tablename__ = "box_question"
    __table_args__ = UNORDERED

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("group_session.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    batch: Mapped[int | None] = mapped_column(Integer)


class SessionSummary(Base):
    """Aggregates kept after a session ends: counts per option, never a ballot."""

    __tablename__ = "session_summary"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("group_session.id", ondelete="CASCADE"), primary_key=True
    )
    participants: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
