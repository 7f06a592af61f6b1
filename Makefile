.PHONY: test lint bench demo run
test:
	pytest
lint:
	ruff check . && ruff format --check . && mypy
bench:
	for b in benchmarks/bench_*.py; do python $$b || exit 1; done
demo:
	python -m etl demo
run:
	streamlit run dashboard.py
