"""Evidence from the Python names a document is bound to.

Scripts that talk to several APIs name their documents after them, often in
one constants module: ``HOUSTON_WORKSPACES`` is Houston's,
``ASTRO_CLOUD_WORKSPACES`` or ``GITHUB_QUERY`` another API's.  Strong: a
person chose the name to say where the document goes.
"""

from __future__ import annotations

import re
from typing import Iterable, List

from .evidence import STRONG, Evidence

# Words of a Python name that point at another GraphQL API than Houston.
OTHER_API_WORDS = frozenset({"cloud", "github", "gitlab", "hasura", "hub", "shopify", "linear", "datahub"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def words(name: str) -> set:
    return {w.lower() for w in _WORD.findall(name)}


def gather(names: Iterable[str]) -> List[Evidence]:
    found = []
    for name in names:
        name_words = words(name)
        if "houston" in name_words:
            found.append(Evidence("name", True, STRONG, f"name {name}"))
        elif name_words & OTHER_API_WORDS:
            found.append(Evidence("name", False, STRONG, f"name {name} (another API)"))
    return found
