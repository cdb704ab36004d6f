"""Where an importer sends a document constant it takes from another module (red team 14, report 12, F2).

``queries.py`` holds ``LIST = "query List { workspaces { ... } }"`` and nothing else; ``run.py`` does
``from queries import LIST`` and ``houston(LIST)`` with ``houston()`` posting to Houston.  Judged on its
own words, ``LIST`` names only nouns any API has and was "not Houston" where it is defined: neither
migrated nor reviewed there, while the importer's review said its version field "is migrated or
reviewed there".  The importer's send is what decides where the document goes, as for a ``.graphql``
file a script reads (``read_sends``): this module places the sends of each imported name in the
importer, with the same reader (the call the name is written in, or a call given a name bound from
it, or a helper of the module it is passed to), so the definition's verdict can hear it.

One parse of the importer and, per imported name, a few uses each placed by a bounded search.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from ..sources.parsed_modules import parsed
from .read_sends import _MAX_SENDS, ASSIGNED_ONLY, _Reader, module_index

MAX_NAMES = 40  # imported names of one importer placed (each a bounded search)


def placed(text: str, names: List[str], imported: Optional[Dict[str, Tuple[str, str]]] = None) -> Dict[str, Tuple[bool, str]]:
    """local name -> (goes to Houston, words) for each of ``names`` whose every placed send agrees.

    ``imported``: local name -> (value, its module) of the importer's imported constants, so a URL
    taken from a settings module (``from .constants import HOUSTON_URL``) is described by its value.
    A name sent both to Houston and elsewhere, or to no call this reader places, is left out.
    """
    module = parsed(text)
    if module is None:
        return {}
    wanted = set(names[:MAX_NAMES])
    index = module_index(module)
    loads = index.loads
    reader = _Reader(text, module, index.parents, index.helpers, index.assigns(ASSIGNED_ONLY))
    reader.loads = loads
    reader.calls = index.calls
    reader.imported = imported or {}
    found: Dict[str, Tuple[bool, str]] = {}
    for name in sorted(wanted):
        said = [reader.where(use) for use in loads.get(name, [])[:_MAX_SENDS]]
        directions = {direction for direction, _words in said if direction is not None}
        if len(directions) == 1:
            direction = directions.pop()
            found[name] = (direction, next(words for d, words in said if d is direction))
    return found
