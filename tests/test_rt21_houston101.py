"""Red team 19 (report 19): the 1.0.1 migration rules and the image / compose side, one test per finding.

Each test runs the installed command over a folder of cases (``rewrite``, then ``check`` where the
finding is about what survives a rewrite), with controls the fix must keep migrating (recall).
``TRUST_CLI_UNDER_TEST=/tmp/rt20/venv/bin/houston-codemod`` runs them against the wheel of 913e919,
before the fixes: each fails there.
"""

import re

from trust_cli import run_cli

_HOUSTON = '''import os
import requests

HOUSTON = "https://houston.example.com/v1"


def gql(q, v):
    return requests.post(HOUSTON, json={"query": q, "variables": v}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]
'''


def _write(root, cases):
    for name, text in cases.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _findings(stderr):
    found = {}
    for match in re.finditer(r"^([\w./-]+):(\d+):\d+: \w+ (\S+) ", stderr, re.M):
        found.setdefault(match.group(1), set()).add((int(match.group(2)), match.group(3)))
    return found


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# -- F5: version arguments inside a fragment on Mutation ------------------------------------------

F5_CASES = {
    # the report's shape: updateDeploymentAirflow in a fragment on Mutation, its variable declared by the
    # operation that spreads it
    "frag_update.py": _HOUSTON + '''
UPGRADE = """
fragment Up on Mutation {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }
}
mutation Upgrade($id: Uuid!, $v: String!) {
  ...Up
}
"""


def upgrade(dep):
    return gql(UPGRADE, {"id": dep, "v": "2.4.3-6"})
''',
    # createDeployment(airflowVersion: $airflowVersion) in such a fragment: the argument alone was renamed
    "frag_create.py": _HOUSTON + '''
CREATE = """
fragment C on Mutation {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id }
}
mutation Create($ws: Uuid!, $airflowVersion: String = "2.3.4-11") {
  ...C
}
"""


def create(ws):
    return gql(CREATE, {"ws": ws, "airflowVersion": "2.3.4-11"})
''',
    # controls (recall): a literal in a fragment reads the same for every spreading operation, and the
    # plain mutation, also through an inline fragment on Mutation, migrates whole
    "frag_literal.py": _HOUSTON + '''
UPGRADE = """
fragment Up on Mutation {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }
}
mutation Upgrade($id: Uuid!) {
  ...Up
}
"""


def upgrade(dep):
    return gql(UPGRADE, {"id": dep})
''',
    "plain.py": _HOUSTON + '''
UPGRADE = """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
INLINE = """
mutation Inline($id: Uuid!, $desiredAirflowVersion: String!) {
  ... on Mutation { updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id } }
}
"""


def upgrade(dep):
    return gql(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})


def inline(dep):
    return gql(INLINE, {"id": dep, "desiredAirflowVersion": "2.4.3-6"})
''',
}


def test_f5_a_version_variable_in_a_fragment_is_held_whole(tmp_path):
    _write(tmp_path, F5_CASES)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    findings = _findings(result.stderr)

    update = (tmp_path / "frag_update.py").read_text()
    assert update == F5_CASES["frag_update.py"]  # nothing half-migrated
    assert (_line_of(update, "updateDeploymentAirflow("), "review-fragment-version-variable") in findings["frag_update.py"]

    create = (tmp_path / "frag_create.py").read_text()
    assert create == F5_CASES["frag_create.py"]  # was: runtimeVersion: $airflowVersion with "2.3.4-11" sent
    assert (_line_of(create, "createDeployment("), "review-fragment-version-variable") in findings["frag_create.py"]

    literal = (tmp_path / "frag_literal.py").read_text()
    assert 'updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: "6.10.0")' in literal
    plain = (tmp_path / "plain.py").read_text()
    assert "airflowVersion" not in plain.replace("updateDeploymentAirflow", "")
    assert plain.count('"desiredRuntimeVersion": "6.10.0"') == 2

    checked = run_cli("check", "--houston-version", "1.0.1", "frag_literal.py", "plain.py", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# -- F8: the image: of a build, interpolated, names the project's own image ------------------------

F8_CASES = {
    "Dockerfile": "FROM quay.io/astronomer/ap-airflow:2.3.1\n",
    # the report's shape: the build's tag interpolates the AC tag; the services running the build name it
    # with the tag written out, or with another interpolation of the same default
    "docker-compose.yml": """services:
  scheduler:
    build: .
    image: quay.io/astronomer/ap-airflow:${AC_TAG:-2.3.1}
  webserver:
    image: quay.io/astronomer/ap-airflow:2.3.1
    depends_on: [scheduler]
  triggerer:
    image: quay.io/astronomer/ap-airflow:${AC_TAG-2.3.1}
""",
    "own/Dockerfile": "FROM quay.io/astronomer/ap-airflow:2.3.1\n",
    "own/docker-compose.yml": """services:
  scheduler:
    build: .
    image: ${AIRFLOW_IMAGE:-quay.io/astronomer/ap-airflow:2.3.1}
  webserver:
    image: ${AIRFLOW_IMAGE-quay.io/astronomer/ap-airflow:2.3.1}
  worker:
    image: quay.io/astronomer/ap-airflow:2.3.1
""",
    # the .env value is the name too
    "env/Dockerfile": "FROM quay.io/astronomer/ap-airflow:2.3.1\n",
    "env/.env": "AC_TAG=2.3.4\n",
    "env/docker-compose.yml": """services:
  scheduler:
    build: .
    image: quay.io/astronomer/ap-airflow:${AC_TAG}
  webserver:
    image: quay.io/astronomer/ap-airflow:2.3.4
""",
    # controls (recall): an image: without build, and one another build's tag does not name, migrate
    "plain/docker-compose.yml": """services:
  scheduler:
    build: .
    image: acme/airflow:${TAG:-dev}
  webserver:
    image: quay.io/astronomer/ap-airflow:2.3.1
  triggerer:
    image: ${IMG:-quay.io/astronomer/ap-airflow:2.3.4-onbuild}
""",
}


def test_f8_a_service_naming_an_interpolated_build_tag_is_not_migrated(tmp_path):
    _write(tmp_path, F8_CASES)
    (tmp_path / ".git").mkdir()
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    findings = _findings(result.stderr)
    for name in ("docker-compose.yml", "own/docker-compose.yml", "env/docker-compose.yml"):
        assert (tmp_path / name).read_text() == F8_CASES[name], name
    for name, lines in (("docker-compose.yml", (4, 6, 9)), ("own/docker-compose.yml", (4, 6, 8)), ("env/docker-compose.yml", (4, 6))):
        assert all(any(line == n for n, _code in findings[name]) for line in lines), (name, findings.get(name))
    assert "tag of the project's own build" in result.stderr
    # the build's own interpolated tag is reviewed as the build's name, never "migrate it to astro-runtime"
    built = next(line for line in result.stderr.splitlines() if line.startswith("docker-compose.yml:4:"))
    assert "BUILDS" in built and "migrate it by hand to" not in built, built
    # the Dockerfiles' FROM and the plain services migrate
    assert (tmp_path / "Dockerfile").read_text() == "FROM quay.io/astronomer/astro-runtime:5.0.2-base\n"
    plain = (tmp_path / "plain/docker-compose.yml").read_text()
    assert "image: quay.io/astronomer/astro-runtime:5.0.2-base" in plain
    assert "image: ${IMG:-quay.io/astronomer/astro-runtime:5.5.0}" in plain
    assert "acme/airflow:${TAG:-dev}" in plain


# -- F2: an ignored service or job inheriting its AC image from a shared source --------------------

F2_COMPOSE = """x-airflow: &airflow
  image: quay.io/astronomer/ap-airflow:2.3.4-onbuild
  environment:
    A: b
services:
  # houston-codemod: ignore
  legacy:
    <<: *airflow
  web:
    <<: *airflow
  base:
    image: quay.io/astronomer/ap-airflow:2.3.4
  # houston-codemod: ignore
  ext:
    extends: base
  plain:
    image: quay.io/astronomer/ap-airflow:2.2.5
"""
F2_GITLAB = """default:
  image: quay.io/astronomer/ap-airflow:2.3.4-onbuild
.base:
  image: quay.io/astronomer/ap-airflow:2.2.5
# houston-codemod: ignore
legacy:
  script: [pytest]
modern:
  script: [pytest]
# houston-codemod: ignore
legacy2:
  extends: .base
  script: [pytest]
own:
  image: quay.io/astronomer/ap-airflow:2.3.4
  script: [x]
"""
F2_CASES = {
    "docker-compose.yml": F2_COMPOSE,
    ".gitlab-ci.yml": F2_GITLAB,
    # controls (recall): the same shapes with no marker migrate the shared source
    "nomark/docker-compose.yml": F2_COMPOSE.replace("  # houston-codemod: ignore\n", ""),
    "nomark/.gitlab-ci.yml": F2_GITLAB.replace("# houston-codemod: ignore\n", ""),
    "nomark/.git/HEAD": "ref: refs/heads/main\n",
    # a job that inherits nothing (its own image) leaves the default to migrate
    "own/.gitlab-ci.yml": """default:
  image: quay.io/astronomer/ap-airflow:2.3.4-onbuild
# houston-codemod: ignore
legacy:
  image: quay.io/astronomer/ap-airflow:2.2.5
  script: [pytest]
modern:
  script: [pytest]
""",
    "own/.git/HEAD": "ref: refs/heads/main\n",
    # across files: the ignored job of .gitlab-ci.yml extends a template of the file it includes
    "inc/.git/HEAD": "ref: refs/heads/main\n",
    "inc/.gitlab-ci.yml": """include:
  - local: ci/base.yml
# houston-codemod: ignore
legacy:
  extends: .airflow
  script: [pytest]
modern:
  script: [x]
""",
    # across files: the ignored service extends a service of another compose file of the folder
    "ext/.git/HEAD": "ref: refs/heads/main\n",
    "ext/docker-compose.yml": """services:
  # houston-codemod: ignore
  legacy:
    extends:
      file: common-services.yml
      service: airflow
  web:
    extends: {file: common-services.yml, service: other}
""",
    "ext/common-services.yml": """services:
  airflow:
    image: quay.io/astronomer/ap-airflow:2.3.4-onbuild
  other:
    image: quay.io/astronomer/ap-airflow:2.2.5
""",
    "inc/ci/base.yml": """.airflow:
  image: quay.io/astronomer/ap-airflow:2.3.4-onbuild
.other:
  image: quay.io/astronomer/ap-airflow:2.2.5
""",
}


def test_f2_a_shared_image_an_ignored_consumer_inherits_is_held(tmp_path):
    _write(tmp_path, F2_CASES)
    (tmp_path / ".git").mkdir()
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    findings = _findings(result.stderr)

    compose = (tmp_path / "docker-compose.yml").read_text()
    assert "image: quay.io/astronomer/ap-airflow:2.3.4-onbuild" in compose  # the anchor legacy merges
    assert "image: quay.io/astronomer/ap-airflow:2.3.4\n" in compose  # the service ext extends
    assert "image: quay.io/astronomer/astro-runtime:4.2.9-base" in compose  # plain: migrated
    assert {(2, "review-ac-image"), (12, "review-ac-image")} <= findings["docker-compose.yml"]

    gitlab = (tmp_path / ".gitlab-ci.yml").read_text()
    assert "image: quay.io/astronomer/ap-airflow:2.3.4-onbuild" in gitlab  # default: legacy inherits it
    assert "image: quay.io/astronomer/ap-airflow:2.2.5" in gitlab  # .base: legacy2 extends it
    assert "image: quay.io/astronomer/astro-runtime:5.5.0-base" in gitlab  # own: migrated
    assert {(2, "review-ac-image"), (4, "review-ac-image")} <= findings[".gitlab-ci.yml"]
    assert "houston-codemod: ignore' marker skips" in result.stderr

    nomark = (tmp_path / "nomark/docker-compose.yml").read_text()
    assert "ap-airflow" not in nomark
    assert "ap-airflow" not in (tmp_path / "nomark/.gitlab-ci.yml").read_text()
    included = (tmp_path / "inc/ci/base.yml").read_text()
    assert "image: quay.io/astronomer/ap-airflow:2.3.4-onbuild" in included  # legacy extends it from the includer
    assert "image: quay.io/astronomer/astro-runtime:4.2.9-base" in included  # .other: migrated
    assert (2, "review-ac-image") in findings["inc/ci/base.yml"]
    common = (tmp_path / "ext/common-services.yml").read_text()
    assert "image: quay.io/astronomer/ap-airflow:2.3.4-onbuild" in common  # legacy extends it
    assert "image: quay.io/astronomer/astro-runtime:4.2.9-base" in common  # other: web is not ignored
    assert (3, "review-ac-image") in findings["ext/common-services.yml"]
    own = (tmp_path / "own/.gitlab-ci.yml").read_text()
    assert "image: quay.io/astronomer/astro-runtime:5.5.0\n" in own and "ap-airflow:2.2.5" in own


# -- F11: a fill whose search text is the quoted AC version literal --------------------------------

F11_CASES = {
    # the report's shape: the fill looks for the literal with its GraphQL quotes
    "quoted.py": _HOUSTON + '''

def create(ws, v):
    q = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
    q = q.replace('"2.3.4-11"', '"' + v + '"')
    return gql(q, {"ws": ws})
''',
    "quoted_f.py": _HOUSTON + '''
CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""


def create(ws, v):
    return gql(CREATE.replace('"2.3.4-11"', f'"{v}"'), {"ws": ws})
''',
    # controls: the unquoted search text (reviewed before this fix too), and a document with no fill
    "plain_fill.py": _HOUSTON + '''

def create(ws, v):
    q = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
    return gql(q.replace("2.3.4-11", v), {"ws": ws})
''',
    "no_fill.py": _HOUSTON + '''

def create(ws):
    q = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
    return gql(q, {"ws": ws})
''',
}


def test_f11_the_review_of_a_quoted_fill_survives_the_rewrite(tmp_path):
    _write(tmp_path, F11_CASES)
    first = run_cli("rewrite", ".", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    before = _findings(first.stderr)
    for name in ("quoted.py", "quoted_f.py", "plain_fill.py"):
        text = (tmp_path / name).read_text()
        line = _line_of(text, "createDeployment(")
        # the value the fill looks for is kept, the argument renamed
        assert 'runtimeVersion: "2.3.4-11"' in text and "airflowVersion" not in text, name
        assert (line, "review-template-version") in before[name], name
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "no_fill.py").read_text()

    again = run_cli("check", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "Traceback" not in again.stderr
    after = _findings(again.stdout + again.stderr)
    for name in ("quoted.py", "quoted_f.py", "plain_fill.py"):
        line = _line_of((tmp_path / name).read_text(), "createDeployment(")
        assert (line, "review-template-version") in after.get(name, set()), (name, after.get(name))
    assert "no_fill.py" not in after


# -- F3: containers of reads filled in loops ------------------------------------------------------

_DEPS = '''
Q = """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id airflowVersion }
}
"""
'''
F3_CASES = {
    # the report's read side: the key names reach d[f] through a container filled in a loop
    "reads.py": _HOUSTON + _DEPS + '''
FIELDS = []
for name in ("airflowVersion",):
    FIELDS.append(name)


def hotfixes(ws):
    for d in gql(Q, {"ws": ws})["workspaceDeployments"]:
        for f in FIELDS:
            print(d.get(f).split("-")[1])


def suffixes(ws):
    keys = []
    for k in ["airflowVersion"]:
        keys += [k]
    deps = gql(Q, {"ws": ws})["workspaceDeployments"]
    return [d[k].rsplit("-", 1)[1] for d in deps for k in keys]


def pinned(ws):
    keys = list()
    keys.extend(["airflowVersion"])
    deps = gql(Q, {"ws": ws})["workspaceDeployments"]
    return {k: deps[0][k] == "2.3.4-11" for k in keys}
''',
    # the report's selection side: the same container builds the selection
    "selects.py": _HOUSTON + '''

def listed(ws):
    fields = []
    for f in ("airflowVersion", "desiredAirflowVersion"):
        fields.append(f)
    q = "query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id %s } }" % " ".join(fields)
    return gql(q, {"ws": ws})
''',
    # controls: keys the loop fills that are not version fields are not reviewed, and the field migrates
    "other_keys.py": _HOUSTON + _DEPS + '''

def names(ws):
    keys = []
    for k in ("id",):
        keys.append(k)
    for d in gql(Q, {"ws": ws})["workspaceDeployments"]:
        for k in keys:
            print(d[k].split("-")[0])
''',
}


def test_f3_reads_through_a_container_filled_in_a_loop_are_seen(tmp_path):
    _write(tmp_path, F3_CASES)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    findings = _findings(result.stderr)
    reads = F3_CASES["reads.py"]
    for needle in ('print(d.get(f).split("-")[1])', 'return [d[k].rsplit("-", 1)[1]', 'deps[0][k] == "2.3.4-11"'):
        line = _line_of(reads, needle)
        assert any(n == line and code.startswith("review-ac-version") for n, code in findings["reads.py"]), needle

    checked = run_cli("check", "--houston-version", "1.0.1", "selects.py", cwd=tmp_path)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    out = checked.stdout + checked.stderr
    assert "Cannot query field 'airflowVersion'" in out and "Cannot query field 'desiredAirflowVersion'" in out
    assert "review-read-field-template" in out

    other = (tmp_path / "other_keys.py").read_text()
    assert "airflowVersion: runtimeAirflowVersion" in other
    assert "other_keys.py" not in findings


# -- F1: the AC repository held in a constant, made into an image by the code ----------------------

F1_CASES = {
    # the report's shape: the repository in a constant, the tag composed at run time
    "build.py": '''import subprocess
from pathlib import Path

AC_REPO = "quay.io/astronomer/ap-airflow"


def write_dockerfile(tag):
    Path("Dockerfile").write_text(f"FROM {AC_REPO}:{tag}\\n")


def build(tag):
    subprocess.run(["docker", "build", "--build-arg", f"BASE={AC_REPO}:{tag}", "."], check=True)


def pull(tag):
    image = AC_REPO + ":" + tag
    subprocess.run(["docker", "pull", image], check=True)
''',
    # a readable tag: the review names the Runtime image
    "pinned.py": '''import os

AC_REPO = "quay.io/astronomer/ap-airflow"
TAG = "2.3.4-11-onbuild"
os.system("docker build --build-arg BASE=" + AC_REPO + ":" + TAG + " .")
''',
    # controls: an AC repository held in values for a cluster that runs no Astronomer Software is not an
    # image the code makes; an ignored statement is skipped; and the Dockerfile itself still migrates
    "helm_values.py": '''import subprocess

VALUES = {"defaultAirflowRepository": "quay.io/astronomer/ap-airflow", "defaultAirflowTag": "2.3.4-11"}
subprocess.run(["helm", "upgrade", "--install", "sandbox", "astronomer/airflow", "--set", "x=1"])
''',
    "ignored.py": '''import subprocess

# houston-codemod: ignore
subprocess.run(["docker", "pull", "quay.io/astronomer/ap-airflow:2.3.4"])
''',
    "project/Dockerfile": "FROM quay.io/astronomer/ap-airflow:2.3.1\n",
}


def test_f1_an_ac_repository_constant_the_code_builds_from_is_reviewed(tmp_path):
    _write(tmp_path, F1_CASES)
    result = run_cli("check", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    out = result.stdout + result.stderr
    findings = _findings(out)
    build = F1_CASES["build.py"]
    for needle in ('write_text(f"FROM {AC_REPO}', 'f"BASE={AC_REPO}:{tag}"', '["docker", "pull", image]'):
        assert (_line_of(build, needle), "review-ac-image") in findings.get("build.py", set()), (needle, out)
    assert "quay.io/astronomer/ap-airflow is an Astronomer Certified image" in out
    assert (5, "review-ac-image") in findings.get("pinned.py", set()), out
    assert "use quay.io/astronomer/astro-runtime:5.5.0" in out
    assert "helm_values.py" not in findings and "ignored.py" not in findings

    rewritten = run_cli("rewrite", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "project/Dockerfile").read_text() == "FROM quay.io/astronomer/astro-runtime:5.0.2-base\n"
    assert (tmp_path / "build.py").read_text() == build  # reviewed, never edited


def test_f11_a_fill_whose_search_text_holds_the_argument_is_reviewed(tmp_path):
    """The sibling shape: the search text holds the argument's name too, so the argument is a hole and the
    document was checked without it (no finding at all, on any platform)."""
    text = _HOUSTON + '''
CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""


def create(ws, v):
    return gql(CREATE.replace('airflowVersion: "2.3.4-11"', 'airflowVersion: "%s"' % v), {"ws": ws})
'''
    _write(tmp_path, {"arg_fill.py": text, "control.py": F11_CASES["no_fill.py"]})
    line = _line_of(text, "createDeployment(")
    for command in (("check", "--houston-version", "1.0.1", "."), ("rewrite", ".")):
        result = run_cli(*command, cwd=tmp_path)
        assert "Traceback" not in result.stderr
        findings = _findings(result.stdout + result.stderr)
        assert (line, "review-template-version") in findings.get("arg_fill.py", set()), (command, result.stderr)
    assert (tmp_path / "arg_fill.py").read_text() == text  # the fill keeps matching: nothing edited
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "control.py").read_text()
