"""MkDocs' side of research/blobs.py: a generated file that MkDocs copies into the output folder
by linking its blob. It stays an ordinary `File` in the build's `files` (other plugins, link
checks and the navigation see it as before); only the copy differs."""

from __future__ import annotations

from mkdocs.structure.files import File
from research.blobs import BlobStore


class LinkedFile(File):
    store: BlobStore | None = None

    @classmethod
    def of(cls, config, src_uri: str, content: str | bytes, store: BlobStore) -> LinkedFile:
        """Like `File.generated(config, src_uri, content=content)`."""
        file = cls.generated(config, src_uri, content=content)
        file.store = store
        return file

    def copy_file(self, dirty: bool = False) -> None:
        # A plugin may since have pointed the file at a source file: MkDocs copies that.
        if self.store is None or self.abs_src_path is not None:
            super().copy_file(dirty)
            return
        # Every generated file counts as modified (as in File.is_modified), --dirty or not.
        self.store.place(self.content_bytes, self.abs_dest_path)
