"""The benchmark times an answer by reading its count off the projector: it must read every
count the projector can show, the first answer's singular too."""

from __future__ import annotations

import pytest

from bench.constants import COUNT_ON_PROJECTOR
from facilitator.i18n import text


@pytest.mark.parametrize("n", [0, 1, 2, 19])
def test_the_benchmark_reads_each_answer_count_the_projector_shows(n: int):
    shown = text("nl", "projector_answers_in", n=n)
    found = COUNT_ON_PROJECTOR.search(shown)
    assert found is not None and int(found.group(1)) == n, shown
