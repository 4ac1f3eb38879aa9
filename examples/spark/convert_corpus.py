#!/usr/bin/env python3
"""Convert a folder of scraped pages with Spark and the ocrclean Python package.

    python examples/spark/convert_corpus.py INPUT_DIR OUTPUT_DIR [--master local[2]]
    spark-submit --master yarn --py-files ocrclean-*.whl examples/spark/convert_corpus.py \
        hdfs:///corpus/pages hdfs:///corpus/clean          (see README.md beside this file)

Reads every file under INPUT_DIR (recursively, with ``SparkContext.binaryFiles``), keeps
the ones whose name or relative path matches ``--glob`` (``*.txt``, as the CLI), converts
each partition with ``ocrclean.convert_many`` and writes two Parquet tables:

``OUTPUT_DIR/pages``: one row per page
    source      the page's path as ``ocrclean --jsonl INPUT_DIR`` records it: INPUT_DIR as
                given, joined with the path below it (``INPUT_DIR/sub/page.txt``);
                ``--relative-sources`` records ``sub/page.txt`` instead
    title       the running title, or null
    paragraphs  array<string>
    footnotes   array<struct<mark: string, text: string>>
    document    the whole document as JSON (``json.loads`` gives the CLI's dict)
    error       null, or why the page could not be converted (then the other columns are
                null); the CLI prints such a page as ``path: error`` on stderr

``OUTPUT_DIR/cells``: one row per table cell
    source, table_index (1 for the page's first table: ``STEM.table1.csv``), label,
    caption, confidence (``determined``/``content``/``guessed``), row (0 = the header,
    1… the body rows), column (from 0), text

Differences from walking the folder with the CLI: Hadoop skips files and folders whose
name starts with ``_`` or ``.``, and folders holding an ``ocrclean-report.jsonl`` (earlier
``--out`` folders) are not skipped. Rows are not in the CLI's order (sort by ``source``).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import sys
from typing import Iterable, Iterator, List, Optional, Tuple

PAGE_FIELDS = ("source", "title", "paragraphs", "footnotes", "document", "error")


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Convert a folder of scraped pages to Parquet (pages and table cells) "
        "with Spark and ocrclean."
    )
    parser.add_argument("input_dir", help="folder of pages (local path, file:, hdfs:, s3a: …)")
    parser.add_argument("output_dir", help="gets OUTPUT_DIR/pages and OUTPUT_DIR/cells")
    parser.add_argument(
        "--master",
        help="Spark master (local[2], yarn, spark://…); default: spark-submit's, else local[*]",
    )
    parser.add_argument("--glob", default="*.txt", help="which files are pages (default *.txt)")
    parser.add_argument(
        "--encoding", help="decode every page with this encoding instead of detecting it"
    )
    parser.add_argument(
        "--partitions",
        type=int,
        help="minimum partitions to convert in (default: spark.default.parallelism)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        help="threads per task for convert_many (default: spark.task.cpus, normally 1: "
        "Spark already runs one task per core)",
    )
    parser.add_argument(
        "--batch", type=int, default=256, help="pages per convert_many call (memory bound)"
    )
    parser.add_argument(
        "--relative-sources",
        action="store_true",
        help="record source as the path relative to INPUT_DIR",
    )
    parser.add_argument(
        "--mode", default="errorifexists", help="Parquet save mode (overwrite, errorifexists…)"
    )
    return parser.parse_args(argv)


def source_for(path: str, root_uri: str, input_dir: str, relative: bool) -> Tuple[str, str]:
    """(source, relative path) for a file URI from binaryFiles.

    ``root_uri`` is INPUT_DIR qualified the way Hadoop names the files under it
    (``file:/abs/dir``), so the relative path is what follows it. The source joins
    INPUT_DIR as given with the relative path as Rust's ``Path::join`` does, which is what
    the CLI records for a file found in a folder.
    """
    prefix = root_uri.rstrip("/") + "/"
    if path.startswith(prefix):
        rel = path[len(prefix):]
    else:  # not below the root as qualified (should not happen): keep the whole URI
        return path, path
    if relative:
        return rel, rel
    joined = input_dir + rel if input_dir.endswith("/") else input_dir + "/" + rel
    return joined, rel


def glob_matches(rel: str, glob: str) -> bool:
    """The CLI's rule: the glob matches the file name or the path below the folder."""
    name = rel.rsplit("/", 1)[-1]
    return fnmatch.fnmatchcase(name, glob) or fnmatch.fnmatchcase(rel, glob)


def page_rows(source: str, doc: dict) -> Tuple[tuple, list]:
    """The pages row and the cells rows of one convert_many result."""
    if "error" in doc and "paragraphs" not in doc:
        return (source, None, None, None, None, doc["error"]), []
    document = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    footnotes = [(f["mark"], f["text"]) for f in doc["footnotes"]]
    cells = []
    for index, table in enumerate(doc["tables"], start=1):
        head = (source, index, table["label"], table["caption"], table["confidence"])
        for row, cells_of_row in enumerate([table["header"], *table["rows"]]):
            for column, text in enumerate(cells_of_row):
                cells.append(head + (row, column, text))
    page = (source, doc["title"], doc["paragraphs"], footnotes, document, None)
    return page, cells


def import_ocrclean():
    """The ocrclean package on an executor: installed there, or shipped as a wheel.

    ``--py-files ocrclean-….whl`` ships the wheel to the executors (into the SparkFiles
    folder, or the YARN container's working folder) but does not put it on ``sys.path``
    (only .zip/.egg/.jar go there), and Python could not import a compiled module from a
    zip anyway; so a shipped wheel is unpacked next to itself once per executor
    (atomically: several Python workers may race) and imported from there.
    """
    try:
        import ocrclean

        return ocrclean
    except ImportError:
        pass
    import importlib
    import tempfile
    import zipfile

    import glob

    places = list(sys.path) + [os.getcwd()]
    try:
        from pyspark import SparkFiles

        places.append(SparkFiles.getRootDirectory())
    except Exception:  # not on an executor
        pass
    wheels = [p for p in places if os.path.basename(p).startswith("ocrclean-") and p.endswith(".whl")]
    for place in places:
        wheels += sorted(glob.glob(os.path.join(place or ".", "ocrclean-*.whl")))
    for entry in wheels:
        if not os.path.isfile(entry):
            continue
        unpacked = entry[: -len(".whl")] + ".unpacked"
        if not os.path.isdir(unpacked):
            scratch = tempfile.mkdtemp(prefix=".ocrclean-", dir=os.path.dirname(entry) or ".")
            with zipfile.ZipFile(entry) as wheel:
                wheel.extractall(scratch)
            try:
                os.rename(scratch, unpacked)
            except OSError:  # another worker was first
                import shutil

                shutil.rmtree(scratch, ignore_errors=True)
        sys.path.insert(0, unpacked)
        importlib.invalidate_caches()
        import ocrclean

        return ocrclean
    raise ImportError(
        "ocrclean is not installed on this executor: pip install the wheel on the workers "
        "or ship it with spark-submit --py-files ocrclean-<version>-cp39-abi3-<platform>.whl"
    )


def convert_partition(
    files: Iterable[Tuple[str, bytes]],
    root_uri: str,
    input_dir: str,
    glob: str,
    relative: bool,
    jobs: int,
    batch: int,
    encoding: Optional[str],
) -> Iterator[tuple]:
    """Pages of one partition → (page row, [cell rows]), converted ``batch`` at a time."""
    ocrclean = import_ocrclean()

    pending: List[Tuple[str, bytes]] = []

    def flush() -> Iterator[tuple]:
        docs = ocrclean.convert_many(pending, jobs=jobs, encoding=encoding)
        for (source, _), doc in zip(pending, docs):
            page, cells = page_rows(source, doc)
            yield page + (cells,)
        pending.clear()

    for path, content in files:
        source, rel = source_for(path, root_uri, input_dir, relative)
        if not glob_matches(rel, glob):
            continue
        pending.append((source, bytes(content)))
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()


def schemas():
    from pyspark.sql import types as T

    cell = T.StructType(
        [
            T.StructField("source", T.StringType(), False),
            T.StructField("table_index", T.IntegerType(), False),
            T.StructField("label", T.StringType(), True),
            T.StructField("caption", T.StringType(), True),
            T.StructField("confidence", T.StringType(), True),
            T.StructField("row", T.IntegerType(), False),
            T.StructField("column", T.IntegerType(), False),
            T.StructField("text", T.StringType(), True),
        ]
    )
    footnote = T.StructType(
        [T.StructField("mark", T.StringType(), True), T.StructField("text", T.StringType(), True)]
    )
    page = T.StructType(
        [
            T.StructField("source", T.StringType(), False),
            T.StructField("title", T.StringType(), True),
            T.StructField("paragraphs", T.ArrayType(T.StringType(), False), True),
            T.StructField("footnotes", T.ArrayType(footnote, False), True),
            T.StructField("document", T.StringType(), True),
            T.StructField("error", T.StringType(), True),
            T.StructField("_cells", T.ArrayType(cell, False), False),
        ]
    )
    return page, cell


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    if args.batch < 1 or (args.jobs is not None and args.jobs < 1):
        print("convert_corpus: --batch and --jobs must be at least 1", file=sys.stderr)
        return 2

    if "PYSPARK_GATEWAY_PORT" not in os.environ and (args.master or "local").startswith("local"):
        # Local mode started with plain `python`: the workers are this interpreter (the one
        # with ocrclean installed), not whatever `python3` is first on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    from pyspark import StorageLevel
    from pyspark.sql import SparkSession, functions as F

    builder = SparkSession.builder.appName("ocrclean-convert-corpus")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    try:
        hadoop_conf = sc._jsc.hadoopConfiguration()
        hadoop_conf.set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        jvm = sc._jvm
        root = jvm.org.apache.hadoop.fs.Path(args.input_dir)
        fs = root.getFileSystem(hadoop_conf)
        if not fs.exists(root):
            print(f"convert_corpus: {args.input_dir}: no such folder", file=sys.stderr)
            return 2
        root_uri = fs.makeQualified(root).toString()
        jobs = args.jobs or int(sc.getConf().get("spark.task.cpus", "1"))

        files = (
            sc.binaryFiles(args.input_dir, args.partitions)
            if args.partitions
            else sc.binaryFiles(args.input_dir)
        )
        # binaryFiles packs small files into few splits (often one for a whole folder of
        # pages): spread them over the cores when that leaves some idle.
        wanted = args.partitions or sc.defaultParallelism
        if files.getNumPartitions() < wanted:
            files = files.repartition(wanted)
        input_dir, glob, relative, batch, encoding = (
            args.input_dir,
            args.glob,
            args.relative_sources,
            args.batch,
            args.encoding,
        )
        rows = files.mapPartitions(
            lambda part: convert_partition(
                part, root_uri, input_dir, glob, relative, jobs, batch, encoding
            )
        )
        page_schema, _ = schemas()
        pages = spark.createDataFrame(rows, page_schema).persist(StorageLevel.MEMORY_AND_DISK)

        out = args.output_dir.rstrip("/")
        pages.drop("_cells").write.mode(args.mode).parquet(out + "/pages")
        cells = pages.select(F.explode("_cells").alias("c")).select("c.*")
        cells.write.mode(args.mode).parquet(out + "/cells")

        counts = pages.agg(
            F.count("*").alias("pages"),
            F.count("error").alias("errors"),
            F.sum(F.size("_cells")).alias("cells"),
        ).first()
        pages.unpersist()
        print(
            f"convert_corpus: {counts['pages']} pages ({counts['errors']} failed), "
            f"{counts['cells'] or 0} table cells → {out}/pages, {out}/cells",
            file=sys.stderr,
        )
        return 0
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
