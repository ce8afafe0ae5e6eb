"""The shipped points model: loading, shapes, clear examples, and the cross-validation gate."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from models.evaluate_points import evaluate_points
from models.points import POINTS_ARTIFACT, TRUSTED_TYPES, PointsClassifier, load_points_model
from models.tokenize import tokenize
from xuanti.records import DOCUMENT_KINDS, POINTS

# Measured 2026-11-22 (5-fold CV, seed 0, 460 items): macro-F1 0.923; key 0.959, hot 0.959,
# difficult 0.893, distinctive 0.879. Floors sit just below. Lowering one needs a stated reason
# (e.g. the dev set was relabelled) in the commit that does it; never lower them to pass a change.
# The floors live in tests/eval_floors.toml with the other evaluations' (same gate, one file).
_FLOORS = tomllib.loads((Path(__file__).parent / "eval_floors.toml").read_text(encoding="utf-8"))["points"]
MACRO_F1_FLOOR = _FLOORS["macro_f1"]
POINT_F1_FLOOR = {point: _FLOORS[f"per_point.{point}"] for point in POINTS}
ECE_CEILING = _FLOORS["calibration.ece_max"]
LATER_NEWS_FLOOR = _FLOORS["later_news.macro_f1"]
BRIER_CEILING = _FLOORS["calibration.brier_max"]
UNLEARNT_RECALL_FLOOR = {name: _FLOORS[f"{name}.alert_recall"] for name in ("other_boards", "other_stories")}

EXAMPLES = {
    "key": {
        "source": "policy",
        "title": "县委县政府关于贯彻落实全面推进乡村振兴重点工作的实施意见",
        "text": "为深入贯彻落实中央和省委决策部署，推动高质量发展，现就全面推进乡村振兴、"
        "抓好重大项目建设和招商引资提出如下实施意见。各乡镇、各部门要认真贯彻执行。",
    },
    "hot": {
        "source": "hotline",
        "title": "A7县某小区物业乱收停车费，业主出行难",
        "text": "我们小区物业私自设置道闸，向业主收取高额停车费，小区内车辆乱停，孩子上学出行都不方便，"
        "希望有关部门管管物业收费问题。",
    },
    "difficult": {
        "source": "hotline",
        "title": "A市某工地拖欠工资至今未解决",
        "text": "我们在工地干了半年，老板一直拖欠工资，多次反映劳动监察部门，问题至今没有解决，"
        "生活十分困难，恳请领导督促解决。",
    },
    "distinctive": {
        "source": "news",
        "title": "浙江德清：首创“数字乡村一张图” 打造乡村治理新模式",
        "text": "德清县率先探索数字化乡村治理，在全国首创“数字乡村一张图”，试点经验在全省推广，"
        "当地依托特色产业打造产业园，带动村民增收，形成了可复制的经验做法。",
    },
}


@pytest.fixture(scope="module")
def model() -> PointsClassifier:
    return load_points_model()


def test_artifact_is_small_and_allow_listed() -> None:
    # 2.3-2.4 MB on the dev set alone; the vocabulary grew with the 1,040 items we labelled (models.extra_labels).
    assert POINTS_ARTIFACT.stat().st_size < 6_500_000
    assert set(sio.get_untrusted_types(file=POINTS_ARTIFACT)) <= set(TRUSTED_TYPES)


def test_shapes_and_ranges(model: PointsClassifier) -> None:
    items = list(EXAMPLES.values())
    proba = model.predict_proba(items)
    pred = model.predict(items)
    assert proba.shape == pred.shape == (len(items), len(POINTS))
    assert np.all((proba >= 0) & (proba <= 1))
    assert set(np.unique(pred)) <= {0, 1}
    assert model.thresholds_.shape == (len(POINTS),)
    assert list(model.classes_) == list(POINTS)


def test_tokens_given_or_not_agree(model: PointsClassifier) -> None:
    item = EXAMPLES["difficult"]
    with_tokens = {**item, "tokens": tokenize(f"{item['title']} {item['text']}")}
    assert np.allclose(model.predict_proba([item]), model.predict_proba([with_tokens]))


@pytest.mark.parametrize("point", POINTS)
def test_clear_example_gets_its_point(model: PointsClassifier, point: str) -> None:
    row = model.predict([EXAMPLES[point]])[0]
    assert row[POINTS.index(point)] == 1, model.predict_proba([EXAMPLES[point]])


def test_a_news_report_of_a_problem_is_difficult(model: PointsClassifier) -> None:
    """Calibrated per source kind: 125 of 140 hotline messages are difficult, and one calibration for
    all sources set a threshold (0.785) no news report of a problem reached (the former model gave
    this one 0.29). Written for this test, not from the dev set."""
    problem = {
        "source": "news",
        "title": "县人大调研发现农村饮水安全工程存在短板",
        "text": "调研组指出，部分偏远村组供水管网老化，枯水期仍有群众吃水难，工程后续管护资金不足、"
        "人员短缺，问题迟迟未能解决，建议加大投入。",
    }
    meeting = {"source": "news", "title": "县委召开常委会议传达学习全会精神",
               "text": "会议强调，要深入学习贯彻全会精神，把思想和行动统一到中央决策部署上来。"}
    difficult = POINTS.index("difficult")
    assert model.predict([problem, meeting])[:, difficult].tolist() == [1, 0], model.predict_proba([problem])
    news, hotline = DOCUMENT_KINDS.index("news"), DOCUMENT_KINDS.index("hotline")
    assert not np.allclose(model.source_platt_[difficult, news], model.source_platt_[difficult, hotline])


def test_explain_names_the_cues(model: PointsClassifier) -> None:
    reasons = model.explain(EXAMPLES["distinctive"], top=5)
    assert set(reasons) == set(POINTS)
    assert all(len(terms) <= 5 for terms in reasons.values())
    assert {"首创", "率先", "试点", "新模式", "模式"} & set(reasons["distinctive"])
    assert {"拖欠", "拖欠工资", "未解决", "没有解决", "至今"} & set(model.explain(EXAMPLES["difficult"])["difficult"])


def test_empty_and_file_items(model: PointsClassifier) -> None:
    proba = model.predict_proba([{"title": "", "text": "", "source": "file"}])
    assert proba.shape == (1, len(POINTS))


def test_a_file_is_read_as_news(model: PointsClassifier) -> None:
    """A folder's DOCX of a work summary is scored as a news report (``model_kind``): no labelled file
    taught the file column a weight, and read as no kind at all this one's 特点 fell from 0.99 to 0.45
    and its 热点 rose from 0.00 to 0.12."""
    summary = {**EXAMPLES["distinctive"], "source": "file"}
    as_news = {**EXAMPLES["distinctive"], "source": "news"}
    assert np.array_equal(model.predict_proba([summary]), model.predict_proba([as_news]))
    assert model.predict([summary])[0, POINTS.index("distinctive")] == 1
    assert np.array_equal(model.predict_proba([{**summary, "source": None}]), model.predict_proba([as_news]))


def test_fit_rejects_wrong_label_shape() -> None:
    with pytest.raises(ValueError):
        PointsClassifier().fit([EXAMPLES["key"]], np.zeros((1, 3)))


@pytest.fixture(scope="module")
def cv_report(labels_dir: Path) -> dict:
    path = labels_dir / "points_dev.jsonl"
    if not path.exists():
        pytest.fail(f"labelled dev set not found: {path} (set XUANTI_LABELS)")
    return evaluate_points(path, folds=5, seed=0)


def test_cv_gate_macro_f1(cv_report: dict) -> None:
    assert cv_report["n"] == 460
    assert cv_report["macro_f1"] >= MACRO_F1_FLOOR, cv_report["per_point"]


@pytest.mark.parametrize("point", POINTS)
def test_cv_gate_per_point(cv_report: dict, point: str) -> None:
    assert cv_report["per_point"][point] >= POINT_F1_FLOOR[point]


def test_cv_gate_later_news(cv_report: dict) -> None:
    """News of a year after everything the model learnt from: the dev set's 102 items of 2023."""
    later = cv_report["later_news"]
    assert (later["since"], later["n"]) == ("2023-01-01", 102)
    assert later["macro_f1"] >= LATER_NEWS_FLOOR, later["per_point"]
    assert cv_report["extra_training"] == 1040 and "extra_missing" not in cv_report


@pytest.mark.parametrize(("name", "n", "alerts"), [("other_boards", 240, 46), ("other_stories", 800, 43)])
def test_cv_gate_levels_never_learnt(cv_report: dict, name: str, n: int, alerts: int) -> None:
    """Alerts among the letters of other cities' boards and the news stories we labelled, whose levels
    no warning model learns: every fold's model is scored on them."""
    figures = cv_report[name]
    assert (figures["n"], figures["alerts"]) == (n, alerts)
    assert figures["alert_recall"] >= UNLEARNT_RECALL_FLOOR[name], figures


def test_cv_gate_calibration(cv_report: dict) -> None:
    """The probabilities an editor sees mean what they say: out of fold, items given ~0.8 carry the
    point about 80 % of the time (Platt scaling learned inside fit; without it the ECE is ~0.07)."""
    calibration = cv_report["calibration"]
    assert calibration["ece"] <= ECE_CEILING, calibration
    assert calibration["brier"] <= BRIER_CEILING, calibration
    assert set(calibration["per_point"]) == set(POINTS)
