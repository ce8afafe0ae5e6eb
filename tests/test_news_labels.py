"""The labelled 新闻联播 stories the points and warning models also learn from (models/news_labels.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.evaluate_points import extra_items, read_labelled, text_fingerprint
from models.news_labels import NEWS_LABELS, NewsLabelsError, news_label_items, read_news_labels
from xuanti.cli import build_parser

TRANSCRIPT = """# 《新闻联播》（20250102）

## 新闻摘要

1.县域经济稳步发展；

## 详细新闻

### 县域经济稳步发展

**央视网消息**（新闻联播）：今年以来，各地因地制宜发展特色产业。

县域经济稳步发展，带动群众增收。

[查看原文](https://tv.cctv.com/2025/01/02/VIDE0001.shtml)

### 多地出现强降雨

{long}

[查看原文](https://tv.cctv.com/2025/01/02/VIDE0002.shtml)
"""


def _data(tmp_path: Path, labels: str) -> tuple[Path, Path]:
    """A data folder holding one day's transcript, and a labels file."""
    day = tmp_path / "data" / "news" / "xwlb" / "md"
    day.mkdir(parents=True)
    (day / "20250102.md").write_text(TRANSCRIPT.format(long="雨" * 900), encoding="utf-8")
    path = tmp_path / "labels.tsv"
    path.write_text("# a comment\n" + labels, encoding="utf-8")
    return tmp_path / "data", path


def test_stories_read_as_the_dev_set_has_them(tmp_path: Path) -> None:
    """Lines joined, the video link and the bold dropped, cut at 700 characters; a story the folder lacks
    (another day, or a headline the day does not have) is counted, not an error."""
    data, labels = _data(tmp_path, "20250102\t县域经济稳步发展\tkey,distinctive\tnone\trandom\n"
                                   "20250102\t多地出现强降雨\tkey,hot,difficult\talert\tenriched\n"
                                   "20250102\t没有这条新闻\t-\tnone\trandom\n"
                                   "20250103\t县域经济稳步发展\t-\tnone\trandom\n")
    items, missing = news_label_items(data, labels)
    assert missing == 2 and [item["title"] for item in items] == ["县域经济稳步发展", "多地出现强降雨"]
    first, second = items
    assert first["text"] == "央视网消息（新闻联播）：今年以来，各地因地制宜发展特色产业。 县域经济稳步发展，带动群众增收。"
    assert (first["source"], first["date"], first["points"], first["warning"]) == (
        "news", "2025-01-02", ["key", "distinctive"], "none")
    assert second["text"] == "雨" * 700 and second["warning"] == "alert"
    assert news_label_items(tmp_path / "elsewhere", labels) == ([], 4)


@pytest.mark.parametrize(("row", "message"), [
    ("20250102\t县域经济稳步发展\tkey", "line 2: want 5 tab-separated cells"),
    ("2025-01-02\t县域经济稳步发展\tkey\tnone\trandom", "line 2: want a day YYYYMMDD and a headline"),
    ("20250102\t县域经济稳步发展\turgent\tnone\trandom", "line 2: points 'urgent'; expected '-' or some of: key"),
    ("20250102\t县域经济稳步发展\t\tnone\trandom", "line 2: points ''"),
    ("20250102\t县域经济稳步发展\tkey\t预警\trandom", "line 2: warning '预警'; expected one of: none, watch, alert"),
])
def test_a_bad_row_is_an_error_naming_its_line(tmp_path: Path, row: str, message: str) -> None:
    _, labels = _data(tmp_path, row + "\n")
    with pytest.raises(NewsLabelsError, match=message):
        read_news_labels(labels)


def test_an_evaluation_never_trains_on_an_item_it_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, labels = _data(tmp_path, "20250102\t县域经济稳步发展\tkey,distinctive\tnone\trandom\n"
                                   "20250102\t多地出现强降雨\tkey,hot,difficult\talert\tenriched\n")
    monkeypatch.setattr("models.news_labels.NEWS_LABELS", labels)
    stories, _ = news_label_items(data, labels)
    scored = tmp_path / "scored.jsonl"
    scored.write_text(json.dumps({**stories[0], "id": "s1"}, ensure_ascii=False) + "\n", encoding="utf-8")
    more, lacking = extra_items(data, read_labelled(scored))
    assert [item["title"] for item in more] == ["多地出现强降雨"] and lacking == 1
    # The same broadcast's story saved with other markup and cut is the same story.
    other_cut = {**stories[1], "id": "s2", "title": "多地出现强降雨！",
                 "text": "<!--repaste.body.begin--> " + stories[1]["text"][:300] + " <!--repaste.body.end-->"}
    scored.write_text(json.dumps(other_cut, ensure_ascii=False) + "\n", encoding="utf-8")
    more, lacking = extra_items(data, read_labelled(scored))
    assert [item["title"] for item in more] == ["县域经济稳步发展"] and lacking == 1
    # A letter is another matter: two the same day may share a headline.
    scored.write_text(json.dumps({**other_cut, "source": "hotline"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert len(extra_items(data, read_labelled(scored))[0]) == 2
    assert more[0]["tokens"] and 0.0 <= more[0]["negative"] <= 1.0  # prepared as the dev set's items are


def test_the_shipped_labels_are_all_found_and_none_is_a_dev_item(data_dir: Path, labels_dir: Path) -> None:
    """560 stories of 2022 and 2024-2026 (none of 2023, the later-news test), nearly half drawn among
    problem and disaster stories: 难点 and 热点 have examples in news beyond the dev set's 13 and 33."""
    rows = read_news_labels(NEWS_LABELS)
    items, missing = news_label_items(data_dir)
    assert len(rows) == len(items) == 560 and missing == 0
    assert not [row for row in rows if row["day"].startswith("2023")]
    assert {row["drawn"] for row in rows} == {"random", "enriched"}
    counts = {point: sum(point in item["points"] for item in items) for point in ("key", "hot", "difficult", "distinctive")}
    assert counts["difficult"] >= 40 and counts["hot"] >= 80
    assert sum(item["warning"] == "alert" for item in items) >= 10
    dev = {text_fingerprint(item) for item in read_labelled(labels_dir / "points_dev.jsonl")}
    assert not dev & {text_fingerprint(item) for item in items}


def test_eval_points_can_leave_them_out() -> None:
    parser = build_parser()
    assert parser.parse_args(["eval", "points"]).no_extra is False
    assert parser.parse_args(["eval", "points", "--no-extra"]).no_extra is True
