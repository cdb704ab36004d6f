"""Red team 28, report 12 ("Houston or not"), f4 f5: a URL read into a local first is followed like the same read at
the send.

* f4: ``from include.platform import run_query`` with ``run_query`` binding ``url = Variable.get("houston_url")``
  (``os.environ["HOUSTON_URL"]``, the literal Houston URL) and posting ``requests.post(url, ...)``: not traced, the
  importer's Houston document was not Houston's and its typo missed; a CMDB helper written so was shown as posting
  "to url", not to what the local holds.
* f5: a client whose ``__init__`` does ``base = os.environ["HOUSTON_BASE"].rstrip("/")`` then ``self.url = f"{base}/v1"``
  was not traced (undecided in the file, not Houston's imported), while the same expression without the local was.

One ``check`` run of the installed CLI per project, each its own git work tree (``TRUST_CLI_UNDER_TEST`` points it at
another install).
"""

from trust_cli import check_by_file, check_by_operation, git_tree

HELPER = '''import os

import requests
from airflow.models import Variable


def run_query(query, variables=None):
    url = {url}
    r = requests.post(url, json={{"query": query, "variables": variables or {{}}}}, headers={{"authorization": os.environ["TOKEN"]}})
    return r.json()["data"]
'''
DAG = '''from include.platform import run_query

AUDIT = """
query Audit {
  workspaces { id label deployments { id releaseName lable } }
}
"""

run_query(AUDIT)
'''
CLIENT = '''import os

import requests


class Platform:
    def __init__(self):
        base = os.environ["HOUSTON_BASE"].rstrip("/")
        self.url = f"{base}/v1"
        self.headers = {"authorization": os.environ["PLATFORM_TOKEN"]}

    def query(self, q, **variables):
        return requests.post(self.url, json={"query": q, "variables": variables}, headers=self.headers).json()
'''
TYPO = 'Platform().query("query Ws { workspaces { id labell } }")\n'
GITHUB = ('GH = "https://api.github.com/graphql"\n'
          'requests.post(GH, json={"query": "query { viewer { login } }"}, headers={"Authorization": os.environ["GH_TOKEN"]})\n')


def _project(root, files):
    git_tree(root, files)
    return root


def test_an_imported_helper_posting_to_a_local_url_is_traced(tmp_path):
    for name, url, said in (
        ("variable", 'Variable.get("houston_url")', "Airflow Variable houston_url"),
        ("environment", 'os.environ["HOUSTON_URL"]', "environment variable HOUSTON_URL"),
        ("literal", '"https://houston.astro.acme-corp.com/v1"', "https://houston.astro.acme-corp.com/v1"),
    ):
        folder = _project(tmp_path / name, {"include/__init__.py": "", "include/platform.py": HELPER.format(url=url), "dags/audit.py": DAG})
        verdicts, errors, _completed = check_by_file(folder)
        document = verdicts["dags/audit.py"]
        assert document["houston"] is True, (name, document["evidence"])
        assert any(f"which posts to {said} (include/platform.py:" in item for item in document["evidence"]), (name, document["evidence"])
        assert any("'lable'" in message for message in errors.get("dags/audit.py", [])), (name, errors)


def test_an_imported_helper_posting_to_a_local_named_for_another_service_says_the_variable(tmp_path):
    folder = _project(tmp_path / "cmdb", {"include/__init__.py": "", "dags/audit.py": DAG,
                                          "include/platform.py": HELPER.format(url='os.environ["CMDB_GRAPHQL_URL"]')})
    verdicts, errors, _completed = check_by_file(folder)
    document = verdicts["dags/audit.py"]
    assert document["houston"] is not True, document["evidence"]
    assert not errors.get("dags/audit.py"), errors
    said = [item for item in document["evidence"] if "sent by run_query()" in item]
    assert said and all("environment variable CMDB_GRAPHQL_URL" in item for item in said), document["evidence"]


def test_a_client_url_built_over_a_local_of_its_constructor_is_traced(tmp_path):
    same = _project(tmp_path / "same", {"job.py": CLIENT + "\n\n" + TYPO + GITHUB})
    verdicts, errors, _completed = check_by_operation(same)
    assert verdicts["job.py"]["Ws"]["houston"] is True, verdicts["job.py"]["Ws"]["evidence"]
    assert verdicts["job.py"][None]["houston"] is False, verdicts["job.py"][None]["evidence"]
    assert any("'labell'" in message for message in errors.get("job.py", [])), errors

    imported = _project(tmp_path / "imported", {"clients.py": CLIENT, "job.py": "from clients import Platform\n\n" + TYPO})
    verdicts, errors, _completed = check_by_file(imported)
    assert verdicts["job.py"]["houston"] is True, verdicts["job.py"]["evidence"]
    assert any("'labell'" in message for message in errors.get("job.py", [])), errors
