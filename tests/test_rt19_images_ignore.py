"""Red team pass 18 (report 13): the ignore marker's reach, compose merges, bad compose input, through
the installed CLI.

* F5/F2: ``# houston-codemod: ignore`` right above (or on the first line of) a unit covers every line
  of it: a Python statement black wraps (``X = gql(`` with the string below, ``X = (`` ...), a
  Dockerfile ``FROM \\`` / ``ARG NAME=\\`` whose image sits on the continuation, a YAML job key,
  ``container:`` or ``image:`` with the value on the next line.  A marker trailing code reaches the
  unit of its own line only (never the next service or job).

Each scenario group runs the real console script once.
"""

import json

from trust_cli import run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-onbuild"
MARK = "# houston-codemod: ignore"
CLIENT = (
    "import os\nfrom gql import Client, gql\nfrom gql.transport.requests import RequestsHTTPTransport\n\n"
    'client = Client(transport=RequestsHTTPTransport(url="https://houston.example.com/v1",\n'
    '                headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}))\n\n'
)
UPGRADE = (
    'UPGRADE = gql(\n    """\n    mutation Up($id: Uuid!) {\n'
    '      updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }\n'
    '    }\n    """\n)\n'
)
LIST = 'LIST = (\n    "query { workspaceDeployments(workspaceUuid: \\"w\\") { id airflowVersion } }"\n)\n'
USES = (
    "\n\ndef up(dep):\n    return client.execute(UPGRADE, variable_values={\"id\": dep})\n\n\n"
    "def ls():\n    return client.execute(gql(LIST))\n"
)


def write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_f5_f2_marker_above_a_unit_covers_every_line_of_it(tmp_path):
    ignored = {
        # black's layout: the literal starts on the line below the marked statement
        "py/a.py": CLIENT + MARK + "\n" + UPGRADE + "\n" + MARK + "\n" + LIST + USES,
        # the marker trailing the statement's first line
        "py/b.py": CLIENT + UPGRADE.replace("gql(\n", "gql(  " + MARK + "\n", 1) + "\n" + MARK + "\n" + LIST + USES,
        "f/Dockerfile": f"FROM python:3.10 AS deps\nRUN pip download x\n{MARK}\nFROM \\\n    {AC}\nCOPY --from=deps /x /x\n",
        "g/Dockerfile": f"ARG PY=3.10\n{MARK}\nARG IMAGE=\\\n{AC}\nFROM ${{IMAGE}}\n",
        "d/docker-compose.yml": f"services:\n  web:\n    {MARK}\n    image:\n      {AC}\n  sched:\n    image: {AC} {MARK}\n",
        ".github/workflows/legacy.yml": (
            f"on: push\njobs:\n  {MARK}\n  legacy:\n    runs-on: ubuntu-latest\n    container:\n"
            f"      image: {AC}\n    steps: [{{run: pytest}}]\n  other:\n    runs-on: ubuntu-latest\n"
            f"    {MARK}\n    container:\n      image: {AC}\n    steps: [{{run: pytest}}]\n"
        ),
    }
    controls = {
        # unmarked statement after a marked one; the marker above a def covers its header, not its body
        "py/c.py": CLIENT + MARK + "\n" + UPGRADE + "\n" + LIST + USES,
        "py/d.py": CLIENT + MARK + "\ndef up(dep):\n    return client.execute(gql(\n        \"\"\"\n"
        '        mutation { updateDeploymentAirflow(deploymentUuid: "d", desiredAirflowVersion: "2.4.3-6") { id } }\n'
        '        """\n    ))\n',
        # the next instruction, the next service, a trailing marker's next line's job: not covered
        "h/Dockerfile": f"FROM python:3.10 AS deps\n{MARK}\nRUN pip download \\\n    x\nFROM \\\n    {AC}\n",
        "e/docker-compose.yml": f"services:\n  sched:\n    image: python:3 {MARK}\n  w2:\n    image: {AC}\n",
        ".github/workflows/new.yml": (
            f"on: push\njobs:\n  old:\n    runs-on: ubuntu-latest\n    {MARK}\n    steps: [{{run: pytest}}]\n"
            f"  new:\n    runs-on: ubuntu-latest\n    container:\n      image: {AC}\n    steps: [{{run: pytest}}]\n"
        ),
    }
    write(tmp_path, {**ignored, **controls})
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    for name, text in ignored.items():
        assert (tmp_path / name).read_text() == text, name
    for name, text in controls.items():
        assert (tmp_path / name).read_text() != text, name
    assert "updateDeploymentRuntime" in (tmp_path / "py/d.py").read_text()
    assert "runtimeAirflowVersion" in (tmp_path / "py/c.py").read_text()
    assert "UPGRADE = gql(\n" in (tmp_path / "py/c.py").read_text()
    assert 'desiredAirflowVersion: "2.4.3-6"' in (tmp_path / "py/c.py").read_text()
