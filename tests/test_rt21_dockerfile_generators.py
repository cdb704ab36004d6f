"""Red team 20 (report 13), F7: a build script that regenerates the Dockerfile holds it.

``echo "FROM quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild" > Dockerfile`` in ``build.sh``, a Makefile's
``printf 'FROM .../ap-airflow:%s-onbuild\\n' $(AC_VERSION) > Dockerfile``, ``>>`` and ``| tee Dockerfile``:
migrating the Dockerfile was undone by the next build, and nothing was reported.  Now the Dockerfile is
reviewed (never edited), the review naming the generator's line, as a ``cat > Dockerfile <<EOF`` heredoc
already was (:mod:`codemods.sources.image_readers`).  Controls: a Dockerfile no script writes, a step writing
another file (``> build.log``) and a build command that only names the Dockerfile keep being migrated.
"""

import subprocess

from trust_cli import run_cli

AC_FROM = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"
RUNTIME = "astro-runtime:5.5.0"


def _project(tmp_path, name, files):
    root = tmp_path / name
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=root)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return root, done


def _held(root, done, script, line):
    assert (root / "Dockerfile").read_text() == AC_FROM, done.stderr
    reviews = [l for l in done.stderr.splitlines() if l.startswith("Dockerfile:") and "review-ac-image" in l]
    assert reviews and f"{script} writes this file on line {line}" in reviews[0], done.stderr
    assert RUNTIME in reviews[0], done.stderr


def _migrated(root, done):
    assert RUNTIME in (root / "Dockerfile").read_text(), done.stderr


def test_echo_redirection_in_build_sh_holds_the_dockerfile(tmp_path):
    build = (
        "#!/bin/sh\nset -e\nAC_VERSION=${AC_VERSION:-2.3.4-11}\n"
        'echo "FROM quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild" > Dockerfile\n'
        "docker build -t acme/airflow .\n"
    )
    root, done = _project(tmp_path, "echo", {"Dockerfile": AC_FROM, "build.sh": build})
    _held(root, done, "build.sh", 4)


def test_printf_in_a_makefile_holds_the_dockerfile(tmp_path):
    make = (
        "AC_VERSION ?= 2.3.4-11\n\n.PHONY: image\nimage:\n"
        "\tprintf 'FROM quay.io/astronomer/ap-airflow:%s-onbuild\\n' $(AC_VERSION) > Dockerfile\n"
        "\tdocker build -t acme/airflow .\n"
    )
    root, done = _project(tmp_path, "printf", {"Dockerfile": AC_FROM, "Makefile": make})
    _held(root, done, "Makefile", 5)


def test_append_and_tee_hold_the_dockerfile(tmp_path):
    append = '#!/bin/sh\n: > Dockerfile\necho "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild" >>Dockerfile\n'
    root, done = _project(tmp_path, "append", {"Dockerfile": AC_FROM, "scripts/gen.sh": append})
    assert (root / "Dockerfile").read_text() == AC_FROM, done.stderr
    assert "scripts/gen.sh writes this file on line 2 and its text holds 'ap-airflow' on line 3" in done.stderr, done.stderr
    tee = '#!/bin/sh\necho "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild" | tee -a Dockerfile\n'
    root, done = _project(tmp_path, "tee", {"Dockerfile": AC_FROM, "build.sh": tee})
    _held(root, done, "build.sh", 2)


def test_controls_keep_being_migrated(tmp_path):
    # a script writing another file, and a build command naming the Dockerfile without writing it
    build = (
        "#!/bin/sh\n"
        'echo "base was quay.io/astronomer/ap-airflow" > build.log\n'
        "docker build -f Dockerfile . > docker.log\n"
    )
    root, done = _project(tmp_path, "controls", {"Dockerfile": AC_FROM, "build.sh": build})
    _migrated(root, done)
    root, done = _project(tmp_path, "plain", {"Dockerfile": AC_FROM})
    _migrated(root, done)


DOCKERFILE_ARG = "ARG BASE=quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\nFROM ${BASE}\n"


def test_python_build_arg_list_names_the_override(tmp_path):
    # the brief's form (a literal value) and the report's (an f-string of a constant)
    build = (
        "import subprocess\n\n"
        'AC_IMAGE = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"\n'
        'subprocess.run(["docker", "build", "--build-arg", "BASE=quay.io/astronomer/ap-airflow:2.3.4-11", "."])\n'
        'subprocess.run(["docker", "build", "--build-arg", f"BASE={AC_IMAGE}", "-t", "acme/airflow", "."], check=True)\n'
    )
    root, done = _project(tmp_path, "python", {"Dockerfile": DOCKERFILE_ARG, "build.py": build})
    lines = [l for l in done.stderr.splitlines() if "review-ac-image-build-arg" in l]
    assert lines and "build.py:4" in lines[0] and "build.py:5" in lines[0], done.stderr


def test_python_build_arg_controls(tmp_path):
    # another argument passed, and a list naming --build-arg for no BASE: the default is migrated silently
    build = (
        "import subprocess\n\n"
        'subprocess.run(["docker", "build", "--build-arg", "OTHER=1", "."])\n'
        'subprocess.run(["docker", "build", "--build-arg", "BASEX=1", "."])\n'
    )
    root, done = _project(tmp_path, "python-controls", {"Dockerfile": DOCKERFILE_ARG, "build.py": build})
    assert "review-ac-image-build-arg" not in done.stderr, done.stderr
    assert RUNTIME in (root / "Dockerfile").read_text(), done.stderr
