"""Red team 20 (report 11b), F2, F3, F4, F9, F12, F8: a shell step holds the file it MAY edit.

A step was seen as editing a file only when the file's path and the AC text were both written literally
on one line.  Now (:mod:`codemods.sources.shell_steps`) a step names a file through a glob or ``find``
(F2), a regex-escaped AC version is AC text (F3), a variable's value (shell, Makefile, a workflow's
``env:``, a Python constant handed to ``subprocess``) stands for it (F4), the CI working directory or a
``cd`` is the folder the path is read from (F9), continuation lines are one step and the checkout
root's variables are the root (F12), and bump2version / pre-commit configurations are readers (F8).  A
step of unknown path holds a file only when the file holds the AC version it looks for.

Each project is one ``rewrite`` run of the installed command; every project has controls that must
still be rewritten (a file no step touches, a step on another file, a step looking for other text).
"""

import subprocess

from trust_cli import run_cli
from verdicts_cli import write

DOCUMENT = (
    "mutation Create($ws: Uuid!) {\n"
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "%s") { id }\n'
    "}\n"
)
AC = "2.3.4-11"


def _project(tmp_path, name, files):
    root = tmp_path / name
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    write(root, files)
    done = run_cli("rewrite", "--no-cache", ".", cwd=root)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return root, done


def _held(root, done, path, place):
    text = (root / path).read_text()
    assert AC in text and "runtimeVersion" not in text, (path, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.startswith(path + ":")]
    assert lines and all("review-template-fill" in line and place in line for line in lines), (path, place, done.stderr)


def _rewritten(root, done, path):
    assert "runtimeVersion" in (root / path).read_text(), (path, done.stderr)


def test_f2_f3_f12_globs_find_escaped_versions_continuations_and_the_workspace(tmp_path):
    workflow = (
        "on: workflow_dispatch\njobs:\n  pin:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: sed -i "s/2.3.4-11/${{ vars.V }}/" glob/*.graphql\n'  # 7
        "      - run: find found -name '*.graphql' -exec sed -i \"s/2.3.4-11/${{ vars.V }}/\" {} +\n"  # 8
        '      - run: find piped -name "*.graphql" | xargs sed -i "s/2.3.4-11/${{ vars.V }}/"\n'  # 9
        '      - run: sed -i "s/2\\.3\\.4-11/${{ vars.V }}/" escaped/q.graphql\n'  # 10
        '      - run: sed -i "s/2.3.4-11/${{ vars.V }}/" "${{ github.workspace }}/workspace/q.graphql"\n'  # 11
        '      - run: sed -i "s/2.3.4-11/${{ vars.V }}/" other/*.graphql\n'  # 12 (control: another folder)
        '      - run: sed -i "s/label: \\"etl\\"/label: \\"x\\"/" label/*.graphql\n'  # 13 (control: no AC text)
        "      - run: python3 -c \"import pathlib; p = pathlib.Path('inline/q.graphql'); "
        "p.write_text(p.read_text().replace('2.3.4-11', '${{ vars.V }}'))\"\n"  # 14: an inline interpreter
        "      - run: grep -rl 2.3.4-11 grepped/\n"  # 15: a recursive grep of a folder
        "      - run: if grep -rq 2.3.4-11 .; then exit 1; fi\n"  # 16 (control: a guard over the whole checkout)
    )
    files = {
        ".github/workflows/pin.yml": workflow,
        "scripts/pin.sh": '#!/bin/sh\nset -e\nsed -i \\\n  -e "s/2.3.4-11/$1/" \\\n  continued/q.graphql\n',
        "Makefile": "V ?= 2.4.3-6\npin:\n\tperl -pi -e 's/2\\.3\\.4-11/$(V)/' perl/q.graphql\n",
        "Dockerfile": f"FROM quay.io/astronomer/ap-airflow:{AC}-onbuild\n",
        "bump.py": (
            "import re\nimport sys\nfrom pathlib import Path\n\nDOCKERFILE = Path(__file__).parent / \"Dockerfile\"\n\n\n"
            "def bump(new):\n    DOCKERFILE.write_text(re.sub(r\"2\\.3\\.4-11\", new, DOCKERFILE.read_text()))\n"
        ),
        "docker/Dockerfile": f"FROM quay.io/astronomer/ap-airflow:{AC}-onbuild\n",  # control: no script names it
    }
    for folder in ("glob", "found", "piped", "escaped", "workspace", "continued", "perl", "inline", "grepped", "untouched",
                   "other_x", "label"):
        files[f"{folder}/q.graphql"] = DOCUMENT % AC
    root, done = _project(tmp_path, "p", files)
    for path, place in (
        ("glob/q.graphql", "pin.yml:7"), ("found/q.graphql", "pin.yml:8"), ("piped/q.graphql", "pin.yml:9"),
        ("escaped/q.graphql", "pin.yml:10"), ("workspace/q.graphql", "pin.yml:11"),
        ("continued/q.graphql", "scripts/pin.sh:3"), ("perl/q.graphql", "Makefile:3"), ("inline/q.graphql", "pin.yml:14"),
        ("grepped/q.graphql", "pin.yml:15"),
    ):
        _held(root, done, path, place)
    assert f"ap-airflow:{AC}" in (root / "Dockerfile").read_text(), done.stderr  # re.sub(r"2\.3\.4-11", ...)
    assert any(line.startswith("Dockerfile:1:") and "bump.py" in line for line in done.stderr.splitlines()), done.stderr
    for path in ("untouched/q.graphql", "other_x/q.graphql", "label/q.graphql"):
        _rewritten(root, done, path)
    assert "astro-runtime" in (root / "docker/Dockerfile").read_text(), done.stderr


def test_f4_paths_and_versions_in_variables(tmp_path):
    workflow = (
        "on: workflow_dispatch\njobs:\n  pin:\n    runs-on: ubuntu-latest\n    env:\n      QUERY: jobenv/q.graphql\n"
        "      OTHER: other/q.graphql\n    steps:\n"
        '      - run: sed -i "s/2.3.4-11/${{ vars.V }}/" "$QUERY"\n'  # 9
        '      - run: sed -i "s/2.3.4-11/${{ vars.V }}/" "${{ env.OTHER }}"\n'  # 10 (control: names other/)
    )
    files = {
        ".github/workflows/pin.yml": workflow,
        "scripts/pin.sh": (
            '#!/usr/bin/env bash\nset -euo pipefail\nQUERY_FILE="shellvar/q.graphql"\nsed -i "s/2.3.4-11/${1}/" "$QUERY_FILE"\n'
        ),
        "scripts/old.sh": '#!/bin/sh\nOLD_AC="2.3.4-11"\nNEW_AC="$1"\nsed -i "s/${OLD_AC}/${NEW_AC}/" oldvar/q.graphql\n',
        "pin.py": (
            "import subprocess\nimport sys\n\nQUERY_FILE = \"pyconst/q.graphql\"\n\n\ndef pin(version):\n"
            "    subprocess.run([\"sed\", \"-i\", f\"s/2.3.4-11/{version}/\", QUERY_FILE], check=True)\n"
        ),
    }
    for folder in ("jobenv", "shellvar", "oldvar", "pyconst", "other", "untouched"):
        files[f"{folder}/q.graphql"] = DOCUMENT % AC
    root, done = _project(tmp_path, "p", files)
    for path, place in (
        ("jobenv/q.graphql", "pin.yml:9"), ("shellvar/q.graphql", "scripts/pin.sh:4"),
        ("oldvar/q.graphql", "scripts/old.sh:4"), ("pyconst/q.graphql", "pin.py:8"),
    ):
        _held(root, done, path, place)
    _rewritten(root, done, "untouched/q.graphql")
    # other/q.graphql is named by the control step, whose sed does look for the AC version: held too
    _held(root, done, "other/q.graphql", "pin.yml:10")


def test_f4_unknown_path_holds_only_files_holding_the_version_looked_for_and_unknown_search(tmp_path):
    files = {
        "scripts/bump.sh": '#!/bin/sh\nsed -i "s/2.3.4-11/$2/" "$1"\n',  # 2: any file holding 2.3.4-11
        "scripts/swap.sh": '#!/bin/sh\nOLD="$1"\nsed -i "s/$OLD/$2/" swap/q.graphql\n',  # 3: unknown search
        "scripts/fields.sh": "#!/bin/sh\nawk '{print $1}' fields/q.graphql\n",  # control: awk fields, no AC text
    }
    files["holds/q.graphql"] = DOCUMENT % AC
    files["swap/q.graphql"] = DOCUMENT % "2.4.3-6"
    files["other/q.graphql"] = DOCUMENT % "2.4.3-6"  # control: not the version looked for
    files["fields/q.graphql"] = DOCUMENT % "2.4.3-6"
    root, done = _project(tmp_path, "p", files)
    _held(root, done, "holds/q.graphql", "scripts/bump.sh:2")
    swap = (root / "swap/q.graphql").read_text()
    assert "2.4.3-6" in swap and "runtimeVersion" not in swap, done.stderr
    assert "scripts/swap.sh:3" in done.stderr, done.stderr
    _rewritten(root, done, "other/q.graphql")
    _rewritten(root, done, "fields/q.graphql")


def test_f9_the_working_directory_of_a_ci_step(tmp_path):
    step = '      - run: sed -i "s/2.3.4-11/${{ vars.V }}/" queries/create.graphql\n'
    head = "on: workflow_dispatch\njobs:\n  pin:\n    runs-on: ubuntu-latest\n"
    files = {
        ".github/workflows/defaults.yml": head + "    defaults:\n      run:\n        working-directory: one\n    steps:\n" + step,
        ".github/workflows/step.yml": head + "    steps:\n" + step + "        working-directory: two\n",
        ".github/workflows/cd.yml": head + "    steps:\n"
        '      - run: cd three && sed -i "s/2.3.4-11/${{ vars.V }}/" queries/create.graphql\n',
    }
    for folder in ("one", "two", "three", "four"):
        files[f"{folder}/queries/create.graphql"] = DOCUMENT % AC
    root, done = _project(tmp_path, "p", files)
    _held(root, done, "one/queries/create.graphql", "defaults.yml:9")
    _held(root, done, "two/queries/create.graphql", "step.yml:6")
    _held(root, done, "three/queries/create.graphql", "cd.yml:6")
    _rewritten(root, done, "four/queries/create.graphql")  # control: no step works in four/


def test_f8_bumpversion_and_pre_commit_readers(tmp_path):
    files = {
        ".bumpversion.cfg": (
            "[bumpversion]\ncurrent_version = 2.3.4-11\n\n[bumpversion:file:bumped/q.graphql]\n"
            'search = airflowVersion: "{current_version}"\nreplace = airflowVersion: "{new_version}"\n'
        ),
        ".pre-commit-config.yaml": (
            "repos:\n  - repo: local\n    hooks:\n      - id: pinned\n        name: AC pinned\n"
            "        entry: grep -q 'airflowVersion: \"2.3.4-11\"'\n        language: system\n"
            "        files: ^hooked/q\\.graphql$\n"
        ),
    }
    for folder in ("bumped", "hooked", "untouched"):
        files[f"{folder}/q.graphql"] = DOCUMENT % AC
    root, done = _project(tmp_path, "p", files)
    _held(root, done, "bumped/q.graphql", ".bumpversion.cfg:4")
    _held(root, done, "hooked/q.graphql", ".pre-commit-config.yaml:6")
    _rewritten(root, done, "untouched/q.graphql")


def test_f4_a_notebooks_shell_line_reads_the_notebooks_names(tmp_path):
    import json

    cells = [
        ['QUERY_FILE = "braces/q.graphql"\n', 'OTHER = "dollar/q.graphql"\n'],
        ['!sed -i "s/2.3.4-11/$AC_VERSION/" {QUERY_FILE}\n', '!sed -i "s/2.3.4-11/$AC_VERSION/" $OTHER\n'],
    ]
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c} for c in cells],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    files = {"pin.ipynb": json.dumps(notebook, indent=1)}
    for folder in ("braces", "dollar", "untouched"):
        files[f"{folder}/q.graphql"] = DOCUMENT % AC
    root, done = _project(tmp_path, "p", files)
    _held(root, done, "braces/q.graphql", "pin.ipynb")
    _held(root, done, "dollar/q.graphql", "pin.ipynb")
    _rewritten(root, done, "untouched/q.graphql")  # control: a file the notebook names nowhere
