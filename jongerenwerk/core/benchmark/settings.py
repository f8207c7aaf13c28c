"""Production settings (DEBUG off) with the benchmark's URLconf; only for the throughput benchmark."""

from jongerenwerk.settings import *  # noqa: F403

ROOT_URLCONF = "jongerenwerk.core.benchmark.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
