"""The token never follows a URL whose host two parsers read differently (red team 13, report 11, F4).

``http://127.0.0.1:B\\@127.0.0.1:A/v2`` is host A to ``urlsplit`` (after the ``@``) and host B
to the HTTP client (a backslash ends the host for it).  A redirect from the Houston the person
named, or a repository's ``schema =`` next to the person's ``HOUSTON_URL``, passed the
same-origin test, and the token went to B.  Both servers here are real HTTP servers on
127.0.0.1, on two ports (two origins).
"""

import pytest
from houston_server import TOKEN, HoustonServer
from test_trust_live import SCRIPT, TOKEN_ENV, assert_no_token, auth_headers
from trust_cli import run_cli

from codemods.houston_token import may_follow_with_token, origin


def _confusing(target, named):
    return f"http://127.0.0.1:{target.port}\\@127.0.0.1:{named.port}/v1"


@pytest.mark.parametrize("command", [["schema", "fetch", "{url}"], ["check", "--schema", "{url}", "{path}"], ["rewrite", "--versions-from", "{url}", "{path}"]])
def test_a_redirect_whose_host_the_parsers_disagree_on_gets_no_token(tmp_path, command):
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}) as target, HoustonServer(catalogue={}) as named:
        named.redirect_to = _confusing(target, named)
        result = run_cli(*[c.format(url=named.url, path=tmp_path) for c in command], env=TOKEN_ENV)
    assert auth_headers(named) == [TOKEN]
    assert all(header is None for header in auth_headers(target))  # the old check sent it here
    assert_no_token(result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert (tmp_path / "s.py").read_text() == SCRIPT


def test_a_configured_url_the_parsers_disagree_on_is_not_unlocked_by_houston_url(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}) as target, HoustonServer(catalogue={}) as named:
        (tmp_path / "pyproject.toml").write_text(f"[tool.houston-codemod]\nschema = '{_confusing(target, named)}'\n")
        result = run_cli("check", cwd=tmp_path, env={**TOKEN_ENV, "HOUSTON_URL": named.url})
    assert all(header is None for header in auth_headers(target))
    assert result.returncode == 2
    assert_no_token(result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", [
    "https://evil\\@houston.acme.com/v1", "https://user@houston.acme.com/v1", "https://houston.acme.com\t/v1",
    "https://houston.acme.com /v1", "https://houston.acme.com\x00/v1",
])
def test_no_origin_for_urls_the_token_must_not_go_to(url):
    assert origin(url) is None
    assert not may_follow_with_token("https://houston.acme.com/v1", url)


def test_ordinary_urls_keep_their_origin():
    assert origin("https://HOUSTON.acme.com:443/v1") == ("https", "houston.acme.com", 443)
    assert origin("http://[::1]:8080/v1") == ("http", "::1", 8080)
    assert may_follow_with_token("https://houston.acme.com/v1", "https://houston.acme.com/v2")
