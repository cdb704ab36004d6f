"""Red team 25 (report 13, "Houston 1.0.1"): more forms that carry an AC version to a Runtime version argument
after ``rewrite``, and the sound fallback that ends the chase.

One reader (``rules/one_step_values``) gives every review of "the AC values reaching this value" its forms; it
now also follows:

* f1: a helper called with ``upgrade(*row)`` (a row of a module list) or ``upgrade(**PLAN)``;
* f2: dict rows ``row["ver"]``, ``TEMPLATE.format(**row)``, NamedTuple rows ``t.ver``;
* f5: ``.strip()`` / ``str(...)`` around an environment default, an ``or`` fallback, a conditional;
* f8: ``SUPPORTED[-1]`` bound to a name, ``max(SUPPORTED)``, ``SUPPORTED[i]``, ``f"{target}"``;
* f9: ``version = version or "2.4.3-6"``, ``if version is None: version = ...``, a ``try``/``except KeyError``
  fallback;
* f10: a dataclass / pydantic-settings field default (``settings.target_version``) in a variables dict;
* f11: a parameter passed on through one more helper (cli -> service -> client), and its default there;
* f6: ``e["ver"] != d["airflowVersion"]`` over dict rows is reviewed as ``PINS.get(...)`` is.

The fallback: a value feeding a Runtime version argument that the reader cannot read whole, in a module that
holds AC versions no other review of that argument names, gets ``review-version-value`` naming them with their
lines and Runtime equivalents (by rewrite and check alike); never when every value is known, never for the
repros' controls, never for an image tag or a fill's own literal.

Each fixture is the red team's repro file (tests/rt26_version_values/); each test fails on the pass-25 build
(TRUST_CLI_UNDER_TEST=/tmp/rt25/venv/bin/houston-codemod).
"""

import shutil
from pathlib import Path

from trust_cli import rewrite_then_check, run_cli

FIXTURES = Path(__file__).parent / "rt26_version_values"
UNTRACED = "the tool cannot trace every value this argument gets"


def _rewrite_then_check(tmp_path, *names):
    for name in names:
        shutil.copy(FIXTURES / name, tmp_path / name)
    return rewrite_then_check(tmp_path)


def _rows(output, name, line, code="review-version-value"):
    return [row for row in output.splitlines() if row.startswith(f"{name}:{line}:") and f" {code} " in row]


def _assert_named(tmp_path, name, expected, code="review-version-value"):
    """``expected``: {line: texts its review must hold}, from rewrite and from check after it."""
    rewrite, check = _rewrite_then_check(tmp_path, name)
    assert "desiredRuntimeVersion" in (tmp_path / name).read_text(), rewrite
    for command, output in (("rewrite", rewrite), ("check", check)):
        for line, texts in expected.items():
            rows = _rows(output, name, line, code)
            assert rows, f"{command}: no {code} at {name}:{line}\n{output}"
            for text in texts:
                assert any(text in row for row in rows), f"{command}: {name}:{line} does not name {text}\n{output}"
    return rewrite, check


def test_f1_star_and_double_star_calls_of_a_helper_are_reviewed(tmp_path):
    _rewrite, check = _assert_named(
        tmp_path, "f1_star_rollout.py",
        {26: ("'2.3.4-11'", "'5.5.0'", "'2.4.3-6'", "'6.10.0'", "*row"), 27: ("'2.2.5-8'", "'4.2.9'", "**PLAN")},
    )
    assert '("etl-prod", "2.3.4-11")' in (tmp_path / "f1_star_rollout.py").read_text()  # the rows are never edited
    assert UNTRACED not in check  # every value is read: no fallback


def test_f2_dict_rows_format_splat_and_namedtuple_rows_are_reviewed(tmp_path):
    both = ("'2.3.4-11'", "'5.5.0'", "'2.4.3-6'", "'6.10.0'")
    rewrite, check = _assert_named(tmp_path, "f2_rows.py", {37: both, 47: both})
    # TEMPLATE.format(**row): the hole is the row's "ver" entry, named by rewrite and check
    for output in (rewrite, check):
        rows = _rows(output, "f2_rows.py", 13, "review-template-version")
        assert rows and all(text in rows[0] for text in both), output


def test_f5_strip_and_str_wrappers_keep_the_default(tmp_path):
    _assert_named(tmp_path, "f5_wrapped.py", {line: ("'2.4.3-6'", "'6.10.0'") for line in (20, 25, 30, 35, 40)})


def test_f8_module_list_picks_and_an_fstring_of_a_name(tmp_path):
    rewrite, check = _assert_named(
        tmp_path, "f8_lists.py",
        {21: ("'2.4.3-6'",), 25: ("'2.3.4-11'", "'2.4.3-6'"), 29: ("'2.3.4-11'", "'2.4.3-6'"), 34: ("'2.4.3-6'",),
         38: ("'2.4.3-6'",), 43: ("'2.4.3-6'",)},
    )
    # LATEST = SUPPORTED[-1] is the last element only
    for output in (rewrite, check):
        assert not any("'2.3.4-11'" in row for row in _rows(output, "f8_lists.py", 21)), output


def test_f9_none_default_idioms_and_a_keyerror_fallback(tmp_path):
    _assert_named(tmp_path, "f9_fallbacks.py", {line: ("'2.4.3-6'", "'6.10.0'") for line in (20, 26, 34, 39)})


def test_f10_dataclass_and_settings_field_defaults_in_a_variables_dict(tmp_path):
    _assert_named(tmp_path, "f10_fields.py", {33: ("'2.2.5'", "'4.2.9'"), 37: ("'2.4.3-6'", "'6.10.0'")})


def test_f11_a_parameter_passed_on_through_another_helper(tmp_path):
    _rewrite, check = _assert_named(
        tmp_path, "f11_chain.py",
        {28: ("'2.3.4-11'", "'5.5.0'", "which passes it for version of _upgrade()"),
         24: ("'2.4.3-6'", "'6.10.0'", "its default on line 22"), 30: ("'2.2.5'",)},
    )
    assert UNTRACED not in check


def test_f6_a_comparison_with_dict_rows_is_reviewed_like_a_dict_lookup(tmp_path):
    rewrite, check = _rewrite_then_check(tmp_path, "f6_audit.py")
    for output in (rewrite, check):
        for line in (26, 32):
            rows = _rows(output, "f6_audit.py", line, "review-ac-version-comparison")
            assert rows and "'2.3.4-11'" in rows[0], output
        assert "'2.4.3-6'" in _rows(output, "f6_audit.py", 26, "review-ac-version-comparison")[0], output
        assert len(_rows(output, "f6_audit.py", 26, "review-ac-version-comparison")) == 1, output


def test_fallback_names_the_modules_ac_versions_where_a_value_cannot_be_traced(tmp_path):
    # pick(dep) returns inside an if.  pool.starmap(upgrade, ROLLOUT) runs upgrade(*row) for each row: since red
    # team 28 (report 13, f8) those rows are read, so ROLLOUT's versions are reviewed where they are written
    # (line 34) and not said again by the fallback at line 28
    rewrite, check = _rewrite_then_check(tmp_path, "fallback_pool.py")
    for command, output in (("rewrite", rewrite), ("check", check)):
        rows = _rows(output, "fallback_pool.py", 34)
        assert rows and "'2.3.4-11'" in rows[0] and "'2.4.3-6'" in rows[0], f"{command}: {output}"
        rows = _rows(output, "fallback_pool.py", 28)
        assert rows and UNTRACED in rows[0], f"{command}: {output}"
        assert "'2.2.5' (line 23, Astro Runtime equivalent '4.2.9')" in rows[0], f"{command}: {rows[0]}"
        assert "'2.2.5-8'" not in output  # an image tag, only ever put inside the image reference
        assert "'2.1.1'" not in output  # not an AC version the table lists, and no hotfix suffix


def test_fallback_stays_quiet_for_known_values_and_the_repros_controls(tmp_path):
    names = ("fallback_known_control.py", "fallback_table_control.py", "fallback_compared_control.py", "f1_plain_control.py", "f2_tuples_control.py", "f5_wrapped.py",
             "f8_lists.py", "f9_fallbacks.py", "f11_chain.py")
    rewrite, check = _rewrite_then_check(tmp_path, *names)
    for output in (rewrite, check):
        assert UNTRACED not in output, output
        # a Runtime literal, an environment read and a comparison's AC literal: nothing to review
        assert not [row for row in output.splitlines() if row.startswith("fallback_known_control.py") and " review-" in row], output
        # convert(current) cannot be read whole, but AC_TO_RUNTIME's AC versions are the keys it converts from
        assert not [row for row in output.splitlines() if row.startswith("fallback_table_control.py") and " review-" in row], output
        # a library's parameter (no caller in the module) checked against LEGACY_AC, a version only compared with
        assert not [row for row in output.splitlines() if row.startswith("fallback_compared_control.py") and " review-" in row], output
    second = run_cli("rewrite", "--check", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr  # idempotent


def _untraced_module(count: int) -> bytes:
    """``count`` sends of a value the reader cannot follow, in a module holding ``count`` AC versions."""
    lines = [
        "import requests", 'URL = "https://houston.example.com/v1"',
        'UP = """mutation Up($id: Uuid!, $v: String!) { updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: $v) { id } }"""',
        "def compute(x):", "    if x:", '        return "2.2.5"', "    return x",
    ]
    lines += [f'PIN{i} = ["2.3.{i}-1"]' for i in range(count)]
    for i in range(count):
        lines.append(f"def send{i}(x):")
        lines.append(f'    requests.post(URL, json={{"query": UP, "variables": {{"id": "d", "v": compute(x)}}}})')
    return ("\n".join(lines) + "\n").encode()


def test_fallback_costs_linear_work(options):
    """N, 2N, 3N untraced sends in a module of N, 2N, 3N AC versions: the lines the version reader runs lie
    on a line (work, not time): the module's versions are listed once, each value walks a bounded few."""
    from codemods.rules import one_step_values
    from work_count import lines_run

    def check(result):
        assert sum(f.code == "review-version-value" and UNTRACED in f.message for f in result.findings) >= 1

    counts = [lines_run("many.py", _untraced_module(n), options, {one_step_values.__file__}, check=check) for n in (20, 40, 60)]
    assert counts[1] > 1.5 * counts[0], counts
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 20, counts
