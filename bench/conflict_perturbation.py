"""Conflict benchmark by perturbation.

Real stories from ../shared/eval/allsides_roundups and ../shared/eval/neus_allsides (read at run
time, never copied). For each story and each kind (number, date, name, negation), find a sentence
of one outlet that shares a value of that kind with a similar sentence (Dice >= 0.3 of content terms)
of another outlet, change that value in the first outlet's sentence only, and run the comparer's
conflict finder over the story. An injection is found when a reported conflict has the changed
sentence, with the injected value, as one variant and another outlet on another variant.

The value must stand among the same words in both sentences (a content word of the four either side
is shared; scale words such as "million" or "percent" belong to the figure and do not count), so a
reader comparing the two sentences sees them state different values for one fact; a negation is
injected only where the other sentence states the negated predicate (the first content word after the
auxiliary) and shares a content word of the four before it (the subject). What is injected stays a
possible value: no time of day is changed (no "6:60 a.m." or "22 p.m."), nor a number written with a
slash ("9/11" is a name, not a count: no "9/13 hijackers"), a share stays at or below
100 % ("72%" becomes "36%", not "144%"), a figure hedged in either sentence changes the way the hedge
excludes (against "more than 500,000" the figure becomes "400,000", not "600,000", which it allows; "more
than 500,000" itself becomes "more than 600,000", not "more than 400,000", which allows the other's 500,000;
figures whose hedges ask for opposite changes, "nearly 600" against "more than 600" or "at least 15 million"
against "more than 15 million", are left alone), a figure the sentence gives twice is left alone (changing one
of them makes two figures, not a contradiction), a name is never replaced by another form of
itself ("Afghan" by "Afghans"), and a name is replaced by a name of the same kind (a person by a person,
a place by a place, an organisation by an organisation: "Pope Francis" may become "Pope Merkel", never
"Pope Asian"; "a summit in Helsinki" may become "a summit in Ohio", never "a summit in Graham"). The kind
of each replacement name is the entity label spaCy's English pipeline (the ``[nlp]`` extra) gives it most
often in up to five sentences where it stands (GPE, LOC and FAC count as one kind: a place); a name it
never labels is not injected. ``--any-kind`` draws replacements regardless of kind, as the benchmark did
before 2026-11-24 22:00 UTC.

- recall = injections found / injections;
- precision (strict) = reported conflicts that are injected ones / all conflicts reported on the
  perturbed stories (conflicts the unperturbed story already had count as false);
- precision excluding pre-existing = the same over the conflicts the unperturbed story did not have
  (same kind and values);
- false-conflict rate = conflicts per unperturbed story, and the share of unperturbed stories with any.

    .venv/bin/python bench/conflict_perturbation.py [--per-kind 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from storyline.compare import build_voices, find_conflicts
from storyline.compare.base import overlap, stem, terms
from storyline.compare.conflicts import _names  # the bench injects names the way the finder reads them
from storyline.compare.entities import EntityExtractor
from storyline.compare.syntax import DependencyRoles
from storyline.config import CompareConfig
from storyline.model import Article, Conflict
from storyline.text import STOPWORDS, normalize, sentence_spans

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
KINDS = ("number", "date", "name", "negation")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November",
          "December"]
AUX = re.compile(r"\b(is|are|was|were|will|would|has|have|had|can|could|should|did|does)\b(?! not)")
# A quantity: not part of an identifier ("COVID-19", "9/11"), a fraction ("33 1/2"), an ordinal ("22nd"), a
# time ("4:30", "10 p.m.") or a day of a month.
NUM = re.compile(r"(?<![\w.,:$/-])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w/-]|[.,:]\d)(?!\s*[ap]\.?m\b)")
PERCENT = re.compile(r"\s*(?:%|percent\b)")
# Scale and unit words go with the figure, not with what it measures ("2.1 million claims" and "expecting
# 2.1 million" share only the scale).
SCALE = {"million", "billion", "trillion", "thousand", "percent"}
# Hedges before a figure (the comparer's own patterns are not used, to keep the benchmark independent).
LOWER = re.compile(r"\b(?:more than|over|at least|upwards of|in excess of|greater than|above|higher than|exceed\w*)"
                   r"\s+(?:a\s+)?\$?$", re.I)
UPPER = re.compile(r"\b(?:less than|fewer than|under|up to|as many as|as much as|no more than|below|at most|nearly|"
                   r"almost|close to|lower than)\s+(?:a\s+)?\$?$", re.I)
DAY_MONTH = re.compile(r"\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
MONTH_DAY = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+$")


def load_stories() -> list[tuple[str, list[Article]]]:
    stories = []
    for name in ("allsides_roundups", "neus_allsides"):
        path = EVAL / name / "clusters.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            arts = [Article(id=str(a["id"]), text=normalize(a.get("text") or ""), title=a.get("title"))
                    for a in row["articles"] if a.get("text")]
            if len(arts) >= 2:
                stories.append((str(row["cluster_id"]), arts))
    return stories


def sentences(a: Article) -> list[tuple[int, int, str]]:
    return [(s, e, a.text[s:e]) for s, e in sentence_spans(a.text) if len(a.text[s:e].split()) >= 5]


def proper_names(stories: list[tuple[str, list[Article]]]) -> list[str]:
    """One-word names written capitalised mid-sentence at least three times and never in lower case."""
    capital: Counter[str] = Counter()
    lower: set[str] = set()
    for _sid, arts in stories:
        for a in arts:
            capital.update(n for n in _names(a.text) if " " not in n)
            lower.update(re.findall(r"\b[a-z]+\b", a.text))
    return sorted(n for n, c in capital.items() if c >= 3 and n.lower() not in lower and len(n) > 3)


def around(text: str, start: int, end: int, width: int = 4) -> set[str]:
    words = re.findall(r"[A-Za-z]+", text[max(0, start - 60) : start])[-width:]
    words += re.findall(r"[A-Za-z]+", text[end : end + 60])[:width]
    return {stem(w) for w in words if len(w) > 3 and w.lower() not in STOPWORDS and w.lower() not in SCALE}


def in_context(sent: str, m: re.Match[str] | None, other: str, pattern: str) -> bool:
    """With --context, the value must stand among the same words in both sentences (a reader
    would see the two sentences state the same fact), else any occurrence counts."""
    if m is None:
        return False
    if not CONTEXT[0]:
        return bool(re.search(pattern, other))
    mine = around(sent, m.start(), m.end())
    return any(mine & around(other, o.start(), o.end()) for o in re.finditer(pattern, other))


CONTEXT = [True]
ROLES: list[DependencyRoles | None] = [None]  # the parser's name roles, with --entities spacy
ANY_KIND = [False]
KIND_OF: dict[str, str] = {}  # the entity kind of each pool name (empty with --any-kind)
_PLACE_LABELS = {"GPE": "place", "LOC": "place", "FAC": "place"}


def name_kinds(stories: list[tuple[str, list[Article]]], pool: list[str], per_name: int = 5) -> dict[str, str]:
    """The entity kind of each pool name: the label spaCy gives it most often in up to ``per_name``
    sentences where it stands (names it never labels are left out)."""
    try:
        import spacy
    except ImportError as exc:
        raise ImportError("name kinds need spaCy: pip install -e '.[nlp]', or pass --any-kind") from exc
    from storyline.compare.entities import SPACY_MODEL

    wanted = set(pool)
    seen: Counter[str] = Counter()
    texts: list[tuple[str, set[str]]] = []
    for _sid, arts in stories:
        for a in arts:
            for _s, _e, sent in sentences(a):
                here = {n for n in _names(sent) if n in wanted and seen[n] < per_name}
                if here:
                    seen.update(here)
                    texts.append((sent, here))
    nlp = spacy.load(SPACY_MODEL, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
    votes: dict[str, Counter[str]] = {}
    for doc, here in nlp.pipe(texts, as_tuples=True, batch_size=256):
        for ent in doc.ents:
            for token in ent:
                if token.text in here:
                    votes.setdefault(token.text, Counter())[_PLACE_LABELS.get(ent.label_, ent.label_)] += 1
    return {name: c.most_common(1)[0][0] for name, c in votes.items()}


def perturb(kind: str, sent: str, other: str, pool: list[str], rng: random.Random) -> tuple[str, str] | None:
    """``sent`` with one value it shares with ``other`` changed, and the new value; or None."""
    if kind == "number":
        shared = [m for m in NUM.finditer(sent)
                  if in_context(sent, m, other, rf"(?<![\w,./-]){re.escape(m.group())}(?![\w/-]|[.,:]\d)")
                  and not MONTH_DAY.search(sent[: m.start()]) and not DAY_MONTH.match(sent[m.end() :])
                  and len(re.findall(rf"(?<![\w,./-]){re.escape(m.group())}(?![\w/-]|[.,:]\d)", sent)) == 1]
        if not shared:
            return None
        m = rng.choice(shared)
        value = float(m.group().replace(",", ""))
        step = max(1, round(value * rng.choice([0.2, 0.5, 1.0])))
        # A hedged figure allows values on one side: "more than 500,000" holds 600,000, "nearly 30" holds 27.
        # The change goes the way the hedge excludes, seen from the other sentence: against "more than
        # 500,000" there, the changed exact figure goes down (400,000); where the changed sentence itself says
        # "more than 500,000" it goes up ("more than 600,000": "more than 400,000" would hold the other's
        # 500,000), and "up to 60" goes down. Where the two ask for opposite changes (a bound on the same side
        # in both: "at least 12 million" holds "more than 15 million"; or both ways) the figure is left alone.
        hedges = {(h, t is sent) for t, start in ((sent, m.start()), *((other, o.start()) for o in re.finditer(
                      rf"(?<![\w,./-]){re.escape(m.group())}(?![\w/-]|[.,:]\d)", other)))
                  for h, pattern in (("lower", LOWER), ("upper", UPPER)) if pattern.search(t[max(0, start - 25) : start])}
        ways = {"up" if (h == "lower") == mine else "down" for h, mine in hedges}
        if CONTEXT[0] and len(ways) > 1:
            return None
        if CONTEXT[0] and ways == {"down"}:
            new = value - min(step, round(value / 2))
            if new <= 0:
                return None
        else:
            new = value + step
        if PERCENT.match(sent[m.end() :]) and value <= 100 < new:
            if CONTEXT[0] and ways == {"up"}:
                return None  # "more than 72%" can only go up, and a share stays at or below 100 %
            new = value - step  # a share stays a share: 72% becomes 36%, not 144%
            if new <= 0:
                return None
        text = f"{new:,.0f}" if "," in m.group() else (f"{new:g}" if "." in m.group() else str(int(new)))
        return sent[: m.start()] + text + sent[m.end() :], text
    if kind == "date":
        for names in (WEEKDAYS, MONTHS):
            shared = [n for n in names if (m := re.search(rf"\b{n}\b", sent)) and in_context(sent, m, other, rf"\b{n}\b")]
            if shared:
                n = rng.choice(shared)
                new = names[(names.index(n) + rng.randint(2, len(names) - 2)) % len(names)]
                return re.sub(rf"\b{n}\b", new, sent), new
        years = [m.group() for m in re.finditer(r"\b(?:19|20)\d{2}\b", sent) if in_context(sent, m, other, rf"\b{m.group()}\b")]
        if years:
            y = rng.choice(years)
            new = str(int(y) - rng.randint(1, 3))
            return re.sub(rf"\b{y}\b", new, sent), new
        return None
    if kind == "name":
        pool_set = set(pool)
        shared = sorted(n for n in _names(sent) & _names(other) if n in pool_set
                        and in_context(sent, re.search(rf"\b{re.escape(n)}\b", sent), other, rf"\b{re.escape(n)}\b"))
        if KIND_OF:  # only names whose kind is known: the replacement is of the same kind
            shared = [n for n in shared if n in KIND_OF]
        if not shared:
            return None
        n = rng.choice(shared)
        fresh = [p for p in pool if p not in sent and p not in other and (not KIND_OF or KIND_OF.get(p) == KIND_OF[n])]
        # another form of the same name ("Afghan", "Afghans") is no contradiction
        fresh = [p for p in fresh if not any(p[:4].lower() == q[:4].lower() for q in shared)]
        if not fresh:
            return None
        new = rng.choice(fresh)
        return re.sub(rf"\b{re.escape(n)}\b", new, sent), new
    if kind == "negation":
        m = AUX.search(sent)
        if not m or re.search(r"\b(?:not|no|never)\b|n't", sent) or re.search(r"\b(?:not|no|never)\b|n't", other):
            return None
        if CONTEXT[0]:
            # The negated predicate must be one the other sentence states: the first content word after
            # the auxiliary, and a content word among the four before it (the subject), both occur there.
            after = [w for w in re.findall(r"[A-Za-z]+", sent[m.end() : m.end() + 60]) if w.lower() not in STOPWORDS][:1]
            before = {stem(w) for w in re.findall(r"[A-Za-z]+", sent[max(0, m.start() - 60) : m.start()])[-4:]
                      if len(w) > 3 and w.lower() not in STOPWORDS}
            theirs = {stem(w) for w in re.findall(r"[A-Za-z]+", other)}
            if not after or stem(after[0]) not in theirs or not before & theirs:
                return None
        return sent[: m.end()] + " not" + sent[m.end() :], "denied"
    raise ValueError(kind)


def injections(stories: list[tuple[str, list[Article]]], kind: str, per_kind: int, rng: random.Random,
               pool: list[str]) -> list[tuple[str, list[Article], str, str, str, str]]:
    out = []
    order = list(range(len(stories)))
    rng.shuffle(order)
    for i in order:
        if len(out) >= per_kind:
            break
        sid, arts = stories[i]
        options = []
        for a in arts:
            for b in arts:
                if a.id == b.id:
                    continue
                for s, e, sent in sentences(a):
                    ts = terms(sent)
                    for _s2, _e2, other in sentences(b):
                        if overlap(ts, terms(other)) >= 0.3:
                            options.append((a, s, e, sent, other))
        rng.shuffle(options)
        for a, s, e, sent, other in options:
            made = perturb(kind, sent, other, pool, rng)
            if made and made[0] != sent:
                new, value = made
                changed = [Article(id=x.id, text=x.text[:s] + new + x.text[e:], title=x.title) if x.id == a.id else x
                           for x in arts]
                out.append((sid, changed, a.id, new, value, other))
                break
    return out


def conflict_key(c: Conflict) -> tuple[str, frozenset[str]]:
    """A conflict by kind and values, so the same dispute is recognised before and after an injection."""
    if c.kind == "negation":
        return c.kind, frozenset(v.text for v in c.variants)
    return c.kind, frozenset(v.value.lower() for v in c.variants)


def score_injections(stories: list[tuple[str, list[Article]]], *, per_kind: int, seed: int, align: float | None,
                     before: dict[str, set[tuple[str, frozenset[str]]]] | None = None,
                     show: str | None = None) -> dict[str, Counter[str]]:
    """Per kind: injections ``n``, ``found``, conflicts ``reported``, ``new_reported`` (not in the unperturbed
    story; ``before`` holds those keys, computed here for the perturbed stories when not given), ``hits``."""
    rng = random.Random(seed)
    pool = proper_names(stories)
    if KIND_OF == {} and not ANY_KIND[0]:
        KIND_OF.update(name_kinds(stories, pool))
    rng.shuffle(pool)
    known = dict(before or {})
    out: dict[str, Counter[str]] = {}
    for kind in KINDS:
        counts: Counter[str] = Counter()
        # each kind draws from its own generator: a change to how one kind is injected leaves the others' samples
        cases = injections(stories, kind, per_kind, random.Random(f"{seed}:{kind}"), pool)
        for sid, arts, aid, new, value, other in cases:
            if sid not in known:
                original = next(a for s, a in stories if s == sid)
                known[sid] = {conflict_key(c) for c in find_conflicts(build_voices(original, {}), align=align, roles=ROLES[0])}
            conflicts = find_conflicts(build_voices(arts, {}), align=align, roles=ROLES[0])
            ok = [c for c in conflicts
                  if any(v.text == new and aid in v.sources and value.lower() in v.value.lower() for v in c.variants)
                  and any(aid not in v.sources for v in c.variants)]
            counts.update(n=1, found=bool(ok), reported=len(conflicts), hits=len(ok),
                          new_reported=sum(1 for c in conflicts if conflict_key(c) not in known[sid]))
            if show == kind:
                for c in conflicts:
                    if c not in ok and conflict_key(c) not in known[sid]:
                        print(f"--- {sid} false report after injecting {value!r} [{c.kind}]",
                              *(f"  {v.value!r}: {v.text}" for v in c.variants), sep="\n", file=sys.stderr)
            if not ok and show == kind:
                print(f"--- {sid} missed {value!r}: {new}\n  other: {other}",
                      *(f"  [{c.kind}] {[v.value for v in c.variants]}" for c in conflicts), sep="\n", file=sys.stderr)
        out[kind] = counts
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--align", type=float, default=CompareConfig().conflict_align,
                        help="CompareConfig.conflict_align (0 = slot conflicts only)")
    parser.add_argument("--any-context", action="store_true",
                        help="inject wherever the other sentence has the value, even among other words")
    parser.add_argument("--any-kind", action="store_true",
                        help="replace a name with any pool name, whatever its kind (the benchmark before kinds)")
    parser.add_argument("--show", choices=(*KINDS, "clean"), help="print the misses and the false "
                        "reports (new conflicts that are not the injected one) of one kind, or the conflicts of the "
                        "unperturbed stories, to stderr")
    parser.add_argument("--entities", choices=("rules", "spacy", "auto"), default=CompareConfig().entities,
                        help="CompareConfig.entities: with spaCy, the parser reads the roles of names")
    args = parser.parse_args()
    backend = EntityExtractor(args.entities).backend  # type: ignore[arg-type]
    ROLES[0] = DependencyRoles() if backend == "spacy" else None
    CONTEXT[0] = not args.any_context
    ANY_KIND[0] = args.any_kind
    if not EVAL.is_dir():
        print(f"no evaluation data at {EVAL}", file=sys.stderr)
        return 1
    align = args.align or None
    stories = load_stories()
    start = time.perf_counter()
    before: dict[str, set[tuple[str, frozenset[str]]]] = {}
    base = []
    for sid, arts in stories:
        found_before = find_conflicts(build_voices(arts, {}), align=align, roles=ROLES[0])
        before[sid] = {conflict_key(c) for c in found_before}
        base.append(len(found_before))
        if args.show == "clean":
            for c in found_before:
                print(f"--- {sid} {c.kind} {c.topic}", *(f"  {v.value!r}: {v.text}" for v in c.variants),
                      sep="\n", file=sys.stderr)
    clean_time = time.perf_counter() - start
    print(f"entities {backend}; align {args.align}; context {'any' if args.any_context else 'same words'}; "
          f"names {'of any kind' if args.any_kind else 'of the same kind'}; stories: {len(stories)}; "
          f"unperturbed: {sum(base)} conflicts, {sum(base) / len(stories):.3f} per story, "
          f"{sum(1 for b in base if b) / len(stories):.3f} of stories with any ({clean_time:.1f} s)")
    scores = score_injections(stories, per_kind=args.per_kind, seed=args.seed, align=align, before=before,
                              show=args.show)
    total: Counter[str] = Counter()
    for kind, c in [*scores.items(), ("all", total)]:
        if kind != "all":
            total.update(c)
        print(f"{kind:9s} injected {c['n']:4d}  recall {c['found'] / max(1, c['n']):.3f}  "
              f"precision {c['hits'] / max(1, c['reported']):.3f}  "
              f"precision excluding pre-existing {c['hits'] / max(1, c['new_reported']):.3f}  "
              f"({c['reported']} reported, {c['new_reported']} not present before)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
