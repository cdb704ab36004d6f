"""Red team 16 (issue 13, report 13): Houston 1.0.1 write side and images, closed by task S7.

Every case runs the installed console script (``houston-codemod``, through ``trust_cli.run_cli``)
once on files in a temporary directory and reads what it printed and what it wrote.
"""

import textwrap

from trust_cli import run_cli


def _write(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _rewrite(tmp_path, files):
    _write(tmp_path, files)
    result = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), output
    assert "Traceback" not in output
    return output, {name: (tmp_path / name).read_text() for name in files}


def _check(tmp_path, files, *flags):
    _write(tmp_path, files)
    result = run_cli("check", "--no-cache", "-j1", *flags, ".", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    return result.returncode, output


# F7: an AC version with no Runtime equivalent reaching the argument through a variable ----------------

F7_FILES = {
    "c.py": """\
        import requests
        HOUSTON = "https://houston.example.com/v1"
        CREATE = 'mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id } }'
        def create(ws):
            variables = {"ws": ws, "airflowVersion": "2.1.4-2"}
            return requests.post(HOUSTON, json={"query": CREATE, "variables": variables})
        """,
    "u.py": """\
        import requests
        HOUSTON = "https://houston.example.com/v1"
        UP = '''mutation Up($id: Uuid!, $desiredAirflowVersion: String!) {
          updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
        }'''
        def up(i):
            return requests.post(HOUSTON, json={"query": UP, "variables": {"id": i, "desiredAirflowVersion": "1.10.15-4"}})
        """,
    "d.py": """\
        import requests
        HOUSTON = "https://houston.example.com/v1"
        CREATE = '''mutation C($ws: Uuid!, $v: String = "2.1.4-2") {
          createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $v) { id }
        }'''
        def create(ws):
            return requests.post(HOUSTON, json={"query": CREATE, "variables": {"ws": ws}})
        """,
    "dev.py": """\
        import requests
        HOUSTON = "https://houston.example.com/v1"
        CREATE = 'mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id } }'
        def create(ws):
            return requests.post(HOUSTON, json={"query": CREATE, "variables": {"ws": ws, "airflowVersion": "2.3.4-11.dev"}})
        """,
    "ok.py": """\
        import requests
        HOUSTON = "https://houston.example.com/v1"
        CREATE = 'mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id } }'
        def create(ws):
            return requests.post(HOUSTON, json={"query": CREATE, "variables": {"ws": ws, "airflowVersion": "2.3.4-11"}})
        """,
}


def test_f7_unmapped_version_through_a_variable_holds_the_argument(tmp_path):
    output, after = _rewrite(tmp_path, F7_FILES)
    original = {name: textwrap.dedent(text) for name, text in F7_FILES.items()}
    for name in ("c.py", "u.py", "d.py", "dev.py"):
        assert after[name] == original[name], name  # nothing renamed: not the key, the variable, nor the argument
        assert f"{name}:" in output and "review-no-runtime-equivalent" in output
    assert "'1.10.15-4'" in output and "'2.3.4-11.dev'" in output
    assert "the default of $v" in output  # the default is named, not silently kept
    # The control (a mapped version) still migrates, both sides.
    assert '"runtimeVersion": "5.5.0"' in after["ok.py"] and "runtimeVersion: $runtimeVersion" in after["ok.py"]


# F12: a .graphql file whose whole path is a constant imported from another module ----------------------

F12_FILES = {
    "config.py": """\
        from pathlib import Path
        QUERY_DIR = Path(__file__).parent / "queries"
        CREATE_PATH = QUERY_DIR / "create.graphql"
        """,
    "queries/create.graphql": """\
        mutation Create($ws: Uuid!, $airflowVersion: String) {
          createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
        }
        """,
    "deploy.py": """\
        import requests
        from config import CREATE_PATH

        CREATE = CREATE_PATH.read_text()


        def create(ws):
            return requests.post("https://houston.example.com/v1",
                                 json={"query": CREATE, "variables": {"ws": ws, "airflowVersion": "2.3.4-11"}}).json()
        """,
}


def test_f12_imported_whole_path_constant_links_the_file_to_its_sender(tmp_path):
    output, after = _rewrite(tmp_path, F12_FILES)
    assert after["queries/create.graphql"] == textwrap.dedent(F12_FILES["queries/create.graphql"])  # neither side renamed
    assert after["deploy.py"] == textwrap.dedent(F12_FILES["deploy.py"])
    assert "deploy.py:2:" in output and "review-version-variable" in output  # the sender's side is named
    assert "named by CREATE_PATH" in output


def test_f12_read_side_imported_path_constant_gives_the_importers_reads(tmp_path):
    code, output = _check(tmp_path, {
        "config.py": """\
            from pathlib import Path
            DEPS_QUERY = Path(__file__).parent / "queries" / "deps.graphql"
            """,
        "queries/deps.graphql": """\
            query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id ver: airflowVersion } }
            """,
        "report.py": """\
            import requests
            from config import DEPS_QUERY

            QUERY = DEPS_QUERY.read_text()


            def main(ws):
                r = requests.post("https://houston.example.com/v1", json={"query": QUERY, "variables": {"ws": ws}})
                for d in r.json()["data"]["workspaceDeployments"]:
                    print(d["ver"].split("-")[1])
            """,
    })
    assert code in (0, 1), output
    assert "review-ac-version-suffix-read" in output and "importing DEPS_QUERY" in output


# F3: a compose service using the tag a building service gets through extends: file: ------------------

AC_IMAGE = "quay.io/astronomer/ap-airflow:2.3.4-onbuild"


def test_f3_tag_inherited_through_extends_file_is_held_with_its_build(tmp_path):
    files = {
        "common.yml": f"""\
            services:
              airflow:
                image: {AC_IMAGE}
            """,
        "docker-compose.yml": f"""\
            services:
              scheduler:
                extends:
                  file: common.yml
                  service: airflow
                build: .
                command: scheduler
              webserver:
                image: {AC_IMAGE}
                pull_policy: never
                command: webserver
                depends_on: [scheduler]
            """,
    }
    output, after = _rewrite(tmp_path, files)
    assert after["common.yml"] == textwrap.dedent(files["common.yml"])
    assert after["docker-compose.yml"] == textwrap.dedent(files["docker-compose.yml"])  # webserver keeps the build's tag
    assert "docker-compose.yml:9:" in output and "comes through extends: file:" in output


# F1: a splat of a module-level base dict that does not hold the version key -------------------------

def test_f1_base_dict_without_the_key_does_not_block_the_rename(tmp_path):
    files = {
        "w.py": '''\
            import requests
            HOUSTON = "https://houston.example.com/v1"
            CREATE = """mutation Create($ws: Uuid!, $label: String!, $airflowVersion: String) {
              createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: $airflowVersion) { id }
            }"""
            BASE = {"ws": "abc"}
            def create(label):
                variables = dict(BASE, label=label, airflowVersion="2.3.4-11")
                return requests.post(HOUSTON, json={"query": CREATE, "variables": variables})
            def create2(label):
                variables = {**BASE, "label": label, "airflowVersion": "2.2.5-8"}
                return requests.post(HOUSTON, json={"query": CREATE, "variables": variables})
            ''',
        "held.py": '''\
            import requests
            HOUSTON = "https://houston.example.com/v1"
            CREATE = """mutation Create($ws: Uuid!, $airflowVersion: String) {
              createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id }
            }"""
            BASE = {"ws": "abc", "airflowVersion": "2.3.4-11"}
            def create(ws):
                return requests.post(HOUSTON, json={"query": CREATE, "variables": {**BASE, "ws": ws}})
            ''',
    }
    output, after = _rewrite(tmp_path, files)
    w = after["w.py"]
    assert "runtimeVersion: $runtimeVersion" in w and "$airflowVersion" not in w
    assert 'runtimeVersion="5.5.0"' in w and '"runtimeVersion": "4.2.9"' in w and 'BASE = {"ws": "abc"}' in w
    assert "w.py:" not in output  # nothing to review, BASE is not blamed
    # Control: a module-level BASE that holds the key is still a shared dict: its key is not renamed.
    assert 'BASE = {"ws": "abc", "airflowVersion": "2.3.4-11"}' in after["held.py"]
    assert "held.py:" in output


# F6: two folders each defining a .graphql fragment of the same name ----------------------------------

def test_f6_same_named_fragments_resolve_to_the_nearest_folder(tmp_path):
    code, output = _check(tmp_path, {
        "a/frag.graphql": "fragment D on Deployment { id airflowVersion }\n",
        "a/ops.graphql": "query A($id: Uuid!) { workspaceDeployments(workspaceUuid: $id) { ...D } }\n",
        "b/frag.graphql": "fragment D on Deployment { id airflowVersion runtimeVersion }\n",
        "b/ops.graphql": "query B($id: Uuid!) { workspaceDeployments(workspaceUuid: $id) { ...D } }\n",
        # equally near both: not guessed, but not an Unknown fragment error either
        "top.graphql": "query T($id: Uuid!) { workspaceDeployments(workspaceUuid: $id) { id ...D } }\n",
    })
    assert "known-fragment-names" not in output.replace("info known-fragment-names", ""), output
    assert " error " not in output and code == 0, output
    a_frag = [line for line in output.splitlines() if line.startswith("a/frag.graphql") and "review-shared-fragment" in line]
    assert a_frag and "a/ops.graphql" in a_frag[0] and "b/ops.graphql" not in a_frag[0]  # b's users are not a's
    assert "a/frag.graphql and b/frag.graphql each define it" in output
