"""Other readings of a template whose holes, read as placeholder names, do not parse.

Why this exists: a hole is read as a placeholder name (``__hole0__``), which
the GraphQL grammar accepts as a value, a field or an argument name.  A hole in
argument-list position, ``createDeployment(label: "x", {extra})``, stands for
zero or more whole arguments, and a lone name there does not parse: the whole
document used to be left unchecked ("template-not-parsed"), hiding the AC
arguments written beside the hole (red team 5, F15).

The reading here removes such holes (their characters become spaces, so every
offset of the text map stays right) and keeps the others as placeholders.  The
caller parses the result; if it parses, it checks what is written outside the
holes, never edits the document (the hole may hold an argument that clashes with
an edit), and drops what depends on the hole: a required argument the hole may
provide.

Linear: one pass of graphql-core's lexer over the text.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import List, Optional, Tuple

from graphql import GraphQLSyntaxError, Source
from graphql.language.lexer import Lexer
from graphql.language.token_kind import TokenKind

_OPEN = {TokenKind.PAREN_L: TokenKind.PAREN_R, TokenKind.BRACE_L: TokenKind.BRACE_R, TokenKind.BRACKET_L: TokenKind.BRACKET_R}
_CLOSE = {TokenKind.PAREN_R, TokenKind.BRACE_R, TokenKind.BRACKET_R}


def without_argument_holes(text: str, holes) -> Optional[Tuple[str, List[Tuple[int, int]]]]:
    """(text with argument-position holes blanked, their (start, end) in the text), or None.

    None when no hole stands in argument-list position, or the text does not lex.
    """
    starts = {hole.doc_start: hole.doc_end for hole in holes}
    if not starts:
        return None
    try:
        tokens = _tokens(text)
    except GraphQLSyntaxError:
        return None
    blanked: List[Tuple[int, int]] = []
    brackets: List[TokenKind] = []
    for i, token in enumerate(tokens):
        if token.kind in _OPEN:
            brackets.append(token.kind)
        elif token.kind in _CLOSE:
            if brackets:
                brackets.pop()
        elif (
            token.kind == TokenKind.NAME
            and starts.get(token.start) == token.end
            and brackets
            and brackets[-1] == TokenKind.PAREN_L
            and (i == 0 or tokens[i - 1].kind != TokenKind.COLON)  # not a value
            and (i + 1 == len(tokens) or tokens[i + 1].kind != TokenKind.COLON)  # not an argument's name
        ):
            blanked.append((token.start, token.end))
    if not blanked:
        return None
    chars = list(text)
    for start, end in blanked:
        chars[start:end] = " " * (end - start)
    return "".join(chars), blanked


def _tokens(text: str) -> list:
    lexer = Lexer(Source(text))
    found = []
    token = lexer.advance()
    while token.kind != TokenKind.EOF:
        found.append(token)
        token = lexer.advance()
    return found


def fields_given_by_hole(document, blanked: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """(start, end) of each field or directive whose argument list held a removed hole.

    A required argument missing there may be in the hole: that error depends on it.
    """
    from graphql import DirectiveNode, FieldNode, Visitor, visit

    found: List[Tuple[int, int]] = []
    spans = sorted(blanked)
    starts = [start for start, _end in spans]

    class _Finder(Visitor):
        def _check(self, node) -> None:
            if node.loc is None:
                return
            name_end = node.name.loc.end
            body_start = node.selection_set.loc.start if getattr(node, "selection_set", None) else node.loc.end
            i = bisect_left(starts, name_end)  # the first removed hole after the name: in its arguments?
            if i < len(spans) and spans[i][1] <= body_start:
                found.append((node.loc.start, node.loc.end))

        def enter_field(self, node: FieldNode, *_args) -> None:
            self._check(node)

        def enter_directive(self, node: DirectiveNode, *_args) -> None:
            self._check(node)

    visit(document, _Finder())
    return found


def read(source):
    """(document, removed hole spans) for a template that parses once its argument holes are removed."""
    from graphql import parse

    reading = without_argument_holes(source.text, source.text_map.holes)
    if reading is None:
        return None
    text, blanked = reading
    try:
        return parse(text), blanked
    except (GraphQLSyntaxError, RecursionError):
        return None


def settle_rules(ctx, blanked: List[Tuple[int, int]]) -> None:
    """Nothing is edited in a document read without its holes: each migration becomes a review item.

    The hole may hold an argument the edit would clash with (``runtimeVersion``
    given at run time, say), so the person decides.
    """
    removed = set(blanked)
    holes = [h for h in ctx.source.text_map.holes if (h.doc_start, h.doc_end) in removed]
    line = ctx.file.line_col(holes[0].file_start)[0] if holes else 0
    shown = ", ".join(h.expression if h.expression[:1] in "%{" else "{" + h.expression + "}" for h in holes[:3]) + (" ..." if len(holes) > 3 else "")
    ctx.withdraw_edits(TEMPLATE_ARGUMENTS, f"not rewritten: the template's hole {shown} (line {line}) stands for arguments that cannot be seen")


def settle_validation(ctx, document, blanked: List[Tuple[int, int]]) -> None:
    """Drop the errors that depend on a removed hole: a required argument it may provide."""
    text_map, file = ctx.source.text_map, ctx.file
    where = {file.line_col(text_map.file_offset(start)) for start, _end in fields_given_by_hole(document, blanked)}
    ctx.findings[:] = [
        f for f in ctx.findings if not (f.code == "provided-required-arguments" and (f.line, f.column) in where)
    ]


TEMPLATE_ARGUMENTS = "review-template-arguments"

__all__ = ["read", "settle_rules", "settle_validation", "without_argument_holes", "fields_given_by_hole", "TEMPLATE_ARGUMENTS"]
