# Two commands: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export FLASK_APP := wsgi

.PHONY: run test install assets db bench lint format clean

run: install assets db
	$(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

test: install assets
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench: install assets
	$(BIN)/python -m bench

lint:
	$(BIN)/ruff check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

install: $(VENV)/.installed

# Reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

assets: node_modules/.package-lock.json survey_app/static/dist/manifest.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# GOV.UK Frontend's Sass compiled with the council's brand, its right-to-left mirror,
# fingerprinted and precompressed for WhiteNoise, and the interface translations compiled
# (.po to .mo) for Flask-Babel (survey_app/static_build.py).
BRAND_SOURCES := survey_app/brand.yaml survey_app/static/css/app.css \
	survey_app/static/js/init.mjs survey_app/static/brand/favicon.svg survey_app/static_build.py \
	$(wildcard survey_app/translations/*/LC_MESSAGES/messages.po)
survey_app/static/dist/manifest.json: node_modules/.package-lock.json $(BRAND_SOURCES) | install
	$(BIN)/python -m survey_app.static_build

db: install
	$(BIN)/flask db upgrade
	$(BIN)/flask setup

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
