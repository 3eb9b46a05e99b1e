from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from storyline.model import Article, Citation, Claim, Conflict, Quote, Story, TimelineEvent, Variant
from storyline.store import SqliteStore
from storyline.store.codec import (
    article_from_dict,
    article_to_dict,
    story_from_dict,
    story_to_dict,
    vector_from_blob,
    vector_to_blob,
)

from .store_strategies import articles, stories


def make_story(**fields: object) -> Story:
    values: dict[str, object] = {
        "id": "s1",
        "title": "Storm hits coast",
        "articles": ["a1", "a2", "a3"],
        "copy_groups": [["a2", "a3"]],
        "summary": [
            Claim(
                "The storm hit on Monday.",
                ["a1", "a2"],
                [Citation("a1", 0, 24), Citation("a2", 10, 30)],
                support=2,
                metadata={"score": 0.75},
            )
        ],
        "agreed": [Claim("Power is out.", ["a1"], [Citation("a1", 25, 38)], support=1)],
        "conflicts": [
            Conflict("deaths", [Variant("3", "Three died.", ["a1"]), Variant("4", "Four died.", ["a2"])], kind="number")
        ],
        "exclusive": [Claim("A bridge fell.", ["a3"], support=1)],
        "quotes": [Quote("the mayor", "We are ready.", ["a1"]), Quote(None, "It was loud.", ["a2"])],
        "timeline": [TimelineEvent("2024-05-06", "The storm hit.", ["a1"], expression="on Monday")],
        "metadata": {"latest": "2024-05-07", "scores": [1, 2.5, None]},
    }
    values.update(fields)
    return Story(**values)  # type: ignore[arg-type]


def test_story_round_trips_through_json() -> None:
    story = make_story()
    assert story_from_dict(json.loads(json.dumps(story_to_dict(story)))) == story


def test_story_to_dict_is_the_public_form_plus_claim_metadata() -> None:
    story = make_story()
    full, public = story_to_dict(story), story.to_dict()
    assert full["summary"][0].pop("metadata") == {"score": 0.75}
    for name in ("agreed", "exclusive"):
        for claim in full[name]:
            assert claim.pop("metadata") == {}
    assert full == public


def test_story_from_public_dict_loses_only_claim_metadata() -> None:
    story = make_story()
    read = story_from_dict(story.to_dict())
    assert read.summary[0].metadata == {}
    read.summary[0].metadata = {"score": 0.75}
    assert read == story


def test_article_dict_keeps_raw_and_source_path() -> None:
    article = Article(id="a1", text="Clean.", raw="Clean.\nAdvertisement", source_path="in/a1.txt")
    data = article_to_dict(article)
    assert (data["raw"], data["source_path"]) == ("Clean.\nAdvertisement", "in/a1.txt")
    assert article_from_dict(json.loads(json.dumps(data))) == article


@given(stories)
def test_any_story_round_trips_through_codec(story: Story) -> None:
    assert story_from_dict(json.loads(json.dumps(story_to_dict(story)))) == story


@given(stories)
def test_any_story_round_trips_through_store(story: Story) -> None:
    with SqliteStore() as store:
        assert store.put_stories([story]) == {"added": 1, "updated": 0, "unchanged": 0}
        assert store.get_story(story.id) == story
        assert store.stories() == [story]
        assert store.put_stories([story]) == {"added": 0, "updated": 0, "unchanged": 1}


@given(articles)
def test_any_article_round_trips_through_store(article: Article) -> None:
    with SqliteStore() as store:
        assert store.put_articles([article]) == {"added": 1, "updated": 0, "unchanged": 0}
        assert store.get_article(article.id) == article
        assert list(store.articles()) == [article]
        assert store.put_articles([article]) == {"added": 0, "updated": 0, "unchanged": 1}


def test_story_vector_blob_round_trips_bit_for_bit_in_order() -> None:
    vec = {"title": {"ferry": 0.1 + 0.2, "gullport": 1 / 3}, "body": {}, "ents": {"Ilse Varn": 2.5e-300, "Zoë": -0.0}}
    back = vector_from_blob(vector_to_blob(vec))
    assert back == vec and [list(v) for v in back.values()] == [list(v) for v in vec.values()]
    assert all(x.hex() == y.hex() for f in vec for x, y in zip(vec[f].values(), back[f].values(), strict=True))


@pytest.mark.parametrize("damage", [lambda b: b[:-1], lambda b: b[:10], lambda b: b"XXXX" + b[4:],
                                    lambda b: b[:24] + bytes([b[24] ^ 1]) + b[25:], lambda b: b + b"\x00"])
def test_a_damaged_story_vector_blob_is_refused_with_the_reason(damage: Any) -> None:
    blob = vector_to_blob({"title": {"ferry": 1.0}, "body": {"marigold": 0.5}, "ents": {}})
    with pytest.raises(ValueError, match="checksum|shorter|not b'SLV1'"):
        vector_from_blob(damage(blob))


def test_a_term_with_a_nul_or_an_unknown_field_cannot_be_stored() -> None:
    with pytest.raises(ValueError, match="NUL"):
        vector_to_blob({"title": {"a\x00b": 1.0}, "body": {}, "ents": {}})
    for terms in ({"": 1.0}, {"a": 1.0, "": 2.0}):  # an empty term among others once wrote a blob no read accepted
        with pytest.raises(ValueError, match="empty"):
            vector_to_blob({"title": terms, "body": {}, "ents": {}})
    with pytest.raises(ValueError, match="unknown vector fields"):
        vector_to_blob({"title": {}, "text": {"a": 1.0}})


def test_vector_blob_fast_paths_keep_the_bytes_and_the_checks() -> None:
    from storyline.store.codec import vector_from_blob, vector_to_blob

    vec = {"title": {"caf\u00e9": 0.1 + 0.2, "a\ud800b": 2}, "body": {}, "ents": {"x": 1e-300}}
    assert vector_from_blob(vector_to_blob(vec)) == vec  # a lone surrogate still round-trips
    for bad in ({"title": {"a": "x"}}, {"body": {"": 1.0}}, {"ents": {"a": 1.0, "b\x00": 2.0}}, {"title": {"\x00": 1.0}}):
        with pytest.raises(ValueError):
            vector_to_blob(bad)


def test_vector_lookup_gives_the_stored_weights_of_the_terms_asked_for() -> None:
    import random

    from storyline.store.codec import PartialField, TermQuery, vector_from_blob, vector_lookup, vector_to_blob

    rng = random.Random(3)
    words = ["a", "b", "ab", "ba", "aab", "abb", "caf\u00e9", "x\ud800", "\u00e9", "long" * 80] + [f"t{i}" for i in range(600)]
    vec = {"title": {w: rng.random() for w in rng.sample(words, 40)},
           "body": {w: rng.random() * 3 for w in rng.sample(words, 550)},
           "ents": {}}
    blob = vector_to_blob(vec)
    asked = rng.sample(words, 120) + ["zz", "abc", "", "t"]
    got = vector_lookup(blob, TermQuery(asked), 100)
    assert got["title"] == vec["title"] and list(got["title"]) == list(vec["title"])  # short: whole
    assert got["ents"] == {}
    body = got["body"]
    assert isinstance(body, PartialField) and len(body) == 550 and body
    assert dict(body) == {t: vec["body"][t] for t in asked if t in vec["body"]}
    assert vector_lookup(blob, TermQuery(asked), 1000) == vector_from_blob(blob)
    with pytest.raises(ValueError):
        vector_lookup(blob[:-3], TermQuery(asked), 100)
