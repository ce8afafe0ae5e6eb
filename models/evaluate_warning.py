"""Early warning over time, measured by injecting synthetic bursts into a real hotline timeline.

A synthetic burst is a run of similar complaints about one place over 1-3 days: real messages of the
same file and the same (predicted) category, rewritten so that each names one real estate or village
of the file and its district, and dated on consecutive days. Each round injects bursts at least
``spacing`` days apart, and none at a place within the detector's baseline and window of the last
burst there (so they never share a baseline); rounds differ by their random offsets.

- recall: share of injected bursts for which an *alert* (not a watch) is raised, on a key whose
  evidence holds one of its messages, on the night of its first day or the night after;
- false alarms: alert episodes on the real background alone (the file without injections): every
  alert counts, even where the file itself holds a real cluster of complaints, since nobody labelled
  those; alerts of one key on nights less than ``window_days`` apart are one episode. Divided by the
  months of background that can raise an alert (the days after the first baseline window);
- delay: nights from a burst's first day to its first alert (0 = the same night).

Everything is seeded: the same file and seed give the same figures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from models.burst import BurstDetector, HolidayCalendar, burst_keys
from models.places import extract_place, place_level

_AREA_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d{1,2}[区县市]")


@dataclass
class Message:
    uid: str
    title: str
    text: str
    day: date
    area: str
    category: str
    place: str


def load_timeline(path: Path) -> list[Message]:
    """The dated messages of a hotline export, with predicted categories where the export has none."""
    from extractors.hotline import read_hotline
    from models.category import fill_missing_categories
    from xuanti.settings import load_settings

    docs, _, _ = read_hotline(path.read_bytes(), path.name, "hotline", load_settings(None).hotline.columns)
    docs = [doc for doc in docs if doc.published is not None]
    fill_missing_categories(docs)
    return [
        Message(doc.uid, doc.title, doc.text, doc.published.date(), doc.area, doc.category,  # type: ignore[union-attr]
                extract_place(f"{doc.title}\n{doc.text}"))
        for doc in docs
    ]


def _events(messages: Sequence[Message]) -> list[tuple[Any, date, str]]:
    return [
        (key, m.day, m.uid)
        for m in messages
        for key in burst_keys(m.category, m.area, place=m.place)
    ]


def _rewrite(message: Message, area: str, place: str) -> tuple[str, str]:
    """The message moved to ``place`` in ``area``: its own place and district names replaced."""
    title, text = message.title, message.text
    if message.place:
        title, text = title.replace(message.place, place), text.replace(message.place, place)
    title, text = _AREA_CODE.sub(area, title), _AREA_CODE.sub(area, text)
    if place not in title:
        title = f"{place}{title}"
    if area not in title:
        title = f"{area}{title}"
    return title, text


def make_bursts(messages: Sequence[Message], rng: np.random.Generator, first: date, last: date,
                spacing: int, sizes: tuple[int, int], quiet_days: int = 0) -> list[dict[str, Any]]:
    """Synthetic bursts (their messages and first day) dated between ``first`` and ``last``.

    A place gets no new burst within ``quiet_days`` of the start of its last one (the detector's
    baseline plus window), so an earlier burst is never part of a later one's baseline. A file that
    names few estates (the Shangluo mailbox names three) would otherwise reuse each every month or so,
    and measure how a second wave at the same estate compares with the first.
    """
    # Estates named in at least two messages of the file, that read back as themselves (not fragments
    # such as "身为附近小区" that the rule-based place finder lets through once).
    named = Counter((m.area, m.place) for m in messages if m.area and m.place and place_level(m.place) >= 4)
    places = sorted(pair for pair, count in named.items()
                    if count >= 2 and extract_place(f"{pair[0]}{pair[1]}") == pair[1])
    by_category: dict[str, list[Message]] = {}
    for m in messages:
        if m.category:
            by_category.setdefault(m.category, []).append(m)
    categories = sorted(c for c, ms in by_category.items() if len(ms) >= sizes[1])
    bursts = []
    start = first + timedelta(days=int(rng.integers(0, spacing)))
    number = 0
    last_start: dict[tuple[str, str], date] = {}
    while start + timedelta(days=3) <= last:
        free = [pair for pair in places if pair not in last_start or (start - last_start[pair]).days >= quiet_days]
        if not free:  # wait for the first place whose quiet period ends
            start = min(last_start.values()) + timedelta(days=quiet_days)
            continue
        area, place = free[int(rng.integers(len(free)))]
        last_start[(area, place)] = start
        category = categories[int(rng.integers(len(categories)))]
        size = int(rng.integers(sizes[0], sizes[1] + 1))
        days = int(rng.integers(1, 4))
        per_day = np.full(days, size // days) + (np.arange(days) < size % days)
        pool = by_category[category]
        chosen = rng.choice(len(pool), size=size, replace=False)
        injected, k = [], 0
        for offset, count in enumerate(per_day):
            for _ in range(int(count)):
                source = pool[int(chosen[k])]
                title, text = _rewrite(source, area, place)
                injected.append(Message(f"synthetic/{number}-{k}", title, text, start + timedelta(days=offset),
                                        "", "", ""))
                k += 1
        bursts.append({"number": number, "start": start, "days": days, "size": size, "area": area,
                       "place": place, "category": category, "messages": injected})
        number += 1
        start += timedelta(days=spacing + int(rng.integers(0, 5)))
    return bursts


def _prepare(injected: list[Message]) -> None:
    """What the nightly job does with a new message: area, predicted category, place."""
    from extractors.hotline import area_from_text
    from models.category import category_text, load_category_model

    if not injected:
        return
    predicted = load_category_model().predict([category_text(m.title, m.text) for m in injected])
    for m, category in zip(injected, predicted, strict=True):
        m.area = area_from_text(f"{m.title}\n{m.text}")
        m.category = str(category)
        m.place = extract_place(f"{m.title}\n{m.text}")


def scan(detector: BurstDetector, events: list[tuple[Any, date, str]], first: date, last: date) -> list[dict[str, Any]]:
    """Every burst raised on every night from ``first`` to ``last``."""
    detector.fit(events)
    found = []
    night = first
    while night <= last:
        found.extend(detector.detect(night))
        night += timedelta(days=1)
    return found


def episodes(alerts: Sequence[dict[str, Any]], gap_days: int) -> int:
    """Alerts of one key on nights less than ``gap_days`` apart count once."""
    last_night: dict[tuple[str, str, str, str], date] = {}
    count = 0
    for alert in sorted(alerts, key=lambda a: a["night"]):
        key = (alert["key_kind"], alert["category"], alert["area"], alert["topic_id"])
        night = alert["night"].date()
        if key not in last_night or (night - last_night[key]).days >= gap_days:
            count += 1
        last_night[key] = night
    return count


def evaluate_warning(
    path: Path,
    seed: int = 0,
    rounds: int = 3,
    spacing: int = 10,
    sizes: tuple[int, int] = (5, 12),
    detector: BurstDetector | None = None,
    max_delay: int = 1,
) -> dict[str, Any]:
    """Recall, false alarms per month and delay of burst alerts on the timeline in ``path``."""
    from xuanti.settings import load_settings

    if detector is None:
        warning = load_settings(None).warning
        detector = BurstDetector(
            baseline_days=warning.baseline_days, window_days=warning.window_days, min_count=warning.min_count,
            watch_score=warning.watch_score, alert_score=warning.alert_score,
            calendar=HolidayCalendar(warning.holidays, warning.workdays),
        )
    messages = load_timeline(path)
    if not messages:
        names = "、".join(load_settings(None).hotline.columns.get("time", [])[:4])
        raise ValueError(f"{path}: no dated messages: bursts are counted by day, so the export needs a date "
                         f"column ({names}… see [hotline.columns] time) with dates in it")
    # The dense span of the timeline: a handful of stray dates years off (typos in the export)
    # would otherwise count as months of background with nothing in them.
    days = sorted(m.day for m in messages)
    first_day, last_day = days[int(0.005 * (len(days) - 1))], days[int(0.995 * (len(days) - 1))]
    messages = [m for m in messages if first_day <= m.day <= last_day]
    # Nights that can raise an alert: after one full baseline window of background.
    first_night = first_day + timedelta(days=detector.baseline_days + detector.window_days)
    background = _events(messages)
    false_alarms = [a for a in scan(detector, background, first_night, last_day) if a["level"] == "alert"]
    months = max((last_day - first_night).days + 1, 1) / 30.44

    rng = np.random.default_rng(seed)
    results = []
    for _ in range(rounds):
        bursts = make_bursts(messages, rng, first_night, last_day, spacing, sizes,
                             quiet_days=detector.baseline_days + detector.window_days)
        injected = [m for burst in bursts for m in burst["messages"]]
        _prepare(injected)
        alerts = [a for a in scan(detector, background + _events(injected), first_night, last_day)
                  if a["level"] == "alert"]
        first_alert: dict[str, date] = {}
        for alert in alerts:
            for uid in alert["evidence"]:
                if uid.startswith("synthetic/"):
                    number = uid.split("/")[1].split("-")[0]
                    night = alert["night"].date()
                    first_alert[number] = min(first_alert.get(number, night), night)
        for burst in bursts:
            night = first_alert.get(str(burst["number"]))
            delay = (night - burst["start"]).days if night else None
            results.append({"size": burst["size"], "days": burst["days"], "delay": delay,
                            "detected": delay is not None and delay <= max_delay})
    detected = [r for r in results if r["detected"]]
    delays = [r["delay"] for r in results if r["delay"] is not None]
    by_size: dict[str, list[bool]] = {}
    for r in results:
        by_size.setdefault(f"{r['size']}/{r['days']}d", []).append(r["detected"])
    return {
        "recall": round(len(detected) / len(results), 4) if results else 0.0,
        "false_alarms_per_month": round(episodes(false_alarms, detector.window_days) / months, 3),
        "false_alarm_episodes": episodes(false_alarms, detector.window_days),
        "background_months": round(months, 2),
        "mean_delay_days": round(float(np.mean(delays)), 3) if delays else None,
        "max_delay_days": max(delays) if delays else None,
        "within_one_day": round(sum(1 for d in delays if d <= 1) / len(results), 4) if results else 0.0,
        "bursts": len(results),
        "sizes": list(sizes),
        "messages": len(messages),
        "recall_by_size_days": {k: round(float(np.mean(v)), 3) for k, v in sorted(by_size.items())},
        "false_alarm_examples": [
            {"night": a["night"].date().isoformat(), "area": a["area"], "category": a["category"],
             "count": a["count"], "score": a["score"]}
            for a in sorted(false_alarms, key=lambda a: a["night"])[:20]
        ],
        "seed": seed,
    }


