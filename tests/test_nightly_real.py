"""A nightly run over real material: the Teddy Cup 12345 export and the saved cctv.com 新闻联播 site."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from xuanti.localserver import LocalServer
from xuanti.store import Store

XWLB_ARTICLE = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/(VIDE\w+\.shtml)$")
XWLB_INDEX = re.compile(r"^/lm/xwlb/day/(\d{8}\.shtml)$")


def xwlb_server(site: Path) -> LocalServer:
    """The saved pages at their original paths; links to tv.cctv.com point at this server instead."""

    def route(path: str) -> Path | None:
        if match := XWLB_INDEX.match(path):
            return site / match.group(1)
        if match := XWLB_ARTICLE.match(path):
            return site / match.group(4)
        return None

    return LocalServer(routes=route, substitute={"https://tv.cctv.com": "{{BASE_URL}}"})


def test_real_hotline_and_cctv_site(prefect_harness: None, data_dir: Path, tmp_path: Path) -> None:
    from flows.nightly import nightly

    site = data_dir / "news/xwlb/site"
    days = sorted(p.name for p in site.glob("2024*.shtml"))
    with xwlb_server(site) as server:
        index = ", ".join(f'"{server.base_url}/lm/xwlb/day/{day}"' for day in days)
        config = tmp_path / "real.toml"
        config.write_text(
            f"""
[fetch]
min_delay = 0.0
retries = 1
retry_delays = [0.2]

[[sources]]
name = "央视网-新闻联播"
type = "site"
index = [{index}]
link_pattern = "/\\\\d{{4}}/\\\\d{{2}}/\\\\d{{2}}/VIDE\\\\w+\\\\.shtml"
allow_private = true
max_items = 1000

[[sources]]
name = "12345热线"
type = "hotline"
path = "{data_dir / 'hotline/tipdm2020c/messages_with_votes.xlsx'}"
""",
            encoding="utf-8",
        )
        result = nightly(config=str(config), home=str(tmp_path / "home"), date="2020-01-31")
    store = Store(result["store"])
    [run] = store.runs()
    reports = {r.source: r for r in run.sources}
    assert reports["12345热线"].stored > 4000
    assert reports["央视网-新闻联播"].stored >= 200
    # Complaints about one estate (丽发新城, dozens of real messages) end up in one topic.
    assignment = store.topic_assignment()
    estate = [d.uid for d in store.documents() if d.kind == "hotline" and "丽发新城" in d.title]
    assert len(estate) >= 10
    topic, count = Counter(assignment[uid] for uid in estate).most_common(1)[0]
    assert count >= 0.6 * len(estate), Counter(assignment[uid] for uid in estate)
    assert result["topics"] > 0
