"""The throughput benchmark runs to completion on a small data set (a smoke run, not a timing):
gunicorn starts on a database of its own, every page answers, and the table is printed."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_the_throughput_benchmark_runs_on_a_small_data_set(tmp_path):
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "VAR_DIR": str(tmp_path), "DEBUG": "true", "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "jongerenwerk.settings",
    }

    def manage(*arguments: str) -> str:
        result = subprocess.run([sys.executable, "manage.py", *arguments], cwd=Path(settings.BASE_DIR),
                                env=environment, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "-v", "0")
    manage("signals_benchmark", "--build", "--signals", "300", "--runs", "1")
    output = manage("throughput_benchmark", "--seconds", "1", "--rounds", "1", "--connections", "2")
    median = output.split("median over the rounds", 1)[1]
    rows = [line for line in median.splitlines() if re.search(r"\d+%$", line.strip())]
    names = {line[:44].strip() for line in rows}
    assert {"signal list (officer)", "signal page (officer)", "trends board (officer)", "signal form (officer)",
            "home (jongerenwerker)"} <= names, output
    assert "errors" not in median, output
