"""How fast the review list answers with many topics in the store (never a timed test).

    /tmp/xv/bin/python -m benchmarks.review_list [--topics 10000] [--json]

Seeds synthetic topics (one night) into a fresh SQLite store, then times list queries: the first
page, a filtered page (warning + point + search) and a deep page.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from xuanti.review.db import ensure_tables
from xuanti.review.loadtest import seed_topics
from xuanti.review.service import TopicFilters, list_topics
from xuanti.store import Store


def measure(topics: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Store.default_url(Path(folder)))
        ensure_tables(store)
        started = time.perf_counter()
        seed_topics(store, topics, None)
        seeded = time.perf_counter() - started
        cases = {
            "first_page": TopicFilters(),
            "filtered": TopicFilters(warning="alert", point="hot", q="供暖", page=2),
            "deep_page": TopicFilters(page=topics // 60),
            "area": TopicFilters(area="锦绣"),
        }
        result = {"topics": topics, "seed_seconds": round(seeded, 2)}
        for name, filters in cases.items():
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                list_topics(store, filters, 30)
                runs.append(time.perf_counter() - started)
            result[f"{name}_ms"] = round(1000 * min(runs), 1)
        store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.topics)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:16s} {value}")


if __name__ == "__main__":
    main()
