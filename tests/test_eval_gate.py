"""The evaluation gate: figures of the evaluations not gated elsewhere, against tests/eval_floors.toml.

Each evaluation runs once (module-scoped), on the shared real data, exactly as ``xuanti eval`` runs it.
A figure below its floor fails; lowering a floor in eval_floors.toml needs a reason written there.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from xuanti.cli_eval import (
    FLOORS_FILE,
    check,
    load_floors,
    run_category,
    run_places,
    run_sentiment,
    run_topics,
    run_warning,
)

FLOORS = load_floors(FLOORS_FILE)


def _defaults() -> argparse.Namespace:
    return argparse.Namespace(json=True)


@pytest.fixture(scope="module")
def warning_figures(data_dir: Path) -> dict[str, Any]:
    return run_warning(_defaults())


@pytest.fixture(scope="module")
def category_figures(data_dir: Path) -> dict[str, Any]:
    return run_category(_defaults())


@pytest.fixture(scope="module")
def topics_figures(data_dir: Path) -> dict[str, Any]:
    return run_topics(_defaults())


@pytest.fixture(scope="module")
def sentiment_figures(data_dir: Path) -> dict[str, Any]:
    return run_sentiment(_defaults())


def _assert_floors(name: str, figures: dict[str, Any]) -> None:
    rows = [row for row in check(name, figures, FLOORS) if row["floor"] is not None]
    assert rows, f"no floor for {name} in {FLOORS_FILE}"
    failed = [row for row in rows if row["passed"] is not True]
    assert not failed, failed


def test_warning_bursts(warning_figures: dict[str, Any]) -> None:
    _assert_floors("warning", warning_figures)
    # The issue's own bars, whatever the floors say.
    assert warning_figures["recall"] >= 0.90
    assert warning_figures["false_alarms_per_month"] <= 1.0
    assert warning_figures["max_delay_days"] is not None and warning_figures["within_one_day"] >= 0.90


def test_warning_bursts_on_a_second_real_timeline(data_dir: Path) -> None:
    """The detector, tuned on the tipdm2020c timeline, on another city's: the Shangluo mayor's mailbox,
    ten years of a few letters a week, no categories (predicted), three named estates. Measured
    2026-11-22: recall 0.982 over 907 bursts, 0.008 false alarms per month over 119 months."""
    figures = run_warning(argparse.Namespace(
        json=True, hotline=str(data_dir / "hotline/shangluo_mayor_mailbox/latest.csv"), seed=0, rounds=3))
    assert figures["bursts"] >= 300
    assert figures["recall"] >= 0.95
    assert figures["false_alarms_per_month"] <= 0.1
    assert figures["within_one_day"] >= 0.95


def test_category(category_figures: dict[str, Any]) -> None:
    _assert_floors("category", category_figures)


def test_topics(topics_figures: dict[str, Any]) -> None:
    _assert_floors("topics", topics_figures)
    # The hot issues of a real hotline export (models/gold/hot_issues.tsv), grouped among all its messages.
    hot = topics_figures["hot_issues"]
    assert hot["issues"] == 12 and hot["messages"] == 176 and hot["grouped"] == 4326
    assert hot["per_issue"]["lifa_mixing_plant"]["recall"] >= 0.95  # 56 letters about one mixing plant


def test_hot_issue_files_are_checked(data_dir: Path, tmp_path: Path) -> None:
    from models.evaluate_hot_issues import HotIssueDataError, evaluate_hot_issues, read_hot_issues

    bad = tmp_path / "issues.tsv"
    bad.write_text("# issue, estate, id\nmixing_plant\t丽发新城\n", encoding="utf-8")
    with pytest.raises(HotIssueDataError, match="issues.tsv line 2"):
        read_hot_issues(bad)
    # A gold file saved by a Chinese Windows editor (GBK) reads as the UTF-8 one.
    gbk = tmp_path / "gbk.tsv"
    gbk.write_bytes("# 问题, 小区, 编号\n搅拌站\t丽发新城\t190337\n".encode("gbk"))
    assert read_hot_issues(gbk) == ({"搅拌站": ["190337"]}, {"搅拌站": "丽发新城"})
    unknown = tmp_path / "unknown.tsv"
    unknown.write_text("mixing_plant\t丽发新城\t999999999\n", encoding="utf-8")
    export = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    with pytest.raises(HotIssueDataError, match="messages_with_votes.csv: 1 listed messages are not in it"):
        evaluate_hot_issues(export, unknown)


def test_sentiment(sentiment_figures: dict[str, Any]) -> None:
    _assert_floors("sentiment", sentiment_figures)


def test_places(data_dir: Path) -> None:
    """Place extraction on the 149 hand-labelled real messages (models/gold/places.tsv)."""
    figures = run_places(_defaults())
    assert figures["messages"] == 149 and figures["split"]["test"]["messages"] == 74
    _assert_floors("places", figures)


def test_a_places_gold_file_names_its_bad_line(tmp_path: Path) -> None:
    from xuanti.cli import UsageError

    gold = tmp_path / "gold.tsv"
    gold.write_text("split\tfile\tid\tplaces\ndev\thotline/x.csv\t1\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"gold.tsv:2: expected 4 tab-separated cells"):
        run_places(argparse.Namespace(json=True, gold=str(gold), data=str(tmp_path)))


def test_every_floor_names_a_known_evaluation() -> None:
    from xuanti.cli_eval import ALL

    assert set(FLOORS) <= set(ALL)
    assert all(FLOORS[name] for name in FLOORS)
