"""Red team 25 (report 13), f3 and f7: which shell steps edit a file, read by one vocabulary and each editor's grammar.

f3: a Makefile bump step editing a .graphql file or the Dockerfile with ``gsed -i``, ``ruby -pi -e``, ``sd 'OLD'
'NEW' FILE`` (also ``ex -sc``, ``vim -es -c``, ``rpl``, MySQL's ``replace OLD NEW -- FILE``, ``rg -l ... | xargs
sd``) held nothing, while the identical ``sed -i`` step held its file: rewrite migrated the file and the step then
silently matched nothing.  The four lists of readers and editors (shell_steps, outside_writers' shell and Python
ones, image_readers') are now one (``shell_steps.EDITORS`` / ``READERS``); names that are also ordinary words
(``set -ex``, ``kubectl replace``, ``ruby app.rb``) count only as a command's first word.

f7: ``grep -rl '2.3.4-11' queries | xargs sed -i ...`` edits only files below queries/: a file elsewhere holding
the same version was held with an untrue review ("a shell step reads or edits this file's AC text").  A lister
(``grep -l``, ``grep -rl DIR``, ``rg -l PAT DIR``, ``find DIR ... | xargs grep -l``) hands ``xargs`` only the files
it may print.
"""

import json

import pytest

from trust_cli import run_cli, project_tree

CREATE = '''mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
'''
FROM = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"

# each edits queries/bump.graphql's AC version in place
MAKE_STEPS = {
    "gsed": "gsed -i 's/2\\.3\\.4-11/$(AC)/' queries/bump.graphql",
    "sudo_gsed": "@sudo gsed -i.bak -e 's/2\\.3\\.4-11/$(AC)/' queries/bump.graphql",
    "ruby_pi_e": "ruby -pi -e 'gsub(/2\\.3\\.4-11/, \"$(AC)\")' queries/bump.graphql",
    "ruby_i_pe": "ruby -i.bak -pe '$$_.gsub!(\"2.3.4-11\", \"$(AC)\")' queries/bump.graphql",
    "sd": "sd '2\\.3\\.4-11' '$(AC)' queries/bump.graphql",
    "sd_fixed": "sd -F 2.3.4-11 $(AC) queries/bump.graphql",
    "ex": "ex -sc '%s/2\\.3\\.4-11/$(AC)/g|x' queries/bump.graphql",
    "ex_plus": "ex -s +'%s/2\\.3\\.4-11/$(AC)/g' +wq queries/bump.graphql",
    "ed": "printf '%s\\n' ',s/2\\.3\\.4-11/$(AC)/g' w | ed -s queries/bump.graphql",
    "vim_es": "vim -es -c '%s/2\\.3\\.4-11/$(AC)/g' -c 'wq' queries/bump.graphql",
    "rpl": "rpl -q 2.3.4-11 $(AC) queries/bump.graphql",
    "rpl_recursive": "rpl -R 2.3.4-11 $(AC) queries",
    "replace": "replace 2.3.4-11 $(AC) -- queries/bump.graphql",
    "rg_xargs_sd": "rg -l '2\\.3\\.4-11' queries | xargs sd '2\\.3\\.4-11' '$(AC)'",
    "find_exec_sd": "find queries -name '*.graphql' -exec sd 2.3.4-11 $(AC) {} +",
}


_project = project_tree  # trust_cli's: a .git folder and the files


def _makefile(*steps):
    return "AC ?= 2.4.3-6\nbump:\n" + "".join(f"\t{step}\n" for step in steps)


def _reviews(done, path):
    return [line for line in done.stderr.splitlines() if line.startswith(path + ":") and "review-" in line]


@pytest.mark.parametrize("form", sorted(MAKE_STEPS))
def test_an_editor_of_the_file_holds_it(tmp_path, form):
    _project(tmp_path, {"queries/bump.graphql": CREATE, "Makefile": _makefile(MAKE_STEPS[form])})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/bump.graphql").read_text() == CREATE, form
    held = _reviews(done, "queries/bump.graphql")
    assert held and all("review-template-fill" in line and "Makefile:3" in line for line in held), done.stderr


# (a dict, not a call's list: this suite's own Python would otherwise run these steps on a Dockerfile near it)
DOCKERFILE_STEPS = {
    "gsed": "gsed -i 's/ap-airflow:2\\.3\\.4-11/ap-airflow:$(AC)/' Dockerfile",
    "sd": "sd 'ap-airflow:2\\.3\\.4-11' 'ap-airflow:$(AC)' Dockerfile",
    "ruby": "ruby -pi -e 'gsub(/2\\.3\\.4-11/, \"$(AC)\")' Dockerfile",
}


@pytest.mark.parametrize("form", sorted(DOCKERFILE_STEPS))
def test_a_bump_step_on_the_dockerfile_holds_it(tmp_path, form):
    _project(tmp_path, {"Dockerfile": FROM, "Makefile": _makefile(DOCKERFILE_STEPS[form])})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "Dockerfile").read_text() == FROM
    assert _reviews(done, "Dockerfile"), done.stderr


@pytest.mark.parametrize("command", [
    '["gsed", "-i", f"s/2.3.4-11/{v}/", "queries/bump.graphql"]',
    '["sd", "2.3.4-11", v, "queries/bump.graphql"]',
    'f"ruby -pi -e \'gsub(/2.3.4-11/, {v!r})\' queries/bump.graphql"',
])
def test_the_same_editor_run_from_python_holds_the_file(tmp_path, command):
    script = f"import subprocess, sys\nv = sys.argv[1]\nsubprocess.run({command}, check=True)\n"
    _project(tmp_path, {"queries/bump.graphql": CREATE, "bump.py": script})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/bump.graphql").read_text() == CREATE
    assert any("bump.py" in line for line in _reviews(done, "queries/bump.graphql")), done.stderr


def test_a_name_that_is_also_a_plain_word_counts_only_as_a_command(tmp_path):
    """``set -ex`` is no ``ex``, ``kubectl replace`` no ``replace``, ``ruby app.rb`` no inline editor: their file
    is migrated; the same line running ``sd`` holds its file."""
    _project(tmp_path, {
        "queries/a.graphql": CREATE, "queries/b.graphql": CREATE, "queries/c.graphql": CREATE,
        "queries/d.graphql": CREATE,
        "Makefile": _makefile(
            "set -ex; sd 2.3.4-11 $(AC) queries/a.graphql",
            "set -ex; ./deploy.sh queries/b.graphql 2.3.4-11",
            "kubectl replace -f queries/c.graphql --note 2.3.4-11",
            "ruby scripts/post.rb queries/d.graphql 2.3.4-11",
        ),
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/a.graphql").read_text() == CREATE
    for name in ("b", "c", "d"):
        assert 'runtimeVersion: "5.5.0"' in (tmp_path / f"queries/{name}.graphql").read_text(), (name, done.stderr)
        assert not _reviews(done, f"queries/{name}.graphql"), done.stderr


# f7: a lister piped to xargs scopes the editor to what it may print
SCOPED = {
    "grep_rl": "grep -rl '2.3.4-11' queries | xargs sed -i 's/2\\.3\\.4-11/$(AC)/g'",
    "grep_r_l": "grep -r -l --include='*.graphql' 2.3.4-11 queries/ | xargs -r sed -i 's/2\\.3\\.4-11/$(AC)/g'",
    "rg_l": "rg -l 2.3.4-11 queries | xargs sd 2.3.4-11 $(AC)",
    "find_grep_l": "find queries -name '*.graphql' | xargs grep -l 2.3.4-11 | xargs sed -i 's/2\\.3\\.4-11/$(AC)/g'",
}


@pytest.mark.parametrize("form", sorted(SCOPED))
def test_xargs_after_a_lister_edits_only_what_it_lists(tmp_path, form):
    _project(tmp_path, {"queries/create.graphql": CREATE, "ops/create_ops.graphql": CREATE, "Makefile": _makefile(SCOPED[form])})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/create.graphql").read_text() == CREATE, done.stderr
    assert any("Makefile:3" in line for line in _reviews(done, "queries/create.graphql")), done.stderr
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "ops/create_ops.graphql").read_text(), done.stderr
    assert not _reviews(done, "ops/create_ops.graphql"), done.stderr
    after = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    paths = {f["path"] for f in json.loads(after.stdout)["findings"]}
    assert "ops/create_ops.graphql" not in paths, after.stdout


def test_a_lister_over_the_whole_checkout_still_holds_each_file_holding_the_text(tmp_path):
    """``grep -rl A . | xargs sed`` may edit any file holding A: both files stay held (and so does the one of
    ``git ls-files | xargs sed``); only a lister scoped to a folder narrows it.  The scoped line beside it
    holds the file it reaches."""
    _project(tmp_path, {
        "queries/create.graphql": CREATE, "ops/create_ops.graphql": CREATE,
        "Makefile": _makefile("grep -rl '2.3.4-11' . | xargs sed -i 's/2\\.3\\.4-11/$(AC)/g'",
                              "rg -l 2.3.4-11 queries | xargs sd 2.3.4-11 $(AC)"),
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/create.graphql").read_text() == CREATE
    assert (tmp_path / "ops/create_ops.graphql").read_text() == CREATE
    assert any("Makefile:4" in line for line in _reviews(done, "queries/create.graphql")), done.stderr


def test_ci_steps_and_notebook_lines_read_the_same_vocabulary(tmp_path):
    """The one list serves every place a step is read: a workflow's ``gsed -n`` reading the Dockerfile's tag
    (image_readers), its ``sd`` editing a document, and a notebook's ``!rpl`` line (outside_writers)."""
    workflow = (
        "on: push\njobs:\n  bump:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
        "          TAG=$(gsed -n 's|.*ap-airflow:\\(.*\\)-onbuild|\\1|p' Dockerfile)\n"
        "          sd \"2.3.4-11\" \"$NEW\" queries/a.graphql\n"
    )
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": ["!rpl 2.3.4-11 2.4.3-6 queries/b.graphql\n"]}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    _project(tmp_path, {"queries/a.graphql": CREATE, "queries/b.graphql": CREATE, "Dockerfile": FROM,
                        ".github/workflows/ci.yml": workflow, "bump.ipynb": json.dumps(notebook)})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "Dockerfile").read_text() == FROM, done.stderr
    assert any("ci.yml" in line for line in _reviews(done, "Dockerfile")), done.stderr
    assert (tmp_path / "queries/a.graphql").read_text() == CREATE
    assert any(".github/workflows/ci.yml:8" in line for line in _reviews(done, "queries/a.graphql")), done.stderr
    assert (tmp_path / "queries/b.graphql").read_text() == CREATE
    assert any("bump.ipynb" in line for line in _reviews(done, "queries/b.graphql")), done.stderr
