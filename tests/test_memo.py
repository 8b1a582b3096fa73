"""research.memo: a value is made once per distinct input, kept for the next build, and dropped
after a build that did not use it."""

from __future__ import annotations

from research import memo


def test_a_value_is_made_once_per_input_and_kept_for_the_next_build():
    remembered = memo.Memo()
    made = []

    def make(key):
        return lambda: made.append(key) or f"value of {key}"

    assert remembered.get("a", make("a")) == "value of a"
    assert remembered.get("a", make("a")) == "value of a"
    memo.next_build()
    assert remembered.get("a", make("a")) == "value of a"  # from the previous build
    assert remembered.get("b", make("b")) == "value of b"
    assert made == ["a", "b"]


def test_a_value_the_last_build_did_not_use_is_made_again():
    remembered = memo.Memo()
    made = []
    remembered.get("a", lambda: made.append("a"))
    memo.next_build()
    remembered.get("b", lambda: made.append("b"))  # this build does not ask for "a"
    memo.next_build()
    remembered.get("a", lambda: made.append("a"))
    assert made == ["a", "b", "a"]


def test_per_build_values_are_made_again_each_build():
    calls = []

    @memo.per_build
    def state():
        calls.append(1)
        return len(calls)

    assert state() == state() == 1
    memo.next_build()
    assert state() == 2


def _never():
    raise AssertionError("made again, though the saved value was there")


def test_a_named_memo_is_read_back_by_a_build_of_the_same_package_only(tmp_path, monkeypatch):
    saved = memo.Memo("test-memo")
    saved.get(("key", 1), lambda: "made")
    memo.save(tmp_path, "version 1")
    assert (tmp_path / "test-memo.pickle").is_file()

    monkeypatch.setattr(memo, "_loaded_from", None)  # as in a new process
    in_next_build = memo.Memo("test-memo")
    memo.load(tmp_path, "version 1")
    assert in_next_build.get(("key", 1), _never) == "made"
    assert in_next_build.get(("key", 2), lambda: "new") == "new"

    monkeypatch.setattr(memo, "_loaded_from", None)
    after_a_code_change = memo.Memo("test-memo")
    memo.load(tmp_path, "version 2")
    assert after_a_code_change.get(("key", 1), lambda: "made again") == "made again"


def test_a_torn_memo_file_is_ignored(tmp_path, monkeypatch):
    (tmp_path / "test-torn.pickle").write_bytes(b"\x80\x05not a pickle")
    monkeypatch.setattr(memo, "_loaded_from", None)
    torn = memo.Memo("test-torn")
    memo.load(tmp_path, "version 1")
    assert torn.get("key", lambda: "made") == "made"


def test_a_memo_made_again_under_a_name_replaces_the_first(tmp_path, monkeypatch):
    first = memo.Memo("test-twice")
    first.get("key", lambda: "old")
    second = memo.Memo("test-twice")  # e.g. hooks.py executed again in the same process
    second.get("key", lambda: "new")
    memo.save(tmp_path, "version 1")
    monkeypatch.setattr(memo, "_loaded_from", None)
    reader = memo.Memo("test-twice")
    memo.load(tmp_path, "version 1")
    assert reader.get("key", _never) == "new"


def test_a_record_keeps_its_hash_but_never_sends_it_to_another_process():
    """Records are memo keys: their hash is kept once made. A pickled record (sent to the
    process that writes the generated files) must hash the way that process hashes strings."""
    import dataclasses
    import os
    import pickle
    import subprocess
    import sys
    from pathlib import Path

    from research.load import load_collection

    root = Path(__file__).resolve().parents[1]
    record = load_collection(root).records[0]
    assert hash(record) == hash(record)
    assert dataclasses.replace(record, title=record.title + " ") != record
    copy = pickle.loads(pickle.dumps(record))
    assert copy == record and hash(copy) == hash(record)
    check = (
        "import pickle, sys\n"
        "from pathlib import Path\n"
        "from research.load import load_collection\n"
        "sent = pickle.loads(sys.stdin.buffer.read())\n"
        f"here = load_collection(Path({str(root)!r})).records[0]\n"
        "assert {here: 1}[sent] == 1 and hash(sent) == hash(here)\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root / "scripts")}
    done = subprocess.run(
        [sys.executable, "-c", check], input=pickle.dumps(record), capture_output=True, env=env
    )
    assert done.returncode == 0, done.stderr.decode()
