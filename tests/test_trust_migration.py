"""Issue 11: the migration never changes what anything but the migrated Houston argument reads.

Each test runs the installed console script on a file written the way the
red team wrote it, and checks the bytes on disk, the exit code and the
one-line findings.
"""

import subprocess
import textwrap

import pytest

URL = "https://houston.example.com/v1"
CREATE = 'mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "{v}") {{ id }} }}'


def run(*args, cwd, stdin=None):
    return subprocess.run(
        ["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=120, input=stdin
    )


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- class 2: shared constants ------------------------------------------------------------


SPLICED = """\
    import requests

    {binding}


    def create():
        doc = 'mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "' + {name} + '") {{ id }} }}'
        return requests.post("https://houston.example.com/v1", json={{"query": doc}})
    {extra}
"""


@pytest.mark.parametrize(
    "name, extra, other_lines",
    [
        ("AC_VERSION", 'PIP = "pip install apache-airflow==" + AC_VERSION', "also used on line 9"),
        (
            "AC_VERSION",
            'def releases():\n        return \'query { runtimeReleases(airflowVersion: "\' + AC_VERSION + \'") { version } }\'',
            "also used on line 10",
        ),
        ("AC_VERSION", 'HELM = {"airflowVersion": AC_VERSION}', "also used on line 9"),
        ("AC_VERSION", "", "a public module-level name other modules may import"),
        ("_AC", '__all__ = ["_AC"]', "also used on line 9"),
        ("_AC", "def bump():\n        global _AC\n        _AC = '2.3.4'", "also used on lines 10, 11"),
        ("_AC", "print(f'{_AC}')", "also used on line 9"),
    ],
    ids=["pip", "runtime-releases", "helm-values", "public", "all", "global", "fstring"],
)
def test_a_constant_read_elsewhere_is_never_rewritten(tmp_path, name, extra, other_lines):
    path = write(tmp_path, "deploy.py", SPLICED.format(binding=f'{name} = "2.3.1"', name=name, extra=extra))
    before = path.read_bytes()
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert path.read_bytes() == before
    lines = [line for line in completed.stderr.splitlines() if "review-shared-constant" in line]
    assert len(lines) == 2, completed.stderr
    assert lines[0].startswith(f"deploy.py:3:{len(name) + 4}: warning review-shared-constant {name} feeds airflowVersion on line 7")
    assert lines[1].startswith("deploy.py:7:")
    assert all(other_lines in line for line in lines)


def test_a_private_constant_read_only_by_the_document_is_migrated(tmp_path):
    path = write(tmp_path, "deploy.py", SPLICED.format(binding='_AC = "2.3.1"', name="_AC", extra=""))
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert '_AC = "5.0.2"' in text and 'runtimeVersion: "\' + _AC' in text
    assert "review-" not in completed.stderr


def test_a_name_in_a_hole_is_never_edited_and_its_other_reads_are_named(tmp_path):
    path = write(
        tmp_path,
        "deploy.py",
        """\
        import requests
        AC_VERSION = "2.3.1"
        DOC = f'mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "{AC_VERSION}") {{ id }} }}'
        requests.post("https://houston.example.com/v1", json={"query": DOC})
        PIP = f"apache-airflow=={AC_VERSION}"
        """,
    )
    completed = run("check", "deploy.py", cwd=tmp_path)
    assert 'AC_VERSION = "2.3.1"' in path.read_text()
    (line,) = [line for line in completed.stderr.splitlines() + completed.stdout.splitlines() if "review-template-version" in line]
    assert "AC_VERSION is also read on line 5" in line


# -- class 3: shared variables dicts ------------------------------------------------------

DICT_MODULE = """\
    import requests

    URL = "https://houston.example.com/v1"
    CREATE = '''mutation Create($ws: Uuid!, $airflowVersion: String) {
      createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
    }'''
    RELEASES = '''query Releases($airflowVersion: String) {
      runtimeReleases(airflowVersion: $airflowVersion) { version }
    }'''


    def run(ws, v):
        params = {"ws": ws, "airflowVersion": "2.3.1"}
        %s
        return requests.post(URL, json={"query": CREATE, "variables": params})
"""


@pytest.mark.parametrize(
    "line",
    [
        'requests.post(URL, json={"query": RELEASES, "variables": params})',
        'params["airflowVersion"] = v',
        "copy = {**params}",
        "remember(params)",
        "params.update(extra)",
    ],
    ids=["sent-with-releases", "mutated", "copied", "helper", "updated"],
)
def test_a_dict_with_another_reader_keeps_its_key_and_the_document_its_variable(tmp_path, line):
    path = write(tmp_path, "deploy.py", DICT_MODULE % line)
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert 'params = {"ws": ws, "airflowVersion": "2.3.1"}' in text
    assert "mutation Create($ws: Uuid!, $airflowVersion: String)" in text
    assert "runtimeReleases(airflowVersion: $airflowVersion)" in text
    reviews = [l for l in completed.stderr.splitlines() if "review-" in l]
    assert any(l.startswith("deploy.py:4:") and "review-version-variable" in l and "line 13" in l for l in reviews), reviews
    assert any(l.startswith("deploy.py:13:") and "review-shared-variables" in l and "line 14" in l for l in reviews), reviews


@pytest.mark.parametrize(
    "line", ['log.info("creating %s", params)', 'print(params["ws"])', 'params["label"] = "etl"', "pass"],
    ids=["logged", "other-key-read", "other-key-set", "alone"],
)
def test_a_dict_only_this_document_reads_is_migrated(tmp_path, line):
    path = write(tmp_path, "deploy.py", DICT_MODULE % line)
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert 'params = {"ws": ws, "runtimeVersion": "5.0.2"}' in text
    assert "mutation Create($ws: Uuid!, $runtimeVersion: String)" in text
    assert "review-" not in completed.stderr


def test_the_same_dict_sent_twice_with_one_document_is_migrated(tmp_path):
    path = write(tmp_path, "deploy.py", DICT_MODULE % 'requests.post(URL, json={"query": CREATE, "variables": params})')
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert 'params = {"ws": ws, "runtimeVersion": "5.0.2"}' in path.read_text()


def test_a_public_module_level_dict_is_not_renamed(tmp_path):
    text = (DICT_MODULE % "pass").replace('        params = {"ws": ws, "airflowVersion": "2.3.1"}\n', "")
    text = text.replace("    def run(ws, v):", '    PARAMS = {"ws": "w", "airflowVersion": "2.3.1"}\n\n\n    def run(ws, v):')
    path = write(tmp_path, "deploy.py", text.replace('"variables": params', '"variables": PARAMS'))
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert 'PARAMS = {"ws": "w", "airflowVersion": "2.3.1"}' in path.read_text()
    assert "other modules may import" in completed.stderr
