"""Property tests: Houston documents in every Python string form, and random Python.

The oracle for a rewrite is independent of the tool: each document is built
from chunks twice, once with the AC argument and once with its migrated form,
and both are embedded in Python with the *same* random choices (quotes,
prefixes, escapes, concatenation points).  The tool's output must equal the
second embedding byte for byte, which also proves that nothing outside the
argument spans moved.

Profiles: ``HYPOTHESIS_PROFILE=ci`` (default, small) or ``thorough``.
"""

import json
from pathlib import Path

import hypothesmith
import libcst as cst
from helpers import output_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codemods.pipeline import process

TABLE = json.loads((Path(__file__).parent.parent / "schema" / "ac-runtime-equivalence.json").read_text())
EQUIVALENT = TABLE["equivalent_runtime"]

# Houston fields that take a version argument, with their other required arguments.
FIELDS = {
    "createDeployment": 'workspaceUuid: "ckx1", label: "etl", type: "airflow"',
    "upsertDeployment": 'workspaceUuid: "ckx1", label: "etl"',
    "updateDeploymentImage": 'releaseName: "r1", image: "quay.io/acme/img:1"',
}
SELECTIONS = {
    "createDeployment": ["id", "label", "releaseName", "urls { type url }"],
    "upsertDeployment": ["id", "label", "releaseName"],
    "updateDeploymentImage": ["releaseName"],
}


@st.composite
def documents(draw):
    """(chunks before, chunks after): the version argument and value are chunks of their own."""
    field = draw(st.sampled_from(sorted(FIELDS)))
    airflow = draw(st.sampled_from(sorted(EQUIVALENT)))
    hotfix = draw(st.sampled_from(["", "-1", "-3", "-11"]))
    space = draw(st.sampled_from([" ", "\n  ", "\n\t", "  "]))
    selection = " ".join(draw(st.lists(st.sampled_from(SELECTIONS[field]), min_size=1, max_size=3, unique=True)))
    name = draw(st.sampled_from(["", "Migrate", "CreateIt"]))
    head = f"mutation {name} {{{space}{field}({FIELDS[field]},{space}"
    tail = f") {{ {selection} }}{space.rstrip(' ')}}}"
    before = [head, "airflowVersion", ': "', airflow + hotfix, '"', tail]
    after = [head, "runtimeVersion", ': "', EQUIVALENT[airflow], '"', tail]
    return before, after


KEYWORD_ROOM = len("mutation ")
QUOTES = ['"', "'", '"""', "'''"]
ESCAPABLE = set("abcdefghijklmnopqrstuvwxyz{}(): ")


def _escape(text, quote, raw, fstring, escapes):
    """Python source for ``text`` inside a literal; ``escapes`` picks chars to write as \\xNN."""
    out = []
    for i, char in enumerate(text):
        if char == "\\" and not raw:
            out.append("\\\\")
        elif char == quote[0] and not raw:
            out.append("\\" + char)
        elif char == "\n" and len(quote) == 1:
            out.append("\\n" if not raw else None)
        elif char == "\t" and len(quote) == 1 and not raw:
            out.append("\\t")
        elif fstring and char in "{}":
            out.append(char * 2)
        elif not raw and char in ESCAPABLE and escapes.get(i, False):
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return None if None in out else "".join(out)


@st.composite
def embeddings(draw):
    """Choices for turning chunks into Python: where to split, how to quote each piece."""
    return {
        "splits": draw(st.lists(st.booleans(), min_size=6, max_size=6)),
        # Cuts and escapes stay clear of the keyword and root field (see _protected).
        "inner_splits": draw(st.lists(st.integers(KEYWORD_ROOM, 60), max_size=3)),
        "pieces": draw(
            st.lists(
                st.tuples(st.sampled_from(QUOTES), st.sampled_from(["", "r", "u", "f", "rf", "R"])),
                min_size=12,
                max_size=12,
            )
        ),
        "escapes": draw(st.dictionaries(st.integers(KEYWORD_ROOM, 120), st.booleans(), max_size=12)),
        "site": draw(st.sampled_from(["requests", "gql", "execute", "constant"])),
    }


def _protected(chunks):
    """The operation keyword and root field name are written as-is: the byte prefilter
    looks for them (see codemods/prefilter.py), like a person reading the file would."""
    return chunks[0].index("(") + 1


def _pieces(chunks, choices):
    """Group chunks into literal pieces; head/tail chunks may also split inside."""
    groups, current = [], ""
    for index, chunk in enumerate(chunks):
        current += chunk
        if choices["splits"][index] or index == len(chunks) - 1:
            groups.append(current)
            current = ""
    # Extra cuts inside the first group (it holds the head, identical before and after).
    first = groups[0]
    cuts = sorted(set(c for c in choices["inner_splits"] if _protected(chunks) < c < len(chunks[0])))
    parts = [first[a:b] for a, b in zip([0] + cuts, cuts + [len(first)])]
    return parts + groups[1:]


def embed(chunks, choices):
    literals = []
    offset = 0
    for number, piece in enumerate(_pieces(chunks, choices)):
        quote, prefix = choices["pieces"][number % len(choices["pieces"])]
        raw, fstring = "r" in prefix.lower(), "f" in prefix.lower()
        # Escape only inside the head chunk (it reads the same before and after), past
        # the keyword and root field.
        escapes = {i - offset: v for i, v in choices["escapes"].items() if _protected(chunks) <= i < len(chunks[0])}
        body = _escape(piece, quote, raw, fstring, escapes)
        if body is None or (raw and (body.endswith("\\") or quote[0] in body)):
            # A raw literal cannot hold this piece: fall back to an escaped one.
            quote, prefix = '"""', ""
            body = _escape(piece, quote, False, False, escapes)
        literals.append(f"{prefix}{quote}{body}{quote}")
        offset += len(piece)
    document = "(\n    " + "\n    ".join(literals) + "\n)"
    site = choices["site"]
    if site == "requests":
        return f'import requests\n\nDOC = {document}\nrequests.post("https://houston.example.com/v1", json={{"query": DOC}})\n'
    if site == "gql":
        return f"from gql import gql\n\nDOC = gql{document}\n"
    if site == "execute":
        return f"def run(client):\n    return client.execute({document})\n"
    return f"DOC = {document}\n"


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(documents(), embeddings())
def test_embedded_documents_are_migrated_exactly(options, document, choices):
    before_chunks, after_chunks = document
    before, expected = embed(before_chunks, choices), embed(after_chunks, choices)
    cst.parse_module(before)  # the generator itself must write valid Python
    result = process("prop.py", before.encode(), options)
    assert result.error is None, result.error
    assert output_bytes(result, before.encode()).decode() == expected
    again = process("prop.py", expected.encode(), options)
    assert not again.changed
    assert [f.as_text() for f in again.findings if f.severity == "error"] == []


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], deadline=None)
@given(hypothesmith.from_grammar())
def test_random_python_is_never_changed_and_never_crashes(options, source):
    result = process("random.py", source.encode("utf-8", "surrogatepass"), options)
    assert result.error is None or "internal error" not in result.error, result.error
    assert not result.changed
