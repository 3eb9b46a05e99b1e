"""What the cluster stage sees of an article: three bags of terms and their TF-IDF vectors.

An article becomes three term bags (Miranda et al. 2018 use the same split): ``title`` words,
``body`` words (the first ``body_words`` words of the text) and ``ents``, capitalised names found by
:func:`storyline.text.entities`. Words are lower-cased, possessives and plural ``s`` folded
("Russia's" -> "russia", "talks" -> "talk"), a light stem taken ("filed", "filing", "files" ->
"fil"), hyphenated words of letters split ("ship-builder" -> "ship", "builder"; "gpt-4" stays one word),
stopwords, one-letter tokens and years (19xx, 20xx: common, they say little about the story) dropped.
Other numbers are kept ("Zephyr 4.2" -> "zephyr", "42"; "Route 66" -> "route", "66"): in headlines they
name the thing the story is about.
A headline-only article (no text, or a text whose words are the title's) has an empty body bag; an article
with no title has an empty title bag, and similarities are taken over the bags both sides have.

Document frequencies are counted as articles arrive (:class:`DocumentFrequencies`); while the
stream is young the IDF is flattened towards 1, because a handful of documents says little about
which words are rare and would punish exactly the words a story's first articles share.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Iterable
from itertools import repeat
from operator import mul, truediv
from typing import Any

from ..model import Article
from ..text import STOPWORDS, entities

__all__ = ["FIELDS", "DocumentFrequencies", "Vector", "article_terms", "cosine", "terms", "weigh"]

FIELDS = ("title", "body", "ents")
Vector = dict[str, float]
# (possessive: nothing follows the repeats, so giving back never finds another match, and the engine keeps no
# backtracking state; the same tokens as r"\w+(?:[.'-]\w+)*", found faster)
_WORD = re.compile(r"\w++(?:[.'-]\w++)*+")
_WORD_ASCII = re.compile(_WORD.pattern, re.ASCII)  # the same tokens on ASCII text (most text), found faster


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def terms(text: str) -> list[str]:
    """Content words of ``text``: lower-cased, possessives folded, lightly stemmed, no stopwords (see the module docstring).

    The text is expected normalised (the ingest stage does it); curly apostrophes are folded here too.
    """
    return _words_terms(text.split())


def _words_terms(words: list[str]) -> list[str]:
    """The terms of a text split at whitespace, in order: a word's are those of the tokens in it (no token holds
    whitespace, and lower-casing maps each character apart, its context ending at whitespace too), found once for
    each distinct word."""
    out: list[str] = []
    extend = out.extend
    cache = _WORDS
    get = cache.get
    for word in words:
        found = get(word)
        if found is None:
            found = _WORDS_OLDER.get(word)
            if found is None:
                found = _word_terms(word)
                if len(word) > _WORD_CHARS:  # (a long run of letters, a hash or a blob, is not kept)
                    extend(found)
                    continue
            if len(cache) >= _WORDS_GENERATION:  # the older generation goes, this one becomes it
                _WORDS_OLDER.clear()
                _WORDS_OLDER.update(cache)
                cache.clear()
            cache[word] = found
        extend(found)
    return out


# word (a whitespace-separated piece of text, as written) -> its terms: a stream repeats its vocabulary, so each
# distinct word is folded once. A memo of a pure function (results never depend on it) in two generations: a word
# found in neither is folded and goes into _WORDS, one found in the older generation only moves back into it; when
# _WORDS is full it becomes the older generation and the words not used since are dropped, so the words in use stay
# (clearing the whole memo when full, as before, also dropped the commonest words). Words folded: over the 17k
# distinct texts of the speed benchmark (167k distinct words) 183k, against 198k when clearing; over its 100k-article
# stream, which repeats those texts, 0.98M against 1.14M (only a memo of every word would keep the rare words of a
# text until it comes again). Words of at most _WORD_CHARS characters are kept, at most 2 * _WORDS_GENERATION of
# them: about 20 MB.
_WORDS: dict[str, tuple[str, ...]] = {}
_WORDS_OLDER: dict[str, tuple[str, ...]] = {}
_WORDS_GENERATION = 50_000
_WORD_CHARS = 40
# ASCII punctuation, none of it a word character: the tokens of a word that is letters once these are stripped from its
# ends are that one run of letters (a mark joins tokens only between word characters)
_EDGES = "".join(c for c in string.punctuation if c != "_")


def _word_terms(word: str) -> tuple[str, ...]:
    """The terms of one whitespace-separated word: those of each token in it, lower-cased."""
    word = word.lower()
    core = word.strip(_EDGES)
    # (most words) one token, the letters: what _token_terms gives a token without marks; but the modifier letter
    # apostrophe is a letter that the pattern's path folds to an apostrophe ("donʼt" -> "dont")
    if core.isalpha() and "\u02bc" not in core:
        return () if len(core) < 2 or core in STOPWORDS else (_stem(core),)
    # (ASCII has no curly apostrophes to fold: str.translate, slow even when it changes nothing, is left out; both
    # patterns find the same tokens there)
    tokens = _WORD_ASCII.findall(word) if word.isascii() else _WORD.findall(word.translate(_APOSTROPHES))
    if len(tokens) == 1:
        return _token_terms(tokens[0])
    return tuple(t for token in tokens for t in _token_terms(token))


def _token_terms(token: str) -> tuple[str, ...]:
    """The terms one lower-cased token gives (none, one, or the parts of a hyphenated word)."""
    if token.endswith("'s"):
        token = token[:-2]
    if "." in token or "'" in token:
        token = token.replace(".", "").replace("'", "")
    parts = token.split("-") if "-" in token and token.replace("-", "").isalpha() else (token,)
    out = []
    for w in parts:
        if len(w) < 2 or w in STOPWORDS:
            continue
        if w.isdigit():
            if len(w) != 4 or w[:2] not in ("19", "20"):
                out.append(w)
            continue
        out.append(_stem(w))
    return tuple(out)


def _stem(w: str) -> str:
    """A light suffix fold, enough for the inflections headlines vary on: plural ``s`` (not "glass",
    "virus"), then ``ing`` / ``ed``, a doubled final consonant and a final ``e``; a final ``i`` becomes
    ``y`` ("studies", "studied" -> "study"). "files", "filed", "filing" -> "fil"; "stopped" -> "stop"."""
    if len(w) > 3 and w[-1] == "s" and w[-2] not in "su":  # talks -> talk
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeioulsz":  # stopp -> stop; not "fall", "pass"
        w = w[:-1]
    if len(w) > 3 and w[-1] == "e":
        w = w[:-1]
    if len(w) > 3 and w[-1] == "i":  # studie -> studi -> study ("flies" stays "fli": too short to fold)
        w = w[:-1] + "y"
    return w


def article_terms(article: Article, body_words: int = 400, names: bool = True) -> dict[str, Counter[str]]:
    """The three term bags of ``article`` (see the module docstring); ``names=False`` leaves the
    name bag empty (its regular expression is the costliest part, and unused at weight 0)."""
    title = article.title or ""
    text = article.text or ""
    if title and text.strip() == title.strip():
        text = ""
    words = text.split(maxsplit=body_words)[:body_words]  # (the words after the cap are not split)
    title_terms = terms(title)
    body_terms = _words_terms(words)
    if body_terms == title_terms:  # the text is the headline again (perhaps with other quote marks)
        words, body_terms = [], []
    ents: Counter[str] = Counter()
    if names:
        ents.update(e for e in entities(f"{title}\n{' '.join(words)}") if len(e) > 1)
    return {"title": Counter(title_terms), "body": Counter(body_terms), "ents": ents}


class DocumentFrequencies:
    """Per-field document frequencies learned from the stream, and the IDF they give.

    ``idf = 1 + trust * log((n + 1) / (df + 1))`` with ``trust = min(1, n / young)``: the smoothed
    IDF of scikit-learn's ``TfidfVectorizer``, flattened while fewer than ``young`` documents were seen.
    """

    def __init__(self, young: int = 100) -> None:
        self.young = young
        self.n_docs = 0
        self.df: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}

    def add(self, bags: dict[str, Counter[str]]) -> None:
        self.n_docs += 1
        for f in FIELDS:
            self.df[f].update(bags[f].keys())

    def idf(self, field: str, term: str) -> float:
        trust = min(1.0, self.n_docs / self.young) if self.young else 1.0
        return 1.0 + trust * math.log((self.n_docs + 1) / (self.df[field].get(term, 0) + 1))

    def state_dict(self) -> dict[str, Any]:
        return {"n_docs": self.n_docs, "df": {f: dict(c) for f, c in self.df.items()}}

    @classmethod
    def from_state(cls, state: dict[str, Any], young: int = 100) -> DocumentFrequencies:
        self = cls(young)
        self.n_docs = int(state.get("n_docs", 0))
        self.df = {f: Counter(state.get("df", {}).get(f, {})) for f in FIELDS}
        return self

    @classmethod
    def fit(cls, bags: Iterable[dict[str, Counter[str]]], young: int = 100) -> DocumentFrequencies:
        self = cls(young)
        for b in bags:
            self.add(b)
        return self


# math.log(n) for n below _LOGS_UP_TO (index 0 unused): term counts and document frequencies are mostly small
_LOGS_UP_TO = 8192
_LOGS = [0.0, *map(math.log, range(1, _LOGS_UP_TO))]


def weigh(bags: dict[str, Counter[str]], df: DocumentFrequencies) -> dict[str, Vector]:
    """Unit-length sublinear TF-IDF vectors, one per field (empty when the bag is empty)."""
    out: dict[str, Vector] = {}
    trust = min(1.0, df.n_docs / df.young) if df.young else 1.0
    log_n = math.log(df.n_docs + 1)
    log, logs, up_to = math.log, _LOGS, _LOGS_UP_TO
    for f in FIELDS:
        counts = bags[f]
        if not counts:
            out[f] = {}
            continue
        get = df.df[f].get
        try:  # the logs of small counts from a table (the same floats: it holds math.log's)
            vals = [(1.0 + (logs[n] if 0 < n < up_to else log(n)))
                    * (1.0 + trust * (log_n - (logs[m] if 0 < (m := get(t, 0) + 1) < up_to else log(m))))
                    for t, n in counts.items()]
        except TypeError:  # a count that is not an int (a stored one): no table
            vals = [(1.0 + log(n)) * (1.0 + trust * (log_n - log(get(t, 0) + 1))) for t, n in counts.items()]
        norm = math.sqrt(sum(map(mul, vals, vals)))
        out[f] = dict(zip(counts, map(truediv, vals, repeat(norm)), strict=True)) if norm else {}
    return out


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two sparse vectors (their cosine when both have unit length)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
