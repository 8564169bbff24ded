"""How well ``jaring draft`` proposes figures: run it on ``benchmarks/draft_corpus/`` and compare.

Each ``NN-name.txt`` is an article-like text written for this corpus (in our own words, carrying the
figure phrasings of the real articles in the fact sheets), with ``NN-name.expected.json``: the place
code (null when the text does not say clearly, and the drafter must ask for --place), the article's
date, and every figure a reviewer would keep, each as its value and the list it belongs in.

Prints: the share of expected figures proposed with the right value and kind, the share of proposals
that are spurious (no expected figure has their value), place and date detected right.

    python benchmarks/draft_accuracy.py [-v]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from generator import draft
from generator.paths import layout
from generator.register import load_register

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "draft_corpus"


def main(verbose: bool = False) -> dict[str, float]:
    register = load_register(layout(HERE.parent).register)
    today = dt.date(2026, 11, 21)
    expected_n = right = proposed_n = spurious = places_right = dates_right = texts = 0
    for text_file in sorted(CORPUS.glob("*.txt")):
        expected = json.loads(text_file.with_suffix(".expected.json").read_text(encoding="utf-8"))
        article = draft.read_article(text_file)
        draft.find_date(article)
        texts += 1
        try:
            place = draft.place_of(article, register).code
        except draft.DraftError:
            place = None
        places_right += place == expected["place"]
        dates_right += (article.published.isoformat() if article.published else None) == expected["date"]
        entries = draft.propose(article, today)
        got = [(e.keys.get("value", e.keys.get("percent")), e.list) for e in entries]
        wanted = [(f["value"], f["kind"]) for f in expected["figures"]]
        values = {value for value, _ in wanted}
        expected_n += len(wanted)
        right += sum(pair in got for pair in wanted)
        proposed_n += len(got)
        spurious += sum(value not in values for value, _ in got)
        if verbose:
            missing = [pair for pair in wanted if pair not in got]
            extra = [pair for pair in got if pair not in wanted]
            print(
                f"{text_file.name}: place {place} (want {expected['place']}), date {article.published}; "
                f"missing {missing}; extra {extra}"
            )
    result = {
        "figures right": right / expected_n,
        "spurious proposals": spurious / proposed_n,
        "place right": places_right / texts,
        "date right": dates_right / texts,
    }
    print(f"{texts} articles, {expected_n} expected figures, {proposed_n} proposed")
    print(f"figures proposed with the right value and kind: {right}/{expected_n} = {result['figures right']:.0%}")
    print(
        f"spurious proposals (a value no expected figure has): {spurious}/{proposed_n} = "
        f"{result['spurious proposals']:.0%}"
    )
    print(f"place detected right (or rightly left to --place): {places_right}/{texts} = {result['place right']:.0%}")
    print(f"date right: {dates_right}/{texts} = {result['date right']:.0%}")
    return result


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
