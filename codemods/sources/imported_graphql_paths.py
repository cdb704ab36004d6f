"""A ``.graphql`` file whose whole path is a constant another module of the run defines.

Red team 16 (report 13), F12: ``config.py`` holds ``CREATE_PATH = QUERY_DIR / "create.graphql"`` and
``deploy.py`` does ``from config import CREATE_PATH`` then ``CREATE_PATH.read_text()`` and sends it to
Houston with ``{"airflowVersion": "2.3.4-11"}``.  The importer quotes no ``.graphql`` path, so the reader
scan (``cross_module._note_graphql_readers``, which links a script to the file a literal or joined path
names) never saw it, and the file's ``$airflowVersion`` was renamed while the script kept sending the old
key (Houston then gets null and creates the Deployment on its default version).

Here an import of such a constant by a module that may send (it names Houston or holds a send call) links
the file the way a read by a literal path does, conservatively: the file is held (``held_by``: its version
variable is neither renamed nor its argument migrated, ``rules.rename_version_variable``), the importer's
side is reviewed at its import (``sends_held``), and the importer's AC-format reads of the response are
given to the file (``reader_reads``), as for a script reading it by name.  Which of the importer's reads
sends it is not followed (a hold only turns edits into reviews).

Cost: each defining module is parsed once (only one holding ``.graphql``), each importer read once.
"""

from __future__ import annotations

import ast
import os
from typing import Callable, Dict, List, Optional

from .parsed_modules import parsed

MAX_HELD = 3  # held_by reasons kept per file (the first says enough)


def path_constants(text: Optional[str]) -> Dict[str, List[str]]:
    """Module-level ``NAME = <expression>`` whose expression quotes a path ending ``.graphql`` -> those paths."""
    if not text or ".graphql" not in text:
        return {}
    module = parsed(text)
    if module is None:
        return {}
    found: Dict[str, List[str]] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        quoted = [
            node.value for node in ast.walk(value)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith(".graphql")
        ]
        if not quoted:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                found.setdefault(target.id, []).extend(quoted)
    return found


def note(
    importer: str,
    definer: str,
    taken: List[tuple],
    line: int,
    constants: Dict[str, List[str]],
    resolve: Callable[[str, str], Optional[str]],
    found: Dict[str, dict],
    hold_variables: Callable[[str, int, str], None],
    importer_reads: Callable[[str], list],
) -> None:
    """``importer`` takes ``taken`` ((name there, local name) pairs) from ``definer`` on ``line``; each name whose
    value quotes a ``.graphql`` file of the run (``resolve`` from the definer's folder) holds that file."""
    for name, local in taken:
        for quoted in constants.get(name, ()):
            target = resolve(definer, quoted)
            if target is None:
                continue
            entry = found.setdefault(target, {"imports": {}, "imported_by": {}})
            here = os.path.dirname(os.path.abspath(target))
            said = (
                f"named by {name} of {os.path.relpath(definer, here)}, imported by {os.path.relpath(importer, here)} "
                f"(line {line})"
            )
            held = entry.setdefault("held_by", [])
            if said not in held and len(held) < MAX_HELD:
                held.append(said)
            hold_variables(importer, line, target)
            reads = importer_reads(importer)
            if reads:
                reader = f"{os.path.relpath(importer, here)} (importing {local} on line {line})"
                readers = entry.setdefault("reader_reads", [])
                if len(readers) < MAX_HELD and all(r[0] != reader for r in readers):
                    readers.append([reader, reads])
