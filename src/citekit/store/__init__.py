"""The library: citekit's records in one SQLite file."""

from citekit.store.library import Library, default_library_path

__all__ = ["Library", "default_library_path"]
