"""A ``.graphql`` file whose text a script of the run edits at run time: its rewrite must leave the fill working.

Red team 13 (report 11), F10: ``q/up.graphql`` holds ``airflowVersion: "2.3.4-11"`` and ``run.py`` does
``DOC = (HERE / "q" / "up.graphql").read_text()`` then posts ``DOC.replace("2.3.4-11", version)``.
The file was rewritten to ``runtimeVersion: "5.5.0"``: the replace then found nothing, and every
upgrade silently sent 5.5.0 whatever ``version`` said.  Likewise ``re.sub(r'airflowVersion: "[^"]*"',
...)`` and ``.replace("airflowVersion", "airflowVersion releaseName")`` on an aliased field.  A Python
document filled that way is a template (``sources/placeholders.py``); the file is the same text, read
elsewhere (``cross_module`` notes each fill a script applies to a read of the file, found by
``destination.read_sends``).

The rule: the file's edits stand only when they provably leave every fill as it was:

* ``.replace(OLD, ...)`` with OLD a literal: no edit touches (overlaps or borders) an occurrence of OLD,
  and the edited text holds OLD as many times;
* ``string.Template`` (``$name``, ``${name}``) and ``%`` (``%s``, ``%(name)s``): the edited text holds
  the same placeholders in the same order, and no edit touches one;
* anything else (``re.sub``, ``.format``, jinja, a ``.replace`` whose target is no literal): what the fill
  looks for is not read, so no edit is proved safe.

Otherwise every edit of the document is withdrawn: each migration becomes a ``review-template-fill``
item naming the script and the fill's line (nothing in the file is edited).  Cost: one scan of the file
per literal target or placeholder kind, and one of the edited text: linear.
"""

from __future__ import annotations

import bisect
import re
from typing import List, Optional, Sequence, Tuple

from .placeholders import RUN_TIME_FILL

# ``$$``, ``$name``, ``${name}``: string.Template's placeholders (one alternation of literal starts: linear).
_TEMPLATE_FIELD = re.compile(r"\$(?:\$|[_A-Za-z][_A-Za-z0-9]*|\{[_A-Za-z][_A-Za-z0-9]*\})")
# ``%s``, ``%(name)s``, ``%%``: %-format fields.  A width never starts with 0 (that is the 0 flag), so flags
# and width cannot trade digits; the mapping key is one run of a class without ")": linear.
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(?:\*|[1-9]\d*)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_FIELDS = {"template": _TEMPLATE_FIELD, "percent": _PERCENT_FIELD}


def as_template(text_map, fills: Optional[list]):
    """The file read as the template a script fills: ``.format`` fields or ``%`` fields become holes.

    Red team 14 (report 11b), F11: ``queries/create.graphql`` holding ``mutation {{ createDeployment(
    workspaceUuid: "{ws}", ...) {{ id }} }}`` and filled by ``TEMPLATE.format(ws=ws)`` was read as GraphQL
    as written: a false ``graphql-syntax`` error (``{{``), no migration item.  What Houston gets is the
    filled text, so the file is read as the same text written as a Python literal with that ``.format``
    is (``{{`` -> ``{``, ``{ws}`` a hole; ``%%`` -> ``%``, ``%s`` a hole).  Only when every script that
    fills the file uses the same one of the two kinds (two kinds: not one template; left as written).
    ``settle`` then withdraws every edit (what ``.format`` looks for is not read): each migration is a
    ``review-template-fill``.  One scan of the file: linear.
    """
    kinds = {fill[3] for fill in fills or ()} & {"format", "percent", "template", "jinja"}
    if len(kinds) != 1:
        return text_map
    if kinds & {"template", "jinja"}:
        # Red team 16 (report 11b), F5/F6: ``Template(fh.read()).substitute(version=...)`` fills ``$version``,
        # jinja's ``from_string`` fills ``{{ version }}``: holes, as in the same text written as a Python
        # literal the module fills so (``placeholders``): no false undefined variable, a version hole reviewed.
        from .placeholders import _JINJA, _STRING_TEMPLATE, Fills, apply

        holes = Fills()
        holes.patterns.add(_STRING_TEMPLATE if kinds == {"template"} else _JINJA)
        return apply(text_map, holes)
    from .templates import _FORMAT_FIELD, _PERCENT_FIELD as _PERCENT, _holes_for_fields

    if kinds == {"format"}:
        result = _holes_for_fields(text_map, _FORMAT_FIELD, None, None)
        result.format_style = "{}"
    else:
        result = _holes_for_fields(text_map, _PERCENT, "%%", "%")
        result.format_style = "%"
    return result


def settle(ctx, fills: Optional[list], text: str) -> None:
    """Withdraw the document's edits when one of ``fills`` (cross_module's notes) may stop working."""
    if not fills or not ctx.edits:
        return
    edits = sorted(((e.start, e.end, e.replacement) for e in ctx.edits), key=lambda e: (e[0], e[1]))
    edited = _applied(text, edits)
    broken = [fill for fill in fills if not _kept(fill[3], fill[4], text, edited, edits)]
    if not broken:
        return
    named = "; ".join(
        f"{script} (line {read_line}) reads this file into what it hands to other modules ({code}, line {fill_line})"
        if kind == "imported" else f"{script} (line {read_line}) reads this file and looks for names in its text (line {fill_line}: {code})"
        if kind == "search" else f"{script} (line {read_line}) compares this file's text with {code}"
        if kind == "compared" else f"{script} (line {read_line}) reads this file and edits its text at run time (line {fill_line}: {code})"
        for script, read_line, fill_line, kind, _targets, code in broken[:3]
    )
    ctx.withdraw_edits(
        RUN_TIME_FILL,
        f"not rewritten: {named}{' and more' if len(broken) > 3 else ''}; a rewrite here changes what that fill "
        "looks for: migrate the file and the fill together",
    )


def _kept(kind: str, targets: Optional[List[str]], text: str, edited: str, edits) -> bool:
    """Does the fill find in ``edited`` exactly what it found in ``text``, with no edit at its places?"""
    if kind in ("replace", "search") and targets:  # search: a read keyed on names (RT18 11b F1, F7)
        return all(edited.count(t) == text.count(t) and not _touches(edits, _occurrences(text, t)) for t in targets if t)
    if kind in _FIELDS:
        pattern = _FIELDS[kind]
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
        return [m.group() for m in pattern.finditer(edited)] == [text[s:e] for s, e in spans] and not _touches(edits, spans)
    return False  # re.sub, .format, jinja, a target not read: what it looks for is not known


def _applied(text: str, edits: Sequence[Tuple[int, int, str]]) -> str:
    parts = []
    position = 0
    for start, end, replacement in edits:
        if start < position:
            continue  # overlapping edits are refused elsewhere; this view only counts what remains
        parts.append(text[position:start])
        parts.append(replacement)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _occurrences(text: str, target: str) -> List[Tuple[int, int]]:
    found = []
    start = text.find(target)
    while start >= 0:
        found.append((start, start + len(target)))
        start = text.find(target, start + 1)
    return found


def _touches(edits: Sequence[Tuple[int, int, str]], spans: List[Tuple[int, int]]) -> bool:
    """Does an edit overlap or border one of ``spans`` (sorted by start)?  One bisection per edit."""
    if not spans:
        return False
    starts = [s for s, _ in spans]
    longest = max(e - s for s, e in spans)
    for start, end, _ in edits:
        low = bisect.bisect_left(starts, start - longest)
        high = bisect.bisect_right(starts, end)
        if any(spans[i][1] >= start for i in range(low, high)):
            return True
    return False
