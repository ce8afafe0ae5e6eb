"""A batch of segmented documents as integer ids over the batch's own vocabulary.

Each document is segmented once (``models.tokenize.segment``); turning its tokens into ids is one
C-level pass per document. The models then work per *distinct term* (tens of thousands a night)
instead of per token (millions): which terms are words or stopwords, each model's column of a term,
its IDF and its hash are looked up once per term and applied to every token with numpy. The
matrices built here are the very matrices the scikit-learn vectorisers build from token lists
(``tests/test_vocab.py`` checks this), only without a Python step per token.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

__all__ = ["PackedVocabulary", "TokenBatch", "TokenRun", "lexsort", "tfidf"]


def lexsort(keys: Sequence[np.ndarray], distinct: bool = False) -> np.ndarray:
    """``np.lexsort(keys)`` (the last key sorts first; entries equal in every key keep their order), by
    one sort of a combined integer key when it fits in 63 bits: three times as fast on a night's
    million entries, where lexsort sorts once per key.

    An integer key takes its range of bits, a float key those of its distinct values. ``distinct``:
    no two entries are equal in every key, so no bits go to their positions.
    """
    size = keys[0].size
    if not size:
        return np.zeros(0, dtype=np.int64)
    combined = np.zeros(size, dtype=np.int64) if distinct else np.arange(size, dtype=np.int64)
    span = 1 if distinct else size
    for key in keys:
        if np.issubdtype(key.dtype, np.integer):
            low = int(key.min())
            rank, count = key.astype(np.int64) - low, int(key.max()) - low + 1
        else:
            _, rank = np.unique(key, return_inverse=True)  # equal values, equal rank
            count = int(rank.max()) + 1
        if span * count >= 1 << 63:
            return np.lexsort(keys)
        combined += rank.reshape(-1) * span
        span *= count
    return np.argsort(combined)  # every combined key is distinct: no tie for stability to settle


class TokenRun:
    """Some of the tokens of a batch, in document order: the term id of each, its document (row) and
    its position in that document's full token list."""

    def __init__(
        self, batch: TokenBatch, ids: np.ndarray, rows: np.ndarray, positions: np.ndarray, n_docs: int | None = None
    ) -> None:
        self.batch = batch
        self.ids = ids
        self.rows = rows
        self.positions = positions
        self.n_docs = batch.n_docs if n_docs is None else n_docs
        self.indptr = np.zeros(self.n_docs + 1, dtype=np.int64)
        if rows.size:
            np.cumsum(np.bincount(rows, minlength=self.n_docs), out=self.indptr[1:])

    def where(self, token_mask: np.ndarray) -> TokenRun:
        """The tokens where ``token_mask`` (one flag per token of this run) is true."""
        return TokenRun(
            self.batch, self.ids[token_mask], self.rows[token_mask], self.positions[token_mask], self.n_docs
        )

    def rows_from(self, first: int, count: int) -> TokenRun:
        """The tokens of documents ``first`` .. ``first + count - 1``, renumbered from 0."""
        mask = (self.rows >= first) & (self.rows < first + count)
        return TokenRun(self.batch, self.ids[mask], self.rows[mask] - first, self.positions[mask], count)

    def first(self, limit: int) -> TokenRun:
        """At most the first ``limit`` tokens of this run in each document."""
        rank = np.arange(self.ids.size) - self.indptr[self.rows]
        return self.where(rank < limit)

    def before(self, limits: np.ndarray) -> TokenRun:
        """The tokens whose position in their document is below that document's entry in ``limits``."""
        return self.where(self.positions < limits[self.rows])

    def lists(self) -> list[list[str]]:
        """The tokens of each document as strings."""
        terms = self.batch.terms
        words = list(map(terms.__getitem__, self.ids.tolist()))
        bounds = self.indptr.tolist()
        return [words[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]

    def counts(self, columns: np.ndarray, n_columns: int) -> sparse.csr_matrix:
        """(documents, n_columns) token counts; ``columns`` maps a term id to its column (-1: none)."""
        cols = columns[self.ids] if self.ids.size else np.zeros(0, np.int64)
        kept = cols >= 0
        # One sort of (row, column) keys and a count of each run of equal keys: the canonical CSR
        # matrix at once, twice as fast as scipy summing the duplicates of a COO matrix.
        keys = self.rows[kept].astype(np.int64) * n_columns + cols[kept]
        keys.sort()
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if keys.size else keys
        distinct = keys[starts]
        data = np.diff(np.append(starts, keys.size)).astype(np.int64)
        index_dtype = np.int32 if max(n_columns, distinct.size) < 1 << 31 else np.int64  # as scipy's own choice
        width = max(n_columns, 1)
        indptr = np.searchsorted(distinct // width, np.arange(self.n_docs + 1))
        matrix = sparse.csr_matrix(
            (data, (distinct % width).astype(index_dtype), indptr.astype(index_dtype)), shape=(self.n_docs, n_columns)
        )
        matrix.has_sorted_indices = True
        matrix.has_canonical_format = True
        return matrix

    def most_common(self, limit: int) -> list[list[str]]:
        """Each document's ``limit`` most frequent terms, ties in order of first appearance: what
        ``Counter(tokens).most_common(limit)`` lists, for the whole run with one sort."""
        size = len(self.batch.terms)
        keys, first, counts = np.unique(self.rows * size + self.ids, return_index=True, return_counts=True)
        rows = keys // size
        order = lexsort((first, -counts, rows), distinct=True)
        rows = rows[order]
        rank = np.arange(order.size) - np.searchsorted(rows, rows)
        chosen = order[rank < limit]
        terms = self.batch.terms
        words = list(map(terms.__getitem__, (keys[chosen] % size).tolist()))
        bounds = np.searchsorted(rows[rank < limit], np.arange(self.n_docs + 1)).tolist()
        return [words[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first ids, second ids, rows) of adjacent tokens within each document."""
        same = self.rows[:-1] == self.rows[1:]
        return self.ids[:-1][same], self.ids[1:][same], self.rows[:-1][same]


class TokenBatch:
    """Segmented documents (lists of tokens) as ids; ``terms[i]`` is the term with id ``i``."""

    def __init__(self, segment_lists: Sequence[Sequence[str]]) -> None:
        index: defaultdict[str, int] = defaultdict()
        index.default_factory = index.__len__  # a new term gets the next id, without a Python call
        lengths = np.fromiter(map(len, segment_lists), dtype=np.int64, count=len(segment_lists))
        total = int(lengths.sum())
        ids = np.fromiter(
            chain.from_iterable(map(index.__getitem__, tokens) for tokens in segment_lists), dtype=np.int64, count=total
        )
        self.terms: list[str] = list(index)
        self.n_docs = len(segment_lists)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        self.all = TokenRun(self, ids, np.repeat(np.arange(self.n_docs), lengths), np.arange(total) - starts)
        self._per_term: dict[Any, np.ndarray] = {}

    def per_term(
        self,
        key: Any,
        function: Callable[[str], Any],
        dtype: Any = np.int64,
        cache: dict[str, Any] | None = None,
        missing: Any = -1,
    ) -> np.ndarray:
        """``function`` of every term as an array indexed by term id (computed once per ``key``).

        With ``cache`` (a dict the function keeps its results in), known terms are read from it
        without a Python call each; ``function`` runs only for the terms it lacks (read as ``missing``).
        """
        values = self._per_term.get(key)
        if values is None:
            count = len(self.terms)
            if cache is None:
                values = np.fromiter(map(function, self.terms), dtype=dtype, count=count)
            else:
                values = np.fromiter(map(cache.get, self.terms, repeat(missing)), dtype=dtype, count=count)
                unknown = np.flatnonzero(values == missing)
                if unknown.size:  # one assignment: setting numpy elements one by one costs as much as the calls
                    values[unknown] = np.fromiter(
                        map(function, map(self.terms.__getitem__, unknown.tolist())), dtype=dtype, count=unknown.size
                    )
            self._per_term[key] = values
        return values

    def lengths(self) -> np.ndarray:
        """Each term's length in characters."""
        return self.per_term("length", len)

    def columns(self, vocabulary: dict[str, int]) -> np.ndarray:
        """Each term's column in a vectoriser's ``vocabulary`` (-1 when it has none)."""
        key = ("columns", id(vocabulary))
        values = self._per_term.get(key)
        if values is None:  # dict.get with a default, called from C: no Python step per term
            values = np.fromiter(map(vocabulary.get, self.terms, repeat(-1)), dtype=np.int64, count=len(self.terms))
            self._per_term[key] = values
        return values


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray, sublinear: bool = True) -> sparse.csr_matrix:
    """What ``TfidfVectorizer.transform`` makes of a count matrix (same steps, same order)."""
    matrix = counts.astype(np.float64)
    if sublinear:
        np.log(matrix.data, matrix.data)
        matrix.data += 1.0
    matrix.data *= idf[matrix.indices]
    return normalize(matrix, norm="l2", copy=False)


class PackedVocabulary:
    """Mixin for our estimators whose fitted ``vectorizer_`` has a large ``vocabulary_``: persisted as
    one string of the terms and their lengths in column order, not as a dict.

    skops writes a dict as one node per entry (and a file per numpy value): the hotline category
    model's 175,680 character grams took 6.6 s to load and 9.4 MB on disk. Packed, the same vocabulary
    is two values, and loading rebuilds the dict in a fraction of a second.
    """

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()  # type: ignore[misc]
        vectorizer = state.get("vectorizer_")
        vocabulary = getattr(vectorizer, "vocabulary_", None)
        if not vocabulary:
            return state
        terms = sorted(vocabulary, key=vocabulary.__getitem__)
        if any(vocabulary[term] != column for column, term in enumerate(terms)):
            return state  # not the columns 0..n-1 of a fitted vectoriser: kept as it is
        vectorizer = copy.copy(vectorizer)
        del vectorizer.vocabulary_
        lengths = np.fromiter(map(len, terms), dtype=np.int32, count=len(terms))
        return {**state, "vectorizer_": vectorizer, "packed_vocabulary_": ("".join(terms), lengths)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        packed = state.pop("packed_vocabulary_", None)
        super().__setstate__(state)  # type: ignore[misc]
        if packed is not None:
            text, lengths = packed
            ends = np.cumsum(lengths).tolist()
            starts = [0, *ends[:-1]]
            self.vectorizer_.vocabulary_ = {text[a:b]: i for i, (a, b) in enumerate(zip(starts, ends, strict=True))}
