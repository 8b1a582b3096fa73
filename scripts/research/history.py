"""When each source file last changed: its last commit in git, or its modification time where git
cannot say (no repository, the file is untracked, or it has uncommitted edits).

A fresh clone gives every file the clone's time as mtime, so the commit date is the truthful one
whenever there is a commit to read. A few git calls in all, however many records there are."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _commit_dates(root: Path, paths: list[str]) -> dict[str, dt.datetime]:
    """The date of the last commit that touched each path (paths relative to `root`)."""
    log = _git(root, "log", "--format=%x00%cI", "--name-only", "--relative", "--", *paths)
    if log is None:
        return {}
    dates: dict[str, dt.datetime] = {}
    for entry in log.split("\x00")[1:]:
        when, *names = entry.strip().splitlines()
        moment = dt.datetime.fromisoformat(when)
        for name in names:
            dates.setdefault(name.strip(), moment)  # newest commit comes first
    return dates


def _edited(root: Path, paths: list[str]) -> set[str]:
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    if status is None:
        return set(paths)
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    return {line[3:].strip().removeprefix(prefix) for line in status.splitlines() if line}


def last_changed(root: Path, files: Iterable[Path]) -> dict[Path, dt.datetime]:
    """Each file's last change, timezone-aware."""
    root = root.resolve()
    relative = {path.resolve().relative_to(root).as_posix(): path for path in files}
    dates = _commit_dates(root, list(relative))
    edited = _edited(root, list(relative)) if dates else set(relative)
    result = {}
    for name, path in relative.items():
        if name in dates and name not in edited:
            result[path] = dates[name]
        else:
            mtime = path.stat().st_mtime
            result[path] = dt.datetime.fromtimestamp(mtime, dt.UTC).replace(microsecond=0)
    return result
