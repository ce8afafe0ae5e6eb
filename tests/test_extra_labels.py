"""The news stories and letters we labelled, which the points and warning models also learn from
(models/extra_labels.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.evaluate_points import extra_items, read_labelled, same_item_keys, text_fingerprint
from models.extra_labels import (
    LETTER_LABELS,
    NEWS_LABELS,
    ExtraLabelsError,
    extra_label_items,
    letter_label_items,
    news_label_items,
    read_letter_labels,
    read_news_labels,
)
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
    with pytest.raises(ExtraLabelsError, match=message):
        read_news_labels(labels)


def test_an_evaluation_never_trains_on_an_item_it_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, labels = _data(tmp_path, "20250102\t县域经济稳步发展\tkey,distinctive\tnone\trandom\n"
                                   "20250102\t多地出现强降雨\tkey,hot,difficult\talert\tenriched\n")
    monkeypatch.setattr("models.extra_labels.NEWS_LABELS", labels)
    monkeypatch.setattr("models.extra_labels.LETTER_LABELS", tmp_path / "no-letters.tsv")
    (tmp_path / "no-letters.tsv").write_text("# none\n", encoding="utf-8")
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
    """800 stories of 2022-2026, nearly half drawn among problem and disaster stories: 难点 and 热点 have
    examples in news beyond the dev set's 13 and 33."""
    rows = read_news_labels(NEWS_LABELS)
    items, missing = news_label_items(data_dir)
    assert len(rows) == len(items) == 800 and missing == 0
    assert sum(row["day"].startswith("2023") for row in rows) == 120
    assert {row["drawn"] for row in rows} == {"random", "enriched"}
    counts = {point: sum(point in item["points"] for item in items) for point in ("key", "hot", "difficult", "distinctive")}
    assert counts["difficult"] >= 70 and counts["hot"] >= 140
    assert sum(item["warning"] == "alert" for item in items) >= 10
    # Not a dev-set story, by its text nor by its day and headline.
    assert not same_item_keys(read_labelled(labels_dir / "points_dev.jsonl")) & same_item_keys(items)


def test_letters_read_by_board_and_id(tmp_path: Path) -> None:
    """A letter is read from its board's export by its id; an id the mailbox gives twice is told apart by
    its place in the export; a board not known is an error listing the known ones."""
    data = tmp_path / "data"
    mailbox = data / "hotline" / "shangluo_mayor_mailbox"
    mailbox.mkdir(parents=True)
    (mailbox / "latest.csv").write_text(
        "mail_id,title,query,query_date,reply\n"
        "20210813004,山区无通讯网络覆盖问题,\"村里  没有信号，\n老人联系不上\",2021-08-13,已转办\n"
        "20210813004,外省户籍能否在本地参加中高考？,请解读相关政策,2021-08-14,\n", encoding="utf-8")
    labels = tmp_path / "letters.tsv"
    labels.write_text("# board\tid\tpoints\twarning\tdrawn\n"
                      "shangluo\t20210813004\thot,difficult\twatch\trandom\n"
                      "shangluo\t20210813004#2\thot\tnone\trandom\n"
                      "shangluo\t20990101001\thot\tnone\trandom\n"
                      "hangzhou\t25489118\thot\tnone\trandom\n", encoding="utf-8")
    items, missing = letter_label_items(data, labels)
    assert missing == 2  # an id the export lacks, and a board whose export is not there
    assert [(item["title"], item["text"], item["date"], item["source"]) for item in items] == [
        ("山区无通讯网络覆盖问题", "村里 没有信号， 老人联系不上", "2021-08-13", "hotline"),
        ("外省户籍能否在本地参加中高考？", "请解读相关政策", "2021-08-14", "hotline"),
    ]
    labels.write_text("beijing\t1\thot\tnone\trandom\n", encoding="utf-8")
    with pytest.raises(ExtraLabelsError, match="line 1: board 'beijing'; expected one of: shangluo, hangzhou"):
        read_letter_labels(labels)


def test_the_shipped_letters_are_all_found_and_none_is_a_dev_item(data_dir: Path, labels_dir: Path) -> None:
    """240 letters of Shangluo's mailbox and Hangzhou's board, half drawn among letters naming a risk."""
    rows = read_letter_labels(LETTER_LABELS)
    items, missing = letter_label_items(data_dir)
    assert len(rows) == len(items) == 240 and missing == 0
    assert {row["board"] for row in rows} == {"shangluo", "hangzhou"}
    assert sum(item["warning"] == "alert" for item in items) >= 20
    dev = {text_fingerprint(item) for item in read_labelled(labels_dir / "points_dev.jsonl")}
    assert not dev & {text_fingerprint(item) for item in items}
    assert len(extra_label_items(data_dir)[0]) == 1040


def test_eval_points_can_leave_them_out() -> None:
    parser = build_parser()
    assert parser.parse_args(["eval", "points"]).no_extra is False
    assert parser.parse_args(["eval", "points", "--no-extra"]).no_extra is True
