"""Measure the extractors against hand-made gold: article body/date, policy metadata, article links.

``python -m extractors.evaluate [gold_folder] [policy_folder]`` prints the reports.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from extractors import ExtractionError
from extractors.bulletins import split_bulletin
from extractors.charset import decode_html
from extractors.feed import parse_feed
from extractors.page import article_links, extract_article, find_links
from extractors.policy import POLICY_FIELDS, extract_policy
from extractors.sites import profile_for

INDEX_LINKS_GOLD = Path(__file__).parent / "gold" / "index_links.json"

_GOLD_DATE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})(?:\s+(?P<H>\d{1,2})[:\-](?P<M>\d{1,2})(?:[:\-](?P<S>\d{1,2}))?)?)?)?"
)


def char_f1(predicted: str, gold: str) -> float:
    """Bag-of-characters F1, whitespace ignored (the usual measure for Chinese body extraction)."""
    pred = Counter(ch for ch in predicted if not ch.isspace())
    ref = Counter(ch for ch in gold if not ch.isspace())
    if not pred and not ref:
        return 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def date_matches(value: datetime | None, gold: str) -> bool | None:
    """Whether ``value`` agrees with a gold date on every field the gold gives; None if gold is unknown."""
    gold = gold.strip()
    match = _GOLD_DATE.fullmatch(gold)
    if not gold or gold.upper().startswith("UNKNOWN") or not match:
        return None
    if value is None:
        return False
    fields = (("y", value.year), ("m", value.month), ("d", value.day), ("H", value.hour), ("M", value.minute),
              ("S", value.second))
    return all(match[name] is None or int(match[name]) == actual for name, actual in fields)


def _read_gold_text(path: Path) -> str:
    return decode_html(path.read_bytes()) if path.is_file() else ""


class GoldDataError(ValueError):
    """A gold folder that cannot be used as one; the message names the folder, file or row."""


def evaluate_gold(folder: Path) -> dict:
    """Body character-F1 and date accuracy of ``extract_article`` over an extraction_gold folder.

    A page the extractor cannot read scores as a miss (F1 0, date wrong) and is named in ``unread``; a
    page without a ``cleaned/`` text counts for the date only and is named in ``no_gold_body``."""
    folder = Path(folder)
    originals = folder / "original"
    if not originals.is_dir():
        raise GoldDataError(f"{folder}: no original/ folder (a gold folder holds original/, cleaned/ and date/)")
    rows = []
    unread: list[str] = []
    no_gold_body: list[str] = []
    for page in sorted(originals.iterdir()):
        if not page.is_file():
            continue
        stem = page.stem
        body_file = folder / "cleaned" / f"{stem}.txt"
        has_body = body_file.is_file()
        if not has_body:
            no_gold_body.append(page.name)
        gold_body = _read_gold_text(body_file)
        gold_date = _read_gold_text(folder / "date" / f"{stem}.txt")
        try:
            doc = extract_article(page.read_bytes(), f"file://{page}", "gold")
            text, published = doc.text, doc.published
        except ExtractionError as exc:  # the extractor's miss, not the evaluation's end
            unread.append(str(exc))
            text, published = "", None
        rows.append({
            "file": page.name,
            "f1": char_f1(text, gold_body) if has_body else None,
            "date_ok": date_matches(published, gold_date),
            "published": published.isoformat() if published else "",
            "gold_date": gold_date.strip(),
        })
    bodied = [row for row in rows if row["f1"] is not None]
    dated = [row for row in rows if row["date_ok"] is not None]
    return {
        "pages": len(rows),
        "body_f1": sum(row["f1"] for row in bodied) / len(bodied) if bodied else 0.0,
        "date_pages": len(dated),
        # None, not 0.0, when no page has a gold date: nothing was measured, so nothing was missed.
        "date_accuracy": sum(1 for row in dated if row["date_ok"]) / len(dated) if dated else None,
        "unread": unread,
        "no_gold_body": no_gold_body,
        "rows": rows,
    }


def evaluate_policy(folder: Path) -> dict:
    """Per-field exact-match rate of ``extract_policy`` metadata against ``index.csv``; a page the
    extractor cannot read misses every field (named in ``mismatches``)."""
    folder = Path(folder)
    index = folder / "index.csv"
    if not index.is_file():
        raise GoldDataError(f"{folder}: no index.csv (file, url and the expected {', '.join(POLICY_FIELDS)})")
    with index.open(encoding="utf-8-sig", newline="") as handle:
        expected = list(csv.DictReader(handle))
    hits = Counter()
    mismatches: list[str] = []
    for number, row in enumerate(expected, start=2):
        page = folder / (row.get("file") or "")
        if not row.get("file") or not page.is_file():
            raise GoldDataError(f"{index} row {number}: file {row.get('file')!r} not found in {folder}")
        try:
            metadata = extract_policy(page.read_bytes(), row.get("url") or row["file"], "gold").metadata
        except ExtractionError as exc:
            mismatches.append(f"{row['file']}: {exc}")
            metadata = {}
        for name in POLICY_FIELDS:
            got = str(metadata.get(name, "")).strip()
            if got == (row.get(name) or "").strip():
                hits[name] += 1
            elif metadata:
                mismatches.append(f"{row['file']} {name}: {got!r} != {row.get(name)!r}")
    total = len(expected)
    per_field = {name: hits[name] / total if total else 0.0 for name in POLICY_FIELDS}
    return {
        "pages": total,
        "fields": per_field,
        "accuracy": sum(per_field.values()) / len(per_field) if per_field else 0.0,
        "mismatches": mismatches,
    }


def evaluate_links(gold: Path, data_dir: Path) -> dict:
    """Precision and recall of ``article_links`` (no link_pattern) on saved index pages.

    ``gold`` lists each page (a path under ``data_dir``), the URL it was served at, the source's domains
    and a regex of its article links. Figures are per site (pooled over its pages), then averaged over
    sites, so a site with many saved pages counts once. ``all_links_precision`` is what following every
    link of the page would give.
    """
    entries = _link_entries(Path(gold), Path(data_dir))
    pooled: dict[str, Counter] = {}
    for entry in entries:
        html = decode_html((Path(data_dir) / entry["page"]).read_bytes())
        every = find_links(html, entry["url"], "", entry["domains"])
        truth = {url for url in every if entry["pattern"].search(url)}
        chosen = set(article_links(html, entry["url"], entry["domains"]))
        counts = pooled.setdefault(entry["domains"][0], Counter())
        counts.update(found=len(chosen & truth), chosen=len(chosen), articles=len(truth), links=len(set(every)))
    sites = {
        site: {
            "precision": c["found"] / c["chosen"] if c["chosen"] else 1.0,
            "recall": c["found"] / c["articles"] if c["articles"] else 1.0,
            "all_links_precision": c["articles"] / c["links"] if c["links"] else 1.0,
        }
        for site, c in pooled.items()
    }

    def mean(name: str) -> float:
        return sum(site[name] for site in sites.values()) / len(sites) if sites else 0.0

    return {"pages": len(entries), "sites": len(sites), "precision": mean("precision"), "recall": mean("recall"),
            "all_links_precision": mean("all_links_precision"), "per_site": sites}


_LINK_KEYS = ("page", "url", "domains", "articles")


def _link_entries(gold: Path, data_dir: Path) -> list[dict]:
    """The entries of an index-links gold file, checked: each names its page (found under ``data_dir``),
    URL, domains and a valid article-link regex (compiled as ``pattern``); else ``GoldDataError`` naming
    the file and entry."""
    try:
        entries = json.loads(gold.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldDataError(f"{gold}: not a JSON list of index pages ({exc})") from None
    if not isinstance(entries, list):
        raise GoldDataError(f"{gold}: not a JSON list of index pages")
    checked = []
    for number, entry in enumerate(entries, start=1):
        where = f"{gold} entry {number}"
        missing = [key for key in _LINK_KEYS if not isinstance(entry, dict) or not entry.get(key)]
        if missing:
            raise GoldDataError(f"{where}: needs {', '.join(missing)} (each entry: {', '.join(_LINK_KEYS)})")
        if not (data_dir / entry["page"]).is_file():
            raise GoldDataError(f"{where}: page {entry['page']!r} not found under {data_dir}")
        try:
            pattern = re.compile(entry["articles"])
        except re.error as exc:
            raise GoldDataError(f"{where}: articles {entry['articles']!r} is not a valid regular expression ({exc})") from None
        checked.append({**entry, "pattern": pattern})
    return checked


def _xwlb_day_stories(data_dir: Path, day: str) -> dict[str, list[str]]:
    """Story title -> its bodies, of one day's 新闻联播 transcript (news/xwlb/md), 详细新闻 only."""
    path = Path(data_dir) / "news" / "xwlb" / "md" / f"{day}.md"
    if not path.is_file():
        return {}
    stories: dict[str, list[str]] = {}
    for block in path.read_text(encoding="utf-8").split("## 详细新闻", 1)[-1].split("\n### ")[1:]:
        title, _, body = block.partition("\n")
        stories.setdefault(title.strip(), []).append(body)
    return stories


def _plain(text: str) -> str:
    return re.sub(r"[\s\W_]", "", text)


def evaluate_bulletins(data_dir: Path) -> dict:
    """Bulletins split into stories, against the 新闻联播 transcripts (news/xwlb/md), which mark each story.

    - The site's 国内/国际联播快讯 pages (news/xwlb/site, read with the tv.cctv.com selectors as the default
      source reads them): each item's headline against the bold headlines of that day's 快讯 in the transcript.
    - The RSS feed's 新闻联播 文字版 (feeds/xwlb_rss) of the days the transcripts cover: each story's headline
      against the day's story titles.
    - The site's programme pages (《新闻联播》 20240121 21:00), tables of contents: how many are dropped.
    Precision and recall are over headlines, pooled.
    """
    data_dir = Path(data_dir)
    found = chosen = expected = contents = dropped = 0

    def score(predicted: set[str], gold: set[str]) -> None:
        nonlocal found, chosen, expected
        found, chosen, expected = found + len(predicted & gold), chosen + len(predicted), expected + len(gold)

    site = data_dir / "news" / "xwlb" / "site"
    selectors = profile_for("https://tv.cctv.com/")
    for page in sorted(site.glob("VIDE*.shtml")):
        doc = extract_article(page.read_bytes(), f"https://tv.cctv.com/{page.name}", "cctv", selectors=selectors)
        day = "20" + page.stem[-6:]
        if doc.title.startswith("《新闻联播》"):
            contents += 1
            dropped += not split_bulletin(doc)
        elif doc.title.endswith("联播快讯"):
            bodies = _xwlb_day_stories(data_dir, day).get(doc.title.removeprefix("[视频]"), [""])
            gold = {_plain(h) for h in re.findall(r"\*\*(.+?)\*\*", bodies[0]) if "央视网消息" not in h}
            stories = split_bulletin(doc)
            score({_plain(story.title) for story in stories} if stories != [doc] else set(), gold)
    for feed in sorted((data_dir / "feeds" / "xwlb_rss").glob("*.xml")):
        for doc in parse_feed(feed.read_bytes(), str(feed), "xwlb"):
            day = re.search(r"文字版\s*(\d{8})", doc.title)
            gold = set(map(_plain, _xwlb_day_stories(data_dir, day.group(1)))) if day else set()
            if gold:
                stories = split_bulletin(doc)
                score({_plain(story.title) for story in stories} if stories != [doc] else set(), gold)
    return {
        "stories": expected,
        "precision": found / chosen if chosen else 0.0,
        "recall": found / expected if expected else 0.0,
        "contents_pages": contents,
        "contents_dropped": dropped / contents if contents else 1.0,
    }


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    from xuanti.paths import shared_data_dir

    args = argv if argv is not None else sys.argv[1:]
    data = shared_data_dir()
    gold = Path(args[0]) if args else data / "pages" / "extraction_gold"
    policy = Path(args[1]) if len(args) > 1 else data / "policy" / "govcn_2019"
    report = evaluate_gold(gold)
    for row in report["rows"]:
        print(f"{row['file'][:8]}  f1={row['f1']:.3f}  date={row['published'] or '-':19}  gold={row['gold_date']}"
              f"  {'' if row['date_ok'] is None else ('ok' if row['date_ok'] else 'WRONG')}")
    print(f"body F1 {report['body_f1']:.3f} over {report['pages']} pages; "
          f"date accuracy {_share(report['date_accuracy'])} over {report['date_pages']}")
    policy_report = evaluate_policy(policy)
    for line in policy_report["mismatches"][:20]:
        print("  ", line)
    print("policy fields:", {k: round(v, 3) for k, v in policy_report["fields"].items()})
    links = evaluate_links(INDEX_LINKS_GOLD, data)
    for site, figures in links["per_site"].items():
        print(f"  {site:16s} precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
              f"(every link: {figures['all_links_precision']:.3f})")
    print(f"article links: precision {links['precision']:.3f}, recall {links['recall']:.3f} over "
          f"{links['sites']} sites ({links['pages']} index pages); every link {links['all_links_precision']:.3f}")
    bulletins = evaluate_bulletins(data)
    print(f"bulletins: {bulletins['stories']} stories, precision {bulletins['precision']:.3f}, recall "
          f"{bulletins['recall']:.3f}; tables of contents dropped {bulletins['contents_dropped']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
