"""Red team 27, report 12 ("Houston or not"), f4: a ``houston.`` host built with a field that is no plain name
(``f"https://houston.{os.environ['CORP_DOMAIN']}/graphql"``), a ``+`` chain, ``"%s"`` / ``.format``, a base bound
to a name and extended at the send (``f"{BASE}/graphql"``, ``BASE + "/graphql"``, ``"%s/graphql" % BASE``,
``"{}/graphql".format(BASE)``) or a client's ``base_url`` with the relative path its send posts to
(``client.post("/graphql")``, ``.post("/api/query")``) was decisive for Houston: false errors (exit 1) and a
company's own "houston" service query rewritten.  README: a ``houston.`` host counts as Houston's endpoint only at
``/v1`` or ``/ws``; any other path is said against at the same weight, so the document is undecided.  Controls: the
same forms at ``/v1`` stay Houston's, their typo reported.

Runs the installed CLI (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

from trust_cli import check_by_file, run_cli

_SENDS = {
    # name -> (module setup, the send of DOC)
    "subscript_field": ("", 'requests.post(f"https://houston.{os.environ[\'CORP_DOMAIN\']}%s", json={"query": DOC})'),
    "plus_chain": ("", 'requests.post("https://houston." + os.environ["CORP_DOMAIN"] + "%s", json={"query": DOC})'),
    "percent": ("", 'requests.post("https://houston.%%s%s" %% os.environ["CORP_DOMAIN"], json={"query": DOC})'),
    "format": ("", 'requests.post("https://houston.{}%s".format(os.environ["CORP_DOMAIN"]), json={"query": DOC})'),
    "base_fstring": ('BASE = f"https://houston.{os.environ[\'CORP_DOMAIN\']}"', 'requests.post(f"{BASE}%s", json={"query": DOC})'),
    "base_plus": ('BASE = f"https://houston.{os.environ[\'CORP_DOMAIN\']}"', 'requests.post(BASE + "%s", json={"query": DOC})'),
    "base_percent": ('BASE = f"https://houston.{os.environ[\'CORP_DOMAIN\']}"', 'requests.post("%%s%s" %% BASE, json={"query": DOC})'),
    "base_format": ('BASE = f"https://houston.{os.environ[\'CORP_DOMAIN\']}"', 'requests.post("{}%s".format(BASE), json={"query": DOC})'),
    "base_url_subscript": ('client = httpx.Client(base_url=f"https://houston.{os.environ[\'CORP_DOMAIN\']}")',
                           'client.post("%s", json={"query": DOC})'),
    "base_url_literal": ('client = httpx.Client(base_url="https://houston.acme-corp.net")', 'client.post("%s", json={"query": DOC})'),
}

_FILE = '''import os
import httpx
import requests

{setup}
DOC = "query {{ workspaces {{ id labl deployments {{ id releaseName airflowVersion }} }} }}"


def main():
    return {send}
'''


def _tree(tmp_path, path):
    for name, (setup, send) in _SENDS.items():
        (tmp_path / f"{name}.py").write_text(_FILE.format(setup=setup, send=send % path))
    return tmp_path


def test_houston_host_at_another_path_is_undecided_and_never_rewritten(tmp_path):
    root = _tree(tmp_path, "/graphql")
    (root / "api_query.py").write_text(_FILE.format(setup=_SENDS["base_url_subscript"][0], send='client.post("/api/query", json={"query": DOC})'))
    (root / "api_query_written.py").write_text(_FILE.format(setup="", send='requests.post(f"https://houston.{os.environ[\'CORP_DOMAIN\']}/api/query", json={"query": DOC})'))
    before = {p.name: p.read_text() for p in root.glob("*.py")}
    verdicts, errors, completed = check_by_file(root)
    assert completed.returncode == 0, (errors, completed.stdout[-3000:])
    assert not errors
    for name in before:
        assert verdicts[name]["houston"] is None, (name, verdicts[name])
    for name in ("subscript_field.py", "plus_chain.py"):
        explain = run_cli("check", "--no-cache", "--explain", name, ".", cwd=root)
        assert "a /graphql path, Houston serves /v1" in explain.stdout, explain.stdout
        # the file names no Houston endpoint at /graphql (the context line was untrue)
        assert not any("Houston endpoint named in the file" in line and "/graphql" in line for line in explain.stdout.splitlines()), explain.stdout
    rewrite = run_cli("rewrite", "--no-cache", ".", cwd=root)
    assert rewrite.returncode in (0, 1) and "Traceback" not in rewrite.stderr, rewrite.stderr
    assert {p.name: p.read_text() for p in root.glob("*.py")} == before


def test_houston_host_at_v1_stays_houstons(tmp_path):
    root = _tree(tmp_path, "/v1")
    verdicts, errors, completed = check_by_file(root)
    assert completed.returncode == 1, completed.stdout[-3000:]
    for name in _SENDS:
        assert verdicts[f"{name}.py"]["houston"] is True, (name, verdicts[f"{name}.py"])
        assert any("labl" in message for message in errors.get(f"{name}.py", [])), (name, errors)
