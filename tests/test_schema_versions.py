"""One annotated SDL, a schema per platform version, and what each says of the same scripts."""

from pathlib import Path

import pytest
from graphql import parse, specified_rules, validate
from helpers import cli_runner

from codemods.cli import main
from codemods.houston_schema import HoustonSchema
from codemods.pipeline import Options, process
from codemods.schema_versions import (
    DEFAULT_VERSION,
    boundaries,
    bundled_sdl,
    derive,
    format_version,
)
from codemods.versions import VersionTable

REAL_DOCUMENTS = sorted((Path(__file__).parent / "corpus" / "real_documents").glob("*.graphql"))
AC_SCRIPT = b'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id airflowVersion } }"""\n'
RUNTIME_SCRIPT = AC_SCRIPT.replace(b'airflowVersion: "2.3.1"', b'runtimeVersion: "5.0.2"').replace(b"id airflowVersion", b"id runtimeVersion")


def _verdict(version, data):
    options = Options(HoustonSchema.bundled(version), VersionTable.bundled())
    result = process("s.py", data, options)
    return sorted({(f.severity, f.code) for f in result.findings if f.severity != "info"}), result.changed


@pytest.mark.parametrize(
    "version, data, findings, rewrites",
    [
        ("0.28", AC_SCRIPT, [], False),
        ("0.28", RUNTIME_SCRIPT, [("error", "fields-on-correct-type"), ("error", "known-argument-names")], False),
        ("1.0.0", AC_SCRIPT, [("warning", "deprecated")], True),
        ("1.0.0", RUNTIME_SCRIPT, [], False),
        ("1.0.1", AC_SCRIPT, [("error", "fields-on-correct-type"), ("error", "known-argument-names")], True),
        ("1.0.1", RUNTIME_SCRIPT, [], False),
    ],
)
def test_each_platform_version_judges_the_same_scripts(version, data, findings, rewrites):
    assert _verdict(version, data) == (findings, rewrites)


def test_every_version_boundary_builds():
    sdl = bundled_sdl()
    versions = boundaries(sdl)
    assert (0, 29, 0) in versions and (1, 0, 1) in versions
    for version in versions:
        derive(sdl, format_version(version), "bundled")


def test_default_is_the_newest_version_with_both_sides():
    schema = HoustonSchema.bundled().schema
    arguments = schema.mutation_type.fields["createDeployment"].args
    assert DEFAULT_VERSION == "1.0.0"
    assert "airflowVersion" in arguments and "runtimeVersion" in arguments
    assert arguments["airflowVersion"].deprecation_reason


@pytest.fixture(scope="module")
def version_schemas():
    sdl = bundled_sdl()
    ordered = [DEFAULT_VERSION] + [format_version(v) for v in reversed(boundaries(sdl))]
    return [derive(sdl, v, "bundled").schema for v in ordered]


@pytest.mark.parametrize("path", REAL_DOCUMENTS, ids=lambda p: p.name)
def test_real_houston_documents_are_valid_for_some_platform_version(path, version_schemas):
    document = parse(path.read_text())
    assert any(not validate(schema, document, specified_rules) for schema in version_schemas)


def test_houston_version_from_configuration(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.houston-codemod]\nhouston-version = "1.0.1"\n')
    (tmp_path / "s.py").write_bytes(AC_SCRIPT)
    monkeypatch.chdir(tmp_path)
    result = cli_runner().invoke(main, ["check", "s.py"])
    assert result.exit_code == 1
    assert "known-argument-names Unknown argument 'airflowVersion'" in result.stdout
    assert cli_runner().invoke(main, ["check", "--houston-version", "1.0.0", "s.py"]).exit_code == 0


def test_schema_diff_puts_the_migration_first_and_fails_on_breaking_changes():
    result = cli_runner().invoke(main, ["schema", "diff", "1.0.0", "1.0.1"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # graphql-core words it slightly differently from one release to the next.
    assert any(
        line.startswith("BREAKING ARG_REMOVED ") and "createDeployment" in line and "airflowVersion" in line
        for line in lines
    )
    assert all("irflow" in line or "Runtime" in line for line in lines[:5])
    assert cli_runner().invoke(main, ["schema", "diff", "0.28", "0.29"]).exit_code == 0


def test_bad_version_is_a_usage_error():
    result = cli_runner().invoke(main, ["check", "--houston-version", "latest", "."])
    assert result.exit_code == 2
    assert "not a Houston version: 'latest'" in result.stderr
