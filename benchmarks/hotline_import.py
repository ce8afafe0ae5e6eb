"""Streaming import of a large 12345 export into a SQLite store: rows per second and peak memory.

    python -m benchmarks.hotline_import [--rows 100000] [--format csv|xlsx] [--json]

The export is built from the real messages in hotline/tipdm2020c (the shared data folder,
$XUANTI_DATA), repeated with new ids until it has ``--rows`` rows, written to a temporary folder, and
imported through :func:`extractors.hotline.import_hotline` (the path ``xuanti import`` and the nightly
flow read exports through). Peak memory is the process's maximum resident set size (getrusage), so it
includes Python, the models' imports and the store; the file size is printed next to it.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from xuanti.paths import shared_data_dir


def build_export(data: Path, target: Path, rows: int) -> int:
    """Write ``rows`` real rows (repeated, each with a new 留言编号) as CSV or XLSX; returns the file size."""
    with (data / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        real = list(reader)

    def numbered() -> Any:
        for number in range(rows):
            row = list(real[number % len(real)])
            row[0] = f"{row[0]}-{number}"
            yield row

    if target.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(header)
        for row in numbered():
            sheet.append(row)
        book.save(target)
    else:
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(numbered())
    return target.stat().st_size


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(rows: int, kind: str, data: Path) -> dict[str, Any]:
    from extractors.hotline import import_hotline
    from xuanti.settings import load_settings
    from xuanti.store import Store

    columns = load_settings().hotline.columns
    with tempfile.TemporaryDirectory(prefix="xuanti-hotline-") as folder:
        export = Path(folder) / f"export.{kind}"
        size = build_export(data, export, rows)
        store = Store(f"sqlite:///{folder}/bench.db")
        baseline = _peak_rss_mb()
        started = time.perf_counter()
        stored, report = import_hotline(export, export.name, "12345热线", columns, store)
        seconds = time.perf_counter() - started
        store.close()
    return {
        "rows": rows,
        "format": kind,
        "file_mb": round(size / 1e6, 1),
        "stored": stored,
        "errors": len(report.errors),
        "skipped": report.skipped,
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_before_import_mb": round(baseline, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--data", type=Path, default=None, help="shared data folder (default: $XUANTI_DATA)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    data = args.data or shared_data_dir()
    result = run(args.rows, args.format, data)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
