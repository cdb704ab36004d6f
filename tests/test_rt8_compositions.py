"""Red team 8, task C: documents assembled at the send, and helper shapes (issues 13, 12, 11).

* 13-F4: a document composed where it is sent (``houston(GET + DEP)``,
  ``"\\n".join([GET, DEP])``, ``f"{GET}{DEP}"``, ``"%s%s" % (GET, DEP)``) is the
  document checked: ``GET``'s spread of ``DEP``'s fragment is no error; an error
  inside the composition is reported once; a composition that cannot be read
  makes no part an error.
* 12-R3/R4: a body built by another helper (``json=body(q)``), and lambda helpers.
* 12-R6: a shorthand document in a ``HOUSTON_*`` constant nobody sends in its module.
* 11: a module constant spliced into a field list through ``%``/``.format``/an
  f-string hole is checked; the constant is reviewed, never edited.

Every case runs the installed console script on files in a temporary directory.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def check(root: Path, *options):
    completed = run("check", "--no-cache", "--format", "json", *options, ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    return completed, report["findings"], report["documents"]


def write(root: Path, text: str, name: str = "a.py") -> Path:
    path = root / name
    path.write_text(text)
    return path


HEAD = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"
DEP = """
fragment D on Deployment { id label %s}
"""
GET = """
query Q { workspaceDeployments(workspaceUuid: "w") { ...D } }
"""
def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q})
'''

SENDS = {
    "helper-plus": "houston(GET + DEP)\n",
    "join": 'requests.post(HOUSTON_URL, json={"query": "\\n".join([GET, DEP])})\n',
    "fstring": 'requests.post(HOUSTON_URL, json={"query": f"{GET}{DEP}"})\n',
    "percent": 'requests.post(HOUSTON_URL, json={"query": "%s%s" % (GET, DEP)})\n',
    "format": 'requests.post(HOUSTON_URL, json={"query": "{}{}".format(GET, DEP)})\n',
}


@pytest.mark.parametrize("send", sorted(SENDS))
def test_f4_fragment_of_another_part_is_no_error(tmp_path, send):
    write(tmp_path, HEAD % "" + SENDS[send])
    completed, findings, documents = check(tmp_path, "--houston-version", "1.0.1")
    assert completed.returncode == 0, completed.stdout
    assert [f for f in findings if f["severity"] == "error"] == []
    # the composition itself is one of the documents, and it holds both parts' operations
    assert any(d["line"] == 11 for d in documents), documents


@pytest.mark.parametrize("send", sorted(SENDS))
def test_f4_error_inside_the_composition_is_reported_once(tmp_path, send):
    write(tmp_path, HEAD % "airflowVersion " + SENDS[send])
    completed, findings, _documents = check(tmp_path, "--houston-version", "1.0.1")
    assert completed.returncode == 1
    errors = [(f["line"], f["code"]) for f in findings if f["severity"] == "error"]
    assert errors == [(4, "fields-on-correct-type")]


def test_f4_part_sent_alone_still_misses_its_fragment(tmp_path):
    """GET sent on its own too: there, ``...D`` has no definition, a real error."""
    write(tmp_path, HEAD % "" + SENDS["helper-plus"] + "houston(GET)\n")
    completed, findings, _documents = check(tmp_path)
    assert completed.returncode == 1
    assert [(f["line"], f["code"]) for f in findings if f["severity"] == "error"] == [(7, "known-fragment-names")]


def test_f4_unreadable_composition_makes_no_part_an_error(tmp_path):
    write(tmp_path, HEAD % "" + "houston(GET + load_fragments())\n")
    completed, findings, _documents = check(tmp_path)
    assert completed.returncode == 0, completed.stdout
    assert [f["code"] for f in findings if f["severity"] == "error"] == []


def test_f4_rewrite_of_a_composition_is_idempotent(tmp_path):
    path = write(tmp_path, HEAD % "airflowVersion " + SENDS["fstring"])
    first = run("rewrite", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr
    once = path.read_text()
    assert "fragment D on Deployment { id label airflowVersion: runtimeAirflowVersion }" in once
    run("rewrite", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert path.read_text() == once
    completed, findings, _documents = check(tmp_path, "--houston-version", "1.0.1")
    assert [f for f in findings if f["severity"] == "error"] == []


BODY_HELPER = '''import requests
URL = "https://houston.example.com/v1"
def body(q):
    return {"query": q}
def houston(q):
    return requests.post(URL, json=body(q), timeout=10)
houston("{ deployments { airflowVersion } }")
'''

LAMBDA_HELPER = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"
houston = lambda q, **v: requests.post(HOUSTON_URL, json={"query": q, "variables": v})
houston("{ deployments { airflowVersion } }")
'''


@pytest.mark.parametrize("text,line", [(BODY_HELPER, 7), (LAMBDA_HELPER, 4)], ids=["body-helper", "lambda"])
def test_r3_r4_shorthand_through_helpers_is_found_and_migrated(tmp_path, text, line):
    path = write(tmp_path, text)
    completed, findings, documents = check(tmp_path, "--houston-version", "1.0.1")
    assert completed.returncode == 1
    assert [d["line"] for d in documents] == [line]
    assert [(f["line"], f["code"]) for f in findings if f["severity"] == "error"] == [(line, "fields-on-correct-type")]
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert 'houston("{ deployments { airflowVersion: runtimeAirflowVersion } }")' in path.read_text()


def test_r3_a_body_helper_that_sends_a_constant_query_is_not_a_document_parameter(tmp_path):
    """``body(q)`` returning {"query": OTHER}: the argument is not what is sent."""
    write(tmp_path, BODY_HELPER.replace('return {"query": q}', 'return {"query": "{ ping }", "note": q}'))
    _completed, _findings, documents = check(tmp_path)
    assert documents == []


def test_r6_houston_constant_holds_a_shorthand_document(tmp_path):
    write(tmp_path, 'HOUSTON_DEPLOYMENTS = "{ deployments { airflowVersion } }"\n')
    write(tmp_path, 'HOUSTON_HEADERS = "{ not graphql"\nOTHER = "{ deployments { airflowVersion } }"\n', "b.py")
    completed, findings, documents = check(tmp_path, "--houston-version", "1.0.1")
    assert completed.returncode == 1
    assert [(Path(d["path"]).name, d["line"]) for d in documents] == [("a.py", 1)]
    assert [(Path(f["path"]).name, f["code"]) for f in findings if f["severity"] == "error"] == [
        ("a.py", "fields-on-correct-type")
    ]


SPLICED = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"
FIELDS = "id airflowVersion"
q = %s
requests.post(HOUSTON_URL, json={"query": q})
'''


@pytest.mark.parametrize(
    "template",
    ['"{ deployments { %s } }" % FIELDS', 'f"{{ deployments {{ {FIELDS} }} }}"', '"{ deployments { {f} } }".format(f=FIELDS)'],
    ids=["percent", "fstring", "format"],
)
def test_11_spliced_field_list_is_checked_and_the_constant_reviewed(tmp_path, template):
    path = write(tmp_path, SPLICED % template)
    before = path.read_text()
    completed, findings, _documents = check(tmp_path, "--houston-version", "1.0.1")
    assert completed.returncode == 1
    assert [(f["line"], f["code"]) for f in findings if f["severity"] == "error"] == [(3, "fields-on-correct-type")]
    assert any(f["severity"] == "warning" and f["code"].startswith("review-") for f in findings), findings
    rewritten = run("rewrite", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert rewritten.returncode in (0, 1), rewritten.stderr
    assert path.read_text() == before  # FIELDS is a module constant others may import: reviewed, not edited


def test_11_a_template_filled_in_two_places_keeps_its_hole(tmp_path):
    """The same template filled with two different constants: neither is the text of the literal."""
    write(tmp_path, '''import requests
HOUSTON_URL = "https://houston.example.com/v1"
A = "id airflowVersion"
B = "id label"
T = "{ deployments { %s } }"
requests.post(HOUSTON_URL, json={"query": T % A})
requests.post(HOUSTON_URL, json={"query": T % B})
''')
    completed, findings, _documents = check(tmp_path, "--houston-version", "1.0.1")
    assert [f for f in findings if f["severity"] == "error"] == []
    assert completed.returncode == 0


# -- scale: work, not time ------------------------------------------------------------------------
def _many_compositions(count: int, tag: str = "a") -> bytes:
    """``count`` fragment/query pairs, each sent composed three ways, plus one f-string of every part.

    ``tag`` names the fragments: documents validated once are remembered by their text, so each
    counted run gets texts of its own."""
    lines = [
        "import requests",
        'HOUSTON_URL = "https://houston.example.com/v1"',
        "def body(q):",
        '    return {"query": q}',
        "def houston(q):",
        "    return requests.post(HOUSTON_URL, json=body(q))",
    ]
    for i in range(count):
        lines.append(f'D{i} = "fragment F{tag}{i} on Deployment {{ id label }}"')
        lines.append(f'G{i} = "query Q{i} {{ workspaceDeployments(workspaceUuid: \\"w\\") {{ ...F{tag}{i} }} }}"')
        lines.append(f"houston(G{i} + D{i})")
        lines.append(f'houston("\\n".join([G{i}, D{i}]))')
        lines.append(f'houston("%s %s" % (G{i}, D{i}))')
    lines.append('houston(f"' + "".join(f"{{G{i}}} {{D{i}}} " for i in range(count)) + '")')
    return ("\n".join(lines) + "\n").encode()


def test_compositions_cost_linear_work(options):
    """N, 2N, 3N composed sends (``+``, ``join``, ``%``, one f-string of every part): the lines the
    tool runs lie on a line (second difference near 0), and no part reports its fragment missing."""
    from work_count import lines_run

    def no_errors(result):
        assert [f for f in result.findings if f.severity == "error"] == []

    lines_run("many.py", _many_compositions(3, "z"), options, check=no_errors)  # once-per-process set-up
    counts = [lines_run("many.py", _many_compositions(n, tag), options, check=no_errors) for n, tag in ((20, "a"), (40, "b"), (60, "c"))]
    assert counts[1] > 1.5 * counts[0]
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts


@pytest.mark.parametrize(
    "template", ['"{ deployments { %s } }" % FIELDS', '"{{ deployments {{ {} }} }}".format(FIELDS)'], ids=["percent", "format"]
)
def test_11_private_constant_of_a_notebook_is_edited_without_template_escapes(tmp_path, template):
    """In a notebook, a constant no other cell names is this document's own: edited in its own literal, the template untouched."""
    cells = [
        ["import requests\n", 'HOUSTON_URL = "https://houston.example.com/v1"\n'],
        ['FIELDS = "id airflowVersion"\n', f"q = {template}\n", 'requests.post(HOUSTON_URL, json={"query": q})\n'],
    ]
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": s} for s in cells],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook, indent=1))
    first = run("rewrite", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    source = json.loads(path.read_text())["cells"][1]["source"]
    assert source[0] == 'FIELDS = "id airflowVersion: runtimeAirflowVersion"\n'
    assert source[1] == f"q = {template}\n"
    once = path.read_text()
    run("rewrite", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert path.read_text() == once
    completed, findings, _documents = check(tmp_path, "--houston-version", "1.0.1")
    assert completed.returncode == 0, completed.stdout
