# The two commands a newcomer needs:
#   make run    install everything, prepare the database and demo data, serve http://127.0.0.1:5000
#   make test   install the test tools (and Chromium), lint, and run the suite on SQLite and PostgreSQL

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test install install-test lint translations clean

run: install instance/config.py
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

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
