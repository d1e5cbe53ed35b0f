# align — make demo | make test | make bench | make lint
VENV   ?= .venv
PY     := $(VENV)/bin/python
ALIGN  := $(VENV)/bin/align
STAMP  := $(VENV)/.installed
DATA   ?= ../shared/data
# torch is pinned in the install step: this CPU build lies on disk here; a looser
# requirement would pull a multi-GB CUDA build.
TORCH  ?= torch==2.13.0

.PHONY: demo test bench lint install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "$(TORCH)"
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,ray]' "$(TORCH)"
	touch $(STAMP)

demo: $(STAMP)
	$(ALIGN) run corpora/kremlin -o out/demo --src-lang ru --tgt-lang en

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) scripts/bench_segment.py --data $(DATA)
	$(PY) scripts/bench_align.py --data $(DATA)
	$(PY) scripts/bench_score.py --data $(DATA)
	$(PY) scripts/bench_speed.py --data $(DATA)
	$(PY) scripts/bench_scale.py --data $(DATA)

lint: $(STAMP)
	$(VENV)/bin/ruff check align scripts tests
	$(VENV)/bin/mypy align

clean:
	rm -rf out build *.egg-info
