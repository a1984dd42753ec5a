# The two commands a newcomer needs:
#   make run    install everything, prepare the database and demo data, serve http://127.0.0.1:5000
#               with the job scheduler in the same process
#   make test   install the test tools (and Chromium), lint, and run the suite on SQLite and PostgreSQL

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

# `make run STRIPE=local` also starts localstripe (a fake Stripe) on 127.0.0.1:8420,
# so that card pledges can be tried with test cards (4242 4242 4242 4242).
STRIPE ?=
LOCALSTRIPE_PORT ?= 8420
ifeq ($(STRIPE),local)
export STEDSKAPING_STRIPE_SECRET_KEY := sk_test_local
export STEDSKAPING_STRIPE_PUBLISHABLE_KEY := pk_test_local
export STEDSKAPING_STRIPE_WEBHOOK_SECRET := whsec_local
export STEDSKAPING_STRIPE_API_BASE := http://127.0.0.1:$(LOCALSTRIPE_PORT)
export STEDSKAPING_STRIPE_JS_URL := http://127.0.0.1:$(LOCALSTRIPE_PORT)/js.stripe.com/v3/
RUN_PREFIX = $(BIN)/pip install --quiet 'localstripe>=1.15,<2' && \
	$(BIN)/python scripts/localstripe_server.py $(LOCALSTRIPE_PORT) \
	http://$(HOST):$(PORT)/stripe/webhook whsec_local & LS=$$!; trap "kill $$LS" EXIT;
endif

.PHONY: run test install install-test lint translations clean

run: install instance/config.py
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo
	$(RUN_PREFIX) $(BIN)/flask serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/ruff check .
	scripts/run-tests

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

$(VENV)/.installed: setup.cfg pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Compiled catalogues (.mo) are build products, made from the .po files here.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d stedskaping/translations 2>&1 | tail -n 1

# A development secret, written once; production sets STEDSKAPING_SECRET_KEY instead.
instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print('SECRET_KEY = %r' % secrets.token_hex(32))" > $@

lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache
