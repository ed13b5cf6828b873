# `make run` serves the site with its demo content; `make test` runs lint and the test suite.
# Both set everything up on a fresh clone.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# What gunicorn serves from: the site's requirements only, as a production server installs
# them. The test tools (pytest, moto and its requests, pygments) stay out of the workers, where
# Django REST framework would import some of them, and a module missing from requirements.txt
# fails `make run` rather than production.
SITE_VENV ?= .venv-site
SITE_STAMP := $(SITE_VENV)/.installed

.PHONY: run test install lint format serve-setup bench backup restore

$(STAMP): requirements.txt requirements-dev.txt requirements-s3.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(SITE_STAMP): requirements.txt requirements-s3.txt
	test -x $(SITE_VENV)/bin/python || $(PYTHON) -m venv $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SITE_VENV)/bin/python -m pip install --quiet -r requirements-s3.txt
	touch $(SITE_STAMP)

install: $(STAMP)

serve-setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py import_places data/cget-tiers-lieux-2019.csv --format cget --skip-invalid --duplicates attach
	$(BIN)/python manage.py rebuild_renditions
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py ensure_admin

run: serve-setup $(SITE_STAMP)
	@echo "Site : http://127.0.0.1:$(PORT)/  — administration : http://127.0.0.1:$(PORT)/admin/  (Ctrl-C pour arrêter)"
	exec $(SITE_VENV)/bin/gunicorn tierslieux.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

# pre-commit runs django-upgrade, ruff, ruff format, djLint and import-linter on every file;
# it fails (and fixes what it can) when a file was not formatted or a layer is crossed.
lint: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pre-commit run --all-files --show-diff-on-failure

format: lint

# One pytest worker per core, each with its own test database (TEST_WORKERS=0: one process,
# as a debugger needs).
TEST_WORKERS ?= auto

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# Not part of `make test`: the public pages under load at 10 000 and 100 000 places, on
# throwaway databases (README « Performance »); DATABASE_URL=postgres://… names an empty one.
# wrk comes from Debian; without apt (not root, no sudo) the benchmark uses a Python loop.
bench: $(STAMP) $(SITE_STAMP)
	command -v wrk >/dev/null || { export DEBIAN_FRONTEND=noninteractive; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get install -y -qq wrk >/dev/null || \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; } || true; }
	$(BIN)/python benchmarks/pages.py --gunicorn $(SITE_VENV)/bin/gunicorn \
	  $(if $(DATABASE_URL),--database-url "$(DATABASE_URL)")

# The database and the local media in one archive (DJANGO_BACKUP_DIR, backups/ by default);
# `make restore ARCHIVE=backups/tierslieux-….tar.gz` puts them back (README « Backups »).
backup: $(STAMP)
	$(BIN)/python manage.py backup

restore: $(STAMP)
	@test -n "$(ARCHIVE)" || { echo "make restore ARCHIVE=chemin/vers/archive.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)"
