"""Fit the same-story calibration (:mod:`.similarity`) on labelled story streams.

The fit replays each stream online with the gold stories ("teacher forcing"): every article is
scored against its gold story so far (a positive example, when that story is open and already has
an article) and against the other open candidate stories the inverted index returns (negatives,
the ``negatives`` most similar). A logistic regression over (raw similarity, log story size, term
coverage, and with ``--dense KIND`` the dense cosine to the story's centroid) gives the coefficients;
each stream counts equally.

    python -m storyline.cluster.calibrate [--dense minilm|static] \\
        ../shared/eval/uci_headlines/articles.jsonl:gold_cluster \\
        ../shared/eval/neus_allsides/articles.jsonl:gold_cluster ../shared/eval/scoop_ai_news/scoop_ai_news.jsonl:cluster

    python -m storyline.cluster.calibrate --pairs [--dense] ../shared/eval/semeval_pairs/pairs.jsonl

fits the article-pair calibrations. Needs scikit-learn (the ``dev`` extra). Tune on development data only.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import ClusterConfig
from ..model import Article
from .online import StoryClusterer
from .similarity import Calibration

if TYPE_CHECKING:
    from .embed import ArticleEncoder

__all__ = ["decision_examples", "fit_calibration", "fit_pair_calibration", "load_pairs", "load_stream"]


def load_stream(path: str | Path, gold: str) -> tuple[list[Article], list[str]]:
    """Articles and their gold story from a JSON-lines file, in file order, read, cleaned and
    copy-grouped exactly as ``storyline eval cluster`` does (so the fit sees what the clusterer sees)."""
    from .. import clean_articles, detect_copies, read_articles

    lines = Path(path).read_text(encoding="utf-8").splitlines()
    rows = {str(r["id"]): str(r[gold]) for r in map(json.loads, filter(str.strip, lines))}
    articles, _errors = read_articles([Path(path)])
    labelled, _groups = detect_copies(clean_articles(articles), describe=False)
    return labelled, [rows[a.id] for a in labelled]


def decision_examples(
    articles: Sequence[Article], gold: Sequence[str], config: ClusterConfig | None = None, negatives: int = 5,
    encoder: ArticleEncoder | None = None,
) -> tuple[list[tuple[float, ...]], list[int]]:
    """(similarity, log size, term coverage) features, plus the dense cosine with ``config.dense``, and 0/1
    labels of the decisions in one gold-replayed stream. The negatives are the most similar by raw similarity."""
    x: list[tuple[float, ...]] = []
    y: list[int] = []
    for others, own in StoryClusterer(config, encoder=encoder).gold_replay(articles, gold):
        for f in sorted(others, reverse=True)[:negatives]:
            x.append(f)
            y.append(0)
        if own is not None:
            x.append(own)
            y.append(1)
    return x, y


def fit_calibration(
    streams: Sequence[tuple[Sequence[Article], Sequence[str]]], config: ClusterConfig | None = None,
    encoder: ArticleEncoder | None = None,
) -> Calibration:
    """The logistic fit over every stream's decisions (:func:`decision_examples`), each stream weighing alike."""
    from sklearn.linear_model import LogisticRegression

    xs: list[tuple[float, ...]] = []
    ys: list[int] = []
    ws: list[float] = []
    for arts, gold in streams:
        x, y = decision_examples(arts, gold, config, encoder=encoder)
        xs.extend(x)
        ys.extend(y)
        ws.extend([1.0 / len(x)] * len(x))
    model = LogisticRegression(C=1.0).fit(xs, ys, sample_weight=[w * len(xs) for w in ws])
    coef = [float(v) for v in model.coef_[0]]
    return Calibration(float(model.intercept_[0]), coef[0], coef[1], coverage=coef[2],
                       dense=coef[3] if len(coef) > 3 else 0.0)


def load_pairs(path: str | Path) -> tuple[list[tuple[Article, Article]], list[dict[str, Any]]]:
    """Article pairs from a JSON-lines file of ``pair_id, text1, text2`` (optional ``title1/2``, ``date1/2``)."""
    pairs, rows = [], []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        pid = str(r.get("pair_id", n))
        pairs.append(tuple(
            Article(id=str(r.get(f"id{k}") or f"{pid}#{k}"), text=r.get(f"text{k}") or "", title=r.get(f"title{k}"),
                    published=r.get(f"date{k}"))
            for k in (1, 2)
        ))
        rows.append(r)
    return pairs, rows  # type: ignore[return-value]


def fit_pair_calibration(path: str | Path, *, dense: bool = False) -> Calibration:
    """Logistic fit of ``same_story_overall_le_2`` on sqrt(TF-IDF similarity) (and the dense cosine)."""
    from sklearn.linear_model import LogisticRegression

    from .similarity import PAIR_CALIBRATION, pair_scores

    pairs, rows = load_pairs(path)
    raw = [PAIR_CALIBRATION.similarity_for(p) for p in pair_scores(pairs)]
    x = [[math.sqrt(max(s, 0.0))] for s in raw]
    if dense:
        from .embed import DenseEncoder

        for row, d in zip(x, DenseEncoder().pair_cosines(pairs), strict=True):
            row.insert(0, d)
    y = [int(bool(r["same_story_overall_le_2"])) for r in rows]
    m = LogisticRegression(C=1.0).fit(x, y)
    coef = [float(c) for c in m.coef_[0]]
    return Calibration(float(m.intercept_[0]), coef[-1], dense=coef[0] if dense else 0.0, sqrt=True)


def main(argv: Sequence[str]) -> None:
    if argv and argv[0] == "--pairs":
        dense = "--dense" in argv
        cal = fit_pair_calibration([a for a in argv[1:] if not a.startswith("--")][0], dense=dense)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in cal.to_dict().items()}))
        return
    args = list(argv)
    config = ClusterConfig()
    if args and args[0] == "--dense":
        config = ClusterConfig(dense=args[1])
        args = args[2:]
    streams = []
    for spec in args:
        path, _, gold = spec.rpartition(":")
        streams.append(load_stream(path, gold))
    cal = fit_calibration(streams, config)
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in cal.to_dict().items()}))


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
