"""Red team 24, report 11b (side note): a file a shell step writes its output over is that step's product.

A Makefile's ``envsubst < Dockerfile.tmpl > Dockerfile`` renders the Dockerfile from its template: the
Dockerfile was migrated alone (the next ``make`` writes the AC image back) and the template's review said
"the tag comes from ARG AC_VERSION", a line the template does not have.  Now the Dockerfile is held
(``review-generated-file`` naming the step), as a notebook's ``%%writefile`` cell holds the file it writes,
and the review names the variable as written.  Appending (``>>``), ``tee -a`` and ``2>`` write no file over.
"""

from trust_cli import run_cli

AC_FROM = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\nCOPY . .\n"
TEMPLATE = "FROM quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild\nCOPY . .\n"


def _project(root, recipe: str):
    (root / "Dockerfile").write_text(AC_FROM)
    (root / "Dockerfile.tmpl").write_text(TEMPLATE)
    (root / "Makefile").write_text(f"AC_VERSION ?= 2.3.4-11\nexport AC_VERSION\nbuild:\n\t{recipe}\n")


def test_a_rendered_dockerfile_is_held_and_the_template_review_is_true(tmp_path):
    for name, recipe in {"redirect": "envsubst < Dockerfile.tmpl > Dockerfile",
                         "tee": "envsubst < Dockerfile.tmpl | tee Dockerfile"}.items():
        root = tmp_path / name
        root.mkdir()
        _project(root, recipe)
        done = run_cli("rewrite", "--no-cache", ".", cwd=root)
        assert done.returncode in (0, 1), done.stderr
        assert (root / "Dockerfile").read_text() == AC_FROM, (name, done.stdout)
        said = done.stdout + done.stderr
        assert "review-generated-file" in said and "Makefile:4" in said, said
        template = [line for line in said.splitlines() if line.startswith("Dockerfile.tmpl")]
        assert template and "ARG AC_VERSION" not in template[0] and "${AC_VERSION}" in template[0], said


def test_steps_that_write_no_file_over_it_leave_the_migration(tmp_path):
    for name, recipe in {"append": "echo 'LABEL x=y' >> Dockerfile", "tee_append": "echo x | tee -a Dockerfile",
                         "stderr": "docker build . 2> Dockerfile.log"}.items():
        root = tmp_path / name
        root.mkdir()
        _project(root, recipe)
        done = run_cli("rewrite", "--no-cache", ".", cwd=root)
        assert done.returncode in (0, 1), done.stderr
        assert "astro-runtime:5.5.0" in (root / "Dockerfile").read_text(), (name, done.stdout)
