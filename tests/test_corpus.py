"""Realistic corpora: scripts that need migration, and files that must not change.

tests/corpus/scripts/*.py are rewritten to tests/corpus/scripts_expected/ (each
diff was reviewed by hand when it was recorded); the rewritten scripts validate
with no error and without the AC items the migration replaces.
tests/corpus/false_positives/ hold ``airflowVersion`` in every other sense:
they stay byte-identical and get no error.
"""

from pathlib import Path

import pytest
from helpers import output_bytes

from codemods.pipeline import process

CORPUS = Path(__file__).parent / "corpus"
SCRIPTS = sorted((CORPUS / "scripts").glob("*.py"))
FALSE_POSITIVES = sorted(p for p in (CORPUS / "false_positives").iterdir() if p.suffix in (".py", ".graphql"))
MIGRATED_AWAY = (
    "argument 'Mutation.createDeployment(airflowVersion:)'",
    "field Mutation.updateDeploymentAirflow",
    # the read side (issue 13): selections are aliased to the Runtime fields
    "field Deployment.airflowVersion",
    "field Deployment.desiredAirflowVersion",
)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_is_migrated_as_recorded(path, options):
    data = path.read_bytes()
    assert output_bytes(process(path.name, data, options), data) == (CORPUS / "scripts_expected" / path.name).read_bytes()


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_migrated_script_validates_and_is_stable(path, options):
    migrated = (CORPUS / "scripts_expected" / path.name).read_bytes()
    result = process(path.name, migrated, options)
    assert not result.changed
    assert [f.as_text() for f in result.findings if f.severity == "error"] == []
    # AC items may remain only where the person was told to review.
    reviewed_lines = {f.line for f in result.findings if f.code.startswith("review-")}
    left = [f for f in result.findings if any(item in f.message for item in MIGRATED_AWAY)]
    assert [f.as_text() for f in left if f.line not in reviewed_lines] == []


@pytest.mark.parametrize("path", FALSE_POSITIVES, ids=lambda p: p.name)
def test_false_positive_is_untouched_and_error_free(path, options):
    data = path.read_bytes()
    result = process(path.name, data, options)
    assert result.error is None
    assert not result.changed
    assert [f.as_text() for f in result.findings if f.severity == "error"] == []
