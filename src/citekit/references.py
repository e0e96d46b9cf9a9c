"""The references of a paper: the records it cites, the keys it cites that are not there, and
the records it leaves uncited.

A paper's bibliography lists its records in the order of first citation in the text (what a
numeric style without its own sort numbers by), then those only named by ``\\nocite`` or
pandoc's ``nocite:`` (as pandoc orders them); ``\\nocite{*}`` or ``nocite: '@*'`` adds every
other available record after them, by key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from citekit.model import Record
from citekit.papers import CitedKey, Paper


@dataclass(frozen=True)
class References:
    """What a paper cites, measured against the records available to it."""

    records: list[Record]    # cited and found, in the order of first citation (then nocite's)
    missing: list[CitedKey]  # every citation of a key that is not available, in document order
    unused: list[str]        # available keys the paper does not cite, sorted

    def missing_keys(self) -> list[str]:
        """The keys not available, once each, in document order."""
        return list(dict.fromkeys(cited.key for cited in self.missing))


def references_of(paper: Paper, available: Mapping[str, Record]) -> References:
    """Match a paper's keys against ``available`` records (by key)."""
    in_text = [cited.key for citation in paper.citations if citation.mode != "nocite"
               for cited in citation.keys]
    cited = list(dict.fromkeys([*in_text, *paper.keys()]))
    records = [available[key] for key in cited if key in available]
    uncited = sorted(key for key in available if key not in set(cited))
    if paper.cites_everything:
        records += [available[key] for key in uncited]
        uncited = []
    missing = [occurrence for citation in paper.citations for occurrence in citation.keys
               if occurrence.key not in available]
    return References(records, missing, uncited)
