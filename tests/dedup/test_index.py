"""The streaming copy index: incremental runs, the time window, URL identity, evidence, bad input."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from storyline.config import DedupConfig, PipelineConfig
from storyline.dedup import CopyIndex, ShingleHasher, WireCopyDetector, copy_origin
from storyline.dedup import signature as signature_module
from storyline.pipeline import Storyline, clean_articles

from ..conftest import make_article

_SYLLABLES = ["bra", "nor", "vel", "tis", "gum", "pol", "rak", "sen", "dor", "lim", "vas", "quen", "hal", "mur", "zet"]


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(n)]


def _story(seed: int, sentences: int = 8) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(_words(rng, rng.randint(9, 16))).capitalize() + "." for _ in range(sentences)]


def _reprint(sentences: list[str], seed: int) -> str:
    """A wire reprint: cut at the bottom, one sentence dropped, a local line added."""
    rng = random.Random(seed)
    kept = sentences[: rng.randint(len(sentences) - 2, len(sentences))]
    if len(kept) > 4:
        kept.pop(rng.randrange(1, len(kept) - 1))
    return "\n\n".join([*kept, f"Local officials in {rng.choice(['Varn', 'Osk', 'Tel'])} said little."])


def _corpus(n_stories: int = 12, seed: int = 0) -> list[tuple[str, str, int]]:
    """(id, text, story) triples: each invented story printed 1-4 times."""
    rng = random.Random(seed)
    out = []
    for s in range(n_stories):
        base = _story(1000 + s)
        for c in range(rng.randint(1, 4)):
            out.append((f"s{s:02d}c{c}", _reprint(base, 7 * s + c), s))
    return out


def _partition(labels: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for i, g in labels.items():
        groups.setdefault(g, set()).add(i)
    return {frozenset(g) for g in groups.values()}


def _write(tmp_path: Path, name: str, rows: list[tuple[str, str, int]], date: str = "2024-05-01") -> Path:
    import json

    path = tmp_path / f"{name}.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "date": date}) + "\n" for i, t, _ in rows), encoding="utf-8")
    return path


def test_the_corpus_is_grouped_by_story() -> None:
    rows = _corpus()
    labels = WireCopyDetector().fit([make_article(i, t) for i, t, _ in rows]).labels_
    assert _partition(labels) == _partition({i: str(s) for i, _, s in rows})


def test_adding_in_three_runs_groups_as_one_run_does(tmp_path: Path) -> None:
    rows = _corpus(seed=3)
    rng = random.Random(5)
    rng.shuffle(rows)
    thirds = [rows[: len(rows) // 3], rows[len(rows) // 3 : 2 * len(rows) // 3], rows[2 * len(rows) // 3 :]]
    with Storyline(tmp_path / "inc.db") as app:
        for k, part in enumerate(thirds):
            app.add([_write(tmp_path, f"part{k}", part)])
        incremental = {a.id: a.copy_group for a in app.store.articles()}
    with Storyline(tmp_path / "one.db") as app:
        app.add([_write(tmp_path, "all", rows)])
        whole = {a.id: a.copy_group for a in app.store.articles()}
    assert _partition(incremental) == _partition(whole) == _partition({i: str(s) for i, _, s in rows})
    assert incremental == whole  # the same group ids too: the smallest member id names a group


def test_a_later_run_shingles_only_the_new_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _corpus(seed=4)
    with Storyline(tmp_path / "s.db") as app:
        app.add([_write(tmp_path, "first", rows[:-3])])
        seen: list[int] = []
        real = signature_module.ShingleHasher.batch

        def counting(self: ShingleHasher, texts: list[str], lead: int = 48) -> list:  # type: ignore[type-arg]
            seen.append(len(texts))
            return real(self, texts, lead)

        monkeypatch.setattr(signature_module.ShingleHasher, "batch", counting)
        app.add([_write(tmp_path, "second", rows[-3:])])
        report = app.report()
    assert sum(seen) == 3
    expected = _partition({i: str(s) for i, _, s in rows})
    assert _partition({a.id: a.copy_group for a in report.articles}) == expected


def test_an_old_store_without_an_index_is_indexed_once(tmp_path: Path) -> None:
    rows = _corpus(seed=6)
    with Storyline(tmp_path / "s.db") as app:
        app.add([_write(tmp_path, "first", rows[:-2])])
        app.store.put_state("copy_index", None)  # as a store written before the index existed
        app.add([_write(tmp_path, "second", rows[-2:])])
        report = app.report()
        assert len(list(app.store.index_entries())) == len(rows)
    assert _partition({a.id: a.copy_group for a in report.articles}) == _partition({i: str(s) for i, _, s in rows})


def test_the_window_evicts_old_documents_from_the_stored_index(tmp_path: Path) -> None:
    base = _story(77)
    old = [("old1", _reprint(base, 1), 0), ("old2", _reprint(base, 2), 0)]
    config = PipelineConfig(dedup=DedupConfig(window_days=10))
    with Storyline(tmp_path / "s.db", config) as app:
        app.add([_write(tmp_path, "jan", old, "2024-01-01")])
        late = [("late", _reprint(base, 3), 0), ("other", "\n\n".join(_story(78)), 1)]
        app.add([_write(tmp_path, "mar", late, "2024-03-01")])
        report = app.report()
        indexed = {row[0] for row in app.store.index_entries()}
    labels = {a.id: a.copy_group for a in report.articles}
    assert labels["old1"] == labels["old2"]  # what was found stays
    assert labels["late"] != labels["old1"]  # a copy arriving after the window is not matched (by design)
    assert indexed == {"late", "other"}


def test_max_documents_bounds_the_index() -> None:
    index = CopyIndex(DedupConfig(max_documents=100))
    rows = [(f"d{i:04d}", "\n\n".join(_story(i, 3)), None, None) for i in range(600)]
    for lo in range(0, len(rows), 50):
        index.add_texts(rows[lo : lo + 50])
        assert len(index) <= 150
    assert index.stats["evicted"] == 500
    assert index.postings.size() < 150 * 200


def test_one_url_is_one_article_whatever_the_text() -> None:
    a = make_article("a", "Zorblat launches a lunar rover for the first time, officials in Varn said on Monday.",
                     url="https://www.example.org/news/rover?utm_source=feed")
    b = make_article("b", "A different headline and a rewritten body about the same page, moved and updated later.",
                     url="http://example.org/news/rover/#comments")
    c = make_article("c", "A different headline and a rewritten body about the same page, moved and updated later.",
                     url="https://example.org/news/other")
    detector = WireCopyDetector().fit([a, b, c])
    assert detector.labels_["a"] == detector.labels_["b"]
    assert detector.index.evidence("a", "b").same_url


def test_evidence_names_shared_shingles_and_boilerplate() -> None:
    footer = ("Distributed by the Regional Exchange to its member titles; no part of this report may be "
              "sold on, reprinted or stored elsewhere unless the Exchange's licensing office agrees in writing.")
    story = _story(90)
    articles = [make_article(f"t{i}", "\n\n".join([*_story(200 + i, 2), footer])) for i in range(14)]
    articles += [make_article("w1", "\n\n".join(story)), make_article("w2", _reprint(story, 9))]
    detector = WireCopyDetector().fit(articles)
    copies = detector.index.evidence("w1", "w2")
    assert copies.copies and copies.containment >= 0.5 and "copies" in copies.reason(detector.config)
    traps = detector.index.evidence("t0", "t1")
    assert not traps.copies and traps.boilerplate > 10
    assert "boilerplate" in traps.reason(detector.config)
    assert len({detector.labels_[f"t{i}"] for i in range(14)}) == 14
    group = next(g for g in detector.groups() if "w1" in g.members)
    member = next(m for m in group.members if m != group.canonical)
    assert group.evidence[member]["copies"] and group.evidence[member]["reason"].startswith("copies")


def test_explain_reports_the_verdict_and_the_shared_sentences(tmp_path: Path) -> None:
    story = _story(91)
    rows = [("w1", "\n\n".join(story), 0), ("w2", _reprint(story, 4), 0), ("x", "\n\n".join(_story(92)), 1)]
    with Storyline(tmp_path / "s.db") as app:
        app.add([_write(tmp_path, "in", rows)])
        same = app.explain("w1", "w2")
        other = app.explain("w1", "x")
    assert same["same_copy_group"] and same["verdict"].startswith("copies") and same["shared"]
    assert same["evidence"]["shared_shingles"] > 20
    assert not other["same_copy_group"] and other["verdict"].startswith("not copies") and not other["shared"]


def test_origin_follows_time_then_agency_credit_then_containment() -> None:
    full = "\n\n".join(_story(93))
    cut = "\n\n".join(_story(93)[:5])
    assert copy_origin([make_article("a", full, published="2024-01-02"),
                        make_article("b", cut, published="2024-01-01")]) == ("b", "published first (2024-01-01)")
    origin, why = copy_origin([make_article("a", full), make_article("b", cut, agency="AP")])
    assert origin == "b" and "AP" in (why or "")
    origin, why = copy_origin([make_article("a", full), make_article("b", cut)])
    assert origin == "a" and "contains the others" in (why or "")
    assert copy_origin([make_article("a", full), make_article("b", full)]) == (None, None)


@pytest.mark.parametrize("text", ["", "Breaking", "Breaking news today"])
def test_empty_and_tiny_texts_stay_alone(text: str) -> None:
    labels = WireCopyDetector().fit([make_article("a", text), make_article("b", text)]).labels_
    assert labels["a"] != labels["b"]


def test_other_scripts_group_their_copies_and_nothing_else() -> None:
    zh = "国家气象台今天发布暴雨预警，南方多个省份将出现强降雨，部分地区可能发生洪水和山体滑坡。有关部门已经开始准备救援物资。"
    zh_other = "中国男子足球队在昨天晚上的比赛中以二比一战胜对手，球迷们在体育场外庆祝到深夜，教练表示满意。"
    ru = "Сильный снегопад парализовал движение в городе, власти закрыли несколько школ и попросили жителей оставаться дома."
    ar = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير ويخدم آلاف السكان في المنطقة."
    articles = [make_article("zh1", zh), make_article("zh2", zh[:-12] + "记者报道。"), make_article("zh3", zh_other),
                make_article("ru1", ru), make_article("ru2", ru.replace("Сильный", "Очень сильный")),
                make_article("ar1", ar), make_article("ar2", ar + " وقال المسؤولون إن العمل بدأ.")]
    labels = WireCopyDetector().fit(articles).labels_
    assert labels["zh1"] == labels["zh2"] != labels["zh3"]
    assert labels["ru1"] == labels["ru2"] and labels["ar1"] == labels["ar2"]
    assert len({labels["zh1"], labels["ru1"], labels["ar1"]}) == 3


def test_articles_that_are_all_boilerplate_are_never_merged() -> None:
    notice = ("This article may not be reproduced, redistributed or republished without the prior written "
              "permission of the Exchange.")
    articles = clean_articles([make_article(f"n{i}", notice) for i in range(20)])
    assert all(a.metadata.get("clean_warning") for a in articles)
    labels = WireCopyDetector().fit(articles).labels_
    assert len(set(labels.values())) == 20


def test_a_very_long_article_is_grouped_with_its_copy() -> None:
    rng = random.Random(3)
    words = _words(rng, 400_000)  # about 3 MB of text: the detector is linear in it
    long_text = "\n\n".join(" ".join(words[i : i + 5000]) + "." for i in range(0, len(words), 5000))
    copy = long_text[: len(long_text) // 2]
    articles = [make_article("long", long_text), make_article("copy", copy), make_article("x", "\n\n".join(_story(5)))]
    labels = WireCopyDetector().fit(articles).labels_
    assert labels["long"] == labels["copy"] != labels["x"]


def test_streaming_in_small_chunks_finds_the_same_groups(tmp_path: Path) -> None:
    from storyline.pipeline import stream_copies

    rows = _corpus(n_stories=15, seed=8)
    random.Random(2).shuffle(rows)
    path = _write(tmp_path, "stream", rows)
    labels, errors = stream_copies([path], chunk=7)
    assert not errors and len(labels) == len(rows)
    assert _partition(labels) == _partition({i: str(s) for i, _, s in rows})
    whole, _ = stream_copies([path])
    assert labels == whole


def test_very_long_copies_are_aligned_by_exact_sentences_in_linear_time() -> None:
    from storyline.dedup import align_copies

    sentences = [f"Sentence number {i} tells of the {i % 7} ferries in Varn." for i in range(1200)]
    copy = sentences[:600] + ["A local line added by the outlet."]
    diff = align_copies(" ".join(sentences), " ".join(copy))
    assert diff["added"] == ["A local line added by the outlet."]
    assert len(diff["dropped"]) == 600 and len(diff["shared"]) == 600


def test_worker_processes_do_not_change_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline import pipeline

    monkeypatch.setattr(pipeline, "_CLEAN_CHUNK", 6)  # several parts, so the workers start
    rows = _corpus(n_stories=14, seed=9)
    path = _write(tmp_path, "par", rows)
    alone, _ = pipeline.stream_copies([path], chunk=10, workers=1)
    together, errors = pipeline.stream_copies([path], chunk=10, workers=2)
    assert not errors and together == alone
    assert _partition(together) == _partition({i: str(s) for i, _, s in rows})


@pytest.mark.parametrize("workers", [1, 2])
def test_streaming_keeps_the_later_of_a_repeated_id_and_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """A repeated id in another unit of work (and so in another worker) or the same one: the later
    record is the one grouped, and each repeat is reported with the file; bad lines keep their numbers."""
    import json

    from storyline import pipeline

    monkeypatch.setattr(pipeline, "_CLEAN_CHUNK", 4)  # units of four lines
    a, b = _story(31), _story(32)
    rows = [("a1", _reprint(a, 1)), ("a2", _reprint(a, 2)), ("dup", _reprint(a, 3)), ("b1", _reprint(b, 1)),
            ("b2", _reprint(b, 2)), ("dup", _reprint(b, 3)), ("x", "\n\n".join(_story(33))), ("dup", _reprint(b, 4))]
    lines = [json.dumps({"id": i, "text": t}) for i, t in rows]
    lines.insert(5, "{not json")  # line 6
    path = tmp_path / "dups.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    labels, errors = pipeline.stream_copies([path], workers=workers)
    assert sorted(labels) == ["a1", "a2", "b1", "b2", "dup", "x"]
    assert labels["dup"] == labels["b1"] == labels["b2"] != labels["a1"] == labels["a2"]
    assert [(e.line, e.reason.split(":")[0]) for e in errors if e.line] == [(6, "malformed JSON")]
    assert [e.reason for e in errors if not e.line] == ["duplicate article id 'dup'; the later one is kept"] * 2
    assert all(e.path == str(path) for e in errors)


def test_streaming_reads_other_files_in_the_main_process(tmp_path: Path) -> None:
    """JSON Lines files named on their own are parsed in worker units; a folder of text files is read
    here; together they group as one input."""
    from storyline.pipeline import stream_copies

    story = _story(40)
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "t1.txt").write_text(_reprint(story, 1), encoding="utf-8")
    path = _write(tmp_path, "rows", [("j1", _reprint(story, 2), 0), ("j2", "\n\n".join(_story(41)), 1)])
    labels, errors = stream_copies([path, folder], workers=1)
    assert not errors and len(labels) == 3
    text_id = next(i for i in labels if i not in ("j1", "j2"))
    assert labels[text_id] == labels["j1"] != labels["j2"]


def test_evicting_a_member_keeps_its_group_whole() -> None:
    index = CopyIndex(DedupConfig(max_documents=4))
    story = _story(300)
    index.add_texts([(f"c{i}", _reprint(story, i), None, None) for i in range(4)])
    assert len(set(index.labels().values())) == 1
    index.add_texts([("x", "\n\n".join(_story(301)), None, None)])  # c0 leaves the index
    labels = index.labels()
    assert "c0" not in labels and len({labels[f"c{i}"] for i in range(1, 4)}) == 1
    index.add_texts([("c9", _reprint(story, 9), None, None)])  # a new copy still finds the group
    assert index.labels()["c9"] == index.labels()["c2"]


def test_the_boilerplate_cut_grows_with_the_index() -> None:
    story = _story(400, sentences=10)
    copies = [(f"a{i:02d}", _reprint(story, i), None, None) for i in range(12)]
    others = [(f"o{i:02d}", "\n\n".join(_story(500 + i)), None, None) for i in range(12)]
    fixed = CopyIndex(DedupConfig(boilerplate_df=5, boilerplate_share=0.0))
    fixed.add_texts([*copies, *others])
    scaled = CopyIndex(DedupConfig(boilerplate_df=5, boilerplate_share=0.6))
    scaled.add_texts([*copies, *others])
    assert scaled._limit() == 14 and fixed._limit() == 5
    # A story reprinted more often than the fixed cut loses its text to it; the scaled cut keeps it.
    assert len({scaled.labels()[i] for i, *_ in copies}) == 1
    assert len({fixed.labels()[i] for i, *_ in copies}) > 1
    assert len({scaled.labels()[i] for i, *_ in others}) == 12


def test_candidates_looked_up_in_small_pieces_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.dedup import index as index_module

    rows = _corpus(n_stories=15, seed=5)
    whole = CopyIndex()
    whole.add_texts((i, t, "2024-05-01", None) for i, t, _ in rows)
    monkeypatch.setattr(index_module, "_HIT_BUDGET", 5)  # a piece per document or two
    pieces = CopyIndex()
    pieces.add_texts((i, t, "2024-05-01", None) for i, t, _ in rows)
    assert pieces.stats["candidates"] == whole.stats["candidates"] > 0
    assert pieces.labels() == whole.labels()
    assert _partition(pieces.labels()) == _partition({i: str(s) for i, _, s in rows})


def test_pieces_split_the_owners_into_ranges_of_about_the_budget() -> None:
    import numpy as np

    from storyline.dedup.index import _pieces

    hits = np.array([12, 2, 0, 0, 8, 1, 1, 1, 1, 0])  # the postings each owner's queries find
    ranges = _pieces(hits, 6)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(hits)
    assert all(a < b for a, b in ranges) and [b for _, b in ranges[:-1]] == [a for a, _ in ranges[1:]]
    assert len(ranges) > 1
    assert all(hits[a : b - 1].sum() < 6 for a, b in ranges)  # only the last owner of a range passes the budget
    assert _pieces(hits[:0], 6) == []


def test_an_endless_stream_keeps_the_index_small_and_groups_as_without_compaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each day brings new stories and copies of recent ones; the window is three days."""
    from datetime import date, timedelta

    from storyline.dedup import index as index_module

    days = []
    for day in range(40):
        when = (date(2024, 1, 1) + timedelta(days=day)).isoformat()
        batch = [(f"d{day:02d}s{k}", _reprint(_story(2000 + 3 * day + k), day), when, None) for k in range(3)]
        # copies of stories from two days before (inside the window)
        batch += [(f"d{day:02d}c{k}", _reprint(_story(2000 + 3 * (day - 2) + k), 50 + day), when,
                   None) for k in range(2) if day >= 2]
        days.append(batch)

    def run(minimum: int) -> tuple[CopyIndex, dict[str, str], int]:
        monkeypatch.setattr(index_module, "_COMPACT_MIN", minimum)
        index = CopyIndex(DedupConfig(window_days=3))
        labels: dict[str, str] = {}
        largest = 0
        for batch in days:
            index.add_texts(batch)
            labels.update(index.last_labels)
            labels = {k: index.resolve(v) for k, v in labels.items()}
            largest = max(largest, len(index.docs))
        return index, labels, largest

    plain, plain_labels, plain_largest = run(10**9)
    small, small_labels, small_largest = run(5)
    assert small.stats["compactions"] > 3 and "compactions" not in plain.stats
    assert plain_largest == 40 * 3 + 38 * 2 and small_largest < 50
    assert _partition(small_labels) == _partition(plain_labels)
    assert all(small_labels[f"d{d:02d}c1"] == small_labels[f"d{d - 2:02d}s1"] for d in range(2, 40))
    assert small.labels() == plain.labels()
    late = [(f"late{k}", _reprint(_story(2000 + 3 * 39 + k), 99), "2024-02-10", None) for k in range(3)]
    assert set(small.add_texts(late)) == set(plain.add_texts(late))
    assert small.labels() == plain.labels()
    assert small.postings.size() == plain.postings.size() and small.postings.size() > 0


def test_the_chain_guard_judges_a_pair_as_verification_does() -> None:
    """``_judge`` (one pair, in scalars, for the chain guard) and ``_verify`` (candidate pairs, in
    arrays) are one rule: the same verdict and containment for every pair, copies or not."""
    rows = _corpus(n_stories=6, seed=3)
    index = CopyIndex()
    index.add(index.make_docs((i, t, None, None) for i, t, _ in rows))
    slots = sorted(index.slot.values())
    index._prepare(slots)
    pairs = [(a, b) for a in slots for b in slots if a < b]
    verified = index._verify(pairs)
    assert verified and len(verified) < len(pairs)  # copies and non-copies both
    for a, b in pairs:
        assert index._judge(a, b) == verified.get((a, b))
    index._clear_cache()


def test_rank_is_searchsorted_for_sorted_needles() -> None:
    """The postings search (a merge of two sorted arrays) finds what a binary search finds, ties and
    repeated needles included."""
    import numpy as np

    from storyline.dedup.index import _rank

    rng = np.random.default_rng(5)
    for size in (0, 1, 7, 500):
        packed = np.sort(rng.integers(0, 60, size=size).astype(np.uint64))
        for n in (0, 1, 9, 300):
            needles = np.sort(rng.integers(0, 64, size=n).astype(np.uint64))
            assert np.array_equal(_rank(needles, packed), np.searchsorted(packed, needles, side="left"))


def test_content_prepared_in_bulk_is_the_content_of_each_document() -> None:
    import numpy as np

    notice = " ".join(_words(random.Random(9), 40))
    rows = [(i, t, "2024-05-01", None) for i, t, _ in _corpus(n_stories=10, seed=2)]
    index = CopyIndex(DedupConfig(boilerplate_df=3))
    index.add_texts(rows[:12])
    index.add_texts([*rows[12:], *((f"b{i}", f"{notice} {' '.join(_words(random.Random(i), 6))}", None, None) for i in range(6))])
    slots = sorted(index.slot.values())
    one = [index.content(s) for s in slots]
    index._clear_cache()
    index._prepare(slots)
    bulk = [index._content[s] for s in slots]
    assert any(strict for _, strict in one) and not all(strict for _, strict in one)
    assert all(sa == sb and np.array_equal(ca, cb) for (ca, sa), (cb, sb) in zip(one, bulk, strict=True))


def test_an_indexed_id_added_again_replaces_its_document() -> None:
    # the removed version's postings go with it: no lookup reaches its slot (this used to raise)
    text = " ".join(f"harbour{i}" for i in range(60))
    index = CopyIndex()
    index.add(index.make_docs([("a", text, "2024-01-01", None), ("b", text, "2024-01-01", None)]))
    assert index.add(index.make_docs([("a", text + " and a line added", "2024-01-02", None)])) == ["a"]
    assert index.last_groups == {"copy-a": ["a", "b"]}
    assert len(index.slot) == 2
    # an id twice in one batch: the later version stands
    again = CopyIndex()
    again.add(again.make_docs([("a", text, "2024-01-01", None), ("b", "a story of its own " * 20, "2024-01-01", None),
                               ("a", "another story entirely " * 20, "2024-01-01", None)]))
    assert len(again.slot) == 2 and again.docs[again.slot["a"]] is not None
    assert again.last_groups == {}
