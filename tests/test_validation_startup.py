"""Validation row of issue 15 (``check`` of .graphql operations vs graphql-inspector): work counted, not timed.

* ``validate._run_rules`` walks each document once with per-kind tables filled once
  per process, instead of graphql-core's generic ``visit`` through
  ``TypeInfoVisitor(ParallelVisitor(...))``: it must report exactly the errors
  ``graphql.validate`` reports with the same rules, in the same order, with the same
  codes (the error limit and the fragment-nesting abort included), and fall back to
  ``graphql.validate`` only where it says it does.
* The rewrite's second validation (``added_errors``) leaves out only the deprecation
  rule, and only while deprecations are warnings.
* The bundled SDL is parsed once per process for both schemas; the pool's parent builds
  both before forking.
* A run over .graphql files only never imports LibCST (through the installed script).
"""

import os
import subprocess
import sys

import pytest
from graphql import parse, validate

from codemods import runner, schema_versions
from codemods import validate as validation
from codemods.destination import gather_vocabulary
from codemods.files import Discovered
from codemods.houston_schema import HoustonSchema
from codemods.pipeline import BundledSchema, Options, process
from codemods.versions import VersionTable

SCRIPT = os.path.join(os.path.dirname(sys.executable), "houston-codemod")

DOCUMENTS = [
    # unknown fields and arguments, an unused variable, a deprecated argument and field
    "query Q($r: String, $unused: Int) { deployments(releaseName: $r) { id airflowVersion nope } }",
    # overlapping fields, duplicate and anonymous operations, a wrong variable position
    'query Q($v: String) { deployments { id: releaseName id } workspaces { deployments(x: 1) { nope } } }\n'
    "query Q { self { user { id } } }\n{ self { user { id } } }",
    # fragment cycles, unused and unknown fragments, a type condition that cannot apply
    "fragment A on Deployment { id ...B } fragment B on Deployment { ...A nope } "
    "fragment U on Deployment { ... on Workspace { label } } query { deployments { ...A ...Missing } }",
    # directives (KnownDirectives reads the ancestors), unknown types (KnownTypeNames reads parent and ancestors)
    "query ($x: Nope, $y: [Int!]) @skip(if: true) { deployments(releaseName: $y) @unknown { id @include "
    "label @skip(if: $x) } }",
    # a type definition in an executable document, a subscription with two root fields, values of the wrong type
    'type Extra { a: Int } subscription S { a b } query { deployments(releaseName: 3, releaseName: "a") { id } }',
    # variables through fragments: undefined, unused, defaults, in and out of allowed positions
    'query V($a: String = "x", $b: Int, $d: Boolean!) { deployments(releaseName: $a) { ...P } } '
    "fragment P on Deployment { id label @include(if: $b) workspace { deployments(releaseName: $c) { id } } }",
    # more than 100 errors: validation stops with graphql-core's abort error
    "query Many { deployments { " + " ".join(f"f{i}" for i in range(130)) + " } }",
]


def _described(errors):
    return [
        (e.message, [(loc.line, loc.column) for loc in e.locations or ()], (e.extensions or {}).get("code"))
        for e in errors
    ]


@pytest.fixture(scope="module")
def schema():
    return HoustonSchema.bundled(None).schema


@pytest.mark.parametrize("text", DOCUMENTS)
@pytest.mark.parametrize("severity", ["warning", "error"])
def test_the_walk_reports_what_graphql_validate_reports_in_order(schema, text, severity, monkeypatch):
    rules = validation._rule_set(severity, False)[0]
    expected = _described(validate(schema, parse(text), (rules,)))
    assert expected  # every document here is invalid somehow
    fallbacks = []
    monkeypatch.setattr(validation, "validate", lambda *a: fallbacks.append(a) or validate(*a))
    assert _described(validation._run_rules(schema, parse(text), rules)) == expected
    assert fallbacks == []  # the walk itself answered


def test_variable_usages_are_found_without_graphql_cores_visit(schema, monkeypatch):
    import graphql.validation.validation_context as validation_context

    visits = []
    real = validation_context.visit
    monkeypatch.setattr(validation_context, "visit", lambda *a, **k: visits.append(a) or real(*a, **k))
    rules = validation._rule_set("warning", False)[0]
    text = DOCUMENTS[-2]
    ours = _described(validation._run_rules(schema, parse(text), rules))
    assert visits == []  # the usages came from the plain walk
    assert ours == _described(validate(schema, parse(text), (rules,)))
    assert visits  # graphql-core's own validate does use visit for them: the spy works
    assert {code for _, _, code in ours} >= {"no-undefined-variables", "no-unused-variables"}


def test_the_error_limit_aborts_as_graphql_core_does(schema):
    rules = validation._rule_set("warning", False)[0]
    errors = validation._run_rules(schema, parse(DOCUMENTS[-1]), rules)
    assert len(errors) == 101
    assert errors[-1].message == "Too many validation errors, error limit reached. Validation aborted."


def test_fragments_nested_too_deeply_fall_back_to_graphql_validate(schema, monkeypatch):
    from graphql.language.parser import MAX_NESTING_DEPTH

    depth = MAX_NESTING_DEPTH + 5
    text = "query Deep { deployments { ...F0 } }\n" + "".join(
        f"fragment F{i} on Deployment {{ id deployment: workspace {{ ...F{i + 1} }} }}\n" for i in range(depth)
    ) + f"fragment F{depth} on Workspace {{ id }}\n"
    rules = validation._rule_set("warning", False)[0]
    expected = _described(validate(schema, parse(text), (rules,)))
    assert expected[-1][0] == "Validation aborted."
    fallbacks = []
    monkeypatch.setattr(validation, "validate", lambda *a: fallbacks.append(a) or validate(*a))
    assert _described(validation._run_rules(schema, parse(text), rules)) == expected
    assert len(fallbacks) == 1  # the guard's RecursionError: graphql-core's own validate answered


def test_per_kind_tables_are_filled_once_per_process(schema):
    rules = validation._rule_set("warning", False)[0]
    for text in DOCUMENTS:
        validation._run_rules(schema, parse(text), rules)
    tables, kinds = validation._kind_table.cache_info().currsize, dict(rules._kinds)
    assert kinds  # the kinds met so far, each looked up once
    for text in DOCUMENTS * 3:
        validation._run_rules(schema, parse(text), rules)
    assert validation._kind_table.cache_info().currsize == tables  # one table per rule set, not per document
    assert rules._kinds == kinds


def _rewrite_options(severity):
    return Options(
        schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False, writing=True,
        deprecation_severity=severity,
    )


@pytest.mark.parametrize("severity", ["warning", "error"])
def test_the_rewrites_second_validation_leaves_out_only_the_deprecation_rule(severity):
    text = (
        'mutation Up%d($d: Uuid!) {\n  updateDeploymentAirflow(deploymentUuid: $d, desiredAirflowVersion: "2.4.1-2")'
        " { id releaseName }\n}\n" % (1000 + len(severity))
    ).encode()
    before = validation.validations
    result = process("up.graphql", text, _rewrite_options(severity))
    assert result.error is None and result.changed
    assert validation.validations - before == 2  # the original and the rewritten text, once each
    rewritten = result.new_text
    keys = [key for key in validation._VALIDATED if key[3] == rewritten]
    # deprecations as warnings: the rewritten text was validated without the deprecation rule;
    # as errors, with every rule (a deprecation is then an error the rewrite could add).
    assert [key[1] for key in keys] == [validation.ERRORS_ONLY if severity == "warning" else "error"]
    members = validation._rule_set(keys[0][1], False)[0].members
    assert (validation.NoDeprecatedCustomRule in {m[0] for m in members}) == (severity == "error")
    assert {m[0] for m in members} >= set(validation.specified_rules)  # no error rule is ever left out


def test_the_bundled_sdl_is_parsed_once_for_both_schemas():
    schema_versions.parsed_sdl.cache_clear()
    schema_versions._derive_cached.cache_clear()
    gather_vocabulary.every_version_schema.cache_clear()
    text = b"query Parsed($r: String) { deployments(releaseName: $r) { id releaseName } }\n"
    result = process("parsed.graphql", text, Options(schema=BundledSchema(None), versions=VersionTable.bundled()))
    assert result.documents and result.documents[0].houston
    assert gather_vocabulary.every_version_schema.cache_info().currsize == 1
    assert schema_versions._derive_cached.cache_info().currsize == 1
    info = schema_versions.parsed_sdl.cache_info()
    assert (info.misses, info.hits) == (1, 1)  # one parse, used by both builds


def test_the_pools_parent_builds_both_schemas_before_forking(tmp_path):
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=False) != "fork":
        pytest.skip("workers share the parent's schemas only when forked")
    gather_vocabulary.every_version_schema.cache_clear()
    path = tmp_path / "q.graphql"
    path.write_text("query Q { deployments { id } }\n")
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled())
    import gc

    try:
        runner._warm(options, [(Discovered(str(path)), path.read_bytes())])
    finally:
        gc.unfreeze()
    assert not isinstance(options.schema, BundledSchema)  # the served schema, built
    assert gather_vocabulary.every_version_schema.cache_info().currsize == 1  # and the every-version one


def test_a_graphql_only_run_never_imports_libcst(tmp_path):
    (tmp_path / "a.graphql").write_text(
        'mutation Up($d: Uuid!) {\n  updateDeploymentAirflow(deploymentUuid: $d, desiredAirflowVersion: "2.4.1-2")'
        " { id releaseName }\n}\n"
    )
    (tmp_path / "b.graphql").write_text(
        "query B($w: Uuid!, $unused: String) { workspaceDeployments(workspaceUuid: $w) { id releaseName } }\n"
    )
    env = dict(os.environ, HOUSTON_CODEMOD_NO_CACHE="1")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", SCRIPT, "check", "--jobs", "1", "--format", "json", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert '"code": "no-unused-variables"' in done.stdout  # validated
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert "graphql" in imported  # the import log is there
    assert not [name for name in imported if name.split(".")[0] == "libcst"]


def test_the_rules_field_walk_matches_graphql_cores_visit_without_calling_it(monkeypatch):
    from graphql import TypeInfo, TypeInfoVisitor, visit

    from codemods.rules import walk

    class Ctx:
        fields_cache = None

    text = DOCUMENTS[1] + "\n" + DOCUMENTS[-2]
    ctx = Ctx()
    ctx.schema, ctx.document = HoustonSchema.bundled(None), parse(text)
    type_info = TypeInfo(ctx.schema.schema)
    collector = walk._FieldCollector(type_info)
    visit(ctx.document, TypeInfoVisitor(type_info, collector))
    import graphql
    import graphql.language.visitor

    def refused(*_args, **_kwargs):
        raise AssertionError("graphql-core's visit was called")

    for module in (graphql, graphql.language.visitor):
        monkeypatch.setattr(module, "visit", refused)
    found = list(walk.fields_with_definitions(ctx))  # the plain walk, no visit
    assert [(id(node), definition) for node, definition in found] == [
        (id(node), definition) for node, definition in collector.found
    ]
    assert any(definition is None for _, definition in found) and any(definition for _, definition in found)


def test_the_bundled_sdl_is_valid_at_every_version_so_no_start_validates_it():
    """The proof that lets a run build the bundled schemas with ``assume_valid_sdl``: the SDL as
    written (the every-version schema) and as served at every version boundary passes graphql-core's
    SDL validation, and each builds a schema that passes schema validation."""
    from graphql import assert_valid_schema, build_ast_schema
    from graphql.validation.validate import assert_valid_sdl

    sdl = schema_versions.bundled_sdl()
    document = schema_versions.parsed_sdl(sdl)
    assert_valid_sdl(document)
    assert_valid_schema(build_ast_schema(document))
    versions = set(schema_versions.boundaries(sdl)) | {schema_versions.parse_version(schema_versions.DEFAULT_VERSION)}
    for version in sorted(versions):
        pruned = schema_versions._prune(document, version)
        assert_valid_sdl(pruned)
        assert_valid_schema(build_ast_schema(pruned))


def test_a_run_does_not_validate_the_bundled_sdl_but_validates_a_given_one(tmp_path, monkeypatch):
    import graphql.validation.validate  # noqa: F401 (graphql.validation.validate is also a function's name)

    building = sys.modules["graphql.validation.validate"]  # build_ast_schema imports assert_valid_sdl from it per call

    calls = []
    checker = building.assert_valid_sdl
    monkeypatch.setattr(building, "assert_valid_sdl", lambda document: calls.append(document) or checker(document))
    schema_versions._derive_cached.cache_clear()
    gather_vocabulary.every_version_schema.cache_clear()
    try:
        HoustonSchema.bundled(None)
        gather_vocabulary.every_version_schema()
        assert calls == []  # counted: neither bundled build validates the SDL text again
        given = tmp_path / "given.graphql"
        given.write_text(schema_versions.bundled_sdl() + "\ntype Query2 { x: Int }\n")
        HoustonSchema.from_file(str(given))
        assert len(calls) == 1  # an SDL the user gives is validated, as before
    finally:
        schema_versions._derive_cached.cache_clear()
        gather_vocabulary.every_version_schema.cache_clear()


def test_an_invalid_given_schema_is_still_one_line_and_exit_2(tmp_path):
    (tmp_path / "q.graphql").write_text("query Q { deployments { id } }\n")
    schema = tmp_path / "bad.graphql"
    schema.write_text(schema_versions.bundled_sdl() + "\ntype Deployment { again: Int }\n")  # a second Deployment
    done = subprocess.run([SCRIPT, "check", "--schema", str(schema), str(tmp_path / "q.graphql")], capture_output=True)
    assert done.returncode == 2
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith(f"houston-codemod: {schema}") and "Deployment" in line
    assert "Traceback" not in done.stderr.decode()


def test_rule_objects_are_made_only_for_the_kinds_a_document_has(schema):
    """A rule acting only on directives or fragments is not made for a document without them;
    it still is, and reports, when they are there (the reports match graphql.validate above)."""
    rules = validation._rule_set("warning", False)[0]
    directive_only = {
        i for i, (rule, _, _) in enumerate(rules.members)
        if all(not name.startswith(("enter", "leave")) or name.endswith("_directive")
               for name in vars(rule) if callable(getattr(rule, name)))
    }
    assert directive_only  # KnownDirectivesRule, at least
    before = validation.rule_objects
    assert validation._run_rules(schema, parse("query Plain { deployments { id } }"), rules) == []
    plain = validation.rule_objects - before
    assert 0 < plain <= len(rules.members) - len(directive_only)
    before = validation.rule_objects
    errors = validation._run_rules(schema, parse("query D { deployments @nope { id } }"), rules)
    assert [e.extensions["code"] for e in errors] == ["known-directives"]
    assert validation.rule_objects - before > plain  # the directive rules were made for this one
