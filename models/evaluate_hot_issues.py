"""Grouping on a real hotline timeline: are known hot issues each one topic, and kept apart?

The event-news evaluation (``models.topics.evaluate_grouping``) measures grouping on news. This one
measures it where editors need it most: 12345 messages, where one estate's complaints about a
mixing plant, its cracked floors and its school places must be three topics, and sixty letters about
one estate's bundled parking spaces one.

The gold file (``models/gold/hot_issues.tsv``) lists, per hot issue of the tipdm 2020 export, the
messages about it, found by reading every message that names its estate, school or firm. Messages
not listed are about something else or about nothing known; they are grouped too, as at night.

Figures:

- ``ari``: adjusted Rand index of topics against the issues, over the listed messages;
- ``recall``: per issue, the share of its messages in the topic holding most of them (its main
  topic), averaged over issues;
- ``precision``: the share of each main topic's members that are messages of its issue, averaged
  over issues (a member not listed counts against, though it may be about the issue unnoticed);
- ``apart``: of the pairs of issues at one estate, the share whose main topics differ.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

from extractors.files import read_text_file

GOLD_FILE = Path(__file__).parent / "gold" / "hot_issues.tsv"
DEFAULT_AREA = "A市"  # the anonymised city of the tipdm export


class HotIssueDataError(ValueError):
    """A gold file or export that cannot be used; the message names the file and line."""


def read_hot_issues(path: Path = GOLD_FILE) -> tuple[dict[str, list[str]], dict[str, str]]:
    """({issue: message ids}, {issue: estate}) from a gold file: issue, estate, message id per line
    (UTF-8, GB18030 or UTF-16 with its byte-order mark, as the other labelled files)."""
    issues: dict[str, list[str]] = {}
    estates: dict[str, str] = {}
    for number, line in enumerate(read_text_file(Path(path).read_bytes()).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(part.strip() for part in parts):
            raise HotIssueDataError(f"{Path(path).name} line {number}: want issue<TAB>estate<TAB>message id")
        issue, estate, message = (part.strip() for part in parts)
        issues.setdefault(issue, []).append(message)
        estates[issue] = estate
    if not issues:
        raise HotIssueDataError(f"{Path(path).name}: no issues listed")
    return issues, estates


def evaluate_hot_issues(export: Path, gold: Path = GOLD_FILE, area: str = DEFAULT_AREA,
                        join_threshold: float = 0.35) -> dict[str, Any]:
    """Group every message of a hotline ``export`` as the nightly flow does and score the ``gold`` issues.

    As at night: messages in time order, predicted categories where the export has none, reprints
    found by the near-duplicate index, the configured ``area`` never tying two messages together.
    """
    from extractors import ExtractionError
    from extractors.hotline import read_hotline
    from models.category import fill_missing_categories
    from models.dedup import NearDuplicateIndex
    from models.places import extract_place
    from models.tokenize import tokenize
    from models.topics import TopicGrouper, adjusted_rand_index, home_area_words
    from xuanti.settings import load_settings

    issues, estates = read_hot_issues(gold)
    export = Path(export)
    try:
        docs, _, _ = read_hotline(export.read_bytes(), export.name, "hotline", load_settings(None).hotline.columns)
    except ExtractionError as exc:  # an export that cannot be read at all: its name and why
        raise HotIssueDataError(str(exc)) from None
    known = {doc.id for doc in docs}
    missing = sorted({message for ids in issues.values() for message in ids} - known)
    if missing:
        raise HotIssueDataError(f"{export.name}: {len(missing)} listed messages are not in it, e.g. {missing[:3]}")
    fill_missing_categories(docs)
    docs = sorted((doc for doc in docs if doc.published), key=lambda doc: (doc.published, doc.id))
    index = NearDuplicateIndex()
    items = []
    for doc in docs:
        tokens = tokenize(f"{doc.title}\n{doc.text}")
        items.append({
            "uid": doc.id, "title": doc.title, "tokens": tokens, "kind": "hotline",
            "place": extract_place(f"{doc.title}\n{doc.text}"), "category": doc.category,
            "published": doc.published, "duplicate_of": index.add(doc.id, tokens) or "",
        })
    assignment = TopicGrouper(join_threshold=join_threshold, home_words=home_area_words(area)).assign(items)
    sizes = Counter(assignment.values())

    per_issue: dict[str, dict[str, Any]] = {}
    main: dict[str, str] = {}
    for issue, ids in issues.items():
        topic, held = Counter(assignment[message] for message in ids).most_common(1)[0]
        main[issue] = topic
        per_issue[issue] = {"messages": len(ids), "recall": held / len(ids), "main_topic_size": sizes[topic],
                            "precision": held / sizes[topic]}
    labelled = [(issue, message) for issue, ids in issues.items() for message in ids]
    same_estate = [(a, b) for a, b in combinations(sorted(issues), 2) if estates[a] == estates[b]]
    return {
        "ari": adjusted_rand_index([issue for issue, _ in labelled], [assignment[m] for _, m in labelled]),
        "recall": sum(p["recall"] for p in per_issue.values()) / len(per_issue),
        "precision": sum(p["precision"] for p in per_issue.values()) / len(per_issue),
        "apart": sum(main[a] != main[b] for a, b in same_estate) / len(same_estate) if same_estate else 1.0,
        "issues": len(issues),
        "messages": len(labelled),
        "grouped": len(items),
        "topics": len(sizes),
        "per_issue": per_issue,
    }
