"""Red team 23, report 12 ("Houston or not"): what counts as Houston's host, endpoint and schema.

* f11: ``codegen.ts`` naming its schema as a template literal with an environment default
  (`` schema: `${process.env.API_BASE ?? 'https://inventory.acme-corp.net'}/graphql` ``) was not read, so a
  ``.graphql`` file with Houston's words was judged Houston's and rewritten; now the default is read (as
  ``${VAR:default}`` is in YAML) and a schema known only at run time leaves the document undecided;
* f18: ``glob.glob("queries/houston_*.graphql")`` credited every ``.graphql`` file of ``queries/``;
* f1: a host whose first label is ``houston`` at a path Houston never serves (``/api/query``, an in-cluster
  ``houston-api`` on ``/query``) was decisive for Houston;
* f5: an inner label ``houston`` (``inventory.houston.acme-corp.net``) was Houston's host;
* f6: a URL's user name ``houston`` (``https://houston:s3cret@reports...``) and a first label ``houston_api``
  were "Houston endpoint named in the file";
* f9: a database host given to ``psycopg2.connect(host=...)`` and a container image reference
  (``houston.azurecr.io/etl:1.4.2``) were too.

Each tree is checked with one ``check --format json`` run of the installed CLI (``TRUST_CLI_UNDER_TEST``
points it at another install); documents not bound for Houston get no findings.
"""

import json
from pathlib import Path

from trust_cli import run_cli

DEPLOYMENTS = """query Deployments {
  deployments {
    id
    releaseName
    airflowVersion
  }
}
"""


def _write(root: Path, files: dict) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _check(root: Path):
    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    verdicts = {Path(d["path"]).as_posix(): d for d in report["documents"]}
    findings = {}
    for finding in report["findings"]:
        findings.setdefault(Path(finding["path"]).as_posix(), []).append(finding)
    return verdicts, findings, completed


# ---- f11: a codegen.ts schema written as a template literal / expression --------------------------------

_CODEGEN = """import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: %s,
  documents: ['src/**/*.graphql'],
  generates: { './src/gql/': { preset: 'client' } },
};
export default config;
"""

SCHEMAS = {
    "template_default": "`${process.env.API_BASE ?? 'https://inventory.acme-corp.net'}/graphql`",
    "or_default": "process.env.SCHEMA_URL || \"https://inventory.acme-corp.net/graphql\"",
    "constant": "`${API}/graphql`",
    "run_time": "process.env.SCHEMA_URL",
    "call": "schemaUrl()",
}


def test_f11_codegen_schema_expression_is_read_and_never_rewritten(tmp_path: Path):
    for name, schema in SCHEMAS.items():
        codegen = _CODEGEN % schema
        if name == "constant":
            codegen = "const API = 'https://inventory.acme-corp.net';\n" + codegen
        _write(tmp_path / name, {"codegen.ts": codegen, "src/queries/deployments.graphql": DEPLOYMENTS})
    _write(tmp_path / "apollo", {  # Apollo's client.service.url, the same template literal
        "apollo.config.js": "module.exports = { client: { service: { name: 'inv', url: "
                            "`${process.env.API_BASE ?? 'https://inventory.acme-corp.net'}/graphql` } } };\n",
        "src/queries/deployments.graphql": DEPLOYMENTS,
    })
    verdicts, findings, _ = _check(tmp_path)
    for name in [*SCHEMAS, "apollo"]:
        document = verdicts[f"{name}/src/queries/deployments.graphql"]
        assert document["houston"] is not True, (name, document)
        assert not findings.get(f"{name}/src/queries/deployments.graphql"), (name, findings)
        if name in ("run_time", "call"):
            assert document["houston"] is None, (name, document)
            assert any("known only at run time" in e for e in document["evidence"]), (name, document)
        else:
            assert document["houston"] is False, (name, document)
            assert any("another API's URL: https://inventory.acme-corp.net/graphql" in e for e in document["evidence"]), (name, document)
    rewrite = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert rewrite.returncode == 0, rewrite.stderr
    for name in [*SCHEMAS, "apollo"]:
        assert (tmp_path / name / "src/queries/deployments.graphql").read_text() == DEPLOYMENTS, name


def test_f11_houston_schema_expression_still_houstons(tmp_path: Path):
    _write(tmp_path, {
        "codegen.ts": _CODEGEN % "`${process.env.HOUSTON_BASE ?? 'https://houston.astro.acme-corp.net'}/v1`",
        "src/queries/deployments.graphql": DEPLOYMENTS,
    })
    verdicts, _, _ = _check(tmp_path)
    document = verdicts["src/queries/deployments.graphql"]
    assert document["houston"] is True, document
    assert any("names Houston's endpoint as its schema: https://houston.astro.acme-corp.net/v1" in e for e in document["evidence"]), document


# ---- f18: a glob's file-name pattern ------------------------------------------------------------------------

_SYNC = '''import glob
import os
from pathlib import Path

import requests

URL = os.environ["HOUSTON_URL"]


def houston(q, **v):
    return requests.post(URL, json={"query": q, "variables": v},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def main():
    for path in sorted(glob.glob("%s/%s")):
        print(houston(Path(path).read_text()))
'''
_USERS = "query DirectoryUsers {\n  users { id name email }\n}\n"
_WORKSPACES = "query Workspaces {\n  workspaces { id label }\n}\n"


def test_f18_a_glob_reads_only_the_files_its_name_pattern_matches(tmp_path: Path):
    # each tree its own folder name: a glob's folder is matched by its name anywhere in the run
    for name, pattern in (("prefix", "houston_*.graphql"), ("letter", "h*.graphql"), ("bracket", "[h]ouston_*.graphql")):
        _write(tmp_path / name, {
            "sync.py": _SYNC % (f"q_{name}", pattern),
            f"q_{name}/houston_workspaces.graphql": _WORKSPACES,
            f"q_{name}/directory_users.graphql": _USERS,
        })
    _write(tmp_path / "every", {"sync.py": _SYNC % ("q_every", "*.graphql"), "q_every/directory_users.graphql": _USERS})
    verdicts, findings, _ = _check(tmp_path)
    for name in ("prefix", "letter", "bracket"):
        users = verdicts[f"{name}/q_{name}/directory_users.graphql"]
        assert users["houston"] is not True, (name, users)
        assert not any("read by" in e for e in users["evidence"]), (name, users)
        assert not findings.get(f"{name}/q_{name}/directory_users.graphql"), (name, findings)
        assert verdicts[f"{name}/q_{name}/houston_workspaces.graphql"]["houston"] is True, name
    # control: a glob that matches the file still credits it (its misspelt fields are errors)
    every = verdicts["every/q_every/directory_users.graphql"]
    assert every["houston"] is True and any("read by" in e for e in every["evidence"]), every


# ---- f1, f5, f6, f9: hosts and paths ------------------------------------------------------------------------

_POST = '''import os
import requests

ENDPOINT = "%s"

Q = """
query Services($team: String!) {
  services(team: $team) { name owner tier }
}
"""


def services(team):
    return requests.post(ENDPOINT, json={"query": Q, "variables": {"team": team}},
                         headers={"Authorization": "Bearer " + os.environ["MC_TOKEN"]}).json()
'''

_UNTRACED = '''import os
from acme_platform import GraphClient

%s

TEAM = """
query Team {
  users { id name email }
}
"""


def team():
    return GraphClient().run(TEAM)
'''

HOST_CASES = {
    # f1: a host named houston at a path Houston never serves
    "api_query.py": _POST % "https://houston.acme-corp.io/api/query",
    "gql.py": _POST % "https://houston.acme-corp.io/gql",
    "root.py": _POST % "https://houston.acme-corp.io/",
    "in_cluster.py": _POST % "http://houston-api.default.svc.cluster.local:8000/query",
    # f5: houston as an inner label
    "inner_label.py": _POST % "https://inventory.houston.acme-corp.net/api/v2",
    # f6: userinfo, and a first label houston_api
    "userinfo.py": _UNTRACED % 'REPORTS = "https://houston:s3cret@reports.acme-corp.net/v1"\nimport requests\nrequests.get(REPORTS)',
    "underscore.py": _UNTRACED % 'GATEWAY = "https://houston_api.acme-corp.net/v1"\nimport requests\nrequests.get(GATEWAY)',
    # f9: a database host, an image reference
    "database.py": _UNTRACED % 'import psycopg2\nconn = psycopg2.connect(host="houston.db.acme-corp.net", dbname="warehouse")',
    "image.py": _UNTRACED % 'PULL = "houston.azurecr.io/etl:1.4.2"  # our Azure Container Registry is named houston',
    "image_named.py": _UNTRACED % 'IMAGE = "houston.azurecr.io/etl"',
}


def test_f1_f5_f6_f9_hosts_that_are_not_houstons_endpoint(tmp_path: Path):
    _write(tmp_path, HOST_CASES)
    verdicts, findings, completed = _check(tmp_path)
    for name in HOST_CASES:
        document = verdicts[name]
        assert document["houston"] is not True, (name, document)
        assert not findings.get(name), (name, findings.get(name))
        if name != "root.py":  # "https://houston.x/" may be a base the file extends: still named, undecided here
            assert not any("Houston endpoint named in the file" in e for e in document["evidence"]), (name, document)
    assert completed.returncode == 0, completed.stdout
    for name in ("api_query.py", "in_cluster.py"):  # both said: a host named houston, a path Houston never serves
        assert any("a path Houston never serves" in e for e in verdicts[name]["evidence"]), verdicts[name]


HOUSTON_CASES = {
    "v1.py": _POST % "https://houston.acme-corp.io/v1",
    "v1_slash.py": _POST % "https://houston.acme-corp.io/v1/",
    "cluster.py": _POST % "http://astronomer-houston.astronomer.svc.cluster.local:8871/v1",
    "userinfo_houston.py": _UNTRACED % 'HOUSTON = "https://houston.acme-corp.io/v1"\nimport requests\nrequests.get(HOUSTON)',
    "base_join.py": _POST.replace('ENDPOINT = "%s"', 'BASE = "https://houston.acme-corp.io/"\nENDPOINT = BASE + "v1"'),
}


def test_houstons_own_paths_stay_houstons(tmp_path: Path):
    _write(tmp_path, HOUSTON_CASES)
    verdicts, findings, _ = _check(tmp_path)
    for name in HOUSTON_CASES:
        document = verdicts[name]
        assert document["houston"] is True, (name, document)
        assert findings.get(name), (name, document)  # services / users(name, email): Houston's errors
