"""Pausing Python's cyclic garbage collector during a batch of analysis.

A night's analysis allocates millions of small lists, tuples and dicts (token lists, cue
occurrences, term vectors) and keeps most of them until the batch is done. Each time enough of them
pile up, CPython's collector walks every tracked object alive, the loaded models included, and
finds almost nothing to free: on the 8,000-document benchmark that was about a sixth of the
analysis time. Reference counting still frees everything at once; only reference cycles wait until
the batch ends, and the analysis makes next to none.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block (or, as a decorator, the function) with the cyclic collector off; it is turned
    back on afterwards only if it was on before, so nested and concurrent uses leave it as found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
