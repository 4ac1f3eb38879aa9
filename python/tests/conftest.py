"""Shared fixtures: the repository root, the CLI binary, generated pages.

The CLI (`target/release/ocrclean`) and the page generator (`target/release/gen_pages`)
are built with cargo when missing; `OCRCLEAN_BIN` / `GEN_PAGES_BIN` point elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "fixtures/000_a449235f6b97e50b.txt"


def _binary(env: str, name: str, cargo_args: List[str]) -> Path:
    given = os.environ.get(env)
    if given:
        return Path(given)
    path = ROOT / "target" / "release" / name
    if not path.exists():
        cargo = shutil.which("cargo")
        if cargo is None:
            pytest.skip(f"{path} is missing and cargo is not on PATH to build it")
        subprocess.run([cargo, "build", "--release", "--quiet", *cargo_args], cwd=ROOT, check=True)
    return path


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> Path:
    """The ocrclean command, built in release if needed."""
    return _binary("OCRCLEAN_BIN", "ocrclean", ["--bin", "ocrclean"])


@pytest.fixture(scope="session")
def gen_pages() -> Path:
    return _binary("GEN_PAGES_BIN", "gen_pages", ["-p", "ocrclean-synth", "--bin", "gen_pages"])


def run_jsonl(cli: Path, *inputs: str, cwd: Path = ROOT, jobs: int = 2) -> List[Dict]:
    """`ocrclean --jsonl --quiet INPUT…` parsed, one dict per converted page (in order);
    the stream's lines for failed inputs (`{"source", "error"}`) are left out."""
    done = subprocess.run(
        [str(cli), "--jsonl", "--quiet", "--jobs", str(jobs), *inputs],
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    return [doc for doc in lines if "error" not in doc]


def generate(gen_pages: Path, folder: Path, count: int, seed: int) -> List[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(gen_pages), str(folder), str(count), str(seed)], check=True)
    return sorted(folder.glob("page_*.txt"))


@pytest.fixture(scope="session")
def pages(gen_pages: Path, tmp_path_factory: pytest.TempPathFactory) -> List[Path]:
    """60 generated pages (seed 4242)."""
    return generate(gen_pages, tmp_path_factory.mktemp("pages"), 60, 4242)
