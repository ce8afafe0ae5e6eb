"""Extractors: raw bytes from feeds, sites, policy portals, hotline exports and folders -> Documents.

One module per source type, each a plain function from bytes to Document(s), in the manner of
trafilatura. ``sources`` ties them to the configured sources for the nightly flow.
"""

from __future__ import annotations


class ExtractionError(ValueError):
    """Input that cannot be turned into documents; the message names the URL/file/row and the reason."""


class FetchError(RuntimeError):
    """A URL (or a whole source) could not be fetched; the message starts with the URL."""


__all__ = ["ExtractionError", "FetchError"]
