"""A folder inside a project is judged with the project files that import, fill or read its files
(red team 15, report 11b, F13).

``rewrite lib`` edited ``lib/queries.py``'s constant alone while ``cli.py`` (outside ``lib``)
filled it with ``.replace``; ``rewrite lib/queries.py`` held it.  The folder context covered
only the modules the folder imports.  Now a folder, a file list and ``--changed-since REF
FOLDER`` share one context (``codemods/run_context.py``): the files they import, every
non-Python file, and the modules naming one of their files.  Through the installed CLI.
"""

import subprocess

from trust_cli import run_cli

QUERIES = "UPSERT = 'mutation Up($id: Uuid!) { upsertDeployment(deploymentUuid: $id, airflowVersion: \"2.3.4-11\") { id } }'\n"
FILLER = '''import os
import sys

import requests

from lib.queries import UPSERT

URL = "https://houston.example.com/v1"
doc = UPSERT.replace("2.3.4-11", sys.argv[2])
requests.post(URL, json={"query": doc, "variables": {"id": sys.argv[1]}},
              headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
'''
GRAPHQL = 'mutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n'
GRAPHQL_FILLER = '''import os, sys
from pathlib import Path
import requests

def up(dep, v):
    doc = Path("queries/upsert.graphql").read_text().replace("2.3.4-11", v)
    return requests.post("https://houston.example.com/v1", json={"query": doc, "variables": {"id": dep}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''
DOCKERFILE = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"
READER = '''import re
from pathlib import Path

text = (Path(__file__).parent / "docker" / "Dockerfile").read_text()
print(re.search(r"ap-airflow:(\\S+)-onbuild", text).group(1))
'''


def _git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(project), "PATH": "/usr/bin:/bin"})


def _project(tmp_path):
    project = tmp_path / "p"
    (project / "lib").mkdir(parents=True)
    (project / "lib" / "__init__.py").write_text("")
    (project / "lib" / "queries.py").write_text(QUERIES)
    (project / "cli.py").write_text(FILLER)
    _git(project, "init", "-q")
    return project


def test_a_folder_run_holds_a_constant_an_outside_module_fills(tmp_path):
    project = _project(tmp_path)
    for args in (["rewrite", "--no-cache", "lib"], ["rewrite", "--no-cache", "lib/"]):
        completed = run_cli(*args, cwd=project)
        assert "Traceback" not in completed.stderr
        assert "review-imported-constant" in completed.stdout + completed.stderr, completed.stdout + completed.stderr
        assert (project / "lib" / "queries.py").read_text() == QUERIES
    checked = run_cli("check", "--no-cache", "lib", cwd=project)
    assert "0 would be rewritten, 1 need review" in checked.stderr, checked.stderr


def test_changed_since_on_a_folder_holds_it_too(tmp_path):
    project = _project(tmp_path)
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "start")
    (project / "lib" / "queries.py").write_text(QUERIES + "# touched\n")
    completed = run_cli("rewrite", "--no-cache", "--changed-since", "HEAD", "lib", cwd=project)
    assert "review-imported-constant" in completed.stdout + completed.stderr, completed.stdout + completed.stderr
    assert (project / "lib" / "queries.py").read_text() == QUERIES + "# touched\n"


def test_a_graphql_folder_read_and_filled_from_outside_is_held(tmp_path):
    project = tmp_path / "p"
    (project / "queries").mkdir(parents=True)
    (project / "queries" / "upsert.graphql").write_text(GRAPHQL)
    (project / "deploy.py").write_text(GRAPHQL_FILLER)
    _git(project, "init", "-q")
    completed = run_cli("rewrite", "--no-cache", "queries", cwd=project)
    assert "review-template-fill" in completed.stdout + completed.stderr, completed.stdout + completed.stderr
    assert (project / "queries" / "upsert.graphql").read_text() == GRAPHQL


def test_a_docker_folder_whose_dockerfile_a_root_script_parses_is_reviewed(tmp_path):
    project = tmp_path / "p"
    (project / "docker").mkdir(parents=True)
    (project / "docker" / "Dockerfile").write_text(DOCKERFILE)
    (project / "version.py").write_text(READER)
    _git(project, "init", "-q")
    completed = run_cli("rewrite", "--no-cache", "docker", cwd=project)
    assert "review-ac-image" in completed.stdout + completed.stderr, completed.stdout + completed.stderr
    assert (project / "docker" / "Dockerfile").read_text() == DOCKERFILE


def test_a_folder_that_is_its_project_root_is_its_own_context(tmp_path):
    project = _project(tmp_path)
    completed = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert "review-imported-constant" in completed.stdout + completed.stderr
    assert (project / "lib" / "queries.py").read_text() == QUERIES


def test_a_filler_git_ignores_still_holds_as_in_a_run_on_the_root(tmp_path):
    """A run's answer must not depend on how a file was named: ``rewrite .`` reads files git ignores
    (a generated module, a build copy), so the context of ``rewrite lib`` does too."""
    project = tmp_path / "p"
    (project / "lib").mkdir(parents=True)
    (project / "lib" / "__init__.py").write_text("")
    (project / "lib" / "queries.py").write_text(QUERIES)
    (project / "build").mkdir()
    (project / "build" / "cli.py").write_text(FILLER)
    (project / ".gitignore").write_text("build/\n")
    _git(project, "init", "-q")
    for target in ("lib", "."):
        completed = run_cli("rewrite", "--no-cache", target, cwd=project)
        assert "review-imported-constant" in completed.stdout + completed.stderr, (target, completed.stderr)
        assert (project / "lib" / "queries.py").read_text() == QUERIES


def test_a_ci_step_reading_the_folders_dockerfile_holds_it(tmp_path):
    project = tmp_path / "p"
    (project / "docker").mkdir(parents=True)
    (project / "docker" / "Dockerfile").write_text(DOCKERFILE)
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / ".github" / "workflows" / "build.yml").write_text(
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo \"$(sed -n 's|^FROM .*ap-airflow:\\(.*\\)-onbuild|\\1|p' docker/Dockerfile)\"\n"
    )
    _git(project, "init", "-q")
    completed = run_cli("rewrite", "--no-cache", "docker", cwd=project)
    assert "review-ac-image" in completed.stdout + completed.stderr, completed.stdout + completed.stderr
    assert (project / "docker" / "Dockerfile").read_text() == DOCKERFILE


def test_names_are_met_whole_by_part_and_by_dotted_tail():
    from codemods.run_context import names_any

    words = {b"queries", b"upsert.graphql", b"Dockerfile"}
    assert names_any(b"from lib.queries import UPSERT", words)
    assert names_any(b'Path("q") / "upsert.graphql"', words)
    assert names_any(b"files('pkg').joinpath('pkg.upsert.graphql')", words)
    assert names_any(b'ROOT / "docker" / "Dockerfile"', words)
    assert not names_any(b"myqueries = upsert.graphqlx", words)
    assert not names_any(b"", words)


GRAPHQL_BY_SUFFIX = '''import os, sys
from pathlib import Path
import requests

QUERY = Path(__file__).with_suffix(".graphql").read_text()

def main(version):
    q = QUERY.replace("2.3.4-11", version)
    requests.post("https://houston.example.com/v1", json={"query": q},
                  headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
'''
GRAPHQL_BY_LOADER = '''import os
import requests

def load(name):
    with open(f"queries/{name}.graphql") as fh:
        return fh.read()

def create(version):
    doc = load("create").replace("2.3.4-11", version)
    requests.post("https://houston.example.com/v1", json={"query": doc},
                  headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
'''


def test_a_graphql_file_named_alone_is_held_by_a_reader_that_computes_its_path(tmp_path):
    """Red team 16 (report 11b), F18: pre-commit passes only the changed .graphql file; a script
    reaching it by ``with_suffix(".graphql")`` or a loader's f-string never spells its name, so the
    file alone was rewritten while ``rewrite .`` held it."""
    for name, script, graphql in (
        ("by_suffix", GRAPHQL_BY_SUFFIX, "create.graphql"),
        ("by_loader", GRAPHQL_BY_LOADER, "queries/create.graphql"),
    ):
        project = tmp_path / name
        (project / "queries").mkdir(parents=True)
        (project / graphql).write_text(GRAPHQL)
        (project / ("create.py" if name == "by_suffix" else "deploy.py")).write_text(script)
        _git(project, "init", "-q")
        completed = run_cli("rewrite", "--no-cache", graphql, cwd=project)
        assert "review-template-fill" in completed.stdout + completed.stderr, (name, completed.stdout + completed.stderr)
        assert (project / graphql).read_text() == GRAPHQL
