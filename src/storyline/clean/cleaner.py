"""Junk removal and metadata extraction for one article at a time, plus junk learned across a corpus."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from urllib.parse import urlparse

from ..config import CleanConfig
from ..model import Article, Removed
from .metadata import agency_in, parse_date, parse_dateline
from .rules import classify, is_body_paragraph

__all__ = ["ArticleCleaner", "RepeatedLineLearner"]

log = logging.getLogger(__name__)

_DATE_PREFIX = re.compile(r"^\s*date:?\s+(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+Z-]+)?\s*", re.I)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
# Markdown bold: markers at word edges only, so identifiers such as __init__ or a__b stay as written.
_MD_EMPHASIS = re.compile(r"(?<![^\s(\[\"'])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![^\s.,;:!?)\]\"'])")


def _plain(paragraph: str) -> str:
    """Markdown links and emphasis as their text (the substitutions run only where they can match)."""
    if "](" in paragraph:
        paragraph = _MD_LINK.sub(r"\1", paragraph)
    if "**" in paragraph or "__" in paragraph:
        paragraph = _MD_EMPHASIS.sub(r"\2", paragraph)
    return paragraph
_ENDED = re.compile(r"""[.!?:;)][\"')\]]*$""")


# (``\d\d*`` rather than ``\d+``: a pattern that opens with a character class lets the regular-expression
# engine skip ahead to the next digit, where ``\d+`` is tried at every position of the line.)
_DIGITS = re.compile(r"\d\d*")


def _line_key(line: str) -> str:
    return _DIGITS.sub("0", line.strip().lower())


def _outlet_from(article: Article, masthead: str | None = None, url: str | None = None) -> str | None:
    """The outlet field, else the masthead's name, else the host of ``url`` (default: the article's)."""
    if article.outlet:
        return article.outlet
    if masthead:
        name = re.sub(r"\s+(?:newspaper|online|digital edition)$", "", masthead, flags=re.I).strip()
        if name:
            return name
    url = url or article.url
    if url:
        host = urlparse(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


class RepeatedLineLearner:
    """Learns lines that recur across many articles of one outlet (scikit-learn style ``fit``).

    ``lines_`` maps an outlet to the set of normalised lines that are its junk.
    """

    def __init__(self, *, min_articles: int = 3, max_words: int = 25) -> None:
        self.min_articles = min_articles
        self.max_words = max_words
        self.lines_: dict[str, set[str]] = {}
        # The key of each stripped line seen by fit (None: longer than max_words, never junk), which
        # is_junk asks about again when the same articles are cleaned. A cache of a pure function, filled by
        # fit only, so that cleaning an endless stream after one fit does not grow it.
        self._keys: dict[str, str | None] = {}

    def _key(self, line: str) -> str | None:
        """The stripped ``line``'s key, or None when it has more than ``max_words`` words."""
        fits = len(line.split(None, self.max_words)) <= self.max_words  # (stops counting past it)
        return _line_key(line) if fits else None

    def fit(self, articles: Iterable[Article]) -> RepeatedLineLearner:
        seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        texts: set[int] = set()
        self._keys = {}
        for article in articles:
            outlet = _outlet_from(article)
            text_hash = hash(article.text)
            if outlet is None or text_hash in texts:
                continue  # the same text twice (a re-scrape) says nothing about boilerplate
            texts.add(text_hash)
            by_key = seen[outlet]
            for line in article.text.split("\n"):
                line = line.strip()
                if line:
                    if line in self._keys:
                        key = self._keys[line]
                    else:
                        key = self._keys[line] = self._key(line)
                    if key is not None:
                        by_key[key].add(article.id)
        self.lines_ = {
            outlet: {key for key, ids in lines.items() if len(ids) >= self.min_articles}
            for outlet, lines in seen.items()
        }
        self.lines_ = {k: v for k, v in self.lines_.items() if v}
        return self

    def is_junk(self, outlet: str | None, line: str) -> bool:
        lines = self.lines_.get(outlet) if outlet is not None else None
        if not lines:
            return False
        line = line.strip()
        key = self._keys[line] if line in self._keys else self._key(line)
        return key is not None and key in lines


class ArticleCleaner:
    """Removes site junk, records each removed line with its reason, and fills metadata.

    Never empties an article: when every line looks like junk, the text is kept as it was
    and ``metadata["clean_warning"]`` says so.
    """

    def __init__(self, config: CleanConfig | None = None) -> None:
        self.config = config or CleanConfig()
        self.learner_: RepeatedLineLearner | None = None

    def fit(self, articles: Iterable[Article]) -> ArticleCleaner:
        if self.config.learn_repeated:
            self.learner_ = RepeatedLineLearner(min_articles=self.config.learn_min_articles).fit(articles)
        return self

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self.clean(article)

    def clean(self, article: Article) -> Article:
        meta: dict[str, str | None] = {
            "title": article.title, "published": article.published, "byline": article.byline,
            "dateline": article.dateline, "agency": article.agency, "url": article.url,
        }
        removed: list[Removed] = []
        text = article.text
        m = _DATE_PREFIX.match(text)
        if m:
            removed.append(Removed(m.group().strip(), "date line"))
            meta["published"] = meta["published"] or m.group(1)
            text = text[m.end():]

        lines = [ln.strip() for ln in text.split("\n")]
        # The header is everything before the first line that reads as body prose.
        first_body = next((i for i, ln in enumerate(lines) if is_body_paragraph(ln)), len(lines))
        # The title is the header's last headline-like line (mastheads come first); a
        # headline-like line in the same block as a masthead line belongs to the masthead.
        reasons: list[str | None] = []
        outlet = _outlet_from(article)
        for i, line in enumerate(lines):
            # (the first body line is prose by definition: no rule matched it)
            reason = classify(line, header=i < first_body) if line and i != first_body else None
            if reason is None and line and self.learner_ is not None and self.learner_.is_junk(outlet, line):
                reason = "repeated line (outlet boilerplate)"
            if reason is None and line and i < first_body and _MD_HEADING.match(line):
                reason = "title"
            reasons.append(reason)
        header_candidates = [
            i for i in range(first_body)
            if lines[i] and reasons[i] is None and self._is_title(lines[i], meta["title"])
        ]
        if header_candidates:
            block_of = _blocks(lines)
            masthead_blocks = {block_of[i] for i in range(first_body) if reasons[i] == "masthead"}
            if meta["title"] is not None:
                for i in header_candidates:
                    reasons[i] = "title"
            elif "title" not in reasons[:first_body]:
                outside = [i for i in header_candidates if block_of[i] not in masthead_blocks]
                if outside:
                    reasons[outside[-1]] = "title"
            for i in header_candidates:
                if reasons[i] is None and block_of[i] in masthead_blocks:
                    reasons[i] = "masthead"
        kept: list[str] = []
        masthead: str | None = None
        expect_url = False
        for line, reason in zip(lines, reasons, strict=True):
            if not line:
                kept.append("")
                continue
            if reason is None and expect_url and re.match(r"^<?https?://", line):
                reason = "original url footer"
            expect_url = reason == "original url footer" and not re.search(r"https?://", line)
            if reason is None:
                kept.append(line)
                continue
            removed.append(Removed(line, reason))
            self._take_metadata(reason, line, meta)
            if reason == "masthead" and masthead is None and not re.search(r"\d", line):
                masthead = line

        paragraphs = _join_paragraphs(kept)
        if paragraphs:
            split = parse_dateline(paragraphs[0])
            if split:
                dateline, when, agency = split
                removed.append(Removed(dateline, "dateline"))
                paragraphs[0] = paragraphs[0][len(dateline):].lstrip(" -:")
                meta["dateline"] = meta["dateline"] or dateline.rstrip(" -:")
                meta["published"] = meta["published"] or when
                meta["agency"] = meta["agency"] or agency
        paragraphs = [_plain(p) for p in paragraphs if p.strip()]
        metadata = dict(article.metadata)
        if not paragraphs:
            metadata["clean_warning"] = "every line looked like junk; the text is kept as it was"
            clean_text, removed = article.text, []
        else:
            clean_text = "\n\n".join(paragraphs)
        # Every field named (what ``dataclasses.replace`` gives, at a third of its cost per article;
        # tests/clean checks that no field of Article is left out).
        return Article(
            id=article.id,
            text=clean_text,
            raw=article.raw,
            title=meta["title"],
            outlet=_outlet_from(article, masthead, meta["url"]),
            agency=meta["agency"],
            published=meta["published"],
            byline=meta["byline"],
            dateline=meta["dateline"],
            url=meta["url"],
            source_path=article.source_path,
            removed=list(article.removed) + removed,
            copy_group=article.copy_group,
            story=article.story,
            metadata=metadata,
        )

    @staticmethod
    def _is_title(line: str, title: str | None) -> bool:
        if title is not None:
            return _line_key(line) == _line_key(title)
        words = line.split()
        return 3 <= len(words) <= 25 and not line.endswith((".", ",", ";", ":"))

    @staticmethod
    def _take_metadata(reason: str, line: str, meta: dict[str, str | None]) -> None:
        plain = _plain(line).strip()
        if reason == "title" and meta["title"] is None:
            meta["title"] = _MD_HEADING.sub("", plain).strip()
        elif reason == "byline":
            meta["byline"] = meta["byline"] or re.sub(r"^by\s+", "", plain, flags=re.I)
            meta["agency"] = meta["agency"] or agency_in(plain)
        elif reason == "date line":
            meta["published"] = meta["published"] or parse_date(plain)
        elif reason in ("original url footer", "url"):
            found = re.search(r"https?://[^\s>]+", line)
            if found:
                meta["url"] = meta["url"] or found.group()
        elif reason == "copyright footer":
            meta["agency"] = meta["agency"] or agency_in(plain)


def _blocks(lines: list[str]) -> list[int]:
    """The index of the blank-line separated block each line belongs to."""
    out, block = [], 0
    for line in lines:
        if not line:
            block += 1
        out.append(block)
    return out


def _join_paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; a paragraph cut mid-sentence (no end punctuation,
    next one starting in lower case) is joined back to the next."""
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if out and line[:1].islower() and not _ENDED.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out
