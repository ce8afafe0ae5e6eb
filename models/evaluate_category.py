"""Hotline category accuracy by stratified k-fold cross-validation on ``一级分类\\t主题+详情`` lines."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from extractors.files import read_text_file
from models.category import HotlineCategoryClassifier, category_text

_SPACES = re.compile(r"\s+")


class CategoryDataError(ValueError):
    """A labelled category file that cannot be used; the message names the file and what is wrong."""


# A first line naming its columns: the category's, the text's and, if there is one, the title's. A
# header may put them in any order ("text<TAB>label", as many machine-learning files are written).
_HEADER_NAMES = frozenset({"一级分类", "分类", "类别", "问题分类", "category", "label", "class"})
_TEXT_NAMES = frozenset({"text", "content", "sentence", "文本", "内容", "留言详情", "留言内容", "诉求内容", "主题+详情"})
_TITLE_NAMES = frozenset({"title", "标题", "留言主题", "主题"})


def _columns(cells: list[str]) -> tuple[int, int, int | None] | None:
    """(category, text, title or None) column of a header row, None when the row is no such header."""
    names = [cell.strip().lower() for cell in cells]
    category = next((k for k, name in enumerate(names) if name in _HEADER_NAMES), None)
    text = next((k for k, name in enumerate(names) if name in _TEXT_NAMES), None)
    title = next((k for k, name in enumerate(names) if name in _TITLE_NAMES), None)
    if category is None or (text is None and title is None):
        return None
    return (category, text, title) if text is not None else (category, title, None)  # type: ignore[return-value]


def load_category_tsv(path: Path, delimiter: str = "\t") -> tuple[list[str], list[str]]:
    """(texts, categories) of a ``category<TAB>text`` file (UTF-8, else GB18030; ``delimiter`` "," for a
    CSV); blank lines are skipped. A header row naming the columns (一级分类/category/label,
    留言详情/text/content, 留言主题/title) is read in whatever order it gives them; without one, a file
    written ``text<TAB>category`` (its first column long and varied, its second a few names) is read so.
    A line without a category, a tab or a text raises ``CategoryDataError`` naming it: silently dropping
    it would score a file other than the one given."""
    import csv

    path = Path(path)
    text = read_text_file(path.read_bytes())
    if delimiter == "\t":
        # The text may hold tabs of its own: without a header, a line is split at its first tab only.
        rows = [(number, line.split("\t")) for number, line in enumerate(text.splitlines(), start=1)]
    else:
        rows = [(reader.line_num, cells) for reader in [csv.reader(io.StringIO(text), delimiter=delimiter)]
                for cells in reader]
    rows = [(number, cells) for number, cells in rows if any(cell.strip() for cell in cells)]
    header = _columns(rows[0][1]) if rows else None
    if header is None and rows and rows[0][1][0].strip().lower() in _HEADER_NAMES:
        header = (0, 1, None)  # 一级分类<TAB>whatever the text column is called
    header_cells = rows[0][1] if header else []
    body = rows[1:] if header else rows
    reversed_order = header is None and _text_first(body)
    name = "category,text" if delimiter == "," else "category<TAB>text"
    texts, labels = [], []
    for number, cells in body:
        if header is not None:
            category_at, text_at, title_at = header
            label = cells[category_at] if category_at < len(cells) else ""
            message = cells[text_at] if text_at < len(cells) else ""
            if text_at == len(header_cells) - 1 and delimiter == "\t":  # the last column: its own tabs kept
                message = delimiter.join(cells[text_at:])
            if title_at is not None and title_at < len(cells):
                message = category_text(cells[title_at], message)
            sep = len(cells) > 1
        elif reversed_order:
            sep = len(cells) > 1
            message, label = delimiter.join(cells[:-1]), cells[-1]
        else:
            sep = len(cells) > 1
            label, message = cells[0], delimiter.join(cells[1:])
        if not (sep and label.strip() and message.strip()):
            missing = "tab" if not sep else ("category" if not label.strip() else "text")
            if missing == "tab" and delimiter != "\t":
                missing = "comma"
            line = delimiter.join(cells)
            raise CategoryDataError(f"{path.name} line {number}: no {missing}; expected '{name}', got {line[:40]!r}")
        labels.append(label.strip())
        texts.append(message)
    return texts, labels


def _text_first(rows: list[tuple[int, list[str]]]) -> bool:
    """Whether header-less lines read ``text<TAB>category``: their last column holds a few names used
    again and again, their first long texts hardly ever repeated."""
    pairs = [(cells[0], cells[-1]) for _, cells in rows if len(cells) > 1]
    if len(pairs) < 20:
        return False
    firsts, lasts = {first.strip() for first, _ in pairs}, {last.strip() for _, last in pairs}
    few = max(50, len(pairs) // 10)
    return len(lasts) <= few < len(firsts) and sum(map(len, lasts)) / len(lasts) < 20


# The category<TAB>text format's names; any other name an export may have is read as an export.
_TSV_SUFFIXES = (".tsv", ".txt")


def _labelled_csv(path: Path) -> bool:
    """Whether a CSV is a labelled two-column file (category,text) rather than a hotline export: its
    header names a category and a text column and nothing an export has more, or it has two columns
    and no header at all (no cell a name of ours or of [hotline.columns])."""
    import csv

    from extractors.hotline import match_header
    from xuanti.settings import load_settings

    first = next(csv.reader(io.StringIO(read_text_file(path.read_bytes()))), [])
    first = [cell for cell in first if cell.strip()]
    if _columns(first) is not None:
        return len(first) <= 3
    known = _HEADER_NAMES | _TEXT_NAMES | _TITLE_NAMES
    return (len(first) == 2 and not any(cell.strip().lower() in known for cell in first)
            and not match_header(first, load_settings(None).hotline.columns))


def load_category_data(path: Path) -> tuple[list[str], list[str]]:
    """(texts, categories) of labelled hotline messages: a ``category<TAB>text`` file (or a two-column
    ``category,text`` CSV, the columns in any order a header names), or an export
    (XLSX/XLS/CSV/JSON, or an HTML or Excel 2003 XML page) whose headers the hotline reader knows
    (一级分类 or 问题分类 with 留言主题, 留言详情 and the like, ``[hotline.columns]``), read as the nightly
    import reads it."""
    from extractors.hotline import EXPORT_SUFFIXES

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv" and _labelled_csv(path):
        texts, labels = load_category_tsv(path, delimiter=",")
        what = "'category,text' lines"
    elif suffix in EXPORT_SUFFIXES and suffix not in _TSV_SUFFIXES:
        from extractors.hotline import ExtractionError, read_hotline, title_from_text
        from xuanti.settings import load_settings

        try:
            docs, _, _ = read_hotline(path.read_bytes(), path.name, "hotline", load_settings(None).hotline.columns)
        except ExtractionError as exc:
            raise CategoryDataError(str(exc)) from None
        # A title the reader made up from the text's start (no title column) would count it twice.
        pairs = [
            (category_text("" if doc.title == title_from_text(doc.text) else doc.title, doc.text),
             doc.category)
            for doc in docs
            if doc.category
        ]
        texts, labels = [text for text, _ in pairs], [label for _, label in pairs]
        what = "messages with a category (一级分类/问题分类 column)"
    else:
        texts, labels = load_category_tsv(path)
        what = "'category<TAB>text' lines"
    if not texts:
        raise CategoryDataError(f"{path.name}: no {what}")
    return texts, labels


def _workbook_columns(path: Path, *names: str) -> Iterator[list[str]]:
    """The cells of the named header columns of a workbook's first sheet, row by row, as stripped
    strings ("" for empty); a file that is no workbook, or lacks a column, is a CategoryDataError."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # zipfile/openpyxl raise many kinds on a file that is no XLSX
        raise CategoryDataError(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a wrong stated used range (A1) would hide every row
        rows = sheet.iter_rows(values_only=True)
        header = [str(cell if cell is not None else "").strip() for cell in next(rows, ())]
        missing = [name for name in names if name not in header]
        if missing:
            found = ", ".join(cell for cell in header if cell) or "(none)"
            raise CategoryDataError(f"{path.name}: no column {', '.join(missing)}; headers found: {found}; "
                                    f"expected: {', '.join(names)}")
        columns = [header.index(name) for name in names]
        for row in rows:
            yield [str(row[column] if column < len(row) and row[column] is not None else "").strip()
                   for column in columns]
    finally:
        book.close()


def load_labelled_sample(path: Path) -> tuple[list[str], list[str]]:
    """(texts, categories) of the 附件2-style workbook: 留言主题, 留言详情, 一级分类 columns."""
    texts, labels = [], []
    for title, text, label in _workbook_columns(path, "留言主题", "留言详情", "一级分类"):
        if label:
            texts.append(category_text(title, text))
            labels.append(label)
    return texts, labels


def load_taxonomy_lexicon(path: Path) -> tuple[tuple[str, str], ...]:
    """(二级+三级 name, 一级分类) pairs of the 附件1-style taxonomy workbook, one per row, in order.

    "安全生产" / "事故处理" under 城乡建设 gives ("安全生产事故处理", "城乡建设"): short texts of what
    each first-level class covers, for ``HotlineCategoryClassifier(lexicon=...)``.
    """
    return tuple(
        (f"{second}{third}", label)
        for label, second, third in _workbook_columns(path, "一级分类", "二级分类", "三级分类")
        if label and f"{second}{third}"
    )


def _fingerprint(text: str) -> str:
    return _SPACES.sub("", text)[:40]


def extra_training(extra: Path | None, exclude: list[str]) -> tuple[list[str], list[str]]:
    """Labelled messages from another file, without any that also appear in ``exclude`` (no leakage)."""
    if extra is None or not extra.is_file():
        return [], []
    texts, labels = load_labelled_sample(extra)
    seen = {_fingerprint(text) for text in exclude}
    keep = [i for i, text in enumerate(texts) if _fingerprint(text) not in seen]
    return [texts[i] for i in keep], [labels[i] for i in keep]


def evaluate_category(
    path: Path, extra: Path | None = None, folds: int = 5, seed: int = 0, taxonomy: Path | None = None
) -> dict[str, Any]:
    """Accuracy (overall and per class) of 5-fold CV; ``extra`` labelled data only ever joins training.

    ``taxonomy`` (a 附件1-style workbook) gives the classifier its lexicon of category names. Every
    choice the classifier makes from labels (its score offsets) is made inside ``fit`` on the
    training part of each fold.
    """
    from sklearn.model_selection import StratifiedKFold

    texts, labels = load_category_data(path)
    extra_texts, extra_labels = extra_training(extra, texts)
    lexicon = load_taxonomy_lexicon(taxonomy) if taxonomy is not None and taxonomy.is_file() else None
    y = np.array(labels)
    predicted = np.empty(len(y), dtype=object)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(texts, y):
        model = HotlineCategoryClassifier(lexicon=lexicon).fit(
            [texts[i] for i in train] + extra_texts, list(y[train]) + extra_labels
        )
        predicted[test] = model.predict([texts[i] for i in test])
    correct = predicted == y
    known = set(labels)
    return {
        "accuracy": round(float(correct.mean()), 4),
        "n": len(y),
        "folds": folds,
        "extra_training": len(extra_texts),
        "lexicon": sum(1 for _, label in lexicon or () if label in known),  # the pairs used
        "per_class": {label: round(float(correct[y == label].mean()), 4) for label in sorted(set(labels))},
    }


def evaluate_shipped_category(path: Path, training: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Accuracy (overall and per class) of the shipped classifier, as it is, on the labelled messages
    of ``path``: no refit, so on held-out data this is how it does on messages it never saw.

    ``seen_in_training`` counts the messages also found in the ``training`` files (the shared
    labelled_category_text.tsv and labelled_sample.xlsx it was trained on); ``unknown_classes`` are
    the data's categories the classifier does not have (every such message is an error).
    """
    from models.category import load_category_model

    texts, labels = load_category_data(path)
    model = load_category_model()
    y = np.array(labels, dtype=object)
    correct = model.predict(texts) == y
    seen: set[str] = set()
    for file in training:
        if file.is_file():
            seen |= {_fingerprint(text) for text in load_category_data(file)[0]}
    return {
        "protocol": "shipped",
        "accuracy": round(float(correct.mean()), 4),
        "n": len(y),
        "seen_in_training": sum(_fingerprint(text) in seen for text in texts),
        "unknown_classes": sorted(set(labels) - set(model.classes_)),
        "per_class": {label: round(float(correct[y == label].mean()), 4) for label in sorted(set(labels))},
    }
