"""The batch paths (models.vocab) give what the per-document paths give, on real documents."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from models.dedup import NearDuplicateIndex, Signature, minhash, minhashes, simhash, simhashes
from models.points import load_points_model
from models.sentiment import SENTIMENT_WORDS, load_sentiment_model
from models.tokenize import content_words, segment, sentiment_words, word_kind
from models.topics import batch_term_weights, rounded, term_weights
from models.vocab import TokenBatch, lexsort
from xuanti.pipeline import Analyser
from xuanti.records import Document


@pytest.fixture(scope="module")
def documents(data_dir: Path) -> list[Document]:
    from extractors.hotline import read_hotline
    from xuanti.settings import load_settings

    export = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    docs, _, _ = read_hotline(export.read_bytes(), export.name, "hotline", load_settings().hotline.columns)
    news = []
    for number, block in enumerate((data_dir / "news/xwlb/md/20220102.md").read_text(encoding="utf-8").split("\n### ")[1:]):
        title, _, body = block.partition("\n")
        news.append(Document(id=f"n{number}", source="xwlb", kind="news", title=title.strip(), text=body.strip()))
    # Edge cases: no title, no text, a text shorter than a 5-gram.
    extra = [Document(id="e1", source="s", kind="file", title="", text="停水三天"),
             Document(id="e2", source="s", kind="file", title="。", text=""),
             Document(id="e3", source="s", kind="file", title="水", text="")]
    return docs[:400] + news + extra


@pytest.fixture(scope="module")
def batch(documents: list[Document]) -> tuple[TokenBatch, list[list[str]], list[list[str]]]:
    headlines = [segment(doc.title) for doc in documents]
    segments = [[*head, " ", *segment(doc.text)] for doc, head in zip(documents, headlines, strict=True)]
    return TokenBatch(segments), segments, headlines


def test_segmenting_headline_and_body_apart_gives_the_same_words(documents: list[Document], batch) -> None:
    _, segments, _ = batch
    for doc, words in zip(documents, segments, strict=True):
        assert content_words(words) == content_words(segment(f"{doc.title}\n{doc.text}"))


def test_batch_matrices_equal_the_vectorisers(documents: list[Document], batch) -> None:
    tokens, segments, headlines = batch
    kinds = tokens.per_term("kind", word_kind)
    words = tokens.all.where(kinds[tokens.all.ids] == 2)
    assert words.lists() == [content_words(s) for s in segments]

    sentiment = load_sentiment_model()
    run = tokens.all.where(kinds[tokens.all.ids] >= 1).first(SENTIMENT_WORDS)
    expected = sentiment.negative([sentiment_words(s)[:SENTIMENT_WORDS] for s in segments])
    assert np.allclose(sentiment.negative_run(run), expected, rtol=0, atol=1e-12)

    features = load_points_model().features_
    items = [{"title": d.title, "text": d.text, "source": d.kind, "tokens": content_words(s)}
             for d, s in zip(documents, segments, strict=True)]
    assert abs(features.transform(items, tokens=words) - features.transform(items)).max() < 1e-12

    assert simhashes(words) == [simhash(content_words(s)) for s in segments]
    lists = words.lists()
    # Keywords: most frequent first, ties by first appearance, as Counter.most_common lists them.
    assert words.most_common(8) == [[word for word, _ in Counter(tokens).most_common(8)] for tokens in lists]
    assert words.where(words.ids < 0).most_common(3) == [[] for _ in lists]
    assert np.array_equal(minhashes(lists), np.vstack([minhash(tokens) for tokens in lists]))

    titles = words.before(np.array([len(h) for h in headlines]))
    assert titles.lists() == [content_words(h) for h in headlines]
    fast = batch_term_weights(words, titles)
    slow = [term_weights(content_words(s), content_words(h)) for s, h in zip(segments, headlines, strict=True)]
    for a, b in zip(fast, slow, strict=True):
        assert list(a) == list(b)  # same terms, same order (strongest first)
        assert all(abs(a[t] - b[t]) < 1e-12 for t in a)


def test_batch_index_finds_the_same_reprints(documents: list[Document]) -> None:
    lists = [content_words(segment(f"{d.title}\n{d.text}")) for d in documents]
    lists += lists[:50]  # exact reprints of the first fifty
    keys = [f"k{i}" for i in range(len(lists))]
    one, many = NearDuplicateIndex(), NearDuplicateIndex()
    expected = [one.add(key, tokens) for key, tokens in zip(keys, lists, strict=True)]
    signatures = [Signature(s, m, not t) for s, m, t in zip([simhash(t) for t in lists], minhashes(lists), lists, strict=True)]
    assert many.add_signatures(keys, signatures) == expected
    assert expected[-50:] == [f"k{i}" if lists[i] else None for i in range(50)]


def test_analyser_stores_term_vectors_and_headline_length(documents: list[Document]) -> None:
    analyses, tokens = Analyser().analyse(documents[:50])
    for doc in documents[:50]:
        analysis = analyses[doc.uid]
        assert tokens[doc.uid][: analysis.title_words] == content_words(segment(doc.title))
        expected = term_weights(tokens[doc.uid], tokens[doc.uid][: analysis.title_words])
        assert list(analysis.terms) == list(expected)


def test_lexsort_is_numpys() -> None:
    rng = np.random.default_rng(0)
    rows = np.sort(rng.integers(0, 300, 5000))
    weights = rng.integers(1, 40, 5000) / 7.0  # many ties
    terms = -rng.integers(-50, 900, 5000)
    assert np.array_equal(lexsort((-weights, rows)), np.lexsort((-weights, rows)))  # ties keep their order
    assert np.array_equal(lexsort((terms, -weights, rows)), np.lexsort((terms, -weights, rows)))
    distinct = np.arange(5000)[::-1]
    assert np.array_equal(lexsort((distinct, weights), distinct=True), np.lexsort((distinct, weights)))
    # Too wide for one integer: numpy's own sort.
    wide = (rng.integers(0, 1 << 40, 5000), rng.integers(0, 1 << 40, 5000))
    assert np.array_equal(lexsort(wide), np.lexsort(wide))
    assert lexsort((np.zeros(0), np.zeros(0, dtype=np.int64))).size == 0


def test_rounded_is_pythons_round() -> None:
    rng = np.random.default_rng(1)
    halves = (np.arange(0, 200_000) + 0.5) / 1e6  # every one within a rounding error of a half
    values = np.concatenate([rng.random(200_000), -rng.random(1000), halves, [2.675, 5e-7, 0.0, 1.0, 1e300]])
    for digits in (0, 2, 6):
        assert rounded(values, digits).tolist() == [round(value, digits) for value in values.tolist()]


def test_rounded_term_weights_are_rounds(documents: list[Document], batch) -> None:
    tokens, _, headlines = batch
    kinds = tokens.per_term("kind", word_kind)
    words = tokens.all.where(kinds[tokens.all.ids] == 2)
    titles = words.before(np.array([len(h) for h in headlines]))
    exact = batch_term_weights(words, titles)
    assert batch_term_weights(words, titles, digits=6) == [{t: round(v, 6) for t, v in w.items()} for w in exact]


@pytest.mark.parametrize("text", ["投诉：ＡＢＣ小区１２３号，　停水？", "Ａ\u0301市", "①号楼…㎡", "ｶﾀｶﾅ与全角　空格", "plain ascii"])
def test_normalise_is_nfkc(text: str) -> None:
    import re
    import unicodedata

    from models.tokenize import normalise

    assert normalise(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
