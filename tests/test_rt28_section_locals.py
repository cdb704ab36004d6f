"""Red team 27, report 12 ("Houston or not"), f3: a config section chosen by a helper's parameter and bound to a
local first was not judged per call.

``def post(section, query): sec = cfg[section]; requests.post(sec["url"], ...)`` with ``cfg`` a ConfigParser reading
``[houston]`` and ``[cmdb]`` sections, called as ``post("houston", <typo>)`` and ``post("cmdb", "query { deployments
{ ... airflowVersion } }")``: the URL was a note ``posted to sec["url"]``, both documents were judged on their words,
the verdicts swapped (the typo missed, exit 0) and rewrite edited the string sent to the CMDB.  The same with
``url = cfg[section]["url"]``, ``sec.get("url")``, ``cfg[section].get("url")`` and configparser's ``cfg.get(section,
"url")``.  ``cfg[section]["url"]`` written at the send (the README's form, the control here) was judged per call; the
local-binding forms now are too.  Also a module dict ``CFG = {"houston": {"url": ...}, ...}`` read through a local.

One ``check`` and one ``rewrite`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another
install).
"""

import json

import pytest

from trust_cli import project_tree, run_cli

_INI = """[houston]
url = https://houston.astro.acme-corp.com/v1
token = xxx

[cmdb]
url = https://cmdb.acme-corp.com/graphql
token = yyy
"""

_SCRIPT = '''import configparser
import requests

{setup}


def post(section, query, variables=None):
{local}
    r = requests.post({url}, json={{"query": query, "variables": variables or {{}}}})
    return r.json()


post("houston", "query {{ workspaces {{ id label deployments {{ id releseName }} }} }}")
post("cmdb", "query {{ deployments {{ id releaseName airflowVersion }} }}")
'''

_CONFIG = 'cfg = configparser.ConfigParser()\ncfg.read("ops.ini")'
_DICT = ('cfg = {"houston": {"url": "https://houston.astro.acme-corp.com/v1"},\n'
         '       "cmdb": {"url": "https://cmdb.acme-corp.com/graphql"}}')

FORMS = {
    "section_local": (_CONFIG, '    sec = cfg[section]', 'sec["url"]'),
    "url_local": (_CONFIG, '    url = cfg[section]["url"]', "url"),
    "section_get": (_CONFIG, '    sec = cfg[section]', 'sec.get("url")'),
    "url_local_get": (_CONFIG, '    url = cfg[section].get("url")', "url"),
    "section_then_url": (_CONFIG, '    sec = cfg[section]\n    url = sec["url"]', "url"),
    "configparser_get": (_CONFIG, '    pass', 'cfg.get(section, "url")'),
    "configparser_get_local": (_CONFIG, '    url = cfg.get(section, "url")', "url"),
    "dict_section_local": (_DICT, '    sec = cfg[section]', 'sec["url"]'),
    "control_inline": (_CONFIG, '    pass', 'cfg[section]["url"]'),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_section_picked_through_a_local_is_judged_per_call(tmp_path, form):
    setup, local, url = FORMS[form]
    script = _SCRIPT.format(setup=setup, local=local, url=url)
    project_tree(tmp_path, {"ops.ini": _INI, "ops.py": script})
    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    by_text = {}
    lines = script.splitlines()
    for document in report["documents"]:
        by_text["houston" if "releseName" in lines[document["line"] - 1] else "cmdb"] = document
    assert by_text["houston"]["houston"] is True, by_text
    assert by_text["cmdb"]["houston"] is False, by_text
    assert any("releseName" in f["message"] for f in report["findings"] if f["severity"] == "error"), report["findings"]
    assert completed.returncode == 1, completed.stdout
    rewritten = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "ops.py").read_text() == script
