"""Chinese word segmentation with our own ``jieba.Tokenizer`` instance and user dictionary.

Never the module-level jieba global: each Tokenizer carries the government-terms dictionary from
``configs/userdict.txt``. ``tokenize`` is a plain module-level function so that vectorisers using it
can be persisted; documents are segmented once and their tokens reused by every model.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba

from xuanti.paths import CONFIG_DIR

jieba.setLogLevel(logging.WARNING)

USERDICT = CONFIG_DIR / "userdict.txt"
STOPWORDS = CONFIG_DIR / "stopwords.txt"

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC (full-width ASCII to half-width), collapse white space; Chinese punctuation kept."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


@lru_cache(maxsize=4)
def get_tokenizer(userdict: str | None = None) -> jieba.Tokenizer:
    """A jieba Tokenizer with the user dictionary loaded (cached per dictionary path)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    path = Path(userdict) if userdict else USERDICT
    if path.exists():
        tokenizer.load_userdict(str(path))
    return tokenizer


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    if not STOPWORDS.exists():
        return frozenset()
    return frozenset(line.strip() for line in STOPWORDS.read_text(encoding="utf-8").splitlines() if line.strip())


def tokenize(text: str) -> list[str]:
    """Segment normalised text into words, dropping punctuation, spaces and stopwords."""
    stop = stopwords()
    return [
        word
        for word in get_tokenizer().lcut(normalise(text), HMM=False)
        if _WORD.search(word) and word not in stop
    ]


def identity(tokens: list[str]) -> list[str]:
    """Analyzer for vectorisers fed with pre-segmented tokens (module level so it can be persisted)."""
    return tokens
