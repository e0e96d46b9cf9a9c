"""Both cores for the long, independent parts of a big bibliography.

:func:`map_halves` has a forked child process work out the second half of a list
while this process works out the first; the child's results come back pickled
through a pipe. The child starts from this process's memory (the parsed style,
the items, their citation numbers and disambiguation) and rendering is
deterministic, so the results are those of one process doing it all.

Where forking is unavailable or unsafe (Windows, macOS, other threads running,
one core), or the list is too short to repay a process, everything is done here.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a second process costs about what it saves (fork, copy-on-write, pickling).
MIN_ITEMS = 2000


def map_halves(function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item]) -> list[Result]:
    """``function(items)``, its two halves computed at the same time when that pays.

    ``function`` maps a list of items to a list of results and has no side effects
    that matter to the caller (the child's are lost); its results must pickle.
    """
    if len(items) < MIN_ITEMS or not _can_fork():
        return function(items)
    import multiprocessing  # only here: most runs never fork

    half = len(items) // 2
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):  # the child would write out again what is still buffered
        if stream is not None:
            stream.flush()
    child = context.Process(target=_send, args=(sender, function, items[half:]), daemon=True)
    try:
        child.start()
    except OSError:  # no process to be had (a process limit, memory): all of it here
        receiver.close()
        sender.close()
        return function(items)
    sender.close()
    try:
        first = function(items[:half])
        try:
            second: list[Result] = receiver.recv()
        except EOFError:  # the child failed: its half is done here, and an error in it raised here
            second = function(items[half:])
    except BaseException:
        child.kill()
        raise
    finally:
        receiver.close()
        child.join()
    return first + second


def _send(sender: Any, function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item]) -> None:
    """In the child: the results, or nothing (the parent then does the work and reports any error)."""
    try:
        sender.send(function(items))
    except BaseException:  # the parent redoes this half and raises the error itself (or was interrupted)
        pass
    finally:
        sender.close()


def _can_fork() -> bool:
    """True on Linux with two cores or more for this process, and no other thread to fork."""
    return (sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1
            and threading.active_count() == 1)
