"""The benchmark script (issue 5's speed and size figures) runs end to end and prints what the
README says it prints: not a timed test, its figures are read by people."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_the_benchmark_runs_and_prints_its_table():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--sizes", "1", "3"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    rows = {
        int(match[1]): match[0] for match in re.finditer(r"(?m)^ +(\d+) +\d+ \|.*$", done.stdout)
    }
    assert sorted(rows) == [1, 3]
    number = r"\d+\.\d+"
    # bare, cold and its ratio, warm and its ratio | bare edit, edit and its ratio | peak MB |...
    assert re.search(rf"\| +{number}( +{number}){{4}} \| +{number}( +{number}){{2}} \|", rows[3])
    assert re.search(
        r"3 records: record page [\d.]+ KB compressed .*within the 200 KB budget", done.stdout
    )
    assert re.search(
        r"1 -> 3 +: cold +-?[\d.]+ ms, warm +-?[\d.]+ ms, bare +-?[\d.]+ ms", done.stdout
    )
