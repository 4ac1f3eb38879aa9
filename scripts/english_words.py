#!/usr/bin/env python3
"""Writes data/english-words.txt from a SCOWL word list (Debian's wamerican-small).

    apt-get download wamerican-small && dpkg-deb -x wamerican-small_*.deb /tmp/w
    python3 scripts/english_words.py /tmp/w/usr/share/dict/american-english-small

Keeps words of ASCII letters only, two letters or more, no possessives, lowercased.
"""
import re
import sys
from pathlib import Path

HEADER = Path(__file__).resolve().parent.parent / "data" / "english-words.txt"


def main(source: str) -> None:
    words = set()
    for line in open(source, encoding="utf-8", errors="replace"):
        w = line.strip()
        if re.fullmatch(r"[A-Za-z]{2,}", w):
            words.add(w.lower())
    header = [l for l in HEADER.read_text(encoding="utf-8").splitlines() if l.startswith("#")]
    HEADER.write_text("\n".join(header + sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {HEADER}")


if __name__ == "__main__":
    main(sys.argv[1])
