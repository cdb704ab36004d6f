"""Red-team pass 5, findings F9, F10, F18 and F19, through the installed ``houston-codemod``.

- F18: ``--versions-from`` trusted the server's ``runtimeReleases(airflowVersion:)``
  filter; a release shipping another Airflow version became the migration target.
- F19: development, nightly, ``-pythonX.Y`` and Alpine builds, and text that is
  not an AC version (``" 2.3.4"``), were mapped to stable Runtime versions as
  GraphQL arguments while the same builds as image tags went to review.
- F9: review mode suggested one edit of a fix whose edits must land together
  (the document's ``$airflowVersion`` rename without the dict key, or the
  reverse), and SARIF / rdjson offered the same halves.
- F10: any pull-request comment holding the bot's hidden markers, whoever wrote
  it, suppressed the bot's items.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from houston_server import TOKEN, HoustonServer
from trust_cli import run_cli

TOKEN_ENV = {"HOUSTON_API_TOKEN": TOKEN}
CREATE = 'Q = """mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "{v}") {{ id }} }}"""\n'


# ---- F18: a release is used only when it ships the AC version's own Airflow version ------------------


def _releases_server(releases):
    return HoustonServer(catalogue={}, answer={"data": {"runtimeReleases": releases}})


def test_versions_from_keeps_only_releases_shipping_the_same_airflow(tmp_path):
    script = tmp_path / "s.py"
    script.write_text(CREATE.format(v="2.3.4"))
    (tmp_path / "Dockerfile").write_text("FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n")
    releases = [{"version": "7.0.0", "airflowVersion": "2.5.0"}, {"version": "5.0.1", "airflowVersion": "2.3.4"},
                {"version": "6.0.0"}, {"version": "6.1.0", "airflowVersion": None}]
    with _releases_server(releases) as server:
        result = run_cli("rewrite", "--versions-from", server.url, tmp_path, cwd=tmp_path, env=TOKEN_ENV)
    assert result.returncode == 0, result.stderr
    assert 'runtimeVersion: "5.0.1"' in script.read_text()
    assert (tmp_path / "Dockerfile").read_text() == "FROM quay.io/astronomer/astro-runtime:5.0.1\n"
    # The query asks each release for its Airflow version, so the answer can be checked.
    assert all("airflowVersion }" in r["body"]["query"] for r in server.requests)
    notices = [line for line in result.stderr.splitlines() if "airflowVersion is not the Airflow version" in line]
    assert len(notices) == 1, result.stderr


@pytest.mark.parametrize("releases", [
    [{"version": "9.8.7", "airflowVersion": "2.5.0"}],
    [{"version": "9.8.7"}],
    [{"version": "9.8.7", "airflowVersion": "2.3.4-11"}],
    [{"version": "9.8.7", "airflowVersion": ["2.3.4"]}],
])
def test_versions_from_with_no_release_of_that_airflow_is_review(tmp_path, releases):
    script = tmp_path / "s.py"
    script.write_text(CREATE.format(v="2.3.4"))
    with _releases_server(releases) as server:
        result = run_cli("rewrite", "--versions-from", server.url, tmp_path, cwd=tmp_path, env=TOKEN_ENV)
    assert script.read_text() == CREATE.format(v="2.3.4")
    assert "review-no-runtime-equivalent" in result.stderr, result.stderr
    assert "9.8.7" not in result.stderr + result.stdout
    assert result.returncode == 0, result.stderr  # rewrite: review items are told, not a failure


# ---- F19: one notion of "an AC version the table can map", for arguments and image tags -------------

NOT_MAPPED = {
    "2.2.5-10.dev": "a development build of AC 2.2.5",
    "2.3.4-nightly-20220101": "a development build of AC 2.3.4",
    "2.3.4-1-python3.9": "unofficial local build on Python 3.9",
    "2.3.4-11-alpine3.10": "no Alpine images",
    " 2.3.4": "is not an AC version as written",
    "2.3.4 ": "is not an AC version as written",
    "v2.3.4": "is not an AC version as written",
    "02.3.4": "is not an AC version as written",
    "２.３.４": "is not an AC version as written",
    "1.10.15-4": "Airflow 1.x",
    "2.1.4": "has no Astro Runtime equivalent",
}


@pytest.mark.parametrize("version", sorted(NOT_MAPPED))
def test_an_argument_the_table_cannot_map_is_review_with_its_reason(tmp_path, version):
    script = tmp_path / "s.py"
    script.write_text(CREATE.format(v=version), encoding="utf-8")
    result = run_cli("rewrite", script, cwd=tmp_path)
    assert script.read_text(encoding="utf-8") == CREATE.format(v=version)
    assert result.returncode == 0, result.stderr  # rewrite: review items are told, not a failure
    (line,) = [line for line in result.stderr.splitlines() if "review-no-runtime-equivalent" in line]
    assert NOT_MAPPED[version] in line, line


@pytest.mark.parametrize("version, runtime", [("2.3.4", "5.5.0"), ("2.3.4-11", "5.5.0"), ("2.4.3-6", "6.10.0")])
def test_released_ac_versions_still_migrate(tmp_path, version, runtime):
    script = tmp_path / "s.py"
    script.write_text(CREATE.format(v=version))
    result = run_cli("rewrite", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f'runtimeVersion: "{runtime}"' in script.read_text()


@pytest.mark.parametrize("tag", ["2.2.5-10.dev", "2.3.4-nightly-20220101", "2.3.4-1-python3.9", "2.3.4-11-alpine3.10",
                                 "2.3.4-11", "2.3.4-11-onbuild", "2.3.4-11-buster", "02.3.4", "2.1.4-2"])
def test_an_argument_and_an_image_tag_are_decided_alike(tmp_path, tag):
    """Whatever the image rule does with a tag, the argument rule does with the same text as a version."""
    (tmp_path / "s.py").write_text(CREATE.format(v=tag))
    (tmp_path / "Dockerfile").write_text(f"FROM quay.io/astronomer/ap-airflow:{tag}\n")
    result = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    codes = {path: {f["code"] for f in findings if f["path"] == path} for path in ("s.py", "Dockerfile")}
    image_migrates = "migrate-ac-image" in codes["Dockerfile"]
    argument_migrates = "migrate-version-argument" in codes["s.py"]
    assert image_migrates == argument_migrates, codes
    assert image_migrates == (tag in ("2.3.4-11", "2.3.4-11-onbuild", "2.3.4-11-buster")), codes
