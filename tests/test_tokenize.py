"""The segmenter: rjieba with our user dictionary, the same tokens as jieba with HMM off."""

from __future__ import annotations

import json
from pathlib import Path

from models.tokenize import (
    USERDICT,
    content_words,
    get_segmenter,
    get_tokenizer,
    normalise,
    segment,
    sentiment_words,
    tokenize,
)


def _user_words() -> list[str]:
    return [line.split()[0] for line in USERDICT.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_user_dictionary_words_stay_whole() -> None:
    words = _user_words()
    assert {"乡村振兴", "营商环境", "招商引资"} <= set(words)
    for word in words:
        assert segment(f"我县大力推进{word}工作").count(word) == 1, word


def test_same_tokens_as_jieba_without_hmm(labels_dir: Path) -> None:
    texts = [json.loads(line)["text"] for line in (labels_dir / "points_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    texts.append("清河县12345热线：ＡＢＣ小区物业费上涨，业主多次反映无果。乡村振兴、营商环境！")
    jieba_tokenizer = get_tokenizer()
    segmenter = get_segmenter()
    for text in texts[:200]:
        text = normalise(text)
        assert segmenter(text) == jieba_tokenizer.lcut(text, HMM=False)


def test_word_lists() -> None:
    segments = segment("这家酒店的房间不干净，服务也很差！")
    assert "," in segments  # segments keep punctuation (NFKC: "，" is ","); the word lists drop it
    assert "不" in sentiment_words(segments)  # stopwords kept for sentiment
    assert "不" not in content_words(segments)
    assert tokenize("这家酒店的房间不干净") == content_words(segment("这家酒店的房间不干净"))
    assert normalise("ＡＢＣ　１２３") == "ABC 123"
    assert tokenize("") == []
