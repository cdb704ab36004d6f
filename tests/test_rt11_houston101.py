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
