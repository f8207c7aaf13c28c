"""The interface's words: one message is never both a verb on a button and a noun elsewhere
(Dutch needs two words where English has one: "Record" is "Vastleggen" and "Registratie"),
one date format, one empty choice in every select, and "je", never "u"."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

BASE = Path(settings.BASE_DIR)
TRANSLATE = re.compile(r'{%\s*translate\s+"([^"]+)"(\s+context\s+"[^"]+")?\s*%}')
BUTTON = re.compile(r"<button\b[^>]*>(.*?)</button>", re.S)
NOUN_PLACES = re.compile(r"<(th|dt|label|legend|summary|h[1-4]|caption)\b[^>]*>(.*?)</\1>", re.S)


def _templates() -> list[Path]:
    return [path for path in BASE.glob("**/templates/**/*.html") if ".venv" not in path.parts]


def test_no_message_is_both_a_verb_on_a_button_and_a_noun_elsewhere():
    verbs, nouns = {}, {}
    for template in _templates():
        text = template.read_text()
        for inside in BUTTON.findall(text):
            for msgid, context in TRANSLATE.findall(inside):
                if not context:
                    verbs.setdefault(msgid, []).append(template.name)
        for _, inside in NOUN_PLACES.findall(text):
            for msgid, context in TRANSLATE.findall(inside):
                if not context:
                    nouns.setdefault(msgid, []).append(template.name)
    both = {msgid: (verbs[msgid], nouns[msgid]) for msgid in verbs.keys() & nouns.keys()}
    assert not both, f"give these messages a context (pgettext): {both}"


def test_pages_use_one_date_format():
    formats = set()
    for template in _templates():
        formats |= set(re.findall(r'\|date:"([^"]+)"', template.read_text()))
    assert formats <= {"j F Y", "j F Y H:i", "W", "H:i"}, formats


def test_every_select_offers_the_same_empty_choice():
    offenders = [str(path.relative_to(BASE)) for path in BASE.glob("*/**/*.py")
                 if ".venv" not in path.parts and "tests" not in path.parts and '"---------"' in path.read_text()]
    assert not offenders, offenders


def test_the_two_factor_pages_say_je(client_for, worker, manager):
    pages = [client_for(manager).get("/accounts/2fa/"), client_for(worker).get("/accounts/2fa/")]
    for response in pages:
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        text = re.sub(r"<[^>]+>", " ", main)
        assert not re.search(r"\b(u|uw|U|Uw|alstublieft)\b", text), text


def test_the_two_factor_step_of_signing_in_says_je(client, manager):
    from tests.factories import PASSWORD

    client.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD})
    page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "Tweestapsverificatie" in page or "tweestapsverificatie" in page
    assert not re.search(r"\b(u|uw|alstublieft)\b", re.sub(r"<[^>]+>", " ", page))
