"""Red team 23, report 12, f12: an Airflow connection id naming Houston with the vendor's or product's own words.

``HttpHook(http_conn_id="astronomer_houston").run("v1", ...)`` (and ``houston_astronomer``,
``houston_software``) weighed weak, so an Astronomer Software platform DAG's typo went unreported, while
``ASTRONOMER_HOUSTON_URL`` as an environment variable was decisive.  A connection id's words are now read as a
setting's name is: "astronomer" and "software" say how Houston is reached; "weather" or "dc1" name another
service or place and keep the id weak.
"""

import pytest

from trust_cli import run_cli

DAG = '''import json
from airflow.providers.http.hooks.http import HttpHook

LIST = """
query {
  workspaces { id deploymentz { id releaseName } }
}
"""


def list_deployments():
    return HttpHook(method="POST", http_conn_id="{conn}").run("v1", data=json.dumps({{"query": LIST}}))
'''


@pytest.mark.parametrize("conn", ["astronomer_houston", "houston_astronomer", "houston_software"])
def test_the_products_own_words_keep_the_connection_strong(tmp_path, conn):
    (tmp_path / "dag.py").write_text(DAG.replace("{conn}", conn).replace("{{", "{").replace("}}", "}"))
    done = run_cli("check", "--no-cache", "dag.py", cwd=tmp_path)
    assert done.returncode == 1 and "deploymentz" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("conn", ["houston_weather", "houston_dc1"])
def test_another_services_words_keep_it_weak(tmp_path, conn):
    (tmp_path / "dag.py").write_text(DAG.replace("{conn}", conn).replace("{{", "{").replace("}}", "}"))
    done = run_cli("check", "--no-cache", "dag.py", cwd=tmp_path)
    assert done.returncode == 0 and "deploymentz" not in done.stdout, done.stdout + done.stderr
