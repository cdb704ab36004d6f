"""Document offsets map back through escapes, prefixes and concatenation."""

import ast

import pytest

from codemods.source_file import SourceFile
from codemods.sources.python import PythonDocumentFinder


def _only_source(code: str):
    source_file = SourceFile.from_bytes("t.py", code.encode("utf-8"), python=True)
    finder = PythonDocumentFinder(source_file, ast.parse(source_file.text))
    (source,) = finder.sources()
    return source_file, source


def _file_text_of(source_file, source, needle):
    """The file text that the document's occurrence of ``needle`` maps to."""
    start = source.text.index(needle)
    spans = source.text_map.file_spans(start, start + len(needle))
    return [source_file.text[a:b] for a, b in spans]


@pytest.mark.parametrize(
    "code, needle, expected",
    [
        ('Q = "query { deployments { id } }"\n', "deployments", ["deployments"]),
        ('Q = "query {\\n  deployments { id } }"\n', "\n", ["\\n"]),
        ('Q = "query { d\\x65ployments { id } }"\n', "deployments", ["d\\x65ployments"]),
        ('Q = "query { \\u0064eployments { id } }"\n', "deployments", ["\\u0064eployments"]),
        ('Q = "query { \\N{LATIN SMALL LETTER D}eployments { id } }"\n', "deployments", ["\\N{LATIN SMALL LETTER D}eployments"]),
        ('Q = "query { \\144eployments { id } }"\n', "deployments", ["\\144eployments"]),
        ("Q = r'query { deployments(x: \"\\d\") { id } }'\n", "\\d", ["\\d"]),
        ('Q = ("query { deploy"\n     "ments { id } }")\n', "deployments", ["deploy", "ments"]),
        ('Q = "query { deploy\\\nments { id } }"\n', "deployments", ["deploy", "ments"]),
        ('Q = b"query { deployments { id } }"\n', "deployments", ["deployments"]),
        ('Q = f"query {{ deployments {{ id }} }}"\n', "{ deployments {", ["{{ deployments {{"]),
    ],
)
def test_document_text_maps_to_file_text(code, needle, expected):
    source_file, source = _only_source(code)
    assert _file_text_of(source_file, source, needle) == expected


def test_line_and_column_after_crlf_tabs_and_non_ascii():
    code = '# é comment\r\nx = 1\r\n\tQ = """\r\nquery {\r\n\t  deployments { id }\r\n}"""\r\n'
    code = code.replace("\tQ", "if x:\r\n\tQ")
    source_file, source = _only_source(code)
    start = source_file.text.index("deployments")
    assert source.text_map.file_offset(source.text.index("deployments")) == start
    assert source_file.line_col(start) == (6, 4)


def test_lone_carriage_returns_count_as_lines():
    source_file = SourceFile.from_bytes("t.py", b"a = 1\rb = 2\rc = 3\n", python=True)
    assert source_file.line_col(source_file.text.index("c")) == (3, 1)
