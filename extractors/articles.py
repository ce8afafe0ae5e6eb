"""Exports of articles -> Documents: a 舆情 monitoring system's Excel, a CMS's or a crawler's dump of news
or policy documents (XLSX, XLS, CSV/TSV, JSON lines, an HTML table), one article a row.

An office's 舆情 service sends such a sheet every day (标题, 来源, 发布时间, 正文 or 摘要, 链接); a portal's
export of its 政策文件 lists 标题, 成文日期, 内容. The columns are found by their names
(``[articles.columns]``), as a hotline export's are; a row without title and text is skipped and
counted, a sheet without a title or text column is an error naming the columns it has.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from extractors import ExtractionError
from extractors.hotline import (
    clean_cell,
    count_cell,
    day_and_clock,
    match_header,
    other_time_columns,
    second_header_row,
    sheets_and_hidden,
    table_rows,
    title_from_text,
)
from extractors.text import normalize_document, platform_time
from xuanti.records import Document, DocumentKind, stable_id, tone_name

log = logging.getLogger(__name__)

# The fields an article's columns may name; [articles.columns] gives each its header synonyms.
ARTICLE_FIELDS = ("title", "text", "summary", "time", "url", "origin", "author", "area", "doc_no", "likes", "reposts",
                  "comments", "tone")
# A header row is looked for among the first rows: exports put a report title or a date range above it.
_HEADER_ROWS = 20


def _header(rows: list[list[Any]], columns: dict[str, list[str]]) -> tuple[int, dict[str, int]]:
    """(index, field -> column) of the first row naming a title or a text column, the one naming most."""
    best: tuple[int, dict[str, int]] = (-1, {})
    for index, row in enumerate(rows):
        found = match_header(row, columns)
        if ("title" in found or "text" in found or "summary" in found) and len(found) > len(best[1]):
            best = (index, found)
    return best


def read_articles(data: bytes | Path, name: str, source: str, columns: dict[str, list[str]],
                  kind: DocumentKind = "news", sheet: str = "",
                  reference: datetime | None = None) -> tuple[list[Document], list[str], int]:
    """(documents, row errors, rows skipped) of an export of articles. An article's id is its link where
    it has one, else its title, time and text, so a rerun, or tomorrow's export repeating today's rows,
    stores nothing twice. A time as a platform prints it (5小时前, 昨天 14:30, 11月19日 20:40) is read
    against ``reference``, when the export was made (default: now). A time not understood is a row error
    and the article is kept undated. Raises ExtractionError for a file that cannot be read or has no
    title or text column.

    Without ``sheet``, every sheet of a workbook with a header row is read (a 舆情 report's 正面, 负面 and 中性
    sheets, a sheet a day), an article on two sheets once; errors then name the sheet."""
    # Hidden sheets come last, read only when no sheet shown has articles.
    sheets, hidden = ([], set()) if sheet else sheets_and_hidden(data)
    if len(sheets) < 2 and not hidden:
        docs, errors, skipped = _sheet_articles(table_rows(data, name, sheet, columns, articles=True), name, source,
                                                columns, kind, reference)
        if not docs and not skipped:
            raise ExtractionError(f"{name}: no articles under the header row")
        return docs, errors, skipped
    docs: list[Document] = []
    errors: list[str] = []
    skipped = read = 0
    first: set[str] = set()
    for candidate in sheets:
        if candidate in hidden and read:
            break
        try:
            found, sheet_errors, sheet_skipped = _sheet_articles(table_rows(data, name, candidate), name, source,
                                                                 columns, kind, reference, candidate, first)
        except _NoHeader:
            continue
        read += 1
        known = {doc.id for doc in docs}
        docs += [doc for doc in found if doc.id not in known]
        errors += sheet_errors
        skipped += sheet_skipped + sum(doc.id in known for doc in found)
    if not read:
        raise ExtractionError(f"{name}: no sheet has a title or text column (sheets: {', '.join(sheets)}); "
                              f"expected one of: {_wanted(columns)}")
    if not docs and not skipped:
        raise ExtractionError(f"{name}: no articles under the header rows")
    return docs, errors, skipped


class _NoHeader(ExtractionError):
    """A sheet without a header row naming a title or text column."""


def _wanted(columns: dict[str, list[str]]) -> str:
    return ", ".join(columns.get("title", [])[:6] + columns.get("text", [])[:6])


def _sheet_articles(rows: Iterator[list[Any]], name: str, source: str, columns: dict[str, list[str]],
                    kind: DocumentKind, reference: datetime | None, sheet: str = "",
                    first: set[str] | None = None) -> tuple[list[Document], list[str], int]:
    """``read_articles`` of one sheet's rows; ``sheet``, its name in a workbook of several; ``first``, the
    fields the workbook's first sheet of articles names (filled by that sheet), which a later one must name."""
    where = f"{name} sheet {sheet}" if sheet else name
    head: list[list[Any]] = []
    for row in rows:
        head.append(row)
        if len(head) >= _HEADER_ROWS:
            break
    at, fields = _header(head, columns)
    if at < 0:
        seen = next((row for row in head if any(clean_cell(cell) for cell in row)), [])
        names = ", ".join(clean_cell(cell) for cell in seen if clean_cell(cell)) or "(no header row found)"
        raise _NoHeader(f"{where}: no title or text column; headers found: {names}; expected one of: "
                        f"{_wanted(columns)}")
    second = second_header_row(head[at], head[at + 1], columns, fields) if at + 1 < len(head) else None
    if second:  # 转发数 and 评论数 under a 传播数据 merged across them: the two rows one header
        head[at + 1], fields = second
        at += 1
    if first is not None:
        if first and not first <= fields.keys():
            # A later sheet lacking the fields of the first sheet of stories: a 统计 of 来源 and 标题 counts.
            raise _NoHeader(f"{where}: not the columns of the first sheet of articles ({', '.join(sorted(first))})")
        first.update(fields)
    docs: list[Document] = []
    errors: list[str] = []
    skipped = 0
    number = at + 1  # the header's row number, counting from 1

    def pick(row: list[Any], field: str) -> Any:
        """The field's raw cell of a row, None where the row has none."""
        index = fields.get(field)
        return row[index] if index is not None and index < len(row) else None

    header = [clean_cell(value) for value in head[at]]
    # A sheet may give the date and the time of day apart (发布日期, 发布时间 of 14:30), as hotline exports do.
    other_times = other_time_columns(head[at], columns, fields.values())
    for row in [*head[at + 1:], *rows]:
        number += 1
        cleaned = [clean_cell(value) for value in row]
        if not any(cleaned):
            continue  # a blank row between groups
        if cleaned == header:
            continue  # the header again: exports joined one after another, or a page's header repeated
        texts = {field: cleaned[index] for field, index in fields.items() if index < len(cleaned)}
        title, text = texts.get("title", "").replace("\n", " "), texts.get("text") or texts.get("summary", "")
        if not title and not text:
            skipped += 1
            continue
        # The raw cells: a workbook's own datetime.
        published, _ = day_and_clock([pick(row, "time"), *(row[index] for index in other_times if index < len(row))])
        relative = published is None and bool(texts.get("time"))
        if relative:
            published = platform_time(texts["time"], (reference or datetime.now()).replace(microsecond=0))
            if published is None:
                errors.append(f"{where} row {number}: time {texts['time']!r} not understood; kept without a date")
        url = texts.get("url", "")
        url = url if url.startswith(("http://", "https://")) else ""
        title = title or title_from_text(text)
        metadata: dict[str, Any] = {"row": number, **({"sheet": sheet} if sheet else {})}
        # The outlet (a 舆情 sheet's 来源: 人民网, 县融媒体中心…) counts as a source of its own in a topic's breadth.
        for field, key in (("origin", "outlet"), ("author", "author"), ("doc_no", "发文字号")):
            if value := texts.get(field, "").replace("\n", " "):
                metadata[key] = value
        for field in ("likes", "reposts", "comments"):  # a 舆情 sheet's 点赞数, 转发数, 评论数: the ranking's heat
            if count := count_cell(pick(row, field)):
                metadata[field] = count
        # The service's 情感倾向 (正面/负面/中性, 敏感): the analysis takes it for the model's tone.
        if said := texts.get("tone", ""):
            if tone := tone_name(said):
                metadata["tone"] = tone
            else:
                errors.append(f"{where} row {number}: tone {said!r} not understood (正面, 负面 or 中性); kept without one")
        # A time read against the export's own (5小时前) is another tomorrow: it is no part of the id.
        identity = url or stable_id(title, published.isoformat() if published and not relative else "", text[:500])
        doc = Document(id=stable_id(source, identity), source=source, kind=kind, title=title, text=text, url=url,
                       published=published, area=texts.get("area", ""), metadata=metadata)
        docs.append(normalize_document(doc))
    return docs, errors, skipped


def article_columns(defaults: dict[str, list[str]], extra: dict[str, list[str]]) -> dict[str, list[str]]:
    """The source's own header synonyms before the defaults', field by field; an unknown field is an
    error listing the valid ones."""
    unknown = sorted(set(extra) - set(ARTICLE_FIELDS))
    if unknown:
        raise ValueError(f"unknown article field(s) {', '.join(unknown)}; valid: {', '.join(ARTICLE_FIELDS)}")
    return {field: list(dict.fromkeys([*extra.get(field, []), *defaults.get(field, [])])) for field in ARTICLE_FIELDS}
