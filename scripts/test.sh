#!/usr/bin/env bash
# All the tests, from a fresh checkout: the Rust workspace (unit, integration, doc tests,
# fixtures through `ocrclean verify`, generated pages), the real-tool fixtures' scores
# (scripts/realtools/score.py --check, Python standard library only), then the Python package and the
# Spark job (scripts/python-tests.sh makes .venv and installs what they need from PyPI).
# CI (.ci/run) runs exactly this, after cargo fmt --check and cargo clippy -D warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace
# The real-tool fixtures (typeset, extracted and OCR'd outside CI, committed as text):
# the scorer's own tests, then the tool against its floors beside the line-joining baseline.
python3 -m unittest scripts/realtools/test_score.py
python3 scripts/realtools/score.py fixtures/realtools --bin target/debug/ocrclean \
    --check scripts/realtools/floors.json
scripts/python-tests.sh
