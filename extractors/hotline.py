"""12345 hotline / 市长信箱 / 留言板 exports (CSV, XLSX, XLS) -> Documents of kind "hotline".

Header names differ between every export, so columns are found by synonyms ([hotline.columns]).
Personal data is masked before anything leaves this module: phone numbers, ID-card and bank-card
numbers, e-mail addresses; columns listed in ``drop`` (names of callers) are never copied.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as time_of_day
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from extractors import ExtractionError
from extractors.charset import META_CHARSET, byte_order_mark, normalize_charset
from extractors.files import ODF_OFFICE, ODF_TABLE, ODF_TEXT, PASSWORD_PROTECTED, WORKBOOK_SUFFIXES, file_kind
from extractors.text import (
    clean_line,
    holds_markup,
    hour_of_day,
    html_to_text,
    parse_time_value,
    simplify,
    to_half_width,
)
from xuanti.records import Document, stable_id

if TYPE_CHECKING:
    from xuanti.store import Store

CANONICAL = ("id", "time", "title", "text", "area", "category", "form", "status", "reply", "satisfaction", "likes",
             "against", "urgency", "user")
REQUIRED = ("text",)

# -- personal data ----------------------------------------------------------------------------------
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
_ID_CARD_15 = re.compile(r"(?<!\d)[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?!\d)")
_BANK_CARD = re.compile(r"(?<!\d)(?:\d{4}[ -]?){3}\d{4}(?:[ -]?\d{1,3})?(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[- ]?)\d{7,8}(?!\d)")
# A bare 7-8 digit number is a phone only where the text says so (电话/手机/联系方式...).
_CONTEXT_PHONE = re.compile(r"((?:电话|手机|联系方式|联系电话|号码|致电|拨打)[^\d\n]{0,6})(\d{7,8})(?!\d)")


def mask_personal(text: str) -> str:
    """Replace phone, ID-card, bank-card numbers and e-mails with 【手机号】-style placeholders."""
    if not text:
        return text
    text = _EMAIL.sub("【邮箱】", text)
    text = _ID_CARD.sub("【身份证号】", text)
    text = _ID_CARD_15.sub("【身份证号】", text)
    text = _MOBILE.sub("【手机号】", text)
    text = _BANK_CARD.sub("【银行卡号】", text)
    text = _LANDLINE.sub("【电话】", text)
    return _CONTEXT_PHONE.sub(lambda m: m.group(1) + "【电话】", text)


# -- cells ------------------------------------------------------------------------------------------
# Excel writes a control character in a cell as _x000D_ (a carriage return) and the like; readers
# that do not undo it hand the escape on, and it would end up in an editor's text.
_EXCEL_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f])_")


def _excel_unescaped(text: str) -> str:
    return _EXCEL_ESCAPE.sub(lambda match: chr(int(match[1], 16)), text) if "_x00" in text else text


# ="20261101001": how exports keep a long number or a leading zero as text when Excel opens their CSV.
_FORMULA_TEXT = re.compile(r'="((?:[^"]|"")*)"')
# '20261101001, '2026-11-01 10:30, '=…: a cell an exporter marked as text for Excel with a leading quote
# (to keep a long number or a leading zero, or against formula injection); Excel shows it without.
_QUOTED_CELL = re.compile(r"'(?:[\d\-/: .]+|[=+\-@].*)", re.S)
# 2.02611E+13: a long work-order number Excel has already turned into a float and shortened for display.
_SHORTENED_NUMBER = re.compile(r"\d(?:\.\d+)?[Ee]\+\d+")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        if value.startswith('="') and (quoted := _FORMULA_TEXT.fullmatch(value.strip())):
            value = quoted[1].replace('""', '"')
        elif value.startswith("'") and _QUOTED_CELL.fullmatch(value):
            value = value[1:]
        return _excel_unescaped(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


_BLOCK_TAG = re.compile(r"<(?:p|br|div|li|tr|h[1-6])\b", re.I)


def clean_cell(value: Any) -> str:
    """Exports keep the web page's indentation inside cells ('\\n\\t\\t\\t'): one line per paragraph.
    A cell a web form's rich-text editor wrote (<p>…</p>, <br/>, &nbsp;, &ldquo;) is read as that HTML."""
    text = _cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
    if ("<" in text or "&" in text) and holds_markup(text):
        # Paragraph tags say where the lines break; else the cell's own line breaks do.
        text = (html_to_text(text) if _BLOCK_TAG.search(text)
                else "\n".join(html_to_text(line) if holds_markup(line) else line for line in text.split("\n")))
    lines = [clean_line(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


# A cell holding only the time of day, as exports with a date column beside it write it: 10:30, 10:30:00,
# 10时30分, 下午2:05, 02:05:00 PM.
_CLOCK = re.compile(
    r"(?P<half>上午|中午|下午|晚上|凌晨)?\s*(?P<H>\d{1,2})\s*[:：时点]\s*(?P<M>\d{1,2})\s*分?"
    r"(?:\s*[:：]?\s*(?P<S>\d{1,2})\s*秒?)?(?:\.\d+)?\s*(?P<half2>[AaPp][Mm]|上午|下午)?"
)
# The days a workbook's time-only cell falls on: Excel's day 0 (1899-12-30/31) or the 1904 system's.
_EXCEL_DAY_ZERO = frozenset({date(1899, 12, 30), date(1899, 12, 31), date(1904, 1, 1)})


def _clock(value: Any) -> time_of_day | None:
    """The time of day of a cell that holds nothing else (a workbook's time cell, "10:30:00", "下午2:05")."""
    if isinstance(value, time_of_day):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime):
        return value.time() if value.date() in _EXCEL_DAY_ZERO else None
    if not isinstance(value, str) or not (match := _CLOCK.fullmatch(value.strip())):
        return None
    try:
        return time_of_day(int(hour_of_day(match["H"], match["half"] or match["half2"]) or 0), int(match["M"]),
                           int(match["S"] or 0))
    except ValueError:
        return None


def day_and_clock(cells: Sequence[Any]) -> tuple[datetime | None, bool]:
    """(time, whether a cell after the first gave it) from an export's time cells, its time column's
    first: the first date, at the time of day of the first cell holding only a time when the date has
    none (来电日期 2020-01-10 beside 来电时间 10:30:00)."""
    day: datetime | None = None
    clock: time_of_day | None = None
    day_at = clock_at = 0
    for index, value in enumerate(cells):
        if (found := _clock(value)) is not None:
            if clock is None:
                clock, clock_at = found, index
        elif day is None and (day := parse_time_value(value)) is not None:
            day_at = index
    if day is not None and clock is not None and day.time() == time_of_day():
        return datetime.combine(day.date(), clock), max(day_at, clock_at) > 0
    return day, day_at > 0


# A count as boards and Excel print it: 1,234 (a "#,##0" cell saved as CSV), 1.2万, 3k, 10+.
_COUNT = re.compile(r"(\d+(?:\.\d+)?)\s*([万wW千kK]?)\s*\+?")
_COUNT_SCALE = {"万": 10000, "w": 10000, "W": 10000, "千": 1000, "k": 1000, "K": 1000}


def count_cell(value: Any) -> int | None:
    """A count as exports write it: 2097, "2,097", "2.1千", "1.5万", "1762+", full-width digits; None if none."""
    text = to_half_width(_cell_text(value).strip()).replace(",", "")
    try:
        return int(float(text)) if text else None
    except ValueError:
        count = _COUNT.fullmatch(text)
        return round(float(count[1]) * _COUNT_SCALE.get(count[2], 1)) if count else None


_AREA_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]\d{1,2}[区县市])")
_AREA_NAME = re.compile(r"(?:省|市)([\u4e00-\u9fa5]{1,4}?(?:自治县|区|县))")
# What starts no name of a district or county: a determiner, a numeral, a conjunction, the tail of
# the word before 市 ("市委", "市政": 委老区, 政公共区), a verb (加快区).
_NOT_AREA_LEADS = frozenset("各所其别及和与或内委政加下里的之一二三四五六七八九十两几本该此全跨重")
_NOT_AREA = ("小区", "居民区", "行政区", "核心区", "社区", "园区", "景区", "校区", "街区", "片区", "辖区", "城区", "市区", "新区", "山区", "地区", "郊区")


def area_from_text(text: str) -> str:
    """The 区/县 a message is about: 'A3区' in anonymised exports, else the first district, county or
    county-level city it names, from the lists ("我是商州区金陵寺镇…", "浙江省温州市瑞安市…") or as
    'XX市YY区'."""
    match = _AREA_CODE.search(text)
    if match:
        return match.group(1)
    from models.places import named_counties, named_county_cities  # the lists places are read against

    # The list, not a pattern, decides what a bare name is: "离居民区", "本人在县", "今年郊县" and
    # "号厂区" were read as areas by a pattern for a name at the start, and 商州区 in the letters of
    # 商洛's 市长信箱 and 西湖区 in Hangzhou's were missed when not at the start (Shangluo: 306 more
    # letters with an area of 1,179; Hangzhou: 174 more, the 16 it lost were such words).
    found = [(start, name) for name, start, _ in named_counties(text)]
    found += [(start, name) for name, start, _ in named_county_cities(text)]  # 瑞安市, 义乌市
    found += [(match.start(1), match.group(1)) for match in _AREA_NAME.finditer(text) if _is_area(match.group(1))]
    return min(found)[1] if found else ""


def _is_area(name: str) -> bool:
    """Not a generic word (小区, 山区), unless a real district or county has that ending (萧山区, 上城区),
    and not a listed name with words before it: in "给市长与余杭区…" the 市 of 市长 made "长与余杭区"."""
    from models.places import county_names  # the list of county-level names places are read against

    names = county_names()
    if any(name[start:] in names for start in range(1, len(name) - 1)):
        return False  # the listed name itself is found by the list
    if name[0] in _NOT_AREA_LEADS or "县区" in name or "市县" in name:
        return False  # "各个县", "内五区", "和内陆强县", "所有县": words about counties, not one named
    return not name.endswith(_NOT_AREA) or name in names


# -- reading the file into rows ---------------------------------------------------------------------
# Input of the readers: the file's bytes, an open binary file, or a path. Paths and files are read
# incrementally, so a 100,000-row export never sits in memory as one text.
HotlineInput = bytes | BinaryIO | Path
# The file names an export may have (a folder of exports is read by them): workbooks, JSON, delimited
# text, and the HTML or Excel 2003 XML pages some systems export.
EXPORT_SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".htm", ".html", ".xml")
# Word files a folder of exports is read for too (``word_rows``): a 12345 centre's 转办单, a letter a file;
# a 舆情 service's daily report, its table of articles.
WORD_SUFFIXES = (".docx", ".docm", ".doc", ".wps")
# Printed and other documents it is read for too: a 周报's table of letters or a 转办单 printed to PDF, a
# 舆情日报 as PDF or OFD (``printed_rows``), one saved as RTF or OpenDocument (read as Word's, ``word_rows``).
PRINTED_SUFFIXES = (".pdf", ".ofd", ".rtf", ".odt")
# Every document a folder of exports is read for letters or articles.
LETTER_DOCUMENT_SUFFIXES = (*WORD_SUFFIXES, *PRINTED_SUFFIXES)


def _open_binary(data: HotlineInput) -> BinaryIO:
    if isinstance(data, bytes | bytearray):
        return io.BytesIO(data)
    if isinstance(data, Path):
        try:
            return data.open("rb")
        except OSError as exc:
            raise ExtractionError(f"{data}: cannot open export ({exc.strerror or exc})") from None
    return data


_SAMPLE_BYTES = 1 << 16


def _text_stream(stream: BinaryIO, declared: str | None = None) -> io.TextIOWrapper:
    """The export's text: past a byte-order mark by its codec (UTF-8, UTF-16 as Excel's "Unicode 文本"
    export, GB18030); else UTF-8 if the first 64 KiB decode as UTF-8, else GB18030 (a GBK superset).
    Mostly-GBK with a few broken bytes is the common case in these exports: replace, do not fail.
    ``declared`` (an HTML export's ``<meta charset>``) decides where the sample cannot: all ASCII, or
    not UTF-8 but clean in the declared codec."""
    sample = stream.read(_SAMPLE_BYTES)
    marked = byte_order_mark(sample)
    if marked is not None:
        encoding, length = marked
        stream.seek(length)
        return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    stream.seek(0)
    if unmarked := _utf16_without_mark(sample):
        return io.TextIOWrapper(stream, encoding=unmarked, errors="replace", newline="")
    declared = normalize_charset(declared)
    try:
        # Not final: the sample may end inside a multi-byte character.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        encoding = declared if declared and sample.isascii() else "utf-8"
    except UnicodeDecodeError:
        encoding = "gb18030"
        if declared and declared != "utf-8":
            try:
                codecs.getincrementaldecoder(declared)().decode(sample, final=False)
                encoding = declared
            except UnicodeDecodeError:
                pass
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


def _utf16_without_mark(sample: bytes) -> str:
    """"utf-16-le" or "utf-16-be" for UTF-16 text written without its byte-order mark (some Java and .NET
    exporters): its ASCII letters, digits, separators and line ends are half zero bytes, all on one side;
    "" for anything else (UTF-8 and GBK text hold no zero bytes)."""
    head = sample[:4096]
    if b"\x00" not in head:
        return ""
    # A few characters have a zero byte of their own (一 is U+4E00): one side, not none, is zero-heavy.
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= max(8, len(head) // 50) and odd >= 4 * even:
        return "utf-16-le"
    if even >= max(8, len(head) // 50) and even >= 4 * odd:
        return "utf-16-be"
    return ""


_DELIMITERS = ",\t;|"


def _delimiter(lines: list[str]) -> str:
    """The separator of delimited text: the commonest one of its first line that has any. csv.Sniffer
    misjudges quoting on multi-line cells; a title line above the header ("12345热线工单导出（2020年1月）",
    "导出时间：2024-01-02") or a blank line has none of them. A title with a single one ("工单导出,共10条")
    yields to the next line when that line has none of it."""
    found = [(line, max(_DELIMITERS, key=line.count)) for line in lines]
    found = [(line, delimiter) for line, delimiter in found if delimiter in line]
    if not found:
        return ","
    (line, delimiter), following = found[0], found[1:]
    if line.count(delimiter) == 1 and following and delimiter not in following[0][0]:
        return following[0][1]
    return delimiter


def _csv_rows(stream: BinaryIO, filename: str) -> Iterator[list[Any]]:
    text = _text_stream(stream)
    head = list(itertools.islice(text, 30))
    reader = csv.reader(itertools.chain(head, text), delimiter=_delimiter(head))
    try:
        yield from reader
    except csv.Error as exc:  # e.g. a cell over csv.field_size_limit in a broken export
        raise ExtractionError(f"{filename} row {reader.line_num}: unreadable CSV ({exc})") from None


def _xlsx_rows(stream: BinaryIO, filename: str, sheet: str) -> Iterator[list[Any]]:
    import openpyxl

    try:
        # read_only streams the sheet XML row by row instead of building every cell object.
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # zipfile/openpyxl raise many kinds on a broken file
        raise ExtractionError(f"{filename}: not a readable XLSX workbook ({exc})") from None
    try:
        if sheet and sheet not in book.sheetnames:
            raise ExtractionError(f"{filename}: no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
        worksheet = book[sheet] if sheet else book.worksheets[0]
        # Some exporters write a wrong used range (<dimension ref="A1"/>), which read-only mode trusts:
        # one cell of the whole sheet would be read. Each row is read as far as it goes instead.
        worksheet.reset_dimensions()
        try:
            for row in worksheet.iter_rows(values_only=True):
                yield list(row)
        except ExtractionError:
            raise
        except Exception as exc:  # a corrupt sheet part is found only while reading it
            raise ExtractionError(f"{filename}: broken XLSX sheet ({type(exc).__name__}: {exc})") from None
    finally:
        book.close()


# OpenDocument spreadsheets (.ods: LibreOffice's and WPS's on domestic systems, 统信UOS and 麒麟).
# A sheet's unused rest is written as one row or cell repeated (number-rows-repeated="1048000"): blank
# rows and cells are given as far as this, then the sheet is taken to have ended.
_ODS_BLANK_REPEAT = 1000


def _ods_value(cell: Any) -> Any:
    """A cell's value as openpyxl gives an XLSX's: a number, a datetime, else its text."""
    kind = cell.get(ODF_OFFICE + "value-type") or ""
    if kind in ("float", "percentage", "currency"):
        try:
            number = float(cell.get(ODF_OFFICE + "value") or "")
            return int(number) if number.is_integer() else number
        except ValueError:
            pass
    if kind == "date":
        try:
            return datetime.fromisoformat(cell.get(ODF_OFFICE + "date-value") or "")
        except ValueError:
            pass
    return "\n".join("".join(paragraph.itertext()) for paragraph in cell.iter(ODF_TEXT + "p", ODF_TEXT + "h"))


def _ods_content(stream: BinaryIO, filename: str) -> Any:
    import zipfile

    try:
        return zipfile.ZipFile(stream).open("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ExtractionError(f"{filename}: not a readable ODS workbook ({exc})") from None


def _ods_rows(stream: BinaryIO, filename: str, sheet: str) -> Iterator[list[Any]]:
    """Rows of an ODS workbook's first sheet (or the sheet named ``sheet``), streamed."""
    from lxml import etree

    content = _ods_content(stream, filename)
    names: list[str] = []
    reading = False
    try:
        for event, node in etree.iterparse(content, events=("start", "end"), tag=(ODF_TABLE + "table",
                                           ODF_TABLE + "table-row"), resolve_entities=False, huge_tree=True):
            if node.tag == ODF_TABLE + "table":
                if event == "start":
                    names.append(node.get(ODF_TABLE + "name") or "")
                    reading = names[-1] == sheet if sheet else len(names) == 1
                elif reading:
                    return  # the sheet is read; the rest of the workbook is not needed
                continue
            if event != "end":
                continue
            if reading:
                cells: list[Any] = []
                for cell in node:
                    if cell.tag in (ODF_TABLE + "table-cell", ODF_TABLE + "covered-table-cell"):
                        value = _ods_value(cell)
                        repeat = int(cell.get(ODF_TABLE + "number-columns-repeated") or 1)
                        cells += [value] * (min(repeat, _ODS_BLANK_REPEAT) if value == "" else repeat)
                while cells and cells[-1] == "":
                    cells.pop()
                repeat = int(node.get(ODF_TABLE + "number-rows-repeated") or 1)
                if not cells and repeat > _ODS_BLANK_REPEAT:
                    reading = False  # the sheet's unused rest
                for _ in range(repeat if cells or reading else 0):
                    yield list(cells)
            node.clear()
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(f"{filename}: broken ODS sheet ({exc})") from None
    if sheet and sheet not in names:
        raise ExtractionError(f"{filename}: no sheet {sheet!r} (sheets: {', '.join(names)})")


_ODF_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"


def _ods_sheet_states(stream: BinaryIO) -> list[tuple[str, bool]]:
    """(name, hidden) of each sheet of an ODS workbook: hidden by its table style (table:display="false",
    as LibreOffice and WPS write a sheet hidden with 隐藏工作表)."""
    from lxml import etree

    content = _ods_content(stream, "")
    hidden_styles: set[str] = set()
    states: list[tuple[str, bool]] = []
    for event, node in etree.iterparse(content, events=("start", "end"), tag=(_ODF_STYLE + "style",
                                       ODF_TABLE + "table"), resolve_entities=False, huge_tree=True):
        if node.tag == ODF_TABLE + "table":
            if event == "start":  # the styles come before the body
                states.append((node.get(ODF_TABLE + "name") or "",
                               node.get(ODF_TABLE + "style-name") in hidden_styles))
        elif event == "end" and node.get(_ODF_STYLE + "family") == "table":
            shown = node.find(_ODF_STYLE + "table-properties")
            if shown is not None and shown.get(ODF_TABLE + "display") == "false":
                hidden_styles.add(node.get(_ODF_STYLE + "name") or "")
    return states


def _xls_rows(stream: BinaryIO, filename: str, sheet: str) -> Iterator[list[Any]]:
    import xlrd

    data = stream.read()
    try:
        # Legacy .xls (BIFF) is read whole by xlrd; such exports are capped at 65,536 rows anyway.
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd.XLRDError and struct errors on junk
        if file_kind(data) == "ENCRYPTED" or "encrypted" in str(exc).lower():  # an XLSX or XLS with a password
            raise ExtractionError(f"{filename}: {PASSWORD_PROTECTED}") from None
        raise ExtractionError(f"{filename}: not a readable XLS workbook ({exc})") from None
    try:
        names = book.sheet_names()
        if sheet and sheet not in names:
            raise ExtractionError(f"{filename}: no sheet {sheet!r} (sheets: {', '.join(names)})")
        try:
            worksheet = book.sheet_by_name(sheet) if sheet else book.sheet_by_index(0)
        except Exception as exc:  # a truncated workbook fails when its sheet is loaded
            raise ExtractionError(f"{filename}: broken XLS sheet ({exc})") from None
        for index in range(worksheet.nrows):
            row = []
            for cell in worksheet.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        row.append(cell.value)
                else:
                    row.append(cell.value)
            yield row
    finally:
        book.release_resources()


def _json_cell(value: Any) -> Any:
    if isinstance(value, list):
        return "\n".join(str(item) for item in value if item is not None)
    if isinstance(value, dict):
        # A date as an object: Java's json-lib writes a Date as {"time": 1546495500000, "year": 119,
        # "timezoneOffset": -480, …}, MongoDB's extended JSON as {"$date": "…"} or {"$date": {"$numberLong":
        # "…"}}. Its time is the cell.
        if isinstance(value.get("time"), int | float) and "timezoneOffset" in value:
            return value["time"]
        if "$date" in value:
            inner = value["$date"]
            return inner.get("$numberLong") if isinstance(inner, dict) else inner
        return json.dumps(value, ensure_ascii=False)
    return value


def _json_rows(stream: BinaryIO, filename: str) -> Iterator[list[Any]]:
    """JSON Lines (one message object a line, read line by line), a JSON array of objects, or one JSON
    document holding the messages as a list somewhere inside (a 留言板 API's {"code": 0, "data": {"list":
    [...]}}, pretty-printed or not)."""
    text = _text_stream(stream)
    first = text.read(1)
    while first and first.isspace():
        first = text.read(1)
    if first == "[":
        # An array cannot be parsed piecewise with the standard library; such dumps are small.
        try:
            records = json.loads(first + text.read())
        except json.JSONDecodeError as exc:
            raise ExtractionError(f"{filename}: not valid JSON ({exc})") from None
        lines: Iterable[Any] = records if isinstance(records, list) else [records]
    else:
        head = first + text.readline()
        try:
            record = json.loads(head)
        except json.JSONDecodeError:
            record = None
        blank: list[str] = []  # kept, so that a bad line further on is named by its own number
        following = None
        for line in text:
            if line.strip():
                following = line
                break
            blank.append(line)
        rest: Iterable[str] = itertools.chain(blank, [following] if following else [], text)
        if record is None and following is not None:
            # A pretty-printed document has no JSON of its own on its first line; JSON lines with a
            # broken first line are read line by line, which names it.
            whole = head + "".join(rest)
            try:
                record, following = json.loads(whole), None
            except json.JSONDecodeError:
                rest = io.StringIO(whole[len(head):])
        if isinstance(record, dict) and following is None:
            # One document: its list of messages, or itself. A wrapper says little of its own (code,
            # msg, total); a message with a long text is a message, whatever lists it holds (replies).
            wrapper = not any(isinstance(value, str) and len(value) > 50 for value in record.values())
            lines = (_record_list(record) if wrapper else None) or [record]
        else:
            lines = _json_lines(itertools.chain([head], rest), filename)
    keys: list[str] = []
    for number, record in enumerate(lines, 1):
        if not isinstance(record, dict):
            raise ExtractionError(f"{filename} row {number}: not a JSON object (expected one message per line)")
        if not keys:
            keys = list(record)
            yield keys
        yield [_json_cell(record.get(key)) for key in keys]


def _record_list(document: dict[str, Any], depth: int = 3) -> list[Any] | None:
    """The longest list of objects inside ``document`` (its data.list, rows, records...), or None."""
    found: list[Any] | None = None
    for value in document.values():
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            candidate: list[Any] | None = value
        elif isinstance(value, dict) and depth > 1:
            candidate = _record_list(value, depth - 1)
        else:
            candidate = None
        if candidate is not None and (found is None or len(candidate) > len(found)):
            found = candidate
    return found


def _json_lines(lines: Iterable[str], filename: str) -> Iterator[Any]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExtractionError(f"{filename} line {number}: not valid JSON ({exc})") from None


# -- exports written as markup ----------------------------------------------------------------------
# Many 12345 and OA systems write their "导出Excel" as an HTML table or as Excel 2003 XML (SpreadsheetML)
# under an .xls name: Excel and WPS open either, xlrd neither.
_SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_SPREADSHEET_ROOT = re.compile(r"<(?:\w+:)?workbook\b")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|table|meta|style|title)\b")
# Elements that end a line inside a table cell: their text is a paragraph of the letter.
_CELL_BREAKS = frozenset({"br", "p", "div", "li", "tr"})
_MAX_ROWS, _MAX_COLUMNS = 1_048_576, 16_384


def _markup_kind(head: bytes) -> str:
    """"spreadsheetml" for Excel 2003 XML, "html" for an HTML page, "" for anything else."""
    marked = byte_order_mark(head)
    # Tags are ASCII in UTF-8 and GBK alike; only UTF-16 needs decoding to see them.
    text = head[marked[1]:].decode(marked[0], "ignore") if marked else head.decode("latin-1")
    text = text.lstrip().lower()
    if not text.startswith("<"):
        return ""
    if _SPREADSHEET_ROOT.search(text) and _SPREADSHEET_NS in text:
        return "spreadsheetml"
    return "html" if _HTML_START.search(text) else ""


def _html_cell_text(cell: Any) -> str:
    """A cell's text with its line breaks (``<br>``, paragraphs) kept as line breaks."""
    for node in cell.iter():
        if node is cell or not isinstance(node.tag, str):
            continue
        if node.tag.lower() in ("script", "style"):
            node.clear(keep_tail=True)  # code, not the letter
        elif node.tag.lower() in _CELL_BREAKS:
            if node.tag.lower() != "br":  # a paragraph starts a line and ends one
                node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
    return "".join(cell.itertext())


def _span(cell: Any, attribute: str) -> int:
    try:
        return min(max(int(str(cell.get(attribute, "1")).strip() or 1), 1), 1000)
    except ValueError:
        return 1


def _html_rows(stream: BinaryIO, filename: str) -> Iterator[list[Any]]:
    """The rows of every table of an HTML export, read as the page streams in; a merged cell's text is
    repeated over the rows it spans (``rowspan``) and padded over its columns (``colspan``), so each
    cell stays under its header. Rows of a layout table around the data table are not letters."""
    from lxml import etree

    head = stream.read(_SAMPLE_BYTES)
    stream.seek(0)
    declared = META_CHARSET.search(head)
    text = _text_stream(stream, declared.group(1).decode("ascii", "replace") if declared else None)
    parser = etree.HTMLPullParser(events=("end",), tag="tr", recover=True)
    carried: dict[int, tuple[int, str]] = {}  # column -> (rows still spanned, text) of rowspan cells

    def rows_of(events: Iterable[tuple[str, Any]]) -> Iterator[list[Any]]:
        for _, row in events:
            if row.find(".//table") is None:
                yield _spanned_row(row, carried)
            # What has been read is dropped: a 65,000-row export never sits in memory as one tree.
            row.clear(keep_tail=True)
            parent = row.getparent()
            while parent is not None and row.getprevious() is not None:
                del parent[0]

    read = 0
    while chunk := text.read(_SAMPLE_BYTES):
        parser.feed(chunk)
        for row in rows_of(parser.read_events()):
            read += 1
            yield row
    try:
        parser.close()
        for row in rows_of(parser.read_events()):
            read += 1
            yield row
    except etree.XMLSyntaxError:  # nothing parseable at all
        pass
    if not read:
        # What an export address gives once its session has expired: the system's login page.
        raise ExtractionError(f"{filename}: a web page without a table (a login or error page?), not an export")


def _spanned_row(row: Any, carried: dict[int, tuple[int, str]]) -> list[Any]:
    values: list[Any] = []

    def fill_carried() -> None:
        while len(values) in carried:
            left, value = carried[len(values)]
            if left > 1:
                carried[len(values)] = (left - 1, value)
            else:
                del carried[len(values)]
            values.append(value)

    for cell in row:
        if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
            continue
        fill_carried()
        value = _html_cell_text(cell)
        for offset in range(_span(cell, "colspan")):
            column_value = value if offset == 0 else ""
            if (down := _span(cell, "rowspan")) > 1:
                carried[len(values)] = (down - 1, column_value)
            values.append(column_value)
    while carried and len(values) <= max(carried):
        if len(values) in carried:
            fill_carried()
        else:
            values.append("")
    return values


def _spreadsheetml_value(data: Any) -> Any:
    """A ``<Data>`` cell's value by its ``ss:Type``: numbers and dates as Excel would give them."""
    text = "".join(data.itertext())
    kind = data.get(f"{{{_SPREADSHEET_NS}}}Type", "String")
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            return datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
    return text


def _spreadsheetml_rows(stream: BinaryIO, filename: str, sheet: str) -> Iterator[list[Any]]:
    """Rows of an Excel 2003 XML workbook's first sheet (or the sheet named ``sheet``)."""
    from lxml import etree

    worksheet, table_row = f"{{{_SPREADSHEET_NS}}}Worksheet", f"{{{_SPREADSHEET_NS}}}Row"
    name_key, index_key = f"{{{_SPREADSHEET_NS}}}Name", f"{{{_SPREADSHEET_NS}}}Index"
    merge_key = f"{{{_SPREADSHEET_NS}}}MergeAcross"
    names: list[str] = []
    reading = False
    row_number = 0
    # No entities resolved and nothing fetched: an export is no reason to read the office's files.
    events = etree.iterparse(stream, events=("start", "end"), tag=(worksheet, table_row),
                             resolve_entities=False, no_network=True)
    try:
        for event, node in events:
            if node.tag == worksheet:
                if event == "start":
                    names.append(node.get(name_key, ""))
                    reading = names[-1] == sheet if sheet else len(names) == 1
                    row_number = 0
                elif reading:
                    return  # the sheet is read; the rest of the workbook is not needed
                continue
            if event != "end" or not reading:
                continue
            # Excel's own bounds: a stray index must not make a million blank rows or columns.
            wanted = min(count_cell(node.get(index_key)) or row_number + 1, _MAX_ROWS)
            while row_number + 1 < wanted:  # rows an ss:Index skips are blank rows, kept for row numbers
                row_number += 1
                yield []
            row_number += 1
            values: list[Any] = []
            for cell in node:
                if not isinstance(cell.tag, str) or not cell.tag.endswith("}Cell"):
                    continue
                column = min(count_cell(cell.get(index_key)) or 0, _MAX_COLUMNS)
                if column > len(values) + 1:
                    values.extend([""] * (column - 1 - len(values)))
                data = next((child for child in cell if isinstance(child.tag, str)
                             and child.tag.endswith("}Data")), None)
                values.append("" if data is None else _spreadsheetml_value(data))
                values.extend([""] * min(count_cell(cell.get(merge_key)) or 0, _MAX_COLUMNS - len(values)))
            yield values
            node.clear(keep_tail=True)
            while node.getprevious() is not None:
                del node.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(f"{filename}: broken Excel XML workbook ({exc})") from None
    if sheet and sheet not in names:
        raise ExtractionError(f"{filename}: no sheet {sheet!r} (sheets: {', '.join(names)})")


_EXCEL_OPTIONS_NS = "urn:schemas-microsoft-com:office:excel"


def _spreadsheetml_sheet_states(stream: BinaryIO) -> list[tuple[str, bool]]:
    """(name, hidden) of each worksheet of an Excel 2003 XML workbook: hidden by its WorksheetOptions'
    <Visible>SheetHidden</Visible> (or SheetVeryHidden)."""
    from lxml import etree

    worksheet, visible = f"{{{_SPREADSHEET_NS}}}Worksheet", f"{{{_EXCEL_OPTIONS_NS}}}Visible"
    states: list[tuple[str, bool]] = []
    for event, node in etree.iterparse(stream, events=("start", "end"), tag=(worksheet, visible),
                                       resolve_entities=False, no_network=True):
        if node.tag == worksheet and event == "start":
            states.append((node.get(f"{{{_SPREADSHEET_NS}}}Name", ""), False))
        elif node.tag == visible and event == "end" and states and (node.text or "").strip() != "SheetVisible":
            states[-1] = (states[-1][0], True)
        elif node.tag == worksheet and event == "end":
            node.clear()  # its rows are not needed to tell its name
    return states


def second_header_row(first: list[Any], follow: list[Any], columns: dict[str, list[str]],
                      found: dict[str, int]) -> tuple[list[Any], dict[str, int]] | None:
    """(the header, its fields) of a header row ``first`` (its fields ``found``) and the row after it read as
    one, when that row is the header's second (来电时间 and 所属镇街 under a 来电信息 merged across them, 转发数
    under 传播数据): it names two columns or more, and with the first's cells where it is blank more fields
    than the first alone, at their places. None for a row of data."""
    merged = [value if _cell_text(value).strip() else (first[index] if index < len(first) else value)
              for index, value in enumerate(follow)] + list(first[len(follow):])
    fields = match_header(merged, columns)
    if len(match_header(follow, columns)) >= 2 and len(fields) > len(found) and fields.items() >= found.items():
        return merged, fields
    return None


class _NoTextColumn(ExtractionError):
    """No header row with a text column among the first rows: raised before any document is read."""


def _workbook_sheets(stream: BinaryIO) -> list[str]:
    """The sheet names of an XLSX, XLS, ODS or Excel 2003 XML workbook in their order, hidden sheets last;
    [] for other files or a workbook that cannot be opened (reading it then says why)."""
    return _sheets_and_hidden(stream)[0]


def _sheets_and_hidden(stream: BinaryIO) -> tuple[list[str], set[str]]:
    """``_workbook_sheets`` and the names of those Excel or WPS does not show (hidden, or very hidden by a
    macro), from one reading of the workbook (``_sheet_states``)."""
    states = _sheet_states(stream)
    hidden = {name for name, concealed in states if concealed}
    return [name for name, _ in states if name not in hidden] + [name for name, _ in states if name in hidden], hidden


def _sheet_states(stream: BinaryIO) -> list[tuple[str, bool]]:
    """(name, hidden) of each sheet of an XLSX, XLS, ODS or Excel 2003 XML workbook in its order; [] for
    other files or a workbook that cannot be opened."""
    head = stream.read(_SAMPLE_BYTES)
    stream.seek(0)
    try:
        if head.startswith(b"PK\x03\x04") and file_kind(head) == "ODS":
            return _ods_sheet_states(stream)
        if head.startswith(b"PK\x03\x04"):
            import zipfile
            from xml.etree import ElementTree

            # The names alone, from the workbook part: openpyxl would read the shared strings (every
            # letter's text) to give them, and the sheet is read again after.
            with zipfile.ZipFile(stream) as archive:
                root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            return [(node.get("name", ""), node.get("state", "visible") != "visible")
                    for node in root.iter() if node.tag.rsplit("}", 1)[-1] == "sheet"]
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            import xlrd

            book = xlrd.open_workbook(file_contents=stream.read(), on_demand=True)
            visibility = list(getattr(book, "_sheet_visibility", []))  # 0 shown, 1 hidden, 2 very hidden
            return [(name, bool(visibility[k]) if k < len(visibility) else False)
                    for k, name in enumerate(book.sheet_names())]
        if _markup_kind(head) == "spreadsheetml":
            return _spreadsheetml_sheet_states(stream)
    except Exception:  # noqa: BLE001 - a broken workbook is named by the reader that follows
        return []
    finally:
        stream.seek(0)
    return []


def _rows(
    stream: BinaryIO, filename: str, sheet: str, columns: dict[str, list[str]] | None = None, articles: bool = False
) -> Iterator[list[Any]]:
    """The export's rows, by what the file is (its first bytes) before what it is named: an "xls" of
    many systems is an HTML table, Excel 2003 XML or tab-separated text; a Word file's are its tables'
    (``word_rows``, its forms told by ``columns``)."""
    suffix = Path(filename).suffix.lower()
    head = stream.read(_SAMPLE_BYTES)
    stream.seek(0)
    kind = file_kind(head)
    if kind in ("ODT", "RTF"):  # a 周报 or 转办单 saved as OpenDocument or RTF: read as a Word file's
        return iter(word_rows(stream.read(), filename, columns or {}, articles))
    if kind in _PRINTED_KINDS:  # a 舆情日报 or 转办单 as PDF or OFD: its lines "来源：…　发布时间：…"
        return iter(printed_rows(stream.read(), filename, kind, columns or {}, articles))
    if head.startswith(b"PK\x03\x04"):
        if kind == "DOCX":
            return iter(word_rows(stream.read(), filename, columns or {}, articles))
        return _ods_rows(stream, filename, sheet) if kind == "ODS" else _xlsx_rows(stream, filename, sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in (".doc", ".wps", ".dot", ".wpt") or kind == "DOC":
            data = stream.read()
            if file_kind(data) == "DOC":  # a 转办单 saved as Word 97, an OA system's .doc
                return iter(word_rows(data, filename, columns or {}, articles))
            stream.seek(0)
        return _xls_rows(stream, filename, sheet)
    markup = _markup_kind(head)
    if markup == "spreadsheetml":
        return _spreadsheetml_rows(stream, filename, sheet)
    if markup == "html":
        return _html_rows(stream, filename)
    # Named a workbook but text: many systems write tab-separated text as .xls for Excel to open. Only
    # binary content is a broken workbook, named as such by its reader.
    if suffix in (".xlsx", ".xlsm") and file_kind(head):
        return _xlsx_rows(stream, filename, sheet)
    if suffix in (".xls", ".et") and file_kind(head):
        return _xls_rows(stream, filename, sheet)
    if suffix in (".jsonl", ".json", ".ndjson") or looks_like_json(head):
        return _json_rows(stream, filename)
    return _csv_rows(stream, filename)


# A 转办单's field names that mark it as a hotline letter rather than any form of a document (a project's
# 主要内容 and 时间): said in a key or in the heading above the form.
_LETTER_MARKS = re.compile(r"12345|热线|工单|来电|诉求|信箱|留言|来信|市民|群众|转办|督办")


def _key_and_value(cell: str, known: set[str]) -> tuple[str, str] | None:
    """A cell "诉求内容：反映……" as its key and value, when the key is a known column name."""
    key, colon, value = re.split(r"([:：])", cell, maxsplit=1) if re.search("[:：]", cell) else (cell, "", "")
    if colon and normalize_header(key) in known and len(key) <= 12:
        return key.strip(), value.strip()
    return None


def _form_fields(rows: list[list[str]], known: set[str]) -> list[tuple[int, str, str]]:
    """(row, key, value) of a form's fields: a known column name followed by a cell that is not one
    (工单编号 | GD001 | 来电时间 | 2026-11-16), or a cell "key：value"."""
    fields = []
    for number, cells in enumerate(rows):
        at = 0
        while at < len(cells):
            pair = _key_and_value(cells[at], known)
            if pair is not None:
                fields.append((number, *pair))
            elif (normalize_header(cells[at]) in known and at + 1 < len(cells)
                  and normalize_header(cells[at + 1]) not in known):
                fields.append((number, cells[at].strip(), cells[at + 1]))
                at += 1
            at += 1
    return fields


def word_letters(tables: list[list[list[str]]], paragraphs: list[str], columns: dict[str, list[str]],
                 articles: bool = False, printed: bool = False) -> list[dict[str, str]]:
    """The records of a Word file written as forms or blocks, key -> value, a record's fields in its order.

    Letters (a 12345 centre's 转办单: 工单编号 | GD… | 来电时间 | …, 诉求内容 | 反映……): a form may run over
    several tables (its basic facts, then its 诉求内容); a key met again starts the next letter, as does a
    file of several forms. A letter needs a text field, and fields on two rows or lines at least (a
    table's header row alone is no form). A file without a form table is read from its lines "key：value",
    several on a line as reports write them (来源：某论坛　发布时间：2026-11-18 08:30).

    With ``articles`` (a 舆情日报's blocks: a numbered headline, then 来源：…, 发布时间：…, 摘要：…), the
    line before a block's first field is its title (its number, 1．or 【舆情一】, taken off), a record needs
    a title and one field more, and blocks count only two or more of them. ``printed``: lines read off a
    PDF, where a form's label and value stand apart by a space alone (工单编号 PA… 来电时间 …)."""
    known = {normalize_header(name) for synonyms in columns.values() for name in synonyms}
    needed = {normalize_header(name) for name in columns.get("title" if articles else "text", [])}
    title_key = (columns.get("title") or ["标题"])[0]
    found = [_form_fields(table, known) for table in tables]
    blocks = not any(found)
    if blocks:
        found = [_line_fields(paragraphs, columns, title_key if articles else "", printed)]
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    rows: set[tuple[int, int]] = set()

    def close() -> None:
        if any(normalize_header(key) in needed for key in current) and len(rows) >= 2 and len(current) >= 2:
            records.append(dict(current))

    for table_number, fields in enumerate(found):
        for row, key, value in fields:
            if normalize_header(key) in {normalize_header(k) for k in current}:
                close()
                current, rows = {}, set()
            current[key] = value
            rows.add((table_number, row))
    close()
    # One article's headline over 来源：… and 发布时间：… is a news story saved as Word, not a list of them.
    return [] if articles and blocks and len(records) < 2 else records


# A block's number before its headline: 1．, (二), 一、, 【舆情一】, 舆情3：.
_BLOCK_NUMBER = re.compile(r"^\s*(?:【[^】]{1,10}】|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]|"
                           r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})[、.．:：](?!\d)|"
                           r"(?:舆情|信息|事件)\s*[一二三四五六七八九十\d]{1,3}\s*[:：、])\s*")


# Labels of a 转办单 that are no column: a line of fields ends at them, and they are not read (办理要求 had run
# into the 诉求内容 above it).
_FORM_LABELS = frozenset({"办理要求", "办理时限", "办理期限", "联系电话", "来电号码", "联系方式", "承办单位", "主办单位",
                          "协办单位", "转办意见", "交办意见", "拟办意见", "领导批示", "签收人", "签收时间", "备注", "附件"})


def _line_fields(lines: list[str], columns: dict[str, list[str]], title_key: str,
                 printed: bool = False) -> list[tuple[int, str, str]]:
    """(line, key, value) of the lines "key：value" (several on a line: each key a known column name after
    a space); with ``title_key``, a headline just before a line of fields as (line, title_key, it): a line
    of no field that is numbered (1．, 【舆情一】) or ends no sentence. Any other line of no field after
    a field goes on with its value (a 摘要 of two paragraphs, or wrapped on a printed page)."""
    names = {name for synonyms in columns.values() for name in synonyms if re.search(r"[\u4e00-\u9fff]", name)}
    if not names:
        return []
    names = sorted(names | _FORM_LABELS, key=len, reverse=True)
    # A key after a space; one of four characters or more (发布时间, 情感倾向) also where a PDF's text lost the
    # space before it ("平安县融媒体中心发布时间：…"), a short one (内容, 时间) being too often in a value.
    spaced = "|".join(map(re.escape, names))
    joined = "|".join(re.escape(name) for name in names if len(name) >= 4)
    # Printed: a form's cells read off a PDF, "工单编号 PA2611160001 来电时间 2026-11-16", a space for the colon.
    ends = r"(?:\s*[:：]|\s+(?=\S))" if printed else r"\s*[:：]"
    key = re.compile(rf"(?:(?:^|(?<=[\s\u3000]))({spaced}){ends}|({joined})\s*[:：])" if joined else
                     rf"(?:^|(?<=[\s\u3000]))({spaced}){ends}")

    def starts(line: str) -> list[re.Match[str]]:
        found = list(key.finditer(line))
        return found if found and found[0].start() == 0 else []

    parsed = [starts(line.strip()) for line in lines]
    fields: list[tuple[int, str, str]] = []
    for number, line in enumerate(lines):
        text = line.strip()
        if not parsed[number]:
            headline = bool(title_key and number + 1 < len(lines) and parsed[number + 1] and (
                _BLOCK_NUMBER.match(text) or text[-1] not in "。！？；"))
            # A numbered line (三、工作建议) is the report's next part, never more of a value.
            if fields and fields[-1][0] == number - 1 and not headline and not _BLOCK_NUMBER.match(text):
                fields[-1] = (number, fields[-1][1], fields[-1][2] + _joint(lines, number) + text)
            elif headline:
                title = _BLOCK_NUMBER.sub("", text, count=1).strip()
                if title and len(title) <= 80:
                    fields.append((number, title_key, title))
            continue
        for at, match in enumerate(parsed[number]):
            stop = parsed[number][at + 1].start() if at + 1 < len(parsed[number]) else len(text)
            fields.append((number, match.group(1) or match.group(2), text[match.end():stop].strip()))
    return fields


def _joint(lines: list[str], number: int) -> str:
    """What joins line ``number`` to the value it goes on: nothing where it goes on the sentence of the line
    before (which ends no sentence; a space between a wrapped date and its time), else a line break."""
    before, after = lines[number - 1].rstrip(), lines[number].lstrip()
    if not before or before[-1] in "。！？；：”）)":
        return "\n"
    return " " if before[-1].isascii() and before[-1].isalnum() and after[:1].isascii() and after[:1].isalnum() else ""


def _word_tables(data: bytes, filename: str, grid: bool = False) -> tuple[list[list[list[str]]], list[str]]:
    """A Word, ODT or RTF file's tables and paragraphs; with ``grid``, a DOCX's or ODT's rows cell for column
    (``word_tables``)."""
    from extractors.files import doc_tables, odt_tables, rtf_tables, word_tables

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return doc_tables(data, filename)
    kind = file_kind(data[:_SAMPLE_BYTES])
    if kind == "RTF":
        return rtf_tables(data, filename)
    return (odt_tables if kind == "ODT" else word_tables)(data, filename, grid)


def word_rows(data: bytes, filename: str, columns: dict[str, list[str]], articles: bool = False) -> list[list[str]]:
    """A Word file's letters (or ``articles``) as an export's rows: its forms or blocks (``word_letters``)
    under one header of their keys, else its tables' rows as they are (a 周报's table of letters, its
    header row on top)."""
    tables, paragraphs = _word_tables(data, Path(filename).name or filename)
    letters = word_letters(tables, paragraphs, columns, articles)
    if letters:
        header = list(dict.fromkeys(key for letter in letters for key in letter))
        return [header, *([letter.get(key, "") for key in header] for letter in letters)]
    kind = found if (found := file_kind(data[:_SAMPLE_BYTES])) in ("ODT", "RTF") else "Word"
    if not tables and articles:
        raise ExtractionError(f"{filename}: no articles in this {kind} file: neither blocks of a headline and its "
                              f"fields (来源：…　发布时间：…) nor a table of articles")
    if not tables and columns:
        raise ExtractionError(f"{filename}: no letters in this {kind} file: neither a form of a letter's fields "
                              f"(诉求内容 | 反映……, or 诉求内容：反映……) nor a table of letters")
    if not tables:
        raise ExtractionError(f"{filename}: no table in this {kind} file (its table's rows are read as an export's)")
    # Rows as an export's: a cell merged across columns (a header of two rows) holds its place in them.
    tables, _ = _word_tables(data, Path(filename).name or filename, grid=True)
    return [row for table in tables for row in table]


# Documents of fixed layout, whose text keeps no table structure: their letters or articles are blocks of
# lines, or a PDF's printed tables (``extractors.files.pdf_tables``).
_PRINTED_KINDS = ("PDF", "OFD")


def printed_rows(data: bytes, filename: str, kind: str, columns: dict[str, list[str]],
                 articles: bool = False) -> list[list[str]]:
    """The letters (or ``articles``) of a PDF or OFD file written as lines of fields (a 舆情日报's blocks, a
    转办单's 工单编号：…　诉求内容：…) as an export's rows; else a PDF's tables' (a 周报's table of letters
    printed), read as a Word file's are."""
    from extractors.files import DOCUMENT_READERS, pdf_tables, read_pdf

    name = Path(filename).name or filename
    # A PDF's lines as printed: joining them into paragraphs by their length would run a link into the
    # next headline; a value's wrapped lines are joined by the fields' reader.
    text = read_pdf(data, name, as_printed=True) if kind == "PDF" else DOCUMENT_READERS[kind](data, name)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    records = word_letters([], lines, columns, articles, printed=kind == "PDF")
    tables = pdf_tables(data, name) if kind == "PDF" and not records else []
    if kind == "PDF" and not records and not tables:
        # A sheet printed without its grid: a table by its text's columns, taken only under a header naming
        # the columns (prose on a page makes "columns" of its own).
        tables = [table for table in pdf_tables(data, name, ruled=False) if _headed(table, columns, articles)]
    if tables:
        records = word_letters(tables, [], columns, articles)
        if not records:
            return [row for table in tables for row in table]
    if not records:
        what, fields = "articles" if articles else "letters", "来源：…　发布时间：… or 工单编号：…　诉求内容：…"
        if kind == "PDF":
            raise ExtractionError(f"{name}: no {what} in this PDF file: neither lines of fields ({fields}) nor a "
                                  f"table headed by their columns")
        raise ExtractionError(f"{name}: no {what} in this {kind} file as lines of fields ({fields}); a table in "
                              f"it cannot be read as rows: export it as Excel")
    header = list(dict.fromkeys(key for record in records for key in record))
    return [header, *([record.get(key, "") for key in header] for record in records)]


def _headed(table: list[list[str]], columns: dict[str, list[str]], articles: bool) -> bool:
    """Whether a table's first rows hold a header naming its text (or an article's title) and another column."""
    for row in table[:5]:
        found = match_header(row, columns)
        if len(found) >= 2 and ("title" if articles else "text") in found:
            return True
    return False


def word_is_letters(data: bytes, filename: str, columns: dict[str, list[str]]) -> bool:
    """Whether a DOCX or DOC is hotline letters written as forms (``word_letters``) that say so: three of a
    letter's fields besides its text (工单编号, 来电时间, 所属区域, 诉求类别…), and a key or the heading above
    naming a letter (工单, 来电, 诉求, 热线…), where a notice's 具体内容 and 联系人 or a project's table of
    内容 and 时间 do not."""
    try:
        tables, paragraphs = _word_tables(data, filename)
    except ExtractionError:
        return False
    letters = word_letters(tables, paragraphs, columns)
    if not letters:
        return False
    fields = set(match_header(list(letters[0]), columns)) - {"text"}
    return len(fields) >= 3 and any(_LETTER_MARKS.search(text) for text in [*letters[0], *paragraphs[:3]])


def table_rows(data: bytes | Path, filename: str, sheet: str = "", columns: dict[str, list[str]] | None = None,
               articles: bool = False) -> Iterator[list[Any]]:
    """The rows of a workbook, CSV/TSV, JSON or HTML table as an export's reader reads them (``sheet``,
    else the first), for labelled files kept in Excel and exports of articles; raises ExtractionError
    naming the file when it cannot be read. A Word file's are its table's, or with ``columns`` those of
    its forms or blocks of fields (``word_rows``, ``articles`` for a 舆情日报's)."""
    return _rows(_open_binary(data), filename, sheet, columns, articles)


def sheet_names(data: bytes | Path) -> list[str]:
    """A workbook's sheet names in their order, hidden sheets last; [] for a CSV, JSON or HTML export, or a
    workbook that cannot be opened (reading it says why)."""
    return _read_stream(data, _workbook_sheets)


def sheets_and_hidden(data: bytes | Path) -> tuple[list[str], set[str]]:
    """``sheet_names`` and, of them, the hidden ones, from one reading of the workbook."""
    return _read_stream(data, _sheets_and_hidden)


def _read_stream(data: bytes | Path, read: Callable[[BinaryIO], Any]) -> Any:
    """``read`` of ``data`` opened as a stream, closed after unless the caller gave the stream."""
    stream = _open_binary(data)
    try:
        return read(stream)
    finally:
        if stream is not data:
            stream.close()


_JSON_START = re.compile(r'\s*(?:\{\s*"|\[\s*[{\]])')


def looks_like_json(head: bytes) -> bool:
    """An export fetched from an address without a .json name (list.do?page=1, /api/letters) that is
    JSON: an object starting with a key, or an array of objects."""
    marked = byte_order_mark(head)
    start = head[marked[1]:marked[1] + 64].decode(marked[0], "ignore") if marked else head[:64].decode("latin-1")
    return bool(_JSON_START.match(start))


# A template's remark on a header: 诉求内容（必填）, 来电时间(yyyy-MM-dd HH:mm:ss), 【留言详情】's brackets.
_HEADER_REMARK = re.compile(r"[（(\[［][^（）()\[\]［］]{0,24}[）)\]］]")


def normalize_header(value: Any) -> str:
    text = _cell_text(value)
    if len(text) > 3 and _HEADER_REMARK.search(text):
        text = _HEADER_REMARK.sub("", text) or text
    return re.sub(r"[\s\u3000：:*（）()【】\[\]]+", "", text).lower()


# A letter's form, alone or several joined ("投诉/求助", "意见建议", "咨询类"): no subject. A category cell
# naming only it says nothing of what the letter is about: many exports' 诉求类型 is 投诉, 咨询, 求助 or 建议,
# and the Zhejiang board's type column reads "投诉/求助", "咨询", "建言". Such a document is stored without
# a category, so the category model predicts its 一级分类, and the form is kept as ``metadata["form"]``.
# "其他" is left alone: an office's taxonomy may list it. A title naming only it is made from the text
# (``says_nothing``).
_FORM_WORD = "(?:投诉|求助|咨询|建议|建言|举报|表扬|感谢|意见|批评|求决|反映|申诉|诉求|求援)"
_FORM_ONLY = re.compile(rf"{_FORM_WORD}+类?(?:[/、,，;；|\s]*(?:和|及|与)?{_FORM_WORD}+类?)*")


def is_form_only(category: str) -> bool:
    """Whether a category cell names only the letter's form (``投诉/求助``, ``咨询类``, ``意见建议``)."""
    return bool(_FORM_ONLY.fullmatch(category.strip()))


# A category cell that gives the taxonomy's path, as many 12345 systems export 事项分类: 城乡建设-住房管理-物业
# 管理, 城乡建设/物业管理, 城乡建设>>物业管理, 城乡建设→物业管理.
_CATEGORY_LEVELS = re.compile(r"\s*(?:->|=>|>>|[/／>＞→\\|｜－-])\s*")


def first_category_level(category: str) -> str:
    """The 一级分类 of a category cell that gives a path (城乡建设-住房管理-物业管理 → 城乡建设), past a level
    naming only the form (投诉>城乡建设 → 城乡建设); the cell itself when it is one name."""
    levels = [level for level in _CATEGORY_LEVELS.split(category.strip()) if level]
    if len(levels) < 2 or any(len(level) < 2 for level in levels):
        return category
    return next((level for level in levels if not is_form_only(level)), category)


def match_header(row: list[Any], columns: dict[str, list[str]]) -> dict[str, int]:
    """Canonical name -> column index; an earlier synonym wins over a later one."""
    headers = [normalize_header(value) for value in row]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for name, synonyms in columns.items():
        for synonym in [name, *synonyms] if name not in CANONICAL else synonyms:
            wanted = normalize_header(synonym)
            if wanted in headers and headers.index(wanted) not in taken:
                found[name] = headers.index(wanted)
                taken.add(found[name])
                break
    return found


def other_time_columns(header_row: Sequence[Any], columns: dict[str, list[str]], taken: Iterable[int]) -> list[int]:
    """The columns besides the time column a time may be in, the best-named first: an export may give the
    date and the time of day apart (来电日期, 来电时间), or leave its time column blank where another is
    filled. ``taken``: the columns already read as fields."""
    time_names = [normalize_header(synonym) for synonym in columns.get("time", [])]
    taken = set(taken)
    return sorted((index for index, label in enumerate(header_row)
                   if index not in taken and normalize_header(label) in time_names),
                  key=lambda index: time_names.index(normalize_header(header_row[index])))


# Letters without a date count in no burst and in no night's window: said wherever the columns are.
NO_TIME_COLUMN = 'no time column, so the letters have no date (a source\'s columns = {time = ["…"]} names it)'


@dataclass
class HotlineReport:
    """What reading one export found besides documents: per-row errors and repeated rows skipped."""

    errors: list[str] = field(default_factory=list)
    skipped: int = 0
    rows: int = 0
    title_only: int = 0  # rows with a title and an empty text column: the title is read as the text
    shortened_ids: int = 0  # ids Excel had shortened (2.02611E+13): the rows are known by time and text
    # The header as read: field -> the column's name in the file, and the named columns not read, so
    # whoever sets up a new export sees at once whether its time or area column was recognised.
    columns: dict[str, str] = field(default_factory=dict)
    unread_columns: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)  # passed over: a sheet shown had the letters

    def columns_line(self, dropped: Iterable[str] = ()) -> str:
        """"留言编号 → id, 留言时间 → time, …; not stored: 留言用户; not read: 附件" (empty before a header)."""
        if not self.columns:
            return ""
        dropped = set(dropped)
        kept = ", ".join(f"{label} → {name}" for name, label in self.columns.items() if name not in dropped)
        parts = [kept]
        if never := [label for name, label in self.columns.items() if name in dropped]:
            parts.append("not stored: " + ", ".join(never))
        if self.unread_columns:
            parts.append("not read: " + ", ".join(self.unread_columns))
        if "time" not in self.columns:
            parts.append(NO_TIME_COLUMN)
        if self.hidden_sheets:
            parts.append("hidden sheets not read: " + ", ".join(self.hidden_sheets))
        return "; ".join(parts)
    # Set by import_hotline batch by batch, so a run that fails midway still tells what went in.
    imported: int = 0  # documents written to the store
    stored: int = 0  # of those, new or changed


# A title that says nothing of the matter: only the letter's form or a greeting ("投诉", "求助",
# "尊敬的领导你好"). 31 of the 1,661 Hangzhou letters are titled so (投诉 14, 求助 9, 问题反映 3...); a
# topic titled so told an editor nothing, so such a letter is titled from its text, as one without a
# title is.
_FORM_ONLY_TITLE = re.compile(
    r"(?:尊敬的)?(?:各位)?(?:领导|书记|市长|区长|县长)?(?:您|你)?好|问题反映|反映问题|情况反映|反映情况|来信|求救|无|无标题"
)
# A greeting opening the text is no title either: "尊敬的领导：您好！", "书记您好，".
_GREETING = re.compile(r"^(?:尊敬的)?[\u4e00-\u9fff]{0,6}?(?:领导|书记|市长|区长|县长|同志|工作人员)?[，,：:]?(?:您|你)好[！!，,。：:～~]*")


def says_nothing(title: str) -> bool:
    """Whether a message's title is only its form (``_FORM_ONLY``, as a form-only category) or a greeting
    (``_FORM_ONLY_TITLE``)."""
    bare = re.sub(r"[\s!！。，,：:～~…]+", "", title)
    return bool(_FORM_ONLY_TITLE.fullmatch(bare) or _FORM_ONLY.fullmatch(bare))


_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_END = "，,；;"
TITLE_CHARS = 30


def title_from_text(text: str) -> str:
    """The title a message without one gets: after a greeting, its first sentence when that fits in
    30 characters, else its first 30 cut at the last clause that fits. A bare cut gave editors
    "…好不容易才买的房子(钱" (of "(钱塘区万科湖印光年府…"), where "…好不容易才买的房子" says it."""
    line = text.replace("\n", " ").strip()
    line = _GREETING.sub("", line, count=1).strip() or line
    head = line[:TITLE_CHARS]
    end = _SENTENCE_END.search(head)
    if end and end.start() >= 6:
        return head[: end.start()].strip()
    if len(line) <= TITLE_CHARS:
        return head.strip()
    # Before a bracket the cut leaves open (an aside) if ten characters remain; else at the last
    # clause if two thirds remain, so a long first clause is not cut to its first few words.
    opened = max(head.rfind("("), head.rfind("（"))
    if opened > max(head.rfind(")"), head.rfind("）")) and opened >= 10:
        head = head[:opened]
    elif (clause := max(map(head.rfind, _CLAUSE_END))) >= TITLE_CHARS * 2 // 3:
        head = head[:clause]
    return head.rstrip(_CLAUSE_END + "、 ")


def iter_hotline(
    data: HotlineInput,
    filename: str,
    source: str,
    columns: dict[str, list[str]],
    drop: Iterable[str] = ("user",),
    sheet: str = "",
    report: HotlineReport | None = None,
    fieldnames: Iterable[str] = (),
) -> Iterator[Document]:
    """Documents of a hotline export, one row at a time; errors and skips are added to ``report``.

    Rows without text are errors ("file.xlsx row 17: empty 诉求内容"), unless they have a title that
    says something, which is then read as the text; repeated row ids are skipped.
    ``fieldnames`` (canonical names, "" for a column to ignore) describe an export without a header row.
    Text is simplified (Traditional -> Simplified, half-width ASCII) before personal data is masked,
    so full-width digits cannot slip past the masks.
    """
    report = report if report is not None else HotlineReport()
    # Errors name the file, or the whole address of an export fetched from a system.
    name = filename if "://" in filename else Path(filename).name or filename
    unknown = sorted(set(drop) - set(CANONICAL) - set(columns))
    if unknown:
        raise ExtractionError(f"{name}: drop columns {unknown} unknown (valid: {', '.join(CANONICAL)})")
    stream = _open_binary(data)
    try:
        head = stream.read(_SAMPLE_BYTES)
        stream.seek(0)
        if not head.strip():
            raise ExtractionError(f"{name}: empty file")
        # A workbook's letters need not be on its first sheet (a 说明 or 汇总 sheet often comes first), nor
        # on one (a year's letters a sheet a month, a sheet a 镇街): without a configured sheet, every sheet
        # with a header row is read, and a letter on two sheets once.
        # A hidden sheet (a template's 示例 rows, a lookup list, last month's copy) is read only when no sheet
        # shown has letters: Excel does not show it to whoever made the export.
        sheets, hidden = ([], set()) if sheet or fieldnames else _sheets_and_hidden(stream)
        if len(sheets) < 2 and not hidden:
            yield from _documents(_rows(stream, name, sheet, columns), name, source, columns, set(drop), report,
                                  list(fieldnames), sheet=sheet)
            return
        seen_ids: set[str] = set()
        fields: set[str] = set()
        read = 0
        for candidate in sheets:
            if candidate in hidden and read:
                report.hidden_sheets = [other for other in sheets if other in hidden]
                break
            stream.seek(0)
            try:  # _NoTextColumn comes before any document of the sheet
                yield from _documents(_rows(stream, name, candidate), name, source, columns, set(drop), report, [],
                                      seen_ids, candidate, fields)
                read += 1
            except _NoTextColumn:
                continue
        if not read:
            raise ExtractionError(f"{name}: no sheet has a text column (sheets: {', '.join(sheets)}); expected "
                                  f"one of: {', '.join(columns.get('text', []))}")
    finally:
        if stream is not data:
            stream.close()


_TOTAL_LABELS = frozenset({"合计", "总计", "小计", "共计", "总数", "合计数"})


def _first_filled(row: list[Any]) -> str:
    """The text of a row's first non-empty cell ("" for a blank row)."""
    return next((text for text in map(_cell_text, row) if text.strip()), "")


_NOTE_MARK = re.compile(r"[\u4e00-\u9fff：:]")


def _is_note_line(row: list[Any], letter_columns: set[int | None]) -> bool:
    """A line an export writes above or below its letters (导出时间：2026-11-20, 制表人：张三, a report's title
    again): one filled cell, outside the text and title columns, in words; a lone work-order number stays
    a letter without text, and is named as one."""
    filled = [(index, text) for index, text in enumerate(map(_cell_text, row)) if text.strip()]
    return len(filled) == 1 and filled[0][0] not in letter_columns and bool(_NOTE_MARK.search(filled[0][1]))


def _is_total_label(cell: str) -> bool:
    """A summary line's label ("合计, , , 2件", "合 计："), not a letter."""
    return "".join(cell.split()).rstrip(":：") in _TOTAL_LABELS


def _documents(rows: Iterator[list[Any]], name: str, source: str, columns: dict[str, list[str]],
               dropped: set[str], report: HotlineReport, fieldnames: list[str],
               seen_ids: set[str] | None = None, sheet: str = "", fields: set[str] | None = None) -> Iterator[Document]:
    """A sheet's letters. ``seen_ids``: the ids read before, from the workbook's earlier sheets; ``sheet``:
    the sheet's name, given in errors and kept with each letter, for a workbook of several; ``fields``: the
    fields its first sheet of letters names (filled by that sheet), which a later sheet must name too."""
    where = f"{name} sheet {sheet}" if sheet else name
    header: dict[str, int] | None = None
    header_row: list[Any] = []
    best_seen: list[str] = []
    row_number = 0
    if fieldnames:
        unknown = sorted(set(fieldnames) - set(CANONICAL) - set(columns) - {""})
        if unknown or "text" not in fieldnames:
            raise ExtractionError(f"{name}: fieldnames {fieldnames} need 'text' and only names from: "
                                  f"{', '.join(CANONICAL)}")
        header = {field_name: index for index, field_name in enumerate(fieldnames) if field_name}
        header_row = fieldnames
    above: list[Any] = []
    for row in rows if header is None else ():
        row_number += 1
        mapping = match_header(row, columns)
        if "text" in mapping and len(mapping) >= 2 or mapping.keys() >= {"text"} and len(row) == 1:
            # A two-row header: a cell merged down from the row above (工单编号 over both rows, beside
            # 来电信息 over 来电时间 and 诉求内容) is blank in this one, and names its column there.
            merged = [value if _cell_text(value).strip() else (above[index] if index < len(above) else value)
                      for index, value in enumerate(row)] + above[len(row):]
            merged_mapping = match_header(merged, columns)
            if merged_mapping.items() >= mapping.items():
                mapping, row = merged_mapping, merged
            header = mapping
            header_row = row
            break
        above = row
        if len(mapping) > 0 and not best_seen or len(mapping) > 1:
            best_seen = [_cell_text(v).strip() for v in row if _cell_text(v).strip()]
        if row_number >= 30:  # a header is near the top; do not read a whole file looking for one
            break
    if header is None:
        has = ", ".join(best_seen) or "(no header row found)"
        raise _NoTextColumn(
            f"{name}: no text column; headers found: {has}; expected one of: {', '.join(columns.get('text', []))}"
        )
    follow = None if fieldnames else next(rows, None)
    if follow is not None:
        # The two read as one header, where the second had been read as a letter.
        second = second_header_row(header_row, follow, columns, header)
        if second:
            header_row, header = second
            row_number += 1
        else:
            rows = itertools.chain([follow], rows)
    if fields is not None:
        if fields and not fields <= header.keys():
            # A later sheet of a workbook whose header lacks the fields of its first sheet of letters (a
            # 汇总 of 所属区域, 反映问题, 件数): counts, not letters.
            raise _NoTextColumn(f"{where}: not the columns of the letters' first sheet ({', '.join(sorted(fields))})")
        fields.update(header)
    # Errors name the column as the file calls it.
    text_label = _cell_text(header_row[header["text"]]).strip() or "text"
    labels = [_cell_text(cell).strip() for cell in header_row]
    if not report.columns:  # the first sheet of letters' header is the one said
        report.columns = {key: labels[index] or key for key, index in sorted(header.items(), key=lambda item: item[1])}
        report.unread_columns = [label for index, label in enumerate(labels) if label and index not in header.values()]
    seen_ids = set() if seen_ids is None else seen_ids
    letter_columns = {header.get("text"), header.get("title")}
    other_times = other_time_columns(header_row, columns, header.values()) if (
        "time" in header and "time" not in dropped) else []

    def cell(row: list[Any], key: str) -> Any:
        index = header.get(key)  # type: ignore[union-attr]
        return row[index] if index is not None and index < len(row) else None

    def simplified(row: list[Any], key: str) -> tuple[str, str]:
        """(simplified, half-width original) of a text cell."""
        original = to_half_width(clean_cell(cell(row, key)))
        return simplify(original), original

    for row in rows:
        row_number += 1
        report.rows += 1
        first = _first_filled(row)
        if not first:
            continue  # blank line between blocks of an export
        if _is_total_label(first):
            report.skipped += 1  # the export's own 合计 line under the letters, not a letter
            continue
        if _cell_text(cell(row, "text")).strip() == text_label != "text":
            continue  # the header again: exports joined one after another (copy /b), a printed report's pages
        if _is_note_line(row, letter_columns):
            continue  # 导出时间：…, 制表人：…, or a joined export's title line: no letter
        text, original_text = simplified(row, "text")
        title, original_title = simplified(row, "title")
        title, original_title = title.replace("\n", " "), original_title.replace("\n", " ")
        from_title = not text
        if from_title:
            # A letter with a title and no body is still a letter: the title says what it is about
            # (2 of Shangluo's 1,179 letters, "关于洛南县政府对违法乱建处理回复不满意的投诉"), and
            # counted as an error it made every night "部分来源出错".
            if not title or says_nothing(title):
                report.errors.append(f"{where} row {row_number}: empty {text_label}")
                continue
            text, original_text = title, original_title
        raw_time = cell(row, "time")
        published, from_others = day_and_clock([raw_time, *(row[i] for i in other_times if i < len(row))])
        if from_others and report.columns["time"] == labels[header["time"]]:
            # Say that the time is read from two columns (来电时间 + 来电日期 → time), the second no longer unread.
            report.columns["time"] = " + ".join([labels[header["time"]], *(labels[index] for index in other_times)])
            report.unread_columns = [label for label in report.unread_columns
                                     if label not in {labels[index] for index in other_times}]
        if raw_time not in (None, "") and published is None:
            what = "a time of day without a date" if _clock(raw_time) is not None else "unreadable time"
            report.errors.append(f"{where} row {row_number}: {what} {_cell_text(raw_time)!r} (kept without date)")
        row_id = to_half_width(clean_cell(cell(row, "id")).replace("\n", ""))[:200]
        shortened = bool(_SHORTENED_NUMBER.fullmatch(row_id))
        # A shortened number names many letters at once (every 2026110... is 2.02611E+13): it would make
        # them repeats of the first, so such a letter is known by its time and text instead.
        doc_id = row_id if row_id and not shortened else stable_id(published.isoformat() if published else "", text)
        if doc_id in seen_ids:
            report.skipped += 1
            continue
        seen_ids.add(doc_id)
        if not title:
            title = original_title = title_from_text(text)
        elif says_nothing(title):
            title = title_from_text(text)  # the form-only original is kept in metadata["original_title"]
        area = "" if "area" in dropped else simplify(clean_cell(cell(row, "area")).replace("\n", " "))
        category = "" if "category" in dropped else simplify(clean_cell(cell(row, "category")))
        metadata: dict[str, Any] = {"row": row_number, "file": name, **({"sheet": sheet} if sheet else {})}
        if shortened:
            metadata["original_id"] = row_id
            report.shortened_ids += 1
        if is_form_only(category):
            metadata["form"], category = category, ""
        elif (first_level := first_category_level(category)) != category:
            metadata["category_path"], category = category, first_level
        if from_title:  # counted here, past the repeated-row check: a repeat is only "skipped"
            metadata["text_from_title"] = True
            report.title_only += 1
        for key in ("likes", "against"):
            if key in header and key not in dropped:
                metadata[key] = count_cell(cell(row, key))
        for key in ("status", "reply", "satisfaction", "urgency"):
            if key in header and key not in dropped:
                metadata[key] = mask_personal(simplify(clean_cell(cell(row, key))))
        # A form beside a subject column (一级分类 and 诉求类型 both given); a category cell naming only the
        # form has set it above.
        if "form" in header and "form" not in dropped and "form" not in metadata:
            if form := simplify(clean_cell(cell(row, "form"))):
                metadata["form"] = form
        # Masking needs ASCII digits, so the kept original is the half-width one, masked as well.
        if title != original_title:
            metadata["original_title"] = mask_personal(original_title)
        if text != original_text:
            metadata["original_text"] = mask_personal(original_text)
        yield Document(
            id=doc_id,
            source=source,
            kind="hotline",
            title=mask_personal(title),
            text=mask_personal(text),
            published=published,
            area=area or area_from_text(title + "\n" + text),
            category=category,
            metadata=metadata,
        )


def read_hotline(
    data: HotlineInput,
    filename: str,
    source: str,
    columns: dict[str, list[str]],
    drop: Iterable[str] = ("user",),
    sheet: str = "",
    fieldnames: Iterable[str] = (),
) -> tuple[list[Document], list[str], int]:
    """A whole hotline export to (documents, per-row errors, skipped count); see :func:`iter_hotline`."""
    report = HotlineReport()
    documents = list(iter_hotline(data, filename, source, columns, drop=drop, sheet=sheet, report=report,
                                  fieldnames=fieldnames))
    return documents, report.errors, report.skipped


def import_hotline(
    data: HotlineInput,
    filename: str,
    source: str,
    columns: dict[str, list[str]],
    store: Store,
    drop: Iterable[str] = ("user",),
    sheet: str = "",
    fieldnames: Iterable[str] = (),
    batch_size: int = 2000,
    prepare: Callable[[list[Document]], Any] | None = None,
    report: HotlineReport | None = None,
) -> tuple[int, HotlineReport]:
    """Stream an export into ``store`` in batches; returns (documents stored or updated, report).

    ``prepare`` is called on each batch before it is stored (e.g. to fill missing categories); it is
    the caller's, so this module needs neither the models nor Prefect. At most ``batch_size`` documents
    are in memory at once.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    report = report if report is not None else HotlineReport()
    stored = 0
    documents = iter_hotline(data, filename, source, columns, drop=drop, sheet=sheet, report=report,
                             fieldnames=fieldnames)
    try:
        while batch := list(itertools.islice(documents, batch_size)):
            if prepare is not None:
                prepare(batch)
            changed = store.upsert_documents(batch)
            stored += changed
            report.imported += len(batch)
            report.stored += changed
    finally:
        documents.close()  # a failed batch must not leave the export file open
    return stored, report
