"""Red team 24, report 12 ("Houston or not", recall, category 7): real Houston scripts whose route to Houston
was not followed, so the broken document was judged "not Houston" or undecided and its error silently missed.

* f8: ``HOUSTON_URL = os.environ.get("HOUSTON_URL") or "http://localhost:8871/v1"`` is the ``.get(NAME, default)``
  spelling: the variable's name speaks, a localhost fallback places nothing, another API's fallback is said against.

Each test builds a small project and runs ``check --format json`` of the installed CLI once
(``TRUST_CLI_UNDER_TEST`` points it at another install, to see the tests fail on the red team's build).
"""

from pathlib import Path

from trust_cli import check_by_file

_TYPO = 'Q = """\nquery Workspaces { workspaces { id label deploymentz { id releaseName } } }\n"""\n'
_UPGRADE = ('UP = """\nmutation Up($id: Uuid!) {\n  updateDeploymentAirflow(deploymentUuid: $id, '
            'desiredAirflowVersion: "2.4.3-6") { id labl }\n}\n"""\n')


def _houston(verdicts, errors, path, word="deploymentz"):
    assert verdicts[path]["houston"] is True, (path, verdicts[path]["evidence"])
    assert any(word in message for message in errors.get(path, ())), (path, errors)


def test_f8_an_environment_read_or_a_fallback_is_its_get_default(tmp_path):
    fallbacks = {
        "or_localhost": 'os.environ.get("HOUSTON_URL") or "http://localhost:8871/v1"',
        "getenv_or_localhost": 'os.getenv("HOUSTON_URL") or "http://127.0.0.1:8871/v1"',
        "get_localhost": 'os.environ.get("HOUSTON_URL", "http://localhost:8871/v1")',
    }
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    (tmp_path / "lib" / "settings.py").write_text(
        "import os\n\nHOUSTON_URL = os.environ.get(\"HOUSTON_URL\") or \"http://localhost:8871/v1\"\n"
        "MC_URL = os.environ.get(\"HOUSTON_URL\") or \"https://mission-control.acme.io/graphql\"\n")
    for name, expression in fallbacks.items():
        (tmp_path / f"{name}.py").write_text(
            f"import os\n\nimport requests\n\nHOUSTON_URL = {expression}\n{_TYPO}"
            "print(requests.post(HOUSTON_URL, json={'query': Q}, headers={'authorization': os.environ['HOUSTON_API_TOKEN']}).json())\n")
    (tmp_path / "up.py").write_text(
        f"import os\n\nimport requests\n\nHOUSTON_URL = {fallbacks['or_localhost']}\n{_UPGRADE}"
        "requests.post(HOUSTON_URL, json={'query': UP, 'variables': {'id': os.environ['DEPLOYMENT_ID']}})\n")
    (tmp_path / "imported.py").write_text(
        f"import requests\n\nfrom lib.settings import HOUSTON_URL\n\n{_TYPO}requests.post(HOUSTON_URL, json={{'query': Q}})\n")
    # precision: another API's fallback is said against, written here or imported, as its .get() default is
    (tmp_path / "other.py").write_text(
        f"import os\n\nimport requests\n\nURL = os.environ.get(\"HOUSTON_URL\") or \"https://mission-control.acme.io/graphql\"\n"
        f"{_TYPO}requests.post(URL, json={{'query': Q}})\n")
    (tmp_path / "other_imported.py").write_text(
        f"import requests\n\nfrom lib.settings import MC_URL\n\n{_TYPO}requests.post(MC_URL, json={{'query': Q}})\n")
    verdicts, errors, _ = check_by_file(tmp_path)
    for name in fallbacks:
        _houston(verdicts, errors, f"{name}.py")
    _houston(verdicts, errors, "imported.py")
    _houston(verdicts, errors, "up.py", "updateDeploymentAirflow")
    for path in ("other.py", "other_imported.py"):
        assert verdicts[path]["houston"] is not True, (path, verdicts[path]["evidence"])
        assert path not in errors, errors
