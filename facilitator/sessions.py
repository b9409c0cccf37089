"""The life of a group session: start, join, move through steps, open, close, reveal, end.

Every function takes the SQLAlchemy session of the caller's unit of work and changes
nothing outside it. Facilitator actions check that the session is theirs and running.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from facilitator import changes, results
from facilitator.content import Module, QuestionStep
from facilitator.db import scrub_after_commit
from facilitator.errors import ActionRefused, JoinRefused, NotAuthorized
from facilitator.models import (
    ENDED,
    PHASE_CLOSED,
    PHASE_OPEN,
    PHASE_REVEALED,
    RUNNING,
    Ballot,
    BoxQuestion,
    GroupSession,
    Participant,
    RollEntry,
    SessionModule,
    SessionSummary,
    StepState,
)
from facilitator.privacy import may_show, roll_key, token_hash, validate_min_group_size
from facilitator.throttle import Guards

# No 0/O, 1/I/L: a code read off a projector from the back row must not be misread.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
_JOIN_CODE_ATTEMPTS = 20


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(raw: str) -> str:
    """Forgive case, spaces and dashes; refuse anything that cannot be a code."""
    code = "".join(ch for ch in raw[:64] if not ch.isspace() and ch != "-").upper()
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_ALPHABET for ch in code):
        raise JoinRefused("join_malformed")
    return code


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """What a page needs to draw a session's current state; read in one go."""

    session_id: int
    status: str
    version: int
    current_step: int
    phase: str | None  # of the current step; None for a slide or a question not yet opened
    answers_in: int  # for the current step
    min_group_size: int
    join_code: str
    module_id: str
    language: str
    curtain: bool
    locked: bool
    started_at: datetime
    step_started_at: datetime
    pause_asks: int  # since the facilitator last acknowledged (facilitator/pauses.py)
    pause_asked_at: datetime | None
    box_waiting_since: datetime | None  # facilitator/question_box.py


def start_session(
    s: Session,
    *,
    facilitator_id: int,
    module: Module,
    min_group_size: int,
    randomized_response: bool = False,
    now: datetime,
) -> GroupSession:
    if running_session_of(s, facilitator_id=facilitator_id) is not None:
        raise ActionRefused("already_running")
    try:
        validate_min_group_size(min_group_size)
    except ValueError:
        raise ActionRefused("bad_min_group_size") from None
    for _ in range(_JOIN_CODE_ATTEMPTS):
        group = GroupSession(
            facilitator_id=facilitator_id,
            module_id=module.id,
            language=module.language,
            module_title=module.title,
            join_code=new_join_code(),
            projector_token=secrets.token_urlsafe(24),
            status=RUNNING,
            current_step=0,
            version=1,
            min_group_size=min_group_size,
            randomized_response=randomized_response,
            curtain=False,
            locked=False,
            join_qr=True,
            started_at=now,
            step_started_at=now,
        )
        try:
            # A savepoint, so that a clash with another running session's code (the
            # partial unique index) costs one retry, not the whole transaction.
            with s.begin_nested():
                s.add(group)
                s.flush()
        except IntegrityError:
            continue
        if module.file_text:
            s.add(SessionModule(session_id=group.id, file_text=module.file_text))
        return group
    raise ActionRefused("no_join_code")


def running_session_of(s: Session, *, facilitator_id: int) -> GroupSession | None:
    return s.scalar(
        select(GroupSession).where(
            GroupSession.facilitator_id == facilitator_id,
            GroupSession.status == RUNNING,
        )
    )


def module_file_of(s: Session, *, session_id: int) -> str | None:
    """The module file the session started with (None for one started before sessions
    kept it)."""
    return s.scalar(select(SessionModule.file_text).where(SessionModule.session_id == session_id))


def session_for_projector(s: Session, *, projector_token: str) -> GroupSession | None:
    if not projector_token or len(projector_token) > 64:
        return None
    return s.scalar(select(GroupSession).where(GroupSession.projector_token == projector_token))


def join(s: Session, *, raw_code: str, now: datetime) -> tuple[GroupSession, str]:
    """A new anonymous participant; returns the session and the participant's token."""
    code = normalize_join_code(raw_code)
    running = s.scalar(
        select(GroupSession).where(GroupSession.join_code == code, GroupSession.status == RUNNING)
    )
    if running is None:
        ended = s.scalar(
            select(GroupSession.language).where(GroupSession.join_code == code).limit(1)
        )
        if ended is None:
            raise JoinRefused("join_unknown")
        raise JoinRefused("join_ended", language=ended)
    if running.locked:
        raise JoinRefused("join_locked", language=running.language)
    token = secrets.token_urlsafe(24)
    s.add(Participant(token_hash=token_hash(token), session_id=running.id, last_seen_at=now))
    changes.changed(s, running.id)  # the phones counted on the console and projector
    return running, token


def join_from(
    s: Session, *, raw_code: str, client: str | None, guards: Guards, now: datetime, clock: float
) -> tuple[GroupSession, str]:
    """``join``, with guessing slowed down: a client that typed too many codes that lead
    nowhere, or all clients together, wait before the next code is even looked at.
    ``client`` is the phone's network address (None when it is not known: the laptop
    itself, or a proxy on another machine not listed in FORWARDED_ALLOW_IPS; then only the
    limit in total applies, so that a whole room behind one address is never held up by
    one phone).
    ``clock``: seconds of a monotonic clock, for the throttles."""
    if guards.join_wait(client, now=clock) > 0:
        by_client = client is not None and guards.join_by_client.wait_seconds(client, now=clock)
        raise JoinRefused("join_wait" if by_client else "join_busy")
    try:
        return join(s, raw_code=raw_code, now=now)
    except JoinRefused as refused:
        # A typo that cannot be a code guesses nothing; anything else may have been a guess.
        if refused.code != "join_malformed":
            guards.join_failed(client, now=clock)
        raise


def set_door(s: Session, *, facilitator_id: int, session_id: int, locked: bool) -> None:
    """Close the door (no new phones can join) or open it again; the projector says which."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    if group.locked != locked:
        group.locked = locked
        moved(s, group)


# A phone says it is still there every SEEN_EVERY while it follows the group; one that has
# not for CONNECTED_WITHIN is no longer counted (asleep, out of range, gone).
SEEN_EVERY = timedelta(seconds=30)
CONNECTED_WITHIN = timedelta(seconds=90)


def mark_seen(s: Session, *, token: str, now: datetime) -> None:
    participant = s.get(Participant, token_hash(token)) if token and len(token) <= 64 else None
    if participant is not None:
        participant.last_seen_at = now


def mark_still_here(s: Session, *, token_hashes: Collection[str], now: datetime) -> None:
    """The phones whose push stream is open are there (``mark_seen`` for many at once):
    one statement for all of them, every SEEN_EVERY. Not a phone that left by the quick
    exit: its stream may still be open for a moment after it said so (``mark_left``)."""
    if token_hashes:
        s.execute(
            update(Participant)
            .where(
                Participant.token_hash.in_(list(token_hashes)),
                Participant.last_seen_at.is_not(None),
            )
            .values(last_seen_at=now)
        )


def mark_left(s: Session, *, token: str) -> None:
    """The phone left by the quick exit: not counted any more, at once."""
    participant = s.get(Participant, token_hash(token)) if token and len(token) <= 64 else None
    if participant is not None:
        participant.last_seen_at = None
        changes.changed(s, participant.session_id)


def count_connected(s: Session | Connection, *, session_id: int, now: datetime) -> int:
    """Phones connected now: the number the room can check against the people present
    (four phones in one person's hands are the way to single someone out at k = 5)."""
    return (
        s.execute(
            select(func.count())
            .select_from(Participant)
            .where(
                Participant.session_id == session_id,
                Participant.last_seen_at >= now - CONNECTED_WITHIN,
            )
        ).scalar()
        or 0
    )


def session_of_participant(s: Session, *, token: str) -> GroupSession | None:
    if not token or len(token) > 64:
        return None
    return s.scalar(
        select(GroupSession)
        .join(Participant, Participant.session_id == GroupSession.id)
        .where(Participant.token_hash == token_hash(token))
    )


@dataclass(frozen=True, kw_only=True)
class Poll:
    version: int
    answers_in: int  # for the current step
    running: bool
    phones: int | None = None  # connected now, where the reader counted them (the push feed)


def mark_note_read(s: Session, *, token: str) -> None:
    participant = s.get(Participant, token_hash(token))
    if participant is not None:
        participant.read_note = True


# Statements built once, with parts shared: the poll runs every tick in every browser.
_ROLL_OF_CURRENT_STEP = (RollEntry.session_id == GroupSession.id) & (
    RollEntry.step_index == GroupSession.current_step
)
_ANSWERS_IN = (
    select(func.count()).select_from(RollEntry).where(_ROLL_OF_CURRENT_STEP).scalar_subquery()
)
_POLL = select(GroupSession.version, _ANSWERS_IN, GroupSession.status).where(
    GroupSession.id == bindparam("session_id")
)


def poll(s: Session | Connection, *, session_id: int) -> Poll | None:
    """The one small read a polling browser makes each tick: one row by primary key and an
    index-only count, in one statement (so ``Database.single_read`` can serve it). Anything
    else is read only when the version has moved."""
    row = s.execute(_POLL, {"session_id": session_id}).one_or_none()
    if row is None:
        return None
    return Poll(version=row[0], answers_in=row[1], running=row[2] == RUNNING)


_CHANGE_MARKER = select(
    select(func.coalesce(func.sum(GroupSession.version), 0))
    .where(GroupSession.status == RUNNING)
    .scalar_subquery(),
    select(func.count()).select_from(RollEntry).scalar_subquery(),
)


def change_marker(c: Connection) -> tuple[int, int]:
    """Two numbers that move with every step, phase or answer of any running session: for
    noticing another process's commits where the database cannot say (SQLite)."""
    row = c.execute(_CHANGE_MARKER).one()
    return int(row[0]), int(row[1])


def count_answers(s: Session, *, session_id: int, step_index: int) -> int:
    return (
        s.scalar(
            select(func.count())
            .select_from(RollEntry)
            .where(RollEntry.session_id == session_id, RollEntry.step_index == step_index)
        )
        or 0
    )


def count_participants(s: Session, *, session_id: int) -> int:
    return (
        s.scalar(
            select(func.count())
            .select_from(Participant)
            .where(Participant.session_id == session_id)
        )
        or 0
    )


def phase_of(s: Session, *, session_id: int, step_index: int) -> str | None:
    return s.scalar(
        select(StepState.phase).where(
            StepState.session_id == session_id, StepState.step_index == step_index
        )
    )


def has_answered(s: Session, *, session_id: int, step_index: int, token: str) -> bool:
    key = roll_key(token, session_id=session_id, step_index=step_index)
    return s.get(RollEntry, (session_id, step_index, key)) is not None


def snapshot(s: Session, *, session_id: int) -> Snapshot | None:
    group = s.get(GroupSession, session_id)
    if group is None:
        return None
    return _snapshot_of(
        group,
        phase=phase_of(s, session_id=group.id, step_index=group.current_step),
        answers_in=count_answers(s, session_id=group.id, step_index=group.current_step),
    )


def _snapshot_of(group: GroupSession, *, phase: str | None, answers_in: int) -> Snapshot:
    return Snapshot(
        session_id=group.id,
        status=group.status,
        version=group.version,
        current_step=group.current_step,
        phase=phase,
        answers_in=answers_in,
        min_group_size=group.min_group_size,
        join_code=group.join_code,
        module_id=group.module_id,
        language=group.language,
        curtain=group.curtain,
        locked=group.locked,
        started_at=group.started_at,
        step_started_at=group.step_started_at,
        pause_asks=group.pause_asks,
        pause_asked_at=group.pause_asked_at,
        box_waiting_since=group.box_waiting_since,
    )


@dataclass(frozen=True, kw_only=True)
class PhoneView:
    """Everything a participant's page draws from, for one token."""

    group: GroupSession
    snapshot: Snapshot
    read_note: bool
    answered: bool  # the current step, by this participant


# Every phone runs this whenever its page is drawn anew (each step change).
_CURRENT_STEP = (StepState.session_id == GroupSession.id) & (
    StepState.step_index == GroupSession.current_step
)
_PHONE_VIEW = (
    select(
        GroupSession,
        Participant.read_note,
        select(StepState.phase).where(_CURRENT_STEP).scalar_subquery(),
        _ANSWERS_IN,
    )
    .join(Participant, Participant.session_id == GroupSession.id)
    .where(Participant.token_hash == bindparam("token_hash"))
)


def phone_view(s: Session, *, token: str) -> PhoneView | None:
    """A participant's session, its current state and this participant's part in it, in
    one statement: 210 phones redraw at every step change, and six ORM reads in two
    transactions made up a third of each redraw (bench/load.py)."""
    if not token or len(token) > 64:
        return None
    row = s.execute(_PHONE_VIEW, {"token_hash": token_hash(token)}).one_or_none()
    if row is None:
        return None
    group: GroupSession = row[0]
    read_note: bool | None = row[1]
    phase: str | None = row[2]
    answers_in: int | None = row[3]
    # Whether this phone answered needs the per-step roll key, which only the token gives;
    # a step that was never opened has no answers to look for.
    answered = phase is not None and has_answered(
        s, session_id=group.id, step_index=group.current_step, token=token
    )
    return PhoneView(
        group=group,
        snapshot=_snapshot_of(group, phase=phase, answers_in=answers_in or 0),
        read_note=bool(read_note),
        answered=answered,
    )


def owned_running(s: Session, *, facilitator_id: int, session_id: int) -> GroupSession:
    """The running session of this facilitator, locked for the change the caller makes."""
    group = s.get(GroupSession, session_id, with_for_update=True)
    if group is None or group.facilitator_id != facilitator_id:
        raise NotAuthorized("not_your_session")
    if group.status != RUNNING:
        raise ActionRefused("session_ended")
    return group


def moved(s: Session, group: GroupSession) -> None:
    """The session is in a new state: every page that follows it draws itself anew."""
    group.version += 1
    changes.changed(s, group.id)


def _set_phase(s: Session, group: GroupSession, step_index: int, phase: str) -> None:
    state = s.get(StepState, (group.id, step_index))
    was_open = state is not None and state.phase == PHASE_OPEN
    if state is None:
        s.add(StepState(session_id=group.id, step_index=step_index, phase=phase))
    else:
        state.phase = phase
    if was_open and phase != PHASE_OPEN:
        _reseal(s, session_id=group.id, step_index=step_index)
    moved(s, group)


def _reseal(s: Session, *, session_id: int, step_index: int) -> None:
    """When a question stops taking answers, write its ballots anew, all in this one
    transaction and in random order. On PostgreSQL each row records the transaction that
    wrote it (xmin), which a ballot would otherwise share with its roll entry; afterwards
    every ballot of the step carries this transaction's, and the heap's order is shuffled
    too. (SQLite has no such column; its ballot table is ordered by random id anyway.)"""
    rows = s.execute(
        select(Ballot.id, Ballot.answers).where(
            Ballot.session_id == session_id, Ballot.step_index == step_index
        )
    ).all()
    if not rows:
        return
    # The files still hold the ballots as they arrived, beside their roll entries.
    scrub_after_commit(s)
    shuffled = list(rows)
    secrets.SystemRandom().shuffle(shuffled)
    s.execute(
        delete(Ballot).where(Ballot.session_id == session_id, Ballot.step_index == step_index)
    )
    s.add_all(
        Ballot(
            id=secrets.token_hex(16), session_id=session_id, step_index=step_index, answers=answers
        )
        for _old_id, answers in shuffled
    )


def go_to_step(
    s: Session,
    *,
    facilitator_id: int,
    session_id: int,
    step_index: int,
    module: Module,
    now: datetime,
) -> None:
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    if not 0 <= step_index < len(module.steps):
        raise ActionRefused("no_such_step")
    if step_index == group.current_step:
        return
    # Phones follow the current step, so a question left behind can get no more
    # answers: close it, so that its state says so too.
    if phase_of(s, session_id=group.id, step_index=group.current_step) == PHASE_OPEN:
        _set_phase(s, group, group.current_step, PHASE_CLOSED)
    group.current_step = step_index
    group.step_started_at = now
    group.join_qr = False  # the group is in: the code shrinks to a strip
    moved(s, group)


def set_curtain(s: Session, *, facilitator_id: int, session_id: int, down: bool) -> None:
    """Blank the projector (for instance when someone gets upset), or bring it back."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    if group.curtain != down:
        group.curtain = down
        moved(s, group)


def show_join_qr(s: Session, *, facilitator_id: int, session_id: int, shown: bool) -> None:
    """The join QR code large on the projector (for someone who comes in late), or back to
    the slim strip with the code."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    if group.join_qr != shown:
        group.join_qr = shown
        moved(s, group)


def choose_phone_address(
    s: Session, *, facilitator_id: int, session_id: int, address: str | None
) -> None:
    """Which of the laptop's network addresses the join link and QR code use (None: the
    one with the default route). The projector redraws its QR code."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    if address is not None:
        try:
            address = str(ipaddress.IPv4Address(address))
        except ValueError:
            raise ActionRefused("bad_phone_address") from None
    if group.phone_address != address:
        group.phone_address = address
        moved(s, group)


def _current_question(s: Session, group: GroupSession, module: Module) -> str | None:
    step = module.steps[group.current_step]
    if not step.is_question:
        raise ActionRefused("not_a_question")
    return phase_of(s, session_id=group.id, step_index=group.current_step)


def open_question(s: Session, *, facilitator_id: int, session_id: int, module: Module) -> None:
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    phase = _current_question(s, group, module)
    if phase == PHASE_REVEALED:
        raise ActionRefused("already_revealed")
    if phase != PHASE_OPEN:
        _set_phase(s, group, group.current_step, PHASE_OPEN)


def close_question(s: Session, *, facilitator_id: int, session_id: int, module: Module) -> None:
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    phase = _current_question(s, group, module)
    if phase != PHASE_OPEN:
        raise ActionRefused("not_open")
    _set_phase(s, group, group.current_step, PHASE_CLOSED)


def reveal(
    s: Session,
    *,
    facilitator_id: int,
    session_id: int,
    module: Module,
    unanimous_seen: bool = False,
) -> bool:
    """Show the group result, and return True; or, when everyone answered a question
    alike and the facilitator has not seen that warning yet, only close the question and
    return False: the console then warns (``needs_unanimity_warning``).

    The warning is decided on a closed question, whose answers cannot change any more: a
    warning that came and went with single answers while the question was open told
    whoever watched who tapped last what that person answered. A reveal closes the
    question for good: a revealed chart never changes by one vote while the room watches."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    phase = _current_question(s, group, module)
    if phase is None:
        raise ActionRefused("not_open")
    if phase == PHASE_REVEALED:
        raise ActionRefused("already_revealed")
    count = count_answers(s, session_id=group.id, step_index=group.current_step)
    if not may_show(count, group.min_group_size):
        raise ActionRefused("too_few_answers")
    if phase == PHASE_OPEN:
        _set_phase(s, group, group.current_step, PHASE_CLOSED)
        unanimous_seen = False  # the warning can only have been about a closed question
    if not unanimous_seen and needs_unanimity_warning(
        s, session_id=group.id, step_index=group.current_step, module=module
    ):
        return False
    _set_phase(s, group, group.current_step, PHASE_REVEALED)
    return True


def needs_unanimity_warning(
    s: Session, *, session_id: int, step_index: int, module: Module
) -> bool:
    """Whether a closed question's result would show that everyone gave one answer, so
    that revealing it tells each person what all the others said. Always False while the
    question is open (see ``reveal``)."""
    if phase_of(s, session_id=session_id, step_index=step_index) != PHASE_CLOSED:
        return False
    step = module.steps[step_index]
    if not isinstance(step, QuestionStep):
        return False
    result = results.step_result(s, session_id=session_id, step_index=step_index, step=step)
    return results.is_unanimous(result)


def end_session(
    s: Session,
    *,
    facilitator_id: int,
    session_id: int,
    module: Module | None,
    now: datetime,
) -> None:
    """Keep the aggregates, delete every ballot, roll entry and participant."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    summary = results.summarize(s, group=group, module=module) if module else []
    s.add(
        SessionSummary(
            session_id=group.id,
            participants=count_participants(s, session_id=group.id),
            payload=json.dumps(summary, ensure_ascii=False),
        )
    )
    for table in (Ballot, RollEntry, Participant, SessionModule, BoxQuestion):
        s.execute(delete(table).where(table.session_id == group.id))
    # Deleted rows stay readable in the log and the file until scrubbed.
    scrub_after_commit(s)
    group.status = ENDED
    group.ended_at = now
    # Nothing of the pause signal or the question box is kept either (facilitator/pauses.py,
    # facilitator/question_box.py).
    group.pause_asks, group.pause_asked_at = 0, None
    group.box_waiting_since = group.box_on_screen = None
    moved(s, group)
