"""Hypothesis strategies for the model objects (shared by the store tests)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from storyline.model import (
    Article,
    Citation,
    Claim,
    Conflict,
    CopyGroup,
    Quote,
    Removed,
    Story,
    TimelineEvent,
    Variant,
)

ids = st.text(min_size=1, max_size=12)
texts = st.text(max_size=40)
optional_texts = st.none() | texts
id_lists = st.lists(ids, max_size=4)

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)
metadata = st.dictionaries(st.text(max_size=8), json_values, max_size=3)

citations = st.builds(Citation, article_id=ids, start=st.integers(0, 10_000), end=st.integers(0, 10_000))
claims = st.builds(
    Claim,
    text=texts,
    sources=id_lists,
    citations=st.lists(citations, max_size=3),
    support=st.integers(0, 20),
    metadata=metadata,
)
variants = st.builds(Variant, value=texts, text=texts, sources=id_lists)
conflicts = st.builds(Conflict, topic=texts, variants=st.lists(variants, max_size=3), kind=texts)
quotes = st.builds(Quote, speaker=optional_texts, text=texts, sources=id_lists)
events = st.builds(TimelineEvent, date=texts, text=texts, sources=id_lists, expression=texts)
stories = st.builds(
    Story,
    id=ids,
    title=texts,
    articles=id_lists,
    copy_groups=st.lists(id_lists, max_size=3),
    summary=st.lists(claims, max_size=3),
    agreed=st.lists(claims, max_size=3),
    conflicts=st.lists(conflicts, max_size=3),
    exclusive=st.lists(claims, max_size=3),
    quotes=st.lists(quotes, max_size=3),
    timeline=st.lists(events, max_size=3),
    metadata=metadata,
)
articles = st.builds(
    Article,
    id=ids,
    text=texts,
    raw=texts,
    title=optional_texts,
    outlet=optional_texts,
    agency=optional_texts,
    published=optional_texts,
    byline=optional_texts,
    dateline=optional_texts,
    url=optional_texts,
    source_path=optional_texts,
    removed=st.lists(st.builds(Removed, text=texts, reason=texts), max_size=3),
    copy_group=optional_texts,
    story=optional_texts,
    metadata=metadata,
)
copy_groups = st.builds(
    CopyGroup,
    id=ids,
    members=id_lists,
    canonical=ids,
    edits=st.dictionaries(ids, st.dictionaries(texts, st.lists(json_values, max_size=3), max_size=3), max_size=3),
    similarity=st.dictionaries(ids, st.floats(0, 1), max_size=3),
)
