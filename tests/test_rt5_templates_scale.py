"""Red team 5, F12 / F15 / F16: scale of one large selection, template holes that hide
AC arguments and fields, and long ``.replace`` chains.

Each behaviour is checked through the installed console script; the work-counting
tests count executed lines (never time) at N, 2N and 3N.
"""

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from work_count import lines_run

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
    return lines_run("many.py", data, options, counted)


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


# -- F15: a template hole in argument position --------------------------------------------------------
_HOLE_ARGS = f'''\
import requests
U = "{URL}"
def c(ws, extra):
    q = f'mutation {{{{ createDeployment(workspaceUuid: "{{ws}}", airflowVersion: "2.3.4", {{extra}}) {{{{ id labl3 }}}} }}}}'
    return requests.post(U, json={{"query": q}})
def d(extra):
    q = 'mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", %s) {{ id }} }}' % extra
    return requests.post(U, json={{"query": q}})
'''


def test_an_argument_hole_does_not_hide_the_arguments_beside_it(tmp_path):
    path = tmp_path / "hole.py"
    path.write_text(_HOLE_ARGS)
    before = path.read_bytes()
    rewrite = run("rewrite", "--check", "--format", "json", "--no-cache", path)
    assert rewrite.returncode == 0, rewrite.stderr  # nothing would change; the review item says why
    assert "1 need review" in rewrite.stderr
    review = [f for f in findings(rewrite) if f["code"] == "review-template-arguments"]
    assert [(f["line"], f["column"]) for f in review] == [(4, 63)]
    assert "{extra} (line 4)" in review[0]["message"]
    assert run("rewrite", "--no-cache", path).returncode in (0, 1)
    assert path.read_bytes() == before  # never edited: the hole may hold runtimeVersion

    for version, argument_error in (("1.0.0", False), ("1.0.1", True)):
        check = run("check", "--format", "json", "--no-cache", "--houston-version", version, path)
        found = findings(check)
        codes = {(f["line"], f["code"]) for f in found}
        assert (4, "fields-on-correct-type") in codes  # labl3, outside the hole
        assert ((4, "known-argument-names") in codes) == argument_error  # airflowVersion gone in 1.0.1
        assert (4, "review-template-arguments") in codes
        # label and type may be in {extra}: not reported as missing; line 7's hole is a value, no error
        assert not [f for f in found if f["code"] in ("provided-required-arguments", "template-not-parsed")], found
        assert check.returncode == 1


def test_a_template_that_still_does_not_parse_stays_unchecked(tmp_path):
    path = write(tmp_path, "broken.py", f'''\
        import requests
        def c(extra):
            q = f'mutation {{{{ createDeployment(label: "x", {{extra}} {{{{ id }}}} }}}}'
            return requests.post("{URL}", json={{"query": q}})
        ''')
    result = run("check", "--format", "json", "--no-cache", path)
    assert [f["code"] for f in findings(result)] == ["template-not-parsed"]


def test_hole_readings_blank_only_argument_position_holes():
    from codemods.sources.hole_readings import without_argument_holes
    from codemods.sources.text_map import Hole

    text = 'query { a(x: __hole0__, __hole1__) { __hole2__ b(__hole3__ y: 1) } }'
    holes = [
        Hole(i, f"h{i}", 0, 0, text.index(f"__hole{i}__"), text.index(f"__hole{i}__") + 9) for i in range(4)
    ]
    reading, blanked = without_argument_holes(text, holes)
    assert len(reading) == len(text)
    assert [text[s:e] for s, e in blanked] == ["__hole1__", "__hole3__"]
    assert "__hole0__" in reading and "__hole2__" in reading
    assert without_argument_holes("query { a(", holes[:0]) is None
