# The portal's production image: gunicorn serves the web app; the same image runs the
# Celery worker and beat (see docker-compose.yml).
#
#   docker build -t jongerenwerk-portal .
#
# Stage 1 builds everything (dependencies, compiled translations, collected static
# files); stage 2 holds only the result and runs as an unprivileged user.

ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS build

ARG UV_VERSION=0.13.8
# gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"

# uv installs into /app/.venv with the image's own Python (never a downloaded one).
ENV UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON=/usr/local/bin/python3.12 \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1
WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
ENV PATH=/app/.venv/bin:$PATH
# Settings must import at build time: HTTPS=true (as in production, so collectstatic
# writes the hashed, compressed manifest) needs a SECRET_KEY; this one exists only for
# these two commands and is not stored in the image. Nothing here touches a database
# or a broker; the folders the embedded defaults create on import are removed after.
RUN export HTTPS=true SECRET_KEY=build-time-only-not-a-secret DEBUG=false \
    && python manage.py compilemessages --ignore=.venv --ignore=.tools -v 0 \
    && python manage.py collectstatic --noinput -v 0 \
    && rm -rf var/celery var/portal.sqlite3* var/media \
    && python -m compileall -q jongerenwerk signals contacts trainings policy


FROM ${PYTHON_IMAGE} AS runtime

# An unprivileged user; the code stays owned by root and read-only to it. Only
# /app/var (beat's schedule) and /app/media (private uploads) are writable.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin app

# WeasyPrint (certificates and reports as PDF) draws text with Pango.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /app /app
RUN mkdir -p /app/var /app/media && chown app:app /app/var /app/media

# Production defaults; SECRET_KEY, ALLOWED_HOSTS and the rest come from the environment.
# WEB_CONCURRENCY is gunicorn's worker count (it reads the variable itself): 3 suits
# a small host (about 2 x cores + 1); override per deployment.
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=jongerenwerk.settings \
    HTTPS=true \
    DEBUG=false \
    DEMO_DATA=false \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3

WORKDIR /app
USER app:app
EXPOSE 8000

# Access log and error log to stdout/stderr. --no-control-socket: gunicorn >= 25 would
# otherwise create a control socket under $HOME, which is read-only here.
CMD ["gunicorn", "jongerenwerk.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--error-logfile", "-", \
     "--timeout", "30", \
     "--graceful-timeout", "25", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--no-control-socket"]
