"""Work run in a child interpreter (research/spawned.py): its answer or its error comes back, a
child that dies or hangs never hangs the build, and nothing is left behind."""

from __future__ import annotations

import fcntl
import os
import pickle
import tempfile
import time

import pytest
from research.spawned import SpawnedCall


@pytest.fixture(autouse=True)
def targets(child_path):
    import spawned_targets

    return spawned_targets


def _leftovers() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("research-call-")}


def test_the_answer_comes_back_from_another_process(targets):
    before = _leftovers()
    assert SpawnedCall(targets.add, 2, 3, name="add").result() == 5
    assert SpawnedCall(targets.pid, name="pid").result() != os.getpid()
    assert _leftovers() == before  # the arguments' file is removed


def test_large_arguments_do_not_wait_for_the_child(targets, child_path, tmp_path):
    """The arguments go through a file: the build goes on while the child is still starting.
    (Through a pipe, the build would wait for the child to read them.)"""
    (tmp_path / "sitecustomize.py").write_text("import time\ntime.sleep(5)\n")
    child_path(tmp_path)  # every child now takes five seconds to start
    text = "x" * 50_000_000
    started = time.monotonic()
    call = SpawnedCall(targets.add, text, "y", name="large")
    assert time.monotonic() - started < 4
    assert len(call.result()) == 50_000_001
    assert time.monotonic() - started >= 5  # the child did start that slowly


def test_an_error_is_raised_where_the_result_is_taken(targets, tmp_path):
    call = SpawnedCall(targets.disk_full, str(tmp_path / "absent" / "f"), name="write")
    with pytest.raises(FileNotFoundError):
        call.result()


def test_an_error_pickle_cannot_carry_arrives_as_its_traceback(targets):
    call = SpawnedCall(targets.raise_unpicklable, name="unpicklable")
    with pytest.raises(RuntimeError, match=r"Unpicklable: went wrong \(detail\)"):
        call.result()


def test_a_child_that_dies_is_an_error_not_a_hang(targets):
    call = SpawnedCall(targets.exit_with, 7, name="dies")
    with pytest.raises(RuntimeError, match="dies: the process stopped \\(exit code 7\\)"):
        call.result()


def test_cancel_returns_at_once(targets):
    before = _leftovers()
    call = SpawnedCall(targets.sleep, 60, name="sleeps")
    time.sleep(0.5)
    started = time.monotonic()
    call.cancel()
    assert time.monotonic() - started < 5
    call.cancel()  # twice: harmless
    with pytest.raises(RuntimeError, match="cancelled"):
        call.result()
    assert _leftovers() == before


def test_messages_arrive_in_order_and_the_inbox_ends(targets):
    call = SpawnedCall(targets.collect, name="collect", messages=True)
    for number in range(5000):  # 2.5 MB: more than the pipe holds at once
        call.send([number, "x" * 500])
    call.send(None)
    assert call.result() == [[number, "x" * 500] for number in range(5000)]


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="Linux only")
def test_the_inbox_holds_a_megabyte(targets):
    """So that a batch of pages does not wait for the child to read it (64 KB by default)."""
    call = SpawnedCall(targets.collect, name="collect", messages=True)
    try:
        assert fcntl.fcntl(call._outbox, fcntl.F_GETPIPE_SZ) == 1 << 20
    finally:
        call.cancel()


def test_sending_to_a_child_that_died_raises_oserror(targets):
    call = SpawnedCall(targets.exit_on_first_message, 3, name="dies", messages=True)
    with pytest.raises(OSError):
        for _ in range(10_000):
            call.send(["x" * 1000])
    with pytest.raises(RuntimeError, match="exit code 3"):
        call.result()


def test_arguments_that_cannot_be_pickled_raise_here_and_leave_nothing(targets):
    before = _leftovers()
    with pytest.raises((TypeError, AttributeError, pickle.PicklingError)):
        SpawnedCall(targets.add, lambda: 1, 2, name="unpicklable arguments")
    assert _leftovers() == before
