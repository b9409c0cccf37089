"""What the benchmark's parts share: the module it plays, the texts it reads off the pages,
what must never appear in the log."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_ID = "traumabinding"
READING_STEP = "het-patroon"  # a step of text only
SELF_TEST = "zelftest"  # six yes/no questions, a chart per question once revealed
ANSWER_STORED = "anoniem ontvangen"
# "1 antwoord binnen", "2 antwoorden binnen" (facilitator/i18n.py). Read as plural only,
# each group's first answer counted once the second was on screen: 5 % of the groups
# section's answers, which set its p95 (8.1-9.4 s on PostgreSQL).
COUNT_ON_PROJECTOR = re.compile(r"(\d+) antwoord(?:en)? binnen")
# What must never reach a phone or the log while the group is busy.
DATABASE_TROUBLE = ("database is locked", "OperationalError", "Traceback", "deadlock")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
