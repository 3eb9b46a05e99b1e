"""Optional abstractive rewrite of the cited summary through an OpenAI-compatible endpoint.

Off by default (``SummaryConfig.llm_endpoint`` empty): the default path needs no model and no
network. When set (a llama.cpp or Ollama server, or any ``/v1/chat/completions`` service), the
extractive summary's sentences are sent numbered, the model returns one rewritten sentence per
number as JSON, and each rewrite keeps the citations of the sentence it replaces only where the
support check passes against that cited article; a rewrite no cited article supports is dropped
(its extractive original is not put back either: the reader sees only supported sentences).
Conflict sentences are never rewritten. The API key, if the endpoint needs one, is read from the
``STORYLINE_LLM_API_KEY`` environment variable.
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from ..model import Article, Claim
from .support import SupportChecker

__all__ = ["LLMRewriter"]

log = logging.getLogger(__name__)

_PROMPT = (
    "Rewrite each numbered news sentence to read smoothly as part of one neutral summary. Keep every fact, "
    "name and number exactly; add nothing that is not in the sentence. Answer with JSON only: "
    '[{"n": 1, "text": "..."}, ...], one object per numbered sentence.'
)


class LLMRewriter:
    def __init__(self, endpoint: str, model: str, *, timeout: float = 30.0, support_threshold: float = 0.6) -> None:
        self.url = endpoint.rstrip("/") + ("" if endpoint.rstrip("/").endswith("/chat/completions") else "/v1/chat/completions")
        self.model = model
        self.timeout = timeout
        self.support_threshold = support_threshold

    def _ask(self, sentences: list[str]) -> dict[int, str]:
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": _PROMPT},
                {"role": "user", "content": "\n".join(f"{i}. {s}" for i, s in enumerate(sentences, 1))},
            ],
        }
        headers = {"Content-Type": "application/json"}
        if key := os.environ.get("STORYLINE_LLM_API_KEY"):
            headers["Authorization"] = f"Bearer {key}"
        request = urllib.request.Request(self.url, json.dumps(body).encode(), headers, method="POST")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the user's endpoint
            reply = json.loads(response.read().decode("utf-8"))
        content = reply["choices"][0]["message"]["content"]
        match = re.search(r"\[.*\]", content, re.S)
        items: Any = json.loads(match.group() if match else content)
        return {int(x["n"]): str(x["text"]).strip() for x in items if isinstance(x, dict) and "n" in x and "text" in x}

    def rewrite(self, summary: Sequence[Claim], articles: Sequence[Article]) -> list[Claim]:
        """The summary with sentences rewritten, each re-checked; on any endpoint error, unchanged."""
        plain = [c for c in summary if c.metadata.get("kind") != "conflict"]
        if not plain:
            return list(summary)
        try:
            rewritten = self._ask([c.text for c in plain])
        except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError) as exc:
            log.warning("LLM rewrite skipped: %s: %s", self.url, exc)
            return list(summary)
        checker = SupportChecker(list(articles), threshold=self.support_threshold)
        out: list[Claim] = []
        for claim in summary:
            if claim.metadata.get("kind") == "conflict":
                out.append(claim)
                continue
            text = rewritten.get(plain.index(claim) + 1)
            if not text:
                out.append(claim)
                continue
            cites = [c for aid in claim.sources if (c := checker.check(text, aid)) is not None]
            if not cites:
                log.info("LLM rewrite dropped, no cited article supports it: %r", text)
                continue
            sources = sorted({c.article_id for c in cites})
            out.append(Claim(text, sources, cites, min(claim.support, len(sources)),
                             {**claim.metadata, "rewritten_from": claim.text}))
        return out
