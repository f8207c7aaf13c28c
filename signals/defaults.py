"""The categories and protocols every organisation starts with; its admin edits them after."""

from django.db import transaction

from jongerenwerk.core.models import Organisation, Role
from signals.models import Category

ALL = ["consultatie", "gesprek", "wegen", "beslissen"]
STANDARD = {"laag": ["consultatie"], "middel": ["consultatie", "wegen", "beslissen"], "hoog": ALL, "acuut": ALL}
STRICT = {"laag": ["consultatie", "wegen", "beslissen"], "middel": ALL, "hoog": ALL, "acuut": ALL}
MONITOR = {"laag": ["consultatie"], "middel": ["consultatie"], "hoog": ALL, "acuut": ALL}
POSITIVE = {"laag": ["consultatie"], "middel": ["consultatie"], "hoog": ["consultatie"], "acuut": ["consultatie"]}
DEADLINES = {"consultatie": 48, "gesprek": 168, "wegen": 72, "beslissen": 168}
TELL_MANAGER_IN_24H = [{"role": Role.LEIDINGGEVENDE, "hours": 24}]
TELL_OFFICER_IN_24H = [{"role": Role.AANDACHTSFUNCTIONARIS, "hours": 24}]

SPECIAL, POSITIVE_KIND, ORDINARY = Category.Kind.SPECIAL, Category.Kind.POSITIVE, Category.Kind.ORDINARY

# key, name (organisation data, in Dutch), kind, protocol, who to inform, refuses images, crime
CATEGORIES = [
    ("vechtpartij", "Vechtpartij of dreiging daarvan", ORDINARY, STANDARD, [], False, False),
    ("exposen", "Exposen", ORDINARY, STANDARD, [], False, False),
    ("schadelijke-trend", "Schadelijke trend (lachgas, shisha, lean, ander middel)", ORDINARY, MONITOR, [], False, False),
    ("criminaliteit", "Criminaliteit (dealen, beroving, wapens)", SPECIAL, STRICT, TELL_MANAGER_IN_24H, False, True),
    ("radicalisering", "Radicalisering en polarisatie", SPECIAL, STRICT, TELL_OFFICER_IN_24H, False, False),
    ("sexting", "Sexting en sextortion", SPECIAL, STRICT, TELL_OFFICER_IN_24H, True, False),
    ("cyberpesten", "Cyberpesten", ORDINARY, STANDARD, [], False, False),
    ("grooming", "Grooming", SPECIAL, STRICT, TELL_OFFICER_IN_24H, True, False),
    ("discriminatie", "Online discriminatie en haat", ORDINARY, STANDARD, [], False, False),
    ("verslaving", "Verslaving (gamen, gokken, porno, sociale media)", ORDINARY, STANDARD, [], False, False),
    ("welzijn", "Mentaal welzijn en zelfbeschadiging", SPECIAL, STRICT, TELL_OFFICER_IN_24H, False, False),
    ("thuissituatie", "Onveilige thuissituatie", SPECIAL, STRICT, TELL_OFFICER_IN_24H, False, False),
    ("overlast", "Overlast", ORDINARY, STANDARD, [], False, False),
    ("positief", "Positief signaal (talent, kans)", POSITIVE_KIND, POSITIVE, [], False, False),
]


@transaction.atomic
def categories_seed(organisation: Organisation) -> None:
    """Give an organisation the default categories it does not have yet; a rerun adds nothing."""
    for position, (key, name, kind, steps, inform, refuses_images, is_crime) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            organisation=organisation,
            key=key,
            defaults={
                "name": name, "kind": kind, "steps_by_severity": steps, "inform": inform,
                "step_deadline_hours": DEADLINES, "refuses_images": refuses_images, "is_crime": is_crime,
                "position": position,
            },
        )
