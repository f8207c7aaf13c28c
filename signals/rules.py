"""The rules of the reporting code, free of storage so that they can be tested as tables.

The afwegingskader (steps 4 and 5):
  Q1 is there a suspicion of unsafety or harm?
  Q2 is there acute or structural unsafety?
  Q3 can we offer or organise help?   Q4 do those involved accept it?
  Q5 does it lead to safety in time?
A yes on Q2, or any no on Q3-Q5, requires a recorded report before the signal can close.
"""

from dataclasses import dataclass

from signals.models import HANDLING_STEPS, Outcome, Severity, Step


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


def needs_safeguarding_officer(severity: str, is_special: bool) -> bool:
    """High, acute or special-category signals are weighed with the aandachtsfunctionaris."""
    return is_special or severity in (Severity.HOOG, Severity.ACUUT)
