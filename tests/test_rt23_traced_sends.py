"""Red team 22, report 12 ("Houston or not"): a send traced to another service outweighs names and context.

f1: ``HOUSTON_QUERY`` (``getCityByName``) posted to ``os.environ["WEATHER_GRAPHQL_URL"]``, a helper ``houston(q)``
posting ``schedule`` to ``os.environ["PAGER_GRAPHQL_URL"]``: the name decided, the traced send was a note.  Now a
send traced to a URL named for another service, of root fields Houston never had, is strong against: undecided.
f3: ``cmdb = GraphQLClient(CMDB_URL, os.environ["CMDB_TOKEN"])`` beside ``houston = GraphQLClient(HOUSTON_URL, ...)``:
the class's one send read every instance's token, so the CMDB instance's send "named Houston"; ``rewrite`` edited
the CMDB mutation.  Now each instance's headers are its own, and a sibling built with Houston's URL is the file's
Houston endpoint: strong against.
f14: ``os.environ["HOUSTON_WEATHER_API_URL"]`` was decisive whatever its other words.
"""

import json

from trust_cli import run_cli


def _documents(tmp_path, *paths):
    report = run_cli("check", "--no-cache", "-j1", "--format", "json", *paths, cwd=tmp_path)
    assert report.returncode in (0, 1), report.stderr
    return report, json.loads(report.stdout)["documents"]


def _findings(report):
    return json.loads(report.stdout).get("findings", [])


WEATHER = '''import os
import requests

API = os.environ["WEATHER_GRAPHQL_URL"]

HOUSTON_QUERY = """
query {
  getCityByName(name: "Houston") {
    weather { temperature { actual feelsLike } }
  }
}
"""

print(requests.post(API, json={"query": HOUSTON_QUERY}, timeout=10).json())
'''

MISSION = '''import os
import requests

ONCALL = """
query OnCall($schedule: ID!) {
  schedule(id: $schedule) { currentOnCall { name email phone } }
}
"""


def houston(query, variables=None):
    r = requests.post(os.environ["PAGER_GRAPHQL_URL"], json={"query": query, "variables": variables},
                      headers={"Authorization": f"Token {os.environ['PAGER_TOKEN']}"})
    return r.json()["data"]


print(houston(ONCALL, {"schedule": "PRIMARY"}))
'''

SPORTS = '''import os
import requests

SPORTS_API = os.environ["SPORTS_GRAPHQL_URL"]

HOUSTON_TEAMS_QUERY = """
query {
  teams(city: "Houston") { name league venue { name } }
}
"""

print(requests.post(SPORTS_API, json={"query": HOUSTON_TEAMS_QUERY}).json())
'''


def test_a_send_to_another_service_outweighs_a_houston_name(tmp_path):
    (tmp_path / "weather.py").write_text(WEATHER)
    (tmp_path / "mission.py").write_text(MISSION)
    (tmp_path / "sports.py").write_text(SPORTS)
    report, documents = _documents(tmp_path, ".")
    assert report.returncode == 0, report.stdout
    assert not _findings(report)
    assert len(documents) == 3 and all(d["houston"] is not True for d in documents), documents


def test_a_houston_name_sent_to_an_unnamed_service_with_houston_fields_stays_houston(tmp_path):
    # control: the same send with Houston's root field and a typo in it; the name still decides
    (tmp_path / "w.py").write_text(WEATHER.replace('getCityByName(name: "Houston") {\n    weather { temperature { actual feelsLike } }\n  }',
                                                   "workspaces { id labell }"))
    report, documents = _documents(tmp_path, ".")
    assert [d["houston"] for d in documents] == [True]
    assert report.returncode == 1 and "labell" in report.stdout


SYNC = '''import os
import requests

HOUSTON_URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]

LIST = """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id label releaseName }
}
"""

RECORD = """
mutation Record($label: String!) {
  createDeployment(ARGS) { id createdAt }
}
"""


class GraphQLClient:
    def __init__(self, url, token):
        self.url = url
        self.token = token

    def run(self, query, variables=None):
        r = requests.post(self.url, json={"query": query, "variables": variables},
                          headers={"Authorization": self.token})
        r.raise_for_status()
        return r.json()["data"]


def main():
    houston = GraphQLClient(HOUSTON_URL, os.environ["HOUSTON_API_TOKEN"])
    cmdb = GraphQLClient(CMDB_URL, os.environ["CMDB_TOKEN"])
    for d in houston.run(LIST, {"ws": os.environ["WS"]})["workspaceDeployments"]:
        cmdb.run(RECORD, {"label": d["label"]})
'''


def _sync(tmp_path, arguments):
    text = SYNC.replace("ARGS", arguments)
    (tmp_path / "sync_cmdb.py").write_text(text)
    return text


def test_an_instance_built_with_another_services_url_is_not_houston_and_never_edited(tmp_path):
    for arguments in ('name: $label, team: "data-eng", airflowVersion: "2.3.4"',
                      # the CMDB mutation's words are Houston's: its instance still says where it goes
                      'label: $label, workspaceUuid: "w", type: "airflow", airflowVersion: "2.3.4"'):
        text = _sync(tmp_path, arguments)
        report, documents = _documents(tmp_path, "--houston-version", "1.0.1", "sync_cmdb.py")
        assert report.returncode == 0 and not _findings(report), report.stdout
        verdicts = {d["line"]: d["houston"] for d in documents}
        assert verdicts[7] is True and verdicts[13] is False, documents
        rewrite = run_cli("rewrite", "--no-cache", "-j1", "sync_cmdb.py", cwd=tmp_path)
        assert rewrite.returncode == 0, rewrite.stderr
        assert (tmp_path / "sync_cmdb.py").read_text() == text


def test_the_houston_instance_of_the_same_class_is_still_houston(tmp_path):
    # control: Houston's document sent by the Houston instance is validated (its typo reported)
    (tmp_path / "sync_cmdb.py").write_text(SYNC.replace("ARGS", "name: $label").replace("releaseName }", "releaseNam }"))
    report, documents = _documents(tmp_path, "sync_cmdb.py")
    assert {d["line"]: d["houston"] for d in documents}[7] is True
    assert report.returncode == 1 and "releaseNam" in report.stdout


FORECAST = '''import os

import requests

WEATHER_URL = os.environ["HOUSTON_WEATHER_API_URL"]

FORECAST = """
query Forecast {
  forecast(days: 3) { date high low precipitation }
}
"""

print(requests.post(WEATHER_URL, json={"query": FORECAST}, timeout=10).json())
'''

DIRECTORY = '''import os

import requests

DIRECTORY = os.environ["HOUSTON_OFFICE_DIRECTORY_URL"]

PEOPLE = """
query People {
  users(office: "HOU") { id name email desk }
}
"""

print(requests.post(DIRECTORY, json={"query": PEOPLE}).json())
'''


def test_a_houston_setting_named_for_another_service_is_not_decisive(tmp_path):
    (tmp_path / "forecast.py").write_text(FORECAST)
    (tmp_path / "directory.py").write_text(DIRECTORY)
    report, documents = _documents(tmp_path, ".")
    assert report.returncode == 0 and not _findings(report), report.stdout
    assert len(documents) == 2 and all(d["houston"] is not True for d in documents), documents


def test_a_houston_setting_for_an_environment_stays_decisive(tmp_path):
    # control: HOUSTON_SANDBOX_URL, HOUSTON_BASEDOMAIN say which Houston; a Houston document's typo is an error
    (tmp_path / "s.py").write_text(
        FORECAST.replace("HOUSTON_WEATHER_API_URL", "HOUSTON_SANDBOX_URL")
        .replace("forecast(days: 3) { date high low precipitation }", "workspaces { id labell }")
    )
    report, documents = _documents(tmp_path, ".")
    assert [d["houston"] for d in documents] == [True]
    assert report.returncode == 1 and "labell" in report.stdout


MISSIONS = '''import os

import requests

BINDING

MISSIONS = """
query ActiveMissions {
  missions(status: ACTIVE) { id name launchDate crew { name role } }
}
"""
print(requests.post(HOUSTON_URL, json={"query": MISSIONS}).json())
'''

IN_HOUSE = 'HOUSTON_URL = os.environ.get("HOUSTON_URL", "DEFAULT")'


def test_a_houston_setting_defaulting_to_another_api_is_not_houston_in_either_layout(tmp_path):
    """f11: in its own module the setting's name decided; imported from settings.py, its default did."""
    for default in ("https://mission-control.acme.io/graphql", "http://localhost:4000/graphql"):
        binding = IN_HOUSE.replace("DEFAULT", default)
        inmodule = tmp_path / default.split("/")[2].replace(":", "_")
        imported = inmodule / "imported"
        imported.mkdir(parents=True)
        (inmodule / "missions.py").write_text(MISSIONS.replace("BINDING", binding))
        (imported / "settings.py").write_text("import os\n\n" + binding + "\n")
        (imported / "missions.py").write_text(MISSIONS.replace("BINDING", "from settings import HOUSTON_URL"))
        for folder in (inmodule, imported):
            report, documents = _documents(folder, "missions.py", "settings.py") if folder is imported else _documents(folder, "missions.py")
            assert report.returncode == 0 and not _findings(report), (folder, report.stdout)
            assert [d["houston"] for d in documents] in ([None], [False]), documents


def test_a_houston_setting_defaulting_to_houston_stays_houston(tmp_path):
    # control: a Houston default (or one placing nothing) keeps the document Houston's: its typo is an error
    for default in ("https://houston.acme.io/v1", "http://localhost:8871/v1"):
        (tmp_path / "m.py").write_text(MISSIONS.replace("BINDING", IN_HOUSE.replace("DEFAULT", default))
                                       .replace("missions(status: ACTIVE) { id name launchDate crew { name role } }", "workspaces { id labell }"))
        report, documents = _documents(tmp_path, "m.py")
        assert [d["houston"] for d in documents] == [True]
        assert report.returncode == 1 and "labell" in report.stdout


HEADER = '''import functools
import json
import os
import subprocess
from dataclasses import dataclass

import requests

HOUSTON_URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]

LIST = """
query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label releaseNam } }
"""
UPSERT = """
mutation Up($input: DeploymentInput!) {
  upsertDeployment(input: $input) { id owner }
}
"""


def houston(query, variables=None):
    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]
'''

ROUTES = {
    "a_dict_rows.py": '''
ENDPOINTS = {
    "houston": (HOUSTON_URL, os.environ["HOUSTON_API_TOKEN"]),
    "cmdb": (CMDB_URL, os.environ["CMDB_TOKEN"]),
}


def gql(name, query, variables=None):
    url, token = ENDPOINTS[name]
    r = requests.post(url, json={"query": query, "variables": variables}, headers={"Authorization": token})
    return r.json()["data"]


for d in houston(LIST, {"ws": "x"})["workspaceDeployments"]:
    gql("cmdb", UPSERT, {"input": d})
''',
    "c_record.py": '''
@dataclass
class Api:
    url: str
    token: str


CMDB = Api(CMDB_URL, os.environ["CMDB_TOKEN"])


def post(api, query, variables=None):
    return requests.post(api.url, json={"query": query, "variables": variables},
                         headers={"Authorization": api.token}).json()


for d in houston(LIST, {"ws": "x"})["workspaceDeployments"]:
    post(CMDB, UPSERT, {"input": d})
''',
    "d_body.py": '''
def cmdb_send(body):
    return requests.post(CMDB_URL, data=body, headers={"Content-Type": "application/json"}).json()


for d in houston(LIST, {"ws": "x"})["workspaceDeployments"]:
    cmdb_send(json.dumps({"query": UPSERT, "variables": {"input": d}}))
''',
    "f_curl.py": '''
deps = houston(LIST, {"ws": "x"})
subprocess.run(["curl", "-sS", "-H", "Content-Type: application/json",
                "-d", json.dumps({"query": UPSERT, "variables": {"input": deps}}), CMDB_URL], check=True)
''',
}

GITHUB = '''import os
import requests

HOUSTON_URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
GITHUB_URL = "https://api.github.com/graphql"

ENDPOINTS = {
    "houston": (HOUSTON_URL, os.environ["HOUSTON_API_TOKEN"]),
    "github": (GITHUB_URL, "bearer " + os.environ["GITHUB_TOKEN"]),
}

LIST = """
query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label releaseNam } }
"""
ISSUE = """
mutation Issue($repo: ID!, $title: String!) { createIssue(input: {repositoryId: $repo, title: $title}) { issue { url } } }
"""


def gql(name, query, variables=None):
    url, token = ENDPOINTS[name]
    r = requests.post(url, json={"query": query, "variables": variables}, headers={"Authorization": token})
    return r.json()["data"]


for d in gql("houston", LIST, {"ws": os.environ["WS"]})["workspaceDeployments"]:
    gql("github", ISSUE, {"repo": os.environ["REPO_ID"], "title": f"Upgrade {d['label']}"})
'''


def test_another_services_document_sent_by_an_untraced_route_is_never_houston_on_context(tmp_path):
    """f4: the CMDB's (GitHub's) document, its send not followed, was Houston's on the file's HOUSTON_URL alone.

    The Houston document beside it is still Houston's: its typo (releaseNam) is the only error of each file."""
    files = {name: HEADER + route for name, route in ROUTES.items()}
    files["e_github.py"] = GITHUB
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        report, documents = _documents(tmp_path, name)
        errors = [f for f in _findings(report) if f.get("severity") == "error"]
        other = [d for d in documents if d["line"] != min(d["line"] for d in documents)]
        assert other and all(d["houston"] is not True for d in other), (name, documents)
        if name == "e_github.py":
            # red team 25, report 12: LIST's own send (url, token = ENDPOINTS[name]) is not followed either, and the
            # file names GitHub's endpoint: the file's context no longer makes it Houston's (undecided, said why)
            houston = [d for d in documents if d not in other]
            assert not errors and houston[0]["houston"] is None, (name, report.stdout)
            assert any("api.github.com" in e and "not traced" in e for e in houston[0]["evidence"]), houston
            continue
        assert report.returncode == 1 and errors and all("releaseNam" in f["message"] for f in errors), (name, report.stdout)


def test_an_untraced_other_services_mutation_with_airflow_version_is_never_rewritten(tmp_path):
    # f4 with f3's edit: the CMDB's createDeployment(name:, airflowVersion:) held, the file left as it was
    text = (HEADER + ROUTES["a_dict_rows.py"]).replace(
        "upsertDeployment(input: $input) { id owner }", 'createDeployment(name: "etl", team: "data", airflowVersion: "2.3.4") { id }')
    (tmp_path / "a.py").write_text(text)
    rewrite = run_cli("rewrite", "--no-cache", "-j1", "a.py", cwd=tmp_path)
    assert rewrite.returncode == 0, rewrite.stderr
    assert (tmp_path / "a.py").read_text() == text
