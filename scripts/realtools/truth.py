"""Truth records made from the Article (never from ocrclean's output).

For one-page inputs (scrapes) the article's items are placed on pages by locating them in
each page's PyMuPDF text layer (content-stream order), compared with whitespace removed,
NFKC-folded and footnote marks dropped. A paragraph that runs over a page break is cut
where its longest prefix found on the page ends; the pieces keep their printed form.
"""

from __future__ import annotations

import re
import unicodedata

from content import CIRCLED, Article
from typeset import WATERMARK, Style, heads_printed, note_label, pagenum_printed

# footnote marks in every form the extractors give them: ①, dingbat ➀/➊, U+FFFD, U+FFFF
DROP = set(CIRCLED) | {chr(c) for c in range(0x2776, 0x2794)} | {"\ufffd", "\uffff"}


def norm_map(s: str):
    """(normalised string, index in s of each normalised char)."""
    out, idx = [], []
    for i, ch in enumerate(s):
        if ch in DROP or ch.isspace():
            continue
        for c in unicodedata.normalize("NFKC", ch):
            if c.isspace():
                continue
            out.append(c)
            idx.append(i)
    return "".join(out), idx


def norm(s: str) -> str:
    return norm_map(s)[0]


def strip_marks(s: str) -> str:
    return "".join(ch for ch in s if ch not in CIRCLED)


def body_items(a: Article):
    """Paragraphs in reading order: headings and paragraphs, each its own paragraph."""
    return [b.text for b in a.blocks if b.kind in ("heading", "para")]


def footnotes(a: Article):
    return [{"mark": m, "text": t} for b in a.blocks for (m, t) in b.footnotes]


def tables(a: Article):
    return [{"label": b.table.label, "caption": b.table.caption, "header": b.table.header,
             "rows": b.table.rows, "note": b.table.note} for b in a.blocks if b.kind == "table"]


def metadata(a: Article):
    m = {"title": a.title, "authors": "，".join(a.authors), "affiliations": "；".join(a.affiliations),
         "abstract": a.abstract, "keywords": a.keywords, "doi": a.doi, "received": a.received,
         "fund": a.fund, "author_notes": a.author_notes, "clc": a.clc, "document_code": a.document_code,
         "article_id": a.article_id, "journal": a.journal, "year": str(a.year), "issue": str(a.issue)}
    if a.english_title:
        m.update(english_title=a.english_title, english_abstract=a.english_abstract,
                 english_keywords=a.english_keywords)
    return m


def first_page_notes(a: Article, style: Style):
    return [{"label": note_label(style, k), "text": v} for k, v in
            (("收稿日期", a.received), ("基金项目", a.fund), ("作者简介", a.author_notes))]


def furniture_of_page(a: Article, style: Style, index: int, for_ocr: bool) -> list:
    """Strings printed on page `index` (0-based) that are page furniture, as printed."""
    n = a.first_page + index
    out = [{"kind": "running_head", "text": h} for h in heads_printed(a, style, n, index == 0)]
    out.append({"kind": "page_number", "text": pagenum_printed(style, n)})
    if style.watermark == "pdf" or (style.watermark == "image" and for_ocr):
        out.append({"kind": "watermark", "text": WATERMARK})
    return out


class PageLocator:
    def __init__(self, page_texts: list):
        self.pages = [norm(t) for t in page_texts]
        self.p = 0
        self.o = 0
        self.misses = 0

    def _longest_prefix(self, rest: str, page: str, start: int) -> int:
        lo, hi = 0, len(rest)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if page.find(rest[:mid], start) >= 0:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def place_sequential(self, text: str):
        """[(page, piece_in_printed_form)] for a body item, consuming pages in order."""
        nt, idx = norm_map(text)
        if not nt:
            return [(self.p, text)]
        pieces = []
        pos = 0
        saved = (self.p, self.o)
        while pos < len(nt):
            rest = nt[pos:]
            page = self.pages[self.p]
            at = page.find(rest, self.o)
            if at >= 0:
                pieces.append((self.p, pos, len(nt)))
                self.o = at + len(rest)
                break
            k = self._longest_prefix(rest, page, self.o)
            if k >= min(12, len(rest)) and k > 0:
                # a prefix here; the rest may follow on the same page (a column break with the
                # column's footnotes in between) or on the next one
                at = page.find(rest[:k], self.o)
                pieces.append((self.p, pos, pos + k))
                pos += k
                self.o = at + k
                continue
            if self.p + 1 >= len(self.pages) or (pos == 0 and self.p > saved[0]):
                # not found: keep the item whole on the page where the cursor was
                self.misses += 1
                self.p, self.o = saved
                return [(self.p, text)]
            self.p += 1
            self.o = 0
        merged = []
        for pg, s_, e_ in pieces:
            if merged and merged[-1][0] == pg:
                merged[-1] = (pg, merged[-1][1], e_)
            else:
                merged.append((pg, s_, e_))
        pieces = merged
        # back to printed form: cut the original at the normalised offsets
        out = []
        for j, (pg, s, e) in enumerate(pieces):
            os_ = 0 if j == 0 else idx[s]
            oe = len(text) if j == len(pieces) - 1 else idx[e]
            out.append((pg, text[os_:oe]))
        return out

    def find_page(self, text: str, default: int = 0) -> int:
        nt = norm(text)[:40]
        for i, page in enumerate(self.pages):
            if nt and nt in page:
                return i
        self.misses += 1
        return default


def article_truth(a: Article, style: Style) -> dict:
    items = body_items(a)
    heads = [b.text for b in a.blocks if b.kind == "heading"]
    return {
        "paragraphs": items,
        "headings": heads,
        "footnotes": footnotes(a),
        "first_page_notes": first_page_notes(a, style),
        "metadata": metadata(a),
        "references": a.references,
        "tables": tables(a),
        "figures": a.figures,
    }


def page_truths(a: Article, style: Style, page_texts: list) -> list:
    """One truth per page: the pieces of the article printed on it."""
    n = len(page_texts)
    loc = PageLocator(page_texts)
    pages = [{"paragraphs": [], "headings": [], "footnotes": [], "first_page_notes": [], "metadata": {},
              "references": [], "tables": [], "figures": [], "continues_from_previous": False,
              "continues_on_next": False} for _ in range(n)]
    for b in a.blocks:
        if b.kind not in ("heading", "para"):
            continue
        pieces = loc.place_sequential(b.text)
        for j, (pg, piece) in enumerate(pieces):
            pages[pg]["paragraphs"].append(piece)
            if b.kind == "heading":
                pages[pg]["headings"].append(piece)
            if j > 0:
                pages[pg]["continues_from_previous"] = True
            if j < len(pieces) - 1:
                pages[pg]["continues_on_next"] = True
    for f in footnotes(a):
        pages[loc.find_page(f["text"])]["footnotes"].append(f)
    for t in tables(a):
        pages[loc.find_page(t["caption"])]["tables"].append(t)
    for c in a.figures:
        pages[loc.find_page(c)]["figures"].append(c)
    for r in a.references:
        pages[loc.find_page(r[3:] if len(r) > 10 else r, n - 1)]["references"].append(r)
    md = metadata(a)
    eng = {k: md.pop(k) for k in ("english_title", "english_abstract", "english_keywords") if k in md}
    pages[0]["metadata"] = md
    notes = first_page_notes(a, style)
    pages[loc.find_page(notes[0]["text"] if notes else "")]["first_page_notes"] = notes
    if eng:
        pages[loc.find_page(eng["english_abstract"][:30], n - 1)]["metadata"].update(eng)
    for pg in pages:
        pg["locator_misses"] = loc.misses
    return pages


def collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()
