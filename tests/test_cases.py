"""Before/after pairs: tests/cases/<rule>/<name>.<ext> -> <name>.expected.<ext>.

A ``<name>.findings`` file, when present, lists the review findings and errors
the rewrite must report (``warning``/``error`` lines; deprecation warnings are
left out since every unmigrated document has them).
"""

from pathlib import Path

import pytest
from helpers import output_bytes, rewrite_bytes

CASES = Path(__file__).parent / "cases"
INPUTS = sorted(
    p for p in CASES.rglob("*") if p.is_file() and ".expected" not in p.name and p.suffix not in (".findings", ".md")
)


def _expected_path(path: Path) -> Path:
    return path.with_name(path.name.replace(path.suffix, ".expected" + path.suffix, 1) if path.suffix else path.name + ".expected")


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(CASES)))
def test_rewrite_matches_expected(path, options):
    data = path.read_bytes()
    result = rewrite_bytes(path.name, data, options)
    assert output_bytes(result, data) == _expected_path(path).read_bytes()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(CASES)))
def test_rewrite_is_idempotent(path, options):
    once = output_bytes(rewrite_bytes(path.name, path.read_bytes(), options), path.read_bytes())
    twice = rewrite_bytes(path.name, once, options)
    assert output_bytes(twice, once) == once


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(CASES)))
def test_findings_match_expected(path, options):
    result = rewrite_bytes(path.name, path.read_bytes(), options)
    expected_file = path.with_suffix(".findings")
    expected = expected_file.read_text().splitlines() if expected_file.exists() else []
    reported = [line for line in _review_and_errors(result)]
    assert reported == expected


def _review_and_errors(result):
    for finding in sorted(result.findings, key=lambda f: f.sort_key()):
        if finding.severity == "error" or finding.code.startswith("review-"):
            yield finding.as_text()
