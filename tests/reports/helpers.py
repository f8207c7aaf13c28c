import subprocess
from pathlib import Path

import openpyxl

from reports.models import Report
from reports.services.documents import reports_root


def path_of(report: Report, extension: str) -> Path:
    return reports_root() / report.files.get(format=extension).path


def pdf_text(report: Report) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path_of(report, "pdf")), "-"], capture_output=True,
                          text=True, check=True).stdout


def xlsx_sheets(report: Report) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(path_of(report, "xlsx"), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def files_on_disk() -> list[str]:
    root = reports_root()
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []
