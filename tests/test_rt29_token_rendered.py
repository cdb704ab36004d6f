"""Red team 28, report 11a, f2: a Houston answer holding the token in a spelling that renders as the token.

A hostile (or logging) Houston copied ``HOUSTON_API_TOKEN`` into a deprecation reason with "x" and a
backspace after each character (a terminal, ``col -b`` or a CI log viewer shows the token), or with empty
markup between the characters (``<b></b>``, ``<span/>``, ``<wbr>``, ``<ins></ins>``, ``[](x)``: a markdown
renderer such as reviewdog's pull-request comments shows the token).  The answer was accepted: the reason went
into json/sarif/rdjson/github reports and into the SDL ``schema fetch -o`` wrote.  The search now also reads an
answer as a terminal shows it and as markup renders (``secret_scan._as_shown``, ``_TAG``, ``_MARKDOWN_LINK``),
so such an answer is refused whole: one line, exit 2, nothing written.  Controls: an answer with backspaces,
tags and links but no token is used as before.
"""

import json

import pytest
from graphql import get_introspection_query, graphql_sync

from codemods.houston_schema import HoustonSchema
from houston_server import HoustonServer
from trust_cli import run_cli

TOKEN = "secrettoken12345abcdef"
SCRIPT = '''import requests
Q = """query Deps { workspaceDeployments(workspaceUuid: "abc") { id airflowVersion } }"""
requests.post("https://houston.example.com/v1", json={"query": Q})
'''
DISGUISES = {
    "backspace-overstrike": "".join(character + "x\b" for character in TOKEN),
    "double-backspace": "".join(character + "yz\b\b" for character in TOKEN),
    "empty-b": "<b></b>".join(TOKEN),
    "span": "<span/>".join(TOKEN),
    "wbr": "<wbr>".join(TOKEN),
    "ins": "<ins></ins>".join(TOKEN),
    "empty-markdown-link": "[](x)".join(TOKEN),
    "markdown-links": "".join(f"[{character}](https://x.example/{index})" for index, character in enumerate(TOKEN)),
    "tag-and-zero-width-entity": "<i></i>&zwj;".join(TOKEN),
}


def _introspection(reason):
    """The bundled schema's introspection answer with ``reason`` as the deprecation reason of a field."""
    data = graphql_sync(HoustonSchema.bundled().schema, get_introspection_query(descriptions=True)).data
    for kind in data["__schema"]["types"]:
        for field in kind.get("fields") or []:
            if kind["name"] == "Deployment" and field["name"] == "airflowVersion":
                field["isDeprecated"] = True
                field["deprecationReason"] = "Use runtimeAirflowVersion " + reason
    return {"data": data}


def _assert_refused(done, tmp_path, written):
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "Traceback" not in said and len(done.stderr.strip().splitlines()) == 1, said
    assert "HOUSTON_API_TOKEN" in done.stderr and "refused" in done.stderr, said
    assert "12345" not in said and not (tmp_path / written).exists(), said


@pytest.mark.parametrize("disguise", sorted(DISGUISES))
def test_schema_fetch_refuses_an_answer_that_renders_as_the_token(tmp_path, disguise):
    with HoustonServer(catalogue={}, answer=_introspection(DISGUISES[disguise]), token=None) as server:
        done = run_cli("schema", "fetch", "-o", "houston.graphql", server.url, cwd=tmp_path,
                       env={"HOUSTON_API_TOKEN": TOKEN})
    _assert_refused(done, tmp_path, "houston.graphql")


@pytest.mark.parametrize("report_format", ["rdjson", "github"])
@pytest.mark.parametrize("disguise", ["backspace-overstrike", "empty-b", "empty-markdown-link"])
def test_check_against_such_an_answer_writes_no_report(tmp_path, disguise, report_format):
    (tmp_path / "q.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}, answer=_introspection(DISGUISES[disguise]), token=None) as server:
        done = run_cli("check", "--no-cache", "--schema", server.url, "--format", report_format, "-o", "report.out",
                       "q.py", cwd=tmp_path, env={"HOUSTON_API_TOKEN": TOKEN})
    _assert_refused(done, tmp_path, "report.out")


def test_an_answer_with_backspaces_and_markup_but_no_token_is_used(tmp_path):
    reason = "see <b>the</b> [guide](https://docs.example/x) ![](i.png) <wbr> old\bd\r\n " + "x\b" * 20
    (tmp_path / "q.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}, answer=_introspection(reason), token=None) as server:
        fetched = run_cli("schema", "fetch", "-o", "houston.graphql", server.url, cwd=tmp_path,
                          env={"HOUSTON_API_TOKEN": TOKEN})
        checked = run_cli("check", "--no-cache", "--schema", server.url, "--format", "json", "q.py", cwd=tmp_path,
                          env={"HOUSTON_API_TOKEN": TOKEN})
    assert fetched.returncode == 0, fetched.stderr
    assert "runtimeAirflowVersion" in (tmp_path / "houston.graphql").read_text()
    assert checked.returncode == 0, checked.stderr
    findings = json.loads(checked.stdout)["findings"]
    assert any(finding["code"] == "deprecated" and "guide" in finding["message"] for finding in findings), findings


def test_the_terminal_view_stops_at_the_deadline():
    """A long run of "x\\b" pairs is a Python step per three characters: it is part of the call's deadline."""
    import time

    from codemods import secret_scan

    with pytest.raises(secret_scan.ScanTimeout):
        secret_scan._as_shown("x\b" * 10, deadline=time.monotonic() - 1)
    assert secret_scan._as_shown("ab\b\bXY\rZ\nq") == "ZY\nq"
