"""Type stubs of ocrclean (the docstrings live in ocrclean/__init__.py)."""

from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

__version__: str
__all__ = ["ConvertError", "__version__", "convert", "convert_many"]

Data = Union[bytes, bytearray, memoryview, str]

class ConvertError(ValueError):
    """A page could not be converted; ``str(e)`` is the message the CLI prints."""

def convert(
    data: Data,
    source: str = "<memory>",
    *,
    encoding: Optional[str] = None,
    layout: None = None,
) -> Dict[str, Any]:
    """One page to its document (the dict ``json.loads`` gives for the CLI's ``--jsonl`` line).

    Raises ConvertError for a page that cannot be converted, ValueError for an unknown
    ``encoding`` or a ``layout`` other than None (reserved).
    """

def convert_many(
    items: Iterable[Tuple[str, Data]],
    *,
    jobs: Optional[int] = None,
    encoding: Optional[str] = None,
    layout: None = None,
) -> List[Dict[str, Any]]:
    """Many ``(source, data)`` pairs in parallel, GIL released; one dict per item, in order.

    A failed item is ``{"source": source, "error": message}``.
    """
