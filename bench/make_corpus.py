"""Build a synthetic wire-copy corpus of N articles with known copy groups, from the shared eval texts.

Usage:

    .venv/bin/python bench/make_corpus.py --size 100k --out /work/benchdata/c100k [--seed 1]

writes ``DIR/articles.jsonl`` (one article a line: ``id``, ``title``, ``text``, ``date``, ``outlet``,
``copy_group`` = the gold label, ``kind``, ``ops``, ``origin``) and ``DIR/manifest.json`` (parameters,
counts, the sha256 of the file). The texts are read from ``../shared/eval/`` (``--eval-dir``) at run time;
nothing from them is stored in the repository. The same ``--seed`` and sources give the same bytes.

How the corpus is made
----------------------
1. **Source texts.** English texts from every shared set: one clean version of each ``wire_copies``
   base article (the member whose edits are only truncation, dropped sentences or spelling; trap items
   left out); ``neus_allsides`` and ``allsides_roundups`` stories, each made one article (the editor's
   summary, then each outlet's lead or excerpt as a paragraph), except 30% of the NeuS stories whose
   three leads stay three short articles on one story by different writers (distinct gold groups:
   hard negatives); ``semeval_pairs`` English articles; ``scoop_ai_news`` items (exact repeats removed).
   Texts of at least 25 words are *base candidates*. Base candidates that share a verbatim passage (at
   least 12 word 5-grams, or 10% of the shorter text's, ignoring 5-grams found in more than 20 texts)
   are put in one family and only the first of each family is used, so two gold groups never start
   from overlapping texts (the NeuS and AllSides sets overlap, scoop holds re-scrapes, follow-up
   stories reuse a background paragraph). ``uci_headlines`` titles and the short texts only train the
   text model below.
2. **Synthetic base texts.** The real base texts (about 4.9k) run out above ~13k articles, so further
   base texts come from an order-2 word Markov chain trained on all source sentences (a sentence that
   repeats 8 source words in a row is drawn again, so no passage of a real text is copied), with
   proper nouns (p=0.35) replaced by invented names and digits re-drawn (p=0.7) so that a 1M-article corpus has a
   realistic number of distinct names and numbers. Lengths are log-normal (median 300 words, 40..2000),
   in paragraphs of 1-3 sentences; the title is the start of the first sentence. Such texts are
   unrelated by construction except for common phrases (their word 5-gram overlap is measured with
   ``--check``: see bench/README.md).
3. **Groups.** Each base text becomes a group of k copies, k in {1,2,3,4,6,8} with weights
   40/20/15/10/10/5 (mean 2.65; so most articles are reprints). Copy 0 is the unedited base half of the
   time; every other copy gets a random subset (at least one) of: ``truncate`` (keep the first 40-90%
   of the sentences, never fewer than 2), ``drop_para`` (a middle paragraph), ``insert_para`` (a new
   paragraph inside), ``spelling`` (US <-> UK variants, U.S. <-> US, percent <-> per cent...),
   ``ocr:R`` (character noise at R = 1/2/4%: look-alike swaps, deletions, split and hyphenated words),
   ``header`` (an agency byline or dateline, or an outlet header), ``lead`` (the first sentence replaced
   by a new one), ``update`` (an UPDATE line, one or two new paragraphs at the end, numbers changed,
   published later). Every article of an outlet gets that outlet's footer (``footer``) with the
   outlet's rate (0, 30% or 90%); footers are shared by outlets of one chain, so unrelated articles share
   them. Dates: the group's base time is uniform over 2024; copies follow within 48 hours, updates within
   72 hours.
4. **Boilerplate traps** (``--trap-share``, default 2% of articles): an unrelated short text (2-3
   sentences of a real text, or 25-50 synthetic words) followed by one of four long (70-110 word)
   legal / subscription footers, so the footer is most of the document. Each trap is its own gold
   group: merging two is a false merge.
5. **Order and ids.** Articles are written in date order (day buckets on disk, each shuffled), with
   opaque ids ``a0000001``..., so neither order nor id reveals the group. Memory stays flat: groups are
   generated one at a time and streamed to the buckets.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
GROUP_SIZES = (1, 2, 3, 4, 6, 8)
GROUP_WEIGHTS = (40, 20, 15, 10, 10, 5)
YEAR_START = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 366

_SENT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"\w+")
_END = re.compile(r"[.!?][\"”’)]?$")
_CAP = re.compile(r"^([\"“‘(]?)([A-Z][a-z]{2,})([^\w]*)$")
_DIGITS = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d")
_CAP_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ\"“‘(")


# ------------------------------------------------------------------------------------------ sources
@dataclass(slots=True)
class Source:
    title: str | None
    sentences: list[str]
    origin: str
    paras: list[list[str]] | None = None

    @property
    def words(self) -> int:
        return sum(len(s.split()) for s in self.sentences)


def _clean(text: str) -> str:
    text = text.replace("\xa0", " ").replace("\u200b", "")
    return " ".join(text.split())


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(_clean(text)) if s]


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_sources(eval_dir: Path, seed: int, brief_share: float = 0.3) -> tuple[list[Source], list[str]]:
    """Base texts (in a fixed order) and extra training text for the Markov model.

    NeuS and AllSides stories become one article each (the editor's summary then each outlet's lead or
    excerpt as paragraphs), except ``brief_share`` of the NeuS stories, whose three leads stay three
    short articles on one story by different writers: distinct gold groups, hard negatives.
    """
    out: list[Source] = []
    extra: list[str] = []
    clean_ops = {"original", "drop_sentence", "uk_spelling"}
    wire: dict[str, tuple[int, dict]] = {}
    for r in _jsonl(eval_dir / "wire_copies" / "articles.jsonl"):
        if str(r["cluster"]).startswith("b"):
            continue
        ops = [o.split(":")[0] for o in r.get("ops", [])]
        if not set(ops) <= clean_ops | {"truncate"}:
            continue
        rank = 0 if "original" in ops else len(ops) + (2 if "truncate" in ops else 0)
        if r["cluster"] not in wire or rank < wire[r["cluster"]][0]:
            wire[r["cluster"]] = (rank, r)
    for _rank, r in sorted(wire.values(), key=lambda x: x[1]["cluster"]):
        out.append(Source(None, _sentences(r["text"]), "wire_copies"))
    for r in _jsonl(eval_dir / "neus_allsides" / "clusters.jsonl"):
        leads = [(_clean(a.get("title") or ""), _sentences(a.get("text") or "")) for a in r["articles"]]
        if random.Random(f"{seed}/neus/{r['cluster_id']}").random() < brief_share:
            out.extend(Source(t or None, s, "neus_allsides:lead") for t, s in leads)
        else:
            paras = [_sentences(r.get("reference_text") or "")] + [s for _t, s in leads]
            out.append(Source(_clean(r.get("reference_title") or "") or None, [x for p in paras for x in p],
                              "neus_allsides:story", [p for p in paras if p]))
    for r in _jsonl(eval_dir / "allsides_roundups" / "clusters.jsonl"):
        paras = [_sentences(p) for p in r.get("roundup_paragraphs") or [r.get("reference_summary") or ""]]
        for a in r["articles"]:
            paras.append(_sentences(re.sub(r"\s*(\.\.\.|…)\s*$", ".", _clean(a.get("text") or ""))))
        out.append(Source(_clean(r.get("issue") or "") or None, [x for p in paras for x in p],
                          "allsides_roundups:story", [p for p in paras if p]))
    seen_ids: set[str] = set()
    for r in _jsonl(eval_dir / "semeval_pairs" / "pairs.jsonl"):
        for k in ("1", "2"):
            if r[f"lang{k}"] == "en" and r[f"id{k}"] not in seen_ids:
                seen_ids.add(r[f"id{k}"])
                out.append(Source(None, _sentences(r[f"text{k}"]), "semeval_pairs"))
    for r in _jsonl(eval_dir / "scoop_ai_news" / "scoop_ai_news.jsonl"):
        body = r.get("body") or r.get("text") or ""
        out.append(Source(_clean(r.get("title") or "") or None, _sentences(body), "scoop_ai_news"))
    for r in _jsonl(eval_dir / "uci_headlines" / "articles.jsonl"):
        if r.get("title"):
            extra.append(_clean(r["title"]))
    seen: set[str] = set()
    unique: list[Source] = []
    for s in out:
        key = " ".join(s.sentences).lower()
        if key and key not in seen:
            seen.add(key)
            unique.append(s)
    long_ = [s for s in unique if s.words >= 25]
    extra.extend(" ".join(s.sentences) for s in unique if s.words < 25)
    return long_, extra


def family_representatives(sources: list[Source], share: float = 0.1, min_shared: int = 12,
                           max_df: int = 20) -> list[Source]:
    """The first text of each family of texts sharing a verbatim passage (see the module docstring)."""
    grams: list[list[int]] = []
    index: dict[int, list[int]] = {}
    for i, s in enumerate(sources):
        words = _WORD.findall(" ".join(s.sentences).lower())
        gs = sorted({_ghash(words[j : j + 5]) for j in range(max(1, len(words) - 4))})
        grams.append(gs)
        for g in gs:
            index.setdefault(g, []).append(i)
    parent = list(range(len(sources)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, gs in enumerate(grams):
        shared: Counter[int] = Counter()
        for g in gs:
            docs = index[g]
            if 1 < len(docs) <= max_df:
                shared.update(d for d in docs if d > i)
        for j, n in shared.items():
            if n >= min_shared or n >= share * min(len(gs), len(grams[j])):
                parent[find(j)] = find(i)
    first: dict[int, int] = {}
    for i in range(len(sources)):
        first.setdefault(find(i), i)  # the lowest index of each family, whatever the union order
    return [sources[i] for i in sorted(first.values())]


def _ghash(words: list[str]) -> int:
    """A stable 64-bit hash of a word n-gram (Python's str hash changes per process)."""
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest(), "little")


# ------------------------------------------------------------------------------------- text model
_SYL_ON = "b br c ch d dr f g gr h j k l m n p pr r s sh st t tr v w z".split()
_SYL_NU = "a e i o u ai ea ou io".split()
_SYL_CO = ["", "n", "r", "l", "s", "th", "ck", "m", "nd", "rt", "v"]
_KEEP_CAPS = frozenset(
    "The This That These Those They There Then When What Where Which While Who Why How His Her Its Our Their "
    "And But For Not Mr Mrs Ms Dr President Senate House Congress Court Supreme Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday January February March April May June July August September October "
    "November December".split()
)


def invented_name(rng: random.Random) -> str:
    n = 2 if rng.random() < 0.7 else 3
    return "".join(rng.choice(_SYL_ON) + rng.choice(_SYL_NU) + rng.choice(_SYL_CO) for _ in range(n)).capitalize()


class MarkovText:
    """An order-2 word chain over real sentences, with names and numbers re-drawn on output."""

    COPY_RUN = 8  # a generated sentence may not repeat this many source words in a row

    def __init__(self, texts: list[str]) -> None:
        self.next: dict[tuple[str, str], list[str]] = {}
        self.starts: list[tuple[str, str]] = []
        self.runs: set[tuple[str, ...]] = set()
        n = self.COPY_RUN
        for text in texts:
            for sent in _sentences(text):
                toks = sent.split()
                if len(toks) < 6:
                    continue
                self.starts.append((toks[0], toks[1]))
                for a, b, c in zip(toks, toks[1:], toks[2:], strict=False):
                    self.next.setdefault((a, b), []).append(c)
                self.runs.update(tuple(toks[j : j + n]) for j in range(len(toks) - n + 1))

    def sentence(self, rng: random.Random, max_words: int = 40) -> str:
        """A new sentence; drawn again (up to 20 times) while it repeats COPY_RUN source words in a row."""
        n, runs = self.COPY_RUN, self.runs
        for _ in range(20):
            out = self._walk(rng, max_words)
            if not any(tuple(out[j : j + n]) in runs for j in range(len(out) - n + 1)):
                break
        if not _END.search(out[-1]):
            out[-1] = out[-1].rstrip(",;:—-") + "."
        rnd = rng.random
        for i in range(1, len(out)):
            tok = out[i]
            if tok[0] in _CAP_START and (m := _CAP.match(tok)) and m.group(2) not in _KEEP_CAPS \
                    and not _END.search(out[i - 1]):
                if rnd() < 0.35:
                    out[i] = m.group(1) + invented_name(rng) + m.group(3)
            elif _HAS_DIGIT.search(tok) and rnd() < 0.7:
                out[i] = _DIGITS.sub(lambda d: _digits(rng, len(d.group())), tok)
        return " ".join(out)

    def _walk(self, rng: random.Random, max_words: int) -> list[str]:
        rnd, nxt, end = rng.random, self.next, _END.search
        a, b = self.starts[int(rnd() * len(self.starts))]
        out = [a, b]
        while len(out) < max_words:
            options = nxt.get((a, b))
            if not options:
                break
            c = options[int(rnd() * len(options))]
            out.append(c)
            if len(out) >= 6 and end(c):
                break
            a, b = b, c
        return out

    def document(self, rng: random.Random, words: int) -> list[str]:
        sents, n = [], 0
        while n < words:
            s = self.sentence(rng)
            sents.append(s)
            n += len(s.split())
        return sents


def _digits(rng: random.Random, n: int) -> str:
    if n == 1:
        return str(rng.randrange(10))
    return str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(n - 1))


# ------------------------------------------------------------------------------------------ edits
_US_UK = {
    "color": "colour", "colors": "colours", "favorite": "favourite", "honor": "honour", "honored": "honoured",
    "labor": "labour", "neighbor": "neighbour", "neighbors": "neighbours", "behavior": "behaviour",
    "center": "centre", "centers": "centres", "theater": "theatre", "meter": "metre", "fulfill": "fulfil",
    "enrollment": "enrolment", "defense": "defence", "offense": "offence", "license": "licence",
    "organization": "organisation", "organizations": "organisations", "organized": "organised",
    "realize": "realise", "realized": "realised", "recognize": "recognise", "recognized": "recognised",
    "analyze": "analyse", "criticized": "criticised", "program": "programme", "programs": "programmes",
    "traveled": "travelled", "traveling": "travelling", "canceled": "cancelled", "gray": "grey",
    "percent": "per cent", "U.S.": "US", "U.K.": "UK", "U.N.": "UN", "Mr.": "Mr", "Mrs.": "Mrs", "Dr.": "Dr",
    "jewelry": "jewellery", "catalog": "catalogue", "aluminum": "aluminium",
}
_UK_US = {v: k for k, v in _US_UK.items()}
_SWAP: dict[str, str] = {}
for _k, _v in {**_US_UK, **_UK_US}.items():
    _SWAP[_k] = _v
    if _k.islower():  # ordinary words also when capitalised; abbreviations (U.S., Mr.) only as written
        _SWAP[_k.capitalize()] = _v.capitalize()
_SPELL = re.compile(r"(?<![\w.])(" + "|".join(sorted(map(re.escape, _SWAP), key=len, reverse=True)) + r")(?![\w])")


def respell(text: str) -> str:
    """US spellings to UK ones and back (each variant to its pair)."""
    return _DOUBLE_DOT.sub(r"\1", _SPELL.sub(lambda m: _SWAP[m.group(1)], text))


_DOUBLE_DOT = re.compile(r"((?:\b[A-Z]\.[A-Z]|\bMrs?|\bDr)\.)\.")


_LOOKALIKE = {"e": "c", "c": "e", "l": "1", "1": "l", "o": "0", "0": "o", "i": "l", "a": "o", "n": "u",
              "u": "n", "h": "b", "t": "f", "s": "5", "m": "rn", "d": "cl", "w": "vv", "r": "n", "S": "8",
              "I": "l", "B": "8", "O": "0", ",": ".", ".": ","}


def ocr_noise(text: str, rate: float, rng: random.Random) -> str:
    chars = list(text)
    k = max(1, round(len(chars) * rate))
    for pos in sorted(rng.sample(range(len(chars)), min(k, len(chars))), reverse=True):
        ch = chars[pos]
        roll = rng.random()
        if roll < 0.55 and ch in _LOOKALIKE:
            chars[pos] = _LOOKALIKE[ch]
        elif roll < 0.75:
            chars[pos] = ""
        elif roll < 0.9 and ch.isalpha():
            chars[pos] = ch + "- "
        else:
            chars[pos] = ch + " "
    return "".join(chars)


_AGENCIES = ("AP", "Reuters", "AFP", "UPI")
_CITIES = ("WASHINGTON", "NEW YORK", "LONDON", "CHICAGO", "LOS ANGELES", "PARIS", "BRUSSELS", "TOKYO", "DENVER",
           "ATLANTA", "HOUSTON", "BOSTON", "SEATTLE", "MIAMI", "BERLIN", "GENEVA", "OTTAWA", "SYDNEY")
_TOWNS = ("Springfield", "Riverside", "Fairview", "Georgetown", "Madison", "Clinton", "Franklin", "Salem",
          "Greenville", "Bristol", "Oxford", "Ashland", "Burlington", "Dayton", "Milton", "Newport", "Marion",
          "Jackson", "Auburn", "Dover", "Hudson", "Kingston", "Lebanon", "Manchester", "Oakland", "Plymouth",
          "Trenton", "Winchester", "Lexington", "Clayton", "Chester", "Arlington", "Lancaster", "Hamilton",
          "Cleveland", "Columbia", "Concord", "Eugene", "Fremont", "Glendale", "Laurel", "Monroe", "Norwood")
_PAPERS = ("Courier", "Herald", "Gazette", "Tribune", "Times", "Post", "Journal", "Daily News", "Observer",
           "Record", "Ledger", "Sentinel", "Chronicle", "Star", "Dispatch", "Examiner", "Bulletin", "Register",
           "Press", "Review")
_CHAINS = (
    "{o} is part of the {c} network of local newspapers. Subscribe today for unlimited digital access, the "
    "morning briefing and the e-edition. Already a subscriber? Log in to keep reading. Copyright {y} {c}. "
    "All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Support local journalism: become a member of {o} for less than a cup of coffee a week. Members get "
    "ad-free reading, the weekend newsletter and invitations to reader events. Questions about your delivery? "
    "Call our customer service team or write to the {c} help desk. © {y} {c} Media Group.",
    "Sign up for our free newsletters to get the latest headlines from {o} delivered to your inbox every "
    "morning. Download the {o} app for breaking news alerts. Comments are moderated and must follow our "
    "community guidelines. {c} Publishing, all rights reserved.",
    "Want more stories like this? {o} relies on readers like you. Subscribe now and get your first three "
    "months for one dollar. Cancel anytime. Use of this site constitutes acceptance of our user agreement "
    "and privacy policy. {c} may earn a commission from purchases made through links on this page.",
)
_CHAIN_NAMES = ("Lakeshore", "Heartland", "Summit", "Pioneer", "Evergreen", "Keystone", "Bluewater", "Prairie")
_TRAP_FOOTERS = (
    "IMPORTANT NOTICE: The information contained in this article is provided for general information purposes "
    "only and does not constitute legal, financial or medical advice. Readers should consult a qualified "
    "professional before acting on any of it. The publisher accepts no liability for any loss arising from "
    "reliance on this content. Reproduction in whole or in part without written permission is prohibited. "
    "To report an error, contact the standards desk. Subscribers can manage their account, delivery "
    "preferences and newsletters online at any time.",
    "You have read one of your free articles this month. Subscribe to continue reading unlimited stories, "
    "get the daily digital edition, exclusive newsletters, puzzles and members-only events. Subscriptions "
    "renew automatically at the then-current rate unless cancelled before the renewal date. Prices include "
    "applicable taxes. Offer valid for new subscribers only and cannot be combined with any other offer. "
    "See full terms and conditions and our privacy notice for details of how we use your personal data.",
    "This story was produced with the support of our readers and partner foundations, which have no say in "
    "our editorial decisions. Our newsroom follows a published code of ethics and corrects errors promptly. "
    "Republishing guidelines: you may republish this article for free under a Creative Commons licence, "
    "provided you credit the author and the newsroom, do not edit the text beyond style changes and "
    "include a link to the original. Photographs and illustrations are not covered by this licence and "
    "may not be reused.",
    "Copyright notice: all content on this website, including text, photographs, graphics and video, is "
    "protected by copyright and other intellectual property laws. You may print or download extracts for "
    "personal, non-commercial use only. Any other use, including copying, framing, scraping or automated "
    "collection for training or indexing, requires our prior written consent. By continuing to use this "
    "site you agree to our terms of service, cookie policy and privacy policy, which were updated this "
    "year and are available on request.",
)


@dataclass(slots=True)
class Outlet:
    name: str
    footer: str | None
    footer_rate: float


def make_outlets(rng: random.Random, n: int = 300) -> list[Outlet]:
    names = [f"The {t} {p}" for t in _TOWNS for p in _PAPERS]
    rng.shuffle(names)
    outlets = []
    for name in names[:n]:
        chain = rng.randrange(len(_CHAIN_NAMES))
        footer = _CHAINS[chain % len(_CHAINS)].format(o=name, c=_CHAIN_NAMES[chain], y=2024)
        outlets.append(Outlet(name, footer, rng.choice((0.0, 0.3, 0.9))))
    return outlets


# ------------------------------------------------------------------------------------------ articles
def paragraphs(sentences: list[str], rng: random.Random) -> list[list[str]]:
    paras, i = [], 0
    while i < len(sentences):
        k = rng.choice((1, 1, 2, 2, 3))
        paras.append(sentences[i : i + k])
        i += k
    return paras


def _title_from(sentence: str) -> str:
    words = sentence.split()
    return " ".join(words[:12]).rstrip(",;:.") if words else "Untitled"


def _short(sentences: list[str], words: int = 50) -> list[str]:
    out: list[str] = []
    for s in sentences[:3]:
        if out and sum(len(x.split()) for x in out) + len(s.split()) > words:
            break
        out.append(s)
    return out


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def edit_copy(base: list[list[str]], rng: random.Random, model: MarkovText) -> tuple[list[list[str]], list[str]]:
    """One reprint of ``base`` (paragraphs of sentences) with a random subset of edits, and the edit names."""
    paras = [list(p) for p in base]
    n_sent = sum(len(p) for p in paras)
    candidates = ["truncate", "drop_para", "insert_para", "spelling", "ocr", "header", "lead", "update"]
    probs = {"truncate": 0.35, "drop_para": 0.2, "insert_para": 0.2, "spelling": 0.3, "ocr": 0.3,
             "header": 0.45, "lead": 0.15, "update": 0.1}
    ops = [o for o in candidates if rng.random() < probs[o]]
    if not ops:
        ops = [rng.choice(candidates)]
    done: list[str] = []
    if "truncate" in ops and n_sent >= 4:
        keep = max(2, round(n_sent * rng.uniform(0.4, 0.9)))
        out, left = [], keep
        for p in paras:
            if left <= 0:
                break
            out.append(p[:left])
            left -= len(p)
        paras = out
        done.append("truncate")
    if "drop_para" in ops and len(paras) >= 4:
        del paras[rng.randrange(1, len(paras) - 1)]
        done.append("drop_para")
    if "lead" in ops and sum(len(p) for p in paras) >= 4:
        paras[0][0] = model.sentence(rng)
        done.append("lead")
    if "insert_para" in ops and len(paras) >= 2:
        paras.insert(rng.randrange(1, len(paras)), [model.sentence(rng) for _ in range(rng.choice((1, 2)))])
        done.append("insert_para")
    if "update" in ops:
        paras.extend([model.sentence(rng) for _ in range(rng.choice((1, 2)))] for _ in range(rng.choice((1, 2))))
        done.append("update")
    text = "\n\n".join(" ".join(p) for p in paras)
    if "update" in done:
        text = _DIGITS.sub(lambda d: _digits(rng, len(d.group())) if rng.random() < 0.3 else d.group(), text)
        text = rng.choice(("UPDATE: ", "UPDATED ", "Update — ")) + text
    if "spelling" in ops:
        respelled = respell(text)
        if respelled != text:
            text = respelled
            done.append("spelling")
    if "ocr" in ops:
        rate = rng.choice((0.01, 0.02, 0.04))
        text = ocr_noise(text, rate, rng)
        done.append(f"ocr:{rate}")
    if "header" in ops:
        kind = rng.randrange(4)
        city, agency = rng.choice(_CITIES), rng.choice(_AGENCIES)
        if kind == 0:
            text = f"By The Associated Press\n\n{text}"
        elif kind == 1:
            text = f"{city} ({agency}) — {text}"
        elif kind == 2:
            text = f"By {invented_name(rng)} {invented_name(rng)}, {agency} Writer\n\n{text}"
        else:
            text = f"{city}, {rng.choice(('Jan.', 'March', 'June', 'Oct.'))} {rng.randrange(1, 29)} ({agency}) - {text}"
        done.append("header")
    return [[text]], done


class CorpusWriter:
    """Streams articles to day buckets, then writes them in date order with opaque ids."""

    def __init__(self, out_dir: Path, seed: int) -> None:
        self.tmp = out_dir / ".buckets"
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        self.files = [(self.tmp / f"{d:03d}.jsonl").open("w", encoding="utf-8") for d in range(DAYS + 4)]
        self.seed = seed
        self.count = 0

    def add(self, row: dict, when: datetime) -> None:
        day = min((when - YEAR_START).days, len(self.files) - 1)
        self.files[day].write(json.dumps(row, ensure_ascii=False) + "\n")
        self.count += 1

    def finish(self, path: Path) -> str:
        digest = hashlib.sha256()
        n = 0
        with path.open("w", encoding="utf-8") as out:
            for d, fh in enumerate(self.files):
                fh.close()
                rows = [json.loads(line) for line in (self.tmp / f"{d:03d}.jsonl").open(encoding="utf-8")]
                random.Random(f"{self.seed}/day/{d}").shuffle(rows)
                rows.sort(key=lambda r: r["date"])  # ties stay in shuffled order
                for r in rows:
                    n += 1
                    line = json.dumps({"id": f"a{n:07d}", **r}, ensure_ascii=False) + "\n"
                    digest.update(line.encode())
                    out.write(line)
        shutil.rmtree(self.tmp)
        return digest.hexdigest()


def parse_size(text: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"--size: expected a number like 10000, 10k or 1M, got {text!r}")
    return int(float(m.group(1)) * {"": 1, "k": 1000, "m": 1_000_000}[m.group(2).lower()])


def build(size: int, out_dir: Path, seed: int, eval_dir: Path, trap_share: float, max_real: int | None = None) -> dict:
    t0 = time.perf_counter()
    sources, extra = load_sources(eval_dir, seed)
    reps = family_representatives(sources)
    log(f"{len(sources)} base candidates, {len(reps)} after removing near-duplicate families")
    model = MarkovText([" ".join(s.sentences) for s in sources] + extra)
    log(f"text model: {len(model.next)} states, {len(model.starts)} sentence starts "
        f"({time.perf_counter() - t0:.1f} s)")
    rng = random.Random(seed)
    rng.shuffle(reps)
    if max_real is not None:
        reps = reps[:max_real]
    outlets = make_outlets(rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = CorpusWriter(out_dir, seed)
    counts: Counter[str] = Counter()
    ops_count: Counter[str] = Counter()
    real = iter(reps)
    g = 0
    trap_every = 1 / trap_share if trap_share > 0 else math.inf
    next_trap = trap_every / 2
    while writer.count < size:
        grng = random.Random(f"{seed}/group/{g}")
        gid = f"g{g:07d}"
        g += 1
        base_time = YEAR_START + timedelta(seconds=grng.randrange(DAYS * 86400 - 86400))
        src = next(real, None)
        if writer.count >= next_trap:
            next_trap += trap_every
            if src is not None:
                body, origin = _short(src.sentences), src.origin
            else:
                body, origin = model.document(grng, grng.randrange(25, 50)), "markov"
            outlet = grng.choice(outlets)
            text = " ".join(body) + "\n\n" + grng.choice(_TRAP_FOOTERS)
            title = src.title if src is not None and src.title else _title_from(body[0])
            writer.add({"title": title, "text": text, "date": _iso(base_time), "outlet": outlet.name,
                        "copy_group": gid, "kind": "trap", "ops": "trap_footer", "origin": origin}, base_time)
            counts["trap"] += 1
            continue
        if src is not None:
            sents, title, origin = src.sentences, src.title, src.origin
        else:
            words = int(min(2000, max(40, grng.lognormvariate(math.log(300), 0.6))))
            sents = model.document(grng, words)
            title, origin = None, "markov"
        title = title or _title_from(sents[0])
        base = src.paras if src is not None and src.paras else paragraphs(sents, grng)
        k = min(grng.choices(GROUP_SIZES, GROUP_WEIGHTS)[0], size - writer.count)
        for c in range(k):
            outlet = grng.choice(outlets)
            when = base_time if c == 0 else base_time + timedelta(seconds=grng.randrange(48 * 3600))
            if c == 0 and grng.random() < 0.5:
                paras, ops = base, ["original"]
            else:
                paras, ops = edit_copy(base, grng, model)
                if "update" in ops:
                    when = base_time + timedelta(seconds=grng.randrange(6 * 3600, 72 * 3600))
            text = "\n\n".join(" ".join(p) for p in paras)
            if outlet.footer and grng.random() < outlet.footer_rate:
                text += "\n\n" + outlet.footer
                ops = [*ops, "footer"]
            t = title
            if c and grng.random() < 0.3:
                t = grng.choice((f"{title} | {outlet.name}", title.upper(), _title_from(title)[:60]))
            kind = "unique" if k == 1 else ("base" if ops and ops[0] == "original" else "copy")
            writer.add({"title": t, "text": text, "date": _iso(when), "outlet": outlet.name, "copy_group": gid,
                        "kind": kind, "ops": ",".join(ops), "origin": origin}, when)
            counts[kind] += 1
            ops_count.update(o.split(":")[0] for o in ops)
        counts["groups"] += 1
        counts["groups_real" if origin != "markov" else "groups_markov"] += 1
        if writer.count // 100_000 != (writer.count - k) // 100_000:
            log(f"{writer.count} articles ({time.perf_counter() - t0:.0f} s)")
    path = out_dir / "articles.jsonl"
    sha = writer.finish(path)
    manifest = {"size": size, "seed": seed, "eval_dir": str(eval_dir), "trap_share": trap_share, "max_real": max_real,
                "path": str(path), "sha256": sha, "gold_field": "copy_group",
                "gold_groups": counts["groups"] + counts["trap"], "counts": dict(counts), "ops": dict(ops_count),
                "real_base_texts_available": len(reps), "seconds": round(time.perf_counter() - t0, 1)}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def check(path: Path, groups: int, max_df: int = 50) -> dict:
    """How distinct the gold groups are: word 5-gram overlap between one member of each of ``groups``
    groups (footers removed, the unedited member when there is one), over all pairs that share a 5-gram
    found in at most ``max_df`` of them."""
    footers = {f for f in _TRAP_FOOTERS}
    for t in _TOWNS:
        for p in _PAPERS:
            for i, c in enumerate(_CHAIN_NAMES):
                footers.add(_CHAINS[i % len(_CHAINS)].format(o=f"The {t} {p}", c=c, y=2024))
    pick: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            g = r["copy_group"]
            if g not in pick and len(pick) >= groups:
                continue
            rank = 0 if r["ops"].startswith("original") else 1
            if g not in pick or rank < pick[g][0]:
                body = "\n\n".join(p for p in r["text"].split("\n\n") if p not in footers)
                pick[g] = (rank, body)
    names = list(pick)
    grams = []
    index: dict[int, list[int]] = {}
    for i, g in enumerate(names):
        words = _WORD.findall(pick[g][1].lower())
        gs = {_ghash(words[j : j + 5]) for j in range(max(1, len(words) - 4))}
        grams.append(len(gs))
        for h in gs:
            index.setdefault(h, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in index.values():
        if 1 < len(docs) <= max_df:
            for a in range(len(docs)):
                for b in range(a + 1, len(docs)):
                    shared[docs[a], docs[b]] += 1
    jac, con = [], []
    worst: list[tuple[float, str, str]] = []
    for (a, b), n in shared.items():
        j = n / (grams[a] + grams[b] - n)
        c = n / min(grams[a], grams[b])
        jac.append(j)
        con.append(c)
        worst.append((c, names[a], names[b]))
    worst.sort(reverse=True)
    return {"groups_checked": len(names), "pairs_sharing_a_5gram": len(shared),
            "common_5grams_skipped": sum(1 for d in index.values() if len(d) > max_df),
            "max_jaccard": round(max(jac, default=0.0), 3),
            "pairs_jaccard_ge_0.1": sum(j >= 0.1 for j in jac), "pairs_jaccard_ge_0.3": sum(j >= 0.3 for j in jac),
            "max_containment": round(max(con, default=0.0), 3),
            "pairs_containment_ge_0.2": sum(c >= 0.2 for c in con),
            "pairs_containment_ge_0.5": sum(c >= 0.5 for c in con),
            "worst_pairs": [(round(c, 3), a, b) for c, a, b in worst[:5]]}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="How the corpus is made: the module docstring and bench/README.md.")
    ap.add_argument("--size", type=parse_size, required=True, help="number of articles: 10000, 10k, 100k, 1M")
    ap.add_argument("--out", type=Path, required=True, help="output folder (articles.jsonl, manifest.json)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL, help=f"the shared eval sets [{DEFAULT_EVAL}]")
    ap.add_argument("--trap-share", type=float, default=0.02, help="share of boilerplate-trap articles [0.02]")
    ap.add_argument("--max-real", type=int, help="use at most this many real base texts (0: all synthetic)")
    ap.add_argument("--check", type=int, default=0, metavar="GROUPS",
                    help="after writing, measure the 5-gram overlap between GROUPS distinct gold groups")
    ap.add_argument("--check-only", action="store_true", help="only run --check on an existing DIR/articles.jsonl")
    args = ap.parse_args(argv)
    if args.check_only:
        print(json.dumps(check(args.out / "articles.jsonl", args.check or 10_000), indent=2))
        return
    if not (args.eval_dir / "wire_copies" / "articles.jsonl").exists():
        ap.error(f"--eval-dir {args.eval_dir}: no wire_copies/articles.jsonl there")
    if args.size < 1:
        ap.error("--size must be at least 1")
    manifest = build(args.size, args.out, args.seed, args.eval_dir, args.trap_share, args.max_real)
    if args.check:
        manifest["check"] = check(args.out / "articles.jsonl", args.check)
        (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
