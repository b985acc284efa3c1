# Two commands on a fresh clone: `make run` and `make test`.
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)
HOST    ?= 127.0.0.1
PORT    ?= 8000
DEV_ENV := DJANGO_DEBUG=true

.PHONY: setup run test lint bench serve migrate demo worker beat clean

$(STAMP): requirements.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py demo_data

# One process: SQLite, in-memory channel layer, eager Celery. HTTP and WebSocket on $(HOST):$(PORT).
run: demo
	$(DEV_ENV) $(PY) manage.py collectstatic --noinput -v 0
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(DEV_ENV) $(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) bench/run_all.py

# Production-like: several ASGI workers, a Celery worker and beat (needs DATABASE_URL and REDIS_URL).
serve: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/honcho start -f Procfile

worker: setup
	$(VENV)/bin/celery -A config worker -l info

beat: setup
	$(VENV)/bin/celery -A config beat -l info

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
