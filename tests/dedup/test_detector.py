"""Wire-copy detection: reprints group, unrelated articles sharing boilerplate do not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.config import DedupConfig
from storyline.dedup import ShingleHasher, WireCopyDetector, align_copies, canonical_tokens
from tests.conftest import make_article

WIRE = [
    "The invented port of Gullport reopened its northern quay on Tuesday after a storm surge tore away "
    "a section of the harbour wall last week, the harbour office said.",
    "Crews worked through the weekend to clear debris and test the cranes, and the first container ship "
    "was expected to berth on Wednesday morning, according to the office.",
    "Harbour master Ilse Varn said the repairs had cost less than feared and that the organization would "
    "review its flood defences before the winter season begins in earnest.",
    "Fishing boats had been moved to the southern basin during the closure, where they will stay until "
    "the end of the month while engineers inspect the remaining moorings.",
]
FOOTER = ("Copy supplied under licence to subscribing titles of the Example Wire Service; any reuse, resale or "
          "syndication of this copy beyond those titles needs a separate agreement with the service's licensing desk.")


def _wire(*paras: str) -> str:
    return "\n\n".join(paras)


def test_reprints_with_edits_group_and_unrelated_do_not() -> None:
    articles = [
        make_article("orig", _wire(*WIRE)),
        make_article("truncated", _wire(*WIRE[:2])),
        make_article("uk", _wire(*WIRE).replace("organization", "organisation").replace("harbour", "harbor")),
        make_article("local", _wire(WIRE[0], "Local traders in Gullport welcomed the news on Tuesday.", *WIRE[1:])),
        make_article("other", "An invented museum in Brinhaven opened a wing of ship models on Sunday after three "
                              "years of building work, its director said, with free entry for the first week."),
    ]
    detector = WireCopyDetector().fit(articles)
    labels = detector.labels_
    assert labels["orig"] == labels["truncated"] == labels["uk"] == labels["local"]
    assert labels["other"] != labels["orig"]
    (group,) = detector.groups()
    assert group.canonical == "local"  # the fullest version
    assert any("Local traders" in s for s in group.edits["orig"]["dropped"])


def test_shared_boilerplate_never_makes_copies() -> None:
    stories = [
        f"The invented town of Place{i} held its annual {topic} festival on Saturday, drawing visitors from "
        f"across the region, organisers said."
        for i, topic in enumerate(["kite", "cheese", "rowing", "lantern", "apple", "poetry", "bread", "jazz",
                                   "film", "chess", "folk", "boat"])
    ]
    articles = [make_article(f"s{i}", f"{text}\n\n{FOOTER}") for i, text in enumerate(stories)]
    labels = WireCopyDetector(DedupConfig(boilerplate_df=5)).fit(articles).labels_
    assert len(set(labels.values())) == len(articles)


def test_chain_guard_keeps_a_and_c_apart() -> None:
    # B is half A and half C; A and C share nothing: B may join one of them, never both.
    a_part = WIRE[0] + " " + WIRE[1]
    c_part = ("An invented museum in Brinhaven opened a wing of ship models on Sunday after three years of "
              "building work, its director said, with free entry for the first week of the exhibition.")
    articles = [make_article("A", a_part), make_article("B", a_part + "\n\n" + c_part), make_article("C", c_part)]
    labels = WireCopyDetector(DedupConfig(min_containment=0.4)).fit(articles).labels_
    assert labels["A"] != labels["C"]


def test_bad_input_is_handled() -> None:
    articles = [make_article("empty", ""), make_article("one", "word"), make_article("cjk", "北京 今天 天气 很好 " * 20),
                make_article("cjk2", "北京 今天 天气 很好 " * 20)]
    labels = WireCopyDetector().fit(articles).labels_
    assert labels["empty"] != labels["one"]
    assert labels["cjk"] == labels["cjk2"]


def test_spelling_folds() -> None:
    assert canonical_tokens("The organisation's colour fulfil U.S. per cent") == canonical_tokens(
        "The organization's color fulfill US percent")
    assert canonical_tokens("Ameri- can rocket") == canonical_tokens("American rocket")


def test_align_records_edits() -> None:
    diff = align_copies("Putin is expected to visit China next month. He will meet Xi.",
                        "Putin will visit China next month. He will meet Xi. Tass reported it.")
    assert diff["added"] == ["Tass reported it."]
    assert diff["edited"] == [["Putin is expected to visit China next month.", "Putin will visit China next month."]]
    assert diff["dropped"] == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcdefgh Z.-\n", min_size=0, max_size=200), min_size=1, max_size=6))
def test_batch_hashing_equals_one_text_at_a_time(texts: list[str]) -> None:
    hasher = ShingleHasher(shingle_size=3, seed=7)
    for text, (unique, lead) in zip(texts, hasher.batch(texts, lead=48), strict=True):
        seq = hasher.sequence(text)
        assert unique.tolist() == sorted(set(seq.tolist()))
        assert lead.tolist() == seq[:48].tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(
    ["a", "b", "Z", " ", "\n", "\t", "-", "- ", ".", "_", "'", "1", "\u00e9", "\u00a9", "\u00b0", "\u00bd", "\u0930",
     "\u093e", "\u5317", "\u4eac", "\u0130", "\u03a3", "\U0001d518", "\ud800", "u.s.", "U.S.", "per cent",
     "colour", "organise", "travelled"]), max_size=30).map("".join), min_size=1, max_size=5))
def test_token_hashes_are_those_of_the_canonical_tokens(texts: list[str]) -> None:
    """The array tokeniser finds the same words as the regular expression (any script, odd characters)."""
    from storyline.dedup.signature import _blake, _token_hashes

    hashes, counts = _token_hashes(texts)
    assert hashes.tolist() == [_blake(w) for t in texts for w in canonical_tokens(t)]
    assert counts.tolist() == [len(canonical_tokens(t)) for t in texts]


def test_shingle_hashes_are_stable_across_processes() -> None:
    import subprocess
    import sys

    code = "from storyline.dedup import ShingleHasher; print(ShingleHasher().sequence('Wire copy travels far').tolist())"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and runs.pop().strip() == str(ShingleHasher().sequence("Wire copy travels far").tolist())


@settings(max_examples=20, deadline=None)
@given(st.permutations(list(range(5))))
def test_labels_do_not_depend_on_input_order(order: list[int]) -> None:
    base = [make_article(f"v{i}", _wire(*WIRE[: 2 + i % 3])) for i in range(3)]
    base += [make_article("x", "An unrelated invented note about a chess club in Brinhaven meeting on Sunday "
                               "evening at the library, with twelve players and two new members."),
             make_article("y", _wire(*WIRE[2:]))]
    labels = WireCopyDetector().fit([base[i] for i in order]).labels_
    assert labels == WireCopyDetector().fit(base).labels_
