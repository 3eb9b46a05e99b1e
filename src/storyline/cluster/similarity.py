"""The calibrated "same story?" score: a probability in 0..1 that an article belongs to a story
(or, a story of one article, that two articles report the same story).

The raw signal is a weighted cosine over the title, body and name sub-vectors, plus (at
``cross_weight``) the title of each side against the body of the other, taken over the fields both
sides have (a headline-only article is compared on its title and names, and its title against the
other side's body). Against a story of ``n`` articles the story side is the sum of its articles'
unit vectors and the dot product is divided by ``n ** size_exponent``: ``size_exponent = 0.5`` is close to the cosine with
the centroid (which grows with ``n`` for a loose story and lets big stories swallow anything),
``1`` is the mean similarity to the members (average linkage).

The probability is a logistic model of that similarity, ``log n`` and the article's term coverage::

    p = 1 / (1 + exp(-(INTERCEPT + SIM * similarity + LOG_SIZE * log(n) + COVERAGE * coverage
                       [+ DENSE * dense cosine])))

``coverage`` (:func:`term_coverage`) is the share of the article's (squared, unit-length) TF-IDF weight
on terms the story has at all. The similarity alone favours a tight story: a story whose headlines all
say "X files for bankruptcy" draws "Y files for bankruptcy" more than the looser story about Y does, whose
centroid spreads over many words; coverage sees that the tight story lacks "Y", the article's most specific
word. With it uci_headlines B-cubed F1 went from 0.841 to 0.847 (precision 0.877 -> 0.887).

(the dense term with the ``embed`` extra only: ``ClusterConfig.dense`` in the clusterer, an encoder
in :func:`pair_scores`). The coefficients below were fitted (logistic regression, L2, C=1) on the development sets only
(``uci_headlines``, ``neus_allsides`` and ``scoop_ai_news`` under ``../shared/eval``), over the
decisions an online clusterer faces: each article against its gold story so far (positive) and
against the most similar other open stories (negatives). ``python -m storyline.cluster.calibrate``
reproduces them (it needs the ``dev`` extra for scikit-learn).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from operator import mul
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import ClusterConfig
from ..model import Article, InputError
from ..text import normalize
from .features import FIELDS, DocumentFrequencies, Vector, article_terms, cosine, weigh

if TYPE_CHECKING:
    from .embed import DenseEncoder

__all__ = [
    "DEFAULT_CALIBRATION",
    "DENSE_CLUSTER_CALIBRATION",
    "DENSE_PAIR_CALIBRATION",
    "PAIR_CALIBRATION",
    "Calibration",
    "field_weights",
    "pair_scores",
    "probability",
    "raw_similarity",
    "read_pairs",
    "same_story_score",
    "sigmoid",
    "term_coverage",
]


class Calibration:
    """Logistic coefficients mapping (similarity, log story size, optional dense cosine) to a probability.

    With ``sqrt`` the similarity enters as its square root (clipped at 0), which spreads the low
    cosines that most article pairs have; it correlated better with graded judgements on the dev set.
    """

    __slots__ = ("coverage", "dense", "intercept", "log_size", "sim", "sqrt")

    def __init__(self, intercept: float, sim: float, log_size: float = 0.0, *, dense: float = 0.0,
                 coverage: float = 0.0, sqrt: bool = False) -> None:
        self.intercept, self.sim, self.log_size, self.dense, self.sqrt = intercept, sim, log_size, dense, sqrt
        self.coverage = coverage

    def __call__(self, similarity: float, size: int = 1, dense: float | None = None, coverage: float | None = None) -> float:
        z = self.logit(similarity, size, dense)
        if coverage is not None:
            z += self.coverage * coverage
        return sigmoid(z)

    def logit(self, similarity: float, size: int = 1, dense: float | None = None) -> float:
        """The logit before the coverage term (the probability is monotone in it)."""
        x = math.sqrt(max(similarity, 0.0)) if self.sqrt else similarity
        z = self.intercept + self.sim * x + self.log_size * math.log(max(size, 1))
        if dense is not None:
            z += self.dense * dense
        return z

    def coverage_bounds(self, z: float) -> tuple[float, float]:
        """The lowest and highest logit that coverage (0..1) can make of the logit ``z`` without it, with a
        margin of 1e-6 either side for rounding: a decision these bounds settle needs no coverage."""
        lo, hi = z, z + self.coverage
        if hi < lo:
            lo, hi = hi, lo
        return lo - 1e-6, hi + 1e-6

    def similarity_for(self, p: float, size: int = 1) -> float:
        """The raw similarity at which the probability reaches ``p`` (the decision boundary with no dense
        term and coverage 0)."""
        p = min(max(p, 1e-9), 1 - 1e-9)
        x = (math.log(p / (1 - p)) - self.intercept - self.log_size * math.log(max(size, 1))) / self.sim
        return x * x if self.sqrt else x

    def to_dict(self) -> dict[str, float | bool]:
        return {"intercept": self.intercept, "sim": self.sim, "log_size": self.log_size, "dense": self.dense,
                "coverage": self.coverage, "sqrt": self.sqrt}


# Article against story (the clusterer's decision): fitted on the development story streams by
# ``python -m storyline.cluster.calibrate`` (see the module docstring), with the default ClusterConfig
# (so an undated article's negatives are the stories open in its arrival window).
DEFAULT_CALIBRATION = Calibration(intercept=-4.09, sim=13.66, log_size=-0.505, coverage=4.211)
# The same decision with an article's dense cosine to the story's dense centroid (``ClusterConfig.dense``),
# one fit per encoder (``python -m storyline.cluster.calibrate --dense minilm|static ...``), fitted before
# the coverage feature and the tokenisation of 2026-11-24 (so their coverage coefficient is 0).
DENSE_CLUSTER_CALIBRATION = {
    "minilm": Calibration(intercept=-7.799, sim=4.376, log_size=0.071, dense=11.565),
    "static": Calibration(intercept=-8.062, sim=12.178, log_size=-0.072, dense=7.728),
}
# Article against article (``same_story_score``, ``storyline similarity``): fitted by
# ``python -m storyline.cluster.calibrate --pairs`` on the development half of semeval_pairs, target
# ``same_story_overall_le_2`` (Overall <= 2 on the 1-4 scale), IDF learned over the pairs' texts. Fitted
# before the tokenisation of 2026-11-24 (numbers, hyphens, stems) and not refitted: en-en Pearson 0.823 after it.
PAIR_CALIBRATION = Calibration(intercept=-2.211, sim=5.001, sqrt=True)
# The same with the dense extra (all-MiniLM-L6-v2 cosine, ``storyline[embed]``), fitted the same way.
DENSE_PAIR_CALIBRATION = Calibration(intercept=-2.632, sim=3.946, dense=1.470, sqrt=True)


def field_weights(config: ClusterConfig) -> dict[str, float]:
    return {
        "title": config.title_weight,
        "body": max(0.0, 1.0 - config.title_weight - config.entity_weight),
        "ents": config.entity_weight,
        "cross": config.cross_weight,
    }


def raw_similarity(
    article: Mapping[str, Vector], story: Mapping[str, Vector], weights: Mapping[str, float], size: int = 1,
    size_exponent: float = 0.7,
) -> float:
    """Weighted dot product of the article's unit vectors with the story's summed vectors,
    divided by ``size ** size_exponent``, over the fields both sides have, and at weight
    ``weights["cross"]`` title against body both ways where those sides exist (with nothing in
    common, the title, else the body, of each side)."""
    total = score = 0.0
    for f in FIELDS:
        a, b, w = article[f], story[f], weights[f]
        if a and b and w > 0:
            total += w
            score += w * cosine(a, b)
    cross = weights.get("cross", 0.0)
    if cross > 0:  # title words against body words, both ways
        for a, b in ((article["title"], story["body"]), (article["body"], story["title"])):
            if a and b:
                total += cross
                score += cross * cosine(a, b)
    if not total:  # no field in common (a headline against a text with no title): title or body, crossed
        a_any, b_any = article["title"] or article["body"], story["title"] or story["body"]
        if not (a_any and b_any):
            return 0.0
        score, total = cosine(a_any, b_any), 1.0
    return score / total / (size**size_exponent if size > 1 else 1.0)


def term_coverage(
    article: Mapping[str, Vector], story: Mapping[str, Vector], weights: Mapping[str, float], *, normalise: bool = False
) -> float:
    """The share of the article's squared unit-vector weight on terms the story has (0..1), averaged over
    the title and body fields both sides have at the fields' weights (with none in common, the title,
    else the body, of each side). ``story`` may be a summed vector: only its terms matter. With
    ``normalise`` the article side may be a summed vector too (each field's share is taken of its own
    squared length)."""
    total = score = 0.0
    for f in ("title", "body"):
        a, b, w = article[f], story[f], weights[f]
        if a and b and w > 0:
            total += w
            score += w * _covered(a, b, normalise)
    if not total:
        a_any, b_any = article["title"] or article["body"], story["title"] or story["body"]
        return _covered(a_any, b_any, normalise) if a_any and b_any else 0.0
    return score / total


def _covered(a: Vector, b: Vector, normalise: bool) -> float:
    vals = list(map(a.__getitem__, filter(b.__contains__, a)))
    covered = sum(map(mul, vals, vals))
    if not normalise:
        return covered
    length = sum(map(mul, a.values(), a.values()))
    return covered / length if length else 0.0


def sigmoid(z: float) -> float:
    """The probability of logit ``z`` (0 below -50, where ``exp`` would overflow)."""
    return 0.0 if z < -50 else 1.0 / (1.0 + math.exp(-z))


def probability(
    similarity: float, size: int = 1, calibration: Calibration | None = None, coverage: float | None = None
) -> float:
    """The calibrated same-story probability of an article against a story of ``size`` articles. The
    default calibration was fitted with the article's ``coverage`` (:func:`term_coverage`): without it the
    coverage term is left out, which understates the clusterer's own probability."""
    return (calibration or DEFAULT_CALIBRATION)(similarity, size, coverage=coverage)


def same_story_score(
    a: Article, b: Article, *, df: DocumentFrequencies | None = None, config: ClusterConfig | None = None,
    encoder: DenseEncoder | None = None,
) -> float:
    """The calibrated probability (0..1) that articles ``a`` and ``b`` report the same story.

    IDF comes from ``df`` when given (e.g. a clusterer's ``df_``), else from the two articles alone
    (which weighs every word alike: pass a ``df`` learned on a larger collection when you have one).
    Articles whose dates are more than ``config.window_days`` apart score 0. With ``encoder`` (the
    ``embed`` extra: :class:`storyline.cluster.embed.DenseEncoder`) the dense cosine joins the score.
    """
    return pair_scores([(a, b)], df=df, config=config, encoder=encoder)[0]


def pair_scores(
    pairs: Sequence[tuple[Article, Article]], *, df: DocumentFrequencies | None = None, config: ClusterConfig | None = None,
    encoder: DenseEncoder | None = None,
) -> list[float]:
    """:func:`same_story_score` for many pairs; without ``df``, IDF is learned over all the pairs' articles."""
    config = config or ClusterConfig()
    weights = field_weights(config)
    names = weights["ents"] > 0
    bags = [(article_terms(a, names=names), article_terms(b, names=names)) for a, b in pairs]
    if df is None:
        seen: dict[str, object] = {}
        df = DocumentFrequencies(young=0)
        for (a, b), (ba, bb) in zip(pairs, bags, strict=True):
            for art, bag in ((a, ba), (b, bb)):
                if art.id not in seen:
                    seen[art.id] = True
                    df.add(bag)
    dense: list[float | None] = [None] * len(pairs)
    calibration = PAIR_CALIBRATION
    if encoder is not None:
        dense = list(encoder.pair_cosines(pairs))
        calibration = DENSE_PAIR_CALIBRATION
    out = []
    for (a, b), (ba, bb), d in zip(pairs, bags, dense, strict=True):
        if _too_far(a.published, b.published, config.window_days):
            out.append(0.0)
            continue
        out.append(calibration(raw_similarity(weigh(ba, df), weigh(bb, df), weights), 1, d))
    return out


def _too_far(d1: str | None, d2: str | None, window: float) -> bool:
    from .online import day_of

    x, y = day_of(d1), day_of(d2)
    return x is not None and y is not None and abs(x - y) > window


def read_pairs(path: str | Path) -> tuple[list[tuple[str, Article, Article]], list[dict[str, Any]], list[InputError]]:
    """Article pairs from JSON lines with ``pair_id``, ``text1``, ``text2`` (optional ``title1/2``,
    ``date1/2``, ``id1/2``). A line that is not a JSON object, or lacks ``pair_id`` or both texts and
    titles of one side, becomes an error naming the file, line and reason; the other lines are read."""
    from ..ingest.jsonl import json_lines

    pairs: list[tuple[str, Article, Article]] = []
    rows: list[dict[str, Any]] = []
    errors: list[InputError] = []
    for item in json_lines(path):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        n, r = item
        if not isinstance(r, dict) or r.get("pair_id") in (None, ""):
            errors.append(InputError(str(path), "a pair needs a 'pair_id'", n))
            continue
        pid = str(r["pair_id"])
        sides = []
        for k in (1, 2):
            text, title = r.get(f"text{k}"), r.get(f"title{k}")
            if not isinstance(text, str | None) or not isinstance(title, str | None):
                break
            if not ((text or "").strip() or (title or "").strip()):
                break
            sides.append(Article(id=str(r.get(f"id{k}") or f"{pid}#{k}"), text=normalize(text or ""), raw=text or "",
                                 title=normalize(title) if title else None, published=r.get(f"date{k}") or None))
        if len(sides) != 2:
            k = len(sides) + 1
            errors.append(InputError(str(path), f"pair {pid!r} needs text{k} or title{k} (a string)", n))
            continue
        pairs.append((pid, sides[0], sides[1]))
        rows.append(r)
    return pairs, rows, errors
