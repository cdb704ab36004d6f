"""A ``.graphql``/``.gql`` file is one document, mapped onto itself."""

from __future__ import annotations

from bisect import bisect_right
from typing import List

from ..ignore_header import file_ignored, marked_comment_lines
from ..model import Source
from ..source_file import SourceFile
from .text_map import TextMap


def find_sources(source_file: SourceFile) -> List[Source]:
    text_map = TextMap()
    text_map.add_verbatim(source_file.text, 0)
    if not source_file.text.strip():
        return []
    return [Source(text_map=text_map, start=0, evidence="file", ignored=_ignored(source_file.text))]


def _ignored(text: str) -> bool:
    """The marker in the comment lines that open the file (:mod:`codemods.ignore_header`)."""
    return file_ignored(text, "graphql")


# Red team 14 (report 13), F13: the comment directly above one definition of a .graphql file (or on
# its first line) skips that definition, as it skips one Python literal; at the top of the file it
# skips the whole file (above).
_MARKER = "houston-codemod: ignore"


def _newlines(text: str):
    at = text.find("\n")
    while at >= 0:
        yield at
        at = text.find("\n", at + 1)


def marked_definitions(text: str, document) -> List[tuple]:
    """``(start, end, definition)`` of each definition a ``# houston-codemod: ignore`` comment marks:
    on the definition's first line, or in the run of comment lines right above it.  One pass over
    the lines before each definition: linear in the file."""
    if _MARKER not in text:
        return []
    # red team 17 (report 13), F8b: on the definition's first line only a real ``#`` comment counts,
    # never a string value (label: "# houston-codemod: ignore")
    commented = marked_comment_lines(text, "graphql")
    starts = [0] + [at + 1 for at in _newlines(text)] if commented else [0]
    marked = []
    for definition in getattr(document, "definitions", ()):
        loc = getattr(definition, "loc", None)
        if loc is None:
            continue
        line_start = text.rfind("\n", 0, loc.start) + 1
        if commented and bisect_right(starts, loc.start) - 1 in commented:
            marked.append((loc.start, loc.end, definition))
            continue
        end = line_start - 1  # the newline ending the line above
        while end > 0:
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end].strip()
            if not line.startswith("#"):
                break
            if _MARKER in line:
                marked.append((loc.start, loc.end, definition))
                break
            end = start - 1
    return marked


def _involves_fragments(definition) -> bool:
    """A fragment, or an operation spreading one: its text is shared with other definitions."""
    from graphql.language import FragmentDefinitionNode, FragmentSpreadNode, Visitor, visit

    if isinstance(definition, FragmentDefinitionNode):
        return True
    found = []

    class _Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_args):
            found.append(node)
            return self.BREAK

    visit(definition, _Spreads())
    return bool(found)


def settle_edits(ctx) -> None:
    """Drop the edits (and findings) inside definitions the comment marks, after the rules ran.

    Edits of a definition stay inside it when it is an operation spreading no fragment (its
    variables, arguments and fields are its own), so the others are kept.  A marked fragment, or a
    marked operation spreading one, shares text with the other definitions: then nothing of the
    file is edited, each edit becomes a review saying why (never rewrite on doubt)."""
    if ctx.python is not None or ctx.source.evidence != "file":
        return
    marked = marked_definitions(ctx.source.text, ctx.document)
    if not marked or not (ctx.edits or ctx.document_edits):
        return
    if any(_involves_fragments(definition) for _s, _e, definition in marked):
        names = ", ".join(_name(definition) for _s, _e, definition in marked)
        ctx.withdraw_edits(
            "review-ignored-definition",
            f"not rewritten: a '# houston-codemod: ignore' comment marks {names}, which shares fragments "
            "with the file's other definitions, so no part of the file is edited; migrate by hand",
        )
        return
    inside = lambda start, end: any(s <= start and end <= e for s, e, _d in marked)  # noqa: E731
    ctx.document_edits[:] = [edit for edit in ctx.document_edits if not inside(edit[0], edit[1])]
    ctx.edits[:] = [edit for edit in ctx.edits if not inside(edit.start, edit.end)]
    drop_findings(ctx, marked)


def drop_findings(ctx, marked=None) -> None:
    """Remove the findings that lie in a marked definition (it is skipped: neither checked nor migrated)."""
    if ctx.python is not None or ctx.source.evidence != "file":
        return
    if marked is None:
        marked = marked_definitions(ctx.source.text, ctx.document)
    if not marked:
        return
    lines = [(ctx.file.line_col(s)[0], ctx.file.line_col(e)[0]) for s, e, _d in marked]
    ctx.findings[:] = [f for f in ctx.findings if not any(a <= f.line and f.end_line <= b for a, b in lines)]


def _name(definition) -> str:
    name = getattr(definition, "name", None)
    return name.value if name is not None else "an anonymous operation"
