"""Functions for tests/test_spawned.py to run in a child interpreter, which imports this module
by name (the tests put tests/ on PYTHONPATH)."""

from __future__ import annotations

import os
import time


def add(a, b):
    return a + b


def pid():
    return os.getpid()


def disk_full(path):
    with open(path, "w") as handle:  # a missing folder: FileNotFoundError, an OSError
        handle.write("x")


class Unpicklable(Exception):
    def __init__(self, message: str, detail: str):
        super().__init__(f"{message} ({detail})")


def raise_unpicklable():
    raise Unpicklable("went wrong", "detail")


def exit_with(code):
    os._exit(code)


def sleep(seconds):
    time.sleep(seconds)


def collect(inbox):
    received = []
    while (message := inbox.recv()) is not None:
        received.append(message)
    return received


def exit_on_first_message(inbox, code):
    inbox.recv()
    os._exit(code)
