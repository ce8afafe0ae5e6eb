"""Chinese word segmentation with rjieba (jieba's dictionary and DAG in Rust) and our user dictionary.

rjieba gives the same tokens as ``jieba.Tokenizer.lcut(text, HMM=False)`` about ten times faster; the
government-terms dictionary ``configs/userdict.txt`` is added to our own ``rjieba.Jieba`` instance,
never to a module-level global. When rjieba is not installed a ``jieba.Tokenizer`` instance with the
same dictionary is used instead (same tokens, slower). ``tokenize`` is a plain module-level function
so that vectorisers using it can be persisted; documents are segmented once and their tokens reused
by every model.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from xuanti.paths import CONFIG_DIR

USERDICT = CONFIG_DIR / "userdict.txt"
STOPWORDS = CONFIG_DIR / "stopwords.txt"

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]+")
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _half_width(match: re.Match[str]) -> str:
    return match.group().translate(_HALF_WIDTH)


def normalise(text: str) -> str:
    """NFKC (full-width ASCII to half-width), collapse white space."""
    text = text or ""
    if not unicodedata.is_normalized("NFKC", text):  # the check is far cheaper than normalising
        # Nearly always the only change is full-width punctuation ("，", "？"): mapping those runs
        # as NFKC does is three times faster; NFKC itself runs when anything else is left.
        text = _FULL_WIDTH.sub(_half_width, text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())  # str.split's white space is re's \s: the same as sub(r"\s+", " ").strip()


def _userdict_entries(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) per line of a jieba user dictionary ("word [freq] [tag]")."""
    entries: list[tuple[str, int | None, str | None]] = []
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((parts[0], freq, tag))
    return entries


@lru_cache(maxsize=4)
def get_segmenter(userdict: str | None = None) -> Callable[[str], list[str]]:
    """A function text -> words (jieba tokens, HMM off) with the user dictionary loaded; cached."""
    path = Path(userdict) if userdict else USERDICT
    try:
        import rjieba
    except ImportError:  # pragma: no cover - rjieba is a dependency; the fallback keeps jieba's tokens
        tokenizer = get_tokenizer(str(path))
        return lambda text: tokenizer.lcut(text, HMM=False)
    segmenter = rjieba.Jieba()
    for word, freq, tag in _userdict_entries(path):
        segmenter.add_word(word, freq, tag)
    return lambda text: segmenter.cut(text, False)


@lru_cache(maxsize=4)
def get_tokenizer(userdict: str | None = None):  # noqa: ANN201 - jieba is imported lazily
    """A ``jieba.Tokenizer`` with the user dictionary loaded (the fallback; cached per path)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    path = Path(userdict) if userdict else USERDICT
    if path.exists():
        tokenizer.load_userdict(str(path))
    return tokenizer


def dictionary_tags(keep: Callable[[str, str], bool]) -> dict[str, str]:
    """{word: part-of-speech tag} of the entries of jieba's own dictionary that ``keep(word, tag)``
    accepts (one read of the file, about 0.25 s; callers cache what they keep)."""
    import jieba

    tags: dict[str, str] = {}
    with jieba.get_dict_file() as handle:
        for line in handle:
            parts = line.decode("utf-8").split()
            if len(parts) == 3 and keep(parts[0], parts[2]):
                tags[parts[0]] = parts[2]
    return tags


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    if not STOPWORDS.exists():
        return frozenset()
    return frozenset(line.strip() for line in STOPWORDS.read_text(encoding="utf-8").splitlines() if line.strip())


def segment(text: str) -> list[str]:
    """All jieba tokens of normalised text, punctuation and spaces included."""
    return get_segmenter()(normalise(text))


WORD_KINDS: dict[str, int] = {}  # token -> 0 not a word, 1 stopword, 2 content word (a cache: one regex per type)



def word_kind(token: str) -> int:
    """0 not a word (punctuation, spaces), 1 stopword, 2 content word."""
    kind = WORD_KINDS.get(token)
    if kind is None:
        kind = 0 if not _WORD.search(token) else (1 if token in stopwords() else 2)
        if len(WORD_KINDS) < 1_000_000:
            WORD_KINDS[token] = kind
    return kind


def content_words(segments: list[str]) -> list[str]:
    """The segments that are words and not stopwords (what the topic and points models read)."""
    kinds = WORD_KINDS
    return [token for token in segments if (kinds.get(token) or word_kind(token)) == 2]


def sentiment_words(segments: list[str]) -> list[str]:
    """The segments that are words, stopwords kept: "不", "没", "太" carry sentiment."""
    kinds = WORD_KINDS
    return [token for token in segments if (kinds.get(token) or word_kind(token)) >= 1]


def tokenize(text: str) -> list[str]:
    """Segment normalised text into words, dropping punctuation, spaces and stopwords."""
    return content_words(segment(text))


def identity(tokens: list[str]) -> list[str]:
    """Analyzer for vectorisers fed with pre-segmented tokens (module level so it can be persisted)."""
    return tokens
