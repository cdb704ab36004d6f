"""Red team 23 (report 11b), f2: a make file the root Makefile pulls in is part of the Makefile make runs.

``include make/astro.mk``, ``include Makefile.astro``, ``-include $(wildcard make/*.mk)``, ``include $(ROOT)/make/x.mk``,
``$(MAKE) -f make/astro.mk`` and ``$(MAKE) -C make``: the fragment that seds the AC tag out of the Dockerfile for
``astro deployment airflow upgrade --desired-airflow-version`` holds the Dockerfile (review-ac-image), one passing
``--build-arg BASE=<AC image>`` makes the ARG default's migration say so (review-ac-image-build-arg), and a fragment
exporting a compose variable before ``docker compose up`` makes the compose default a review: exactly what the same
lines get in the root Makefile.  Before, the fragment was not read and the Dockerfile was migrated with 0 reviews.
"""


import pytest
from trust_cli import run_cli, git_tree

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
DOCKERFILE = "FROM " + AC + "\n"
READER = (
    "# the Deployment's AC version is read from the Dockerfile tag\n"
    "AC_TAG := $(shell sed -n 's|^FROM quay.io/astronomer/ap-airflow:\\(.*\\)-onbuild|\\1|p' Dockerfile)\n"
    "upgrade:\n"
    "\tastro deployment airflow upgrade --deployment-id $(DEP) --desired-airflow-version $(AC_TAG)\n"
)


_tree = git_tree  # trust_cli's: a git work tree holding the files


def _rewrite(tmp_path):
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode != 2 and "internal error" not in said and "Traceback" not in said, said
    return said


@pytest.mark.parametrize("makefile, fragment", [
    ("include make/astro.mk\n\n.PHONY: upgrade\n", "make/astro.mk"),
    ("include Makefile.astro\n", "Makefile.astro"),
    ("-include $(wildcard make/*.mk)\n", "make/astro.mk"),
    ("ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))\ninclude $(ROOT)/make/astro.mk\n", "make/astro.mk"),
    ("upgrade:\n\t$(MAKE) -f make/astro.mk upgrade\n", "make/astro.mk"),
    ("upgrade:\n\tmake --file=make/common.inc upgrade\n", "make/common.inc"),
    ("include make/all.mk\n", "make/astro.mk"),  # nested: make/all.mk includes make/astro.mk
])
def test_included_fragment_reading_the_tag_holds_the_dockerfile(tmp_path, makefile, fragment):
    files = {"Dockerfile": DOCKERFILE, "Makefile": makefile, fragment: READER}
    if makefile.startswith("include make/all.mk"):
        files["make/all.mk"] = "include make/astro.mk\n"
    _tree(tmp_path, files)
    said = _rewrite(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == DOCKERFILE, said
    assert "review-ac-image" in said and fragment in said, said


def test_make_dash_c_folder_makefile(tmp_path):
    _tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "Makefile": "upgrade:\n\t$(MAKE) -C make upgrade\n",
        "make/Makefile": READER.replace(" Dockerfile)", " ../Dockerfile)"),
    })
    said = _rewrite(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == DOCKERFILE, said
    assert "make/Makefile" in said, said


def test_included_build_arg_is_reported_as_in_the_root_makefile(tmp_path):
    arg = "ARG BASE=" + AC + "\nFROM ${BASE}\n"
    _tree(tmp_path, {
        "Dockerfile": arg,
        "Makefile": "include make/docker.mk\n",
        "make/docker.mk": "build:\n\tdocker build --build-arg BASE=" + AC + " -t acme/airflow .\n",
    })
    said = _rewrite(tmp_path)
    assert "review-ac-image-build-arg" in said and "make/docker.mk:2" in said, said


def test_included_fragment_exporting_a_compose_variable(tmp_path):
    compose = "services:\n  scheduler:\n    image: ${AIRFLOW_IMAGE:-quay.io/astronomer/ap-airflow:2.3.4-11}\n"
    _tree(tmp_path, {
        "docker-compose.yml": compose,
        "Makefile": "include Makefile.stack\n",
        "Makefile.stack": "AIRFLOW_IMAGE := quay.io/astronomer/ap-airflow:2.3.4-11\nexport AIRFLOW_IMAGE\nup:\n\tdocker compose up -d\n",
    })
    said = _rewrite(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose, said
    assert "Makefile.stack:1" in said, said


def test_control_unrelated_include_still_migrates(tmp_path):
    """Precision: an included fragment that neither reads the tag nor sets the image leaves the edit as it was."""
    _tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "Makefile": "include make/lint.mk\n",
        "make/lint.mk": "lint:\n\truff check .\n",
    })
    _rewrite(tmp_path)
    assert "astro-runtime" in (tmp_path / "Dockerfile").read_text()


@pytest.mark.parametrize("root, fragment", [
    ("include make/vars.mk\nup:\n\tdocker compose up -d\n", "AIRFLOW_IMAGE := quay.io/astronomer/ap-airflow:2.3.4-11\nexport AIRFLOW_IMAGE\n"),
    ("export AIRFLOW_IMAGE := quay.io/astronomer/ap-airflow:2.3.4-11\ninclude make/vars.mk\n", "up:\n\tdocker compose up -d\n"),
])
def test_make_files_of_one_project_are_one_launcher(tmp_path, root, fragment):
    """The export in one make file and ``docker compose`` in another it includes (either way round)."""
    compose = "services:\n  scheduler:\n    image: ${AIRFLOW_IMAGE:-quay.io/astronomer/ap-airflow:2.3.4-11}\n"
    _tree(tmp_path, {"docker-compose.yml": compose, "Makefile": root, "make/vars.mk": fragment})
    said = _rewrite(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose, said
    assert "review-ac-image" in said and ("make/vars.mk:1" in said or "Makefile:1" in said), said


def test_report_never_replaces_an_included_make_file(tmp_path):
    """``-o`` refuses a file the run reads: ``Makefile.astro`` is read as part of the Makefile."""
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, "Makefile": "include Makefile.astro\n", "Makefile.astro": READER})
    done = run_cli("check", "--no-cache", "-o", "Makefile.astro", ".", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert (tmp_path / "Makefile.astro").read_text() == READER


def test_included_fragment_uses_the_makefiles_variables(tmp_path):
    """The fragment's ``$(DF)`` is the root Makefile's ``DF := Dockerfile``: one program, one set of variables."""
    reader = "AC_TAG := $(shell sed -n 's|^FROM quay.io/astronomer/ap-airflow:\\(.*\\)-onbuild|\\1|p' $(DF))\n"
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, "Makefile": "DF := Dockerfile\ninclude make/a.mk\n", "make/a.mk": reader})
    said = _rewrite(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == DOCKERFILE, said
    assert "make/a.mk:1" in said, said


def test_export_in_the_makefile_value_in_the_fragment(tmp_path):
    compose = "services:\n  scheduler:\n    image: ${AIRFLOW_IMAGE:-quay.io/astronomer/ap-airflow:2.3.4-11}\n"
    _tree(tmp_path, {
        "docker-compose.yml": compose,
        "Makefile": "include make/vars.mk\nexport AIRFLOW_IMAGE\nup:\n\tdocker compose up -d\n",
        "make/vars.mk": "AIRFLOW_IMAGE ?= quay.io/astronomer/ap-airflow:2.3.4-11\n",
    })
    said = _rewrite(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose, said
    assert "make/vars.mk:1" in said, said


def test_included_env_file_exported_by_a_bare_export(tmp_path):
    """``include ci.env`` then ``export`` alone: make exports every variable, ci.env's too, to compose."""
    compose = "services:\n  scheduler:\n    image: ${AIRFLOW_IMAGE:-quay.io/astronomer/ap-airflow:2.3.4-11}\n"
    _tree(tmp_path, {
        "docker-compose.yml": compose,
        "Makefile": "include ci.env\nexport\nup:\n\tdocker compose up -d\n",
        "ci.env": "AIRFLOW_IMAGE=quay.io/astronomer/ap-airflow:2.3.4-11\n",
    })
    said = _rewrite(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose, said
    assert "ci.env:1" in said, said
