r"""Red team 20 (pass 20, report 13): the read side of the ``airflowVersion`` alias.

Once ``airflowVersion`` is aliased to ``runtimeAirflowVersion`` the script gets ``"2.3.4"`` where it
read ``"2.3.4-11"``; reads that only work on an AC version get ``review-ac-version-comparison`` /
``review-ac-version-suffix``.

* F9: a comparison with a name one step from an AC constant (``want = PINNED``, a parameter default
  ``expected=PINNED``, ``PINNED = "2.3.4-11"`` at module level) was not reviewed, while ``== PINNED``
  was: after the rewrite the drift check always fires.
* F4: pandas reads of the column in AC format (``df.query('airflowVersion == "2.3.4-11"')``,
  ``value_counts().get("2.3.4-11")``, ``groupby(...).size()["2.2.5-10"]``, ``.str.contains("-11")``,
  ``.str.extract(r"-(\d+)$")``) were not reviewed; only ``df.airflowVersion == "2.3.4-11"`` was.
* F11: another API's response read through a shared ``gql(url, q)`` helper (``gql(CMDB, ENVS)``, CMDB a
  ``/graphql`` URL on a host naming no Houston) got ``review-ac-version-comparison`` as if it were
  Houston's Deployment field; the same helper called with Houston's URL must keep its review.

One ``rewrite`` run over a folder of cases (the installed command), with controls: the plain shapes keep
being reviewed and rewritten (recall), values that are not AC versions are not reviewed.
"""

import re

from trust_cli import run_cli

_FETCH = '''import os
import sys

import requests

URL = "https://houston.example.com/v1"
PINNED = "2.3.4-11"
TARGET = "2.3.4"
Q = "query D($id: Uuid!) { deployment(where: {deploymentUuid: $id}) { releaseName airflowVersion } }"


def fetch(dep_id):
    return requests.post(URL, json={"query": Q, "variables": {"id": dep_id}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]["deployment"]
'''

CASES = {
    "drift.py": _FETCH + '''

def drift(dep_id, expected=PINNED):
    d = fetch(dep_id)
    if d["airflowVersion"] != expected:  # F9 default
        sys.exit(f"{d['releaseName']} drifted")


def in_sync(dep_id):
    want = PINNED
    return fetch(dep_id)["airflowVersion"] == want  # F9 alias


def reference(dep_id):
    return fetch(dep_id)["airflowVersion"] == PINNED  # control direct


def literal_default(dep_id, expected="2.3.4-11"):
    return fetch(dep_id)["airflowVersion"] == expected  # control literal default


def airflow_only(dep_id, expected=TARGET):
    want = TARGET
    return fetch(dep_id)["airflowVersion"] in (expected, want)  # control not AC


def from_env(dep_id):
    want = os.environ["WANT"]
    return fetch(dep_id)["airflowVersion"] == want  # control unknown
''',
    "report.py": """import os

import pandas as pd
import requests

URL = "https://houston.example.com/v1"
Q = "query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label airflowVersion } }"


def outdated(ws):
    r = requests.post(URL, json={"query": Q, "variables": {"ws": ws}}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    df = pd.DataFrame(r.json()["data"]["workspaceDeployments"])
    on_2311 = df.query('airflowVersion == "2.3.4-11"')  # F4 query
    n_2311 = df["airflowVersion"].value_counts().get("2.3.4-11", 0)  # F4 value_counts
    per_ver = df.groupby("airflowVersion").size()["2.2.5-10"]  # F4 groupby
    counts = df.groupby("airflowVersion")["id"].count()
    n = counts.loc["2.3.4-11"]  # F4 loc
    hotfix11 = df[df["airflowVersion"].str.contains("-11")]  # F4 contains
    hotfix = df["airflowVersion"].str.extract(r"-(\\d+)$")  # F4 extract
    reference = df[df.airflowVersion == "2.3.4-11"]  # control direct
    a = df.query('airflowVersion == "2.3.4"')  # control airflow
    b = df["airflowVersion"].value_counts().get("2.3.4", 0)  # control airflow count
    c = df.groupby("label").size()["2.3.4-11"]  # control other column
    d = df[df["label"].str.contains("-11")]  # control other column contains
    e = df["airflowVersion"].str.contains("rc")  # control no dash
    return on_2311, n_2311, per_ver, n, hotfix11, hotfix, reference, a, b, c, d, e
""",
    "sync.py": """import os

import requests

HOUSTON = "https://houston.example.com/v1"
CMDB = "https://cmdb.acme-corp.net/graphql"
HASURA = "https://acme.hasura.app/v1/graphql"

DEPS = "query { workspaceDeployments(workspaceUuid: \\"w\\") { releaseName airflowVersion } }"
ENVS = "query { environments { name airflowVersion } }"


def gql(url, q, token_env):
    return requests.post(url, json={"query": q}, headers={"authorization": os.environ[token_env]}).json()["data"]


def stale_envs():
    envs = gql(CMDB, ENVS, "CMDB_TOKEN")["environments"]
    return [e["name"] for e in envs if e["airflowVersion"] == "2.3.4-11"]  # F11 cmdb


def stale_hasura():
    return [e["name"] for e in gql(url=HASURA, q=ENVS, token_env="H")["environments"] if e["airflowVersion"] == "2.2.5-10"]  # F11 hasura


def stale_houston():
    return [d["releaseName"] for d in gql(HOUSTON, DEPS, "HOUSTON_API_TOKEN")["workspaceDeployments"] if d["airflowVersion"] == "2.3.4-11"]  # control houston


def stale_unknown(url):
    return [d["releaseName"] for d in gql(url, DEPS, "T")["workspaceDeployments"] if d["airflowVersion"] == "2.4.3-6"]  # control unknown url
""",
}


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _findings(stderr):
    found = {}
    for match in re.finditer(r"^([\w./]+):(\d+):\d+: warning (\S+) ", stderr, re.M):
        found.setdefault(match.group(1), set()).add((int(match.group(2)), match.group(3)))
    return found


def _run(tmp_path):
    for name, text in CASES.items():
        (tmp_path / name).write_text(text)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    return result, _findings(result.stderr)


def test_comparison_with_a_name_one_step_from_an_ac_constant_is_reviewed(tmp_path):
    result, findings = _run(tmp_path)
    text = CASES["drift.py"]
    got = {line for line, code in findings.get("drift.py", set()) if code == "review-ac-version-comparison"}
    for needle in ("# F9 default", "# F9 alias", "# control direct", "# control literal default"):
        assert _line_of(text, needle) in got, (needle, result.stderr)
    for needle in ("# control not AC", "# control unknown"):
        assert _line_of(text, needle) not in got, (needle, result.stderr)
    assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / "drift.py").read_text()  # still rewritten


def test_pandas_reads_of_the_column_in_ac_format_are_reviewed(tmp_path):
    result, findings = _run(tmp_path)
    text = CASES["report.py"]
    got = {line: code for line, code in findings.get("report.py", set()) if code.startswith("review-ac-version")}
    for needle in ("# F4 query", "# F4 value_counts", "# F4 groupby", "# F4 loc", "# control direct"):
        assert got.get(_line_of(text, needle)) == "review-ac-version-comparison", (needle, result.stderr)
    for needle in ("# F4 contains", "# F4 extract"):
        assert got.get(_line_of(text, needle)) == "review-ac-version-suffix-read", (needle, result.stderr)
    for needle in ("# control airflow", "# control airflow count", "# control other column", "# control no dash"):
        assert _line_of(text, needle) not in got, (needle, result.stderr)
    assert _line_of(text, "# control other column contains") not in got, result.stderr
    assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / "report.py").read_text()  # still rewritten


def test_another_apis_response_read_through_a_shared_helper_is_not_reviewed(tmp_path):
    result, findings = _run(tmp_path)
    text = CASES["sync.py"]
    got = {line: code for line, code in findings.get("sync.py", set()) if code.startswith("review-ac-version")}
    for needle in ("# F11 cmdb", "# F11 hasura"):
        assert _line_of(text, needle) not in got, (needle, result.stderr)
    for needle in ("# control houston", "# control unknown url"):
        assert got.get(_line_of(text, needle)) == "review-ac-version-comparison", (needle, result.stderr)
