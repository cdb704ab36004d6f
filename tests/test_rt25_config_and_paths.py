"""Red team 24, report 12 ("Houston or not"), f7, f9, f13, f15: where a project's configuration and a
Houston host's path send a document, and what the evidence says about it.

f7: a codegen / graphql-config schema written as a computed key (``schema: {[process.env.X ?? 'https://...']:
{headers}}``, graphql-codegen's documented form for headers) and apollo.config.js's shorthand ``service: { name,
url }`` were not read, so another API's query was judged Houston's by its words and rewritten.  Side note: a
configuration above the run, with no git work tree, was read.

f15: a ``houston.`` host at ``/api/v1`` or ``/internal/v1`` (a path merely ending in ``v1``) or with no path at all
was decisive for Houston, while ``/`` and ``/api/v2`` were undecided.

All through the installed command, in a temporary folder (``TRUST_CLI_UNDER_TEST`` picks another build).
"""

import subprocess

import pytest

from trust_cli import run_cli

FLEET_QUERY = "query FleetDeployments {\n  deployments { id label airflowVersion }\n}\n"

CODEGEN_COMPUTED = """import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: {
    [process.env.FLEET_API_URL ?? 'https://fleet.acme-corp.net/graphql']: {
      headers: { Authorization: `Bearer ${process.env.FLEET_TOKEN}` },
    },
  },
  documents: ['src/**/*.graphql'],
};
export default config;
"""
GRAPHQL_CONFIG_COMPUTED = """module.exports = {
  schema: [{ [process.env.FLEET_API_URL || 'https://fleet.acme-corp.net/graphql']: { headers: { a: 'b' } } }],
  documents: 'src/**/*.graphql',
};
"""
CODEGEN_COMPUTED_CONSTANT = """const FLEET = 'https://fleet.acme-corp.net/graphql';
export default { schema: { [FLEET]: { headers: {} } }, documents: ['src/**/*.graphql'] };
"""
APOLLO_SHORTHAND = """const url = process.env.FLEET_API_URL ?? 'https://fleet.acme-corp.net/graphql';
module.exports = {
  client: {
    service: { name: 'fleet', url },
    includes: ['src/**/*.graphql'],
  },
};
"""
APOLLO_EXPRESSION = """module.exports = {
  client: { service: { name: 'fleet', url: process.env.FLEET_API_URL || 'https://fleet.acme-corp.net/graphql' } },
};
"""


def _check(root, *paths):
    return run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", *(paths or (".",)), cwd=root)


@pytest.mark.parametrize("name, config", [
    ("codegen.ts", CODEGEN_COMPUTED),
    ("graphql.config.js", GRAPHQL_CONFIG_COMPUTED),
    ("codegen.ts", CODEGEN_COMPUTED_CONSTANT),
    ("apollo.config.js", APOLLO_SHORTHAND),
    ("apollo.config.js", APOLLO_EXPRESSION),
])
def test_a_schema_url_written_as_a_computed_key_or_shorthand_is_read(tmp_path, name, config):
    (tmp_path / name).write_text(config)
    (tmp_path / "src").mkdir()
    query = tmp_path / "src" / "deployments.graphql"
    query.write_text(FLEET_QUERY)
    done = _check(tmp_path)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout + done.stderr
    assert "(0 for Houston)" in done.stderr, done.stderr
    explained = run_cli("check", "--no-cache", "-j1", "--explain", "src/deployments.graphql", cwd=tmp_path)
    assert "another API's URL: https://fleet.acme-corp.net/graphql" in explained.stdout, explained.stdout
    rewritten = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stdout + rewritten.stderr
    assert query.read_text() == FLEET_QUERY


def test_a_configuration_above_the_run_is_not_read_without_git(tmp_path):
    """The project is the git work tree, else what the run was pointed at: a codegen.ts in a folder above
    ``check .`` is not this run's (as a pyproject.toml above a work tree is not)."""
    (tmp_path / "codegen.ts").write_text("export default { schema: 'https://fleet.acme-corp.net/graphql' };\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "deployments.graphql").write_text(FLEET_QUERY)
    done = _check(sub)
    assert done.returncode == 1 and "airflowVersion" in done.stdout, done.stdout + done.stderr
    # pointed at the folder holding it, or inside a git work tree whose top holds it, it is read
    assert _check(tmp_path).returncode == 0
    subprocess.run(["git", "init", "-q", "."], cwd=tmp_path, check=True)
    done = _check(sub)
    assert done.returncode == 0 and "(0 for Houston)" in done.stderr, done.stdout + done.stderr


MISSION_CONTROL = '''"""Client of our internal 'Houston' mission-control service (incident rooms)."""
import requests

HOUSTON = "{url}"

ROOMS = """
query Rooms {{ workspaces {{ id name seats }} }}
"""


def rooms():
    return requests.post(HOUSTON, json={{"query": ROOMS}}).json()["data"]["workspaces"]
'''


@pytest.mark.parametrize("url", [
    "https://houston.acme-corp.net/api/v1",
    "https://houston.acme-corp.net/internal/v1",
    "https://houston.acme-corp.net/v1/rooms",
    "https://houston.acme-corp.net",
    "https://houston.acme-corp.net/",
    "https://houston.acme-corp.net/api/v2",
])
def test_a_houston_host_at_no_endpoint_of_houstons_is_undecided(tmp_path, url):
    (tmp_path / "mission_control.py").write_text(MISSION_CONTROL.format(url=url))
    done = _check(tmp_path)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout + done.stderr
    assert "1 undecided" in done.stderr, done.stderr
    explained = run_cli("check", "--no-cache", "-j1", "--explain", "mission_control.py", cwd=tmp_path).stdout
    assert "a host named houston" in explained and ("never serves" in explained or "no endpoint path" in explained), explained


BASE_SCRIPT = '''import httpx
import requests
from urllib.parse import urljoin

BASE = "{base}"
TEAMS = """
query Teams {{ workspaces {{ id label users {{ id emails {{ address }} }} }} }}
"""
BROKEN = """
query Broken {{ workspaces {{ id labell }} }}
"""


def go():
    requests.post({send}, json={{"query": TEAMS}})
    requests.post({send}, json={{"query": BROKEN}})
'''


@pytest.mark.parametrize("base", ["https://houston.x.io", "https://houston.x.io/"])
@pytest.mark.parametrize("send", ['f"{BASE}/v1"', 'BASE.rstrip("/") + "/v1"', 'urljoin(BASE, "v1")'])
def test_a_houston_base_joined_with_v1_is_still_houstons(tmp_path, base, send):
    (tmp_path / "teams.py").write_text(BASE_SCRIPT.format(base=base, send=send))
    done = _check(tmp_path)
    assert done.returncode == 1 and "labell" in done.stdout, done.stdout + done.stderr


def test_a_houston_endpoint_at_v1_or_ws_is_houstons(tmp_path):
    for url in ("https://houston.x.io/v1", "https://houston.x.io/v1/", "https://houston.x.io/ws"):
        (tmp_path / "teams.py").write_text(BASE_SCRIPT.format(base=url, send="BASE"))
        done = _check(tmp_path)
        assert done.returncode == 1 and "labell" in done.stdout, url + done.stdout + done.stderr


def test_an_httpx_client_on_a_houston_base_is_houstons(tmp_path):
    for base, path in (("https://houston.x.io", "/v1"), ("https://houston.x.io/", "v1")):
        script = BASE_SCRIPT.format(base=base, send="BASE").replace(
            'requests.post(BASE, json={"query": BROKEN})', f'httpx.Client(base_url=BASE).post("{path}", json={{"query": BROKEN}})')
        (tmp_path / "teams.py").write_text(script)
        done = _check(tmp_path)
        assert "labell" in done.stdout, base + done.stdout + done.stderr


STOCK_ARGPARSE = '''"""Stock report of the Houston warehouse."""
import argparse
import requests

STOCK = """
query Stock {{ items(inStock: true) {{ sku name quantity }} }}
"""


def report(args):
    return requests.post(args.houston_url, json={{"query": STOCK}}).json()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--houston-url", default={default}, help="inventory API of the Houston warehouse")
    {parse}


if __name__ == "__main__":
    main()
'''


@pytest.mark.parametrize("parse", [
    "args = p.parse_args()\n    print(requests.post(args.houston_url, json={\"query\": STOCK}).json())",
    "report(p.parse_args())",
])
@pytest.mark.parametrize("default", [
    '"https://inventory-hou.acme-corp.net/graphql"',
    'os.environ.get("HOUSTON_URL", "https://inventory-hou.acme-corp.net/graphql")',
])
def test_an_argparse_options_default_is_what_it_holds(tmp_path, parse, default):
    """f9: as click's ``@click.option("--houston-url", default=...)``: the default, another API's /graphql URL,
    is said against at the weight of the option's name: undecided, no error on another API's fields."""
    script = STOCK_ARGPARSE.format(default=default, parse=parse)
    (tmp_path / "stock.py").write_text(("import os\n" if "os." in default else "") + script)
    done = _check(tmp_path)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout + done.stderr
    explained = run_cli("check", "--no-cache", "-j1", "--explain", "stock.py", cwd=tmp_path).stdout
    assert "url inventory-hou.acme-corp.net/graphql" in explained, explained


def test_an_argparse_default_at_houstons_endpoint_is_houstons(tmp_path):
    script = STOCK_ARGPARSE.format(default='"https://houston.astro.acme-corp.net/v1"', parse="report(p.parse_args())")
    (tmp_path / "stock.py").write_text(script.replace("items(inStock: true) {{ sku name quantity }}", "workspaces { id labell }")
                                       .replace("items(inStock: true) { sku name quantity }", "workspaces { id labell }"))
    done = _check(tmp_path)
    assert done.returncode == 1 and "labell" in done.stdout, done.stdout + done.stderr
    explained = run_cli("check", "--no-cache", "-j1", "--explain", "stock.py", cwd=tmp_path).stdout
    assert "url houston.astro.acme-corp.net/v1 (call at line 11, posting to args.houston_url)" in explained, explained


TWO_CLIENTS = '''import os
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

platform = Client(transport=RequestsHTTPTransport(url=os.environ["PLATFORM_URL"], headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}))
directory = Client(transport=RequestsHTTPTransport(url=os.environ["DIRECTORY_URL"], headers={"x-api-key": os.environ["DIRECTORY_KEY"]}))

TEAMS = gql("""
query Teams { workspaces { id name members { email } } }
""")
print(directory.execute(TEAMS))
'''
OFFICES = '''import requests
import yaml

OFFICES = yaml.safe_load(open("offices.yaml"))

STOCK = """
query Stock { items(inStock: true) { sku name quantity } }
"""

hou = requests.post(OFFICES["houston"]["url"], json={"query": STOCK}).json()
dal = requests.post(OFFICES["dallas"]["url"], json={"query": STOCK}).json()
'''
PLUS = '''import os
import requests

URL = "https://houston." + os.environ["BASEDOMAIN"] + "/v1"
Q = """
query { workspaces { id label } }
"""
requests.post(URL, json={"query": Q})
'''


def _explained(root, name):
    done = run_cli("check", "--no-cache", "-j1", "--explain", name, cwd=root)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def test_a_traced_sends_document_is_never_called_untraced(tmp_path):
    """f13 (a): directory.execute(TEAMS) is traced to DIRECTORY_URL: no "untraced send" note pointing at the
    other client's PLATFORM_URL."""
    (tmp_path / "two_clients.py").write_text(TWO_CLIENTS)
    lines = _explained(tmp_path, "two_clients.py")
    assert not any("untraced" in line for line in lines), lines
    assert any('posted to os.environ["DIRECTORY_URL"]' in line for line in lines), lines


def test_a_url_is_named_for_its_settings_key_and_said_once(tmp_path):
    """f13 (b): OFFICES["dallas"]["url"] is named by its entry, dallas, never by the table's local name
    (offices); and the note of the Houston office's send is printed once."""
    (tmp_path / "offices.yaml").write_text('houston: {url: "https://inventory-hou.acme-corp.net/graphql"}\n'
                                           'dallas: {url: "https://inventory-dal.acme-corp.net/graphql"}\n')
    (tmp_path / "stock.py").write_text(OFFICES)
    lines = _explained(tmp_path, "stock.py")
    assert not any("(offices)" in line for line in lines), lines
    assert any("a URL named for another service (dallas)" in line for line in lines), lines
    houston_notes = [line for line in lines if 'OFFICES["houston"]["url"]' in line]
    assert len(houston_notes) == 1, lines
    assert len(lines) == len(set(lines)), lines


def test_a_plus_chains_url_is_quoted_as_the_file_writes_it(tmp_path):
    """f13 (c): the decisive line quotes the file's own os.environ["BASEDOMAIN"], as the context line does."""
    (tmp_path / "plus.py").write_text(PLUS)
    lines = _explained(tmp_path, "plus.py")
    decisive = [line for line in lines if line.endswith("[decisive]")]
    assert decisive and all("os.environ['BASEDOMAIN']" not in line for line in lines), lines
    assert any('houston.{os.environ["BASEDOMAIN"]}/v1' in line for line in decisive), lines


def test_a_parents_sdl_above_the_run_is_not_read_without_git(tmp_path):
    """Same bound for a project SDL file above the operation: read up to the git work tree's top, or without
    git up to the folder the run was pointed at."""
    (tmp_path / "schema.graphql").write_text("type Query { deployments: [Deployment] }\n"
                                             "type Deployment { id: ID label: String airflowVersion: String }\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "deployments.graphql").write_text(FLEET_QUERY)
    done = _check(sub)
    assert done.returncode == 1 and "airflowVersion" in done.stdout, done.stdout + done.stderr
    assert _check(tmp_path).returncode == 0
    subprocess.run(["git", "init", "-q", "."], cwd=tmp_path, check=True)
    assert _check(sub).returncode == 0
