"""A reviewer of red team 25 (report 11b, not filed): compose ``image: >-`` with the reference on the next line was
reviewed as "inside a block scalar (a script)"; it is an image written as a block scalar.  A script's block
scalar (``command: >-``) keeps its words."""

from trust_cli import run_cli

COMPOSE = (
    "services:\n  airflow:\n    image: >-\n      quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"
    "  init:\n    image: busybox\n    command: >-\n      echo quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"
)


def test_an_image_written_as_a_block_scalar_is_not_called_a_script(tmp_path):
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    done = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    lines = {line.split(":")[1]: line for line in done.stdout.splitlines() if line.startswith("docker-compose.yml:")}
    assert "the value of 'image:' written as a block scalar" in lines["4"], done.stdout
    assert "a script" not in lines["4"] and "inside a block scalar (a script)" in lines["8"], done.stdout
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE
