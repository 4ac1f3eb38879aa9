#!/usr/bin/env python3
"""convert_many vs a Python loop of convert vs the CLI, on the same generated pages.

    python python/bench_convert_many.py                  # 2000 pages, jobs 2, median of 3
    python python/bench_convert_many.py --pages 5000 --jobs 4 --runs 5

Generates pages with ``target/release/gen_pages`` (built with cargo if missing), reads
them into memory, then times, interleaved (the order rotates each round so that machine
noise hits every figure alike):

- ``convert_many(items, jobs=J)``: one call, GIL released, J threads;
- a Python loop ``[convert(data, source) for source, data in items]`` (one core);
- ``ocrclean --jsonl --quiet --jobs J DIR > /dev/null`` (reads the files itself, writes
  the JSON lines; page cache warm).

Both Python figures include turning each JSON document into a dict (``json.loads``, under
the GIL); the CLI only writes the JSON. Prints the medians, the ratios and the targets
(convert_many ≥ 1.7× the loop with 2 jobs; within 1.3× of the CLI), plus CPU time per wall
second of each figure and the load average, so a run on a busy machine shows itself.
Exit status 0 whatever the figures (it measures, it does not judge); 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as `python python/bench_convert_many.py`, this folder would be sys.path[0] and its
# source folder ocrclean/ (without the compiled module) would shadow the installed package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
import ocrclean  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def binary(name: str, cargo_args: list) -> Path:
    path = ROOT / "target" / "release" / name
    if not path.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet", *cargo_args], cwd=ROOT, check=True)
    return path


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(fn):
    """(wall seconds, CPU seconds of this process and its children) of fn()."""
    cpu0 = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    fn()
    wall = time.perf_counter() - t0
    cpu = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN) - cpu0
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240)
    parser.add_argument("--cli", type=Path, help="the ocrclean binary (default target/release)")
    args = parser.parse_args()
    if min(args.pages, args.jobs, args.runs) < 1:
        print("bench: --pages, --jobs and --runs must be at least 1", file=sys.stderr)
        return 2

    cli = args.cli or binary("ocrclean", ["--bin", "ocrclean"])
    gen = binary("gen_pages", ["-p", "ocrclean-synth", "--bin", "gen_pages"])
    tmp = Path(tempfile.mkdtemp(prefix="ocrclean-pybench."))
    try:
        folder = tmp / "pages"
        subprocess.run([str(gen), str(folder), str(args.pages), str(args.seed)], check=True)
        paths = sorted(folder.glob("page_*.txt"))
        items = [(str(p), p.read_bytes()) for p in paths]
        megabytes = sum(len(d) for _, d in items) / 1e6

        # correctness first: the three agree (and it warms the page cache and the code)
        many = ocrclean.convert_many(items, jobs=args.jobs)
        assert many == [ocrclean.convert(d, s) for s, d in items[:50]] + many[50:]
        out = subprocess.run(
            [str(cli), "--jsonl", "--quiet", "--jobs", str(args.jobs), str(folder)],
            capture_output=True,
            check=True,
        )
        assert len(out.stdout.splitlines()) == len(items) == len(many)
        del many, out

        def run_many():
            ocrclean.convert_many(items, jobs=args.jobs)

        def run_loop():
            convert = ocrclean.convert
            [convert(data, source) for source, data in items]

        def run_cli():
            with open(os.devnull, "wb") as devnull:
                subprocess.run(
                    [str(cli), "--jsonl", "--quiet", "--jobs", str(args.jobs), str(folder)],
                    stdout=devnull,
                    check=True,
                )

        contenders = [
            (f"convert_many(jobs={args.jobs})", run_many),
            ("loop of convert", run_loop),
            (f"ocrclean --jsonl --jobs {args.jobs}", run_cli),
        ]
        walls = {name: [] for name, _ in contenders}
        cpus = {name: [] for name, _ in contenders}
        loads = []
        for r in range(args.runs):
            rotated = contenders[r % 3 :] + contenders[: r % 3]
            for name, fn in rotated:
                wall, cpu = timed(fn)
                walls[name].append(wall)
                cpus[name].append(cpu)
            loads.append(os.getloadavg()[0])

        print(
            f"{len(items)} generated pages ({megabytes:.1f} MB), {args.runs} interleaved runs, "
            f"{os.cpu_count()} cores, load average after each round: "
            + ", ".join(f"{x:.2f}" for x in loads)
        )
        med = {name: statistics.median(w) for name, w in walls.items()}
        for name, _ in contenders:
            cpu_per_wall = statistics.median(c / w for c, w in zip(cpus[name], walls[name]))
            print(
                f"  {name:<28} median {med[name]:7.3f} s  {len(items) / med[name]:8.0f} pages/s"
                f"  (runs: {', '.join(f'{w:.3f}' for w in walls[name])}; "
                f"CPU/wall {cpu_per_wall:.2f})"
            )
        many_name, loop_name, cli_name = (name for name, _ in contenders)
        speedup = med[loop_name] / med[many_name]
        vs_cli = med[many_name] / med[cli_name]
        ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
        print(
            f"convert_many vs loop: {speedup:.2f}x faster (target >= 1.7x with 2 jobs: "
            f"{ok(speedup >= 1.7)})"
        )
        print(
            f"convert_many vs CLI:  {vs_cli:.2f}x the CLI's time (target <= 1.3x: "
            f"{ok(vs_cli <= 1.3)})"
        )
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
