#!/usr/bin/env bash
# All the tests, from a fresh checkout: the Rust workspace (unit, integration, doc tests,
# fixtures through `ocrclean verify`, generated pages), then the Python package and the
# Spark job (scripts/python-tests.sh makes .venv and installs what they need from PyPI).
# CI (.ci/run) runs exactly this, after cargo fmt --check and cargo clippy -D warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace
scripts/python-tests.sh
