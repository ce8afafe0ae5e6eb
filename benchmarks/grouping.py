"""How grouping time grows with the number of documents (it should be near-linear).

Real texts: the 4,326 TipDM hotline messages and the 1,620 event news articles, segmented once. To
reach N documents they are repeated; each repeat renames the rare words (estate, company and person
names and specific nouns: IDF >= 8) with a copy number and drops every 10th word, so a copy reads like the same kind
of complaint about a *different* estate and opens its own topics instead of piling onto the
original's. In practice most copies still join their original's topic (the common words carry
the topic), so topics grow slowly (about 1.7k at 10k docs, 2.0k at 100k) while the big topics get
very big: the case where an unbounded inverted-index scan would go quadratic.

    /tmp/xv/bin/python benchmarks/grouping.py             # N = 10k, 20k, 40k
    /tmp/xv/bin/python benchmarks/grouping.py --sizes 10000 20000 40000 100000 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from models.places import extract_place
from models.tokenize import tokenize
from models.topics import TopicGrouper, idf, read_hotline_csv
from xuanti.paths import shared_data_dir

# Words at least this specific are renamed per copy (names, places, specific nouns: about a third
# of the distinct words), so copies become different stories rather than reprints.
RARE_IDF = 8.0


def base_items(data: Path) -> list[dict]:
    """Segmented real documents (hotline + news) as grouping items."""
    items = read_hotline_csv(data / "hotline/tipdm2020c/messages_with_votes.csv")
    with (data / "news/event_news/event_news.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            row = json.loads(line)
            items.append({"uid": f"news/{number}", "title": row["title"], "text": row["body"][:3000], "kind": "news",
                          "published": None, "category": "", "duplicate_of": ""})
    for item in items:
        item["title_tokens"] = tokenize(item["title"])
        item["tokens"] = item["title_tokens"] + tokenize(item["text"])
        item["place"] = extract_place(item["title"] + "\n" + item["text"])
        del item["text"]
    return items


def make_corpus(base: list[dict], size: int) -> list[dict]:
    """``size`` items: the base set, then renamed copies (see module docstring), in a fixed order."""
    start = datetime(2026, 1, 1)
    rare: dict[str, bool] = {}

    def vary(tokens: list[str], copy: int) -> list[str]:
        out = []
        for position, token in enumerate(tokens):
            if copy and position % 10 == copy % 10:
                continue
            if copy and rare.setdefault(token, idf(token) >= RARE_IDF):
                token = f"{token}{copy}"
            out.append(token)
        return out

    items = []
    for n in range(size):
        copy, item = divmod(n, len(base))
        source = base[item]
        items.append({
            **source,
            "uid": f"{source['uid']}#{copy}",
            "title_tokens": vary(source["title_tokens"], copy),
            "tokens": vary(source["tokens"], copy),
            "place": f"{source['place']}{copy}" if copy and source["place"] else source["place"],
            "published": start + timedelta(minutes=n),
        })
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    base = base_items(shared_data_dir())
    prepare = time.perf_counter() - started
    results = []
    previous: dict | None = None
    for size in sorted(args.sizes):
        corpus = make_corpus(base, size)
        started = time.perf_counter()
        grouper = TopicGrouper()
        assignment = grouper.assign(corpus)
        seconds = time.perf_counter() - started
        row = {
            "n": size,
            "seconds": round(seconds, 2),
            "per_1k_docs": round(seconds / size * 1000, 3),
            "topics": len(set(assignment.values())),
            "largest_topic": max(state.size for state in grouper.states_.values()),
        }
        if previous:
            # Time ratio over size ratio: 1.0 is linear, 2.0 would mean quadratic for doubling N.
            row["growth_vs_linear"] = round((seconds / previous["seconds"]) / (size / previous["n"]), 2)
        results.append(row)
        previous = row
        if not args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
    summary = {"base_documents": len(base), "segmentation_seconds": round(prepare, 1), "runs": results}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"base documents {len(base)}, segmented in {prepare:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
