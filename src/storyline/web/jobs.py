"""Ingest jobs: uploaded input runs through the pipeline on one background worker, one job at a time.

A POST stores the uploaded bytes in a private temporary folder (file names made safe, each upload in its
own sub-folder so equal names do not collide) and queues a job; the worker runs
:meth:`storyline.pipeline.Storyline.add` over those files, reporting each stage as progress, then deletes the
folder. Only files are read: nothing fetches a URL found in an article. Jobs live in memory; the newest
``keep`` are remembered.
"""

from __future__ import annotations

import logging
import queue
import re
import shutil
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..config import PipelineConfig
from ..errors import StorylineError

__all__ = ["STAGES", "JobQueue", "QueueFull", "safe_name"]

log = logging.getLogger(__name__)

#: The stages ``Storyline.add`` reports, in order.
STAGES = ("ingest", "clean", "dedup", "cluster", "brief")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class QueueFull(RuntimeError):
    """Too many ingest jobs are waiting."""


def safe_name(name: str, fallback: str) -> str:
    """A file name made of ``[A-Za-z0-9._-]`` that keeps the suffix (the reader is chosen by it)."""
    base = Path(name.replace("\\", "/")).name
    safe = _UNSAFE.sub("_", base).lstrip(".-")[-120:]
    return safe if safe and safe.strip("._") else fallback


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class JobQueue:
    """One worker thread running ingest jobs in order against the store at ``db``."""

    def __init__(
        self,
        db: str | Path,
        config: PipelineConfig | None = None,
        *,
        max_waiting: int = 8,
        keep: int = 100,
        on_done: Callable[[], None] | None = None,
    ) -> None:
        self.db = Path(db)
        self.config = config or PipelineConfig()
        self.max_waiting = max_waiting
        self.keep = keep
        self.on_done = on_done
        self._jobs: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._folders: dict[str, Path] = {}
        self._configs: dict[str, PipelineConfig] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._worker: threading.Thread | None = None

    # -- submitting -------------------------------------------------------------------------------

    def submit(self, uploads: Sequence[tuple[str, bytes]], config: PipelineConfig | None = None) -> dict[str, Any]:
        """Queue ``(file name, content)`` pairs as one job (read with ``config``, else the queue's); return it."""
        with self._lock:
            waiting = sum(1 for j in self._jobs.values() if j["status"] in ("queued", "running"))
            if waiting > self.max_waiting:
                raise QueueFull(f"{waiting} ingest jobs are waiting; try again when one has finished")
            job_id = uuid.uuid4().hex[:16]
            folder = Path(tempfile.mkdtemp(prefix="storyline-ingest-"))
            names = []
            try:
                for n, (name, data) in enumerate(uploads):
                    safe = safe_name(name, f"upload-{n}.txt")
                    sub = folder / f"{n:04d}"
                    sub.mkdir()
                    (sub / safe).write_bytes(data)
                    names.append(name)
            except OSError:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._folders[job_id] = folder
            self._configs[job_id] = config or self.config
            self._jobs[job_id] = {
                "id": job_id,
                "status": "queued",
                "stage": None,
                "progress": 0.0,
                "stages": list(STAGES),
                "created": _now(),
                "started": None,
                "finished": None,
                "files": names,
                "counts": {},
                "errors": [],
                "stories": [],
                "message": None,
                "url": f"/jobs/{job_id}",
            }
            self._forget_old()
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="storyline-ingest", daemon=True)
                self._worker.start()
            self._queue.put(job_id)
            return dict(self._jobs[job_id])

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else dict(job)

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(j) for j in reversed(self._jobs.values())]

    def close(self, timeout: float = 30.0) -> None:
        """Stop the worker after the job it is running (waiting jobs are dropped)."""
        worker = self._worker
        if worker is not None and worker.is_alive():
            self._queue.put(None)
            worker.join(timeout)
        with self._lock:
            for job_id, folder in list(self._folders.items()):
                shutil.rmtree(folder, ignore_errors=True)
                self._folders.pop(job_id, None)

    def _forget_old(self) -> None:
        done = [k for k, j in self._jobs.items() if j["status"] in ("done", "failed")]
        for key in done[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[key]

    # -- running ----------------------------------------------------------------------------------

    def _update(self, job_id: str, **fields: Any) -> None:
        with self._lock:
            self._jobs[job_id].update(fields)

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None:
                return
            try:
                self._run(job_id)
            finally:
                with self._lock:
                    folder = self._folders.pop(job_id, None)
                if folder is not None:
                    shutil.rmtree(folder, ignore_errors=True)
                if self.on_done is not None:
                    self.on_done()

    def _run(self, job_id: str) -> None:
        from ..pipeline import Storyline

        folder = self._folders[job_id]
        config = self._configs.pop(job_id, self.config)
        self._update(job_id, status="running", started=_now(), stage=STAGES[0])

        def progress(stage: str) -> None:
            done = STAGES.index(stage) if stage in STAGES else 0
            self._update(job_id, stage=stage, progress=round(done / len(STAGES), 3))

        uploads = self.get(job_id)["files"]  # type: ignore[index]

        def shown(path: str) -> str:
            """An error's path as the client named the file (never the temporary folder)."""
            try:
                rel = Path(path).relative_to(folder)
                return uploads[int(rel.parts[0])]
            except (ValueError, IndexError):
                return Path(path).name

        try:
            with Storyline(self.db, config) as app:
                # Each upload by name, as the user chose it: an unreadable one is an error, not skipped.
                report = app.add(sorted(p for p in folder.glob("*/*") if p.is_file()), progress=progress)
        except StorylineError as exc:
            self._update(job_id, status="failed", finished=_now(), message=str(exc).replace(str(folder), "<upload>"))
            return
        except Exception:  # a bug must not kill the worker; the log has the traceback
            log.exception("ingest job %s failed", job_id)
            self._update(job_id, status="failed", finished=_now(), message="internal error; see the server log")
            return
        new = set(report.input_ids)
        stories = sorted({a.story for a in report.articles if a.id in new and a.story})
        errors = [{"file": shown(e.path), "line": e.line, "reason": e.reason.replace(str(folder), "<upload>")}
                  for e in report.errors]
        self._update(job_id, status="done", finished=_now(), stage=None, progress=1.0,
                     counts={k: v for k, v in report.counts.items() if isinstance(v, int | float | str)},
                     errors=errors, stories=stories)
