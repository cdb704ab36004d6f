"""Red team 10 (issue 12), F6/F7/F8/F12: project schema globs, test clients, imported helpers and URL settings.

Each test is one ``check --format json`` run of the installed console script over a directory.

* F6: a graphql-config / codegen ``schema:`` glob (``schema/**/*.graphqls``, ``./schema/*.graphqls``) or
  graphql-config's object form names the project's own SDL; a glob naming nothing local, or reaching
  through a symlink out of the tree, gives nothing.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def write(root: Path, contents: dict) -> None:
    for name, text in contents.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def check(root: Path, *extra):
    completed = run("check", "--no-cache", *extra, "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    verdicts = {}
    for document in report["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), []).append(document)
    return completed, verdicts, report["findings"]


def at(verdicts, path, line):
    return next(d for d in verdicts[path] if d["line"] == line)


SDL = (
    "type Deployment { id: ID! label: String! releaseName: String! airflowVersion: String! }\n"
    "type Query { deployments: [Deployment!]! }\n"
)
LIST = "query List { deployments { id releaseName airflowVersion } }\n"


@pytest.mark.parametrize(
    "config, text",
    [
        (".graphqlrc.yml", 'schema: "schema/**/*.graphqls"\n'),
        ("codegen.ts", "const config = {\n  schema: './schema/*.graphqls',\n  documents: ['client/**/*.graphql'],\n};\nexport default config;\n"),
        ("codegen.yml", 'schema: "schema/*.graphqls"\ndocuments: "client/queries/*.graphql"\n'),
        (".graphqlrc.yml", "schema:\n  - schema/api.graphqls:\n      noRequire: true\n"),
        (".graphqlrc.json", '{"schema": [{"schema/api.graphqls": {"noRequire": true}}]}\n'),
        (".graphqlrc.yml", "schema: 'schema/*.{graphql,graphqls}'\n"),
    ],
)
def test_schema_glob_or_object_form_names_the_projects_sdl(tmp_path, config, text):
    write(tmp_path, {config: text, "schema/api.graphqls": SDL, "client/queries/list.graphql": LIST})
    completed, verdicts, findings = check(tmp_path, "client")  # the SDL is not in the run: only the config names it
    document = at(verdicts, "client/queries/list.graphql", 1)
    assert document["houston"] is False, document
    assert any(f"named by {config}" in e for e in document["evidence"]), document
    assert findings == [] and completed.returncode == 0


def test_schema_glob_naming_no_local_sdl_is_no_evidence(tmp_path):
    write(tmp_path, {".graphqlrc.yml": 'schema: "other/**/*.graphqls"\n', "schema/api.graphqls": SDL, "client/queries/list.graphql": LIST})
    completed, verdicts, findings = check(tmp_path, "client")
    document = at(verdicts, "client/queries/list.graphql", 1)
    assert not any("named by" in e for e in document["evidence"]), document
    assert document["houston"] is True  # Houston vocabulary, nothing against: migrated as before


def test_schema_glob_does_not_follow_a_symlink_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside"
    write(outside, {"api.graphqls": SDL})
    project = tmp_path / "project"
    write(project, {".graphqlrc.yml": 'schema: "schema/*.graphqls"\n', "client/queries/list.graphql": LIST})
    os.symlink(outside, project / "schema")
    completed, verdicts, findings = check(project, "client")
    document = at(verdicts, "client/queries/list.graphql", 1)
    assert not any("named by" in e for e in document["evidence"]), document


def test_schema_glob_naming_a_houston_schema_is_not_evidence_against(tmp_path):
    write(tmp_path, {".graphqlrc.yml": 'schema: "schema/*.graphql"\n', "schema/houston.graphql": SDL, "client/queries/list.graphql": LIST})
    completed, verdicts, findings = check(tmp_path, "client")
    document = at(verdicts, "client/queries/list.graphql", 1)
    assert document["houston"] is True, document
