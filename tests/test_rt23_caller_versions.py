"""Red team 22 (report 13), f5: an AC version a module's call passes for the parameter sent as the version.

``def upgrade(dep_id, version)`` sends ``{"desiredAirflowVersion": version}`` and the module calls
``upgrade("d1", "2.4.3-6")`` and ``upgrade("d2", version="2.3.4-11")``.  rewrite renamed the key with one
generic review; check 1.0.1 afterwards said "0 need review" while the script sent AC versions as
desiredRuntimeVersion.  Each such literal is now reviewed where the call writes it, naming its Runtime
equivalent, by rewrite and by check after it.  A Runtime version passed, or a parameter the function
rebinds before sending, gets nothing (controls).
"""

from trust_cli import run_cli

SCRIPT = '''import os
import requests

UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) {
    id
  }
}
"""


def houston(query, variables):
    r = requests.post(os.environ["HOUSTON_URL"], json={"query": query, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]


def upgrade(dep_id, version):
    @BODY@return houston(UPGRADE, {"id": dep_id, "desiredAirflowVersion": version})


if __name__ == "__main__":
    upgrade("d1", "2.4.3-6")
    upgrade("d2", version="2.3.4-11")
    upgrade("d3", "6.10.0")
'''


def test_the_module_s_calls_passing_ac_versions_are_reviewed_where_they_pass_them(tmp_path):
    (tmp_path / "upgrade.py").write_text(SCRIPT.replace("@BODY@", ""))
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"desiredRuntimeVersion": version' in (tmp_path / "upgrade.py").read_text()
    assert 'upgrade("d1", "2.4.3-6")' in (tmp_path / "upgrade.py").read_text()  # a caller is never edited
    for output in (done.stderr, run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path).stdout):
        assert "upgrade.py:24:19: warning review-version-value '2.4.3-6' is passed for version of upgrade()" in output, output
        assert "send its Astro Runtime equivalent '6.10.0'" in output, output
        assert "upgrade.py:25:27: warning review-version-value '2.3.4-11' is passed for version of upgrade()" in output, output
        assert "'5.5.0'" in output, output
        assert "upgrade.py:26:" not in output, output  # a Runtime version passed: nothing to say


def test_a_parameter_rebound_before_it_is_sent_is_not_followed_to_its_callers(tmp_path):
    (tmp_path / "upgrade.py").write_text(SCRIPT.replace("@BODY@", "version = os.environ.get('PIN') or version\n    "))
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "is passed for version of upgrade()" not in done.stderr, done.stderr
