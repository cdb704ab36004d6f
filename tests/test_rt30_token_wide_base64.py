"""Red team 29 (report 11a), f1 f2: the token as base64 of its UTF-16 bytes (Node's ``Buffer.from(t, "utf16le")
.toString("base64")``, .NET's ``Encoding.Unicode``) got through the token search: a Houston error message holding it
was printed on stderr, an introspection description holding it was written into the SDL ``schema fetch -o`` makes,
and a GitHub 422 message holding ``GITHUB_TOKEN`` so encoded was printed by ``review --github``.  Both byte orders of
the wide string now have base64 forms (``secret_scan._forms``): the answer is refused whole, one line, exit 2.
Control: the base64 of another wide string is used as before."""

import base64

import pytest

from houston_server import HoustonServer
from test_rt29_token_rendered import TOKEN, _assert_refused, _introspection
from trust_cli import run_cli


def _wide(text, order):
    return base64.b64encode(text.encode(order)).decode("ascii")


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("before", ["", "bad auth header: ", "x" * 7])
def test_schema_fetch_refuses_the_token_as_wide_base64(tmp_path, order, before):
    with HoustonServer(catalogue={}, answer=_introspection(before + _wide(TOKEN, order)), token=None) as server:
        done = run_cli("schema", "fetch", "-o", "houston.graphql", server.url, cwd=tmp_path,
                       env={"HOUSTON_API_TOKEN": TOKEN})
    _assert_refused(done, tmp_path, "houston.graphql")


def test_the_redactor_finds_it_wherever_it_stands():
    from codemods import secret_scan

    for order in ("utf-16-le", "utf-16-be"):
        for before in ("", "a", "ab", "credential "):
            assert secret_scan.leaks(before + _wide(TOKEN, order) + " tail", [TOKEN]), (order, before)
    assert not secret_scan.leaks(_wide("another-harmless-string-1234", "utf-16-le"), [TOKEN])


def test_an_answer_with_other_wide_base64_is_used(tmp_path):
    with HoustonServer(catalogue={}, answer=_introspection(_wide("see the migration guide", "utf-16-le")),
                       token=None) as server:
        done = run_cli("schema", "fetch", "-o", "houston.graphql", server.url, cwd=tmp_path,
                       env={"HOUSTON_API_TOKEN": TOKEN})
    assert done.returncode == 0, done.stderr
    assert "runtimeAirflowVersion" in (tmp_path / "houston.graphql").read_text()
