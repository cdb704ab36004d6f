"""Red team 10 (issue 13, Houston 1.0.1): known-open items closed by task C.

Each case runs the installed console script (``houston-codemod``, through
``trust_cli.run_cli``) on files written to a temporary directory, as a user would:

* the reason an argument's AC version is not mapped names the table's true range and
  is true for a version above it (``2.5.0`` is not "upgrade to 2.2.0 to 2.4.3");
* a cached re-run after only ``.env`` (compose) or the GitLab ``variables:`` changed
  gives the new result, never the stale one;
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


# -- the cache never serves a result that a changed .env / CI file would change ----------------------
def _cached_check(tmp_path, target):
    """``check`` with the cache on (its own directory under tmp_path), as a user runs it twice."""
    env = {"HOUSTON_CODEMOD_CACHE_DIR": str(tmp_path / "cache"), "HOUSTON_CODEMOD_CACHE_STATS": "1",
           "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    result = run_cli("check", "--houston-version", "1.0.1", "--format", "json", target, cwd=tmp_path, env=env)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert "houston-codemod: cache:" in result.stderr  # the cache is on for this run
    return json.loads(result.stdout)


def test_changed_env_file_changes_a_compose_result_on_a_cached_rerun(tmp_path):
    _write(tmp_path, "docker-compose.yml", "services:\n  web:\n    image: ${IMG}\n  w2:\n    image: quay.io/astronomer/ap-airflow:${TAG}\n")
    _write(tmp_path, ".env", "IMG=quay.io/astronomer/ap-airflow:2.3.4-onbuild\nTAG=2.3.4\n")
    first = _cached_check(tmp_path, ".")
    assert [(p, line) for p, line, code in _codes(first) if code == "review-ac-image"] == [
        ("docker-compose.yml", 3), ("docker-compose.yml", 5)]
    _write(tmp_path, ".env", "IMG=quay.io/astronomer/astro-runtime:5.5.0\nTAG=2.3.4\n")  # only .env changes
    second = _cached_check(tmp_path, ".")
    assert [(p, line) for p, line, code in _codes(second) if code == "review-ac-image"] == [("docker-compose.yml", 5)]
    _write(tmp_path, ".env", "IMG=quay.io/astronomer/astro-runtime:5.5.0\nTAG=2.4.3\n")
    (message,) = [f["message"] for f in _cached_check(tmp_path, ".")["findings"] if f["code"] == "review-ac-image"]
    assert "TAG=2.4.3 in .env" in message and "astro-runtime:6.10.0" in message


def test_changed_gitlab_variables_change_the_result_on_a_cached_rerun(tmp_path):
    ci = "variables:\n  TAG: \"{tag}\"\nbuild:\n  image: quay.io/astronomer/ap-airflow:${{TAG}}\n  script: [make]\n"
    _write(tmp_path, ".gitlab-ci.yml", ci.format(tag="2.3.4"))
    first = [f["message"] for f in _cached_check(tmp_path, ".")["findings"] if f["line"] == 4]
    assert first and "5.5.0" in first[0]
    _write(tmp_path, ".gitlab-ci.yml", ci.format(tag="2.4.3"))
    second = [f["message"] for f in _cached_check(tmp_path, ".")["findings"] if f["line"] == 4]
    assert second and "6.10.0" in second[0] and "5.5.0" not in second[0]
