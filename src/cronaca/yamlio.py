"""YAML loading for data files, with YAML 1.2 booleans.

PyYAML follows YAML 1.1, where ``on``, ``off``, ``yes``, ``no``, ``y`` and ``n`` are booleans:
the English preposition "on" or the Norwegian "no" in a word list would silently become
``True``/``False``. Here only ``true`` and ``false`` are booleans.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class DataLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans."""


DataLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(text: str) -> Any:
    return yaml.load(text, Loader=DataLoader)
