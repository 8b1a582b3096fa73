"""Site writers that fail in the ways tests need. The writer runs in a process of its
own (research/spawned.py), which imports this module by name: tests put tests/ on PYTHONPATH.
Each one replaces `zipfile.ZipFile.writestr` in that process, then runs the real writer."""

from __future__ import annotations

import errno
import os
import time
import zipfile

from research.site_writer import write_site


class LocalError(Exception):
    """Raised with an argument pickle cannot rebuild, as some library errors are."""

    def __init__(self, message: str, detail: str):
        super().__init__(f"{message} ({detail})")


def _disk_full(self, info, data, **options):
    raise OSError(errno.ENOSPC, "No space left on device", info.filename)


def _untransportable(self, info, data, **options):
    raise LocalError("compression went wrong", "level 6")


def _die(self, info, data, **options):
    os._exit(3)


def _hang(self, info, data, **options):
    time.sleep(60)


def _slow(self, info, data, **options):
    time.sleep(0.2)


def _write_with(replacement, args, kwargs):
    zipfile.ZipFile.writestr = replacement
    return write_site(*args, **kwargs)


def disk_full(*args, **kwargs):
    return _write_with(_disk_full, args, kwargs)


def untransportable(*args, **kwargs):
    return _write_with(_untransportable, args, kwargs)


def dies(*args, **kwargs):
    return _write_with(_die, args, kwargs)


def hangs(*args, **kwargs):
    return _write_with(_hang, args, kwargs)


def slow(*args, **kwargs):
    return _write_with(_slow, args, kwargs)
