"""Results and their order do not depend on --jobs."""

import shutil
from pathlib import Path

import pytest
from helpers import cli_runner

from codemods.cli import main

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("command", [["check", "--format", "json"], ["rewrite", "--diff"], ["check", "--format", "sarif"]])
def test_output_is_the_same_for_any_number_of_jobs(command, tmp_path):
    # A copy outside the checkout: a folder inside a git work tree is judged with the whole project as
    # context (run_context), which would make this test read and index the test suite itself.
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    outputs = {
        jobs: cli_runner().invoke(main, [*command, "--jobs", str(jobs), str(corpus)])
        for jobs in (1, 2, 3)
    }
    first = outputs[1]
    assert first.exit_code in (0, 1)
    for result in outputs.values():
        assert (result.exit_code, result.stdout, result.stderr) == (first.exit_code, first.stdout, first.stderr)
