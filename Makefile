SHELL := /bin/bash
PY ?= python3
UV := .tools/bin/uv
VENV := .venv
# checkov (security lint of the rendered Kubernetes manifests) pins hundreds of packages that
# clash with the project's: it lives in a venv of its own, used by tests/unit/deploy.
CHECKOV_VERSION := 3.3.30
CHECKOV := .tools/checkov/bin/checkov
# pytest's temporary files (the embedded stacks' data) stay in the checkout, so two test runs
# on one machine never clean up each other's directories.
PYTEST := $(VENV)/bin/pytest -q -p no:cacheprovider --basetemp=$(CURDIR)/.tmp/pytest

.PHONY: install run test demo clean lint bench image checkov k8s-check

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install -q "uv>=0.5,<1"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock $(wildcard libs/*/pyproject.toml services/*/pyproject.toml)
	$(UV) sync --frozen --all-packages --python $(PY)
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/residency-stack run --data-dir .data

test: lint $(CHECKOV)
	mkdir -p .tmp
	$(PYTEST)

demo: install
	$(VENV)/bin/python -m residency_devstack.demo

bench: install
	$(VENV)/bin/python benchmarks/documents_bench.py

lint: install
	$(VENV)/bin/ruff check libs services tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

image: install
	deploy/image/build.sh

clean:
	rm -rf .data


$(CHECKOV): | $(UV)
	$(UV) venv -q --python $(PY) .tools/checkov
	$(UV) pip install -q --python .tools/checkov/bin/python "checkov==$(CHECKOV_VERSION)"

checkov: $(CHECKOV)

k8s-check: install $(CHECKOV)
	mkdir -p .tmp
	$(PYTEST) tests/unit/deploy
