import os
from pathlib import Path

import pytest
from hypothesis import settings

from codemods.houston_schema import HoustonSchema
from codemods.pipeline import Options
from codemods.versions import VersionTable

settings.register_profile("ci", max_examples=40, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent

# The persistent result cache is off for the suite (and the commands it starts): a test that
# swaps an internal for a broken one must see it run, not a stored answer from an earlier
# test.  tests/test_cache.py turns it on for its own runs.
os.environ["HOUSTON_CODEMOD_NO_CACHE"] = "1"

# The installed CLI's runs start from a process that has imported it (tests/cli_zygote.py): a fork
# per run instead of an interpreter start and every import.  HOUSTON_CODEMOD_TEST_REAL_PROCESS=1
# starts each run as a user does.
import cli_zygote  # noqa: E402

cli_zygote.install()


@pytest.fixture(scope="session")
def schema():
    return HoustonSchema.bundled()


@pytest.fixture(scope="session")
def versions():
    return VersionTable.bundled()


@pytest.fixture(scope="session")
def options(schema, versions):
    return Options(schema=schema, versions=versions, rewrite=True, validate=True)


def pytest_xdist_auto_num_workers(config):
    """How many pytest-xdist workers ``-n auto`` (pyproject's addopts) starts.

    The suite is mostly the installed CLI run in subprocesses, so it is CPU-bound: one worker
    per CPU this process may use (CI has 2).  xdist's own count prefers psutil's *physical*
    cores, which can be 1 on a 2-vCPU machine.  Under ``-s`` the tests run in this process
    (0 workers), because worker output is never shown and the corpus tests print their
    figures (README's "Measured" commands).  PYTEST_XDIST_AUTO_NUM_WORKERS still wins.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    if config.option.capture == "no":
        return 0
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# The longest test files, started first: pytest-xdist (--dist loadfile) hands files out in
# collection order, and the foreign corpus (about 100 s on one worker) collected in the middle of
# the alphabet used to start last, with the other worker idle for its whole run.
LONGEST_FIRST = ("test_foreign_corpus.py", "test_mutation_corpus.py", "test_trust_secrets_more.py", "test_trust_trees.py")


def pytest_collection_modifyitems(session, config, items):
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order
