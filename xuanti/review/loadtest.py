"""Synthetic topics for load-testing the review list (benchmarks/review_list.py and its test)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from xuanti.records import POINTS, WARNING_LEVELS, Topic
from xuanti.store import Store

_WORDS = ["供暖", "物业", "停车", "欠薪", "噪音", "路灯", "拆迁", "学校", "医保", "招商", "乡村振兴", "营商环境"]
_PLACES = ["城关镇", "锦绣花园", "阳光新城", "石桥镇", "经开区", "上庄村", ""]


def seed_topics(store: Store, count: int, night: datetime | None, seed: int = 0) -> None:
    """``count`` synthetic topics ranked on ``night`` (ids ``bench-N``), spread over points and warnings."""
    rng = random.Random(seed)
    night = night or datetime(2026, 11, 20, 23, 59, 59)
    items = []
    for n in range(count):
        words = rng.sample(_WORDS, 3)
        last = night - timedelta(days=rng.randint(0, 29), hours=rng.randint(0, 23))
        items.append(Topic(
            id=f"bench-{n:06d}", title=f"{words[0]}问题反映（{n}）", keywords=words,
            documents=[], scores={p: round(rng.random(), 3) for p in POINTS},
            points=rng.sample(list(POINTS), rng.randint(0, 2)), warning=rng.choice(WARNING_LEVELS),
            heat=round(rng.random(), 3), trend=round(rng.random() * 5, 2), rank_score=round(rng.random() * 3, 4),
            reasons=[f"热点：近3天新出现相关材料{rng.randint(1, 9)}件"], first_seen=last - timedelta(days=3),
            last_seen=last, place=rng.choice(_PLACES), metadata={"kinds": {"hotline": rng.randint(1, 9)}},
        ))
    store.upsert_topics(items, ranked_on=night)
