"""Build into a folder beside the output folder and put it in place only when the build has
succeeded, so that a failed build (bad data, a template error, a strict-mode warning, an exception
while writing) leaves the published folder exactly as the last good build left it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class StagedOutput:
    def __init__(self, output: Path):
        self.output = Path(output).resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        # A sibling, so that the final rename stays on one file system; hidden, and named for
        # what it is, in case a killed build leaves it behind.
        self.staging = Path(
            tempfile.mkdtemp(prefix=f".{self.output.name}.building-", dir=self.output.parent)
        )
        # mkdtemp makes the folder private (0700); the published folder gets the usual mode.
        self.staging.chmod(0o777 & ~_umask())

    def publish(self) -> None:
        """Replace the output folder with the finished build."""
        previous = None
        if self.output.exists():
            # MkDocs never deletes hidden entries in its output folder (a deploy checkout's .git,
            # say): carry them over as its own clean would have kept them.
            for entry in self.output.iterdir():
                if entry.name.startswith(".") and not (self.staging / entry.name).exists():
                    entry.rename(self.staging / entry.name)
            previous = Path(
                tempfile.mkdtemp(prefix=f".{self.output.name}.previous-", dir=self.output.parent)
            )
            previous.rmdir()
            self.output.rename(previous)
        self.staging.rename(self.output)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
