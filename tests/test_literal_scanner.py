"""The literal scanner and decoder agree with CPython itself.

Two independent oracles: ``tokenize`` says where each literal piece starts and
ends, and evaluating the expression says what text it decodes to.
"""

import ast
import io
import tokenize
import warnings

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from codemods.sources.literal_scanner import field_expression, scan_pieces
from codemods.sources.templates import literal_text_map

BODY_CHARS = st.sampled_from(list("abc {}()$:\"'\\\n\t#é") + ["\\n", "\\x41", "\\u00e9", "\\N{BULLET}", "\\101", "\\\\", "{{", "}}"])


@st.composite
def plain_pieces(draw, is_bytes):
    prefix = draw(st.sampled_from(["b", "rb", "Br"] if is_bytes else ["", "r", "u", "R"]))
    quote = draw(st.sampled_from(['"', "'", '"' * 3, "'" * 3]))
    body = "".join(draw(st.lists(BODY_CHARS, max_size=12)))
    if is_bytes:  # bytes literals hold ASCII only, and no \u or \N escapes
        body = body.replace("é", "e").replace("\\u00e9", "\\x41").replace("\\N{BULLET}", "\\x42")
    return f"{prefix}{quote}{body}{quote}"


def _valid(source):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown escapes like "\e" are part of what is tested
        try:
            return True, ast.literal_eval(source)
        except (SyntaxError, ValueError):
            return False, None


@st.composite
def concatenations(draw):
    is_bytes = draw(st.booleans())
    pieces = draw(st.lists(plain_pieces(is_bytes), min_size=1, max_size=4))
    separators = st.sampled_from([" ", "\n    ", "  # a comment\n    ", " \\\n    "])
    return "(" + "".join(draw(separators) + piece for piece in pieces) + ")"


def _token_spans(source):
    spans = []
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            (srow, scol), (erow, ecol) = token.start, token.end
            spans.append((starts[srow - 1] + scol, starts[erow - 1] + ecol))
    return spans


def _closing_paren(source):
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    closing = [starts[t.start[0] - 1] + t.start[1] for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.OP and t.string == ")"]
    return closing[-1]


@settings(max_examples=300, deadline=None)
@given(concatenations())
@example('( "")#")')  # a ")" in a trailing comment (found by hypothesis in CI-like runs)
def test_pieces_match_the_tokenizer_and_text_matches_evaluation(source):
    ok, value = _valid(source)
    if not ok:
        return  # the generator may write an invalid literal (a raw string ending in a backslash...)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expression = ast.parse(source, mode="eval").body
    start = len("(") if isinstance(expression, ast.Constant) else 0
    # The closing parenthesis as the tokenizer sees it: a generated body may leave a ")" in a trailing
    # comment (``( "")#")``), which source.rindex(")") would take for it.
    end = _closing_paren(source)
    pieces = scan_pieces(source, start, end)
    assert [(p.start, p.end) for p in pieces] == _token_spans(source)
    decoded = literal_text_map(source, start, end).text
    expected = value.decode("latin-1") if isinstance(value, bytes) else value
    # Newlines inside triple-quoted literals are kept as written; here they are "\n" anyway.
    assert decoded == expected


@pytest.mark.parametrize(
    "source, texts, fields",
    [
        ('f"a{b}c"', ["a", "c"], ["b"]),
        ('f"{{literal}} {x!r:>{width}}"', ["{{literal}} "], ["x"]),
        ("f'{d[\"key\"]}-{f(1, (2))}'", ["-"], ['d["key"]', "f(1, (2))"]),
        ('f"""multi\n{value=}\nline"""', ["multi\n", "\nline"], ["value"]),
        ("rf'\\d{n}\\w'", ["\\d", "\\w"], ["n"]),
        ("f'{\"}\"}'", [], ['"}"']),
    ],
)
def test_fstring_parts_and_fields(source, texts, fields):
    (piece,) = scan_pieces(source, 0, len(source))
    assert [source[a:b] for kind, a, b in piece.parts if kind == "text"] == texts
    assert [field_expression(source, a, b) for kind, a, b in piece.parts if kind == "field"] == fields


def test_fstring_text_decodes_with_holes_for_fields():
    source = 'f"query {{ deployments(id: \\"{uuid}\\") {{ id }} }}"'
    text_map = literal_text_map(source, 0, len(source))
    assert text_map.text == 'query { deployments(id: "__hole0__") { id } }'
    (hole,) = text_map.holes
    assert hole.expression == "uuid" and source[hole.file_start : hole.file_end] == "{uuid}"
