"""Red team 23, report 12 ("Houston or not"), f2: a ``HOUSTON_*`` setting or Airflow connection id whose other
word is digits or two letters (``HOUSTON_DC1_URL``, ``HOUSTON_311_URL``, ``HOUSTON_PD_URL``, ``houston_dc1``)
stayed decisive (strong for the id) for Houston while ``HOUSTON_WEATHER_URL`` was a note: a document whose
arguments Houston never declared got false errors.  ``gather_names.short_other_words`` counts those parts as
other words; a version (``HOUSTON_V1_URL``) and words of how Houston is reached (``HOUSTON_CA_BUNDLE``) do not.

One ``check --format json`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import json
from pathlib import Path

from trust_cli import check_by_file

_DOC = '''
Q = """
query Tickets($status: String!) {
  users(status: $status) { id name }
}
"""
'''


def _check(root: Path):
    return check_by_file(root)[:2]


def test_f2_digits_and_two_letter_words_are_other_words(tmp_path):
    names = ("HOUSTON_DC1_URL", "HOUSTON_311_URL", "HOUSTON_PD_URL", "HOUSTON_DC_URL")
    for name in names:
        (tmp_path / f"{name.lower()}.py").write_text(
            f'import os\nimport requests\n\nURL = os.environ["{name}"]\n{_DOC}\n'
            'def tickets(status):\n    return requests.post(URL, json={"query": Q, "variables": {"status": status}}).json()\n',
            encoding="utf-8")
    for conn in ("houston_dc1", "houston_311", "houston_pd"):
        (tmp_path / f"dag_{conn}.py").write_text(
            'import json\nfrom datetime import datetime\nfrom airflow import DAG\n'
            'from airflow.providers.http.operators.http import SimpleHttpOperator\n' + _DOC +
            f'\nwith DAG("d_{conn}", start_date=datetime(2024, 1, 1), schedule="@daily") as dag:\n'
            f'    SimpleHttpOperator(task_id="fetch", http_conn_id="{conn}", endpoint="v1",\n'
            '                       data=json.dumps({"query": Q, "variables": {"status": "open"}}))\n',
            encoding="utf-8")
    # controls: a version and a CA bundle say how Houston is reached; the same document is Houston's there
    for name in ("HOUSTON_V1_URL", "HOUSTON_URL"):
        (tmp_path / f"control_{name.lower()}.py").write_text(
            f'import os\nimport requests\n\nURL = os.environ["{name}"]\n{_DOC}\n'
            'def tickets(status):\n    return requests.post(URL, json={"query": Q, "variables": {"status": status}},\n'
            '                         verify=os.environ["HOUSTON_CA_BUNDLE"]).json()\n',
            encoding="utf-8")
    verdicts, errors = _check(tmp_path)
    wrong = {path: (d["houston"], d["evidence"]) for path, d in verdicts.items()
             if not path.startswith("control_") and d["houston"] is True}
    assert not wrong, json.dumps(wrong, indent=1)
    assert not {p: e for p, e in errors.items() if not p.startswith("control_")}, errors
    said = " ".join(verdicts["houston_dc1_url.py"]["evidence"])
    assert "other words are not Houston's API: dc1" in said, said
    for name in ("control_houston_v1_url.py", "control_houston_url.py"):
        assert verdicts[name]["houston"] is True, verdicts[name]
        assert errors.get(name), errors
