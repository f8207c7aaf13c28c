# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
UV := .tools/uv/bin/uv
PY := .venv/bin/python
# The local default: debug pages, demo data, SQLite and the file-system broker.
# `make run PORT=8001` serves elsewhere; links in mails follow the port.
PORT ?= 8000
LOCAL := DEBUG=true SITE_URL=http://localhost:$(PORT)

.PHONY: run test test-all setup messages clean

$(UV):
	python3 -m pip install --quiet --disable-pip-version-check --target .tools/uv uv

.venv/.synced: $(UV) pyproject.toml uv.lock .python-version
	$(UV) sync --frozen --quiet
	touch $@

messages: .venv/.synced
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools -v 0

setup: .venv/.synced messages
	$(LOCAL) $(PY) manage.py migrate --noinput -v 0

run: setup
	$(LOCAL) $(PY) manage.py seed_demo
	@echo "Portal: http://localhost:$(PORT)  (worker and beat run beside it; Ctrl-C stops all)"
	@$(LOCAL) .venv/bin/celery -A jongerenwerk worker --beat --pool solo --loglevel INFO & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(LOCAL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on the embedded default (SQLite, file-system broker). Browser tests
# need Debian's Chromium and the outage tests a redis-server to stop; both run in CI
# (.ci/run) or with `make test-all`.
test: .venv/.synced messages
	$(PY) -m pytest -m "not browser and not redis" $(PYTEST_ARGS)

test-all: .venv/.synced messages
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf .venv .tools var
