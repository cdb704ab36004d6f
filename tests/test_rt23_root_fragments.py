"""Red team 22 (report 13), f4: Houston-only vocabulary in a fragment on a root type counts as at the root.

``fragment Up on Mutation { updateDeploymentAirflow(...) }`` spread by an operation, an inline ``... on Mutation
{ updateDeploymentAirflow(...) }``, and ``fragment Deps on Query { workspaceDeployments { airflowVersion } }``
were "not Houston (only names any API has: fragment on Mutation)" or "undecided": nothing was rewritten and
check 1.0.1 exited 0 although Houston 1.0.1 rejects them.  The README says these forms migrate like the plain
one.  Their root fields are now weighed like an operation's; a fragment on Query of another API stays not
Houston's (control).
"""

from trust_cli import run_cli

FRAGMENT = '''fragment Up on Mutation {
  updateDeploymentAirflow(deploymentUuid: "d1", desiredAirflowVersion: "2.4.3-6") {
    id
  }
}

mutation Upgrade {
  ...Up
}
'''

INLINE = '''mutation Upgrade($id: Uuid!) {
  ... on Mutation {
    updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") {
      id
    }
  }
}
'''

ON_QUERY = '''fragment Deps on Query {
  workspaceDeployments(workspaceUuid: "w") {
    id
    airflowVersion
  }
}

query ListDeps {
  ...Deps
}
'''

GITHUB = '''fragment Me on Query {
  viewer {
    login
  }
}

query Viewer {
  ...Me
  ... on Query {
    repository(owner: "o", name: "n") {
      id
    }
  }
}
'''


def test_root_fragments_migrate_like_the_plain_form(tmp_path):
    (tmp_path / "fragment.graphql").write_text(FRAGMENT)
    (tmp_path / "inline.graphql").write_text(INLINE)
    (tmp_path / "on_query.graphql").write_text(ON_QUERY)
    before = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert before.returncode == 1, before.stdout + before.stderr
    for name in ("fragment.graphql", "inline.graphql", "on_query.graphql"):
        assert f"{name}:" in before.stdout, before.stdout
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("fragment.graphql", "inline.graphql"):
        text = (tmp_path / name).read_text()
        assert "updateDeploymentAirflow: updateDeploymentRuntime(" in text and 'desiredRuntimeVersion: "6.10.0"' in text, text
    assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / "on_query.graphql").read_text()
    after = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert after.returncode == 0 and "0 would be rewritten" in after.stderr, after.stdout + after.stderr
    again = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "0 rewritten" in again.stderr, again.stderr


def test_a_root_fragment_of_another_api_is_not_houston(tmp_path):
    (tmp_path / "viewer.graphql").write_text(GITHUB)
    done = run_cli("check", "--no-cache", "--explain", ".", cwd=tmp_path)
    assert "viewer.graphql:1:1: not Houston" in done.stdout, done.stdout
    plain = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert plain.returncode == 0 and plain.stdout == "", plain.stdout
