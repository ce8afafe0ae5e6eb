"""Place extraction against hand-labelled real hotline messages (``models/gold/places.tsv``).

Each gold line names a message by its export (a path under the data folder) and row id, and the places
a reader accepts for it; "-" is no place. The exports are read as the nightly import reads them, and
the place is taken from title and text as the analysis takes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.files import read_text_file
from models.places import extract_place

PLACES_GOLD = Path(__file__).resolve().parent / "gold" / "places.tsv"
_COLUMNS = ("split", "file", "id", "places")


class PlacesGoldError(ValueError):
    """A gold file that cannot be used: the message names the file and line."""


@dataclass(frozen=True)
class GoldPlace:
    split: str
    file: str
    id: str
    accepted: frozenset[str]  # "" for no place


def read_places_gold(path: Path) -> list[GoldPlace]:
    """The gold lines of ``path`` (tab-separated split, file, id, places; '#' lines are comments)."""
    items: list[GoldPlace] = []
    header_seen = False
    # UTF-8, else GB18030 (a gold file saved on a Chinese Windows); undecodable bytes fail the header check.
    for number, line in enumerate(read_text_file(Path(path).read_bytes()).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != _COLUMNS:
                raise PlacesGoldError(f"{path}:{number}: header must be {' / '.join(_COLUMNS)} (tab-separated)")
            header_seen = True
            continue
        if len(cells) != len(_COLUMNS) or not all(cell.strip() for cell in cells):
            raise PlacesGoldError(f"{path}:{number}: expected 4 tab-separated cells, got {line!r}")
        split, file, row_id, places = (cell.strip() for cell in cells)
        accepted = frozenset("" if place == "-" else place for place in places.split("|"))
        items.append(GoldPlace(split, file, row_id, accepted))
    if not items:
        raise PlacesGoldError(f"{path}: no gold lines")
    return items


def _export_texts(path: Path) -> dict[str, str]:
    """Row id -> "title\\ntext" of every message of a hotline export, read as ``xuanti import`` reads it."""
    from extractors.hotline import read_hotline
    from xuanti.settings import load_settings

    documents, _, _ = read_hotline(path, path.name, "hotline", load_settings(None).hotline.columns)
    return {doc.id: f"{doc.title}\n{doc.text}" for doc in documents}


def evaluate_places(gold_path: Path, data_dir: Path) -> dict[str, Any]:
    """Accuracy of ``extract_place`` on the gold messages, overall, per split and per export; a wrong
    place (a place none of the accepted ones) and a missed one (none where one was expected) counted apart."""
    gold = read_places_gold(gold_path)
    texts: dict[str, dict[str, str]] = {}
    for file in sorted({item.file for item in gold}):
        path = data_dir / file
        if not path.is_file():
            raise PlacesGoldError(f"{gold_path}: export {path} not found")
        texts[file] = _export_texts(path)
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: {"messages": 0, "right": 0, "wrong": 0, "missed": 0})
    errors: list[dict[str, str]] = []
    for item in gold:
        text = texts[item.file].get(item.id)
        if text is None:
            raise PlacesGoldError(f"{gold_path}: no row {item.id} in {item.file}")
        found = extract_place(text)
        outcome = "right" if found in item.accepted else ("wrong" if found else "missed")
        for key in ("all", f"split.{item.split}", f"file.{Path(item.file).parent.name}"):
            tallies[key]["messages"] += 1
            tallies[key][outcome] += 1
        if outcome != "right":
            errors.append({"split": item.split, "file": item.file, "id": item.id, "found": found,
                           "accepted": "|".join(sorted(place or "-" for place in item.accepted))})

    def figures(tally: dict[str, int]) -> dict[str, Any]:
        n = tally["messages"]
        return {"accuracy": tally["right"] / n, "wrong_place": tally["wrong"] / n, "missed": tally["missed"] / n,
                "messages": n}

    result: dict[str, Any] = figures(tallies.pop("all"))
    for key, tally in sorted(tallies.items()):
        group, name = key.split(".", 1)
        result.setdefault(group, {})[name] = figures(tally)
    result["errors"] = errors
    return result
