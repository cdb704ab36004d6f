"""Red team 16 (report 13), F5: ``fnmatch.fnmatch(d["airflowVersion"], "2.3.4-*")`` is a read looking
for an AC version's hotfix suffix, like ``re.match`` with a pattern holding ``-``; after the read side
is migrated the value is ``2.3.4`` and the pattern never matches.  ``fnmatchcase`` and ``filter`` (of
a container of reads) too; a pattern with no ``-`` is about something else and stays quiet.
Through the installed CLI."""

import textwrap

from trust_cli import run_cli

SCRIPT = textwrap.dedent(
    """\
    import fnmatch, os, requests
    URL = "https://houston.example.com/v1"
    Q = "query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id releaseName airflowVersion } }"

    def deps(ws="x"):
        r = requests.post(URL, json={"query": Q, "variables": {"ws": ws}},
                          headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
        return r.json()["data"]["workspaceDeployments"]

    for d in deps():
        if fnmatch.fnmatch(d["airflowVersion"], "2.3.4-*"):
            print("hotfix")
        if fnmatch.fnmatchcase(d["airflowVersion"], "2.2.*-1"):
            print("first hotfix")
        if fnmatch.fnmatch(d["releaseName"], "prod-*"):
            print("a name, not a version")
        if fnmatch.fnmatch(d["airflowVersion"], "2.3.*"):
            print("no dash: the Airflow version is still 2.3.x")
    versions = [d["airflowVersion"] for d in deps()]
    print(fnmatch.filter(versions, "2.3.4-*"))
    """
)


def test_fnmatch_patterns_on_reads_are_reviewed(tmp_path):
    (tmp_path / "report.py").write_text(SCRIPT)
    completed = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr
    lines = {int(line.split(":")[1]) for line in completed.stdout.splitlines() if "review-ac-version-suffix-read" in line}
    assert lines == {3, 11, 13, 20}, completed.stdout  # 3: the field itself, naming the reads
