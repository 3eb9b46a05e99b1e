"""Render a :class:`~storyline.model.Story` as a Markdown brief, a self-contained HTML page, or an index page.

Renderers only read the model; the model knows nothing about Markdown or HTML. Everything that comes from an
article (titles, outlets, sentences, quotes, ids, dates, copy-group edits) is untrusted:

- Markdown: whitespace is collapsed to single spaces, ``&``, ``<`` and ``>`` become entities, and the characters
  that make links, emphasis, code, tables or attribute lists are backslash-escaped, so that no Markdown renderer
  (even one that passes raw HTML through) can turn article text into a tag or a link.
- HTML: every such string goes through :func:`html.escape` with ``quote=True``; the page loads nothing, runs no
  script and carries :data:`CONTENT_SECURITY_POLICY` in a ``<meta>`` element. Links to outlets are kept only when
  they are ``http`` or ``https``.

Anchors in the HTML page: ``#source-<article>`` is an article's section at the bottom of the page,
``#src-<article>-<n>`` its ``n``-th sentence (as :func:`storyline.text.sentence_spans` splits the clean text) and
``#cite-<article>-<start>`` the highlighted span of a :class:`~storyline.model.Citation` starting at ``start``.
Article ids outside ``[A-Za-z0-9_-]`` are replaced by ``h.`` and a hash in anchors.

Independent voices: the members of one copy group (from ``groups``, ``Story.copy_groups`` or a shared
``Article.copy_group``) count as one voice; an article in no group is its own voice.
"""

from __future__ import annotations

import hashlib
import html
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError
from ..model import Article, Citation, Claim, CopyGroup, Story
from ..text import sentence_spans

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "render_html",
    "render_index",
    "render_markdown",
    "story_filename",
]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"
)
"""The policy every rendered page carries: no scripts, no network, inline styles only."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_RESERVED_STEMS = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))]
)
_EDIT_LABELS = {"added": "Adds", "dropped": "Drops", "edited": "Changes"}


# ---------------------------------------------------------------------------------------------------------------
# Escaping and names


def _e(value: object) -> str:
    """HTML-escape any value (quotes included) and drop C0 control characters."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


_MD_PUNCT = re.compile(r"([\\`*\[\]|~#{}])")
_MD_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_MD_LEAD = re.compile(r"^(?:(\d{1,9})([.)])|([-+=]))")


def _md(value: object) -> str:
    """Escape an untrusted string for inline use in Markdown (one line, no active syntax, no HTML)."""
    text = " ".join(_CONTROL.sub("", str(value)).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_PUNCT.sub(r"\\\1", text)
    text = _MD_UNDERSCORE.sub(r"\\_", text)  # intraword underscores never emphasise; keep ids readable
    # What would start a list, a heading or a setext underline when the string begins a line or list item.
    return _MD_LEAD.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def _digest(value: str, n: int) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def _anchor(article_id: str) -> str:
    """An article id usable in an HTML id and a URL fragment, without escaping, distinct for distinct ids."""
    return article_id if _SAFE_ID.fullmatch(article_id) else f"h.{_digest(article_id, 12)}"


def story_filename(story: Story) -> str:
    """A file stem for ``story`` made of ``[A-Za-z0-9_-]`` only.

    A story id that is already such a stem (not starting with ``-``, at most 100 characters, not a reserved
    Windows device name) is used as it is; any other id is cleaned and suffixed with a hash of the id, so
    that two different ids never share a file.
    """
    sid = story.id
    if _SAFE_ID.fullmatch(sid) and not sid.startswith("-") and len(sid) <= 100 and sid.lower() not in _RESERVED_STEMS:
        return sid
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", sid).strip("_-")[:64] or "story"
    return f"{stem}-{_digest(sid, 10)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _claim_ids(claim: Claim) -> list[str]:
    return _dedupe([*claim.sources, *(c.article_id for c in claim.citations)])


def _unquote(text: str) -> str:
    return text.strip().strip("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb").strip()


def _safe_http(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL without whitespace or control characters, else None."""
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _check_link(story_id: str, link: str) -> str:
    """A relative link from the index to a story page; anything with a scheme or host is refused."""
    bad = (
        not link
        or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in link)
        or link.startswith("/")
    )
    if not bad:
        try:
            parts = urlsplit(link)
        except ValueError:
            bad = True
        else:
            bad = bool(parts.scheme or parts.netloc)
    if bad:
        raise ConfigError(
            f"links[{story_id!r}] = {link!r} is not a relative link; allowed: a relative path without scheme or "
            "host, such as story_filename(story) + '.html'"
        )
    return link


# ---------------------------------------------------------------------------------------------------------------
# What both renderers need: articles in order, voices, copy groups, citation spans


@dataclass(slots=True)
class _Group:
    """A copy group as shown in one story: only the members that belong to the story."""

    label: str
    members: list[str]
    canonical: str | None = None
    edits: Mapping[str, Any] = field(default_factory=dict)
    similarity: Mapping[str, Any] = field(default_factory=dict)


class _Brief:
    def __init__(self, story: Story, articles: Mapping[str, Article], groups: Sequence[CopyGroup]) -> None:
        self.story = story
        self.articles = articles
        self.ids = _dedupe(story.articles)
        in_story = set(self.ids)
        parent = {a: a for a in self.ids}

        def find(a: str) -> str:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        def union(members: Sequence[str]) -> None:
            for other in members[1:]:
                ra, rb = find(members[0]), find(other)
                if ra != rb:
                    parent[rb] = ra

        self.groups: list[_Group] = []
        for g in groups:
            members = [m for m in _dedupe(g.members) if m in in_story]
            if not members:
                continue
            union(members)
            canonical = g.canonical if g.canonical in members else None
            edits = g.edits if isinstance(g.edits, Mapping) else {}
            similarity = g.similarity if isinstance(g.similarity, Mapping) else {}
            self.groups.append(_Group(str(g.id), members, canonical, edits, similarity))
        covered = [set(g.members) for g in self.groups]
        for n, listed in enumerate(story.copy_groups, 1):
            members = [m for m in _dedupe(listed) if m in in_story]
            if not members:
                continue
            union(members)
            if len(members) > 1 and not any(set(members) <= c for c in covered):
                labels = _dedupe(a.copy_group for m in members if (a := articles.get(m)) and a.copy_group)
                self.groups.append(_Group(labels[0] if len(labels) == 1 else f"copies-{n}", members))
                covered.append(set(members))
        by_label: dict[str, list[str]] = {}
        for aid in self.ids:
            article = articles.get(aid)
            if article is not None and article.copy_group:
                by_label.setdefault(article.copy_group, []).append(aid)
        for members in by_label.values():
            union(members)

        self.group_of: dict[str, _Group] = {}
        for group in self.groups:
            for m in group.members:
                self.group_of.setdefault(m, group)
        key_of_root: dict[str, str] = {}
        self.voice_of: dict[str, str] = {}
        self.voices: dict[str, list[str]] = {}
        for aid in self.ids:  # a voice is named by its first article in story order
            key = key_of_root.setdefault(find(aid), aid)
            self.voice_of[aid] = key
            self.voices.setdefault(key, []).append(aid)
        self._sentences: dict[str, list[tuple[int, int]]] = {}
        self.cites: dict[str, dict[int, int]] = {}  # article -> citation start -> furthest end
        for claim in [*story.summary, *story.agreed, *story.exclusive]:
            for c in claim.citations:
                if self.valid(c):
                    spans = self.cites.setdefault(c.article_id, {})
                    spans[c.start] = max(spans.get(c.start, c.end), c.end)

    # -- counts and labels

    def voice(self, aid: str) -> str:
        return self.voice_of.get(aid, aid)

    def count_voices(self, ids: Iterable[str]) -> int:
        return len({self.voice(a) for a in ids})

    def outlets(self) -> list[str]:
        seen: dict[str, str] = {}
        for aid in self.ids:
            article = self.articles.get(aid)
            if article is not None and article.outlet and article.outlet.strip():
                seen.setdefault(article.outlet.strip().casefold(), article.outlet.strip())
        return list(seen.values())

    def dates(self) -> list[str]:
        found = (self.articles.get(aid) for aid in self.ids)
        return sorted({a.published for a in found if a and a.published and _DATE.fullmatch(a.published)})

    def counts(self) -> str:
        line = " · ".join(
            [
                _plural(len(self.ids), "article"),
                _plural(len(self.outlets()), "outlet"),
                _plural(len(self.voices), "independent voice"),
            ]
        )
        dates = self.dates()
        if dates:
            line += f" · published {dates[0]}" if dates[0] == dates[-1] else f" · published {dates[0]} to {dates[-1]}"
        return line

    def support(self, claim: Claim) -> int:
        """The claim's own voice count when the compare stage set it, else counted here."""
        return claim.support if claim.support > 0 else self.count_voices(_claim_ids(claim))

    def voice_label(self, key: str) -> str:
        members = self.voices.get(key, [key])
        found = [a for m in members if (a := self.articles.get(m)) is not None]
        names = _dedupe(a.agency.strip() for a in found if a.agency and a.agency.strip())
        names = names or _dedupe(a.outlet.strip() for a in found if a.outlet and a.outlet.strip())
        return " / ".join(names or members)

    def describe(self, aid: str) -> str:
        article = self.articles.get(aid)
        if article is None:
            return f"{aid} (not among the sources)"
        return " — ".join(x for x in (article.outlet, article.title) if x) or aid

    def exclusive_by_voice(self) -> list[tuple[tuple[str, ...], list[Claim]]]:
        grouped: dict[tuple[str, ...], list[Claim]] = {}
        for claim in self.story.exclusive:
            key = tuple(_dedupe(self.voice(a) for a in _claim_ids(claim)))
            grouped.setdefault(key, []).append(claim)
        rank = {aid: n for n, aid in enumerate(self.ids)}
        return sorted(grouped.items(), key=lambda kv: [rank.get(k, len(rank)) for k in kv[0]])

    def members_label(self, key: tuple[str, ...]) -> tuple[str, list[str]]:
        if not key:
            return "No source given", []
        label = " + ".join(self.voice_label(k) for k in key)
        return label, [m for k in key for m in self.voices.get(k, [k])]

    # -- positions in article text

    def valid(self, c: Citation) -> bool:
        article = self.articles.get(c.article_id)
        return (
            article is not None
            and isinstance(c.start, int)
            and isinstance(c.end, int)
            and 0 <= c.start < c.end <= len(article.text)
            and not article.text[c.start : c.end].isspace()  # a blank span has nothing to show or anchor
        )

    def sentences(self, aid: str) -> list[tuple[int, int]]:
        if aid not in self._sentences:
            article = self.articles.get(aid)
            self._sentences[aid] = list(sentence_spans(article.text)) if article is not None else []
        return self._sentences[aid]

    def sentence_at(self, aid: str, offset: int) -> int | None:
        spans = self.sentences(aid)
        i = bisect_right([s for s, _ in spans], offset) - 1
        return i if i >= 0 and offset < spans[i][1] else None

    def locate(self, aid: str, snippet: str) -> str | None:
        """A fragment for ``snippet`` in article ``aid``: its sentence when found, else the article, else None."""
        article = self.articles.get(aid)
        if article is None:
            return None
        needle = snippet.strip()
        at = article.text.find(needle) if needle else -1
        if at >= 0:
            i = self.sentence_at(aid, at)
            if i is not None:
                return f"#src-{_anchor(aid)}-{i}"
        return f"#source-{_anchor(aid)}"


# ---------------------------------------------------------------------------------------------------------------
# Markdown


def _md_ids(ids: Iterable[str]) -> str:
    ids = list(ids)
    return f"[{', '.join(_md(a) for a in ids)}]" if ids else "[no source]"


def _md_edit(item: Any) -> str:
    if isinstance(item, str):
        return f"“{_md(item)}”"
    if isinstance(item, Mapping):
        return "; ".join(f"{_md(k)}: {_md_edit(v)}" for k, v in item.items())
    if isinstance(item, list | tuple):
        if len(item) == 2 and all(isinstance(x, str) for x in item):
            return f"“{_md(item[0])}” → “{_md(item[1])}”"
        return "; ".join(_md_edit(x) for x in item)
    return _md(item)


def _edit_sections(edits: Any) -> Iterator[tuple[str, list[Any]]]:
    """(label, items) pairs of one member's edits, known keys first, anything else after, generically."""
    if not isinstance(edits, Mapping):
        edits = {"changes": edits} if edits else {}
    keys = [k for k in _EDIT_LABELS if k in edits] + [k for k in edits if k not in _EDIT_LABELS]
    for key in keys:
        items = edits[key]
        if isinstance(items, str | bytes) or isinstance(items, Mapping) or not isinstance(items, Iterable):
            items = [items]
        items = [i for i in items if i is not None and i != ""]
        if items:
            yield _EDIT_LABELS.get(str(key), str(key)), items


def render_markdown(story: Story, articles: Mapping[str, Article], groups: Sequence[CopyGroup] = ()) -> str:
    """The brief of ``story`` as Markdown; article-derived text is escaped (see the module docstring)."""
    b = _Brief(story, articles, groups)
    out = [f"# {_md(story.title) or _md(story.id)}", "", b.counts(), ""]

    out += ["## Summary", ""]
    out += [f"- {_md(c.text)} {_md_ids(_claim_ids(c))}" for c in story.summary] or ["No summary."]
    out.append("")

    out += ["## What the sources agree on", ""]
    out += [f"- {_md(c.text)} {_md_ids(_claim_ids(c))} ({_plural(b.support(c), 'voice')})" for c in story.agreed] or [
        "No statement is backed by more than one voice."
    ]
    out.append("")

    out += ["## Where they disagree", ""]
    if not story.conflicts:
        out += ["No conflicting values found.", ""]
    for conflict in story.conflicts:
        out += [f"### {_md(conflict.topic)}", ""]
        for v in conflict.variants:
            voices = _plural(b.count_voices(v.sources), "voice")
            out.append(f"- **{_md(v.value)}** {_md_ids(_dedupe(v.sources))} ({voices}): “{_md(_unquote(v.text))}”")
        out.append("")

    out += ["## Only one source reports", ""]
    exclusive = b.exclusive_by_voice()
    if not exclusive:
        out += ["Nothing is reported by one voice only.", ""]
    for key, claims in exclusive:
        label, members = b.members_label(key)
        out += [f"### {_md(label)} {_md_ids(members)}" if members else f"### {_md(label)}", ""]
        out += [f"- {_md(c.text)} {_md_ids(_claim_ids(c))}" for c in claims]
        out.append("")

    out += ["## Who said what", ""]
    for q in story.quotes:
        speaker = _md(q.speaker) if q.speaker else "Unattributed"
        out.append(f"- **{speaker}**: “{_md(_unquote(q.text))}” {_md_ids(_dedupe(q.sources))}")
    if not story.quotes:
        out.append("No quotes found.")
    out.append("")

    out += ["## Timeline", ""]
    out += [f"- {_md(t.date)} — {_md(t.text)} {_md_ids(_dedupe(t.sources))}" for t in story.timeline] or [
        "No dated events found."
    ]
    out.append("")

    if b.groups:
        out += ["## Wire copies", ""]
        for g in b.groups:
            listed = ", ".join(_md(m) + (" (fullest version)" if m == g.canonical else "") for m in g.members)
            out.append(f"- **{_md(g.label)}**: {listed}")
            for m in g.members:
                for label, items in _edit_sections(g.edits.get(m)):
                    out.append(f"  - {_md(m)} {_md(label.lower())}: {'; '.join(_md_edit(i) for i in items)}")
        out.append("")

    out += ["## Sources", ""]
    out += ["| id | title | outlet | agency | published | copy group | fullest |", "|---|---|---|---|---|---|---|"]
    for aid in b.ids:
        a = articles.get(aid)
        group = b.group_of.get(aid)
        cells = [
            _md(aid),
            _md(a.title or "") if a else "not among the sources",
            _md(a.outlet or "") if a else "",
            _md(a.agency or "") if a else "",
            _md(a.published or "") if a else "",
            _md(group.label) if group else "",
            "✓" if group and group.canonical == aid else "",
        ]
        out.append("| " + " | ".join(c or "—" for c in cells) + " |")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# HTML

_CSS = """
:root{color-scheme:light dark;--bg:#fbfaf7;--fg:#1c1d1f;--muted:#5c6168;--line:#e2e0da;--card:#fff;
--accent:#0b57d0;--chip:#e8eefc;--chip-fg:#1d3f94;--mark:#fff0a6;--target:#ffd23f;--del:#fde3e1;--ins:#dcf4e2;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--serif:"Iowan Old Style","Palatino Linotype",Palatino,Charter,Georgia,serif;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
@media (prefers-color-scheme:dark){:root{--bg:#141619;--fg:#e7e6e3;--muted:#a2a7ae;--line:#2d3138;--card:#1b1e22;
--accent:#8ab4f8;--chip:#22304d;--chip-fg:#c9d8ff;--mark:#4d4112;--target:#7a6000;--del:#4d2523;--ins:#1d3d27}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:18px/1.62 var(--serif)}
.wrap{max-width:50rem;margin:0 auto;padding:2.5rem 1.25rem 4rem}
h1,h2,h3,h4,nav,.meta,.kicker,table,figcaption,.chip,footer,summary,.badge{font-family:var(--sans)}
h1{font-size:2.1rem;line-height:1.2;margin:.2rem 0 .6rem;letter-spacing:-.01em}
h2{font-size:1.35rem;margin:2.6rem 0 .8rem;padding-top:.4rem;border-top:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.6rem 0 .5rem}
h4{font-size:.9rem;margin:.8rem 0 .3rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
a{color:var(--accent);text-underline-offset:.15em}
.kicker{margin:0;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.08em}
.meta{color:var(--muted);font-size:.92rem;margin:.2rem 0}
nav{font-size:.88rem;margin-top:1rem;display:flex;flex-wrap:wrap;gap:.3rem .9rem}
ul,ol{padding-left:1.3rem}li{margin:.35rem 0}
.none{color:var(--muted);font-style:italic}
.cites{white-space:nowrap}
.chip{display:inline-block;font-size:.72rem;line-height:1.5;padding:0 .42rem;margin-left:.25rem;border-radius:.7rem;
background:var(--chip);color:var(--chip-fg);text-decoration:none;font-family:var(--mono);vertical-align:.12em}
a.chip:hover,a.chip:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
.chip.missing{opacity:.6}
.voices{font-family:var(--sans);font-size:.8rem;color:var(--muted);margin-left:.3rem}
.tbl{overflow-x:auto;margin:.6rem 0}
table{border-collapse:collapse;width:100%;font-size:.88rem;line-height:1.45}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid var(--line)}
th{font-weight:600;color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.04em}
td.value{font-weight:650;white-space:nowrap}
td.sentence{font-family:var(--serif);font-size:.95rem}
figure.quote{margin:1rem 0;padding:.2rem 0 .2rem 1rem;border-left:3px solid var(--line)}
figure.quote blockquote{margin:0;font-size:1.02rem}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.2rem}
ol.timeline{list-style:none;padding:0;border-left:2px solid var(--line)}
ol.timeline li{padding-left:1rem;position:relative}
ol.timeline time{font-family:var(--mono);font-size:.82rem;color:var(--muted);display:block}
.group{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:.4rem 1rem .8rem;margin:1rem 0}
.badge{display:inline-block;font-size:.7rem;padding:0 .45rem;border-radius:.6rem;border:1px solid currentColor;
color:var(--muted);margin-left:.35rem;vertical-align:.1em}
.badge.full{color:var(--accent)}
del{background:var(--del);text-decoration-thickness:1px}ins{background:var(--ins);text-decoration:none}
details>summary{cursor:pointer;font-size:.9rem;color:var(--muted)}
article.source{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:.3rem 1.1rem .8rem;
margin:1.2rem 0;scroll-margin-top:1rem}
article.source p{margin:.7rem 0}
mark{background:var(--mark);color:inherit;padding:0}
.s{scroll-margin-top:40vh}
.s:target,mark:target,.s:target mark{background:var(--target);outline:2px solid var(--target)}
article.source:target{outline:2px solid var(--accent)}
.removed li{font-size:.85rem;color:var(--muted)}
footer{margin-top:3rem;font-size:.8rem;color:var(--muted)}
ul.stories{list-style:none;padding:0}
ul.stories>li{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:.2rem 1.1rem .7rem;
margin:1rem 0}
ul.stories h2{border:0;margin:.8rem 0 .2rem;padding:0;font-size:1.2rem}
@media (max-width:600px){body{font-size:17px}h1{font-size:1.7rem}td.value{white-space:normal}}
@media print{nav,.chip{display:none}body{background:#fff;color:#000}}
"""


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'  # a constant, quote-free
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="generator" content="Storyline">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<div class="wrap">\n{body}\n<footer>Made by Storyline. This page loads nothing from the network and runs '
        "no script; article text is shown as extracted.</footer>\n</div>\n</body>\n</html>\n"
    )


class _HtmlBrief:
    def __init__(self, b: _Brief) -> None:
        self.b = b

    # -- citation chips

    def chips(self, refs: Iterable[tuple[str, str | None]]) -> str:
        """Citation chips: ``(label, fragment)`` pairs; a chip without a fragment is shown but not linked."""
        parts = []
        for label, href in refs:
            if href is None:
                parts.append(f'<span class="chip missing">{_e(label)}</span>')
            else:
                parts.append(f'<a class="chip" href="{_e(href)}">{_e(label)}</a>')
        if not parts:
            return '<span class="cites"><span class="chip missing">no source</span></span>'
        return f'<span class="cites">{"".join(parts)}</span>'

    def claim_chips(self, claim: Claim) -> str:
        refs: list[tuple[str, str | None]] = []
        for aid in _claim_ids(claim):
            cited = [c for c in claim.citations if c.article_id == aid and self.b.valid(c)]
            if not cited:
                refs.append((aid, self.b.locate(aid, claim.text)))
            for n, c in enumerate(cited, 1):
                refs.append((aid if n == 1 else f"{aid} ·{n}", f"#cite-{_anchor(aid)}-{c.start}"))
        return self.chips(refs)

    def source_chips(self, sources: Iterable[str], snippet: str) -> str:
        return self.chips((aid, self.b.locate(aid, snippet)) for aid in _dedupe(sources))

    # -- sections

    def claims(self, claims: Sequence[Claim], *, voices: bool = False, empty: str) -> str:
        if not claims:
            return f'<p class="none">{_e(empty)}</p>'
        items = []
        for c in claims:
            extra = f'<span class="voices">{_plural(self.b.support(c), "voice")}</span>' if voices else ""
            items.append(f"<li>{_e(c.text)} {self.claim_chips(c)}{extra}</li>")
        return "<ul>\n" + "\n".join(items) + "\n</ul>"

    def conflicts(self) -> str:
        story = self.b.story
        if not story.conflicts:
            return '<p class="none">No conflicting values found.</p>'
        parts = []
        for conflict in story.conflicts:
            rows = []
            for v in conflict.variants:
                voices = _plural(self.b.count_voices(v.sources), "voice")
                rows.append(
                    f'<tr><td class="value">{_e(v.value)}</td>'
                    f'<td>{self.source_chips(v.sources, v.text)}<span class="voices">{voices}</span></td>'
                    f'<td class="sentence">{_e(v.text)}</td></tr>'
                )
            parts.append(
                f'<h3>{_e(conflict.topic)}</h3>\n<div class="tbl"><table>\n'
                "<thead><tr><th>Value</th><th>Sources</th><th>Sentence</th></tr></thead>\n<tbody>\n"
                + "\n".join(rows)
                + "\n</tbody></table></div>"
            )
        return "\n".join(parts)

    def exclusive(self) -> str:
        grouped = self.b.exclusive_by_voice()
        if not grouped:
            return '<p class="none">Nothing is reported by one voice only.</p>'
        parts = []
        for key, claims in grouped:
            label, members = self.b.members_label(key)
            member_chips = self.chips((m, self.b.locate(m, "")) for m in members) if members else ""
            parts.append(f"<h3>{_e(label)} {member_chips}</h3>\n{self.claims(claims, empty='')}")
        return "\n".join(parts)

    def quotes(self) -> str:
        if not self.b.story.quotes:
            return '<p class="none">No quotes found.</p>'
        parts = []
        for q in self.b.story.quotes:
            speaker = _e(q.speaker) if q.speaker else '<span class="none">Unattributed</span>'
            parts.append(
                f'<figure class="quote"><blockquote>“{_e(_unquote(q.text))}”</blockquote>'
                f"<figcaption>— {speaker} {self.source_chips(q.sources, _unquote(q.text))}</figcaption></figure>"
            )
        return "\n".join(parts)

    def timeline(self) -> str:
        if not self.b.story.timeline:
            return '<p class="none">No dated events found.</p>'
        items = []
        for t in self.b.story.timeline:
            when = f' datetime="{_e(t.date)}"' if _DATE.fullmatch(t.date) else ""
            expr = f' <span class="voices">({_e(t.expression)})</span>' if t.expression else ""
            items.append(
                f"<li><time{when}>{_e(t.date)}</time>{_e(t.text)}{expr} {self.source_chips(t.sources, t.text)}</li>"
            )
        return '<ol class="timeline">\n' + "\n".join(items) + "\n</ol>"

    def copies(self) -> str:
        if not self.b.groups:
            return '<p class="none">No wire copies: every article is its own voice.</p>'
        parts = []
        for g in self.b.groups:
            rows = []
            for m in g.members:
                badge = '<span class="badge full">fullest version</span>' if m == g.canonical else ""
                sim = g.similarity.get(m)
                sim_text = (
                    f' <span class="voices">similarity {sim:.2f}</span>'
                    if isinstance(sim, int | float) and not isinstance(sim, bool)
                    else ""
                )
                edits = []
                for label, items in _edit_sections(g.edits.get(m)):
                    lis = "".join(f"<li>{_edit_html(i)}</li>" for i in items)
                    edits.append(f"<h4>{_e(label)} ({len(items)})</h4><ul>{lis}</ul>")
                against = f" against {_e(g.canonical)}" if g.canonical and g.canonical != m else ""
                detail = (
                    f"<details><summary>What {_e(m)} changes{against}</summary>{''.join(edits)}</details>"
                    if edits
                    else ""
                )
                rows.append(
                    f"<li>{self.chips([(m, self.b.locate(m, ''))])} {_e(self.b.describe(m))}{badge}{sim_text}"
                    f"{detail}</li>"
                )
            voice = self.b.voice_label(self.b.voice(g.members[0]))
            parts.append(
                f'<div class="group"><h3>{_e(g.label)} <span class="voices">{_e(voice)} · one voice</span></h3>'
                f"<ul>\n" + "\n".join(rows) + "\n</ul></div>"
            )
        return "\n".join(parts)

    def sources(self) -> str:
        b = self.b
        rows = []
        for aid in b.ids:
            a = b.articles.get(aid)
            g = b.group_of.get(aid)
            link = f'<a href="#source-{_anchor(aid)}">{_e(aid)}</a>' if a else _e(aid)
            cells = [
                link,
                _e(a.title or "") if a else '<span class="none">not among the sources</span>',
                _e(a.outlet or "") if a else "",
                _e(a.agency or "") if a else "",
                _e(a.published or "") if a else "",
                _e(g.label) if g else "",
                "✓" if g and g.canonical == aid else "",
            ]
            rows.append("<tr>" + "".join(f"<td>{c or '—'}</td>" for c in cells) + "</tr>")
        table = (
            '<div class="tbl"><table>\n<thead><tr><th>Id</th><th>Title</th><th>Outlet</th><th>Agency</th>'
            "<th>Published</th><th>Copy group</th><th>Fullest</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows)
            + "\n</tbody></table></div>"
        )
        texts = [self.article(aid, a) for aid in b.ids if (a := b.articles.get(aid)) is not None]
        return table + "\n" + "\n".join(texts)

    def article(self, aid: str, a: Article) -> str:
        meta = [x for x in (a.outlet, a.agency and f"via {a.agency}", a.byline, a.dateline, a.published) if x]
        url = _safe_http(a.url)
        link = f' · <a href="{_e(url)}" rel="noopener noreferrer nofollow">original</a>' if url else ""
        removed = ""
        if a.removed:
            lis = "".join(f"<li>{_e(r.text)} <em>({_e(r.reason)})</em></li>" for r in a.removed)
            removed = (
                f'<details class="removed"><summary>Removed by the cleaner ({len(a.removed)})</summary>'
                f"<ul>{lis}</ul></details>"
            )
        return (
            f'<article class="source" id="source-{_anchor(aid)}">\n'
            f'<h3>{_e(a.title or aid)} <span class="chip">{_e(aid)}</span></h3>\n'
            f'<p class="meta">{" · ".join(_e(x) for x in meta)}{link}</p>\n'
            f"<details open><summary>Clean text</summary>\n{self.text(aid, a.text)}\n</details>\n{removed}</article>"
        )

    def text(self, aid: str, text: str) -> str:
        """The clean text in paragraphs, each sentence a ``src-`` anchor, each cited span a ``<mark>``."""
        anchor = _anchor(aid)
        sentences = self.b.sentences(aid)
        starts = [s for s, _ in sentences]
        cites = self.b.cites.get(aid, {})
        # A citation anchor sits at its first non-space character, which always lies inside a paragraph.
        anchors: dict[int, list[int]] = {}
        for start, end in cites.items():
            at = start
            while at < end and text[at].isspace():
                at += 1
            if at < end:
                anchors.setdefault(at, []).append(start)
        points = {0, len(text)}
        for s, e in sentences:
            points.update((s, e))
        for s, e in cites.items():
            points.update((s, e))
        points.update(anchors)

        def covered(pos: int) -> bool:
            return any(s <= pos < e for s, e in cites.items())

        def sentence(pos: int) -> int | None:
            i = bisect_right(starts, pos) - 1
            return i if i >= 0 and pos < sentences[i][1] else None

        paragraphs = []
        for ps, pe in _paragraph_spans(text):
            cuts = sorted(p for p in points if ps < p < pe)
            bounds = [ps, *cuts, pe]
            html_parts: list[str] = []
            current: int | None = None
            for lo, hi in zip(bounds, bounds[1:], strict=False):
                i = sentence(lo)
                if i != current:
                    if current is not None:
                        html_parts.append("</span>")
                    if i is not None:
                        html_parts.append(f'<span class="s" id="src-{anchor}-{i}">')
                    current = i
                chunk = _e(text[lo:hi]).replace("\n", "<br>\n")
                ids = sorted(anchors.get(lo, []))
                if covered(lo):
                    first = f' id="cite-{anchor}-{ids[0]}"' if ids else ""
                    extra = "".join(f'<span id="cite-{anchor}-{x}"></span>' for x in ids[1:])
                    html_parts.append(f'{extra}<mark class="cite"{first}>{chunk}</mark>')
                else:
                    html_parts.append(chunk)
            if current is not None:
                html_parts.append("</span>")
            paragraphs.append("<p>" + "".join(html_parts) + "</p>")
        return "\n".join(paragraphs) or '<p class="none">No text.</p>'


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the blank-line separated blocks of ``text`` that hold more than whitespace."""
    pos = 0
    for m in re.finditer(r"\n[^\S\n]*\n\s*", text):
        if text[pos : m.start()].strip():
            yield pos, m.start()
        pos = m.end()
    if text[pos:].strip():
        yield pos, len(text)


def _edit_html(item: Any) -> str:
    if isinstance(item, str):
        return _e(item)
    if isinstance(item, Mapping):
        return "; ".join(f"<b>{_e(k)}</b>: {_edit_html(v)}" for k, v in item.items())
    if isinstance(item, list | tuple):
        if len(item) == 2 and all(isinstance(x, str) for x in item):
            return f"<del>{_e(item[0])}</del> → <ins>{_e(item[1])}</ins>"
        return " · ".join(_edit_html(x) for x in item)
    return _e(item)


def render_html(story: Story, articles: Mapping[str, Article], groups: Sequence[CopyGroup] = ()) -> str:
    """The brief of ``story`` as one self-contained HTML5 page (inline CSS, no script, no external resource)."""
    b = _Brief(story, articles, groups)
    h = _HtmlBrief(b)
    title = story.title or story.id
    sections = [
        ("summary", "Summary", h.claims(story.summary, empty="No summary.")),
        (
            "agreed",
            "What the sources agree on",
            h.claims(story.agreed, voices=True, empty="No statement is backed by more than one voice."),
        ),
        ("conflicts", "Where they disagree", h.conflicts()),
        ("exclusive", "Only one source reports", h.exclusive()),
        ("quotes", "Who said what", h.quotes()),
        ("timeline", "Timeline", h.timeline()),
        ("copies", "Wire copies", h.copies()),
        ("sources", "Sources", h.sources()),
    ]
    nav = " ".join(f'<a href="#{sid}">{_e(name)}</a>' for sid, name, _ in sections)
    body = [
        '<header>\n<p class="kicker">Storyline brief</p>',
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(b.counts())}</p>',
        f'<nav aria-label="Sections">{nav}</nav>\n</header>\n<main>',
    ]
    body += [f'<section id="{sid}">\n<h2>{_e(name)}</h2>\n{content}\n</section>' for sid, name, content in sections]
    body.append("</main>")
    return _page(title, "\n".join(body))


def render_index(stories: Sequence[Story], articles: Mapping[str, Article], links: Mapping[str, str]) -> str:
    """A self-contained ``index.html`` listing ``stories`` in the order given, each linking to ``links[story.id]``.

    Raises :class:`~storyline.errors.ConfigError` when a story has no link or its link is not a relative path.
    """
    items = []
    for story in stories:
        if story.id not in links:
            raise ConfigError(
                f"links has no entry for story {story.id!r}; pass links[story.id] = story_filename(story) + '.html'"
            )
        href = _check_link(story.id, links[story.id])
        b = _Brief(story, articles, ())
        first = f"<p>{_e(story.summary[0].text)}</p>" if story.summary else ""
        items.append(
            f'<li><h2><a href="{_e(href)}">{_e(story.title or story.id)}</a></h2>'
            f'<p class="meta">{_e(b.counts())}</p>{first}</li>'
        )
    listing = '<ul class="stories">\n' + "\n".join(items) + "\n</ul>" if items else '<p class="none">No stories.</p>'
    body = (
        '<header>\n<p class="kicker">Storyline</p>\n<h1>Stories</h1>\n'
        f'<p class="meta">{len(stories)} {"story" if len(stories) == 1 else "stories"}</p>\n</header>\n'
        f"<main>\n{listing}\n</main>"
    )
    return _page("Storyline — stories", body)
