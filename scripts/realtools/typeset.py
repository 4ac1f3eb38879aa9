"""An Article as a XeLaTeX + ctex document, in one of several CNKI-like styles."""

from __future__ import annotations

import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from content import Article

WATERMARK = "©1994-2021 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net"


@dataclass
class Style:
    columns: int            # 1 or 2
    fontset: str            # fandol | noto-serif | noto-sans
    zihao: str              # 5 or -5
    textwidth_cm: float
    pagenum: str            # dot | plain | dash
    watermark: str          # none | pdf | image  (image: drawn on the page image only, OCR sees it)
    caption_space: bool     # 表 1 instead of 表1
    bracket_notes: bool     # ［收稿日期］ instead of 收稿日期：
    english_front: bool     # English title/abstract after the Chinese one (else at the end)
    tracking: float = 0.0   # share of paragraphs (and wrapped table cells) with a letter-spaced stretch


    def describe(self):
        return self.__dict__.copy()


def pick_style(seed: int, columns: int) -> Style:
    r = random.Random(seed * 7919 + columns)
    return Style(
        columns=columns,
        fontset=["fandol", "noto-serif", "noto-sans"][(seed + columns) % 3],
        zihao=r.choice(["5", "-5"]) if columns == 2 else r.choice(["5", "5", "-4"]),
        textwidth_cm=round(r.uniform(14.0, 16.0) if columns == 1 else r.uniform(16.0, 17.6), 1),
        pagenum=r.choice(["dot", "plain", "dash"]),
        watermark=r.choice(["none", "pdf", "image", "pdf"]),
        caption_space=r.random() < 0.4,
        bracket_notes=r.random() < 0.4,
        english_front=r.random() < 0.3,
        tracking=r.choice([0.0, 0.2, 0.4]),
    )


def esc(s: str) -> str:
    out = []
    for ch in s:
        if ch in "%&#_$":
            out.append("\\" + ch)
        elif ch == "~":
            out.append("\\textasciitilde{}")
        elif ch == "^":
            out.append("\\textasciicircum{}")
        elif ch == "\\":
            out.append("\\textbackslash{}")
        elif ch in "{}":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


TRACK = "\x01"


def is_ideo(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def track(text: str, rng: random.Random) -> str:
    """Mark a stretch of 10-30 characters whose gaps between ideographs get extra space,
    as letter-spaced lines of real PDFs have (the extractors then decide whether to print
    a space: pdftotext above about 0.1 em, PyMuPDF and Tesseract only for wider gaps)."""
    n = len(text)
    start = rng.randrange(max(1, n - 10))
    end = min(n, start + rng.randint(10, 30))
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if start <= i < end - 1 and is_ideo(ch) and is_ideo(text[i + 1]) and rng.random() < 0.5:
            out.append(TRACK)
    return "".join(out)


def untrack(tex: str, rng: random.Random) -> str:
    return re.sub(TRACK, lambda m: f"\\hskip{rng.uniform(0.06, 0.32):.2f}em\\relax ", tex)


def pagenum_tex(style: Style) -> str:
    return {"dot": "·\\thepage·", "plain": "\\thepage", "dash": "— \\thepage\\ —"}[style.pagenum]


def pagenum_printed(style: Style, n: int) -> str:
    return {"dot": f"·{n}·", "plain": f"{n}", "dash": f"— {n} —"}[style.pagenum]


def heads_printed(a: Article, style: Style, page_no: int, first: bool) -> list:
    """The running-head strings printed on a page (not the page number)."""
    if first:
        return [f"第{a.volume}卷第{a.issue}期", a.journal, f"{a.year}年{a.issue}月"]
    if page_no % 2 == 0:
        return [f"{a.journal} {a.year}年第{a.issue}期"]
    return [a.short_title]


def note_label(style: Style, name: str) -> str:
    return f"［{name}］" if style.bracket_notes else f"{name}："


def to_tex(a: Article, style: Style) -> str:
    fontopt = "fandol" if style.fontset == "fandol" else "none"
    cls_opts = ["UTF8", "twoside", f"fontset={fontopt}", f"zihao={'5' if style.zihao == '-5' else style.zihao}", "a4paper"]
    if style.columns == 2:
        cls_opts.append("twocolumn")
    L = []
    L.append(f"\\documentclass[{','.join(cls_opts)}]{{ctexart}}")
    L.append(f"\\usepackage[textwidth={style.textwidth_cm}cm,top=2.6cm,bottom=2.6cm,headsep=0.5cm,footskip=1cm,columnsep=0.7cm]{{geometry}}")
    L.append("\\usepackage{booktabs,fancyhdr,caption,array}")
    if style.fontset == "noto-serif":
        L.append("\\setCJKmainfont{Noto Serif CJK SC}[BoldFont=Noto Serif CJK SC Bold]")
        L.append("\\setCJKsansfont{Noto Sans CJK SC}\\setCJKfamilyfont{zhhei}{Noto Sans CJK SC}")
        L.append("\\setCJKfamilyfont{zhkai}{Noto Serif CJK SC}")
    elif style.fontset == "noto-sans":
        L.append("\\setCJKmainfont{Noto Sans CJK SC}\\setCJKsansfont{Noto Sans CJK SC}")
        L.append("\\setCJKfamilyfont{zhhei}{Noto Serif CJK SC Bold}\\setCJKfamilyfont{zhkai}{Noto Sans CJK SC}")
    if style.fontset != "fandol":
        L.append("\\providecommand\\heiti{\\CJKfamily{zhhei}}\\providecommand\\kaishu{\\CJKfamily{zhkai}}")
    L.append("\\hyphenpenalty=10000\\exhyphenpenalty=10000\\emergencystretch=3em\\tolerance=2000")
    L.append("\\raggedbottom\\xeCJKDeclareCharClass{CJK}{\"2460 -> \"2473}")
    sep = "\\ " if style.caption_space else ""
    L.append(f"\\DeclareCaptionLabelFormat{{cn}}{{#1{sep}#2}}")
    L.append("\\captionsetup{labelformat=cn,labelsep=quad,font=small,skip=3pt}")
    L.append("\\makeatletter\\renewcommand\\thefootnote{\\ifcase\\value{footnote}\\or ①\\or ②\\or ③\\or ④\\or ⑤\\or ⑥\\or ⑦\\or ⑧\\or ⑨\\or ⑩\\fi}")
    L.append("\\renewcommand\\@makefnmark{\\hbox{\\@thefnmark}}")
    L.append("\\newcommand\\firstnotes[1]{\\begingroup\\renewcommand\\@makefntext[1]{\\noindent##1}"
             "\\let\\thefootnote\\relax\\footnotetext{#1}\\endgroup}\\makeatother")
    L.append("\\pagestyle{fancy}\\fancyhf{}")
    L.append(f"\\fancyhead[CE]{{\\small {esc(a.journal)}\\quad {a.year}年第{a.issue}期}}")
    L.append(f"\\fancyhead[CO]{{\\small {esc(a.short_title)}}}")
    wm = f"\\\\[1pt]\\tiny {esc(WATERMARK)}" if style.watermark == "pdf" else ""
    if style.pagenum == "dot":
        L.append(f"\\fancyhead[LE,RO]{{\\small {pagenum_tex(style)}}}")
        if wm:
            L.append(f"\\fancyfoot[C]{{{wm[7:]}}}")
    else:
        L.append(f"\\fancyfoot[C]{{\\small {pagenum_tex(style)}{wm}}}")
    L.append("\\renewcommand\\headrulewidth{0.4pt}")
    fwm = f"\\\\[1pt]\\tiny {esc(WATERMARK)}" if style.watermark == "pdf" else ""
    L.append("\\fancypagestyle{first}{\\fancyhf{}"
             f"\\fancyhead[L]{{\\small 第{a.volume}卷第{a.issue}期}}\\fancyhead[C]{{\\small {esc(a.journal)}}}"
             f"\\fancyhead[R]{{\\small {a.year}年{a.issue}月}}"
             f"\\fancyfoot[C]{{\\small {pagenum_tex(style)}{fwm}}}}}")
    if style.zihao == "-5":  # 小五: ctex's class option knows only 5 and -4
        L.append("\\AtBeginDocument{\\zihao{-5}}")
    L.append("\\begin{document}")
    L.append(f"\\setcounter{{page}}{{{a.first_page}}}")
    front = front_tex(a, style)
    if style.columns == 2:
        L.append(f"\\twocolumn[{{{front}\\vspace{{1em}}}}]")
    else:
        L.append(front)
    L.append("\\thispagestyle{first}")
    notes = [(note_label(style, "收稿日期"), a.received), (note_label(style, "基金项目"), a.fund),
             (note_label(style, "作者简介"), a.author_notes)]
    ntex = "\\par ".join(f"{esc(k)}{esc(v)}" for k, v in notes)
    L.append(f"\\firstnotes{{\\small {ntex}}}")
    fn_i = 0
    trng = random.Random(a.seed * 101 + 3)
    for b in a.blocks:
        if b.kind == "heading":
            size = "\\large" if b.level == 1 else "\\normalsize"
            L.append(f"\\par\\vspace{{0.6em}}\\noindent{{\\heiti{size} {esc(b.text)}}}\\par\\vspace{{0.3em}}")
        elif b.kind == "para":
            t = esc(track(b.text, trng) if trng.random() < style.tracking else b.text)
            t = untrack(t, trng)
            for mark, ftxt in b.footnotes:
                t = t.replace(mark, f"\\footnote{{{esc(ftxt)}}}", 1)
                fn_i += 1
            L.append(t + "\\par")
        elif b.kind == "table":
            L.append(table_tex(b.table, style, trng))
        elif b.kind == "figure":
            env = "figure"
            L.append(f"\\begin{{{env}}}[htbp]\\centering\\fbox{{\\parbox[c][2.6cm][c]{{0.7\\linewidth}}{{\\centering ~}}}}"
                     f"\\par\\vspace{{3pt}}{{\\small {esc(b.text)}}}\\end{{{env}}}")
    if a.english_title and not style.english_front:
        L.append(english_tex(a))
    L.append("\\par\\vspace{0.8em}\\noindent{\\heiti 参考文献：}\\par{\\small")
    for ref in a.references:
        L.append(f"\\noindent\\hangindent=2em {esc(ref)}\\par")
    L.append("}")
    L.append("\\end{document}")
    return "\n".join(L) + "\n"


def front_tex(a: Article, style: Style) -> str:
    F = []
    F.append(f"\\begin{{center}}{{\\heiti\\LARGE {esc(a.title)}}}\\par\\vspace{{0.6em}}")
    F.append(f"{{\\kaishu\\large {esc('，'.join(a.authors))}}}\\par\\vspace{{0.3em}}")
    F.append("{\\small " + "\\par ".join(f"（{esc(x)}）" for x in a.affiliations) + "}\\end{center}")
    F.append(f"{{\\small\\noindent{{\\heiti 摘\\quad 要：}}{esc(a.abstract)}\\par")
    F.append(f"\\noindent{{\\heiti 关键词：}}{esc('；'.join(a.keywords))}\\par")
    F.append(f"\\noindent{{\\heiti 中图分类号：}}{esc(a.clc)}\\qquad{{\\heiti 文献标识码：}}{a.document_code}"
             f"\\qquad{{\\heiti 文章编号：}}{esc(a.article_id)}\\par")
    F.append(f"\\noindent DOI：{esc(a.doi)}\\par}}")
    if a.english_title and style.english_front:
        F.append(english_tex(a))
    return "\n".join(F)


def english_tex(a: Article) -> str:
    return ("\\par\\vspace{0.8em}\\begin{center}{\\bfseries\\large " + esc(a.english_title) + "}\\par\\vspace{0.3em}"
            + esc(a.english_authors) + "\\end{center}{\\small\\noindent\\textbf{Abstract: }" + esc(a.english_abstract)
            + "\\par\\noindent\\textbf{Key words: }" + esc(a.english_keywords) + "\\par}")


def table_tex(t, style: Style, trng: random.Random) -> str:
    env = "table*" if (style.columns == 2 and t.wide) else "table"
    n = len(t.header)
    if t.wrap:  # fixed-width cells, vertically centred in the row (array's m columns)
        w = round(min(3.4, (style.textwidth_cm - 2.4) / (n - 1) - 0.4), 1)
        spec = "m{2cm}" + f">{{\\raggedright\\arraybackslash}}m{{{w}cm}}" * (n - 1)
    else:
        spec = "l" + "c" * (n - 1)
    rows = [" & ".join(esc(c) for c in t.header) + " \\\\ \\midrule"]
    def cell(c):
        if t.wrap and trng.random() < style.tracking:
            return untrack(esc(track(c, trng)), trng)
        return esc(c)
    rows += [" & ".join(cell(c) for c in row) + " \\\\" for row in t.rows]
    note = f"\\par\\vspace{{2pt}}{{\\footnotesize\\raggedright {esc(t.note)}\\par}}" if t.note else ""
    size = "\\small" if style.columns == 1 else "\\footnotesize"
    return (f"\\begin{{{env}}}[htbp]\\centering\\caption{{{esc(t.caption)}}}{size}"
            f"\\begin{{tabular}}{{{spec}}}\\toprule\n" + "\n".join(rows) + "\n\\bottomrule\\end{tabular}"
            f"{note}\\end{{{env}}}")


def compile_pdf(tex: str, workdir: Path, name: str) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / f"{name}.tex").write_text(tex, encoding="utf-8")
    for _ in range(2):  # twice: nothing cross-referenced, but float placement settles
        p = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                           cwd=workdir, capture_output=True, text=True, errors="replace")
        if p.returncode != 0:
            raise RuntimeError(f"xelatex failed on {name}:\n" + p.stdout[-3000:])
        break
    return workdir / f"{name}.pdf"
