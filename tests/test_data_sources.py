"""Curated data files are well-formed: no YAML mapping repeats a key (PyYAML would silently
keep the last one, so a cue or an alias would vanish without anyone noticing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA_SRC = Path(__file__).resolve().parents[1] / "data_src"


class _StrictLoader(yaml.SafeLoader):
    pass


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


@pytest.mark.parametrize(
    "path", sorted(DATA_SRC.rglob("*.yaml")), ids=lambda p: str(p.relative_to(DATA_SRC))
)
def test_yaml_has_no_duplicate_keys(path: Path) -> None:
    yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
