"""Evidence from the Python names a document is bound to.

Scripts that talk to several APIs name their documents after them, often in
one constants module: ``HOUSTON_WORKSPACES`` is Houston's,
``ASTRO_CLOUD_WORKSPACES``, ``ASTRO_CREATE`` or ``GITHUB_QUERY`` another API's
(``ASTRO_SOFTWARE_*`` and astro-apply's ``ASTRO_APPLY_*`` excepted).  Strong: a
person chose the name to say where the document goes.
"""

from __future__ import annotations

import re
from typing import Iterable, List, Optional

from .evidence import STRONG, Evidence

# Words of a Python name that point at another GraphQL API than Houston.  ``astro`` is Astro's
# (cloud) API: a script moving Deployments from Software to Astro names the two sides
# ``HOUSTON_*`` and ``ASTRO_*`` (red team 7, F3: ``ASTRO_CREATE``, a helper ``astro(...)``).
OTHER_API_WORDS = frozenset({"cloud", "github", "gitlab", "hasura", "hub", "shopify", "linear", "datahub", "astro"})
# ...unless the name says it is Astronomer Software's: ``ASTRO_SOFTWARE_QUERY``, astro-apply's
# ``ASTRO_APPLY_TEMPLATE`` (a Houston client), Astro Runtime (what Software 0.29+ deploys).
SOFTWARE_WORDS = frozenset({"software", "apply", "runtime"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def words(name: str) -> set:
    return {w.lower() for w in _WORD.findall(name)}


def direction(name: str) -> Optional[bool]:
    """True for a name of Houston's (``HOUSTON_*`` first), False for another API's, None otherwise."""
    name_words = words(name)
    if "houston" in name_words:
        return True
    other = name_words & OTHER_API_WORDS
    if other == {"astro"} and name_words & SOFTWARE_WORDS:
        return None
    return False if other else None


def gather(names: Iterable[str]) -> List[Evidence]:
    found = []
    for name in names:
        pointing = direction(name)
        if pointing is True:
            found.append(Evidence("name", True, STRONG, f"name {name}"))
        elif pointing is False:
            found.append(Evidence("name", False, STRONG, f"name {name} (another API)"))
    return found
