"""The sets of roles that the portal's rules speak of, each named once, by what it means.

Every view, selector, registry entry and template asks for one of these sets; no module
spells out a set of role strings of its own.
"""

from jongerenwerk.core.models import ROLES_REQUIRING_MFA, Role

ALL_ROLES = frozenset(Role.values)
# Youth workers: they work in neighbourhoods and see their own records and those of their areas.
FIELD_WORKERS = frozenset({Role.JONGERENWERKER})
# The safeguarding officer and the manager: they see the whole organisation's records.
OVERSEERS = frozenset({Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE})
# The organisation's admin: people, structure, settings and protocols, never records about young people.
ADMINISTRATORS = frozenset({Role.BEHEERDER})
# Everyone who works with records about young people (signals, the register, contact notes).
YOUTH_WORK = FIELD_WORKERS | OVERSEERS
# Those who manage people: the manager and the admin (the audit log, enrolling a team).
MANAGEMENT = frozenset({Role.LEIDINGGEVENDE}) | ADMINISTRATORS

__all__ = [
    "ADMINISTRATORS",
    "ALL_ROLES",
    "FIELD_WORKERS",
    "MANAGEMENT",
    "OVERSEERS",
    "ROLES_REQUIRING_MFA",
    "Role",
    "YOUTH_WORK",
]
