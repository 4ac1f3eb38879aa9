"""ocrclean: scraped and OCR-scanned pages of Chinese journal articles in, clean documents out.

The Python face of the Rust library behind the ``ocrclean`` command. Each page becomes
the same document the CLI writes with ``--jsonl``, as a dict::

    import ocrclean

    doc = ocrclean.convert(open("page.txt", "rb").read(), "page.txt")
    doc["paragraphs"], doc["tables"][0]["header"], doc["tables"][0]["rows"]

    docs = ocrclean.convert_many([(path, data), ...], jobs=4)   # all cores, GIL released

Bad input raises :class:`ConvertError` (``convert``) or comes back as
``{"source": ..., "error": ...}`` (``convert_many``).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from ._ocrclean import ConvertError, __version__
from ._ocrclean import convert_json as _convert_json
from ._ocrclean import convert_many_json as _convert_many_json

__all__ = ["ConvertError", "__version__", "convert", "convert_many"]

Data = Union[bytes, bytearray, memoryview, str]


def _as_bytes(data: Data, encoding: Optional[str], where: str) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        if encoding is not None:
            raise ValueError(
                f"{where}: encoding={encoding!r} applies to bytes; a str is already text "
                "(it is converted as UTF-8)"
            )
        return data.encode("utf-8", "surrogatepass")
    raise TypeError(f"{where}: data must be bytes or str, not {type(data).__name__}")


def convert(
    data: Data,
    source: str = "<memory>",
    *,
    encoding: Optional[str] = None,
    layout: Optional[str] = None,
) -> Dict[str, Any]:
    """Convert one page and return its document as a dict.

    ``data`` is the page as read from disk (bytes, any supported encoding: detected like
    the CLI does unless ``encoding`` names one, e.g. ``"gbk"``) or already-decoded text
    (``str``, converted as UTF-8). ``source`` is recorded in the document's ``source``
    field (the CLI records the path as given).

    The dict equals ``json.loads`` of the line ``ocrclean --jsonl`` prints for the same
    bytes and source: keys ``source``, ``encoding``, ``paragraphs``, ``footnotes``,
    ``tables`` (``label``, ``caption``, ``header``, ``rows``, ``note``, ``confidence``,
    ``method``), ``disagreements``, … (see the README's JSON fields).

    ``layout`` is reserved for a later layout option; only ``None`` is accepted now.

    Raises :class:`ConvertError` when the page cannot be converted (empty, binary junk,
    not text in a supported encoding, no page body), ``ValueError`` for an unknown
    ``encoding`` or a ``layout`` other than ``None``. The GIL is released while converting.
    """
    raw = _as_bytes(data, encoding, "convert")
    return json.loads(_convert_json(raw, source, encoding, layout))


def convert_many(
    items: Iterable[Tuple[str, Data]],
    *,
    jobs: Optional[int] = None,
    encoding: Optional[str] = None,
    layout: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """Convert many ``(source, data)`` pairs in parallel; one dict per item, in order.

    Each result equals ``convert(data, source, encoding=encoding)``; an item that cannot be
    converted gives ``{"source": source, "error": message}`` instead of raising. The GIL is
    released for the whole batch, which runs on all cores (``jobs=None``) or on a pool of
    ``jobs`` threads (``jobs=1`` converts in the calling thread). All items are held in
    memory: feed a long stream in chunks.
    """
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive int or None, not {jobs!r}")
    pairs = []
    for item in items:
        try:
            source, data = item
        except (TypeError, ValueError):
            raise TypeError(
                f"convert_many: each item must be a (source, data) pair, not {item!r:.80}"
            ) from None
        if not isinstance(source, str):
            raise TypeError(f"convert_many: source must be a str, not {type(source).__name__}")
        pairs.append((source, _as_bytes(data, encoding, "convert_many")))
    results = _convert_many_json(pairs, jobs, encoding, layout)
    loads = json.loads
    return [
        loads(text) if ok else {"source": source, "error": text}
        for (source, _), (ok, text) in zip(pairs, results)
    ]
