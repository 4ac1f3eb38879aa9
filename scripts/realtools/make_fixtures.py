#!/usr/bin/env python3
"""Make test inputs for ocrclean with the real tools, each with a truth from the article.

    /work/venv-realtools/bin/python scripts/realtools/make_fixtures.py \
        --out fixtures/realtools --work /tmp/realtools-work [--one 8 --two 8 --ocr 8]

For each article (seeded, deterministic content; see content.py): XeLaTeX + ctex → PDF
(typeset.py); pdftotext plain / -layout / -raw and PyMuPDF → text-layer exports; each page
rendered with pdftoppm, degraded with Pillow and read by Tesseract chi_sim → OCR-engine
output of the article and one mirror-site scrape per page (the Tesseract reading of the
page followed by its `pdftotext -raw` text layer, whitespace collapsed, in the widgets of
fixtures/000_…). PDFs and images stay in --work; only texts and truths go to --out.
See scripts/realtools/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import content  # noqa: E402
import extract  # noqa: E402
import truth  # noqa: E402
import typeset  # noqa: E402

EXTRACTORS = ["pdftotext", "pdftotext-layout", "pdftotext-raw", "pymupdf"]
SCRAPE_HEAD = "正在加载图片...\n"
SCRAPE_TAIL = "\n<<向上翻页向下翻页>>\n©2008-现在 cucdc.com 高等教育资讯网 版权所有"


def write(out: Path, stem: str, text: str, tr: dict):
    (out / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
    (out / f"{stem}.truth.json").write_text(json.dumps(tr, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def dedupe(items):
    seen, out = set(), []
    for it in items:
        key = (it["kind"], it["text"])
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


def furniture_fields(items):
    items = dedupe(items)
    return {"furniture": [f["text"] for f in items], "furniture_kinds": [f["kind"] for f in items]}


def make_one(idx: int, seed: int, columns: int, args, out: Path, log) -> dict:
    t0 = time.time()
    a = content.make_article(seed, length=1 if columns == 1 else 2)
    style = typeset.pick_style(seed, columns)
    name = f"rt{idx:02d}-{columns}col"
    work = Path(args.work) / name
    pdf = typeset.compile_pdf(typeset.to_tex(a, style), work, name)
    t_tex = time.time() - t0
    npages = extract.page_count(pdf)
    base = {"generator": "scripts/realtools/make_fixtures.py", "seed": seed, "article": name,
            "pages": npages, "first_page": a.first_page}
    art = truth.article_truth(a, style)
    fur_text = [f for i in range(npages) for f in truth.furniture_of_page(a, style, i, for_ocr=False)]
    fur_ocr = [f for i in range(npages) for f in truth.furniture_of_page(a, style, i, for_ocr=True)]
    common = {"columns": columns, "style": style.describe()}

    # (a) text-layer exports, one per extractor
    mupdf_pages = extract.pymupdf_pages(pdf)
    texts = {
        "pdftotext": extract.pdftotext(pdf, "plain"),
        "pdftotext-layout": extract.pdftotext(pdf, "layout"),
        "pdftotext-raw": extract.pdftotext(pdf, "raw"),
        # PyMuPDF pages as a script writes them: form feeds between pages on even seeds, nothing on odd
        "pymupdf": ("\f" if seed % 2 == 0 else "").join(mupdf_pages),
    }
    for ex in EXTRACTORS:
        tr = {"source": dict(base, page=None), "kind": "text_export", "layout": "text_lines",
              "extractor": ex, **common, **art, **furniture_fields(fur_text)}
        write(out, f"{name}.{ex}", texts[ex], tr)

    # page images → Tesseract
    rng = random.Random(seed * 31 + 7)
    ocr_pages, damage = [], []
    t1 = time.time()
    for p in range(1, npages + 1):
        dpi = rng.choice([200, 240, 300])
        png = extract.render_page(pdf, p, dpi, work / f"page-{p}")
        wm = typeset.WATERMARK if style.watermark == "image" else None
        img, done = extract.degrade(png, rng, wm, dpi)
        done["dpi"] = dpi
        damage.append(done)
        ocr_pages.append(extract.tesseract(img))
    t_ocr = time.time() - t1

    # (b) OCR-engine output of the whole article (only for the articles chosen for it)
    if idx in args.ocr_set:
        markers = seed % 3 != 0
        if markers:
            body = "# Extracted Paper\n\n" + "\n".join(
                f"<!-- source_page: {i + 1} -->\n\n{t.strip()}\n" for i, t in enumerate(ocr_pages))
        else:
            body = "\n\n".join(t.strip() for t in ocr_pages) + "\n"
        tr = {"source": dict(base, page=None, page_markers=markers, damage=damage), "kind": "ocr_engine",
              "layout": "ocr_engine", "extractor": "tesseract", **common, **art, **furniture_fields(fur_ocr)}
        write(out, f"{name}.tesseract", body, tr)

    # (c) mirror-site scrapes, one per page: OCR reading, then the page's -raw text layer
    raw_pages = texts["pdftotext-raw"].split("\f")
    pts = truth.page_truths(a, style, mupdf_pages)
    nscr = 0
    for i in range(npages):
        if args.max_scrape_pages and i >= args.max_scrape_pages:
            break
        ocr = truth.collapse(ocr_pages[i])
        raw = truth.collapse(raw_pages[i] if i < len(raw_pages) else "")
        text = SCRAPE_HEAD + ocr + raw + SCRAPE_TAIL
        fur = truth.furniture_of_page(a, style, i, for_ocr=False) + truth.furniture_of_page(a, style, i, for_ocr=True)
        tr = {"source": dict(base, page=i + 1, printed_page=a.first_page + i, damage=damage[i]),
              "kind": "scrape", "layout": "scrape", "extractor": "tesseract+pdftotext-raw", **common,
              **pts[i], **furniture_fields(fur)}
        write(out, f"{name}.p{i + 1}.scrape", text, tr)
        nscr += 1
    info = {"name": name, "seed": seed, "columns": columns, "pages": npages, "scrapes": nscr,
            "locator_misses": pts[0]["locator_misses"] if pts else 0,
            "tex_s": round(t_tex, 1), "ocr_s": round(t_ocr, 1), "total_s": round(time.time() - t0, 1)}
    log(json.dumps(info, ensure_ascii=False))
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="fixtures/realtools")
    ap.add_argument("--work", default="/tmp/realtools-work")
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--one", type=int, default=8, help="one-column articles")
    ap.add_argument("--two", type=int, default=8, help="two-column articles")
    ap.add_argument("--ocr", type=int, default=8, help="articles also written as whole-article Tesseract output")
    ap.add_argument("--only", type=str, default="", help="comma-separated article indexes to (re)make")
    ap.add_argument("--max-scrape-pages", type=int, default=0, help="scrape pages per article (0: all)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plan = [(i, 1) for i in range(args.one)] + [(args.one + i, 2) for i in range(args.two)]
    # OCR-engine articles: alternate one- and two-column ones
    ones = [i for i, c in plan if c == 1]
    twos = [i for i, c in plan if c == 2]
    args.ocr_set = set((ones[: (args.ocr + 1) // 2] + twos[: args.ocr // 2]))
    only = {int(x) for x in args.only.split(",") if x}
    (out / "VERSIONS.txt").write_text(extract.versions(), encoding="utf-8")
    infos = []
    for idx, cols in plan:
        if only and idx not in only:
            continue
        infos.append(make_one(idx, args.seed + idx, cols, args, out, lambda s: print(s, flush=True)))
    print(json.dumps({"articles": len(infos), "pages": sum(i["pages"] for i in infos),
                      "seconds": round(sum(i["total_s"] for i in infos), 1)}), flush=True)


if __name__ == "__main__":
    main()
