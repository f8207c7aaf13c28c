from itertools import product

import pytest

from signals.models import Outcome
from signals.rules import Answers, advised_outcome, allowed_outcomes, report_required


def expected(q1, q2, q3, q4, q5):
    if not q1:
        return Outcome.NO_SUSPICION, False
    if q2 or not (q3 and q4 and q5):
        return Outcome.REPORT, True
    return Outcome.ORGANISE_HELP, False


@pytest.mark.parametrize("answers", list(product([True, False], repeat=5)), ids=lambda a: "".join("JN"[not x] for x in a))
def test_the_afwegingskader_gives_the_right_outcome_for_all_32_combinations(answers):
    outcome, must_report = expected(*answers)
    given = Answers(*answers)
    assert advised_outcome(given) == outcome
    assert report_required(given) is must_report
    assert outcome in allowed_outcomes(given)
    if must_report:
        assert Outcome.MONITORING not in allowed_outcomes(given)
        assert Outcome.NO_SUSPICION not in allowed_outcomes(given)
