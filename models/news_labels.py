"""More labelled news for the points and warning models: 新闻联播 stories labelled by us.

The dev set's 220 news stories are all of 2022-2023, and fitted on them the four points read later news
poorly: trained without the dev set's 102 stories of 2023 and tested on them, macro-F1 was 0.574 (热点
0.55, 难点 0.00: one cold wave, flood or fire inquiry after another missed). ``resources/news_labels.tsv``
lists 560 stories of 2022 (outside the dev set) and of 2024-01..2026-08, none of 2023, labelled by the
xuanti team following the shared rubric (``labels/RUBRIC.md``) with the dev set's stories beside it as
examples: 300 drawn at random, 260 at random among stories naming a disaster, a problem or a matter of
public concern (灾, 事故, 就业, 短板, 医疗…) so that 难点 and 热点 have examples to learn from (the file's
head says how each round was drawn). With them, that same 2023 test reads 0.839, and 5-fold CV on the
dev set over fold seeds 0-4 0.920 (0.916 on the dev set alone).

The warning model shares the points model's features, fitted on these stories too, but does not learn
their warning levels: with them, alert recall over fold seeds 0-4 fell from 0.930 to 0.878 (the
stories' floods and typhoons drew the alert model away from the hotline's fires, arrears and
gatherings), for precision 0.433 -> 0.477. Missing an alert is the costly error. Their levels are kept
in the file all the same.

Only the labels are in the repository. Each story's text is read from the shared data's transcripts
(``news/xwlb/md/<day>.md``) by its headline, as the dev set's news items were made: the body's lines
joined, cut at 700 characters. These stories are training data only; no evaluation scores them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

NEWS_LABELS = Path(__file__).resolve().parent / "resources" / "news_labels.tsv"
TRANSCRIPTS = Path("news") / "xwlb" / "md"
# The dev set's news items are a story's first 700 characters.
STORY_CHARS = 700
_POINTS = ("key", "hot", "difficult", "distinctive")
_LEVELS = ("none", "watch", "alert")
_FIELDS = ("day", "headline", "points", "warning", "drawn")


class NewsLabelsError(ValueError):
    """A labels file that cannot be read; the message names the file and line."""


def story_text(body: str) -> str:
    """A transcript story's text as the dev set has it: its lines joined by spaces without the link to
    the video page, the bold of 央视网消息 undone, cut at ``STORY_CHARS``."""
    lines = (line.strip() for line in body.splitlines())
    kept = [line for line in lines if line and not line.startswith(("[查看原文]", "## "))]
    return " ".join(kept).replace("**央视网消息**", "央视网消息")[:STORY_CHARS]


@lru_cache(maxsize=64)
def day_stories(path: Path) -> dict[str, str]:
    """Headline -> text (``story_text``) of one day's transcript; the first story of a headline told twice."""
    stories: dict[str, str] = {}
    for block in path.read_text(encoding="utf-8").split("\n### ")[1:]:
        headline, _, body = block.partition("\n")
        stories.setdefault(headline.strip(), story_text(body))
    return stories


def read_news_labels(path: Path = NEWS_LABELS) -> list[dict[str, Any]]:
    """The rows of a labels file: day (YYYYMMDD), headline, points (comma-separated, ``-`` for none),
    warning and how the story was drawn; ``#`` lines are comments. A bad row is an error naming it."""
    path = Path(path)
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(_FIELDS):
            raise NewsLabelsError(f"{path.name} line {number}: want {len(_FIELDS)} tab-separated cells "
                                  f"({', '.join(_FIELDS)}), got {len(cells)}")
        day, headline, points, warning, drawn = (cell.strip() for cell in cells)
        named = [] if points == "-" else points.split(",")
        if not (len(day) == 8 and day.isdigit()) or not headline:
            raise NewsLabelsError(f"{path.name} line {number}: want a day YYYYMMDD and a headline, got {day!r}")
        if not named and points != "-" or set(named) - set(_POINTS):
            raise NewsLabelsError(f"{path.name} line {number}: points {points!r}; expected '-' or some of: "
                                  f"{', '.join(_POINTS)}")
        if warning not in _LEVELS:
            raise NewsLabelsError(f"{path.name} line {number}: warning {warning!r}; expected one of: {', '.join(_LEVELS)}")
        rows.append({"day": day, "headline": headline, "points": named, "warning": warning, "drawn": drawn})
    return rows


def news_label_items(data_dir: Path, path: Path | None = None) -> tuple[list[dict[str, Any]], int]:
    """(items in the dev set's format, how many labelled stories the data folder lacks). A story is
    missing where ``data_dir`` has no transcript of its day or the day has no story of its headline (a
    folder other than the shared data); the models are then fitted without it."""
    items: list[dict[str, Any]] = []
    missing = 0
    for number, row in enumerate(read_news_labels(path or NEWS_LABELS)):
        day = row["day"]
        transcript = Path(data_dir) / TRANSCRIPTS / f"{day}.md"
        text = day_stories(transcript).get(row["headline"]) if transcript.is_file() else None
        if not text:
            missing += 1
            continue
        items.append({
            "id": f"xwlb-{day}-{number:03d}", "source": "news", "date": f"{day[:4]}-{day[4:6]}-{day[6:]}",
            "title": row["headline"], "text": text, "points": row["points"], "warning": row["warning"],
        })
    return items, missing
