"""Red team 28, report 11a, f1: the line refusing to send GITHUB_TOKEN names the origin it refused, port included.

``review --github`` with ``GITHUB_API_URL=http://127.0.0.1:P1`` and a pagination ``Link: rel="next"`` to
``http://127.0.0.1:P2`` (or ``//127.0.0.1:P2``, or ``http://a:1@127.0.0.1:P2``) was refused, rightly, but the
line said ``refusing to send the token to http://127.0.0.1: not GITHUB_API_URL``: the port dropped, it named
GITHUB_API_URL's own host as not GITHUB_API_URL.  It now names the refused origin with its port (never the
user information) and GITHUB_API_URL's origin beside it.  The token still goes to P1 only.
"""

import json

import pytest

from fake_github import FakeGitHub
from test_pr_bot import EXAMPLE, make_repo
from trust_cli import run_cli

OTHER_PORT = 9  # nothing listens there; the token must not be sent to it anyway


def _review(repo, github, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": github.number}}))
    env = {"GITHUB_TOKEN": github.token, "GITHUB_REPOSITORY": github.repository, "GITHUB_API_URL": github.url,
           "GITHUB_EVENT_PATH": str(event), "GITHUB_BASE_REF": "main", "GITHUB_ACTIONS": "true", "HOME": str(tmp_path)}
    return run_cli("review", "--github", "--changed-since", "main", "-j", "1", cwd=repo, env=env)


@pytest.mark.parametrize("link", ["http://127.0.0.1:{port}", "//127.0.0.1:{port}", "http://a:1@127.0.0.1:{port}"],
                         ids=["other-port", "protocol-relative", "user-information"])
def test_the_refusal_names_the_origin_with_its_port(tmp_path, link):
    repo = make_repo(tmp_path, {}, {"a.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        github.comments.extend({"id": n, "body": "hello"} for n in range(5))  # a second page
        github.next_link_base = link.format(port=OTHER_PORT)
        done = _review(repo, github, tmp_path)
        own = f"http://127.0.0.1:{github.port}"
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert f"refusing to send the token to http://127.0.0.1:{OTHER_PORT}: not GITHUB_API_URL ({own})" in done.stderr, said
    assert "a:1" not in said and github.token not in said and "Traceback" not in said, said
    assert all(auth == f"Bearer {github.token}" for _method, _path, auth in github.requests)
    assert not github.reviews
