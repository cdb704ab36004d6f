"""Red team 28 (report 13, "Houston 1.0.1"): AC versions reaching a Runtime version argument after ``rewrite``
through forms the value reader (``rules/one_step_values``) did not follow, so rewrite gave a generic review
and ``check --houston-version 1.0.1`` afterwards was silent.

The class: a reading that meets a form it does not understand counted as whole (or the fallback returned
early), so nothing spoke.  Fixed in the reader and its fallback:

* f1 / f5: ``self.TARGET``, ``cls.TARGET``, ``plan.version`` of ``def up(plan: Plan)`` read as argparse's
  parsed arguments (any parameter was taken for ``args``); ``SimpleNamespace(target=...).target``;
* f3: ``parser.set_defaults(version=...)`` read as ``args.version``;
* f9: ``options.pop("version", "2.4.3-6")`` read as ``.get`` with a default;
* f8: ``itertools.starmap(upgrade, PLAN)`` read as ``upgrade(*PLAN)`` (a one-row PLAN has no row 1: silent);
* f2: ``f"{AIRFLOW}-{HOTFIX}"`` / ``AIRFLOW + "-6"``: the text it is, or a miss naming the pieces' versions;
* f4: ``houston(UPGRADE, make_vars(dep, "2.4.3-6"))``: the helper's returned dict is read, and the literal a
  call passes is reviewed where it is written;
* the fallback no longer stays silent for any attribute or key read: only a response's (or a Houston version
  field's).

Each test fails on the pass-28 build (TRUST_CLI_UNDER_TEST=/tmp/rt28/venv/bin/houston-codemod).
"""

from trust_cli import rewrite_then_check, run_cli

HEAD = '''import os, requests
UPGRADE = """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
def houston(query, variables):
    r = requests.post(os.environ["HOUSTON_URL"], json={"query": query, "variables": variables},
                      headers={"Authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]
'''
UNTRACED = "the tool cannot trace every value this argument gets"


def _rewrite_then_check(tmp_path, files):
    for name, body in files.items():
        (tmp_path / name).write_text(HEAD + body)
    (tmp_path / ".git").mkdir()
    return rewrite_then_check(tmp_path)


def _line_of(body, text):
    return HEAD.count("\n") + next(i for i, row in enumerate(body.splitlines(), 1) if text in row)


def _assert_named(tmp_path, files, expected, code="review-version-value"):
    """``expected``: {name: (the text on the reviewed line, texts its review must hold)}, from rewrite and from
    check after it."""
    rewrite, check = _rewrite_then_check(tmp_path, files)
    for name in files:
        assert "desiredRuntimeVersion" in (tmp_path / name).read_text(), rewrite
    for command, output in (("rewrite", rewrite), ("check", check)):
        for name, (marker, texts) in expected.items():
            line = _line_of(files[name], marker)
            rows = [row for row in output.splitlines() if row.startswith(f"{name}:{line}:") and f" {code} " in row]
            assert rows, f"{command}: no {code} at {name}:{line}\n{output}"
            for text in texts:
                assert any(text in row for row in rows), f"{command}: {name}:{line} does not name {text}\n{output}"
    return rewrite, check


NAMED = ("'2.4.3-6'", "'6.10.0'")


def test_f1_class_attributes_through_self_and_cls_and_a_namespace_are_named(tmp_path):
    send = '{"deploymentUuid": dep, "desiredAirflowVersion": %s})'
    files = {
        "by_self.py": 'class Upgrader:\n    TARGET = "2.4.3-6"\n    def run(self, dep):\n'
                      '        return houston(UPGRADE, ' + send % "self.TARGET" + "\n",
        "by_cls.py": 'class Upgrader:\n    TARGET = "2.4.3-6"\n    @classmethod\n    def run(cls, dep):\n'
                     '        return houston(UPGRADE, ' + send % "cls.TARGET" + "\n",
        "by_namespace.py": 'from types import SimpleNamespace\nsettings = SimpleNamespace(target="2.4.3-6")\n\n'
                           'def run(dep):\n    return houston(UPGRADE, ' + send % "settings.target" + "\n",
    }
    _assert_named(tmp_path, files, {name: ("desiredAirflowVersion", NAMED) for name in files})


def test_f5_record_defaults_through_a_typed_parameter_are_named(tmp_path):
    send = '    return houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": %s})\n'
    files = {
        "dataclass_param.py": 'import dataclasses\n\n@dataclasses.dataclass\nclass Plan:\n    dep: str\n'
                              '    version: str = "2.4.3-6"\n\ndef up(dep, plan: Plan):\n' + send % "plan.version",
        "namedtuple_param.py": 'from typing import NamedTuple\n\nclass Plan(NamedTuple):\n    dep: str\n'
                               '    version: str = "2.4.3-6"\n\ndef up(dep, plan: Plan):\n' + send % "plan.version",
        "settings_param.py": 'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n'
                             '    target_version: str = "2.4.3-6"\n\ndef up(dep: str, settings: Settings):\n'
                             + send % "settings.target_version",
    }
    _assert_named(tmp_path, files, {name: ("desiredAirflowVersion", NAMED) for name in files})


def test_f3_argparse_set_defaults_is_named(tmp_path):
    body = ('import argparse\np = argparse.ArgumentParser()\np.add_argument("--deployment")\n'
            'p.set_defaults(version="2.4.3-6")\nargs = p.parse_args()\n'
            'houston(UPGRADE, {"deploymentUuid": args.deployment, "desiredAirflowVersion": args.version})\n')
    _assert_named(tmp_path, {"script.py": body}, {"script.py": ("desiredAirflowVersion", NAMED)})


def test_f9_pop_with_a_default_is_named(tmp_path):
    body = ('def upgrade(dep, **options):\n    version = options.pop("version", "2.4.3-6")\n'
            '    timeout = options.pop("timeout", 30)\n'
            '    return houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": version})\n')
    _assert_named(tmp_path, {"script.py": body}, {"script.py": ("desiredAirflowVersion", NAMED)})


def test_f8_starmap_over_one_row_is_reviewed_at_the_rows(tmp_path):
    body = ('def upgrade(dep, version):\n'
            '    return houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": version})\n\n'
            'import itertools\nPLAN = [("etl-prod", "2.4.3-6")]\nresults = list(itertools.starmap(upgrade, PLAN))\n')
    _assert_named(tmp_path, {"script.py": body}, {"script.py": ("starmap", NAMED)})
    assert '("etl-prod", "2.4.3-6")' in (tmp_path / "script.py").read_text()  # the row is never edited


def test_f2_versions_built_from_module_pieces_are_named_or_fall_back(tmp_path):
    send = '    return houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": %s})\n'
    pieces = 'AIRFLOW = "2.4.3"\nHOTFIX = 6\n\ndef upgrade(dep):\n'
    files = {
        "fstring.py": pieces + send % 'f"{AIRFLOW}-{HOTFIX}"',
        "plus.py": pieces + send % 'AIRFLOW + "-6"',
        # a piece from the environment: not whole, so the fallback names the module piece's version
        "unknown.py": pieces + send % 'f"{AIRFLOW}-{os.environ[\'HOTFIX\']}"',
    }
    _rewrite, check = _assert_named(tmp_path, files, {
        "fstring.py": ("desiredAirflowVersion", NAMED), "plus.py": ("desiredAirflowVersion", NAMED),
        "unknown.py": ("desiredAirflowVersion", ("'2.4.3'",)),
    })
    assert UNTRACED in check


def test_f4_the_literal_passed_to_a_variables_builder_is_reviewed_where_written(tmp_path):
    body = ('def make_vars(dep, version):\n    return {"deploymentUuid": dep, "desiredAirflowVersion": version}\n\n'
            'def upgrade(dep):\n    return houston(UPGRADE, make_vars(dep, "2.4.3-6"))\n')
    _assert_named(tmp_path, {"script.py": body}, {"script.py": ('make_vars(dep, "2.4.3-6")', NAMED)})
    assert 'make_vars(dep, "2.4.3-6")' in (tmp_path / "script.py").read_text()  # reviewed, never edited


def test_a_response_read_stays_without_the_fallback(tmp_path):
    """Control: the server's value (a Deployment's runtimeVersion read from a response) is no module version,
    even in a module holding one."""
    body = ('LEGACY = "2.4.3-6"\n\ndef upgrade(dep):\n'
            '    current = houston("query { deployment { runtimeVersion } }", {})["deployment"]\n'
            '    return houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": current["runtimeVersion"]})\n')
    _rewrite, check = _rewrite_then_check(tmp_path, {"script.py": body})
    assert UNTRACED not in check


def test_rows_past_the_readers_limit_leave_the_reading_not_whole(tmp_path):
    """The principle behind the class: a reading never drops places silently.  Rows past the ones a reading
    follows (16) made it whole with only the first rows read; the 17th row's AC version was never named."""
    rows = "".join(f'    ("d{i}", None),\n' for i in range(16)) + '    ("d16", "2.4.3-6"),\n'
    body = ('ROLLOUT = [\n' + rows + ']\n\n'
            'def upgrade_all():\n    for dep, version in ROLLOUT:\n'
            '        houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": version})\n')
    _rewrite, check = _assert_named(tmp_path, {"script.py": body}, {"script.py": ('"desiredAirflowVersion": version', NAMED)})
    assert UNTRACED in check


def test_a_record_replaced_with_an_ac_field_gets_the_fallback(tmp_path):
    """A form nobody listed: ``dataclasses.replace(p, version="2.4.3-6").version``.  The reader does not follow
    it (not whole), and the fallback left its literal out as if it were ``str.replace``'s fill text."""
    body = ('import dataclasses\n\n@dataclasses.dataclass\nclass P:\n    version: str = "7.0.0"\n\n'
            'def up(dep, p: P):\n    q = dataclasses.replace(p, version="2.4.3-6")\n'
            '    return houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": q.version})\n')
    _assert_named(tmp_path, {"script.py": body}, {"script.py": ("q.version", NAMED + (UNTRACED,))})


def test_a_kwargs_parameter_read_by_key_gets_the_fallback(tmp_path):
    """A form nobody listed: ``def up(dep, **kw)`` sending ``kw["version"]``, called ``up("d",
    version="2.4.3-6")``.  The calls' gathered keywords counted as read whole, so nothing was said."""
    body = ('def up(dep, **kw):\n'
            '    return houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": kw["version"]})\n\n'
            'up("d", version="2.4.3-6")\n')
    _assert_named(tmp_path, {"script.py": body}, {"script.py": ('kw["version"]', NAMED + (UNTRACED,))})
