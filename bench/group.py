"""The facilitator's actions (next step, open, reveal), straight through the domain package,
as the console would send them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from facilitator import sessions
from facilitator.content import Module
from facilitator.db import Database
from facilitator.models import (
    Ballot,
    FacilitatorAccount,
    RollEntry,
)
from facilitator.timeutil import utcnow


@dataclass
class Group:
    db: Database
    module: Module
    facilitator_id: int
    session_id: int
    join_code: str
    projector_token: str

    @classmethod
    def start(cls, db: Database, module: Module, name: str, min_group_size: int) -> Group:
        with db.write() as s:
            account = FacilitatorAccount(
                username=name, password_hash="not-for-signing-in", created_at=utcnow()
            )
            s.add(account)
            s.flush()
            group = sessions.start_session(
                s,
                facilitator_id=account.id,
                module=module,
                min_group_size=min_group_size,
                now=utcnow(),
            )
            return cls(db, module, account.id, group.id, group.join_code, group.projector_token)

    def step_of(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.module.steps) if step.id == step_id)

    def go_to(self, step_id: str) -> None:
        with self.db.write() as s:
            sessions.go_to_step(
                s,
                facilitator_id=self.facilitator_id,
                session_id=self.session_id,
                step_index=self.step_of(step_id),
                module=self.module,
                now=utcnow(),
            )

    def open_question(self) -> None:
        with self.db.write() as s:
            sessions.open_question(
                s,
                facilitator_id=self.facilitator_id,
                session_id=self.session_id,
                module=self.module,
            )

    def reveal(self) -> None:
        with self.db.write() as s:
            sessions.reveal(
                s,
                facilitator_id=self.facilitator_id,
                session_id=self.session_id,
                module=self.module,
            )

    def stored(self, step_id: str) -> tuple[int, int]:
        """(roll entries, ballots) of a step: who answered, and the answers."""
        step = self.step_of(step_id)
        with self.db.read() as s:
            rolls = s.scalar(
                select(func.count())
                .select_from(RollEntry)
                .where(RollEntry.session_id == self.session_id, RollEntry.step_index == step)
            )
            ballots = s.scalar(
                select(func.count())
                .select_from(Ballot)
                .where(Ballot.session_id == self.session_id, Ballot.step_index == step)
            )
        return rolls or 0, ballots or 0
