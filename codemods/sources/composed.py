"""A constant composed into a document at the send is migrated whole or not at all.

Red team 9, F8: ``houston(CREATE + FRAG, {"ws": ws, "airflowVersion": "2.3.4"})``
with module-level ``CREATE`` and ``FRAG``.  The composed document reads
``CREATE``'s characters, and a module-level name is never edited through it
(another module may import it: ``review-shared-constant``), so its variable,
dict key and value stayed.  But ``CREATE``'s literal is also a document of its
own, and that one renamed ``airflowVersion:`` to ``runtimeVersion:``: the script
then sent the AC version "2.3.4" as a Runtime version, and the message said
"not changed".  The same held for ``f"{CREATE}{FRAG}"`` and ``"%s%s" % (...)``.

A document's edits land together (``fixes.py``), so:

* a document that wanted to edit a shared constant spliced into it and could
  not (``DocumentContext.refused_shared``) takes back all its edits: its text,
  its variables dict and its values (a read field's alias refused there does not
  count: it stands alone, reviewed where the constant is);
* a document whose edits touch a shared constant that some document of the file
  composes at its send takes back all its edits too: editing the constant's own
  literal changes the composed document, whose variables dict and values cannot
  follow.  Only a read field's alias (``airflowVersion: runtimeAirflowVersion``),
  the same for every reader and needing nothing sent, is still made.

Each migration becomes a ``review-shared-constant`` item saying why.  Cost: one
pass over the file's documents' spliced constants, then a binary search per edit.
"""

from __future__ import annotations

import ast
import bisect
from typing import List, Optional, Tuple

from ..rules.context import SHARED_CONSTANT

# Migrations whose edits stand alone in the constant's text, the same for every document composed
# from it: ``airflowVersion`` read as ``airflowVersion: runtimeAirflowVersion`` keeps the response's
# shape and needs nothing sent.  Arguments and variables need the send's dict and values to follow.
SELF_CONTAINED = frozenset({"migrate-read-field"})

# (file start, file end, constant name, line of the composed document): sorted, disjoint literals,
# and their starts (for the binary search); then the held parts: ((line, column) start and end,
# name, line of the Houston send, line of the other send) of parts spliced into both (F19)
Frozen = Tuple[List[Tuple[int, int, str, int]], List[int], List[Tuple[Tuple[int, int], Tuple[int, int], str, int, int]]]


def frozen_constants(sources, finder, source_file, facts=None) -> Frozen:
    """The shared constants this file's documents splice in, each literal once, in file order."""
    if finder is None:
        return [], [], []
    seen = {}
    for source in sources:
        if source.ignored:
            continue
        for inlined in source.text_map.inlined:
            key = (inlined.file_start, inlined.file_end)
            if key in seen or finder.shared_constant(inlined) is None:
                continue
            seen[key] = (inlined.file_start, inlined.file_end, inlined.name.id, source_file.line_col(source.start)[0])
    items = sorted(seen.values())
    return items, [item[0] for item in items], _held_parts(sources, finder, source_file, facts)


def _held_parts(sources, finder, source_file, facts) -> list:
    """Parts spliced into a document sent to Houston and into one sent elsewhere (red team 13, report 12, F19).

    ``houston(H_Q + FRAG)`` and ``inventory(INV_Q + FRAG)``: the part itself is undecided
    (``verdict.mixed_destinations``), and the Houston document, whose edits would land in FRAG's
    text, takes them all back: the inventory request would select a field that API lacks.
    """
    from ..destination.verdict import mixed_destinations

    held = []
    for source in sources:
        if source.ignored or not source.wholes:
            continue
        mixed = mixed_destinations(source, finder, facts)
        if mixed is None:
            continue
        start = source_file.line_col(source.start)
        end = source_file.line_col(source.text_map.file_end_offset(len(source.text)))
        held.append((start, end, source.names[0] if source.names else "a part", mixed[0], mixed[1]))
    return held


def _settle_held(ctx, held) -> bool:
    """Withdraw ``ctx``'s edits, and say why at each review, when one of its findings lies in a held part."""
    for start, end, name, houston_line, other_line in held:
        inside = [f for f in ctx.findings if start <= (f.line, f.column) and (f.end_line, f.end_column) <= end]
        if not inside:
            continue
        why = (f"not rewritten: {name} is part of this document and of the one sent elsewhere on line "
               f"{other_line} (this one: line {houston_line}); change it for Houston only by giving this "
               "document its own copy")
        from dataclasses import replace

        ctx.withdraw_edits(SHARED_CONSTANT, why)
        ctx.findings[:] = [
            replace(f, message=f"{f.message}; {why}") if f in inside and f.code.startswith("review-") and why not in f.message else f
            for f in ctx.findings
        ]
        return True
    return False


def settle(ctx, frozen: Frozen) -> None:
    """Withdraw every edit of ``ctx``'s document when part of it cannot land (see the module docstring)."""
    if frozen[2] and _settle_held(ctx, frozen[2]):
        return
    if not ctx.edits and not ctx.document_edits:
        return
    if ctx.refused_shared:
        name = ctx.refused_shared[0]
        ctx.withdraw_edits(
            SHARED_CONSTANT,
            f"not rewritten: {name}, part of this document, cannot be changed here, and a document's edits land "
            "together; migrate it by hand, with every document that uses it",
        )
        return
    items, starts, _held = frozen
    if all(f.code in SELF_CONTAINED for f in ctx.findings if f.fix):
        return  # an alias reads the same for every document the constant is part of
    for edit in ctx.edits:
        index = bisect.bisect_left(starts, max(edit.end, edit.start + 1)) - 1
        if index >= 0 and items[index][1] > edit.start:
            _, _, name, line = items[index]
            ctx.withdraw_edits(
                SHARED_CONSTANT,
                f"not rewritten: {name} is also part of the document composed on line {line}, which cannot "
                "change it; migrate them together by hand",
            )
            return
    if ctx.withdraw_why:  # a rule found the document composed or filled at a send it cannot read (F5)
        ctx.withdraw_edits(SHARED_CONSTANT, ctx.withdraw_why)


def unread_send(finder, source) -> Optional[int]:
    """The line of a send whose document holds one of ``source``'s names in a form not read, or None.

    Red team 10, F5: ``houston(textwrap.dedent(CREATE) + FRAG, {...})``, ``"".join(PARTS)`` with
    ``PARTS = [CREATE, FRAG]``, ``CREATE % {"label": label}``, ``f"{CREATE!s}{FRAG}"``: the send is
    seen, its variables dict too, but not what it composes, so the dict cannot follow an edit of
    ``CREATE``'s own text.  A read of the name inside the document of a send known to send
    ``source`` itself (``houston(CREATE, v)``, ``houston(CREATE.replace(...), v)``) is read; a read
    inside any other send's document (``str(CREATE)``, a "send" of its own through ``str``, does not
    make ``houston(str(CREATE) + FRAG, v)`` one), directly or through one name it is assigned to
    (``PARTS``, ``q = dedent(CREATE)``), is not.  Cost: the module's sent documents listed once
    (``sent_documents``), then one walk up from each read of each name.
    """
    names = finder.names
    own = {id(site.call) for site in source.sites}
    sent = finder.sent_documents()
    # alias name -> the distinct sends whose document reads it, listed once per module: N documents
    # in one PARTS list each look only until a send that is not their own (at most len(own) + 1).
    aliases = finder.memo.setdefault("composed.unread_send", {})

    def holder(load) -> Tuple[Optional[ast.Call], Optional[ast.AST]]:
        """(the send whose document holds ``load``, or None; the statement holding ``load``)."""
        current = load
        while current is not None and not isinstance(current, ast.stmt):
            call = sent.get(id(current))
            if call is not None:
                return call, None
            current = names.parent(current)
        return None, current

    for name in source.names:
        # only reads of the document's own binding: another function's ``q`` is another name (red team 13 F11)
        for load in names.loads_of_binding(name, source.node):
            call, statement = holder(load)
            if call is not None and id(call) not in own:
                return call.lineno
            if call is None and isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets):
                for target in statement.targets:  # PARTS = [CREATE, FRAG]; houston("".join(PARTS))
                    key = (target.id, id(names.home(target.id, target)))
                    if key not in aliases:
                        calls = {}
                        for alias in names.loads_of_binding(target.id, target):
                            found, _statement = holder(alias)
                            if found is not None:
                                calls.setdefault(id(found), found)
                        aliases[key] = list(calls.values())
                    for found in aliases[key]:
                        if id(found) not in own:
                            return found.lineno
    return None
