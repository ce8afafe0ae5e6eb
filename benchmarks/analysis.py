"""Analysis throughput against plain ``jieba.lcut`` on the same real text, in one run.

    python -m benchmarks.analysis [--docs N] [--repeat R] [--json]

Text: real 12345-style messages (hotline/tipdm2020c) and 新闻联播 stories (news/xwlb/md) from the
shared data folder ($XUANTI_DATA). The analysis is everything the nightly job does per document after
storing it: normalise, segment, four points, warning, place, fingerprint/reprints, grouping, ranking.
Memory is the process's peak resident set (getrusage), after loading and at the end.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from xuanti.paths import shared_data_dir
from xuanti.records import Document


def load_documents(data: Path, limit: int) -> list[Document]:
    """Up to ``limit`` real documents: hotline messages first, then news stories."""
    from extractors.hotline import read_hotline
    from xuanti.settings import load_settings

    export = data / "hotline/tipdm2020c/messages_with_votes.csv"
    docs, _, _ = read_hotline(export.read_bytes(), export.name, "hotline", load_settings().hotline.columns)
    for path in sorted((data / "news/xwlb/md").glob("*.md")):
        if len(docs) >= limit:
            break
        day = datetime.strptime(path.stem, "%Y%m%d")
        for number, block in enumerate(path.read_text(encoding="utf-8").split("\n### ")[1:]):
            title, _, body = block.partition("\n")
            docs.append(Document(id=f"{path.stem}-{number}", source="xwlb", kind="news", title=title.strip(),
                                 text=body.strip(), published=day))
    return docs[:limit]


def _analysis_run(docs: list[Document], settings: Any) -> tuple[float, float, list[Any]]:
    """One timed analysis of ``docs``: (total seconds, per-document models seconds, ranked topics)."""
    from models import dedup, tokenize, topics
    from models.rank import rank_topics
    from models.topics import TopicGrouper, home_area_words
    from xuanti.pipeline import Analyser, member_dict

    # Per-term caches start empty, as in a fresh nightly process: a repeat must not find them warm.
    for cache in (tokenize.WORD_KINDS, dedup._hash_cache, topics._IDF_CACHE, topics._ADMIN_AREA_CACHE):
        cache.clear()
    analyser = Analyser(settings.analysis.near_duplicate_distance)  # loaded models come from the cache
    start = time.perf_counter()
    analyses, tokens = analyser.analyse(docs)
    analyse_seconds = time.perf_counter() - start
    items = [
        {"uid": d.uid, "title": d.title, "tokens": tokens[d.uid], "kind": d.kind, "place": analyses[d.uid].place,
         "title_tokens": tokens[d.uid][: analyses[d.uid].title_words],
         "category": d.category, "published": d.published, "duplicate_of": analyses[d.uid].duplicate_of}
        for d in docs
    ]
    grouper = TopicGrouper(join_threshold=settings.analysis.join_threshold,
                           home_words=home_area_words(settings.general.area))
    assignment = grouper.fit([]).assign(items)
    groups: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        # The tokens from the analysis describe the topic: nothing is segmented twice.
        member = {**member_dict(doc, analyses[doc.uid]), "tokens": tokens[doc.uid]}
        groups.setdefault(assignment[doc.uid], []).append(member)
    dates = [d.published for d in docs if d.published]
    # Every topic is ranked, as if all the documents had come in one window: the 2019 hotline messages
    # and the 2022-2026 news would otherwise leave most topics out of a 30-day window (less work).
    topics = rank_topics(groups, settings.rank.weights, now=max(dates), central_work=settings.analysis.central_work,
                         window_days=(max(dates) - min(dates)).days + 1)
    return time.perf_counter() - start, analyse_seconds, topics


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run(limit: int, repeat: int = 2) -> dict[str, Any]:
    import jieba

    from xuanti.pipeline import Analyser
    from xuanti.settings import load_settings

    settings = load_settings()
    docs = load_documents(shared_data_dir(), limit)
    texts = [f"{doc.title}\n{doc.text}" for doc in docs]
    chars = sum(len(text) for text in texts)

    jieba.initialize()
    warm = Analyser(settings.analysis.near_duplicate_distance)  # model loading is not timed
    warm.analyse(docs[:5])
    loaded_mb = _peak_rss_mb()  # the models and the documents, before any timed run
    # Best of ``repeat`` runs for each side (as timeit does): the machine's noise only ever adds time.
    # The two sides take turns, so a slow spell of a shared machine (another tenant, a busy disk)
    # falls on both rather than on whichever side happened to run during it.
    jieba_seconds = total_seconds = analyse_seconds = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        jieba_seconds = min(jieba_seconds, time.perf_counter() - start)
        seconds, models_seconds, topics = _analysis_run(docs, settings)
        if seconds < total_seconds:
            total_seconds, analyse_seconds = seconds, models_seconds
    return {
        "documents": len(docs),
        "characters": chars,
        "topics": len(topics),
        "jieba_lcut": {"seconds": round(jieba_seconds, 3), "chars_per_s": round(chars / jieba_seconds),
                       "docs_per_s": round(len(docs) / jieba_seconds, 1)},
        "analysis": {"seconds": round(total_seconds, 3), "chars_per_s": round(chars / total_seconds),
                     "docs_per_s": round(len(docs) / total_seconds, 1),
                     "per_document_models_seconds": round(analyse_seconds, 3)},
        "ratio_analysis_to_jieba": round(jieba_seconds / total_seconds, 3),
        # Peak resident memory of the process (getrusage): after loading, and at the end of every run.
        "memory": {"loaded_peak_rss_mb": round(loaded_mb, 1), "peak_rss_mb": round(_peak_rss_mb(), 1)},
        "repeat": repeat,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=8000, help="how many documents (default 8000)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per side; the best of each counts (default 2)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run(args.docs, max(1, args.repeat))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{result['documents']} documents, {result['characters']:,} characters, {result['topics']} topics")
        for name in ("jieba_lcut", "analysis"):
            r = result[name]
            print(f"{name:12s} {r['seconds']:8.2f} s {r['chars_per_s']:>12,} chars/s {r['docs_per_s']:>9} docs/s")
        print(f"ratio (analysis speed / jieba.lcut speed): {result['ratio_analysis_to_jieba']}")
        memory = result["memory"]
        print(f"peak memory {memory['peak_rss_mb']:,.0f} MB ({memory['loaded_peak_rss_mb']:,.0f} MB with the models and "
              "documents loaded, before the timed runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
