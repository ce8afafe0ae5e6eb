"""Hotline category (一级分类): the estimator, its artifact, and filling exports that have no category."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone

from models.category import HotlineCategoryClassifier, fill_missing_categories, load_category_model
from models.evaluate_category import load_category_tsv
from xuanti.cli import main
from xuanti.records import Document
from xuanti.store import Store


@pytest.fixture(scope="module")
def labelled(data_dir: Path) -> tuple[list[str], list[str]]:
    return load_category_tsv(data_dir / "hotline/tipdm2020c/labelled_category_text.tsv")


def test_estimator_learns_from_real_messages(labelled: tuple[list[str], list[str]]) -> None:
    texts, labels = labelled
    rng = np.random.default_rng(0)
    order = rng.permutation(len(texts))
    train, test = order[:1200], order[1200:]
    model = HotlineCategoryClassifier(C=1.0)
    assert clone(model).get_params()["C"] == 1.0  # scikit-learn conventions: params stored as given
    assert model.fit([texts[i] for i in train], [labels[i] for i in train]) is model
    predicted = model.predict([texts[i] for i in test])
    assert np.mean(predicted == np.array([labels[i] for i in test])) >= 0.85
    assert set(model.classes_) == set(labels)


def test_artifact_keeps_its_vocabulary_packed(labelled: tuple[list[str], list[str]], tmp_path: Path) -> None:
    """skops writes a dict as a node per entry: the vocabulary is persisted as one string and lengths."""
    from models.category import _load, dump_category_model

    texts, labels = labelled
    model = HotlineCategoryClassifier(bias_folds=0).fit(texts[:300], labels[:300])
    path = tmp_path / "category.skops"
    dump_category_model(model, path)
    state = json.loads(zipfile.ZipFile(path).read("schema.json"))["content"]["content"]
    assert "packed_vocabulary_" in state and "vocabulary_" not in state["vectorizer_"]["content"]["content"]
    again = _load(str(path))
    assert again.vectorizer_.vocabulary_ == model.vectorizer_.vocabulary_
    assert list(again.predict(texts[300:400])) == list(model.predict(texts[300:400]))
    assert model.vectorizer_.vocabulary_  # persisting did not empty the fitted model


def test_fill_missing_categories_marks_predictions(labelled: tuple[list[str], list[str]]) -> None:
    texts, labels = labelled
    docs = [Document(id=str(n), source="12345", kind="hotline", title="", text=texts[n]) for n in range(30)]
    docs.append(Document(id="own", source="县长信箱", kind="hotline", title="", text=texts[0], category="民政"))
    docs.append(Document(id="news", source="县新闻", kind="news", title="", text=texts[1]))
    assert fill_missing_categories(docs) == 30
    assert all(doc.metadata.get("category_predicted") for doc in docs[:30])
    assert np.mean([doc.category == labels[n] for n, doc in enumerate(docs[:30])]) >= 0.9
    assert docs[30].category == "民政" and "category_predicted" not in docs[30].metadata
    assert docs[31].category == "" and not docs[31].metadata
    assert set(load_category_model().classes_) == set(labels)


def test_a_source_of_another_taxonomy_keeps_its_blanks(data_dir: Path) -> None:
    """The Zhejiang board names its own classes (城建, 交通...); its letters without one are not given
    the model's (城乡建设, 交通运输...), which would split one class in two in the briefing. A source
    whose categories are the model's own still has its blanks filled."""
    letters = [json.loads(line) for line in (data_dir / "hotline/hangzhou_liuyan/messages.jsonl").open(encoding="utf-8")]
    board = [
        Document(id=letter["id"], source="领导留言板", kind="hotline", title=letter["title"], text=letter["content"],
                 category=letter.get("domain") or "")
        for letter in letters  # 29 of the 1,661 have no domain
    ]
    blank = [doc for doc in board if not doc.category]
    assert blank and {doc.category for doc in board} >= {"城建", "交通"}
    tipdm_like = [
        Document(id="a", source="12345", kind="hotline", title="", text="小区路灯坏了一个月没人修", category="城乡建设"),
        Document(id="b", source="12345", kind="hotline", title="", text="孩子今年上小学，学位怎么申请"),
    ]
    assert fill_missing_categories([*board, *tipdm_like]) == 1
    assert all(doc.category == "" and not doc.metadata.get("category_predicted") for doc in blank)
    assert tipdm_like[1].category == "教育文体" and tipdm_like[1].metadata["category_predicted"]


def test_import_fills_categories(data_dir: Path, tmp_path: Path, home: Path) -> None:
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    with source.open(encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(12), csv.DictReader(handle), strict=False)]
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:  # a real export without 一级分类
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["--home", str(home), "-q", "import", str(export)]) == 0
    stored = Store(Store.default_url(home)).documents()
    assert len(stored) == 12
    assert all(doc.category and doc.metadata.get("category_predicted") for doc in stored)


def test_lexicon_and_offsets_are_learnt_in_fit(labelled: tuple[list[str], list[str]], data_dir: Path) -> None:
    from models.evaluate_category import load_taxonomy_lexicon

    texts, labels = labelled
    lexicon = load_taxonomy_lexicon(data_dir / "hotline/tipdm2020c/taxonomy.xlsx")
    assert ("安全生产事故处理", "城乡建设") in lexicon and len(lexicon) == 517
    model = HotlineCategoryClassifier(lexicon=lexicon, bias_folds=3).fit(texts[:600], labels[:600])
    assert set(model.classes_) == set(labels[:600])  # lexicon pairs of other classes (政法, 民政) left out
    assert model.bias_.shape == (len(model.classes_),)
    unbiased = HotlineCategoryClassifier(lexicon=lexicon, bias_folds=0).fit(texts[:600], labels[:600])
    assert not unbiased.bias_.any()
    shipped = load_category_model()
    assert shipped.lexicon and shipped.bias_.shape == (len(shipped.classes_),)
