#!/usr/bin/env python3
"""Score ocrclean (and a plain line-joining baseline) on real-tool fixtures.

    python3 scripts/realtools/score.py [FOLDER] [--bin target/release/ocrclean] [--json] [--kind scrape]

FOLDER (default fixtures/realtools) holds INPUT.txt files each with INPUT.truth.json
(made by make_fixtures.py from the article itself). Python standard library only: no TeX,
Tesseract or PyMuPDF needed, so CI can run it.

All comparisons are on normalised text: NFKC, all whitespace removed, footnote marks
dropped (①, ➀/➊ and U+FFFD/U+FFFF, the forms the extractors give them).

Figures, per kind / extractor / column count, for the tool and for the baseline:

- body: share of the truth body characters (concatenated truth paragraphs, normalised)
  that are matched, in order, by characters of the output paragraphs (concatenated,
  normalised). The alignment: k-grams (k=6) unique in the truth are anchors wherever
  they occur in the output; the longest chain increasing in both texts is kept
  (patience-diff style, so a second copy of the text does not confuse it); gaps between
  anchors of up to 3,000 characters are aligned with difflib.
- present: the same share regardless of order: the truth paragraphs' 8-grams found
  anywhere in the output paragraphs (weighted by paragraph length). `body` well below
  `present` means text out of order (two columns interleaved).
- F1: paragraph-boundary F1. Truth boundaries are the offsets, in the concatenated truth
  body, where one truth paragraph ends and the next begins. Each output paragraph end is
  mapped through the alignment to a truth offset (after the truth character its last
  character matched, else before the one its next paragraph's first character matched;
  ends inside unmatched text, such as leaked furniture, map to nothing). An output
  boundary is right when it lands exactly on a truth boundary. Micro-averaged (TP, FP, FN
  summed over documents).
- leaks: furniture strings (running heads, page numbers as printed, the watermark) found
  in the paragraphs, over the furniture strings of the inputs. A running head or
  decorated page number counts when it occurs in the paragraphs more often than in the
  truth paragraphs; a plain page number only when a whole paragraph is that number; the
  watermark when a paragraph holds `ChinaAcademicJournal`, `PublishingHouse` or
  `cnki.net`.
- front_in / refs_in: share of the front matter (metadata values and first-page notes) and
  of the references whose 8-grams appear in the paragraphs (lower is better).
- fn: circled footnotes found (an output footnote whose text contains the truth text or
  has difflib ratio >= 0.8 with it); notes: first-page notes found, in the footnotes or in
  any metadata field.
- tables: truth tables matched by label (`表 1` = `表1`) or caption (ratio >= 0.8);
  cells: truth cells (header + rows) equal, after normalisation, to the output cell at
  the same row and column, over all truth cells.
- unacc: sum of `accounting.unaccounted` (the baseline does not account).

The baseline (`baseline()`, about 30 lines) joins printed lines until one ends a sentence
and knows nothing else; it has no footnotes or tables.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

MARKS = set("①②③④⑤⑥⑦⑧⑨⑩") | {chr(c) for c in range(0x2776, 0x2794)} | {"\ufffd", "\uffff"}


# middle dots: fonts map the printed `·` of `·101·` to any of these
DOTS = str.maketrans({c: "·" for c in "\u30fb\uff65\u2027\u2022\u22c5\u2219"})


def norm(s: str) -> str:
    s = "".join(ch for ch in (s or "") if ch not in MARKS)  # before NFKC, which makes ① a 1
    s = unicodedata.normalize("NFKC", s).translate(DOTS)
    return "".join(ch for ch in s if not ch.isspace())


# ---------------------------------------------------------------- the baseline
SENT_END = tuple("。！？!?")
CLOSERS = "”’」』）)" + "".join(sorted(MARKS))


def baseline(text: str) -> list:
    """Join printed lines until a line ends a sentence; blank lines also end paragraphs."""
    lines = []
    for line in text.replace("\r", "").replace("\f", "\n").split("\n"):
        # a body collapsed onto one line (scrapes): its spaces are the printed line ends
        lines.extend(line.split(" ") if len(line) > 500 else [line])
    paras, cur = [], ""
    for line in lines:
        line = line.strip()
        if not line:
            if cur:
                paras.append(cur)
            cur = ""
            continue
        if cur and cur[-1].isascii() and cur[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            cur += " "
        cur += line
        if cur.rstrip(CLOSERS).endswith(SENT_END):
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return paras


# ---------------------------------------------------------------- alignment
def _lis(pairs):
    """Longest chain of (i, j) strictly increasing in both (pairs sorted by j, then i)."""
    tails, tails_i, prev = [], [], [None] * len(pairs)
    for n, (i, j) in enumerate(pairs):
        k = bisect.bisect_left(tails_i, i)
        if k == len(tails):
            tails.append(n)
            tails_i.append(i)
        else:
            tails[k] = n
            tails_i[k] = i
        prev[n] = tails[k - 1] if k else None
    out, n = [], tails[-1] if tails else None
    while n is not None:
        out.append(pairs[n])
        n = prev[n]
    return out[::-1]


def align(t: str, o: str, k: int = 6, gap: int = 3000):
    """mt[i] = index in o matched to t[i] (or -1); mo likewise."""
    mt, mo = [-1] * len(t), [-1] * len(o)
    if not t or not o:
        return mt, mo
    first, count = {}, defaultdict(int)
    for i in range(len(t) - k + 1):
        g = t[i:i + k]
        count[g] += 1
        first.setdefault(g, i)
    occ = defaultdict(int)
    pairs = []
    for j in range(len(o) - k + 1):
        g = o[j:j + k]
        if count.get(g) == 1:
            occ[g] += 1
            if occ[g] <= 4:
                pairs.append((first[g], j))
    chain = _lis(pairs)
    # anchors → matched runs
    for i, j in chain:
        for d in range(k):
            if mt[i + d] < 0 and mo[j + d] < 0:
                mt[i + d], mo[j + d] = j + d, i + d
    # gaps between matched characters, aligned with difflib
    bounds = [(-1, -1)] + [(i, mt[i]) for i in range(len(t)) if mt[i] >= 0] + [(len(t), len(o))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        a, b = t[i0 + 1:i1], o[j0 + 1:j1]
        if not a or not b or len(a) + len(b) > gap:
            continue
        for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            for d in range(blk.size):
                mt[i0 + 1 + blk.a + d] = j0 + 1 + blk.b + d
                mo[j0 + 1 + blk.b + d] = i0 + 1 + blk.a + d
    return mt, mo


def boundaries(paras):
    out, pos = [], 0
    for p in paras:
        pos += len(p)
        out.append(pos)
    return out


def body_scores(truth_paras, out_paras):
    tp_ = [norm(p) for p in truth_paras if norm(p)]
    op_ = [norm(p) for p in out_paras if norm(p)]
    t, o = "".join(tp_), "".join(op_)
    mt, mo = align(t, o)
    matched = sum(1 for x in mt if x >= 0)
    tb = set(boundaries(tp_)[:-1])
    ob = set()
    for e in boundaries(op_)[:-1]:
        if mo[e - 1] >= 0:
            ob.add(mo[e - 1] + 1)
        elif e < len(o) and mo[e] >= 0:
            ob.add(mo[e])
    ob = {b for b in ob if 0 < b < len(t)}
    tp = len(ob & tb)
    return {"body_chars": len(t), "body_matched": matched, "tp": tp, "fp": len(ob) - tp, "bfn": len(tb) - tp}


# ---------------------------------------------------------------- other figures
def grams(s, n=8):
    return {s[i:i + n] for i in range(max(1, len(s) - n + 1))}


def share_in(items, paras, joined=False):
    """(chars of items found in paragraphs, chars of items): by 8-gram coverage; `joined`
    takes the grams of the paragraphs concatenated (so a split inside an item still counts)."""
    pg = set()
    for p in (["".join(norm(p) for p in paras)] if joined else paras):
        pg |= grams(norm(p))
    found = total = 0
    for it in items:
        s = norm(it)
        if len(s) < 5:
            continue
        g = grams(s)
        found += len(s) * len(g & pg) / len(g)
        total += len(s)
    return found, total


def leaks(truth, paras):
    joined = "".join(norm(p) for p in paras)
    tjoined = "".join(norm(p) for p in truth.get("paragraphs", []))
    nparas = [norm(p) for p in paras]
    leaked = []
    kinds = truth.get("furniture_kinds") or ["running_head"] * len(truth.get("furniture", []))
    for f, kind in zip(truth.get("furniture", []), kinds):
        s = norm(f)
        if not s:
            continue
        if kind == "watermark":
            hit = any(re.search(r"(?i)chinaacademicjournal|publishinghouse|cnki\.net", p) for p in nparas)
        elif kind == "page_number" and s.isdigit():
            hit = s in nparas
        else:
            hit = joined.count(s) > tjoined.count(s)
        if hit:
            leaked.append(f)
    return leaked


def similar(a, b, r=0.8):
    if not a or not b:
        return False
    if a in b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= r


def footnote_scores(truth, doc):
    outs = [norm(f.get("text", "")) for f in doc.get("footnotes", [])]
    md = doc.get("metadata") or {}
    meta = [norm(v if isinstance(v, str) else "".join(v)) for v in md.values()]
    fn = [norm(f["text"]) for f in truth.get("footnotes", [])]
    notes = [norm(n["text"]) for n in truth.get("first_page_notes", [])]
    fn_found = sum(1 for f in fn if any(similar(f, o) for o in outs))
    notes_found = sum(1 for n in notes if any(similar(n, o) for o in outs + meta))
    return len(fn), fn_found, len(notes), notes_found


def label_norm(s):
    return norm(s).replace("表", "表")


def table_scores(truth, doc):
    outs = doc.get("tables", []) or []
    n = found = cells = right = 0
    for t in truth.get("tables", []):
        n += 1
        grid = [t["header"]] + t["rows"]
        cells += sum(len(r) for r in grid)
        match = None
        for o in outs:
            if label_norm(o.get("label", "")) == label_norm(t["label"]) or similar(norm(t["caption"]), norm(o.get("caption", ""))):
                match = o
                break
        if match is None:
            continue
        found += 1
        og = ([match.get("header")] if match.get("header") else []) + (match.get("rows") or [])
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if r < len(og) and c < len(og[r]) and norm(og[r][c]) == norm(cell):
                    right += 1
    return n, found, cells, right


def front_items(truth):
    md = truth.get("metadata") or {}
    items = []
    for k, v in md.items():
        if k in ("journal", "year", "issue", "document_code"):
            continue
        items.extend(v if isinstance(v, list) else [v])
    items += [n["text"] for n in truth.get("first_page_notes", [])]
    return items


def score_doc(truth, doc, paras):
    s = body_scores(truth.get("paragraphs", []), paras)
    fur = truth.get("furniture", [])
    s["furniture"] = len(fur)
    s["leaked"] = leaks(truth, paras)
    s["present_found"], s["present_chars"] = share_in(truth.get("paragraphs", []), paras, joined=True)
    s["front_found"], s["front_chars"] = share_in(front_items(truth), paras)
    s["refs_found"], s["refs_chars"] = share_in(truth.get("references", []), paras)
    if doc is not None:
        s["fn"], s["fn_found"], s["notes"], s["notes_found"] = footnote_scores(truth, doc)
        s["tables"], s["tables_found"], s["cells"], s["cells_right"] = table_scores(truth, doc)
        s["unaccounted"] = (doc.get("accounting") or {}).get("unaccounted", 0)
    else:
        s["fn"], s["fn_found"], s["notes"], s["notes_found"] = len(truth.get("footnotes", [])), 0, len(truth.get("first_page_notes", [])), 0
        s["tables"], s["tables_found"], s["cells"], s["cells_right"] = len(truth.get("tables", [])), 0, sum(len(t["rows"]) + 1 for t in truth.get("tables", [])), 0
        s["unaccounted"] = 0
    s["leaks"] = len(s["leaked"])
    return s


# ---------------------------------------------------------------- running and reporting
def run_tool(binary, files, timeout):
    t0 = time.time()
    p = subprocess.run([binary, "--jsonl", *map(str, files)], capture_output=True, timeout=timeout)
    docs = []
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line:
            docs.append(json.loads(line))
    return docs, time.time() - t0, p.returncode


SUMS = ["body_chars", "body_matched", "present_found", "present_chars", "tp", "fp", "bfn", "furniture", "leaks", "front_found", "front_chars",
        "refs_found", "refs_chars", "fn_found", "notes", "notes_found", "tables", "tables_found", "cells",
        "cells_right", "unaccounted"]


def summarise(rows):
    agg = {k: sum(r.get(k, 0) for r in rows) for k in SUMS}
    agg["fn_total"] = sum(r.get("fn", 0) for r in rows)
    tp, fp, fn = agg["tp"], agg["fp"], agg["bfn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0

    def q(a, b):
        return round(a / b, 3) if b else None
    return {
        "docs": len(rows),
        "body": q(agg["body_matched"], agg["body_chars"]),
        "present": q(agg["present_found"], agg["present_chars"]),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "precision": round(p, 3), "recall": round(r, 3),
        "leaks": agg["leaks"], "furniture": agg["furniture"],
        "front_in": q(agg["front_found"], agg["front_chars"]),
        "refs_in": q(agg["refs_found"], agg["refs_chars"]),
        "fn": f"{agg['fn_found']}/{agg['fn_total']}", "notes": f"{agg['notes_found']}/{agg['notes']}",
        "tables": f"{agg['tables_found']}/{agg['tables']}", "cells": q(agg["cells_right"], agg["cells"]),
        "unaccounted": agg["unaccounted"],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default="fixtures/realtools")
    ap.add_argument("--bin", default="target/release/ocrclean")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--kind", default="", help="only this kind (text_export, ocr_engine, scrape)")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--dump", default="", help="write the tool's JSON and the baseline's paragraphs per input here")
    ap.add_argument("--check", default="", help="a JSON file of floors per group (f1, body, leak share, "
                    "footnotes and first-page notes found, as shares, "
                    "ahead of the baseline); exit 1 naming every group under its floor")
    args = ap.parse_args()
    folder = Path(args.folder)
    inputs = []
    for tfile in sorted(folder.glob("*.truth.json")):
        txt = tfile.with_name(tfile.name[: -len(".truth.json")] + ".txt")
        tr = json.loads(tfile.read_text(encoding="utf-8"))
        if txt.exists() and (not args.kind or tr.get("kind") == args.kind):
            inputs.append((txt, tr))
    if not inputs:
        sys.exit(f"no fixtures with truths in {folder}")
    docs, secs, rc = run_tool(args.bin, [t for t, _ in inputs], args.timeout)
    if len(docs) != len(inputs):
        sys.exit(f"{args.bin} gave {len(docs)} documents for {len(inputs)} inputs (exit {rc})")
    per_doc, groups = [], defaultdict(lambda: {"tool": [], "baseline": []})
    errors = defaultdict(int)
    for (txt, tr), doc in zip(inputs, docs):
        key = f"{tr['kind']}/{tr['extractor']}/{tr['columns']}col"
        if "error" in doc:
            errors[key] += 1
            tool = score_doc(tr, None, [])
            tool["error"] = doc["error"]
        else:
            tool = score_doc(tr, doc, doc.get("paragraphs", []))
        bparas = baseline(txt.read_text(encoding="utf-8"))
        base = score_doc(tr, None, bparas)
        if args.dump:
            d = Path(args.dump)
            d.mkdir(parents=True, exist_ok=True)
            stem = txt.name[:-4]
            (d / f"{stem}.tool.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
            (d / f"{stem}.baseline.txt").write_text("\n\n".join(bparas) + "\n", encoding="utf-8")
        per_doc.append({"input": txt.name, "group": key, "tool": tool, "baseline": base})
        for g in (key, f"{tr['kind']}/{tr['extractor']}", tr["kind"], "all"):
            groups[g]["tool"].append(tool)
            groups[g]["baseline"].append(base)
    result = {"folder": str(folder), "binary": args.bin, "inputs": len(inputs), "tool_seconds": round(secs, 2),
              "groups": {g: {"tool": summarise(v["tool"]), "baseline": summarise(v["baseline"]),
                             "errors": sum(n for k, n in errors.items() if k.startswith(g) or g == "all")}
                         for g, v in sorted(groups.items())},
              "documents": per_doc}
    if args.check:
        sys.exit(check(result, json.loads(Path(args.check).read_text(encoding="utf-8"))))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    cols = ["docs", "body", "present", "f1", "leaks", "front_in", "refs_in", "fn", "notes", "tables", "cells", "unaccounted"]
    print(f"{len(inputs)} inputs from {folder}; {args.bin} took {secs:.1f}s (exit {rc}). Each cell: tool | baseline.")
    w = max(len(g) for g in result["groups"]) + 2
    print("group".ljust(w) + "".join(c.rjust(15) for c in cols) + "  errors")
    for g, v in result["groups"].items():
        cells = []
        for c in cols:
            a, b = v["tool"][c], v["baseline"][c]
            if c == "leaks":
                a, b = f"{a}/{v['tool']['furniture']}", f"{b}"
            cells.append(f"{a}|{b}" if c not in ("docs", "tables", "cells", "unaccounted") else f"{a}")
        print(g.ljust(w) + "".join(x.rjust(15) for x in cells) + f"  {v['errors']}")


def share(found_of):
    """`found/total` as a share (1.0 when there is nothing to find)."""
    found, total = (int(x) for x in found_of.split("/"))
    return found / total if total else 1.0


def check(result, floors):
    """Compares the groups with their floors; returns the exit status (0 all hold)."""
    failures = []
    for group, floor in floors.items():
        if group.startswith("_"):
            continue
        g = result["groups"].get(group)
        if g is None:
            failures.append(f"{group}: no such group")
            continue
        tool, base = g["tool"], g["baseline"]
        leak_share = tool["leaks"] / max(1, tool["furniture"])
        tests = [
            ("errors", g["errors"] == 0, g["errors"]),
            ("unaccounted", tool["unaccounted"] == 0, tool["unaccounted"]),
            ("f1", tool["f1"] >= floor.get("f1", 0.0), tool["f1"]),
            ("body", tool["body"] >= floor.get("body", 0.0), tool["body"]),
            ("leak share", leak_share <= floor.get("leaks", 1.0), round(leak_share, 3)),
            ("cells", tool["cells"] >= floor.get("cells", 0.0), tool["cells"]),
            ("front matter in the paragraphs", tool["front_in"] <= floor.get("front_in", 1.0), tool["front_in"]),
            ("references in the paragraphs", (tool["refs_in"] or 0.0) <= floor.get("refs_in", 1.0), tool["refs_in"]),
            ("footnotes", share(tool["fn"]) >= floor.get("footnotes", 0.0), tool["fn"]),
            ("first-page notes", share(tool["notes"]) >= floor.get("notes", 0.0), tool["notes"]),
        ]
        if floor.get("ahead_of_baseline"):
            tests.append(("f1 ahead of the baseline", tool["f1"] > base["f1"], f"{tool['f1']} vs {base['f1']}"))
            tests.append(("leaks under the baseline's", tool["leaks"] < base["leaks"], f"{tool['leaks']} vs {base['leaks']}"))
        for name, ok, value in tests:
            if not ok:
                failures.append(f"{group}: {name} {value} (floor {floor})")
    for f in failures:
        print("UNDER FLOOR", f)
    checked = sum(1 for g in floors if not g.startswith("_"))
    print(f"realtools: {checked} groups checked, {len(failures)} under their floors")
    return 1 if failures else 0


if __name__ == "__main__":
    main()
