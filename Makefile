# The two commands: `make run` (serve the portal with demo data) and `make test` (the whole suite).
# Both set everything up first. See README.md.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Tests and linters never touch the development data: they get their own var/ and settings.
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-not-for-production DJANGO_HTTPS=false DJANGO_DEBUG=false \
	DJANGO_MANIFEST_STATIC=false PORTAL_VAR_DIR=$(CURDIR)/var/test EMAIL_FILE_PATH=$(CURDIR)/var/test/mail \
	CELERY_BEAT_SCHEDULE_FILENAME=$(CURDIR)/var/test/celerybeat-schedule
PYTEST_ARGS ?=

.PHONY: setup prerequisites debian-packages run test pytest totp lint typecheck bench reliability audit lock clean

LOCALE_MO := carers_portal/locale/en_GB/LC_MESSAGES/django.mo

setup: prerequisites debian-packages $(VENV)/.installed node_modules/.installed static/build/portal.css $(LOCALE_MO)

# Python 3.11+ with venv, Node.js 18+ with npm (deploy/prerequisites.sh): checked before anything is made,
# so a missing one stops `make` at once with one line saying what to install.
PREREQUISITES_PROBLEM = $(shell PYTHON='$(PYTHON)' deploy/prerequisites.sh)
prerequisites:
	$(if $(PREREQUISITES_PROBLEM),$(error $(PREREQUISITES_PROBLEM)))
	@:

# The fonts the self-assessment PDF embeds (Debian packages; the Dockerfile installs the same). Without
# root or sudo, or off Debian, it says how to get them (or to point PDF_FONTS_DIR at them) and goes on.
debian-packages:
	deploy/debian-packages.sh --fonts fonts-noto-core fonts-symbola

# From the lock: every package, transitive ones and pip itself, at the version and hashes it names.
# The venv starts with whatever pip the interpreter bundles (23.0.1 on Debian 12's python3), and older
# pips misread parts of the lock (extras asked for by a dependency), so the locked pip goes in first,
# hash-checked, on its own; it then installs the rest.
$(VENV)/.installed: requirements-pip.lock requirements.lock requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || \
		{ echo "make: could not create a virtual environment; on Debian or Ubuntu: apt-get install python3-venv" >&2; exit 1; }
	$(PY) -m pip install --require-hashes --no-deps -r requirements-pip.lock
	$(PY) -m pip install --require-hashes -r requirements-dev.lock
	touch $@

# requirements.txt and requirements-dev.txt are what people edit (the packages we chose, pinned);
# `make lock` resolves them into requirements.lock (what the image installs) and requirements-dev.lock
# (what the venv and CI install, held to the same versions), every package with its hashes. Run it
# after editing either file. It resolves against PyPI alone, ignoring local pip configuration (mirrors,
# wheel folders), so a lock only names files anyone can download. Needs only Python and the network.
LOCK_VENV := .venv-lock
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null
LOCK_ARGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

lock:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet "$$(grep -E '^pip-tools==' requirements-dev.txt)"
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile $(LOCK_ARGS) --output-file requirements-pip.lock requirements-pip.txt
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile $(LOCK_ARGS) --output-file requirements.lock requirements.txt
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile $(LOCK_ARGS) --constraint requirements.lock \
		--output-file requirements-dev.lock requirements-dev.txt

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/portal.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run build

# allauth's wording in GOV.UK style: compile the .po with polib (GNU gettext is not needed).
$(LOCALE_MO): $(LOCALE_MO:.mo=.po) $(VENV)/.installed
	$(PY) -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

run: setup
	$(PY) -m carers_portal.embedded run

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(TEST_ENV) $(VENV)/bin/mypy

test: lint typecheck
	$(TEST_ENV) $(PY) -m carers_portal.embedded exec -- sh -c \
		'$(PY) manage.py makemigrations --check --dry-run && $(PY) -m pytest $(PYTEST_ARGS)'

# One file or one test, without the linters: make pytest PYTEST_ARGS=tests/core/test_healthz.py
pytest: setup
	$(TEST_ENV) $(PY) -m carers_portal.embedded exec -- $(PY) -m pytest $(PYTEST_ARGS)

# The current two-step verification code for an authenticator secret (demo staff without a phone).
totp:
	@test -n "$(SECRET)" || { echo "make totp SECRET=<the secret shown under the QR code>" >&2; exit 1; }
	@$(PYTHON) deploy/totp_code.py "$(SECRET)"

# BENCH=bench_search for one; bench_search takes SERVICES=10000,100000 (sizes measured in turn, with growth).
bench: setup
	$(TEST_ENV) $(PY) -m carers_portal.embedded exec -- $(PY) -m tests.bench $(BENCH)

# The reliability suite (tests/reliability/, see docs/reliability.md): load, faults and hostile input against
# gunicorn, Celery, PostgreSQL and Redis really started and stopped, all on 127.0.0.1. The same set-up as
# `make test` in its own var/ (so both can run at once); every scenario is bounded; prints its figures.
RELIABILITY_ENV := $(TEST_ENV) PORTAL_VAR_DIR=$(CURDIR)/var/reliability EMAIL_FILE_PATH=$(CURDIR)/var/reliability/mail \
	CELERY_BEAT_SCHEDULE_FILENAME=$(CURDIR)/var/reliability/celerybeat-schedule RELIABILITY=1
RELIABILITY_ARGS ?=

reliability: setup
	rm -rf var/reliability
	$(RELIABILITY_ENV) timeout --kill-after=30 900 $(PY) -m carers_portal.embedded exec -- \
		$(PY) -m pytest tests/reliability -p no:cacheprovider -s -q $(RELIABILITY_ARGS)

# Known vulnerabilities in every locked Python package (pip-audit, PyPI's JSON API) and every npm package
# (npm audit), transitive ones included; needs the network. Says how many it really audited; fails (2) when
# any could not be audited, naming what it could not reach, and (1) when one has a known vulnerability.
AUDIT_ARGS ?=

audit: setup
	$(PY) deploy/audit.py --lock requirements-dev.lock $(AUDIT_ARGS)

clean:
	rm -rf $(VENV) $(LOCK_VENV) node_modules static/build staticfiles var $(LOCALE_MO)
