"""Train the hotline category classifier and write ``models/artifacts/category.skops``.

    /tmp/xv/bin/python scripts/train_category.py [--data DIR] [--out FILE] [--no-eval]

Trains on ``hotline/tipdm2020c/labelled_category_text.tsv`` plus the messages of
``labelled_sample.xlsx`` that are not in it, with the 二级/三级 names of ``taxonomy.xlsx`` as the
classifier's lexicon, under ``$XUANTI_DATA`` (``../shared/data``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from models.category import ARTIFACT, HotlineCategoryClassifier, dump_category_model, load_category_model
from models.evaluate_category import (
    evaluate_category,
    extra_training,
    load_category_tsv,
    load_taxonomy_lexicon,
)
from xuanti.paths import shared_data_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    parser.add_argument("--out", type=Path, default=ARTIFACT)
    parser.add_argument("--no-eval", action="store_true", help="skip the cross-validation report")
    args = parser.parse_args(argv)
    folder = (args.data or shared_data_dir()) / "hotline/tipdm2020c"
    tsv, sample = folder / "labelled_category_text.tsv", folder / "labelled_sample.xlsx"
    taxonomy = folder / "taxonomy.xlsx"
    if not args.no_eval:
        print(json.dumps(evaluate_category(tsv, extra=sample, taxonomy=taxonomy), ensure_ascii=False))
    texts, labels = load_category_tsv(tsv)
    extra_texts, extra_labels = extra_training(sample, texts)
    known = set(labels)  # the artifact keeps only the lexicon pairs of classes it predicts
    lexicon = tuple(pair for pair in load_taxonomy_lexicon(taxonomy) if pair[1] in known)
    model = HotlineCategoryClassifier(lexicon=lexicon).fit(texts + extra_texts, labels + extra_labels)
    dump_category_model(model, args.out)
    reloaded = load_category_model(args.out)  # round trip through the allow-listed loader
    assert list(reloaded.predict(texts[:50])) == list(model.predict(texts[:50]))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB), classes: {', '.join(model.classes_)}")


if __name__ == "__main__":
    main()
