"""The security suite that covers new URLs by itself: every URL of the portal has rows in the
access matrix (`tests.access`), so a new page cannot be forgotten."""

import importlib
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access import ALL_PAGES

# URLs that are not the portal's own pages: the framework's and the libraries' (tested by
# their owners and by the sign-in tests), and the health check (no data, for the proxy).
OUTSIDE_THE_MATRIX = {"health", "set_language", "robots_txt"}
OWN_NAMESPACES = {"core", "signals", "contacts", "trainings", "policy", "reports"}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace or namespace
            names |= _url_names(pattern, inner or "")
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def _portal_url_names() -> set[str]:
    names = _url_names(get_resolver())
    own = {name for name in names if name.split(":")[0] in OWN_NAMESPACES}
    return own | {"home"}


def _load_every_matrix() -> None:
    """Import every test module, so each registers its pages however the suite was started."""
    base = Path(settings.BASE_DIR)
    for path in sorted((base / "tests").rglob("test_*.py")):
        importlib.import_module(".".join(path.relative_to(base).with_suffix("").parts))


def test_every_url_of_the_portal_has_rows_in_the_access_matrix():
    _load_every_matrix()
    covered = {page.url_name for page in ALL_PAGES}
    missing = _portal_url_names() - covered - OUTSIDE_THE_MATRIX
    assert not missing, f"URLs without a row in the access matrix: {sorted(missing)}"


def test_every_export_is_written_by_the_reporting_helpers():
    """Formula neutralising and small-count suppression live in core.reporting; an export that
    writes CSV or a spreadsheet by itself would skip them."""
    base = Path(settings.BASE_DIR)
    writers = ("csv.writer(", "csv.DictWriter(", "xlsxwriter.Workbook(", "openpyxl.Workbook(")
    offenders = []
    for path in base.rglob("*.py"):
        if {".venv", ".tools", "tests", "var"} & set(path.relative_to(base).parts):
            continue
        if path == base / "jongerenwerk" / "core" / "reporting.py":
            continue
        text = path.read_text()
        offenders += [f"{path.relative_to(base)}: {writer}" for writer in writers if writer in text]
    assert not offenders, offenders
