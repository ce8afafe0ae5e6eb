"""The cue matcher: the Aho-Corasick search gives exactly what ``re.findall`` over the trie regex gives."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from models.cues import (
    ALERT_CUES,
    ALL_CUE_GROUPS,
    CueScan,
    _group_owners,
    _trie_regex,
    find_cues,
    unique,
)

ALL_WORDS = tuple(sorted({word for words in ALL_CUE_GROUPS.values() for word in words}))
ALERT_WORDS = tuple(sorted({word for words in ALERT_CUES.values() for word in words}))


def reference(text: str, words: tuple[str, ...]) -> list[str]:
    return re.findall(_trie_regex(set(words)), text) if text else []


# Texts built from pieces of cue words, so overlaps, prefixes and words inside words are common.
pieces = st.sampled_from(ALL_WORDS).flatmap(
    lambda word: st.integers(0, len(word) - 1).flatmap(
        lambda start: st.integers(start + 1, len(word)).map(lambda end: word[start:end])
    )
)
texts = st.lists(st.one_of(pieces, st.sampled_from(["的", "了", "，", " ", "a"])), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_find_cues_is_leftmost_longest_like_the_regex(text: str) -> None:
    assert find_cues(text, ALL_WORDS) == reference(text, ALL_WORDS)
    assert find_cues(text, ALERT_WORDS) == reference(text, ALERT_WORDS)
    scan = CueScan(text)
    for words in ALL_CUE_GROUPS.values():  # each group's words: a filter of the one shared scan
        assert scan.find(words) == reference(text, words)
        assert scan.first_distinct(words, 3) == unique(reference(text, words))[:3]


def test_longest_word_at_a_position_wins() -> None:
    words = ("拖欠", "拖欠农民工工资", "工资")
    assert find_cues("公司拖欠农民工工资三个月，工资至今未发", words) == ["拖欠农民工工资", "工资"]
    assert find_cues("", words) == [] and find_cues("无关内容", ()) == []
    assert find_cues("墙体开裂楼板坍塌", ("开裂", "新词不在词表")) == ["开裂"]  # beyond the lexicons: a regex


def test_group_counts_on_real_texts(data_dir: Path) -> None:
    """Real 12345 messages: the same counts per group as the regex scan."""
    names = tuple(sorted(ALL_CUE_GROUPS))
    pattern = re.compile(_trie_regex(set(ALL_WORDS)))
    _, owners = _group_owners(names)
    with (data_dir / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:600]
    assert rows
    for row in rows:
        text = f"{row['留言主题']} {row['留言详情']}"
        expected = [0] * len(names)
        for word in pattern.findall(text):
            for k in owners[word]:
                expected[k] += 1
        assert CueScan(text).group_counts(names) == expected
