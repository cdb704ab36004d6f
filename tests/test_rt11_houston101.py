"""Red team 11 (issue 13, Houston 1.0.1, report 13): F7, F8 and F5 closed by task L.

Each case runs the installed console script (``houston-codemod``, through
``trust_cli.run_cli``) on files written to a temporary directory, as a user would:

* F7: an AC version or image tag with a zero-padded hotfix (``2.3.4-011``) is no form AC
  published, so it is reviewed with that reason, never mapped (as ``02.3.4`` already was);
"""

import json
import textwrap

from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import os, requests
    URL = "https://houston.example.com/v1"

    def houston(q, v=None):
        r = requests.post(URL, json={"query": q, "variables": v or {}},
                          headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
        return r.json()["data"]
    """
)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _run(tmp_path, command, *extra):
    """``check`` -> its JSON report; ``rewrite`` (writes files) -> its stderr text."""
    fmt = ("--format", "json") if command == "check" else ()
    result = run_cli(command, "--no-cache", "-j1", *fmt, *extra, ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout) if command == "check" else result.stderr


def _findings(report, code=None):
    return [f for f in report["findings"] if code is None or f["code"] == code]


# -- F7: zero-padded hotfix ------------------------------------------------------------------------
def test_zero_padded_hotfix_argument_is_reviewed_not_mapped(tmp_path):
    text = HEAD + (
        'C = """mutation C($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: "a", type: "airflow", '
        'airflowVersion: "2.3.4-011") { id } }"""\n'
        "houston(C, {'ws': 'w'})\n"
    )
    path = _write(tmp_path, "dep.py", text)
    log = _run(tmp_path, "rewrite")
    assert path.read_text() == text  # nothing mapped, nothing written
    assert "review-no-runtime-equivalent '2.3.4-011' is not an AC version as written" in log, log
    assert "zero-padded" in log
    report = _run(tmp_path, "check")
    reviews = [f for f in _findings(report) if "2.3.4-011" in f["message"]]
    assert reviews and all("zero-padded" in f["message"] for f in reviews), report
    assert "5.5.0" not in json.dumps(report)


def test_zero_padded_hotfix_tag_is_reviewed_not_mapped_unpadded_still_mapped(tmp_path):
    text = "FROM quay.io/astronomer/ap-airflow:2.3.4-011\n"
    path = _write(tmp_path, "Dockerfile", text)
    log = _run(tmp_path, "rewrite")
    assert path.read_text() == text
    assert "review-ac-image quay.io/astronomer/ap-airflow:2.3.4-011: tag '2.3.4-011' is not a form AC published" in log
    # the unpadded hotfix (and hotfix 0, no padding) is still the release it names
    path.write_text("FROM quay.io/astronomer/ap-airflow:2.3.4-11\n")
    _run(tmp_path, "rewrite")
    assert path.read_text() == "FROM quay.io/astronomer/astro-runtime:5.5.0-base\n"


# -- F8: a notebook cell whose source is one JSON string --------------------------------------------
def _notebook(sources):
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s} for s in sources]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=2) + "\n"


def test_one_string_cell_sources_report_the_file_line_and_column(tmp_path):
    sources = [
        HEAD,
        'Q = """\nquery A { workspaceDeployments(workspaceUuid: "x") { id v: airflowVersion } }\n"""\n'
        'deps = houston(Q)["workspaceDeployments"]\n',
        'for d in deps:\n    print(d["v"].split("-")[1])\n',
    ]
    text = _notebook(sources)
    _write(tmp_path, "nb.ipynb", text)
    report = _run(tmp_path, "check")
    json_lines = text.splitlines()
    (field,) = [f for f in _findings(report, "migrate-read-field")]
    (read,) = [f for f in _findings(report, "review-ac-version-suffix-read") if "[cell 3]" in f["message"]]
    for finding, cell, needle in ((field, 1, "v: airflowVersion"), (read, 2, 'd[\\"v\\"].split')):
        line = json_lines[finding["line"] - 1]
        assert line.lstrip().startswith('"source": "'), finding  # the cell's own JSON line, not line 1
        assert json.dumps(sources[cell]) in line
        assert line[finding["column"] - 1 :].startswith(needle), (finding, line)
    # a list-of-lines source is still reported at its own line
    list_text = _notebook([s.splitlines(keepends=True) for s in sources])
    _write(tmp_path, "nb.ipynb", list_text)
    (field,) = _findings(_run(tmp_path, "check"), "migrate-read-field")
    assert "v: airflowVersion" in list_text.splitlines()[field["line"] - 1]


# -- F5: after rewrite, the read side's reviews stay ------------------------------------------------
UP = HEAD + textwrap.dedent(
    '''\
    UP = """
    mutation Up($id: Uuid!) {
      updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") {
        id
        desiredAirflowVersion
        ver: airflowVersion
      }
    }
    """

    def up(i):
        res = houston(UP, {"id": i})["updateDeploymentAirflow"]
        if res["desiredAirflowVersion"] != "2.4.3-6":
            raise SystemExit("upgrade not accepted")
        return res["ver"].split("-")[1]
    '''
)


def _reviews(report):
    return sorted((f["line"], f["code"]) for f in report["findings"] if f["code"].startswith("review-ac-version"))


def test_ac_format_reads_are_still_reviewed_after_the_rewrite(tmp_path):
    path = _write(tmp_path, "dep.py", UP)
    lines = UP.splitlines()
    compare = next(n for n, l in enumerate(lines, 1) if '!= "2.4.3-6"' in l)
    split = next(n for n, l in enumerate(lines, 1) if '.split("-")' in l)
    before = _reviews(_run(tmp_path, "check"))
    assert (compare, "review-ac-version-comparison") in before and (split, "review-ac-version-suffix-read") in before
    _run(tmp_path, "rewrite")
    rewritten = path.read_text()
    assert "desiredAirflowVersion: desiredRuntimeVersion" in rewritten and "ver: runtimeAirflowVersion" in rewritten
    for extra in ((), ("--houston-version", "1.0.1")):
        result = run_cli("check", "--no-cache", "-j1", "--format", "json", *extra, ".", cwd=tmp_path)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        assert " 0 need review" not in result.stderr, result.stderr  # was "0 need review" (RT11 F5)
        after = _reviews(json.loads(result.stdout))
        assert (compare, "review-ac-version-comparison") in after, after
        assert (split, "review-ac-version-suffix-read") in after, after
        assert after.count((compare, "review-ac-version-comparison")) == 1  # once, not per document walk
    _run(tmp_path, "rewrite")
    assert path.read_text() == rewritten  # idempotent


def test_runtime_field_without_alias_or_without_ac_reads_gets_no_read_review(tmp_path):
    text = HEAD + (
        'Q = """{ workspaceDeployments(workspaceUuid: "w") { id runtimeAirflowVersion v: desiredRuntimeVersion } }"""\n'
        'for d in houston(Q)["workspaceDeployments"]:\n'
        '    print(d["runtimeAirflowVersion"] == "2.3.4", d["v"] == "5.5.0")\n'
    )
    _write(tmp_path, "dep.py", text)
    assert _reviews(_run(tmp_path, "check")) == []


def test_one_string_sources_in_a_compact_notebook_are_placed_on_its_one_line(tmp_path):
    sources = [HEAD, 'Q = """{ workspaceDeployments(workspaceUuid: "x") { id v: airflowVersion } }"""\nhouston(Q)\n']
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s} for s in sources]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})  # one line
    _write(tmp_path, "nb.ipynb", text)
    (field,) = _findings(_run(tmp_path, "check"), "migrate-read-field")
    assert field["line"] == 1 and text[field["column"] - 1 :].startswith("v: airflowVersion"), field
