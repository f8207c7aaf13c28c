"""What a member may do with the handbook and the profiles, for views and templates.

Everyone in the organisation reads the handbook, acknowledges it and keeps their own work
profiles. The admin edits, publishes and sets the rules; the manager approves publications
(when the organisation works with four eyes) and sees who acknowledged and whose profiles
conform. Templates read these abilities and never compare a role.
"""

from dataclasses import dataclass

from jongerenwerk.core.models import Membership, Role
from jongerenwerk.core.roles import ADMINISTRATORS, MANAGEMENT

# Who approves a publication under four eyes.
REVIEWERS = frozenset({Role.LEIDINGGEVENDE})
# Who sees the acknowledgement and conformity overviews.
OVERSEERS_OF_POLICY = MANAGEMENT


@dataclass(frozen=True)
class Abilities:
    edit: bool  # edit and publish the handbook, set the rules and settings
    oversee: bool  # the overviews of acknowledgements and profiles
    reviewer: bool  # approves publications when the organisation works with four eyes
    waiting_for_review: bool  # a publication waits for a manager now

    @property
    def review(self) -> bool:
        return self.reviewer and self.waiting_for_review


def abilities(membership: Membership, *, waiting_for_review: bool = False) -> Abilities:
    return Abilities(
        edit=membership.role in ADMINISTRATORS,
        oversee=membership.role in OVERSEERS_OF_POLICY,
        reviewer=membership.role in REVIEWERS,
        waiting_for_review=waiting_for_review,
    )
