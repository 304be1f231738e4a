SHELL := /bin/bash
PY ?= python3
UV := .tools/bin/uv
VENV := .venv

.PHONY: install run test demo clean lint bench image

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install -q "uv>=0.5,<1"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock $(wildcard libs/*/pyproject.toml services/*/pyproject.toml)
	$(UV) sync --frozen --all-packages --python $(PY)
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/residency-stack run --data-dir .data

test: lint
	$(VENV)/bin/pytest -q -p no:cacheprovider

demo: install
	$(VENV)/bin/python -m residency_devstack.demo

bench: install
	$(VENV)/bin/python benchmarks/documents_bench.py

lint: install
	$(VENV)/bin/ruff check libs services tests
	$(VENV)/bin/mypy

image: install
	deploy/image/build.sh

clean:
	rm -rf .data
