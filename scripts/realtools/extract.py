"""Run the real tools on a PDF: poppler's pdftotext (plain, -layout, -raw), PyMuPDF,
pdftoppm page images (degraded with Pillow) and Tesseract (chi_sim).

One external process at a time; Tesseract with OMP_THREAD_LIMIT=1 (the machine is shared).
"""

from __future__ import annotations

import io
import os
import random
import subprocess
from pathlib import Path

NOTO_SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {p.stderr[-2000:]!r}")
    return p.stdout


def pdftotext(pdf: Path, mode: str) -> str:
    """mode: plain | layout | raw. Pages end with form feeds, as pdftotext writes them."""
    flags = {"plain": [], "layout": ["-layout"], "raw": ["-raw"]}[mode]
    return run(["pdftotext", "-enc", "UTF-8", *flags, str(pdf), "-"]).decode("utf-8")


def pymupdf_pages(pdf: Path) -> list:
    import pymupdf
    with pymupdf.open(pdf) as doc:
        return [page.get_text() for page in doc]


def page_count(pdf: Path) -> int:
    import pymupdf
    with pymupdf.open(pdf) as doc:
        return doc.page_count


def render_page(pdf: Path, page: int, dpi: int, out_prefix: Path) -> Path:
    run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
         "-gray", str(pdf), str(out_prefix)])
    return out_prefix.with_suffix(".png")


def degrade(png: Path, rng: random.Random, watermark: str | None, dpi: int) -> tuple[Path, dict]:
    """Scan-like damage: slight rotation, blur, noise, JPEG artefacts. Returns the new image and what was done."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont
    im = Image.open(png).convert("L")
    done = {}
    if watermark:  # the CNKI line stamped onto the image only: the OCR reads it, the text layer has none
        d = ImageDraw.Draw(im)
        font = ImageFont.truetype(NOTO_SANS, size=max(10, dpi // 11), index=2)
        w = d.textlength(watermark, font=font)
        d.text(((im.width - w) / 2, im.height - dpi * 0.55), watermark, fill=60, font=font)
        done["watermark_drawn"] = True
    level = rng.random()
    if level < 0.25:
        done["clean"] = True
    else:
        angle = rng.uniform(-0.6, 0.6)
        im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        done["rotate_deg"] = round(angle, 2)
        if rng.random() < 0.6:
            rad = rng.uniform(0.3, 0.9)
            im = im.filter(ImageFilter.GaussianBlur(rad))
            done["blur"] = round(rad, 2)
        if rng.random() < 0.6:
            # uniform noise from the seeded generator (Image.effect_noise has its own, unseeded)
            amount = rng.uniform(0.05, 0.14)
            noise = Image.frombytes("L", im.size, rng.randbytes(im.width * im.height))
            im = Image.blend(im, noise, amount)
            done["noise"] = round(amount, 3)
        if rng.random() < 0.7:
            q = rng.randint(25, 70)
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=q)
            buf.seek(0)
            im = Image.open(buf).convert("L")
            done["jpeg_quality"] = q
    out = png.with_name(png.stem + "-deg.png")
    im.save(out)
    return out, done


def tesseract(img: Path) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    return run(["tesseract", str(img), "-", "-l", "chi_sim", "--psm", "3", "-c", "preserve_interword_spaces=1"],
               env=env).decode("utf-8")


def versions() -> str:
    lines = []
    for cmd in (["xelatex", "--version"], ["pdftotext", "-v"], ["pdftoppm", "-v"], ["tesseract", "--version"]):
        p = subprocess.run(cmd, capture_output=True, text=True)
        out = (p.stdout + p.stderr).strip().splitlines()
        lines.append(f"{' '.join(cmd)}: " + " | ".join(out[:2]))
    try:
        import PIL
        import pymupdf
        lines.append(f"PyMuPDF: {pymupdf.VersionBind} (MuPDF {pymupdf.VersionFitz})")
        lines.append(f"Pillow: {PIL.__version__}")
    except Exception as e:  # pragma: no cover
        lines.append(f"python modules: {e}")
    p = subprocess.run(["dpkg-query", "-W", "texlive-xetex", "texlive-lang-chinese", "fonts-noto-cjk",
                        "poppler-utils", "tesseract-ocr", "tesseract-ocr-chi-sim", "texlive-latex-extra"],
                       capture_output=True, text=True)
    lines.append("Debian packages:\n  " + p.stdout.strip().replace("\n", "\n  "))
    return "\n".join(lines) + "\n"
