"""The FastAPI application: the JSON API under ``/v1``, the HTML pages, static files, and the guards.

Guards, outermost first: security headers on every response (a strict Content-Security-Policy with
``script-src 'self'`` and ``frame-ancestors 'none'``, ``nosniff``, no referrer), an optional Host check
(``allowed_hosts``; :func:`storyline.web.serve` sets it to the loopback names when bound to loopback, which
stops DNS-rebinding pages from reading the API), a request body limit, and per-client rate limits (reads
and writes separately). Writes need ``Authorization: Bearer <token>``; without a configured token the server
is read-only.
"""

from __future__ import annotations

import gzip
import hmac
import json
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..config import PipelineConfig
from ..errors import ConfigError
from .cache import PageCache
from .catalog import BadQuery, Catalog, NotFound, article_path, story_path
from .jobs import JobQueue, QueueFull
from .schemas import ApiInfo, ArticleDetail, Diff, Job, JobList, OutletCount, Problem, StoryDetail, StoryList

__all__ = ["CONTENT_SECURITY_POLICY", "create_app"]

log = logging.getLogger(__name__)
HERE = Path(__file__).parent

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
_JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines",
                "application/json"}
_FIELDS = ("id", "title", "text", "date", "url", "source")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# -- guards ------------------------------------------------------------------------------------------


class SecurityHeaders:
    """Adds the security headers to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _v in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in _SECURITY_HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def story_answer(catalog: Catalog, cache: PageCache, story_id: str, kind: str, if_none_match: str | None,
                 accept_encoding: str, render: Callable[[str, str], bytes] | None
                 ) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
    """Status, headers and body for a story page (``kind`` "story.html") or its JSON twin ("story.json"):
    from the page cache, else rendered with ``render`` (and cached). None when there is no such story, or when
    the page is not cached and ``render`` is None."""
    catalog.refresh()
    fingerprint = catalog.fingerprints.get(story_id)
    if fingerprint is None:
        return None
    packed = cache.get(kind, story_id, fingerprint)
    if packed is None:
        if render is None:
            return None
        packed = cache.put(kind, story_id, fingerprint, render(story_id, kind))
    etag = f'"{fingerprint}{kind[-1]}"'.encode()
    media = b"application/json" if kind == "story.json" else b"text/html; charset=utf-8"
    headers = [(b"etag", etag), (b"vary", b"Accept-Encoding"), (b"cache-control", b"no-cache")]
    if if_none_match is not None and if_none_match.encode() == etag:
        return 304, headers, b""
    if "gzip" in accept_encoding:
        body = packed
        headers.append((b"content-encoding", b"gzip"))
    else:
        body = gzip.decompress(packed)
    headers += [(b"content-type", media), (b"content-length", str(len(body)).encode())]
    return 200, headers, body


class CachedStories:
    """Serves story pages and their JSON twins that are in the page cache without going through the router:
    the most requested pages cost microseconds. Anything else (a miss, a query string) goes on to the app."""

    PREFIXES = (("/stories/", "story.html"), ("/v1/stories/", "story.json"))

    def __init__(self, app: ASGIApp, catalog: Catalog, cache: PageCache) -> None:
        self.app, self.catalog, self.cache = app, catalog, cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope.get("query_string"):
            path: str = scope["path"]
            for prefix, kind in self.PREFIXES:
                if path.startswith(prefix) and "/" not in path[len(prefix):] and len(path) - len(prefix) <= 500:
                    found = {k: v for k, v in scope["headers"] if k in (b"if-none-match", b"accept-encoding")}
                    answer = story_answer(
                        self.catalog, self.cache, path[len(prefix):], kind,
                        found[b"if-none-match"].decode("latin-1") if b"if-none-match" in found else None,
                        found.get(b"accept-encoding", b"").decode("latin-1"), None,
                    )
                    if answer is not None:
                        status, headers, body = answer
                        await send({"type": "http.response.start", "status": status, "headers": headers})
                        await send({"type": "http.response.body", "body": body})
                        return
                    break
        await self.app(scope, receive, send)


class HeadAsGet:
    """Answers HEAD like GET, without the body (curl -I, link checkers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


async def _problem(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] = ()) -> None:  # type: ignore[assignment]
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = f"the request body is over the limit of {self.max_bytes} bytes; send less per request"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _problem(send, 400, "Content-Length is not a number")
                    return
                if declared > self.max_bytes:
                    await _problem(send, 413, too_big)
                    return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooBig
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooBig:
            if not started:
                await _problem(send, 413, too_big)


class _TooBig(Exception):
    pass


class RateLimiter:
    """Token buckets per client: ``rate`` requests a second on average, bursts of up to ``burst``."""

    def __init__(self, rate: float, burst: float, max_clients: int = 10_000) -> None:
        self.rate, self.burst, self.max_clients = rate, burst, max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait_time(self, key: str) -> float:
        """0 if a request from ``key`` may go now (and count it), else the seconds until one may."""
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[key] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


class RateLimit:
    """429 with Retry-After when a client goes over its read (GET/HEAD) or write (other methods) rate."""

    def __init__(self, app: ASGIApp, reads: RateLimiter | None, writes: RateLimiter | None) -> None:
        self.app, self.reads, self.writes = app, reads, writes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limiter = self.reads if scope["method"] in ("GET", "HEAD") else self.writes
            if limiter is not None:
                client = (scope.get("client") or ("?", 0))[0]
                wait = limiter.wait_time(client)
                if wait > 0:
                    seconds = str(max(1, math.ceil(wait))).encode()
                    await _problem(send, 429, "too many requests from this client; retry after the given seconds",
                                   [(b"retry-after", seconds)])
                    return
        await self.app(scope, receive, send)


# -- the app -----------------------------------------------------------------------------------------


def _version() -> str:
    try:
        return version("storyline")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "a bad parameter"},
    404: {"model": Problem, "description": "not found"},
    429: {"model": Problem, "description": "too many requests"},
}


# -- parameters shared by the API and the pages

Q = Annotated[str | None, Query(max_length=200, description="words that must all occur (the last as a prefix)")]
Since = Annotated[date | None, Query(description="stories with an article on or after this day")]
Until = Annotated[date | None, Query(description="stories with an article on or before this day")]
Outlet = Annotated[str | None, Query(max_length=200, description="an outlet name, any case")]
Entity = Annotated[str | None, Query(max_length=200, description="a name the story mentions, e.g. 'Port Ellory'")]
Cursor = Annotated[str | None, Query(max_length=1000, pattern=r"^[A-Za-z0-9_-]*$",
                                     description="next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=100)]
FormSince = Annotated[str | None, Query(alias="since", max_length=40)]
FormUntil = Annotated[str | None, Query(alias="until", max_length=40)]


def _day(value: str | None, name: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise HTTPException(400, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from exc

StoryId = Annotated[str, PathParam(max_length=500)]
ArticleId = Annotated[str, PathParam(max_length=500)]
JobId = Annotated[str, PathParam(max_length=100)]
FieldName = Annotated[str, Query(min_length=1, max_length=100)]
Credentials = Annotated[
    HTTPAuthorizationCredentials | None,
    Depends(HTTPBearer(auto_error=False, description="the token the server was started with (--token)")),
]


def create_app(
    store_path: str | Path,
    token: str | None = None,
    *,
    config: PipelineConfig | None = None,
    max_body: int = 32 * 1024 * 1024,
    read_rate: float | None = 100.0,
    write_rate: float | None = 0.2,
    allowed_hosts: list[str] | None = None,
    page_cache: int = 256 * 1024 * 1024,
) -> FastAPI:
    """The Storyline web app over the store at ``store_path`` (created empty if missing).

    ``token`` enables writes (``POST /v1/articles`` with ``Authorization: Bearer <token>``); ``None`` keeps the
    server read-only. ``max_body`` limits request bodies (bytes). ``read_rate`` and ``write_rate`` are requests
    a second per client address (bursts of 4x ``read_rate``, and of 5 writes); ``None`` or 0 turns a limit off.
    ``allowed_hosts`` (Host header names) defaults to accepting any host. ``page_cache`` is the memory (bytes,
    compressed) for rendered story pages, which a background thread renders ahead; 0 renders on every request.
    """
    if token is not None and not token.strip():
        raise ConfigError("token is empty; give a secret string, or None for a read-only server")
    if max_body < 1024:
        raise ConfigError(f"max_body = {max_body!r} is too small; allowed: 1024 bytes or more")
    for name, value in (("read_rate", read_rate), ("write_rate", write_rate)):
        if value is not None and (value < 0 or math.isnan(value)):
            raise ConfigError(f"{name} = {value!r} must be 0 or more (requests a second), or None for no limit")
    config = config or PipelineConfig()
    catalog = Catalog(store_path)
    def ingested() -> None:
        catalog.refresh()  # the new stories are listed (and their pages rendered ahead) at once

    jobs = JobQueue(catalog.path, config, on_done=ingested)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(story_path=story_path, article_path=article_path, quote=lambda s: quote(str(s), safe=""))
    writable = token is not None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()
        cache.close()
        catalog.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Storyline",
        version=_version(),
        description="Stories across news outlets: cited summaries, agreement, conflicts, wire copies. "
        "Every HTML page has a JSON twin here. Writes need `Authorization: Bearer <token>`.",
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.catalog = catalog
    app.state.jobs = jobs
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(template: str, code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(writable=writable, **context)
        return HTMLResponse(html, status_code=code)

    # -- errors: JSON under /v1, HTML elsewhere

    # -- story pages and their JSON twins: rendered once per fingerprint, kept compressed

    cache = PageCache(page_cache)
    app.state.page_cache = cache

    def render_story(story_id: str, kind: str) -> bytes:
        view = catalog.story(story_id)
        if kind == "story.json":  # the view has StoryDetail's shape (the schemathesis test checks every answer)
            return json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode()
        html = env.get_template("story.html").render(writable=writable, s=view, json_url="/v1" + story_path(story_id))
        return html.encode()

    def cached_story(request: Request, story_id: str, kind: str) -> Response:
        try:
            answer = story_answer(catalog, cache, story_id, kind, request.headers.get("if-none-match"),
                                  request.headers.get("accept-encoding", ""), render_story)
        except NotFound as exc:  # deleted meanwhile
            raise not_found(exc) from exc
        if answer is None:
            raise HTTPException(404, f"no story {story_id!r}")
        status, headers, body = answer
        response = Response(body, status_code=status)
        response.raw_headers = headers
        return response

    def warm() -> None:
        def render(sid: str, fingerprint: str) -> None:
            for kind in ("story.html", "story.json"):  # the second reuses the view the first built
                cache.put(kind, sid, fingerprint, render_story(sid, kind))

        cache.warm(catalog.newest_first(), render)

    catalog.listeners.append(warm)
    warm()

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/v1")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
        return page("error.html", exc.status_code, status=exc.status_code, detail=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}" for e in exc.errors())
        if wants_json(request):
            return JSONResponse({"detail": problems}, status_code=400)
        return page("error.html", 400, status=400, detail=problems)

    def not_found(exc: LookupError) -> HTTPException:
        return HTTPException(404, str(exc))

    def list_stories(q: str | None, since: date | None, until: date | None, outlet: str | None,
                     entity: str | None, cursor: str | None, limit: int) -> dict[str, Any]:
        try:
            return catalog.stories(q=q, since=since, until=until, outlet=outlet, entity=entity, cursor=cursor,
                                   limit=limit)
        except BadQuery as exc:
            raise HTTPException(400, str(exc)) from exc

    # -- the JSON API
    # Reads are ``async def``: they are short and CPU-bound, so running them on the event loop avoids a thread
    # hand-off per request (threads would only contend for the GIL). The diff, which can be long, runs in the
    # thread pool (``def``).

    def require_token(credentials: Credentials) -> None:
        if token is None:
            raise HTTPException(403, "this server is read-only; start it with --token to accept articles")
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode("utf-8", "surrogatepass")):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is needed to write",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.get("/v1", response_model=ApiInfo, tags=["meta"], responses={429: _ERRORS[429]})
    async def api_info() -> dict[str, Any]:
        """What this server is and whether it accepts writes."""
        return {"name": "storyline", "version": _version(), "writable": writable,
                "stories": catalog.count_stories(), "openapi": "/v1/openapi.json",
                "page_cache": {"pages": len(cache), "bytes": cache.used, "warming": cache.warming}}

    @app.get("/v1/stories", response_model=StoryList, tags=["stories"], responses={400: _ERRORS[400], 429: _ERRORS[429]})
    async def api_stories(q: Q = None, since: Since = None, until: Until = None, outlet: Outlet = None,
                    entity: Entity = None, cursor: Cursor = None, limit: Limit = 20) -> dict[str, Any]:
        """Stories newest first (by their latest article), with search and filters; pages by cursor.

        HTML twin: `/?q=...`."""
        return list_stories(q, since, until, outlet, entity, cursor, limit)

    @app.get("/v1/stories/{story_id:path}", response_model=StoryDetail, tags=["stories"], responses=_ERRORS)
    async def api_story(request: Request, story_id: StoryId) -> Response:
        """A story with its brief: cited summary, agreed facts, conflicts, exclusives, quotes, timeline,
        coverage grid and wire-copy tree. HTML twin: `/stories/{story_id}`."""
        return cached_story(request, story_id, "story.json")

    @app.get("/v1/outlets", response_model=list[OutletCount], tags=["stories"], responses={429: _ERRORS[429]})
    async def api_outlets() -> list[dict[str, Any]]:
        """Every outlet with its number of stories, most first."""
        return catalog.outlets()

    @app.get("/v1/articles/{a}/diff/{b}", response_model=Diff, tags=["articles"], responses=_ERRORS)
    def api_diff(a: ArticleId, b: ArticleId) -> dict[str, Any]:
        """Two articles side by side, sentence by sentence, changed words marked. HTML twin:
        `/articles/{a}/diff/{b}`."""
        try:
            return catalog.diff(a, b)
        except NotFound as exc:
            raise not_found(exc) from exc

    def diff_of(path: str) -> tuple[str, str] | None:
        """``A/diff/B`` naming two stored articles whose ids hold "/" (the diff routes' plain
        parameters cannot match them, so such paths reach the article routes)."""
        parts = path.split("/diff/")
        for i in range(1, len(parts)):
            a, b = "/diff/".join(parts[:i]), "/diff/".join(parts[i:])
            if len(catalog.reader.articles([a, b])) == 2:
                return a, b
        return None

    @app.get("/v1/articles/{article_id:path}", response_model=ArticleDetail, tags=["articles"], responses=_ERRORS)
    async def api_article(article_id: ArticleId) -> Any:
        """An article: clean text, the junk removed (with reasons), metadata and its copy relations.
        HTML twin: `/articles/{article_id}`."""
        try:
            return catalog.article(article_id)
        except NotFound as exc:
            pair = diff_of(article_id) if "/diff/" in article_id else None
            if pair is None:
                raise not_found(exc) from exc
            return JSONResponse(catalog.diff(*pair))

    ingest_body = {
        "required": True,
        "content": {
            "application/x-ndjson": {"schema": {"type": "string", "description": "one JSON article a line"}},
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"files": {"type": "array", "items": {
                    "type": "string", "format": "binary"}}}, "required": ["files"]},
            },
        },
    }

    @app.post(
        "/v1/articles",
        status_code=202,
        response_model=Job,
        tags=["articles"],
        dependencies=[Depends(require_token)],
        openapi_extra={"requestBody": ingest_body},
        responses={
            400: _ERRORS[400],
            401: {"model": Problem, "description": "no or wrong token"},
            403: {"model": Problem, "description": "the server is read-only"},
            413: {"model": Problem, "description": "the body is over the limit"},
            415: {"model": Problem, "description": "neither JSON lines nor multipart files"},
            429: {"model": Problem, "description": "too many requests, or too many jobs waiting"},
        },
    )
    async def api_ingest(
        request: Request,
        id_field: FieldName = "id",
        title_field: FieldName = "title",
        text_field: FieldName = "text",
        date_field: FieldName = "date",
        url_field: FieldName = "url",
        source_field: FieldName = "source",
    ) -> Response:
        """Add articles: JSON lines in the body, or files (any format `storyline brief` reads) as multipart
        `files`. Runs the pipeline in the background; poll the returned job (`Location`) for progress.
        URLs inside articles are never fetched."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        uploads: list[tuple[str, bytes]] = []
        if kind == "multipart/form-data":
            try:
                form = await request.form(max_files=1000, max_fields=20)
            except Exception as exc:  # a malformed multipart body
                raise HTTPException(400, f"cannot read the multipart body: {exc}") from exc
            for _key, item in form.multi_items():
                if hasattr(item, "read") and hasattr(item, "filename"):
                    uploads.append((item.filename or "upload", await item.read()))
            await form.close()
            if not uploads:
                raise HTTPException(400, "no files in the multipart body; send them as 'files'")
        elif kind in _JSONL_TYPES:
            body = await request.body()
            if not body.strip():
                raise HTTPException(400, "the body is empty; send one JSON article a line")
            uploads.append(("body.jsonl", body))
        else:
            raise HTTPException(415, "send JSON lines (Content-Type: application/x-ndjson) or multipart/form-data "
                                     "with 'files'")
        names = {"id": id_field, "title": title_field, "text": text_field, "date": date_field, "url": url_field,
                 "source": source_field}
        renamed = {f"{k}_field": v for k, v in names.items() if v != k}
        job_config = replace(config, ingest=replace(config.ingest, **renamed)) if renamed else config  # type: ignore[arg-type]
        try:
            job = jobs.submit(uploads, job_config)
        except QueueFull as exc:
            raise HTTPException(429, str(exc), headers={"Retry-After": "5"}) from exc
        return JSONResponse(job, status_code=202, headers={"Location": f"/v1/jobs/{job['id']}"})

    @app.get("/v1/jobs", response_model=JobList, tags=["ingest"], responses={429: _ERRORS[429]})
    async def api_jobs() -> dict[str, Any]:
        """Recent ingest jobs, newest first. HTML twin: `/ingest`."""
        return {"writable": writable, "jobs": jobs.list()}

    @app.get("/v1/jobs/{job_id}", response_model=Job, tags=["ingest"], responses=_ERRORS)
    async def api_job(job_id: JobId) -> dict[str, Any]:
        """One ingest job: status, current stage, progress (0 to 1), counts, input errors, stories touched.
        HTML twin: `/jobs/{job_id}`."""
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r} (jobs are kept in memory until the server restarts)")
        return job

    # -- the HTML pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def list_page(request: Request, q: Q = None, since_text: FormSince = None, until_text: FormUntil = None,
                        outlet: Outlet = None, entity: Entity = None, cursor: Cursor = None,
                        limit: Limit = 20) -> HTMLResponse:
        # The search form sends empty fields; an empty date means no bound.
        since, until = _day(since_text, "since"), _day(until_text, "until")
        result = list_stories(q, since, until, outlet, entity, cursor, limit)
        params = {k: v for k, v in (("q", q), ("since", since), ("until", until), ("outlet", outlet),
                                    ("entity", entity)) if v}
        base = urlencode({k: str(v) for k, v in params.items()})
        more = urlencode({**{k: str(v) for k, v in params.items()}, "cursor": result["next_cursor"]}) \
            if result["next_cursor"] else None
        json_url = "/v1/stories" + (f"?{request.url.query}" if request.url.query else "")
        return page("list.html", result=result, params=params, outlets=catalog.outlets()[:200],
                    older=f"/?{more}" if more else None, newest=f"/?{base}" if cursor else None,
                    json_url=json_url, filtered=bool(params))

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def story_page(request: Request, story_id: StoryId) -> Response:
        return cached_story(request, story_id, "story.html")

    @app.get("/articles/{a}/diff/{b}", response_class=HTMLResponse, include_in_schema=False)
    def diff_page(a: ArticleId, b: ArticleId) -> HTMLResponse:
        try:
            diff = catalog.diff(a, b)
        except NotFound as exc:
            raise not_found(exc) from exc
        return page("diff.html", d=diff, json_url=f"/v1{article_path(a)}/diff/{quote(b, safe='')}")

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def article_page(article_id: ArticleId, cite: Annotated[str | None, Query(pattern=r"^\d+-\d+$")] = None
                     ) -> HTMLResponse:
        try:
            article = catalog.article(article_id)
        except NotFound as exc:
            pair = diff_of(article_id) if "/diff/" in article_id else None
            if pair is None:
                raise not_found(exc) from exc
            return diff_page(*pair)
        text = article["text"]
        mark = None
        if cite:
            start, end = (int(x) for x in cite.split("-"))
            if 0 <= start < end <= len(text):
                mark = (start, end)
        paragraphs = []  # each a list of (text, "" | "mark" | "first"): the cited span is marked
        first = True
        for start, end in article["paragraphs"]:
            if mark and mark[0] < end and mark[1] > start:
                m0, m1 = max(mark[0], start), min(mark[1], end)
                paragraphs.append([(text[start:m0], ""), (text[m0:m1], "first" if first else "mark"), (text[m1:end], "")])
                first = False
            else:
                paragraphs.append([(text[start:end], "")])
        return page("article.html", a=article, paragraphs=paragraphs, json_url="/v1" + article_path(article_id))

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_page() -> HTMLResponse:
        return page("ingest.html", jobs=jobs.list(), json_url="/v1/jobs")

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    async def job_page(job_id: JobId) -> HTMLResponse:
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r} (jobs are kept in memory until the server restarts)")
        return page("job.html", job=job, json_url=f"/v1/jobs/{job_id}")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    # Routes are matched in order: the story page and its twin, by far the most requested, go first.
    # Story and article ids may contain "/" (ids are the input's); the diff routes, declared before
    # the article routes, take "/articles/A/diff/B" when neither id holds "/", and the article
    # routes split the other diff paths themselves (diff_of).
    hot = {"/stories/{story_id:path}", "/v1/stories/{story_id:path}"}
    app.router.routes.sort(key=lambda route: getattr(route, "path", "") not in hot)

    # Added innermost first: the security headers wrap everything else, the rate limit is innermost.
    app.add_middleware(CachedStories, catalog=catalog, cache=cache)
    app.add_middleware(RateLimit, reads=RateLimiter(read_rate, read_rate * 4) if read_rate else None,
                       writes=RateLimiter(write_rate, 5) if write_rate else None)
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app
