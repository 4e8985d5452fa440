"""Source specifications: kinds, default names, and import from OPML or YAML lists."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from episignal.errors import ConfigError
from episignal.store.watch_schema import SOURCE_KINDS
from episignal.store.watch_sources import SourceSpec
from episignal.watch.settings import parse_duration

DEFAULT_EVERY = "30m"
_SITEMAP_PATH = re.compile(r"sitemap[^/]*\.xml(\.gz)?$", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")


def guess_kind(location: str) -> str:
    """``folder`` for a local path, ``sitemap`` for a sitemap URL, else ``feed``."""
    if "://" not in location:
        return "folder"
    return "sitemap" if _SITEMAP_PATH.search(urlsplit(location).path) else "feed"


def default_name(location: str) -> str:
    """A short name: the site's host (without www.) or the folder's name."""
    if is_url(location):
        host = urlsplit(location).hostname or location
        return host.removeprefix("www.")
    return Path(location).name or location


def check_location(location: str, kind: str) -> str:
    """``location`` as it is stored: a URL for web kinds, an absolute path for local ones."""
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"unknown source kind {kind!r}", hint=f"one of {', '.join(SOURCE_KINDS)}")
    if kind in ("folder", "warc-dir"):
        if is_url(location):
            raise ConfigError(f"a {kind} source is a local folder, not a URL: {location}")
        return str(Path(location).expanduser().resolve())
    parts = urlsplit(location)
    if parts.scheme.lower() not in ("http", "https"):
        raise ConfigError(
            f"{location}: only http and https URLs can be watched",
            hint="for local files use --kind folder",
        )
    if not parts.hostname:
        raise ConfigError(f"{location}: the URL has no host name")
    return location


def make_spec(
    location: str,
    *,
    kind: str | None = None,
    name: str | None = None,
    every: str | float = DEFAULT_EVERY,
    language: str | None = None,
    allow_private: bool = False,
    follow_links: bool = True,
) -> SourceSpec:
    """A checked SourceSpec from what a user typed."""
    chosen = kind or guess_kind(location)
    url = check_location(location, chosen)
    return SourceSpec(
        url=url,
        name=name or default_name(url),
        kind=chosen,
        every_s=parse_duration(every, "every"),
        language=language,
        allow_private=allow_private,
        follow_links=follow_links,
    )


# --------------------------------------------------------------------------- import files


def read_source_list(path: Path) -> list[SourceSpec]:
    """Sources listed in an OPML file (``.opml``/``.xml``) or a YAML file (``.yaml``/``.yml``)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return list(_yaml_sources(data, path))
    if suffix in (".opml", ".xml"):
        return list(_opml_sources(data, path))
    raise ConfigError(f"{path}: expected an .opml or a .yaml file")


def _opml_sources(data: bytes, path: Path) -> Iterator[SourceSpec]:
    if _DOCTYPE.search(data[:65536]):  # entities are how XML bombs work: none needed here
        raise ConfigError(f"{path}: OPML with a DOCTYPE or entities is refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ConfigError(f"{path} is not valid OPML: {exc}") from exc
    found = 0
    for n, outline in enumerate(root.iter("outline"), 1):
        url = outline.get("xmlUrl") or outline.get("url")
        if not url:
            continue  # a folder of outlines
        found += 1
        try:
            yield make_spec(
                url,
                kind=_opml_kind(outline.get("type")),
                name=outline.get("title") or outline.get("text"),
                language=outline.get("language"),
            )
        except ConfigError as exc:
            raise ConfigError(f"{path}: outline {n}: {exc.args[0]}", hint=exc.hint) from exc
    if not found:
        raise ConfigError(f"{path}: no <outline xmlUrl=...> found")


def _opml_kind(kind: str | None) -> str | None:
    if kind is None or kind.lower() in ("rss", "atom", "feed"):
        return "feed" if kind else None
    return kind.lower() if kind.lower() in SOURCE_KINDS else None


def _yaml_sources(data: bytes, path: Path) -> Iterator[SourceSpec]:
    import yaml

    try:
        loaded = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    entries = loaded.get("sources") if isinstance(loaded, dict) else loaded
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list of sources (or a 'sources:' list)")
    for n, entry in enumerate(entries, 1):
        try:
            yield _yaml_entry(entry, path.parent)
        except ConfigError as exc:
            raise ConfigError(f"{path}: source {n}: {exc.args[0]}", hint=exc.hint) from exc


_YAML_KEYS = {"url", "name", "kind", "every", "language", "allow_private", "follow_links"}


def _yaml_entry(entry: Any, base: Path) -> SourceSpec:
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, Mapping) or not isinstance(entry.get("url"), str):
        raise ConfigError("each source needs a 'url'")
    extra = set(entry) - _YAML_KEYS
    if extra:
        raise ConfigError(f"unknown key(s) {', '.join(sorted(map(str, extra)))}")
    location = entry["url"]
    kind = entry.get("kind")
    if (kind or guess_kind(location)) in ("folder", "warc-dir"):
        location = str(base / Path(location).expanduser())
    return make_spec(
        location,
        kind=kind,
        name=entry.get("name"),
        every=entry.get("every", DEFAULT_EVERY),
        language=entry.get("language"),
        allow_private=bool(entry.get("allow_private", False)),
        follow_links=bool(entry.get("follow_links", True)),
    )
