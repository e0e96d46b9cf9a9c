"""Parsed CSL files kept on disk, so that a later call needs no XML parser for them.

One file in ``<cache folder>/csl/`` per style or locale file, holding its tree (``TreeData``)
with the source's path, modification time (ns) and size, and the entry format and citekit
version: an entry serves only while all of them match, so an edited or reinstalled file is
parsed again. ``checked`` records that a user's style passed the schema check, which a later
call then skips. Entries are written with ``marshal`` (the fastest reader of plain tuples,
dictionaries and strings) to a temporary file that is then renamed: a reader never sees half an
entry. A cache that cannot be read or written costs speed, never a call.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path

from citekit import __version__
from citekit.csl.elements import TreeData
from citekit.folders import user_folder

# Bump when TreeData or what parsing.py puts in it changes: older entries are then ignored (as
# they are by another release of citekit).
FORMAT = 1


def _version() -> str:
    return f"{FORMAT} {__version__}"


def _entry(path: str) -> Path:
    # The name only spreads the entries: each one holds its full source path, checked on load.
    return user_folder("cache") / "csl" / f"{Path(path).stem}-{zlib.crc32(path.encode()):08x}.tree"


def load(path: str, modified: int, size: int, checked: bool) -> TreeData | None:
    """The cached tree of the file ``path`` as it is now; None when there is none."""
    try:
        stored = marshal.loads(_entry(path).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 6
            and stored[:4] == (_version(), path, modified, size) and (stored[4] or not checked)):
        return None
    data: TreeData = stored[5]
    return data


def store(path: str, modified: int, size: int, checked: bool, data: TreeData) -> None:
    """Keep ``data`` as the tree of ``path`` at this modification time and size."""
    entry = _entry(path)
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(marshal.dumps((_version(), path, modified, size, checked, data)))
        os.replace(temporary, entry)
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass
