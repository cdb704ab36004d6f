"""Red team 24 (report 13), f3: an HTTP client sending a document file reads it as ``jq --rawfile`` does.

A Makefile step ``http POST $(HOUSTON) ... query=@queries/upgrade.graphql variables:='{"desiredAirflowVersion":
...}'`` (HTTPie's ``field=@file`` sends the file's text as the field) and ``curl -F query=@file`` /
``curl -F 'query=<file'`` were no readers of the file: rewrite renamed its ``$desiredAirflowVersion`` while the
step still sent the AC key, and check 1.0.1 was silent afterwards.  Every way curl, HTTPie, xh and wget read a
file (``-F name=@f``, ``-F name=<f``, ``--form``, ``-d @f``, ``--data-binary @f``, ``-T f``; ``name=@f``,
``name:=@f``, ``name@f``, ``@f``; ``--post-file``, ``--body-file``) now holds it with ``review-template-fill``
naming the step, as the jq / cat / ``$(< f)`` forms did.  A path written as a plain string field (``note=queries/upgrade.graphql``) is not read.
"""

import json

import pytest

from trust_cli import run_cli, project_tree

UPGRADE = '''mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
'''

VARIABLES = '''variables:='{"id": "$(DEP)", "desiredAirflowVersion": "$(VER)"}\''''
CURL_VARIABLES = '''-F 'variables={"id": "$(DEP)", "desiredAirflowVersion": "$(VER)"}\''''

MAKE_STEPS = {
    "httpie_field": f"http POST $(HOUSTON) authorization:$$HOUSTON_API_TOKEN query=@queries/upgrade.graphql {VARIABLES}",
    "httpie_json_field": f"https POST $(HOUSTON) query:=@queries/upgrade.graphql {VARIABLES}",
    "httpie_upload": f"http --form POST $(HOUSTON) query@queries/upgrade.graphql {VARIABLES}",
    "httpie_body": "http POST $(HOUSTON)?desiredAirflowVersion=$(VER) @queries/upgrade.graphql",
    "xh_field": f"xh POST $(HOUSTON) -a user:p@ss query=@queries/upgrade.graphql {VARIABLES}",
    "curl_form_at": f"curl -sf -F query=@queries/upgrade.graphql {CURL_VARIABLES} $(HOUSTON)",
    "curl_form_lt": f"curl -sf -F 'query=<queries/upgrade.graphql' {CURL_VARIABLES} $(HOUSTON)",
    "curl_long_form": f"curl --form 'query=@queries/upgrade.graphql;type=text/plain' {CURL_VARIABLES} $(HOUSTON)",
    "curl_attached_form": f"curl -Fquery=@queries/upgrade.graphql {CURL_VARIABLES} $(HOUSTON)",
    "curl_data_binary": "curl -H 'content-type: application/graphql' --data-binary @queries/upgrade.graphql "
                        "'$(HOUSTON)?desiredAirflowVersion=$(VER)'",
    "curl_data": "curl -d @queries/upgrade.graphql '$(HOUSTON)?desiredAirflowVersion=$(VER)'",
    "curl_data_equals": "curl --data=@queries/upgrade.graphql '$(HOUSTON)?desiredAirflowVersion=$(VER)'",
    "curl_upload": "curl -T queries/upgrade.graphql '$(HOUSTON)?desiredAirflowVersion=$(VER)'",
    "wget_post_file": "wget --header 'content-type: application/graphql' --post-file=queries/upgrade.graphql "
                      "'$(HOUSTON)?desiredAirflowVersion=$(VER)'",
    "wget_body_file": "wget --method=POST --body-file queries/upgrade.graphql '$(HOUSTON)?desiredAirflowVersion=$(VER)'",
}


_project = project_tree  # trust_cli's: a .git folder and the files


def _makefile(step):
    return f"HOUSTON ?= https://houston.example.com/v1\nupgrade:\n\t{step}\n"


def _held(done, where):
    held = [line for line in done.stderr.splitlines() if "review-template-fill" in line]  # rewrite reports on stderr
    return bool(held) and all(where in line for line in held)


@pytest.mark.parametrize("form", sorted(MAKE_STEPS))
def test_an_http_client_sending_the_file_holds_it(tmp_path, form):
    _project(tmp_path, {"queries/upgrade.graphql": UPGRADE, "Makefile": _makefile(MAKE_STEPS[form])})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/upgrade.graphql").read_text() == UPGRADE, form
    assert _held(done, "Makefile:3"), done.stderr


def test_check_keeps_reporting_the_held_file(tmp_path):
    _project(tmp_path, {"queries/upgrade.graphql": UPGRADE, "Makefile": _makefile(MAKE_STEPS["httpie_field"])})
    run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    after = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    assert after.returncode == 1, after.stdout + after.stderr
    codes = {f["code"] for f in json.loads(after.stdout)["findings"]}
    assert "review-template-fill" in codes, after.stdout


def test_a_workflow_step_and_a_python_subprocess_hold_the_file(tmp_path):
    workflow = (
        "name: upgrade\non: workflow_dispatch\njobs:\n  upgrade:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: >-\n"
        "          curl -sf -F query=@queries/upgrade.graphql\n"
        "          -F 'variables={\"desiredAirflowVersion\": \"${{ inputs.version }}\"}' https://houston.example.com/v1\n"
    )
    _project(tmp_path, {"queries/upgrade.graphql": UPGRADE, ".github/workflows/upgrade.yml": workflow})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/upgrade.graphql").read_text() == UPGRADE
    assert _held(done, ".github/workflows/upgrade.yml:"), done.stderr

    script = '''import subprocess

VARIABLES = '{"desiredAirflowVersion": "2.4.3-6"}'


def upgrade():
    subprocess.run(["curl", "-sf", "-F", "query=@queries/upgrade.graphql", "-F", f"variables={VARIABLES}",
                    "https://houston.example.com/v1"], check=True)
'''
    (tmp_path / ".github/workflows/upgrade.yml").unlink()
    (tmp_path / "upgrade.py").write_text(script)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/upgrade.graphql").read_text() == UPGRADE
    assert _held(done, "upgrade.py:7"), done.stderr


def test_a_path_sent_as_a_string_field_is_no_read(tmp_path):
    # HTTPie splits an item at its first separator: note=... is a string, email=ops@... a string with an @ in it
    step = "http POST $(HOUSTON) note=queries/upgrade.graphql email=ops@queries.io desiredAirflowVersion=$(VER)"
    _project(tmp_path, {"queries/upgrade.graphql": UPGRADE, "Makefile": _makefile(step)})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "desiredRuntimeVersion" in (tmp_path / "queries/upgrade.graphql").read_text(), done.stderr
    assert "review-template-fill" not in done.stderr, done.stderr
