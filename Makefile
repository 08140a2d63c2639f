# Every target creates .venv itself, so a fresh clone needs nothing installed by hand.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean score

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/wirewatch demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -rs

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH)

score: $(STAMP)
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev --run '$(BIN)/wirewatch summarize' --verbose
	$(BIN)/python ../shared/eval/stories/score_stories.py ../shared/eval/stories/dev --run '$(BIN)/wirewatch cluster' --verbose

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
