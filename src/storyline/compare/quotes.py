"""Quotes and their speakers.

A quote is a double-quoted span of four or more words. Its speaker is read from the same
sentence: the subject of a speech verb after the quote ("..., Wang said") or before it
("Putin told X that ... "..."" / "Varga said: "...""). Pronouns resolve to the last person
named or quoted before them in the article; a lone surname or given name resolves to the
full name the story uses for that person ("Wang" -> "Wang Yi"). Titles are dropped from
names ("Russian President Vladimir Putin" -> "Vladimir Putin"). A role standing for a speaker
("Russia's Foreign Minister said", "the diplomat said") resolves to the one person the story
writes that role (and nationality) in front of ("his Russian counterpart Sergei Lavrov"); a
definite role with no such person ("the diplomat") refers back to the last person named; "a
spokesperson" right after a body is quoted speaks for that body. Quotes with the same words
are merged across articles, keeping every source; the speaker is the named one most voices give.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..model import Article, Quote
from ..text import paragraphs
from .base import overlap, terms

__all__ = ["extract_quotes", "clean_name"]

_VERBS = (r"(?:said|says|say|added|adds|told|tells|stated|declared|wrote|writes|noted|insisted|warned|explained|"
          r"argued|asked|recalled|replied|continued|emphasi[sz]ed|stressed|urged|announced)")
_QUOTE = re.compile(r'"([^"]{3,}?)"')
_PRONOUN = {"he", "she", "they", "it"}
_TITLES = {
    "president", "vice", "premier", "prime", "minister", "foreign", "defence", "defense", "secretary", "state",
    "mayor", "councillor", "councilor", "chief", "executive", "officer", "detective", "inspector", "director",
    "spokesman", "spokeswoman", "spokesperson", "general", "leader", "chairman", "chairwoman", "governor",
    "senator", "sen", "rep", "representative", "dr", "mr", "mrs", "ms", "prof", "professor", "judge", "minister's",
    "deputy", "adviser", "advisor", "national", "security", "council", "curator", "engineer", "captain", "harbour",
    "harbor", "master", "police", "fire", "affairs", "top", "diplomat", "commissioner", "ceo", "founder", "head",
}
_NAME = re.compile(r"(?:[A-Z][\w'.-]*(?:\s+(?:of|de|van|von|bin|al)\s+)?\s*)+$")


def _is_title(word: str) -> bool:
    return word.lower().strip(",") in _TITLES or bool(re.search(r"(?:ian|ese|ish|'s)$", word))


_ORGS = {"ministry", "office", "department", "government", "agency", "police", "council", "court", "company",
         "statement", "spokesperson", "spokesman", "spokeswoman", "board", "authority", "authorities", "service",
         "embassy", "kremlin", "commission", "committee", "museum", "hospital", "association", "union", "party"}


def clean_name(phrase: str) -> str:
    """Drop titles and nationality adjectives in front of a name; a phrase that is only a
    role ("Russia's Foreign Minister") is kept as it is."""
    words = phrase.split()
    if len(words) > 1 and (all(_is_title(w) for w in words[1:]) or words[-1].lower() in _ORGS):
        return phrase.strip(" ,")
    while len(words) > 1 and _is_title(words[0]):
        words = words[1:]
    return " ".join(words).strip(" ,")


def _subject_before(text: str) -> str | None:
    """The speaker phrase that ends ``text`` (the words right before a speech verb)."""
    text = text.rstrip(" ,")
    words = text.split()
    if not words:
        return None
    if words[-1].lower() in _PRONOUN:
        return words[-1].lower()
    m = _NAME.search(text)
    if m and m.group().strip():
        return m.group().strip()
    m = re.search(r"\b((?:a|an|the)\s+(?:[\w'-]+\s+){0,3}[\w'-]+)$", text, re.I)
    return m.group(1) if m else None


def _speaker(sentence_before: str, sentence_after: str) -> str | None:
    after = sentence_after.lstrip(" ,.")
    m = re.match(rf"^{_VERBS}\s+(?:[a-z]+\s+){{0,3}}?((?:[A-Z][\w'.-]*\s*)+)", after)
    if m:
        return m.group(1).strip()
    m = re.match(rf"^([^.,;\"]{{1,80}}?)\s+{_VERBS}\b", after)
    if m:
        who = _subject_before(m.group(1))
        if who:
            return who
    m = re.search(rf"([^.;\"]{{1,80}}?)\s+{_VERBS}\b[^\"]{{0,200}}$", sentence_before)
    if m:
        return _subject_before(m.group(1))
    return None


def _names_in(text: str) -> list[str]:
    return [clean_name(m.group()) for m in re.finditer(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+", text)]


def _full_name(name: str, known: Counter[str]) -> str:
    """Resolve a one-word name to the story's most frequent full name containing it."""
    if " " in name or not name[:1].isupper():
        return name
    candidates = [(n, c) for n, c in known.items() if name in n.split() and " " in n]
    return max(candidates, key=lambda x: (x[1], len(x[0])))[0] if candidates else name


_PERSON_ROLES = {
    "diplomat", "minister", "president", "premier", "official", "spokesman", "spokeswoman", "spokesperson", "leader",
    "senator", "governor", "mayor", "chief", "secretary", "envoy", "chancellor", "ambassador", "counterpart",
    "prosecutor", "judge", "general", "commander", "director", "chairman", "chairwoman", "ceo",
}


def _nation(word: str) -> str | None:
    """A nationality or country word as a comparable key ("Russian", "Russia's" -> "russ")."""
    w = word.strip(",").removesuffix("'s")
    if not w[:1].isupper() or len(w) < 4:
        return None
    if w.endswith(("ian", "ese", "ish", "an")) or word.endswith("'s"):
        return w[:4].lower()
    return None


def _role(phrase: str) -> tuple[str | None, frozenset[str]] | None:
    """(nation, role words) of a speaker phrase that is only a role ("Russia's Foreign Minister",
    "the diplomat"); None when the phrase names someone."""
    words = [w.strip(",") for w in phrase.split()]
    if words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    nation = None
    roles = set()
    for w in words:
        low = w.lower().removesuffix("'s")
        if (n := _nation(w)) is not None and nation is None and low not in _TITLES:
            nation = n
        elif low in _TITLES or low in _PERSON_ROLES or low in {"top", "country's", "its", "his", "her"}:
            roles.add(low)
        else:
            return None
    roles &= _TITLES | _PERSON_ROLES
    return (nation, frozenset(roles)) if roles & _PERSON_ROLES else None


def _roles_of(articles: Sequence[Article], known: Counter[str]) -> dict[str, tuple[set[str], set[str]]]:
    """For each full name the story uses: the nations and role words written right before it
    ("Russian Foreign Minister Sergei Lavrov", "his Russian counterpart Sergei Lavrov")."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for a in articles:
        for m in re.finditer(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+", a.text):
            name = clean_name(m.group())
            if name not in known or " " not in name:
                continue
            lead = m.group()[: len(m.group()) - len(name)].split()
            before = a.text[max(0, m.start() - 60) : m.start()].split()[-4:]
            nations, roles = out.setdefault(name, (set(), set()))
            for w in reversed(before + lead):
                low = w.lower().removesuffix("'s")
                if (n := _nation(w)) is not None and low not in _TITLES:
                    nations.add(n)
                elif low in _TITLES or low in _PERSON_ROLES:
                    roles.add(low)
                else:
                    break
    return out


def _resolve_role(phrase: str, roles_of: dict[str, tuple[set[str], set[str]]], known: Counter[str],
                  last_person: str | None) -> str:
    """The named person a role phrase stands for, when the story allows exactly one; else the phrase.

    With a nation ("Russia's Foreign Minister") the person must carry that nation and share a role
    word (or be a "counterpart"); without one ("the diplomat") the role words must all be written before
    the person, else the phrase refers back to the last person the article named."""
    parsed = _role(phrase)
    if parsed is None:
        return phrase
    nation, words = parsed
    best: list[tuple[int, int, str]] = []
    for name, (nations, roles) in roles_of.items():
        if nation is not None:
            if nation not in nations or not (words & roles or "counterpart" in roles):
                continue
        elif not words <= roles:
            continue
        best.append((len(words & roles), known[name], name))
    best.sort(reverse=True)
    if len(best) == 1 or len(best) > 1 and best[0][:2] != best[1][:2]:
        return best[0][2]
    if nation is None and phrase.lower().startswith("the ") and last_person:
        return last_person
    return phrase


def extract_quotes(articles: Sequence[Article], *, min_words: int = 4) -> list[Quote]:
    known: Counter[str] = Counter()
    for a in articles:
        known.update(n for n in _names_in(a.text) if 1 < len(n.split()) <= 3)
    roles_of = _roles_of(articles, known)
    found: list[tuple[str | None, str, str]] = []
    for a in articles:
        last_person: str | None = None
        last_org: str | None = None
        for para in paragraphs(a.text):
            # "Reile said ..." outside quotes names the person a later "he said" refers to.
            spoken = [(m.start(), _full_name(clean_name(m.group(1)), known))
                      for m in re.finditer(rf"\b([A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){{0,2}})\s+{_VERBS}\b", para)]
            for m in _QUOTE.finditer(para):
                for at, name in spoken:
                    if at < m.start() and " " in name and not _QUOTE.search(para, at, m.start()):
                        last_person = name
                quote = m.group(1).strip().rstrip(",")
                start = max(para.rfind(". ", 0, m.start()), para.rfind('." ', 0, m.start()))
                before = para[start + 2 if start >= 0 else 0 : m.start()]
                end = para.find(". ", m.end())
                after = para[m.end() : end if end >= 0 else len(para)]
                who = _speaker(before, after)
                if who in _PRONOUN:
                    who = last_person
                elif who and _role(who) is not None:
                    resolved = _resolve_role(who, roles_of, known, last_person)
                    if resolved == who and last_org and re.fullmatch(r"an?\s+spokes(?:man|woman|person)", who, re.I):
                        resolved = f"{who} for {last_org}"  # a spokesperson speaks for the body just quoted
                    who = resolved
                elif who:
                    who = clean_name(who) if who[:1].isupper() else who
                    if who[:1].isupper():
                        who = _full_name(who, known)
                if who and " " in who and who.split()[-1].lower() in _ORGS:
                    last_org = who
                elif who and who[:1].isupper() and " " in who:
                    last_person = who
                if len(quote.split()) >= min_words:
                    found.append((who, quote, a.id))
    merged: list[tuple[Counter[str], str, frozenset[str], set[str]]] = []
    for who, quote, aid in found:
        t = terms(quote)
        for speakers, _text, mt, sources in merged:
            if overlap(t, mt) >= 0.8 or (t <= mt or mt <= t) and min(len(t), len(mt)) >= 4:
                if who:
                    speakers[who] += 1
                sources.add(aid)
                break
        else:
            merged.append((Counter([who] if who else []), quote, t, {aid}))
    out = []
    for speakers, text, _t, sources in merged:
        named = [s for s, _ in speakers.most_common() if s[:1].isupper()]
        # no name: the fullest description the voices give ("a spokesperson for the Russian foreign ministry")
        speaker = named[0] if named else (max(speakers, key=lambda s: (speakers[s], len(s))) if speakers else None)
        out.append(Quote(speaker, text, sorted(sources)))
    out.sort(key=lambda q: (-len(q.sources), q.speaker is None))
    return out
