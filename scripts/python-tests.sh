#!/usr/bin/env bash
# The Python package's tests, from a fresh machine: run from anywhere in the repository.
#
#   scripts/python-tests.sh              # venv, installs, build, pytest python/tests
#   scripts/python-tests.sh -k spark     # extra arguments go to pytest
#
# What it does:
#   1. creates .venv at the repository root (gitignored) unless it exists;
#   2. pip installs maturin, pytest, pandas, pyarrow and pyspark into it (from PyPI);
#   3. builds target/release/ocrclean and target/release/gen_pages (cargo, release; a no-op
#      when they are up to date) — the tests compare with the CLI's --jsonl output;
#   4. pip installs ./python (maturin builds the extension in python/target);
#   5. runs pytest python/tests with JAVA_HOME set to a Java 17+ (for the Spark test).
#
# Exit status: pytest's when it ran tests and all passed or xfailed (0); 1 when a test
# failed, when pytest collected no tests (pytest's exit 5), or when a test was skipped
# (the Spark test skips without pyspark or Java: here both are meant to be present; set
# ALLOW_SKIP=1 to accept skips); non-zero when a setup step fails.
#
# Settings (environment): PYTHON (the interpreter making the venv, default python3, needs
# ≥ 3.9), VENV (default .venv), CARGO (default cargo), JAVA_HOME (default: found),
# ALLOW_SKIP=1. Needs: Python with venv, a Rust toolchain, Java 17+, PyPI and crates.io.
# About 2 minutes of building on 2 cores from clean (the CLI and the extension), plus the
# downloads (pyspark is ~0.4 GB), plus ~1 minute of tests.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-$ROOT/.venv}"
CARGO="${CARGO:-cargo}"
step() { printf '== %s\n' "$*" >&2; }

# 1. the virtual environment
if [[ ! -x "$VENV/bin/python" ]]; then
    step "creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
export PATH="$VENV/bin:$PATH"  # the maturin build backend runs the `maturin` command
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 9))' \
    || { echo "python-tests.sh: $PY is older than 3.9" >&2; exit 2; }

# 2. the tools (pyspark 4 wants pandas < 3: "PySpark does not yet fully support pandas >= 3")
step "pip install maturin pytest pandas pyarrow pyspark"
"$PY" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.5,<2" pytest "pandas<3" pyarrow "pyspark>=3.5,<5"

# 3. the CLI and the page generator the tests compare with and generate pages with
step "cargo build --release (ocrclean, gen_pages)"
"$CARGO" build --release --quiet --bin ocrclean
"$CARGO" build --release --quiet -p ocrclean-synth --bin gen_pages

# 4. the package itself, rebuilt from this checkout every time
step "pip install ./python"
"$PY" -m pip install --quiet --disable-pip-version-check --no-build-isolation \
    --force-reinstall --no-deps ./python

# 5. Java for Spark: JAVA_HOME as set, else the `java` on PATH, else a JDK 17+ in /usr/lib/jvm
java_major() {  # prints the major version of the java binary $1, or nothing
    "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME:-}/bin/java" ]]; then
    unset JAVA_HOME
    candidates=()
    if command -v java >/dev/null; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for jdk in /usr/lib/jvm/*17* /usr/lib/jvm/*21* /usr/lib/jvm/*; do
        [[ -x "$jdk/bin/java" ]] && candidates+=("$jdk")
    done
    for jdk in "${candidates[@]}"; do
        major="$(java_major "$jdk/bin/java")"
        if [[ -n "$major" && "$major" -ge 17 ]]; then
            export JAVA_HOME="$jdk"
            break
        fi
    done
fi
if [[ -n "${JAVA_HOME:-}" ]]; then
    export PATH="$JAVA_HOME/bin:$PATH"
    step "JAVA_HOME=$JAVA_HOME (java $(java_major "$JAVA_HOME/bin/java"))"
else
    step "no Java 17+ found: the Spark test will be skipped"
fi

# 6. the tests
step "pytest python/tests"
log="$(mktemp "${TMPDIR:-/tmp}/ocrclean-pytest.XXXXXX")"
trap 'rm -f "$log"' EXIT
set +e
"$PY" -m pytest python/tests -q -rsx -p no:cacheprovider "$@" 2>&1 | tee "$log"
status="${PIPESTATUS[0]}"
set -e
summary="$(tail -n 1 "$log")"
if [[ "$status" == 5 ]]; then
    echo "python-tests.sh: pytest collected no tests: that is a failure" >&2
    exit 1
fi
if [[ "$status" != 0 ]]; then
    exit 1
fi
if [[ "$summary" == *skipped* && "${ALLOW_SKIP:-0}" != 1 ]]; then
    echo "python-tests.sh: some tests were skipped (see the reasons above); ALLOW_SKIP=1 accepts that" >&2
    exit 1
fi
if [[ "$summary" != *passed* ]]; then
    echo "python-tests.sh: no test passed ($summary)" >&2
    exit 1
fi
