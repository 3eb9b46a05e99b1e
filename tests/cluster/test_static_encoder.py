"""The static encoder (ClusterConfig.dense = "static"): distilled once into the cache, loaded from it
afterwards. A tiny hand-made model2vec model stands in for the distilled one, so no weights are read."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("model2vec")
pytest.importorskip("tokenizers")

from storyline.cluster import embed  # noqa: E402
from storyline.cluster.embed import StaticEncoder  # noqa: E402
from tests.conftest import make_article  # noqa: E402

WORDS = ["[UNK]", "[PAD]", "ferry", "aground", "museum", "wing"]


def tiny_model() -> Any:
    from model2vec import StaticModel
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace

    tok = Tokenizer(WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    vectors = np.zeros((len(WORDS), 4), dtype=np.float32)
    vectors[2:4, 0] = 1.0  # ferry, aground
    vectors[4:6, 1] = 1.0  # museum, wing
    return StaticModel(vectors=vectors, tokenizer=tok)


def test_distils_once_into_the_cache_then_loads_from_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def fake_distill(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return tiny_model()

    monkeypatch.setitem(sys.modules, "model2vec.distill", types.SimpleNamespace(distill=fake_distill))
    monkeypatch.setattr(embed, "_minilm_path", lambda: "/local/all-MiniLM-L6-v2")
    enc = StaticEncoder(cache_dir=tmp_path / "cache")
    assert calls == [{"model_name": "/local/all-MiniLM-L6-v2", "pca_dims": 256}]
    assert (tmp_path / "cache" / "static-all-minilm-l6-v2-pca256" / "model.safetensors").is_file()
    v = enc.encode([make_article("f", "ferry aground", title="ferry"), make_article("m", "museum wing", title="museum")])
    assert v.shape == (2, 4)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert float(v[0] @ v[1]) == pytest.approx(0.0)
    StaticEncoder(cache_dir=tmp_path / "cache")  # the second one loads the cached model
    assert len(calls) == 1


def test_the_cache_directory_comes_from_storyline_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path))
    assert embed.default_cache_dir() == tmp_path
    monkeypatch.delenv("STORYLINE_CACHE")
    assert embed.default_cache_dir() == Path.home() / ".cache" / "storyline"
