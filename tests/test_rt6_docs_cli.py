"""Red team 6 (issues 11 and 12): where Python documents are found, and the CLI's edges.

Every test runs the installed ``houston-codemod`` (one run per group: the suite's budget).

* F2 (recall): a shorthand ``{ ... }`` document passed to a module helper that posts it,
  through a name, or stored into a request body step by step, is a document.  A ``{``
  string that never reaches a send position stays ignored.
* F5 (precision): a module's own ``def gql(url, query)`` is judged by its body: its URL
  argument is not a document.
* F9: stderr or stdin closed at start.
* F14: ``check --explain`` with ``--format`` and ``-o``.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from work_count import traced_lines, under

HOUSTON = 'import requests\nHOUSTON_URL = "https://houston.acme.com/v1"\n'
HELPER = (
    "def houston(query, variables=None):\n"
    '    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables}).json()\n'
)
TYPO = "{ workspaces { id labell } }"  # a broken Houston document: labell is no field

# file -> the line of the broken document (F2: each was "0 documents found", exit 0)
RECALL = {
    "helper_name.py": (HOUSTON + HELPER + f'Q = "{TYPO}"\ndef versions():\n    return houston(Q)\n', 5),
    "helper_literal.py": (HOUSTON + HELPER + f'def versions():\n    return houston("{TYPO}")\n', 6),
    "helper_keyword.py": (HOUSTON + HELPER + f'def versions():\n    return houston(variables={{}}, query="{TYPO}")\n', 6),
    "send_local.py": (
        HOUSTON + 'def send(q):\n    return requests.post(HOUSTON_URL, json={"query": q})\n'
        f'def f():\n    q = "{TYPO}"\n    return send(q)\n',
        6,
    ),
    "two_levels.py": (
        HOUSTON + HELPER + "def run(document):\n    return houston(document)\n"
        f'def f():\n    return run("""\n{TYPO}\n""")\n',
        9,
    ),
    "method.py": (
        HOUSTON + "class Client:\n    def call(self, document):\n"
        '        return requests.post(HOUSTON_URL, json={"query": document})\n'
        f'    def versions(self):\n        return self.call("{TYPO}")\n',
        7,
    ),
    "payload_steps.py": (
        HOUSTON + f'def f():\n    q = "{TYPO}"\n    payload = {{}}\n    payload["query"] = q\n'
        "    return requests.post(HOUSTON_URL, json=payload)\n",
        4,
    ),
    "helper_payload_steps.py": (
        HOUSTON + 'def send(q):\n    body = {}\n    body["query"] = q\n    return requests.post(HOUSTON_URL, json=body)\n'
        f'def f():\n    return send("{TYPO}")\n',
        8,
    ),
    # F5's class, the other way: a module's gql whose body sends its first parameter
    "own_gql_first.py": (
        HOUSTON + 'def gql(query):\n    return requests.post(HOUSTON_URL, json={"query": query})\n'
        f'gql("{TYPO}")\n',
        5,
    ),
}

# files with no Houston document at all: nothing reported, check exit 0
PRECISION = {
    # F5: the URL constant was reported as "graphql-syntax Unexpected Name 'https'"
    "own_gql.py": (
        HOUSTON + 'def gql(url, query):\n    return requests.post(url, json={"query": query}).json()\n'
        'def main():\n    return gql(HOUSTON_URL, "query { workspaces { id label } }")\n'
    ),
    "imported_gql.py": (
        HOUSTON + "from mytools import gql\n"
        'def main():\n    return gql(HOUSTON_URL, "query { workspaces { id label } }")\n'
    ),
    "braces_not_sent.py": (
        HOUSTON
        + textwrap.dedent(
            """\
            import json
            TEMPLATE = "{ deployments { id } }"
            def log(message):
                print(message)
            def search(text):
                return requests.get(HOUSTON_URL, params={"q": text})
            def lookup(query):
                return requests.post(HOUSTON_URL + "/search", json={"filter": query})
            def run(sql, cursor):
                return cursor.execute(sql)
            def main(cursor):
                log("{ deployments { id releaseName } }")
                search("{ workspaces { id } }")
                lookup("{ workspaces { id } }")
                run("SELECT { deployments } FROM t", cursor)
                data = json.loads('{"deployments": {"id": 1}}')
                s = "{ deployments { id } }".format()
                return {"query": "{ workspaces }"}, TEMPLATE, data, s
            """
        )
    ),
}


def run(*args, cwd, **kwargs):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, timeout=300, **kwargs)


def write(root: Path, files):
    for name, text in files.items():
        (root / name).write_text(text if isinstance(text, str) else text[0])


def test_documents_reaching_a_send_position_are_found_and_others_are_not(tmp_path):
    write(tmp_path, RECALL)
    write(tmp_path, PRECISION)
    completed = run("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    for name, (_text, line) in RECALL.items():
        errors = [f for f in report["findings"] if os.path.basename(f["path"]) == name and f["severity"] == "error"]
        assert [(f["line"], f["code"]) for f in errors] == [(line, "fields-on-correct-type")], (name, errors)
        assert "labell" in errors[0]["message"]
        documents = [d for d in report["documents"] if os.path.basename(d["path"]) == name]
        assert [d["houston"] for d in documents] == [True], (name, documents)
    for name in PRECISION:
        assert [f for f in report["findings"] if os.path.basename(f["path"]) == name] == [], name
    # the URL is no document; the one document sent through the module's gql is Houston's
    assert [(d["line"], d["houston"]) for d in report["documents"] if os.path.basename(d["path"]) == "own_gql.py"] == [(6, True)]
    assert [d for d in report["documents"] if d["path"].endswith("braces_not_sent.py")] == []
    # precision alone: exit 0
    for name in PRECISION:
        alone = run("check", "--no-cache", name, cwd=tmp_path)
        assert alone.returncode == 0, (name, alone.stdout, alone.stderr)


def test_a_shorthand_document_sent_through_a_helper_is_migrated_once(tmp_path):
    script = tmp_path / "versions.py"
    script.write_text(
        HOUSTON + HELPER + 'Q = "{ deployments { id releaseName airflowVersion } }"\n'
        "def versions():\n    return houston(Q)\n"
    )
    first = run("rewrite", "--no-cache", str(script), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert 'Q = "{ deployments { id releaseName airflowVersion: runtimeAirflowVersion } }"' in script.read_text()
    again = run("rewrite", "--check", "--no-cache", str(script), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert run("check", "--no-cache", "--houston-version", "1.0.1", str(script), cwd=tmp_path).returncode == 0


def test_a_body_built_step_by_step_keeps_its_variables_and_says_why(tmp_path):
    script = tmp_path / "create.py"
    script.write_text(
        HOUSTON
        + textwrap.dedent(
            '''\
            def create(ws, v):
                q = """mutation C($ws: Uuid!, $airflowVersion: String) {
              createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id }
            }"""
                payload = {}
                payload["query"] = q
                payload["variables"] = {"ws": ws, "airflowVersion": v}
                return requests.post(HOUSTON_URL, json=payload)
            '''
        )
    )
    completed = run("rewrite", "--no-cache", str(script), cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = script.read_text()
    # the variable and the key it is sent under stay together; the argument is migrated
    assert "runtimeVersion: $airflowVersion" in text and '"airflowVersion": v' in text
    assert b"review-version-variable" in completed.stderr and b"built step by step" in completed.stderr


# F9 -----------------------------------------------------------------------------------
# The console script itself (beside the interpreter), not a shell shim that may need stderr.
SCRIPT = os.path.join(os.path.dirname(sys.executable), "houston-codemod")
if not os.path.exists(SCRIPT):
    SCRIPT = shutil.which("houston-codemod") or "houston-codemod"
CLEAN = "x = 1\n"
MIGRATE = HOUSTON + HELPER + 'def versions():\n    return houston("{ deployments { id airflowVersion } }")\n'
BROKEN = HOUSTON + HELPER + f'def versions():\n    return houston("{TYPO}")\n'


def closed(descriptor, *args, cwd, stdin_data=None):
    """Run the tool with ``descriptor`` closed at start (``2>&-``, ``<&-``)."""
    pipes = {"stdout": subprocess.PIPE}
    if descriptor != 2:
        pipes["stderr"] = subprocess.PIPE
    if descriptor != 0 and stdin_data is None:
        pipes["stdin"] = subprocess.DEVNULL
    return subprocess.run(
        [SCRIPT, *args], cwd=cwd, timeout=300, input=stdin_data, preexec_fn=lambda: os.close(descriptor), **pipes
    )


STDERR_CLOSED = [
    # (arguments, exit code, what stdout holds)
    (("check", "--no-cache", "clean.py"), 0, b""),
    (("check", "--no-cache", "--format", "json", "broken.py"), 1, b"'labell'"),
    (("check", "--no-cache", "missing.py"), 2, b""),
    (("rewrite", "--no-cache", "--diff", "migrate.py"), 1, b"+    return houston(\"{ deployments { id airflowVersion: runtimeAirflowVersion } }\")"),
    (("rewrite", "--no-cache", "--check", "migrate.py"), 1, b"migrate.py"),
    (("schema", "diff", "1.0.0", "1.0.1"), 1, b"BREAKING"),
    (("schema", "fetch", "http://127.0.0.1:9/"), 2, b""),
    (("--help",), 0, b"Usage:"),
    (("fleet", "--help"), 0, b"usage:"),
    (("review", "--changed-since", "no-such-ref"), 2, b""),
]


@pytest.mark.parametrize("arguments,code,shown", STDERR_CLOSED, ids=[" ".join(a[0][:2]) for a in STDERR_CLOSED])
def test_stderr_closed_keeps_the_report_and_the_exit_code(tmp_path, arguments, code, shown):
    write(tmp_path, {"clean.py": CLEAN, "broken.py": BROKEN, "migrate.py": MIGRATE})
    completed = closed(2, *arguments, cwd=tmp_path)
    assert completed.returncode == code, completed.stdout[-2000:]
    assert shown in completed.stdout
    assert b"Traceback" not in completed.stdout and b"internal error" not in completed.stdout
    assert (tmp_path / "migrate.py").read_text() == MIGRATE  # nothing written by these


def test_stderr_closed_rewrite_writes_and_stdin_rewrite_prints(tmp_path):
    write(tmp_path, {"migrate.py": MIGRATE})
    completed = closed(2, "rewrite", "--no-cache", "migrate.py", cwd=tmp_path)
    assert completed.returncode == 0 and completed.stdout == b""
    assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / "migrate.py").read_text()
    piped = closed(2, "rewrite", "-", cwd=tmp_path, stdin_data=MIGRATE.encode())
    assert piped.returncode == 0
    assert piped.stdout == (tmp_path / "migrate.py").read_bytes()


def test_stdin_closed(tmp_path):
    write(tmp_path, {"clean.py": CLEAN, "broken.py": BROKEN})
    completed = closed(0, "rewrite", "-", cwd=tmp_path)
    assert completed.returncode == 2 and completed.stdout == b""
    assert completed.stderr.decode().splitlines() == ["houston-codemod: -: stdin is closed; nothing read"]
    for diff in ((), ("--diff",), ("--check",)):
        completed = closed(0, "rewrite", *diff, "-", cwd=tmp_path)
        assert completed.returncode == 2 and b"stdin is closed" in completed.stderr and b"Traceback" not in completed.stderr
    assert closed(0, "check", "--no-cache", "clean.py", cwd=tmp_path).returncode == 0
    broken = closed(0, "check", "--no-cache", "broken.py", cwd=tmp_path)
    assert broken.returncode == 1 and b"labell" in broken.stdout


def test_closed_stderr_is_not_reused_for_a_report(tmp_path):
    """With fd 2 closed, the -o report must not become fd 2 (a child's stderr would land in it)."""
    write(tmp_path, {"broken.py": BROKEN})
    completed = closed(2, "check", "--no-cache", "--format", "json", "-o", "out.json", "broken.py", cwd=tmp_path)
    assert completed.returncode == 1
    report = json.loads((tmp_path / "out.json").read_text())
    assert [f["code"] for f in report["findings"]] == ["fields-on-correct-type"]


# F14 ----------------------------------------------------------------------------------
def test_explain_honours_json_and_output_and_refuses_other_formats(tmp_path):
    write(tmp_path, {"broken.py": BROKEN, "migrate.py": MIGRATE})
    completed = run("check", "--no-cache", "--explain", "broken.py:6", "--format", "json", "-o", "out.json", cwd=tmp_path)
    assert completed.returncode == 1 and completed.stdout == b""  # the document has an error: check's code
    explained = json.loads((tmp_path / "out.json").read_text())
    assert explained["line"] == 6
    [document] = explained["documents"]
    assert (document["path"], document["line"], document["houston"]) == ("broken.py", 6, True)
    assert any(e.startswith("url houston.acme.com") for e in document["evidence"])
    assert document["explanation"][0].startswith("+ url houston.acme.com") and document["explanation"][0].endswith("[decisive]")
    text = run("check", "--no-cache", "--explain", "migrate.py", "-o", "out.txt", cwd=tmp_path)
    assert text.returncode == 0 and text.stdout == b""
    assert (tmp_path / "out.txt").read_text().startswith("migrate.py:6:20: Houston ((anonymous))\n  + url houston.acme.com")
    for name in ("sarif", "github", "github-review", "html", "rdjson"):
        refused = run("check", "--no-cache", "--explain", "broken.py", "--format", name, "-o", f"{name}.out", cwd=tmp_path)
        assert refused.returncode == 2 and refused.stdout == b""
        assert refused.stderr.decode().splitlines() == [
            f"houston-codemod: --explain prints text or json, not --format {name}; nothing run"
        ]
        assert not (tmp_path / f"{name}.out").exists()


# work counted, not timed --------------------------------------------------------------
def _finder_lines(n: int) -> int:
    """Lines run in codemods/sources/ to find the documents of a module where one document is
    passed to a helper n times and n shorthand literals are passed to it."""
    import ast

    from codemods.source_file import SourceFile
    from codemods.sources.python import PythonDocumentFinder

    text = HOUSTON + HELPER + 'Q = "{ deployments { id } }"\n' + "".join(
        f"def f{i}():\n    houston(Q)\n    return houston('{{ workspaces {{ id{i} }} }}')\n" for i in range(n)
    )
    data = text.encode()
    module = ast.parse(text)
    count, found = traced_lines(
        lambda: PythonDocumentFinder(SourceFile("many.py", data, "utf-8", text), module).candidates(),
        under("sources"),
    )
    sent = [c for c in found if c.evidence == "call"]  # not the "query" key itself, a content look-alike
    assert len(sent) == n + 1 and sorted(len(c.sites) for c in sent)[-1] == n  # Q, sent n times, and the n literals
    return count


def test_documents_through_a_helper_cost_linear_work():
    counts = [_finder_lines(n) for n in (100, 200, 300)]
    assert counts[1] > 1.8 * counts[0]  # the work does grow with the calls
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts
