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


@pytest.fixture(scope="session")
def schema():
    return HoustonSchema.bundled()


@pytest.fixture(scope="session")
def versions():
    return VersionTable.bundled()


@pytest.fixture(scope="session")
def options(schema, versions):
    return Options(schema=schema, versions=versions, rewrite=True, validate=True)
