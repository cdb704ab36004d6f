"""Red team 12 (issue 13, report 13, write side): F1 and F5, closed by task S.

F1: the reviews ``rewrite`` prints about values sent to a Runtime version argument must be
printed again by ``check`` on the rewritten file (any ``--houston-version``).  F5: an
``updateDeploymentImage`` whose ``image:`` is an AC image keeps its ``airflowVersion`` (both
or none) and is reviewed.  Every case runs the installed console script
(``houston-codemod``, through ``trust_cli.run_cli``) on files in a temporary directory.
"""

import re
import textwrap

import pytest

from trust_cli import run_cli

REVIEW = re.compile(r"^(\S+?):(\d+):(\d+): warning (review-[a-z-]+) (.*)$", re.M)


def _write(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))


def _reviews(result):
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return {(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)): m.group(5)
            for m in REVIEW.finditer(result.stdout + result.stderr)}


def _rewrite_then_check(tmp_path, files):
    """(reviews printed by rewrite, reviews printed by check 1.0.1 and by check 1.0.0 on its result)."""
    _write(tmp_path, files)
    rewritten = _reviews(run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path))
    after_101 = _reviews(run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", ".", cwd=tmp_path))
    after_100 = _reviews(run_cli("check", "--no-cache", "-j1", ".", cwd=tmp_path))
    return rewritten, after_101, after_100


C6 = {"u.py": '''\
    import requests

    HOUSTON_URL = "https://houston.example.com/v1"

    UPGRADE = """
    mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
      updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) {
        id
      }
    }
    """


    def houston(q, v=None):
        return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()["data"]


    def up(dep):
        target = "2.4.3-6"
        houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": target})
        print("upgraded to", target)
    '''}

C7 = {"v.py": '''\
    import requests

    HOUSTON_URL = "https://houston.example.com/v1"

    UP = """
    mutation Upgrade($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {
      updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: $desiredRuntimeVersion) { id }
    }
    """
    CREATE = """
    mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", runtimeVersion: "2.3.4-11") { id } }
    """


    def houston(q, v=None):
        return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()["data"]


    def up(dep):
        houston(UP, {"deploymentUuid": dep, "desiredRuntimeVersion": "2.4.3-6"})
        houston(CREATE)
    '''}

C9 = {"s.py": '''\
    import requests

    HOUSTON_URL = "https://houston.example.com/v1"

    CREATE = """
    mutation Create($ws: Uuid!, $airflowVersion: String) {
      createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id airflowVersion }
    }
    """


    def houston(q, **v):
        return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()["data"]


    def create(ws, extra):
        d = houston(CREATE, ws=ws, **extra)["createDeployment"]
        return d["airflowVersion"].split("-")[0]
    '''}


@pytest.mark.parametrize(
    "files, expected",
    [
        (C6, ("u.py", 20, 71, "review-version-value")),
        (C7, ("v.py", 11, 94, "review-ac-version-in-runtime-argument")),
        (C9, ("s.py", 6, 29, "review-version-variable")),
    ],
    ids=["c6-bound-name", "c7-already-runtime", "c9-splat"],
)
def test_f1_check_after_rewrite_prints_the_rewrites_reviews(tmp_path, files, expected):
    rewritten, after_101, after_100 = _rewrite_then_check(tmp_path, files)
    assert expected in rewritten, rewritten
    # The same review codes at the same places, whichever Houston version check validates against.
    assert set(after_101) == set(rewritten), (rewritten, after_101)
    assert set(after_100) == set(rewritten), (rewritten, after_100)


def test_f1_c6_check_names_the_bound_value_and_its_runtime_equivalent(tmp_path):
    _rewritten, after, _ = _rewrite_then_check(tmp_path, C6)
    message = after[("u.py", 20, 71, "review-version-value")]
    assert "(target, bound on line 19)" in message and "'2.4.3-6'" in message, message
    assert "updateDeploymentRuntime(desiredRuntimeVersion:)" in message, message
    assert '"desiredRuntimeVersion": target' in (tmp_path / "u.py").read_text()  # the rewrite did happen


def test_f1_c7_both_forms_reviewed_before_any_rewrite_and_file_untouched(tmp_path):
    _write(tmp_path, C7)
    before = (tmp_path / "v.py").read_bytes()
    found = _reviews(run_cli("check", "--no-cache", "-j1", ".", cwd=tmp_path))
    assert "its Astro Runtime equivalent '5.5.0'" in found[("v.py", 11, 94, "review-ac-version-in-runtime-argument")]
    assert "'2.4.3-6'" in found[("v.py", 20, 66, "review-version-value")]
    result = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "v.py").read_bytes() == before


RUNTIME_HEAD = '''\
    import requests

    URL = "https://houston.example.com/v1"
    VERSION = "2.3.4"
    UP = """
    mutation Up($d: Uuid!, $desiredRuntimeVersion: String!) {
      updateDeploymentRuntime(deploymentUuid: $d, desiredRuntimeVersion: $desiredRuntimeVersion) { id }
    }
    """
    CREATE = """
    mutation Create($v: String = "2.2.5") {
      createDeployment(workspaceUuid: "w", label: "x", type: "airflow", runtimeVersion: $v) { id }
    }
    """
    OK = """
    mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", runtimeVersion: "5.5.0") { id } }
    """


    def send(q, v=None):
        return requests.post(URL, json={"query": q, "variables": v}).json()


    '''  # 21 lines


def _line(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_f1_values_reviewed_and_runtime_values_left_alone(tmp_path):
    text = textwrap.dedent(RUNTIME_HEAD) + textwrap.dedent('''\
        def a(dep, wanted):
            send(UP, {"d": dep, "desiredRuntimeVersion": VERSION})  # AC-module
            send(UP, {"d": dep, "desiredRuntimeVersion": wanted})  # param
            send(UP, {"d": dep, "desiredRuntimeVersion": "5.5.0"})  # runtime-literal
            later = "6.0.0"
            send(UP, {"d": dep, "desiredRuntimeVersion": later})  # runtime-bound
            odd = "2.3.4"
            odd = wanted
            send(UP, {"d": dep, "desiredRuntimeVersion": odd})  # rebound
            send(CREATE, {"v": "1.10.15"})  # AC-literal
            send(OK)
        ''')
    _write(tmp_path, {"r.py": text})
    found = _reviews(run_cli("check", "--no-cache", "-j1", ".", cwd=tmp_path))
    at = {line: (code, message) for (_f, line, _c, code), message in found.items()}
    # The module-level VERSION sent as desiredRuntimeVersion, the default of $v, and a literal
    # AC version sent as $v are reviewed, each with its reason.
    code, message = at[_line(text, "# AC-module")]
    assert code == "review-version-value" and "(VERSION, bound on line 4)" in message, message
    code, message = at[_line(text, '$v: String = "2.2.5"')]
    assert code == "review-ac-version-in-runtime-argument" and "'2.2.5'" in message, message
    code, message = at[_line(text, "# AC-literal")]
    assert code == "review-version-value" and "no Astro Runtime exists for Airflow 1.x" in message, message
    # A parameter, Runtime versions (literal or bound) and a name also bound to something
    # unknown are not reviewed (precision): a correct script stays quiet.
    quiet = ("# param", "# runtime-literal", "# runtime-bound", "# rebound", 'runtimeVersion: "5.5.0"')
    assert not [needle for needle in quiet if _line(text, needle) in at], found
    assert len(found) == 3, found


def test_f1_kept_ac_variable_in_a_graphql_file_is_reviewed(tmp_path):
    _write(tmp_path, {"create.graphql": '''\
    mutation Create($ws: Uuid!, $airflowVersion: String) {
      createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", runtimeVersion: $airflowVersion) { id }
    }
    '''})
    found = _reviews(run_cli("check", "--no-cache", "-j1", ".", cwd=tmp_path))
    message = found[("create.graphql", 1, 29, "review-version-variable")]
    assert "rename it to $runtimeVersion" in message, message


C10 = {"img.py": '''\
    import requests

    HOUSTON_URL = "https://houston.example.com/v1"

    Q = """
    mutation {
      updateDeploymentImage(
        releaseName: "etl-1234"
        image: "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
        airflowVersion: "2.3.4-11"
      ) { id }
    }
    """

    requests.post(HOUSTON_URL, json={"query": Q})
    '''}

C12 = {"img.py": '''\
    import requests

    HOUSTON_URL = "https://houston.example.com/v1"

    Q = """
    mutation Deploy($releaseName: String!, $image: String!, $airflowVersion: String) {
      updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion) { id }
    }
    """


    def deploy(release):
        return requests.post(HOUSTON_URL, json={"query": Q, "variables": {
            "releaseName": release,
            "image": "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild",
            "airflowVersion": "2.3.4-11",
        }}).json()
    '''}


@pytest.mark.parametrize(
    "files, places",
    [(C10, {("img.py", 9, 12), ("img.py", 10, 5)}), (C12, {("img.py", 7, 67), ("img.py", 15, 18)})],
    ids=["c10-inline", "c12-variables"],
)
def test_f5_ac_image_keeps_its_version_and_both_are_reviewed(tmp_path, files, places):
    _write(tmp_path, files)
    before = (tmp_path / "img.py").read_bytes()
    rewritten, after_101, after_100 = _rewrite_then_check(tmp_path, {})
    assert (tmp_path / "img.py").read_bytes() == before  # both or none: none
    expected = {place + ("review-ac-image-with-version",) for place in places}
    assert set(rewritten) == expected, rewritten
    assert set(after_101) == expected and set(after_100) == expected, (after_101, after_100)
    for message in rewritten.values():
        assert "FROM quay.io/astronomer/astro-runtime:5.5.0" in message and "runtimeVersion: '5.5.0'" in message
    # Houston 1.0.1 still rejects the unmigrated argument: check says so, with exit 1.
    result = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert result.returncode == 1 and "error known-argument-names" in result.stdout + result.stderr


def test_f5_earlier_rewrite_form_is_reviewed_and_other_images_still_migrate(tmp_path):
    text = C10["img.py"].replace('airflowVersion: "2.3.4-11"', 'runtimeVersion: "5.5.0"')
    project = C10["img.py"].replace("quay.io/astronomer/ap-airflow:2.3.4-11-onbuild", "registry.example.com/etl-1234/airflow:deploy-1")
    _write(tmp_path, {"old.py": text, "own.py": project})
    found = _reviews(run_cli("check", "--no-cache", "-j1", ".", cwd=tmp_path))
    assert {k for k in found if k[0] == "old.py"} == {
        ("old.py", 9, 12, "review-ac-image-with-version"), ("old.py", 10, 5, "review-ac-image-with-version")}, found
    # The project's own image (its FROM is the Dockerfile rule's): the version migrates as before.
    assert not [k for k in found if k[0] == "own.py"], found
    result = run_cli("rewrite", "--no-cache", "-j1", "own.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "own.py").read_text()
    assert (tmp_path / "old.py").read_text() == textwrap.dedent(text)
