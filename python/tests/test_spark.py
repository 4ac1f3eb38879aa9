"""examples/spark/convert_corpus.py in local[2] mode: every page and every table cell of
the CLI's --jsonl output is in its Parquet tables."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, generate, run_jsonl

try:
    import pyspark  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    pytest.skip(
        "pyspark is not importable (pip install pyspark; scripts/python-tests.sh does)",
        allow_module_level=True,
    )

pd = pytest.importorskip("pandas", reason="pandas reads the Parquet output")
pytest.importorskip("pyarrow", reason="pandas needs pyarrow to read Parquet")

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):  # pragma: no cover
    pytest.skip("Spark needs Java (17+): none on PATH and JAVA_HOME unset", allow_module_level=True)

SCRIPT = ROOT / "examples" / "spark" / "convert_corpus.py"


@pytest.fixture(scope="module")
def corpus(gen_pages, tmp_path_factory) -> Path:
    """~200 generated pages in nested folders, a bad page, and a file that is no page."""
    top = tmp_path_factory.mktemp("corpus")
    folder = top / "in"
    generate(gen_pages, folder / "2024", 120, 900)
    generate(gen_pages, folder / "2025" / "春 05", 80, 5000)  # a space and CJK in a path
    (folder / "2025" / "broken.txt").write_bytes(b"")
    (folder / "2025" / "notes.md").write_text("not a page\n")
    return folder


@pytest.fixture(scope="module")
def converted(corpus) -> Path:
    out = corpus.parent / "out"
    # The input folder as a relative path, as a user would type it, so that `source`
    # must be spelled exactly as the CLI spells it.
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "in", "out", "--master", "local[2]"],
        cwd=corpus.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    assert "201 pages (1 failed)" in done.stderr
    return out


def null(value):
    """None for a missing value (pandas may read a null string as None or NaN)."""
    return None if value is None or (isinstance(value, float) and value != value) else value


def cli_cells(docs):
    cells = set()
    for doc in docs:
        for index, table in enumerate(doc["tables"], start=1):
            for row, cells_of_row in enumerate([table["header"], *table["rows"]]):
                for column, text in enumerate(cells_of_row):
                    key = (doc["source"], index, table["label"], table["caption"])
                    cells.add(key + (table["confidence"], row, column, text))
    return cells


def test_spark_parquet_holds_every_page_and_cell_of_the_cli(cli, corpus, converted):
    expected = run_jsonl(cli, "in", cwd=corpus.parent)
    assert len(expected) == 200
    pages = pd.read_parquet(converted / "pages")
    cells = pd.read_parquet(converted / "cells")

    by_source = {row.source: row for row in pages.itertuples(index=False)}
    assert len(by_source) == len(pages) == 201  # 200 pages + the empty one
    broken = by_source.pop("in/2025/broken.txt")
    assert broken.error == "empty file" and null(broken.document) is None
    assert set(by_source) == {doc["source"] for doc in expected}
    for doc in expected:
        row = by_source[doc["source"]]
        assert null(row.error) is None
        assert json.loads(row.document) == doc
        assert null(row.title) == doc["title"]
        assert list(row.paragraphs) == doc["paragraphs"]
        assert [(f["mark"], f["text"]) for f in row.footnotes] == [
            (f["mark"], f["text"]) for f in doc["footnotes"]
        ]

    want = cli_cells(expected)
    assert len(want) > 1000, "the generated pages should carry tables"
    got = [tuple(r) for r in cells[
        ["source", "table_index", "label", "caption", "confidence", "row", "column", "text"]
    ].itertuples(index=False)]
    assert len(got) == len(set(got)) == len(want)
    assert set(got) == want
