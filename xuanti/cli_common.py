"""What every ``xuanti`` subcommand module shares: the error type, the parser class, settings/store helpers.

Subcommands live in modules that expose ``register(sub) -> {name: handler}`` (see ``xuanti.cli``), so
each area (models, evaluation, review, operations) adds its commands without touching the others.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, TextIO

from extractors.charset import byte_order_mark
from extractors.files import TABLE_SUFFIXES
from xuanti.records import (
    DOCUMENT_KINDS,
    SOURCE_NAMES,
    TEXT_KEYS,
    text_key,
    with_field_codes,
    xml_safe_values,
)

log = logging.getLogger("xuanti")

Handler = Callable[[argparse.Namespace, Path], int]


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line instead of argparse's usage block.
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# -- helpers ---------------------------------------------------------------------------------------
def setup_logging(quiet: bool) -> None:
    from rich.logging import RichHandler

    handler = RichHandler(show_path=False, show_time=False, markup=False, console=stderr_console())
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def settings_for(config: str | None) -> Any:
    from xuanti.settings import load_settings

    return load_settings(config)


def open_store(settings: Any, home: Path) -> Any:
    from xuanti.store import Store

    return Store(settings.store.url or Store.default_url(home))


def _text_lines(handle: BinaryIO) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None when it cannot be read, codec) of each line of a JSON-lines file.

    A file with a byte-order mark is read by its codec (UTF-16 as Notepad's and Excel's "Unicode"
    writes it). Otherwise each line is decoded on its own, as UTF-8 or else as GB18030: a script on a
    Chinese Windows writes GBK by default, and one GBK line among UTF-8 ones spoils no other."""
    head = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
    marked = byte_order_mark(head)
    if marked is not None and marked[0].startswith("utf-16"):
        handle.read(marked[1])
        text = io.TextIOWrapper(handle, encoding=marked[0], errors="replace")
        try:
            for number, line in enumerate(text, 1):
                yield number, line, marked[0]
        finally:
            text.detach()  # the caller closes the file (and never standard input)
        return
    if marked is not None:
        handle.read(marked[1])
    for number, raw in enumerate(handle, 1):
        for codec in ("utf-8", "gb18030"):
            try:
                yield number, raw.decode(codec), codec
                break
            except UnicodeDecodeError:
                continue
        else:
            yield number, None, ""


def line_text(item: dict[str, Any]) -> str:
    """A line's text, under whichever of TEXT_KEYS it stands ("" when it has none)."""
    key = text_key(item)
    return str(item.get(key) or "") if key else ""




def _json_lines(handle: BinaryIO, where: str, read_as_gbk: list[int]) -> Iterator[tuple[str, Any]]:
    """("line N", the parsed value, or a problem's text) of each non-blank line of a JSON-lines file."""
    for number, line, codec in _text_lines(handle):
        if line is None:
            yield f"line {number}", "neither UTF-8 nor GB18030 text"
            continue
        if codec == "gb18030":
            read_as_gbk.append(number)
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {number}", f"not valid JSON ({exc.msg})"


def _sheet_rows(path: Path) -> Iterator[tuple[str, Any]]:
    """("row N", item) of a sheet: its Chinese column names (标题, 来源, 日期…) read as the codes, its
    times and whole numbers as JSON writes them."""
    from extractors.files import labelled_records

    for where, record in labelled_records(path, UsageError):
        for name, value in record.items():
            if isinstance(value, datetime):
                record[name] = value.isoformat(sep=" ")
            elif isinstance(value, float) and value.is_integer():
                record[name] = int(value)
        # A 舆情 sheet's 来源 may name the outlet (人民网), not the kind: it stays as it is, the row read as news.
        outlet = str(record.get("来源") or "").strip() not in (*DOCUMENT_KINDS, *SOURCE_NAMES, "")
        item = with_field_codes(record, keep=("来源",) if outlet else ())
        yield where[len(path.name) + 1:], item  # "row N": the reader names the file itself


def read_jsonl(path: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The items of a JSON-lines file (or of a sheet, XLSX/CSV, headed title, text, source, date or
    标题, 正文, 来源, 日期) and one message per bad line, naming its line number.

    A bad line (neither UTF-8 nor GB18030, not JSON, or no object with a text or a 'title') is skipped and
    the rest are read, so one broken line of a long export costs only itself; a missing file is a
    UsageError. The text is a line's 'text', else its 'body', 'content', 正文 or 内容 (said in a note); a
    source may be written in Chinese (新闻, 政策, 热线), and is read as its code. Lines read as GB18030
    are counted in a note on standard error.
    """
    if path == "-":
        handle: BinaryIO | None = sys.stdin.buffer
    else:
        if not Path(path).is_file():
            raise UsageError(f"{path}: file not found")
        sheet = Path(path).suffix.lower() in TABLE_SUFFIXES  # an editor's list of items
        handle = None if sheet else open(path, "rb")  # noqa: SIM115 (closed below)
    where = "standard input" if path == "-" else path
    items: list[dict[str, Any]] = []
    problems: list[str] = []
    read_as_gbk: list[int] = []
    text_under: dict[str, int] = {}
    lines = _json_lines(handle, where, read_as_gbk) if handle is not None else _sheet_rows(Path(path))
    try:
        for at, item in lines:
            if isinstance(item, str):
                problems.append(f"{where}: {at}: {item}, skipped")
                continue
            if not isinstance(item, dict):
                problems.append(f"{where}: {at}: needs a JSON object with 'text', skipped")
                continue
            key = text_key(item)
            if (key is None or (key != "text" and not str(item[key]).strip())) and not item.get("title"):
                # An id is not needed: the output keeps each line where it was. What the line has tells a
                # writer of the file what to rename to "text".
                keys = ", ".join(map(str, item)) or "nothing"
                problems.append(f"{where}: {at}: needs 'text' (or {', '.join(TEXT_KEYS[1:])}, or a "
                                f"'title'); it has {keys}, skipped")
                continue
            if key not in (None, "text"):
                text_under[key] = text_under.get(key, 0) + 1
            # Half an emoji ("\ud83d") from an export cut short cannot be segmented or written out again.
            item = xml_safe_values(item)
            source = item.get("source")
            if isinstance(source, str) and source.strip() in SOURCE_NAMES:
                item["source"] = source = SOURCE_NAMES[source.strip()]
            if source not in (None, "") and source not in DOCUMENT_KINDS:
                # The models read the source kind: one they do not know would be scored as no kind at all.
                problems.append(f"{where}: {at}: source {source!r}; expected one of: "
                                f"{', '.join(DOCUMENT_KINDS)} (or {'、'.join(SOURCE_NAMES)}), skipped")
                continue
            items.append(item)
    finally:
        if handle is not None and handle is not sys.stdin.buffer:
            handle.close()
    if read_as_gbk:
        count = f"line {read_as_gbk[0]}" if len(read_as_gbk) == 1 else f"{len(read_as_gbk)} lines"
        print(f"xuanti: note: {where}: {count} not UTF-8, read as GB18030 (GBK); the output is UTF-8",
              file=sys.stderr)
    for key, count in text_under.items():
        print(f"xuanti: note: {where}: {count} lines have no 'text'; their '{key}' is read as the text",
              file=sys.stderr)
    return items, problems


def report_skipped(problems: list[str], items: list[dict[str, Any]] | None = None) -> int:
    """Print each skipped line's reason to standard error, and a note when ``items`` have lines without
    a source (read as news); the exit code: 1 when any line was skipped."""
    for problem in problems:
        print(f"xuanti: {problem}", file=sys.stderr)
    missing = sum(not item.get("source") for item in items or [])
    if missing:
        print(f"xuanti: note: {missing} of {len(items or [])} lines have no source; they are read as news "
              f"(give each its source: {', '.join(DOCUMENT_KINDS)})", file=sys.stderr)
    return 1 if problems else 0


def output(path: str | None) -> TextIO:
    return open(path, "w", encoding="utf-8") if path else sys.stdout  # noqa: SIM115
