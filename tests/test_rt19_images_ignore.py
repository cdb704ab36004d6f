"""Red team pass 18 (report 13): the ignore marker's reach, compose merges, bad compose input, through
the installed CLI.

* F5/F2: ``# houston-codemod: ignore`` right above (or on the first line of) a unit covers every line
  of it: a Python statement black wraps (``X = gql(`` with the string below, ``X = (`` ...), a
  Dockerfile ``FROM \\`` / ``ARG NAME=\\`` whose image sits on the continuation, a YAML job key,
  ``container:`` or ``image:`` with the value on the next line.  A marker trailing code reaches the
  unit of its own line only (never the next service or job).
* F9: compose merges the files a compose file ``include:``-s and those ``COMPOSE_FILE`` (``.env``)
  lists with it: an ``image:`` that is a build's tag there is reviewed, never rewritten.
* F8: a ``<<`` merge of a non-mapping composes but cannot be loaded: bad input, exit 2.
* F1: ``image: !reference [.base, image]`` runs the hidden job's image with the reusing job's
  ``variables:`` (and those of jobs extending it): the review names each.

Each scenario group runs the real console script once.
"""

import json

from trust_cli import run_cli
from verdicts_cli import write

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
        # a blank line between the marker and the statement: not covered
        "py/e.py": CLIENT + UPGRADE + MARK + "\n\n" + LIST.replace("(\n    ", "").replace("\n)", "") + USES,
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
    assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / "py/e.py").read_text()


def test_f9_f8_compose_include_compose_file_and_bad_merges(tmp_path):
    building = f"services:\n  airflow-image:\n    build: .\n    image: {AC}\n"
    runner = "services:\n  scheduler:\n    image: {image}\n    pull_policy: never\n    depends_on: [airflow-image]\n"
    write(tmp_path, {
        # F9: the build is in a file the compose file includes (string form, `- path:` form, nested include)
        "build/compose.yaml": building,
        "build/Dockerfile": f"FROM {AC}\n",
        "app/compose.yaml": "include:\n  - ../build/compose.yaml\n" + runner.format(image=AC),
        "app2/compose.yaml": "include:\n  - path: ../mid/compose.yaml\n" + runner.format(image=AC),
        "mid/compose.yaml": "include:\n  - path: [../build/compose.yaml]\nservices:\n  other:\n    image: python:3\n",
        # control: the included file builds nothing under that tag: the image is migrated
        "lib/compose.yaml": "services:\n  db:\n    image: postgres:15\n",
        "app3/compose.yaml": "include:\n  - ../lib/compose.yaml\n  - oci://example.com/x:1\n" + runner.format(image=AC),
        # F9: COMPOSE_FILE in .env merges a file of another folder giving the service its build
        "c7/.env": "COMPOSE_FILE=docker-compose.yml:ci/docker-compose.build.yml\n",
        "c7/ci/docker-compose.build.yml": "services:\n  airflow:\n    build:\n      context: ..\n",
        "c7/docker-compose.yml": f"services:\n  airflow:\n    image: {AC}\n    command: webserver\n",
        "c7/Dockerfile": f"FROM {AC}\n",
        # F8: merges PyYAML (and compose) cannot load: bad input, exit 2, named, untouched
        "y5/docker-compose.yml": (
            f"x-airflow: &airflow\n  image: {AC}\nx-env: &env AIRFLOW_HOME=/usr/local/airflow\nservices:\n"
            "  web:\n    <<: *airflow\n    environment:\n      <<: *env\n    command: webserver\n"
        ),
        "y6/docker-compose.yml": f"services:\n  web:\n    <<: [5, null]\n    image: {AC}\n",
        # F1: a job reusing a hidden job's image by !reference runs it with its own variables:
        ".gitlab-ci.yml": (
            ".base:\n  image: quay.io/astronomer/ap-airflow:${AC_TAG}\n  variables:\n    AC_TAG: 2.3.4-onbuild\n"
            "test:\n  image: !reference [.base, image]\n  variables:\n    AC_TAG: 2.2.5-onbuild\n  script: [pytest]\n"
            "lint:\n  extends: test\n  variables:\n    AC_TAG: 2.1.0\n  script: [lint]\n"
        ),
        # control: a valid merge of a list of mappings
        "y7/docker-compose.yml": f"x-a: &a\n  restart: always\nx-b: &b\n  command: x\nservices:\n  web:\n    <<: [*a, *b]\n    image: {AC}\n",
    })
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    found = {}
    for item in json.loads(result.stdout)["findings"]:
        found.setdefault(item["path"], []).append(item)
    for path in ("app/compose.yaml", "app2/compose.yaml"):
        (item,) = found[path]
        assert item["code"] == "review-ac-image" and "airflow-image" in item["message"], item
        assert "build/compose.yaml" in item["message"]
    (item,) = found["c7/docker-compose.yml"]
    assert item["code"] == "review-ac-image" and "ci/docker-compose.build.yml" in item["message"], item
    assert "COMPOSE_FILE" in item["message"]
    assert [i["code"] for i in found["app3/compose.yaml"]] == ["migrate-ac-image"]
    (item,) = found[".gitlab-ci.yml"]
    assert item["code"] == "review-ac-image" and item["line"] == 2, item
    assert "AC_TAG=2.3.4-onbuild" in item["message"] and "astro-runtime:5.5.0" in item["message"]
    assert "AC_TAG=2.2.5-onbuild in variables: of job test" in item["message"] and "astro-runtime:4.2.9" in item["message"]
    assert "AC_TAG=2.1.0 in variables: of job lint" in item["message"]
    errors = [line for line in result.stderr.splitlines() if "cannot parse YAML" in line]
    assert len(errors) == 2, result.stderr
    assert any("y5/docker-compose.yml" in e and "line 8" in e for e in errors)
    assert any("y6/docker-compose.yml" in e and "line 3" in e for e in errors)
    assert "y7/docker-compose.yml" in found and "y5/docker-compose.yml" not in found
