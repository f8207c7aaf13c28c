"""The rules of the reporting code, free of storage so that they can be tested as tables.

The afwegingskader (steps 4 and 5):
  Q1 is there a suspicion of unsafety or harm?
  Q2 is there acute or structural unsafety?
  Q3 can we offer or organise help?   Q4 do those involved accept it?
  Q5 does it lead to safety in time?
A yes on Q2, or any no on Q3-Q5, requires a recorded report before the signal can close.

How a rise is flagged
---------------------
For each category, in the whole organisation and in each neighbourhood, a complete week is
compared with the eight weeks before it. Their mean λ is the expected number of signals per
week; if signals arrived at that rate by chance (a Poisson process), the probability of
seeing `count` or more in one week is P(X >= count | λ). The week is a rise when that
probability is below 1% (a Poisson upper bound) and it holds at least three signals, so one
or two signals in a quiet category never make a rise.

A category without signals in the eight weeks before is taken to have had one (λ = 1/8):
without that floor λ would be 0 and the tail undefined. With it, three signals in a new
category are a rise (P ≈ 0.0003), as are four after an average of one every two weeks
(λ = 0.5, P ≈ 0.002), but not three then (P ≈ 0.014).

The method is simple enough to explain to the working group, and deliberately so: it knows
nothing of school holidays or of one viral video that brings many signals at once, which is
why people interpret each flag. The tail is summed with the standard library only
(`math.lgamma`, in log space, so a large mean cannot underflow).
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _

from jongerenwerk.core.roles import OVERSEERS, Role
from signals.models import HANDLING_STEPS, Category, Outcome, Severity, Step


@dataclass(frozen=True)
class Answers:
    q1: bool
    q2: bool
    q3: bool
    q4: bool
    q5: bool


def report_required(answers: Answers) -> bool:
    if not answers.q1:
        return False
    return answers.q2 or not (answers.q3 and answers.q4 and answers.q5)


def advised_outcome(answers: Answers) -> str:
    """The outcome the afwegingskader leads to."""
    if not answers.q1:
        return Outcome.NO_SUSPICION
    if report_required(answers):
        return Outcome.REPORT
    return Outcome.ORGANISE_HELP


def allowed_outcomes(answers: Answers) -> set[str]:
    """Outcomes a decision may record with these answers."""
    if not answers.q1:
        return {Outcome.NO_SUSPICION, Outcome.MONITORING}
    if report_required(answers):
        # Reporting is required; sharing or the police may come on top, never instead.
        return {Outcome.REPORT, Outcome.POLICE}
    return {Outcome.ORGANISE_HELP, Outcome.MONITORING, Outcome.SHARE, Outcome.POLICE}


def next_step(steps: list[str], current: str) -> str:
    """The protocol's step after `current`, or CLOSED when none is left."""
    remaining = [s for s in steps if HANDLING_STEPS.index(s) > HANDLING_STEPS.index(current)]
    return remaining[0] if remaining else Step.CLOSED


def first_step(steps: list[str]) -> str:
    return steps[0] if steps else Step.CONSULTATION


# Severities at which a signal is sensitive whatever its category.
SENSITIVE_SEVERITIES = (Severity.HOOG, Severity.ACUUT)


def is_sensitive(severity: str, category: Category) -> bool:
    """A high or acute signal, or one of a special or crime category: the safeguarding officer
    takes part in its consultation and decides it, and every view of it is audited."""
    return category.is_special or category.is_crime or severity in SENSITIVE_SEVERITIES


# Repeats --------------------------------------------------------------------------------------

# The same addition, weighing, share, action or file sent again by the same person within this
# time is a double tap or the Back button, not new information: the first one stands.
REPEAT_WINDOW = timedelta(minutes=10)


# Sharing --------------------------------------------------------------------------------------

# What a share can hand to a partner, in the order a summary lists it; the minimum by default.
MINIMAL_FIELDS = ["category", "date", "neighbourhood", "pseudonym"]
SHAREABLE_FIELDS = [*MINIMAL_FIELDS, "facts"]


# Protocols ------------------------------------------------------------------------------------

MAX_HOURS = 720  # thirty days: beyond that a deadline no longer steers anything
# Who a protocol can ask to inform: the roles that oversee the organisation's signals.
INFORM_ROLES = tuple(role for role in Role if role in OVERSEERS)


def protocol_errors(*, kind: str, is_crime: bool, steps_by_severity: dict[str, list[str]]) -> dict[str, str]:
    """Per severity, what is wrong with its steps; empty when the protocol holds."""
    errors = {}
    for severity, label in Severity.choices:
        steps = steps_by_severity.get(severity, [])
        if not steps:
            # Refused rather than read as "closes straight away": a signal is always looked at.
            errors[severity] = _("Choose at least one step for %(severity)s severity: every signal needs a step.") % {
                "severity": label
            }
        elif (kind == Category.Kind.SPECIAL or is_crime) and severity in SENSITIVE_SEVERITIES and Step.DECISION not in steps:
            errors[severity] = _(
                "Include the decision at %(severity)s severity: for a special-category or crime signal "
                "the safeguarding officer must decide."
            ) % {"severity": label}
    return errors



# Rises ----------------------------------------------------------------------------------------

BASELINE_WEEKS = 8
RISE_PROBABILITY = 0.01
RISE_MINIMUM = 3
EMPTY_BASELINE = 1 / BASELINE_WEEKS


def poisson_tail(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean), for mean > 0."""
    if count <= 0:
        return 1.0

    def pmf(k: int) -> float:
        return math.exp(k * math.log(mean) - mean - math.lgamma(k + 1))

    if count > mean:
        # Above the mean each next term is smaller by mean / (k + 1): sum until they vanish.
        total, k, term = 0.0, count, pmf(count)
        while term > total * 1e-16:
            total += term
            k += 1
            term *= mean / k
        return min(total, 1.0)
    # At or below the mean the tail is large; take 1 - P(X < count), summed downwards likewise.
    below, k, term = 0.0, count - 1, pmf(count - 1)
    while k >= 0 and term > below * 1e-16:
        below += term
        term *= k / mean
        k -= 1
    return max(0.0, 1.0 - below)



def baseline_of(previous: list[int]) -> float:
    return max(sum(previous) / len(previous), EMPTY_BASELINE)



def is_rise(count: int, previous: list[int]) -> bool:
    """Whether `count` signals in a week are clearly above the weeks before (see the module)."""
    return count >= RISE_MINIMUM and poisson_tail(count, baseline_of(previous)) < RISE_PROBABILITY
