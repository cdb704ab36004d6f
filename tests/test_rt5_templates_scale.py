"""Red team 5, F12 / F15 / F16: scale of one large selection, template holes that hide
AC arguments and fields, and long ``.replace`` chains.

Each behaviour is checked through the installed console script; the work-counting
tests count executed lines (never time) at N, 2N and 3N.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

EXE = os.environ.get("TRUST_CLI_UNDER_TEST") or shutil.which("houston-codemod")
URL = "https://houston.example.com/v1"
CODEMODS = str(Path(__file__).resolve().parent.parent / "codemods")


def run(*args, cwd=None):
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def write(directory, name, text):
    path = Path(directory) / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def findings(result):
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


# -- F12: one selection set with thousands of aliased fields ----------------------------------------
def _aliases_module(count, field="airflowVersion"):
    selection = " ".join(f"a{i}: {field}" for i in range(count))
    return (
        "import requests\n"
        f'Q = """query {{ deployments(workspaceUuid: "x") {{ {selection} }} }}"""\n'
        "def go():\n"
        f'    r = requests.post("{URL}", json={{"query": Q}}).json()["data"]["deployments"][0]\n'
        '    return r["a7"] == "2.3.4-11", r.get(\'a3\') != "2.0.0-1", r["z"] == "2.1.1-2"\n'
    ).encode()


def test_aliased_reads_keep_their_comparison_findings(tmp_path):
    """The per-module gate (which keys the module reads as "key" or 'key') still finds each compared key."""
    path = tmp_path / "many.py"
    path.write_bytes(_aliases_module(40))
    result = run("check", "--format", "json", "--no-cache", path)
    compared = [f for f in findings(result) if f["code"] == "review-ac-version-comparison"]
    assert sorted(f["message"].split("'")[1] for f in compared) == ["a3", "a7"]


def _lines_run(data, options, counted=CODEMODS):
    """Lines of the tool's own code executed while one module is processed (work, not time)."""
    from codemods.pipeline import process

    count = 0

    def tracer(frame, event, _arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(counted):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        result = process("many.py", data, options)
    finally:
        sys.settrace(None)
    assert result.error is None
    return count


@pytest.mark.parametrize("field", ["airflowVersion", "id"])
def test_one_selection_of_many_aliases_costs_linear_work(options, field, monkeypatch):
    """N, 2N, 3N aliases in one selection set: the tool's lines lie on a line (second difference
    near 0), and the module's text is scanned for quoted keys once, not once per key (that scan,
    `'"key"' in text` per alias, was the quadratic part: 3.8 s of 15 at N = 8000)."""
    from codemods.rules import runtime_read_fields as rule

    scans = []
    real = rule._quoted_names
    monkeypatch.setattr(rule, "_quoted_names", lambda text: scans.append(1) or real(text))
    _lines_run(_aliases_module(10, field), options)  # once-per-process set-up is not the documents' work
    scans.clear()
    counts = [_lines_run(_aliases_module(n, field), options) for n in (150, 300, 450)]
    assert counts[1] > 1.5 * counts[0]  # the work does grow with the fields
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts
    if field == "airflowVersion":
        assert len(scans) == 3  # one scan per module processed, whatever the number of keys


# -- F16: a document filled by a long chain of .replace calls ---------------------------------------
def _replace_chain_module(count):
    chain = "".join(f'.replace("$v{i}", "x{i}")' for i in range(count))
    return (
        "import requests\n"
        f'Q = """mutation {{ createDeployment(workspaceUuid: "$v1", label: "l", type: "airflow", '
        f'airflowVersion: "2.3.4") {{ id }} }}"""{chain}\n'
        f'requests.post("{URL}", json={{"query": Q}})\n'
    ).encode()


def test_a_thousand_chained_replace_calls_are_migrated(tmp_path):
    """It was 'internal error: RecursionError' (exit 2): the walk from the sent name to the literal
    under the chain recursed once per .replace."""
    path = tmp_path / "chain.py"
    path.write_bytes(_replace_chain_module(1000))
    result = run("rewrite", "--check", "--no-cache", path)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "1 would be rewritten" in result.stderr
    assert run("rewrite", "--no-cache", path).returncode == 0
    text = path.read_text()
    assert 'runtimeVersion: "' in text and "airflowVersion" not in text
    assert text.count(".replace(") == 1000  # the chain itself is not touched
    again = run("rewrite", "--check", "--no-cache", path)
    assert again.returncode == 0, again.stderr


def test_a_replace_chain_costs_linear_work(options):
    _lines_run(_replace_chain_module(10), options)  # once-per-process set-up
    counts = [_lines_run(_replace_chain_module(n), options) for n in (200, 400, 600)]
    assert counts[1] > 1.5 * counts[0]
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts
