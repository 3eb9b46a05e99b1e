"""Typed configuration: one dataclass per stage, composed into :class:`PipelineConfig`.

The Python API, the CLI, the HTTP API and a TOML file (``PipelineConfig.from_toml``)
all build the same objects. Every value is validated at construction; the error
names the option, the bad value and the allowed range.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = [
    "CleanConfig",
    "ClusterConfig",
    "CompareConfig",
    "DedupConfig",
    "IngestConfig",
    "PipelineConfig",
    "SummaryConfig",
]


def _check_range(owner: str, name: str, value: float, low: float, high: float) -> None:
    if not (low <= value <= high):
        raise ConfigError(f"{owner}.{name} = {value!r} is out of range; allowed: {low} to {high}")


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestConfig:
    """How input files are read. The ``*_field`` options rename JSON-lines fields."""

    id_field: str = "id"
    title_field: str = "title"
    text_field: str = "text"
    date_field: str = "date"
    url_field: str = "url"
    source_field: str = "source"
    max_bytes: int = 50_000_000
    # Files skipped when walking a folder (never when named explicitly): a corpus folder's
    # documentation is not news. Glob patterns matched against the file name.
    exclude: tuple[str, ...] = ("README*", "LICENSE*", "LICENCE*", "CHANGELOG*", "EXPECTED*", "NOTICE*")

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name.endswith("_field") and not getattr(self, f.name):
                raise ConfigError(f"IngestConfig.{f.name} must be a non-empty field name")
        _check_range("IngestConfig", "max_bytes", self.max_bytes, 1, 2**40)


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """Junk removal. ``learn_min_articles``: a line seen in this many articles of one outlet is junk."""

    learn_repeated: bool = True
    learn_min_articles: int = 3

    def __post_init__(self) -> None:
        _check_range("CleanConfig", "learn_min_articles", self.learn_min_articles, 2, 10**9)


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupConfig:
    """Wire-copy detection: word shingles, boilerplate set aside by document frequency, candidates
    from a postings index, verified by containment (see ``storyline.dedup.index``)."""

    shingle_size: int = 3
    # Share of the shorter text's shingles found in the longer text (tuned on the dev sets, BENCHMARKS.md).
    min_containment: float = 0.35
    boilerplate_df: int = 10  # a shingle in more than this many documents is boilerplate,
    boilerplate_share: float = 0.001  # or in more than this share of the indexed ones, when that is more
    strict_containment: float = 0.8  # Jaccard needed by short or mostly-boilerplate documents
    min_words: int = 5  # a shorter text is too little evidence to call anything its copy
    seed: int = 1
    # The streaming index: across runs, a document stays matchable this many days after the newest
    # one (0 keeps everything), and at most this many documents stay indexed (the oldest go first).
    window_days: float = 30.0
    max_documents: int = 2_000_000

    def __post_init__(self) -> None:
        _check_range("DedupConfig", "shingle_size", self.shingle_size, 1, 20)
        _check_range("DedupConfig", "min_containment", self.min_containment, 0.0, 1.0)
        _check_range("DedupConfig", "boilerplate_df", self.boilerplate_df, 2, 10**9)
        _check_range("DedupConfig", "boilerplate_share", self.boilerplate_share, 0.0, 1.0)
        _check_range("DedupConfig", "strict_containment", self.strict_containment, 0.0, 1.0)
        _check_range("DedupConfig", "min_words", self.min_words, 1, 10_000)
        _check_range("DedupConfig", "window_days", self.window_days, 0.0, 36500.0)
        _check_range("DedupConfig", "max_documents", self.max_documents, 1, 10**10)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterConfig:
    """Online story clustering: an article joins the open story it most probably belongs to when
    that calibrated probability reaches ``threshold``. ``size_exponent``: a story's summed vector is
    divided by ``size ** size_exponent`` (0.5 ~ centroid cosine, 1 = average linkage).
    ``window_articles``: an undated article joins only a story opened fewer than this many arrivals
    before it (0: no limit). ``merge_threshold``, ``merge_max_size``: two stories opened in the same
    run, the smaller with at most ``merge_max_size`` articles, merge when an article is probable in
    both and the two stories' own probability reaches ``merge_threshold`` (1.0 turns merging off).
    ``refine_threshold``: after a run, its stories of at most ``merge_max_size`` articles join a larger
    story close in time when the two stories' probability reaches it (1.0 turns it off)."""

    # Chosen on the dev sets (uci, neus, scoop B-cubed F1). With the calibration refitted for term coverage
    # (and the tokenisation and refinement of 2026-11-24): 0.40 / 0.45 -> uci 0.854 / 0.851, neus 0.870 /
    # 0.863, scoop 0.945 / 0.948. Before them, 0.4 / 0.45 / 0.5 -> uci 0.828 / 0.826 / 0.824, neus 0.856 /
    # 0.847 / 0.835, scoop 0.936 / 0.948 / 0.951.
    threshold: float = 0.45
    window_days: float = 7.0
    title_weight: float = 0.5
    entity_weight: float = 0.0  # the capitalised-name vector lowered B-cubed F1 on the dev sets (see cluster/)
    size_exponent: float = 0.7
    # Undated input only; its clock is the order of arrival. B-cubed F1 by window (0 / 100 / 300 / 1000),
    # measured before the coverage and refinement changes of 2026-11-24 (neus in file order is 0.863 now):
    # scoop_ai_news (undated, file in date order) 0.927 / 0.949 / 0.927 / 0.927; neus_allsides (undated,
    # file keeps a story's articles together) 0.608 / 0.824 / 0.809 / 0.768, and shuffled 0.607 / 0.512 /
    # 0.521 / 0.550: an undated archive out of arrival order is split more. 0 turns the window off.
    window_articles: int = 100
    merge_threshold: float = 0.2
    merge_max_size: int = 5
    # After each call, a story of at most merge_max_size articles opened in it joins the most probable larger
    # story close in time when the stories' own probability reaches this (1.0: off). Off / 0.5 / 0.6 / 0.7:
    # uci 0.846 / 0.852 / 0.851 / 0.851, neus 0.863 / 0.862 / 0.863 / 0.863, scoop 0.948 / 0.941 / 0.948 / 0.948.
    refine_threshold: float = 0.6
    # Title words against body words (both ways), beside title/title and body/body. 0 / 0.25 / 0.5, each with
    # its refitted calibration: uci 0.819 / 0.821 / 0.821, neus 0.827 / 0.832 / 0.832, scoop 0.947 / 0.945 / 0.951.
    cross_weight: float = 0.5
    # Dense vectors in the decision (the [embed] extra): "" off, "minilm" (all-MiniLM-L6-v2, slow),
    # "static" (model2vec distilled from the same local weights at first use, kept in dense_cache,
    # default $STORYLINE_CACHE or ~/.cache/storyline). Not kept in a store's rows (in-memory runs only).
    dense: str = ""
    dense_cache: str = ""

    def __post_init__(self) -> None:
        if self.dense not in ("", "minilm", "static"):
            raise ConfigError(f"ClusterConfig.dense = {self.dense!r}; allowed: '' (off), 'minilm', 'static'")
        _check_range("ClusterConfig", "threshold", self.threshold, 0.0, 1.0)
        _check_range("ClusterConfig", "size_exponent", self.size_exponent, 0.0, 2.0)
        _check_range("ClusterConfig", "window_days", self.window_days, 0.0, 36500.0)
        _check_range("ClusterConfig", "title_weight", self.title_weight, 0.0, 1.0)
        _check_range("ClusterConfig", "entity_weight", self.entity_weight, 0.0, 1.0)
        _check_range("ClusterConfig", "window_articles", self.window_articles, 0, 10**9)
        _check_range("ClusterConfig", "merge_threshold", self.merge_threshold, 0.0, 1.0)
        _check_range("ClusterConfig", "merge_max_size", self.merge_max_size, 0, 10**9)
        _check_range("ClusterConfig", "refine_threshold", self.refine_threshold, 0.0, 1.0)
        _check_range("ClusterConfig", "cross_weight", self.cross_weight, 0.0, 1.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareConfig:
    """Cross-voice alignment. Two sentences say the same thing above ``match_threshold``."""

    match_threshold: float = 0.3
    min_agree_voices: int = 2
    # Value conflicts (numbers, money, dates, names, negation) between statements of different voices
    # whose overlap reaches this (less where the values stand in one slot: compare/conflicts.py); 0 turns
    # them off (duration and count slots are always compared). bench/conflict_perturbation.py --per-kind
    # 200 at commit 2414641 (the benchmark before its hedge change), align 0.35 / 0.4 / 0.45: recall
    # 0.823 / 0.775 / 0.713, strict precision 0.808 / 0.837 / 0.870,
    # conflicts per unperturbed story 0.127 / 0.095 / 0.065.
    conflict_align: float = 0.4
    # Named entities: "rules" (no dependency), "spacy" (the [nlp] extra) or "auto" (spaCy when installed).
    # With spaCy, the conflict finder also reads the syntactic roles of names and dates (compare/syntax.py).
    entities: str = "rules"

    def __post_init__(self) -> None:
        _check_range("CompareConfig", "match_threshold", self.match_threshold, 0.0, 1.0)
        _check_range("CompareConfig", "min_agree_voices", self.min_agree_voices, 2, 1000)
        _check_range("CompareConfig", "conflict_align", self.conflict_align, 0.0, 1.0)
        if self.entities not in ("auto", "spacy", "rules"):
            raise ConfigError(f"CompareConfig.entities = {self.entities!r}; allowed: 'auto', 'spacy', 'rules'")


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryConfig:
    """The cited summary: at most ``max_sentences`` and ``max_words`` (conflict sentences aside); a cited
    source must cover ``support_threshold``. Selection (brief/summary.py): titles and the first
    ``candidates_per_voice`` sentences of each voice, damped by ``lead_decay`` per position, scored
    against at most ``max_docs`` voices (plus their shared words with ``consensus``); a sentence
    overlapping a chosen one above ``redundancy`` is skipped; at most ``max_conflicts`` conflict sentences are added."""

    max_sentences: int = 6
    support_threshold: float = 0.6
    max_words: int = 110
    # neus ROUGE-1 with consensus, lead_decay 0.93 / 0.95 / 0.97 / 0.99: train 43.88 / 44.12 / 44.24 / 44.27,
    # val 0.95 / 0.97: 43.22 / 43.32; kept at 0.95: 0.97 reaches for later sentences whose second-voice
    # citation is weak (tests/brief/test_summary.py catches one) for +0.1
    lead_decay: float = 0.95
    candidates_per_voice: int = 8
    max_docs: int = 12
    redundancy: float = 0.8
    titles: bool = True
    max_conflicts: int = 2
    corroboration: float = 0.5  # tuned on neus train: 0 / 0.5 / 1 / 2 -> ROUGE-1 43.36 / 43.50 / 43.32 / 43.25
    # the shared words of two or more voices scored as one more voice; neus ROUGE-1 off / on:
    # train 43.88 / 44.12, val 43.12 / 43.22 at lead_decay 0.95 (consensus x3 or as the only voice: train 1k 43.88 / 43.84)
    consensus: bool = True
    # delete wire datelines and leading connectives ("But", "Meanwhile,") from candidates (brief/compress.py)
    compress: bool = True
    # Optional rewrite through an OpenAI-compatible endpoint (brief/rewrite.py); "" keeps it off.
    llm_endpoint: str = ""
    llm_model: str = ""
    llm_timeout: float = 30.0

    def __post_init__(self) -> None:
        _check_range("SummaryConfig", "max_sentences", self.max_sentences, 1, 200)
        _check_range("SummaryConfig", "support_threshold", self.support_threshold, 0.0, 1.0)
        _check_range("SummaryConfig", "max_words", self.max_words, 5, 10_000)
        _check_range("SummaryConfig", "lead_decay", self.lead_decay, 0.0, 1.0)
        _check_range("SummaryConfig", "candidates_per_voice", self.candidates_per_voice, 1, 10_000)
        _check_range("SummaryConfig", "max_docs", self.max_docs, 1, 10_000)
        _check_range("SummaryConfig", "redundancy", self.redundancy, 0.0, 1.0)
        _check_range("SummaryConfig", "max_conflicts", self.max_conflicts, 0, 100)
        _check_range("SummaryConfig", "corroboration", self.corroboration, 0.0, 100.0)
        _check_range("SummaryConfig", "llm_timeout", self.llm_timeout, 0.1, 3600.0)
        if self.llm_endpoint and not self.llm_endpoint.startswith(("http://", "https://")):
            raise ConfigError(f"SummaryConfig.llm_endpoint = {self.llm_endpoint!r}; allowed: an http(s) URL or ''")


_SECTIONS: dict[str, type] = {
    "ingest": IngestConfig,
    "clean": CleanConfig,
    "dedup": DedupConfig,
    "cluster": ClusterConfig,
    "compare": CompareConfig,
    "summary": SummaryConfig,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineConfig:
    """Every stage's configuration in one object."""

    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    compare: CompareConfig = field(default_factory=CompareConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PipelineConfig:
        unknown = set(data) - set(_SECTIONS)
        if unknown:
            raise ConfigError(f"unknown config section(s) {sorted(unknown)}; allowed: {sorted(_SECTIONS)}")
        parts = {}
        for name, section in data.items():
            kind = _SECTIONS[name]
            allowed = {f.name for f in fields(kind)}
            bad = set(section) - allowed
            if bad:
                raise ConfigError(f"unknown option(s) {sorted(bad)} in [{name}]; allowed: {sorted(allowed)}")
            parts[name] = kind(**section)
        return cls(**parts)

    @classmethod
    def from_toml(cls, path: str | Path) -> PipelineConfig:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
