"""The first account needs the server's one-time setup code; passwords are Argon2id hashes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from facilitator import auth
from facilitator.errors import ActionRefused, NotAuthorized
from facilitator.models import FacilitatorAccount, SetupCode

PASSWORD = "een lang wachtwoord"


def test_the_first_account_needs_the_setup_code_from_the_server(db):
    with db.write() as s:
        code = auth.issue_setup_code(s)
    assert code is not None
    with db.write() as s, pytest.raises(NotAuthorized):
        auth.create_first_account(
            s, setup_code="AAAAAA-BBBBBB-CCCCCC", username="x", password=PASSWORD
        )
    with db.write() as s:
        account_id = auth.create_first_account(
            s, setup_code=code.lower(), username="therapeut", password=PASSWORD
        )
    with db.read() as s:
        assert auth.sign_in(s, username="therapeut", password=PASSWORD) == account_id


def test_the_setup_code_works_once_and_no_new_one_is_issued_after(db):
    with db.write() as s:
        code = auth.issue_setup_code(s)
    with db.write() as s:
        auth.create_first_account(s, setup_code=code, username="a", password=PASSWORD)
    with db.write() as s, pytest.raises(ActionRefused):
        auth.create_first_account(s, setup_code=code, username="b", password=PASSWORD)
    with db.write() as s:
        assert auth.issue_setup_code(s) is None
        assert s.scalars(select(SetupCode)).all() == []


def test_the_password_is_stored_as_a_salted_argon2id_hash(db):
    with db.write() as s:
        code = auth.issue_setup_code(s)
        auth.create_first_account(s, setup_code=code, username="a", password=PASSWORD)
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
        code = auth.issue_setup_code(s)
        auth.create_first_account(s, setup_code=code, username="therapeut", password=PASSWORD)
    with db.read() as s, pytest.raises(NotAuthorized) as refused:
        auth.sign_in(s, username=username, password=password)
    assert refused.value.code == "sign_in_failed"


def test_a_short_password_is_refused(db):
    with db.write() as s:
        code = auth.issue_setup_code(s)
    with db.write() as s, pytest.raises(ActionRefused) as refused:
        auth.create_first_account(s, setup_code=code, username="a", password="kort")
    assert refused.value.code == "password_short"
