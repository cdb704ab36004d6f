"""Red team 14 (report 11a): trust findings outside the migration rules, through the installed command.

F4: ``fleet`` passes all-repos' output (each repository's diff, the ``git commit -m`` command) and
the commit message it pushes through the token redactor, as every report is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("all_repos")

from test_fleet import World  # noqa: E402  (the real all-repos world of the fleet tests)
from test_trust_secrets_more import TOKEN, assert_clean  # noqa: E402

EXAMPLE = (Path(__file__).resolve().parent.parent / "examples" / "create_deployment.py").read_bytes()
# A script selecting a field named like the token (the README's "used as a field name" case),
# and passing it as a variable: both the diff and the review items would show it.
HOLDS_TOKEN = EXAMPLE.replace(b"    releaseName\n", f"    releaseName\n    {TOKEN}\n".encode(), 1) + f'''

CREATE_AS = """
mutation CreateAs($ws: Uuid!, ${TOKEN}: String!) {{
  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: ${TOKEN}) {{ id }}
}}
"""


def create_as(ws, {TOKEN}):
    return requests.post(HOUSTON_URL, json={{"query": CREATE_AS, "variables": {{"ws": ws, "{TOKEN}": {TOKEN}}}}},
                         headers=HEADERS)
'''.encode()


def test_fleet_shows_and_pushes_no_token(tmp_path):
    assert TOKEN.encode() in HOLDS_TOKEN
    world = World(tmp_path, {"org/holds-token": {"deploy.py": (HOLDS_TOKEN, b"")}})
    world.clone()
    env = {"HOUSTON_API_TOKEN": TOKEN}
    dry = world.fleet("--dry-run", env=env)
    assert dry.returncode == 1, dry.stderr
    assert "diff --git" in dry.stdout and "***" in dry.stdout  # the diff is still shown, masked
    assert_clean(dry.stdout + dry.stderr)
    before = world.heads()
    done = world.fleet(env=env)
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout + done.stderr)
    assert world.heads() != before
    message = world.git(world.origins / "org/holds-token", "log", "--all", "--format=%B")  # merge_to_master merges
    assert "Migrated:" in message and "***" in message
    assert_clean(message)
    # The file itself is the user's: its real bytes, token and all, are what was committed.
    pushed = world.git(world.origins / "org/holds-token", "show", "HEAD:deploy.py")
    assert TOKEN in pushed and 'runtimeVersion: "' in pushed
