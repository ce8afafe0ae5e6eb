"""What every ``xuanti`` subcommand module shares: the error type, the parser class, settings/store helpers.

Subcommands live in modules that expose ``register(sub) -> {name: handler}`` (see ``xuanti.cli``), so
each area (models, evaluation, review, operations) adds its commands without touching the others.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TextIO

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


def read_jsonl(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Lines of a JSON-lines file; a bad line is a UsageError naming its line number."""
    if path == "-":
        handle: TextIO = sys.stdin
    else:
        if not Path(path).is_file():
            raise UsageError(f"{path}: file not found")
        handle = open(path, encoding="utf-8-sig")  # noqa: SIM115 (closed below)
    try:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}: line {number}: not valid JSON ({exc.msg})") from None
            if not isinstance(item, dict) or "id" not in item or "text" not in item:
                raise UsageError(f"{path}: line {number}: each line needs an object with 'id' and 'text'")
            yield number, item
    finally:
        if handle is not sys.stdin:
            handle.close()


def output(path: str | None) -> TextIO:
    return open(path, "w", encoding="utf-8") if path else sys.stdout  # noqa: SIM115
