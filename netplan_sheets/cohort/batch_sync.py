"""netplan cohort sync as a library call: sync every participant's workbook, in parallel.

Local workbooks are synced in worker processes (one per CPU core by default): a sync is
CPU-bound Python, so threads would take turns. Google Sheets are synced one after another
through one client that keeps within Google's per-user quotas (parallel syncs would only
wait for the same quota). Whatever one workbook does (corrupt, locked, refused, private,
deleted, or a worker process dying on it) is that participant's outcome; the others are
synced regardless. Outcomes are stored in cohort-status.json for the report.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netplan_sheets.cohort.figures import figures_from
from netplan_sheets.cohort.manifest import (
    GOOGLE,
    LOCAL,
    Entry,
    EntryState,
    Manifest,
    cohort_lock,
)
from netplan_sheets.cohort.status import (
    Outcome,
    SyncStatus,
    failure_message,
    load_status,
    save_status,
)
from netplan_sheets.errors import BadInput
from netplan_sheets.sync import sync_xlsx

if TYPE_CHECKING:  # the Google libraries load only when a cohort has Google Sheets
    from netplan_sheets.backends.google_http import NetplanClient


@dataclass(frozen=True)
class Job:
    key: str
    path: str
    as_of: date | None


@dataclass(frozen=True)
class Row:
    """One participant in the result: the roster's name and group, and the outcome."""

    number: int  # 1-based, in manifest order
    entry: Entry
    outcome: Outcome

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "name": self.entry.name, "group": self.entry.group,
                "workbook": self.entry.workbook, **self.outcome.to_dict()}


@dataclass(frozen=True)
class CohortSyncResult:
    manifest: str
    program: str
    workers: int
    rows: tuple[Row, ...]

    @property
    def ok(self) -> bool:
        return all(row.outcome.ok for row in self.rows)

    def counts(self) -> dict[str, int]:
        found = {str(s): 0 for s in SyncStatus}
        for row in self.rows:
            found[str(row.outcome.status)] += 1
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"manifest": self.manifest, "program": self.program, "workers": self.workers,
                "ok": self.ok, "counts": self.counts(),
                "participants": [row.to_dict() for row in self.rows]}


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use
    except AttributeError:  # pragma: no cover - macOS has no sched_getaffinity
        return os.cpu_count() or 1


def sync_participant(job: Job) -> Outcome:
    """Sync one workbook (runs in a worker process); never raises."""
    path = Path(job.path)
    if not path.is_file():
        return _failed(job.key, "the workbook file is missing (moved, renamed or deleted?)")
    try:
        result = sync_xlsx(path, as_of=job.as_of)
    except Exception as error:  # any failure is this participant's outcome, not the cohort's
        return _failed(job.key, failure_message(error))
    status = SyncStatus.SYNCED if result.valid else SyncStatus.PROBLEMS
    return Outcome(job.key, status, None, _now(), figures_from(result))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _failed(key: str, message: str) -> Outcome:
    return Outcome(key, SyncStatus.FAILED, message, _now(), None)


def sync_cohort(
    manifest: Manifest,
    as_of: date | None = None,
    workers: int | None = None,
    progress: Callable[[Outcome], None] | None = None,
    google: Callable[[], NetplanClient] | None = None,
) -> CohortSyncResult:
    """Sync every participant of ``manifest``; ``progress`` is told of each outcome.

    ``google`` gives the client for the cohort's Google Sheets; it is called once, before
    anything is synced, and only when there are some (default: the credentials found as
    for every command, throttled to Google's quotas).

    Workers start through multiprocessing's forkserver, which imports the calling script
    again in each worker: a script calling this needs the usual
    ``if __name__ == "__main__":`` guard (the ``netplan`` command has it).
    """
    if workers is not None and workers < 1:
        raise BadInput(f"workers must be 1 or more, not {workers}")
    done: dict[str, Outcome] = {}
    jobs: list[Job] = []
    sheets: list[Entry] = []
    for entry in manifest.participants:
        if entry.state is EntryState.PENDING:
            done[entry.key] = _failed(entry.key, "the workbook was never made; run netplan "
                                                 "cohort init again to finish it")
        elif entry.backend == GOOGLE:
            sheets.append(entry)
        elif entry.backend != LOCAL:
            done[entry.key] = _failed(entry.key, f"{entry.backend} workbooks cannot be "
                                                 "synced by this version")
        elif (refused := manifest.outside_folder(entry)) is not None:
            done[entry.key] = _failed(entry.key, refused)
        else:
            jobs.append(Job(entry.key, str(manifest.local_path(entry)), as_of))
    client = _google_client(google) if sheets else None  # no credentials: nothing synced
    if progress is not None:
        for outcome in done.values():
            progress(outcome)
    count = max(1, min(workers or default_workers(), len(jobs)))
    with cohort_lock(manifest.path):
        stored = load_status(manifest)
        try:
            _run(jobs, count, done, progress)
            if client is not None:
                _sync_sheets(client, sheets, as_of, done, progress)
        finally:  # an interrupted run still keeps what it finished
            save_status(manifest, {**stored, **done})
    rows = tuple(Row(n, entry, done[entry.key])
                 for n, entry in enumerate(manifest.participants, start=1))
    return CohortSyncResult(str(manifest.path), manifest.program_name, count, rows)


def _google_client(google: Callable[[], NetplanClient] | None) -> NetplanClient:
    from netplan_sheets.cohort.google_workbooks import cohort_client

    return (google or cohort_client)()


def _sync_sheets(client: NetplanClient, sheets: Sequence[Entry], as_of: date | None,
                 done: dict[str, Outcome], progress: Callable[[Outcome], None] | None) -> None:
    from netplan_sheets.cohort.google_workbooks import sync_google_participant

    for entry in sheets:
        outcome = sync_google_participant(client, entry.key, entry.workbook, as_of)
        done[entry.key] = outcome
        if progress is not None:
            progress(outcome)


def _context() -> Any:
    # forkserver: workers start from a clean process (no inherited locks or threads), and
    # fork from one that has already imported the sync code.
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["netplan_sheets.sync"])
    return context


def _run(jobs: Sequence[Job], workers: int, done: dict[str, Outcome],
         progress: Callable[[Outcome], None] | None) -> None:
    if not jobs:
        return
    orphans = _round(jobs, workers, done, progress)
    # A worker process died (killed, out of memory): every job still queued in that pool
    # failed with it. Retry each alone, so only the job that kills its worker fails.
    for job in orphans:
        if _round([job], 1, done, progress):
            outcome = _failed(job.key, "the sync process stopped unexpectedly (out of memory?)")
            done[job.key] = outcome
            if progress is not None:
                progress(outcome)


def _round(jobs: Sequence[Job], workers: int, done: dict[str, Outcome],
           progress: Callable[[Outcome], None] | None) -> list[Job]:
    orphans: list[Job] = []
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        futures: dict[Future[Outcome], Job] = {pool.submit(sync_participant, j): j for j in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                orphans.append(job)
                continue
            done[job.key] = outcome
            if progress is not None:
                progress(outcome)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return orphans
