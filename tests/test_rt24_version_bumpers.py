"""Red team 23 (report 11b), f8: version bumpers other than bumpversion that search the Dockerfile for the AC tag.

A Renovate regex manager (``regexManagers`` / ``customManagers``, in renovate.json, .github/renovate.json or
renovate.json5) whose ``fileMatch`` selects the Dockerfile and whose ``matchStrings`` capture the ap-airflow tag,
a tbump ``[[file]]`` table (tbump.toml or pyproject's ``[tool.tbump]``) and a commitizen ``version_files`` entry
(``"Dockerfile:ap-airflow"``), and a package.json's ``renovate`` key or a ``scripts`` entry running ``sed`` on
the Dockerfile, all stop matching once the FROM is migrated: the Dockerfile is held with a review
naming the configuration, as a ``[bumpversion:file:Dockerfile]`` section holds it.  A manager of another file, or
one whose search holds no AC text, leaves the Dockerfile to be migrated.  All run the installed command.
"""

import json
import subprocess

import pytest
from trust_cli import run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
DOCKERFILE = f"FROM {AC}\n"
MATCH = "quay.io/astronomer/ap-airflow:(?<currentValue>\\d+\\.\\d+\\.\\d+-\\d+)-onbuild"


def _renovate(key="regexManagers", file_match="^Dockerfile$", match=MATCH):
    return json.dumps({"extends": ["config:base"], key: [{
        "fileMatch": [file_match], "matchStrings": [match],
        "depNameTemplate": "quay.io/astronomer/ap-airflow", "datasourceTemplate": "docker"}]}, indent=2)


RENOVATE_JSON5 = """{
  // bump the AC image with the rest
  extends: ['config:base'],
  regexManagers: [
    {
      fileMatch: ['(^|/)Dockerfile$'],
      matchStrings: ['ap-airflow:(?<currentValue>\\\\S+)-onbuild'],
      datasourceTemplate: 'docker',
    },
  ],
}
"""
TBUMP = """[version]
current = "2.3.4-11"
regex = '''(?P<major>\\d+)\\.(?P<minor>\\d+)\\.(?P<patch>\\d+)-(?P<hotfix>\\d+)'''

[git]
message_template = "Bump AC to {new_version}"
tag_template = "v{new_version}"

[[file]]
src = "Dockerfile"
search = "ap-airflow:{current_version}-onbuild"
"""
TBUMP_PYPROJECT = """[project]
name = "dags"

[tool.tbump.version]
current = "2.3.4-11"
regex = '''(?P<major>\\d+)\\.(?P<minor>\\d+)\\.(?P<patch>\\d+)-(?P<hotfix>\\d+)'''

[tool.tbump.git]
message_template = "Bump to {new_version}"
tag_template = "v{new_version}"

[[tool.tbump.file]]
src = "Dockerfile"
"""
CZ_PYPROJECT = """[tool.commitizen]
name = "cz_conventional_commits"
version = "2.3.4-11"
version_files = ["Dockerfile:ap-airflow"]
"""
CZ_YAML = """commitizen:
  name: cz_conventional_commits
  version: 2.3.4-11
  version_files:
    - Dockerfile
"""


PACKAGE_RENOVATE = json.dumps({"name": "dags", "renovate": json.loads(_renovate())}, indent=2)
PACKAGE_SCRIPT = json.dumps({"name": "dags", "scripts": {
    "test": "jest", "bump": "sed -i \"s/2.3.4-11/$AC_VERSION/\" Dockerfile"}}, indent=2)


def _run(tmp_path, files):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    files = {"Dockerfile": DOCKERFILE, **files}
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    return done, (tmp_path / "Dockerfile").read_text()


@pytest.mark.parametrize("name, text, line", [
    ("renovate.json", _renovate(), 8),
    (".github/renovate.json", _renovate("customManagers", "(^|/)Dockerfile$"), 8),
    ("renovate.json5", RENOVATE_JSON5, 6),
    ("renovate.json", _renovate(file_match="Docker"), 8),  # an open regex: any file holding ap-airflow
    ("tbump.toml", TBUMP, 10),
    ("pyproject.toml", TBUMP_PYPROJECT, 13),
    ("pyproject.toml", CZ_PYPROJECT, 4),
    (".cz.yaml", CZ_YAML, None),
    ("renovate.json", _renovate("customManagers").replace('"fileMatch"', '"managerFilePatterns"').replace(
        "^Dockerfile$", "**/Dockerfile"), 8),
    ("package.json", PACKAGE_RENOVATE, 10),
    ("package.json", PACKAGE_SCRIPT, 5),
], ids=["renovate", "github-custom", "json5", "open-regex", "tbump", "tbump-pyproject", "cz-pyproject", "cz-yaml",
        "manager-file-glob", "package-renovate", "npm-script"])
def test_bumper_holds_the_dockerfile(tmp_path, name, text, line):
    done, after = _run(tmp_path, {name: text})
    assert after == DOCKERFILE, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "review-template-fill" in said and (name if line is None else f"{name}:{line}") in said, said


@pytest.mark.parametrize("name, text", [
    ("renovate.json", _renovate(file_match="^requirements\\.txt$")),  # another file's manager
    ("renovate.json", _renovate(match="FROM (?<depName>\\S+):(?<currentValue>\\S+)").replace("ap-airflow", "x")),
    ("tbump.toml", TBUMP.replace('src = "Dockerfile"', 'src = "setup.py"')),
    ("pyproject.toml", CZ_PYPROJECT.replace("Dockerfile:ap-airflow", "setup.py")),
], ids=["renovate-other-file", "renovate-no-ac", "tbump-other-file", "cz-other-file"])
def test_bumper_of_other_text_leaves_the_dockerfile_migrated(tmp_path, name, text):
    done, after = _run(tmp_path, {name: text})
    assert "astro-runtime" in after, done.stdout + done.stderr
