"""Near-duplicate detection: SimHash properties and the banded index on real news bodies."""

from __future__ import annotations

import json
from pathlib import Path

from models.dedup import NearDuplicateIndex, Signature, hamming, simhash
from models.tokenize import tokenize


def _bodies(data_dir: Path, limit: int = 200) -> list[dict]:
    rows = []
    with (data_dir / "news/event_news/event_news.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if len(row["body"]) > 400:
                rows.append(row)
            if len(rows) >= limit:
                break
    return rows


def test_simhash_is_64_bit_stable_and_close_for_small_edits(data_dir: Path) -> None:
    body = _bodies(data_dir, 1)[0]["body"]
    tokens = tokenize(body)
    value = simhash(tokens)
    assert 0 <= value < 2**64
    assert simhash(tokens) == value  # same input, same hash (no per-process salt)
    edited = tokenize("来源：某某网 " + body[:-30])
    assert hamming(value, simhash(edited)) <= 6
    assert simhash([]) == 0


def test_index_finds_reprint_and_not_unrelated(data_dir: Path) -> None:
    rows = _bodies(data_dir, 60)
    index = NearDuplicateIndex()
    for n, row in enumerate(rows):
        assert index.add(f"a/{n}", tokenize(row["body"])) in (None, *[f"a/{k}" for k in range(n)])
    original = rows[5]["body"]
    reprint = "（转载自新华网）" + original[: int(len(original) * 0.95)] + "责任编辑：张三"
    assert index.add("reprint", tokenize(reprint)) == "a/5"
    assert index.add("empty", []) is None
    # A different article about another event is not a reprint.
    assert index.add("other", tokenize("榆林产妇坠楼事件调查结果公布，医院称已多次建议剖宫产。" * 3)) is None


def test_exact_copy_returns_first_key() -> None:
    tokens = tokenize("县委召开安全生产专题会议，部署节前安全检查工作。会议要求压实责任，排查隐患。")
    index = NearDuplicateIndex(max_distance=3)
    assert index.add("first", tokens) is None
    assert index.add("second", list(tokens)) == "first"


def test_stored_signature_finds_reprint_without_tokens(data_dir: Path) -> None:
    """Earlier nights' documents are indexed from their stored signature, never re-segmented."""
    body = _bodies(data_dir, 1)[0]["body"]
    stored = Signature.of(tokenize(body)).encode()
    assert len(stored) < 1000 and Signature.decode(0, "").empty
    index = NearDuplicateIndex()
    index.add_signature("earlier", Signature.decode(simhash(tokenize(body)), stored))
    assert index.add("tonight", tokenize("（转载）" + body[:-20])) == "earlier"
