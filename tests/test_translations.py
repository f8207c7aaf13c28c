"""The Dutch catalogues are complete, and the interface is Dutch first with English on request.

The project's catalogue is `locale/nl`; an app may keep its own (`<app>/locale/nl`, for the
messages of its code and its own templates). All are regenerated with
`DEBUG=true python manage.py makemessages -l nl --ignore=.venv --ignore=.tools --ignore=var --ignore=tests`
and compiled by `make messages` (the .mo files are not in git).
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
CATALOGUE = Path("locale") / "nl" / "LC_MESSAGES" / "django.po"
# The project's catalogue and those of its apps, relative to the project.
CATALOGUES = [CATALOGUE] + sorted(
    path.relative_to(BASE) for path in BASE.glob(f"*/{CATALOGUE}") if not path.is_relative_to(BASE / ".venv")
)

# %(name)s, %s, %d and {{ name }}: whatever a msgid carries must survive translation.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{\{.*?\}\}")


def _entries(path: Path) -> list[dict[str, str]]:
    """The live entries of a .po file, each as {"msgid": ..., "msgstr": ... / "msgstr[0]": ...}."""
    entries, entry, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#"):
            continue  # comments, flags and obsolete (#~) entries
        elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line):
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
    return [e for e in entries if e.get("msgid")]  # the header has an empty msgid


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_msgfmt_reports_only_translated_messages(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", str(BASE / catalogue), "-o", "/dev/null"],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "translated message" in output, output
    assert "untranslated" not in output, output
    assert "fuzzy" not in output, output


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_the_catalogue_header_is_dutch(catalogue):
    header = (BASE / catalogue).read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Language: nl\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    assert "charset=UTF-8" in header
    assert "#, fuzzy" not in header


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_every_entry_is_translated_and_keeps_its_placeholders(catalogue):
    entries = _entries(BASE / catalogue)
    assert entries, f"no messages in {catalogue}"
    problems = []
    for entry in entries:
        msgid = entry["msgid"]
        if "msgid_plural" in entry:
            allowed = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(entry["msgid_plural"]))
            forms = {k: v for k, v in entry.items() if k.startswith("msgstr[")}
            if sorted(forms) != ["msgstr[0]", "msgstr[1]"]:
                problems.append(f"{msgid!r}: expected two plural forms, got {sorted(forms)}")
            for key, text in forms.items():
                if not text:
                    problems.append(f"{msgid!r}: {key} is empty")
                elif not set(PLACEHOLDER.findall(text)) <= allowed:
                    problems.append(f"{msgid!r}: {key} has unknown placeholders in {text!r}")
            plural = entry.get("msgstr[1]", "")
            if set(PLACEHOLDER.findall(plural)) != set(PLACEHOLDER.findall(entry["msgid_plural"])):
                problems.append(f"{msgid!r}: plural form does not keep the placeholders: {plural!r}")
        else:
            text = entry.get("msgstr", "")
            if not text:
                problems.append(f"{msgid!r}: not translated")
            elif set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(msgid)):
                problems.append(f"{msgid!r}: placeholders differ in {text!r}")
    assert not problems, "\n".join(problems)


def test_the_role_and_language_names_use_the_fields_vocabulary():
    translations = {e["msgid"]: e.get("msgstr") for e in _entries(PO)}
    expected = {
        "youth worker": "jongerenwerker",
        "safeguarding officer": "aandachtsfunctionaris",
        "manager": "leidinggevende",
        "administrator": "beheerder",
        "Sign in": "Inloggen",
        "Sign out": "Uitloggen",
        "Dutch": "Nederlands",
        "English": "Engels",
    }
    for msgid, msgstr in expected.items():
        if msgid in translations:
            assert translations[msgid] == msgstr, msgid


def test_the_login_page_is_dutch_by_default(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Inloggen" in content, "run `make messages` to compile the catalogue"
    assert "Sign in" not in content


def test_the_login_page_is_english_with_the_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sign in" in content
    assert "Inloggen" not in content


def test_the_catalogue_holds_every_message_of_the_code(tmp_path, settings):
    """makemessages, run on a copy of the project, finds nothing the committed catalogue lacks."""
    project = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    skip = {".git", ".venv", ".tools", "var", "tests", "node_modules"}
    copy.mkdir()
    for entry in project.iterdir():
        if entry.name not in skip:
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, copy / entry.name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete", "-v", "0"],
        cwd=copy, env={**os.environ, "DEBUG": "true", "VAR_DIR": str(tmp_path / "var")},
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    for catalogue in CATALOGUES:
        committed = {e["msgid"] for e in _entries(BASE / catalogue)}
        found = {e["msgid"] for e in _entries(copy / catalogue)}
        assert not found - committed, f"run makemessages and translate {catalogue}: {sorted(found - committed)}"
