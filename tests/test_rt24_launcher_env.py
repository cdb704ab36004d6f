"""Red team 23 (report 11b), f4 and f5: compose ``image: ${AIRFLOW_IMAGE:-<AC image>}`` where the project's own
launcher sets ``AIRFLOW_IMAGE`` before it runs ``docker compose``.

f4: a ``tox.ini`` ``setenv =`` whose entries are on the lines below ended the compose file's run in
``internal error: IndexError`` (an empty value read as ``""[0]``), exit 2; a non-AC value gave no review.
f5: ``docker compose --env-file ci.env`` from a Makefile, a Taskfile's ``env:``, a noxfile's ``session.env[...]``:
the default was migrated with no review.  Expected, as a justfile's ``export`` gets: the default is a review naming
the setter's file and line, never an edit.  The class of f4: the setter parsers never end a run, whatever the
lines (empty values, no ``=``, continuation lines, comments): fuzzed here through the CLI and in process.
"""

import json
import random
import subprocess

import pytest
from trust_cli import run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-11"
COMPOSE = "services:\n  scheduler:\n    image: ${AIRFLOW_IMAGE:-" + AC + "}\n    command: scheduler\n"


def _tree(tmp_path, files):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name, text in {"docker-compose.yml": COMPOSE, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _reviewed(tmp_path, *named):
    """rewrite --diff and check: the compose file is not edited, one review names each of ``named``."""
    done = run_cli("rewrite", "--diff", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    said = done.stdout + done.stderr
    assert "internal error" not in said and "Traceback" not in said, said
    assert done.returncode == 0, said  # nothing would change: a review only
    assert "astro-runtime" not in done.stdout.split("warning", 1)[0], said  # no diff line
    assert "review-ac-image" in said, said
    for place in named:
        assert place in said, said
    done = run_cli("rewrite", "--check", "--format", "json", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "internal error" not in done.stderr, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert [f["code"] for f in findings] == ["review-ac-image"], findings
    checked = run_cli("check", "--houston-version", "1.0.1", "--no-cache", ".", cwd=tmp_path)
    assert checked.returncode != 2 and "internal error" not in checked.stderr, checked.stdout + checked.stderr
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE


TOX = "[testenv:integration]\nsetenv =\n    AIRFLOW_IMAGE = " + AC + "\ncommands =\n    docker compose up -d\n    pytest tests/integration\n"


def test_f4_tox_setenv_below_the_key_is_a_review_not_a_crash(tmp_path):
    _tree(tmp_path, {"tox.ini": TOX})
    _reviewed(tmp_path, "tox.ini:3")


def test_f4_tox_setenv_non_ac_value_still_a_review(tmp_path):
    _tree(tmp_path, {"tox.ini": TOX.replace(AC, "acme/airflow:1")})
    _reviewed(tmp_path, "tox.ini:3", "acme/airflow:1")


@pytest.mark.parametrize("tox", [
    "[testenv]\nset_env = AIRFLOW_IMAGE=" + AC + "\ncommands = docker compose up -d\n",
    "[testenv]\nsetenv =\n    # the stack's image\n    PYTHONPATH = src\n    AIRFLOW_IMAGE=" + AC + "  # pinned\ncommands = docker compose up\n",
    "[testenv]\nsetenv =\n    AIRFLOW_IMAGE = {env:AIRFLOW_IMAGE:" + AC + "}\ncommands = docker compose up\n",
    "[testenv]\nsetenv = file|ci.env\ncommands = docker compose up\n",
])
def test_f4_tox_setenv_forms(tmp_path, tox):
    _tree(tmp_path, {"tox.ini": tox, "ci.env": "AIRFLOW_IMAGE=" + AC + "\n"})
    _reviewed(tmp_path, "tox.ini:")


def test_f5_compose_env_file_from_the_makefile(tmp_path):
    _tree(tmp_path, {"ci.env": "# CI\nAIRFLOW_IMAGE=" + AC + "\n", "Makefile": "up:\n\tdocker compose --env-file ci.env up -d\n"})
    _reviewed(tmp_path, "ci.env:2", "Makefile:2")


def test_f5_compose_env_file_in_a_python_argument_list(tmp_path):
    _tree(tmp_path, {
        "ci.env": "AIRFLOW_IMAGE=" + AC + "\n",
        "run_stack.py": 'import subprocess\nsubprocess.run(["docker", "compose", "--env-file", "ci.env", "up", "-d"])\n',
    })
    _reviewed(tmp_path, "ci.env:1", "run_stack.py:2")


def test_f5_taskfile_env(tmp_path):
    _tree(tmp_path, {"Taskfile.yml": 'version: "3"\nenv:\n  AIRFLOW_IMAGE: ' + AC + "\ntasks:\n  up:\n    cmds:\n      - docker compose up -d\n"})
    _reviewed(tmp_path, "Taskfile.yml:3")


def test_f5_taskfile_task_env_and_dotenv(tmp_path):
    _tree(tmp_path, {"Taskfile.yml": 'version: "3"\ntasks:\n  up:\n    env:\n      AIRFLOW_IMAGE: "' + AC + '"\n    cmds:\n      - docker compose up -d\n'})
    _reviewed(tmp_path, "Taskfile.yml:5")
    (tmp_path / "Taskfile.yml").write_text('version: "3"\ndotenv: [ci.env]\ntasks:\n  up:\n    cmds:\n      - docker compose up -d\n')
    (tmp_path / "ci.env").write_text("AIRFLOW_IMAGE=" + AC + "\n")
    _reviewed(tmp_path, "ci.env:1", "Taskfile.yml:2")


def test_f5_justfile_dotenv_filename(tmp_path):
    _tree(tmp_path, {"ci.env": "AIRFLOW_IMAGE=" + AC + "\n",
                     "justfile": 'set dotenv-filename := "ci.env"\nup:\n    docker compose up -d\n'})
    _reviewed(tmp_path, "ci.env:1", "justfile:1")


def test_f5_taskfile_block_value_is_unknown_text(tmp_path):
    _tree(tmp_path, {"Taskfile.yml": 'version: "3"\nenv:\n  AIRFLOW_IMAGE: >-\n    ' + AC + "\ntasks:\n  up:\n    cmds:\n      - docker compose up -d\n"})
    _reviewed(tmp_path, "Taskfile.yml:3")


def test_f5_noxfile_session_env(tmp_path):
    _tree(tmp_path, {"noxfile.py": (
        "import nox\n\n\n@nox.session\ndef integration(session):\n"
        '    session.env["AIRFLOW_IMAGE"] = "' + AC + '"\n'
        '    session.run("docker", "compose", "up", "-d", external=True)\n'
    )})
    _reviewed(tmp_path, "noxfile.py:6")


def test_control_no_launcher_still_migrates(tmp_path):
    """Precision: with no setter, the default is migrated as before."""
    _tree(tmp_path, {"tox.ini": "[testenv]\nsetenv =\n    PYTHONPATH = src\ncommands = docker compose up\n"})
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "astro-runtime" in (tmp_path / "docker-compose.yml").read_text()


@pytest.mark.parametrize("name, text, where", [
    (".github/workflows/it.yml", "name: it\non: push\nenv:\n  AIRFLOW_IMAGE: " + AC + "\njobs:\n  it:\n    runs-on: ubuntu-latest\n"
     "    steps:\n      - uses: actions/checkout@v4\n      - run: docker compose up -d\n", ".github/workflows/it.yml:4"),
    (".github/workflows/it.yml", "name: it\non: push\njobs:\n  it:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose up -d\n"
     "        env:\n          AIRFLOW_IMAGE: acme/airflow:1\n", ".github/workflows/it.yml:9"),
    (".gitlab-ci.yml", "it:\n  variables:\n    AIRFLOW_IMAGE: acme/airflow:1\n  script:\n    - docker compose up -d\n", ".gitlab-ci.yml:3"),
])
def test_f5_class_ci_file_environment(tmp_path, name, text, where):
    """The same class in CI files: a workflow's / step's ``env:``, a GitLab job's ``variables:`` set the variable
    before the step runs compose (an AC value there also gets its own review at the CI file)."""
    _tree(tmp_path, {name: text})
    done = run_cli("rewrite", "--diff", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode != 2 and "internal error" not in said, said
    assert "+    image" not in done.stdout and where in said, said
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE


# ------------------------------------------------------------------------------ f4's class: no line ends a run

ODD_LINES = [
    "setenv =", "set_env=", "setenv", "=", " =", "  = value", "NAME =", "NAME=", "NAME", "export", "export =",
    "export NAME", "export NAME=", 'NAME=""', "NAME=''", 'NAME="', "NAME='", "  # comment", "; comment", "#", "",
    "    ", "\t", "\\", "NAME = \\", "    continued \\", "file|", "file|missing.env", "env:", "  env:", "- env:",
    "    NAME:", "    NAME: ", '    "NAME": ""', "dotenv:", "dotenv: []", "dotenv: [", "  - ", "include", "-include ",
    "include $(", "\t$(MAKE) -f", "\tmake -C", "\tmake --file=", "docker compose --env-file", "--env-file=",
    "AIRFLOW_IMAGE=" + AC, "AIRFLOW_IMAGE = " + AC, "  AIRFLOW_IMAGE: " + AC, "[testenv]", "[", "]",
]


@pytest.mark.parametrize("name", ["tox.ini", "Makefile", "Taskfile.yml", "justfile", "ci.env"])
def test_f4_odd_setter_lines_never_end_the_run(tmp_path, name):
    rng = random.Random(name)
    body = ["docker compose --env-file ci.env up"]
    for _ in range(120):
        body.append(rng.choice(ODD_LINES))
    text = "\n".join(body) + "\n"
    files = {name: text, "Makefile": "up:\n\tdocker compose --env-file ci.env up\n"} if name == "ci.env" else {name: text}
    _tree(tmp_path, files)
    for args in (("rewrite", "--diff"), ("check", "--houston-version", "1.0.1")):
        done = run_cli(*args, "--no-cache", "-j", "1", ".", cwd=tmp_path)
        said = done.stdout + done.stderr
        assert done.returncode != 2 and "internal error" not in said and "Traceback" not in said, (text, said)


def test_f4_setter_parsers_fuzzed_in_process(tmp_path):
    """Every setter and step parser over random lines of the odd forms (a count of cases, never a time)."""
    from codemods.sources import image_readers, launcher_env, shell_steps

    rng = random.Random(23)
    for case in range(300):
        lines = [rng.choice(ODD_LINES) + rng.choice(["", " ", "\t", "#x", '"', "'", "\\"]) for _ in range(rng.randint(0, 12))]
        text = "\n".join(lines) + rng.choice(["", "\n"])
        shell_steps.steps(text)
        for value in lines:
            shell_steps._value(value)
            launcher_env._unquoted(value)
        name = rng.choice(["tox.ini", "Makefile", "Taskfile.yml", "x.mk", "run.sh", "ci.env", "noxfile.py"])
        folder = tmp_path / f"c{case}"
        folder.mkdir()
        (folder / name).write_text("docker compose up\n" + text)
        launcher_env._file_values(str(folder / name))
        launcher_env._tox_values(str(folder / name), lines)
        launcher_env._taskfile_values(str(folder / name), lines, ("env", "variables"))
        launcher_env._dotenv_lines(str(folder / name))
        image_readers._make_words(text, True)
