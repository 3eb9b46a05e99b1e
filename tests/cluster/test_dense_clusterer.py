"""The clusterer with dense vectors in its decision (ClusterConfig.dense), with a stand-in encoder:
no model is loaded here (tests/cluster/test_embed.py loads the real ones)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storyline.cluster import StoryClusterer
from storyline.cluster.similarity import Calibration
from storyline.config import ClusterConfig
from storyline.errors import ConfigError
from storyline.model import Article
from storyline.store import SqliteStore
from tests.cluster.test_online import FERRY, FERRY2, MUSEUM
from tests.conftest import make_article


class TopicEncoder:
    """A stand-in encoder: the unit vector of the article's ``topic`` metadata (one axis per topic)."""

    AXES = ("ferry", "museum")

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, articles: list[Article]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(articles), 8))
        for i, a in enumerate(articles):
            out[i, self.AXES.index(a.metadata["topic"])] = 1.0
        return out


# Dense cosine decides (the TF-IDF similarity of the texts below is 0).
DENSE_ONLY = Calibration(intercept=-5.0, sim=0.0, dense=10.0)


def _headline(aid: str, title: str, topic: str) -> Article:
    return make_article(aid, title, title=title, metadata={"topic": topic})


def test_dense_cosine_decides_between_candidates() -> None:
    """Candidates still come from shared words; among them the dense cosine decides."""
    arts = [_headline("a", "Ferry aground off Gullport", "ferry"),
            _headline("b", "Stranded ferry awaits the tide", "ferry"),
            _headline("c", "Ferry museum opens a ship wing", "museum")]
    enc = TopicEncoder()
    c = StoryClusterer(ClusterConfig(dense="static"), encoder=enc, calibration=DENSE_ONLY).partial_fit(arts)
    assert c.labels_["a"] == c.labels_["b"] != c.labels_["c"]
    assert enc.calls == 1  # one batch per call
    assert c.scores_["b"] > 0.9 and c.scores_["c"] < 0.1


def test_dense_state_round_trips_through_json() -> None:
    cfg = ClusterConfig(dense="static")
    first = StoryClusterer(cfg, encoder=TopicEncoder(), calibration=DENSE_ONLY).partial_fit(
        [_headline("a", "Ferry aground off Gullport", "ferry"), _headline("m", "Museum opens ship wing", "museum")])
    state = json.loads(json.dumps(first.state_dict()))
    assert all(len(st["dense"]) == 8 for st in state["stories"].values())
    later = StoryClusterer.from_state(state, cfg, encoder=TopicEncoder(), calibration=DENSE_ONLY).partial_fit(
        [_headline("b", "Stranded ferry awaits the tide", "ferry")])
    assert later.labels_["b"] == first.labels_["a"]
    assert later.story_score(_headline("x", "Boat stuck", "ferry"), first.labels_["a"]) > 0.9
    assert later.story_score(_headline("y", "Ferry museum", "museum"), first.labels_["a"]) < 0.1


def test_a_state_without_dense_vectors_is_refused_with_dense_on() -> None:
    state = StoryClusterer().partial_fit([make_article("f1", FERRY), make_article("m1", MUSEUM)]).state_dict()
    with pytest.raises(ConfigError, match="without dense vectors"):
        StoryClusterer.from_state(state, ClusterConfig(dense="static"), encoder=TopicEncoder())


def test_dense_is_refused_over_a_store(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store, pytest.raises(ConfigError, match="in memory only"):
        StoryClusterer.open(store, ClusterConfig(dense="static"))


def test_an_encoder_needs_dense_on_and_dense_names_a_known_encoder() -> None:
    with pytest.raises(ConfigError, match="dense"):
        StoryClusterer(ClusterConfig(), encoder=TopicEncoder())
    with pytest.raises(ConfigError, match="allowed"):
        ClusterConfig(dense="word2vec")


def test_copy_group_and_merge_keep_dense_sums() -> None:
    arts = [make_article("f1", FERRY, copy_group="g", metadata={"topic": "ferry"}),
            make_article("f1b", FERRY, copy_group="g", metadata={"topic": "ferry"}),
            make_article("f2", FERRY2, metadata={"topic": "ferry"})]
    c = StoryClusterer(ClusterConfig(dense="static"), encoder=TopicEncoder()).partial_fit(arts)
    assert c.labels_["f1"] == c.labels_["f1b"] == c.labels_["f2"]
    story = c.stories_[c.labels_["f1"]]
    assert story["size"] == 3
    assert float(np.linalg.norm(story["dense"])) == pytest.approx(3.0)
