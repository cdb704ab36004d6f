"""Red team 24, report 12 ("Houston or not"), f1: ``HOUSTON_DIRECTORY_URL``, ``HOUSTON_OPS_URL``,
``HOUSTON_TEAM_URL`` (a Houston office's employee directory, an ops team's tracker) and the connection ids
``houston_ops`` / ``houston_directory`` stayed decisive for Houston because their other word is a word of
Houston's schema (or, for ``ops``, of a document's name), while ``HOUSTON_SALES_URL`` was a note: the
company's own ``employees`` / ``tickets`` queries got false errors.  ``gather_names.setting_foreign_words``
now keeps only the words of how Houston is reached, of a request, and the nouns a Houston script keeps
settings for (``HOUSTON_SERVICE_ACCOUNT_TOKEN``, ``HOUSTON_WORKSPACE_ID``).

One ``check --format json`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import json
from pathlib import Path

from trust_cli import check_by_file

_FOREIGN = '''
Q = """
query Open($floor: Int!) {
  employees(floor: $floor) { badgeId fullName desk }
}
"""
'''
# A Houston document with a typo in a field: the control settings keep it Houston's, and the error reported.
_HOUSTON = '''
Q = """
query Ws { workspaces { id label deploymentz { id } } }
"""
'''


def _script(setting: str, doc: str) -> str:
    return (f'import os\nimport requests\n\nURL = os.environ["{setting}"]\n{doc}\n'
            'def run(**variables):\n'
            '    headers = {"authorization": os.environ["HOUSTON_API_TOKEN"]}\n'
            '    return requests.post(URL, json={"query": Q, "variables": variables}, headers=headers).json()\n')


def _dag(conn: str, doc: str) -> str:
    return ('import json\nfrom datetime import datetime\nfrom airflow import DAG\n'
            'from airflow.providers.http.operators.http import SimpleHttpOperator\n' + doc +
            f'\nwith DAG("d_{conn}", start_date=datetime(2024, 1, 1), schedule="@daily") as dag:\n'
            f'    SimpleHttpOperator(task_id="fetch", http_conn_id="{conn}", endpoint="v1",\n'
            '                       data=json.dumps({"query": Q, "variables": {"floor": 3}}))\n')


def test_f1_settings_named_for_a_company_service_are_not_houstons(tmp_path: Path):
    for setting in ("HOUSTON_DIRECTORY_URL", "HOUSTON_OPS_URL", "HOUSTON_TEAM_URL", "HOUSTON_METRICS_URL"):
        (tmp_path / f"{setting.lower()}.py").write_text(_script(setting, _FOREIGN), encoding="utf-8")
    for conn in ("houston_ops", "houston_directory"):
        (tmp_path / f"dag_{conn}.py").write_text(_dag(conn, _FOREIGN), encoding="utf-8")
    verdicts, errors = check_by_file(tmp_path)[:2]
    wrong = {path: (d["houston"], d["evidence"]) for path, d in verdicts.items() if d["houston"] is True}
    assert not wrong, json.dumps(wrong, indent=1)
    assert not errors, errors
    said = " ".join(verdicts["houston_directory_url.py"]["evidence"])
    assert "other words are not Houston's API: directory" in said, said


def test_f1_houstons_own_settings_keep_their_documents(tmp_path: Path):
    settings = ("HOUSTON_URL", "HOUSTON_API_URL", "HOUSTON_GRAPHQL_ENDPOINT", "HOUSTON_WORKSPACE_URL",
                "HOUSTON_SUBSCRIPTIONS_URL", "HOUSTON_PROD_API_URL", "HOUSTON_AUTH_URL", "HOUSTON_USERS_URL")
    for setting in settings:
        (tmp_path / f"{setting.lower()}.py").write_text(_script(setting, _HOUSTON), encoding="utf-8")
    verdicts, errors = check_by_file(tmp_path)[:2]
    for setting in settings:
        name = f"{setting.lower()}.py"
        assert verdicts[name]["houston"] is True, (name, verdicts[name])
        assert errors.get(name), (name, errors)
