"""Red team 10 (issue 13, Houston 1.0.1): known-open items closed by task C.

Each case runs the installed console script (``houston-codemod``, through
``trust_cli.run_cli``) on files written to a temporary directory, as a user would:

* the reason an argument's AC version is not mapped names the table's true range and
  is true for a version above it (``2.5.0`` is not "upgrade to 2.2.0 to 2.4.3");
"""

import json
import textwrap

import pytest

from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import os, requests
    URL = os.environ["HOUSTON_URL"]

    def houston(q, v=None):
        return requests.post(URL, json={"query": q, "variables": v}).json()["data"]
    """
)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _check(tmp_path, *extra, cache=False):
    args = ("check", "--format", "json", *extra, ".") if cache else ("check", "--no-cache", "--format", "json", *extra, ".")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _codes(report, path=None):
    return [(f["path"], f["line"], f["code"]) for f in report["findings"] if path is None or f["path"] == path]


# -- the reason for an argument the table cannot map ------------------------------------------------
CREATE = 'Q = """mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "{v}") {{ id }} }}"""\nhouston(Q)\n'


@pytest.mark.parametrize("version, below", [("2.5.0", False), ("2.3.9", False), ("2.1.4", True)])
def test_no_equivalent_argument_reason_is_true_for_the_version(tmp_path, version, below):
    _write(tmp_path, "s.py", HEAD + CREATE.format(v=version))
    (message,) = [f["message"] for f in _check(tmp_path)["findings"] if f["code"] == "review-no-runtime-equivalent"]
    from codemods.versions import VersionTable, numeric_version

    known = sorted(VersionTable.bundled().equivalent, key=numeric_version)
    assert f"({known[0]} to {known[-1]})" in message  # the table's range, not a fixed text
    if below:
        assert "upgrade the deployment" in message
    else:  # upgrading "to one in range" would be a downgrade: never said
        assert "upgrade" not in message and f"not {version}" in message
