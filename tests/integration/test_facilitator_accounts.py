"""Accounts: the first needs the server's one-time setup code (or SETUP_CODE), colleagues
need an invitation, passwords are Argon2id hashes, guessing is slowed and then locked out,
and each facilitator sees only their own sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from facilitator import auth, sessions
from facilitator.errors import ActionRefused, DomainError, NotAuthorized
from facilitator.models import FacilitatorAccount, FacilitatorSignIn, Invitation, SetupCode
from facilitator.summaries import past_sessions
from facilitator.throttle import Guards
from tests.helpers import NOW, start

PASSWORD = "een lang wachtwoord"


def test_the_first_account_needs_the_setup_code_from_the_server(db):
    with db.write() as s:
        code = auth.issue_setup_code(s, now=NOW)
    assert code is not None
    with db.write() as s, pytest.raises(NotAuthorized):
        auth.create_first_account(
            s, setup_code="AAAAAA-BBBBBB-CCCCCC", username="x", password=PASSWORD, now=NOW
        )
    with db.write() as s:
        account_id = auth.create_first_account(
            s, setup_code=code.lower(), username="therapeut", password=PASSWORD, now=NOW
        )
    with db.write() as s:
        assert (
            auth.sign_in(
                s,
                username="therapeut",
                password=PASSWORD,
                client="10.0.0.5",
                guards=Guards(),
                clock=0.0,
            ).account_id
            == account_id
        )


def test_the_setup_code_works_once_and_no_new_one_is_issued_after(db):
    with db.write() as s:
        code = auth.issue_setup_code(s, now=NOW)
    with db.write() as s:
        auth.create_first_account(s, setup_code=code, username="a", password=PASSWORD, now=NOW)
    with db.write() as s, pytest.raises(ActionRefused):
        auth.create_first_account(s, setup_code=code, username="b", password=PASSWORD, now=NOW)
    with db.write() as s:
        assert auth.issue_setup_code(s, now=NOW) is None
        assert s.scalars(select(SetupCode)).all() == []


def test_the_password_is_stored_as_a_salted_argon2id_hash(db):
    with db.write() as s:
        code = auth.issue_setup_code(s, now=NOW)
        auth.create_first_account(s, setup_code=code, username="a", password=PASSWORD, now=NOW)
    with db.read() as s:
        stored = s.scalar(select(FacilitatorAccount.password_hash))
        setup_rows = s.scalars(select(SetupCode.code_hash)).all()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert code not in str(setup_rows)


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("therapeut", "fout wachtwoord"),
        ("onbekend", PASSWORD),
        ("therapeut", ""),
    ],
)
def test_a_wrong_name_or_password_is_refused_with_one_message(db, username, password):
    with db.write() as s:
        code = auth.issue_setup_code(s, now=NOW)
        auth.create_first_account(
            s, setup_code=code, username="therapeut", password=PASSWORD, now=NOW
        )
    with db.write() as s:
        outcome = auth.sign_in(
            s, username=username, password=password, client=None, guards=Guards(), clock=0.0
        )
    assert outcome == auth.SignInOutcome(account_id=None)


def test_a_short_password_is_refused(db):
    with db.write() as s:
        code = auth.issue_setup_code(s, now=NOW)
    with db.write() as s, pytest.raises(ActionRefused) as refused:
        auth.create_first_account(s, setup_code=code, username="a", password="kort", now=NOW)
    assert refused.value.code == "password_short"


def first_account(db, name: str = "therapeut") -> int:
    with db.write() as s:
        code = auth.issue_setup_code(s, now=NOW)
        return auth.create_first_account(
            s, setup_code=code, username=name, password=PASSWORD, now=NOW
        )


def try_password(db, guards, password, clock, *, name="therapeut", client="10.0.0.66"):
    with db.write() as s:
        return auth.sign_in(
            s, username=name, password=password, client=client, guards=guards, clock=clock
        )


def test_a_stranger_failing_with_the_facilitators_name_does_not_lock_the_facilitator_out(db):
    account_id = first_account(db)
    guards = Guards()
    for n in range(10):
        try_password(db, guards, f"gok nummer {n}", clock=float(n))
    # The stranger's address is held back: even the right password is not looked at ...
    held = try_password(db, guards, PASSWORD, clock=20.0)
    assert held == auth.SignInOutcome(account_id=None, held_back=True)
    # ... while the facilitator, from their own laptop, signs in at once.
    own = try_password(db, guards, PASSWORD, clock=20.0, client="10.0.0.5")
    assert own.account_id == account_id
    # After the window the stranger's address may try again.
    later = try_password(db, guards, PASSWORD, clock=20.0 + 15 * 60)
    assert later.account_id == account_id


def test_five_failures_per_address_then_nothing_is_checked_for_fifteen_minutes(db):
    first_account(db)
    guards = Guards()
    outcomes = [try_password(db, guards, "fout", clock=float(n)) for n in range(7)]
    assert [o.held_back for o in outcomes] == [False] * 5 + [True] * 2
    assert try_password(db, guards, PASSWORD, clock=899.0).held_back  # 15 min after the 1st
    assert try_password(db, guards, PASSWORD, clock=901.0).account_id is not None


def test_an_unknown_name_counts_as_a_failure_of_the_address_and_looks_the_same(db):
    first_account(db)
    guards = Guards()
    unknown = try_password(db, guards, PASSWORD, clock=0.0, name="bestaat-niet")
    wrong = try_password(db, guards, "fout wachtwoord", clock=0.0, client="10.0.0.67")
    assert unknown == wrong == auth.SignInOutcome(account_id=None)
    for n in range(4):
        try_password(db, guards, PASSWORD, clock=1.0 + n, name="bestaat-niet")
    assert try_password(db, guards, PASSWORD, clock=9.0).held_back


def test_an_invitation_works_once_and_expires(db):
    inviter = first_account(db)
    now = NOW
    with db.write() as s:
        code = auth.issue_invitation(s, facilitator_id=inviter, now=now)
        late = auth.issue_invitation(s, facilitator_id=inviter, now=now)
    with db.write() as s:
        auth.create_invited_account(
            s, invitation=code.lower(), username="b", password=PASSWORD, now=NOW
        )
    with db.write() as s, pytest.raises(NotAuthorized, match="invitation_wrong"):
        auth.create_invited_account(s, invitation=code, username="c", password=PASSWORD, now=NOW)
    with db.write() as s, pytest.raises(NotAuthorized, match="invitation_wrong"):
        auth.create_invited_account(
            s, invitation=late, username="c", password=PASSWORD, now=now + timedelta(hours=25)
        )
    with db.read() as s:
        assert code not in str(s.scalars(select(Invitation.code_hash)).all())


def test_a_taken_user_name_is_refused(db):
    inviter = first_account(db, "therapeut")
    with db.write() as s:
        code = auth.issue_invitation(s, facilitator_id=inviter, now=NOW)
    with db.write() as s, pytest.raises(ActionRefused, match="username_taken"):
        auth.create_invited_account(
            s, invitation=code, username=" therapeut ", password=PASSWORD, now=NOW
        )


def test_a_setup_code_given_in_the_environment_works_only_while_no_account_exists(db):
    configured = "kies-zelf-een-lange-code"
    with db.write() as s, pytest.raises(NotAuthorized):
        auth.create_first_account(
            s, setup_code="kort", username="a", password=PASSWORD, configured_code="kort", now=NOW
        )
    with db.write() as s:
        auth.create_first_account(
            s,
            setup_code=configured,
            username="a",
            password=PASSWORD,
            configured_code=configured,
            now=NOW,
        )
    with db.write() as s, pytest.raises(ActionRefused, match="setup_done"):
        auth.create_first_account(
            s,
            setup_code=configured,
            username="b",
            password=PASSWORD,
            configured_code=configured,
            now=NOW,
        )


def test_each_facilitator_sees_and_steers_only_their_own_sessions(db, module):
    first = first_account(db)
    with db.write() as s:
        code = auth.issue_invitation(s, facilitator_id=first, now=NOW)
        second = auth.create_invited_account(
            s, invitation=code, username="collega", password=PASSWORD, now=NOW
        )
    session_id = start(db, first, module, k=3)
    with db.read() as s:
        assert sessions.running_session_of(s, facilitator_id=second) is None
    for action in (
        lambda s: sessions.go_to_step(
            s, facilitator_id=second, session_id=session_id, step_index=1, module=module, now=NOW
        ),
        lambda s: sessions.set_curtain(s, facilitator_id=second, session_id=session_id, down=True),
        lambda s: sessions.end_session(
            s, facilitator_id=second, session_id=session_id, module=module, now=NOW
        ),
    ):
        with db.write() as s, pytest.raises(DomainError):
            action(s)
    with db.write() as s:
        sessions.end_session(s, facilitator_id=first, session_id=session_id, module=module, now=NOW)
    with db.read() as s:
        assert len(past_sessions(s, facilitator_id=first)) == 1
        assert past_sessions(s, facilitator_id=second) == []


def test_a_sign_in_lasts_past_reloads_until_sign_out_idle_time_or_its_maximum_age(db):
    account_id = first_account(db)
    idle = timedelta(minutes=60)

    def who(token: str, at: datetime, *, active: bool = False) -> int | None:
        with db.write() as s:
            found = auth.signed_in_facilitator(s, token=token, now=at, idle_for=idle, active=active)
        return found.facilitator_id if found else None

    with db.write() as s:
        token = auth.start_sign_in(s, facilitator_id=account_id, now=NOW)
    with db.read() as s:
        stored = s.scalars(select(FacilitatorSignIn.token_hash)).all()
    assert token not in str(stored) and len(stored) == 1  # only a hash is kept
    assert who(token, NOW + timedelta(minutes=59)) == account_id
    assert who("a" * 43, NOW) is None and who("", NOW) is None

    # Activity keeps it alive; polls (active=False) do not.
    assert who(token, NOW + timedelta(minutes=50), active=True) == account_id
    assert who(token, NOW + timedelta(minutes=105)) == account_id
    assert who(token, NOW + timedelta(minutes=111)) is None  # 61 minutes unattended
    assert who(token, NOW + timedelta(minutes=50)) is None  # and ended for good

    with db.write() as s:
        busy = auth.start_sign_in(s, facilitator_id=account_id, now=NOW)
    for minutes in range(50, 12 * 60, 50):
        assert who(busy, NOW + timedelta(minutes=minutes), active=True) == account_id
    assert who(busy, NOW + timedelta(hours=12)) is None  # the maximum age

    with db.write() as s:
        ended = auth.start_sign_in(s, facilitator_id=account_id, now=NOW)
    with db.write() as s:
        auth.end_sign_in(s, token=ended)
    assert who(ended, NOW) is None
