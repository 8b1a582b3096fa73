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
