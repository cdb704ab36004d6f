"""Red team 27 (report 13, "Houston 1.0.1 migration"), f1 f2 f3: values the module itself gives what it sends as a
Runtime version, and reviews that said "is" where the value may be several.

* f1: ``os.environ.setdefault("TARGET_AC", "2.4.3-6")`` (or ``os.environ["TARGET_AC"] = ...``, ``.update(...)``)
  then ``os.environ["TARGET_AC"]`` sent as ``desiredAirflowVersion``: rewrite gave only the generic review and
  ``check --houston-version 1.0.1`` after it was silent, the read taken for the outside's value alone.  The
  module's own writes are values the read may be (``one_step_values._environ_written``), named with their line;
  a write to a key known only at run time (``os.environ[k] = v``) leaves the reading not whole, so the fallback
  names the module's AC versions.
* f2: a module dict constant given more entries after its display (``TARGETS.update(prod="2.4.3-6")``,
  ``TARGETS = {}`` then ``TARGETS["prod"] = ...``): check said the value "is" the display's one AC version, or
  nothing.  Both readers (``ac_format_reads.value_texts``, ``one_step_values``) now read the stores: every AC
  value is named by rewrite and check; a template hole reading such an entry is held naming each.
* f3: a version bound in ``if``/``elif``/``else`` branches (or ``match`` cases) to AC literals: check said "is the
  AC version '2.2.5-7'" (one branch); it now says "may be" and names each, as rewrite does.  "is" stays where the
  value can only be that version.

Each test fails on the pass-27 build (TRUST_CLI_UNDER_TEST=/tmp/rt27/venv/bin/houston-codemod); the controls pass
on both.
"""

import re

from trust_cli import git_tree, run_cli

HEAD = '''import os, requests

UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""

def houston(q, v):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q, "variables": v}).json()["data"]
'''

SEND = '\ndef up(dep, env="prod"):\n    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": %s})\n'

LINE = re.compile(r"^([\w.]+):(\d+):\d+: warning (\S+) (.*)$", re.M)


def _run(tmp_path, files):
    """rewrite, then check --houston-version 1.0.1: ({file: [(code, message)]} of each, the rewritten texts)."""
    git_tree(tmp_path, files)
    said = []
    for args in (("rewrite",), ("check", "--houston-version", "1.0.1")):
        done = run_cli(*args, "--no-cache", "-j", "1", ".", cwd=tmp_path)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
        found = {}
        for match in LINE.finditer(done.stdout + done.stderr):
            found.setdefault(match.group(1), []).append((match.group(3), match.group(4)))
        said.append(found)
    return said[0], said[1], {name: (tmp_path / name).read_text() for name in files}


def _named(found, name, *texts):
    """Is there one review-version-value (or review-template-version) of ``name`` naming every one of ``texts``?"""
    return any(
        code in ("review-version-value", "review-template-version") and all(text in message for text in texts)
        for code, message in found.get(name, ())
    )


def test_f1_the_module_puts_the_ac_version_into_the_environment(tmp_path):
    files = {
        "setdefault.py": HEAD + 'os.environ.setdefault("TARGET_AC", "2.4.3-6")\n' + SEND % 'os.environ["TARGET_AC"]',
        "assigned.py": HEAD + 'os.environ["TARGET_AC"] = "2.4.3-6"\n' + SEND % 'os.getenv("TARGET_AC")',
        "updated.py": HEAD + 'DEFAULTS = {"TARGET_AC": "2.4.3-6", "OTHER": "x"}\nos.environ.update(DEFAULTS)\n'
        + SEND % 'os.environ.get("TARGET_AC")',
    }
    rewrote, checked, texts = _run(tmp_path, files)
    for name in files:
        assert '"desiredRuntimeVersion"' in texts[name], name
        for found in (rewrote, checked):
            assert _named(found, name, "'2.4.3-6' (put into the environment on line", "'6.10.0'"), (name, found)
        # the environment may hold another value: never "is"
        assert not any("is the AC version" in message for _c, message in checked[name]), checked[name]


def test_f1_a_write_to_a_key_known_at_run_time_leaves_the_fallback_speaking(tmp_path):
    files = {"loop.py": HEAD + 'CFG = {"TARGET_AC": "2.3.4-11"}\nfor k, v in CFG.items():\n    os.environ[k] = v\n'
             + SEND % 'os.environ["TARGET_AC"]'}
    rewrote, checked, _texts = _run(tmp_path, files)
    for found in (rewrote, checked):
        assert _named(found, "loop.py", "this module's AC version '2.3.4-11'", "'5.5.0'"), found


def test_f2_a_dict_constant_given_entries_after_its_display(tmp_path):
    files = {
        "update.py": HEAD + 'TARGETS = {"dev": "2.3.4-11"}\nTARGETS.update(prod="2.4.3-6")\n' + SEND % "TARGETS[env]",
        "store.py": HEAD + 'TARGETS = {}\nTARGETS["prod"] = "2.4.3-6"\n' + SEND % 'TARGETS["prod"]',
        "overwrite.py": HEAD + 'TARGETS = {"prod": "2.3.4-11"}\nTARGETS["prod"] = "2.4.3-6"\n' + SEND % 'TARGETS["prod"]',
        "merged.py": HEAD + 'TARGETS = {"dev": "5.5.0"}\nTARGETS |= {"prod": "2.4.3-6"}\n' + SEND % "TARGETS[env]",
        "appended.py": HEAD + 'SUPPORTED = ["5.5.0"]\nSUPPORTED.append("2.4.3-6")\n' + SEND % "max(SUPPORTED)",
    }
    rewrote, checked, _texts = _run(tmp_path, files)
    both = ("'2.3.4-11'", "'2.4.3-6'")
    for found in (rewrote, checked):
        assert _named(found, "update.py", *both), found
        assert _named(found, "overwrite.py", *both), found
        for name in ("store.py", "merged.py", "appended.py"):
            assert _named(found, name, "'2.4.3-6'", "'6.10.0'"), (name, found)
    for name in ("update.py", "overwrite.py", "merged.py", "appended.py"):
        assert not any("is the AC version" in message for _c, message in checked[name]), checked[name]


def test_f2_a_template_hole_reading_an_entry_stored_again_is_held_naming_each(tmp_path):
    text = '''import os, requests

versions = {"prod": "2.3.4-11"}
versions["prod"] = "2.4.3-6"

def up(dep):
    q = f'mutation {{ updateDeploymentAirflow(deploymentUuid: "{dep}", desiredAirflowVersion: "{versions["prod"]}") {{ id }} }}'
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()["data"]
'''
    rewrote, checked, texts = _run(tmp_path, {"entry.py": text})
    assert texts["entry.py"] == text  # held: renamed, it would send either AC version as a Runtime one
    for found in (rewrote, checked):
        assert _named(found, "entry.py", "may be the AC versions '2.3.4-11'", "'2.4.3-6'"), found


def test_f3_a_version_bound_in_branches_may_be_each(tmp_path):
    branches = (
        '\ndef up(dep, env):\n    if env == "prod":\n        version = "2.4.3-6"\n    elif env == "stage":\n'
        '        version = "2.3.4-11"\n    else:\n        version = "2.2.5-7"\n'
        '    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": version})\n'
    )
    cases = (
        '\ndef up(dep, env):\n    match env:\n        case "prod":\n            version = "2.4.3-6"\n'
        '        case "stage":\n            version = "2.3.4-11"\n        case _:\n            version = "2.2.5-7"\n'
        '    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": version})\n'
    )
    rewrote, checked, _texts = _run(tmp_path, {"branches.py": HEAD + branches, "cases.py": HEAD + cases})
    every = ("'2.4.3-6'", "'6.10.0'", "'2.3.4-11'", "'5.5.0'", "'2.2.5-7'", "'4.2.9'")
    for name in ("branches.py", "cases.py"):
        assert _named(rewrote, name, *every), rewrote
        assert _named(checked, name, "may be the AC version", *every), checked
        assert not any("is the AC version" in message for _c, message in checked[name]), checked[name]


def test_controls_one_value_is_and_runtime_values_are_quiet(tmp_path):
    same = (
        '\ndef up(dep, env):\n    if env == "prod":\n        version = "2.4.3-6"\n    else:\n        version = "2.4.3-6"\n'
        '    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": version})\n'
    )
    files = {
        "same.py": HEAD + same,
        "runtime_env.py": HEAD + 'os.environ.setdefault("TARGET_RT", "5.5.0")\n' + SEND % 'os.environ["TARGET_RT"]',
        "runtime_dict.py": HEAD + 'TARGETS = {"dev": "5.5.0"}\nTARGETS.update(prod="6.10.0")\n' + SEND % "TARGETS[env]",
    }
    _rewrote, checked, _texts = _run(tmp_path, files)
    assert _named(checked, "same.py", "is the AC version '2.4.3-6'", "'6.10.0'"), checked
    assert "runtime_env.py" not in checked and "runtime_dict.py" not in checked, checked


def test_f2_class_a_comparison_with_a_dict_given_an_ac_entry_later(tmp_path):
    """The read side reads the same stores: ``d["airflowVersion"] != STORED[ENV]`` (``in STORED.values()``,
    ``STORED.get(ENV)``) with ``STORED.update(dev="2.3.4-11")`` compares with that AC version."""
    text = '''import os, requests
URL = "https://houston.example.com/v1"
Q = "query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id releaseName airflowVersion } }"
ENV = os.environ.get("ENV", "prod")
STORED = {"prod": "5.5.0"}
STORED.update(dev="2.3.4-11")
RUNTIMES = {"prod": "5.5.0"}
RUNTIMES["dev"] = "6.10.0"

def deps(ws="x"):
    r = requests.post(URL, json={"query": Q, "variables": {"ws": ws}}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]["workspaceDeployments"]

def f(ws):
    for d in deps(ws):
        if d["airflowVersion"] != STORED[ENV]:
            print(1)
        if d["airflowVersion"] in STORED.values():
            print(2)
        if d["airflowVersion"] != STORED.get(ENV):
            print(3)
        if d["airflowVersion"] != RUNTIMES[ENV] or d["airflowVersion"] in RUNTIMES.values():
            print(4)
'''
    git_tree(tmp_path, {"r.py": text})
    done = run_cli("check", "--no-cache", "-j", "1", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    lines = {int(m.group(2)) for m in LINE.finditer(done.stdout) if m.group(3) == "review-ac-version-comparison"}
    assert lines == {16, 18, 20}, done.stdout  # the RUNTIMES control (line 22) is quiet


def test_f2_class_a_class_attribute_set_again_and_a_global_rebinding(tmp_path):
    """``Cfg.PIN = "2.4.3-6"`` after ``class Cfg: PIN = "2.3.4-11"``, and ``global AC; AC = "2.4.3-6"`` in a function
    beside ``AC = "5.5.0"``: the value may be each binding, named by rewrite and check ("may be", never "is")."""
    files = {
        "attr.py": HEAD + 'class Cfg:\n    PIN = "2.3.4-11"\n\nCfg.PIN = "2.4.3-6"\n' + SEND % "Cfg.PIN",
        "rebound.py": HEAD + 'AC = "5.5.0"\n\ndef pin():\n    global AC\n    AC = "2.4.3-6"\n' + SEND % "AC",
        "from_env.py": HEAD + 'AC = "2.4.3-6"\n\ndef pin():\n    global AC\n    AC = os.environ["AC"]\n' + SEND % "AC",
    }
    rewrote, checked, _texts = _run(tmp_path, files)
    for found in (rewrote, checked):
        assert _named(found, "attr.py", "'2.3.4-11'", "'2.4.3-6'"), found
        assert _named(found, "rebound.py", "'2.4.3-6'", "'6.10.0'"), found
        assert _named(found, "from_env.py", "'2.4.3-6'", "'6.10.0'"), found
    for name in files:
        assert not any("is the AC version" in message for _c, message in checked[name]), checked[name]


def test_f3_class_a_caller_passing_a_name_bound_in_branches(tmp_path):
    """``upgrade("d1", v)`` with ``v`` bound to "2.4.3-6" or "2.3.4-11": the caller's review said "'2.3.4-11' (v; it
    may also be '2.4.3-6' ...) is passed"; it "may be passed".  A literal (and a name bound only to one) "is"."""
    text = HEAD + '''
def upgrade(dep, version):
    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": version})

def main(env):
    if env == "prod":
        v = "2.4.3-6"
    else:
        v = "2.3.4-11"
    upgrade("d1", v)
    upgrade("d2", "2.2.5-7")
'''
    rewrote, checked, _texts = _run(tmp_path, {"callers.py": text})
    for found in (rewrote, checked):
        messages = [message for code, message in found.get("callers.py", ()) if code == "review-version-value"]
        assert any("may be passed for version of upgrade()" in m and "'2.4.3-6'" in m and "'2.3.4-11'" in m for m in messages), found
        assert any(m.startswith("'2.2.5-7' is passed for version of upgrade()") for m in messages), found


def test_f1_a_template_hole_filled_from_what_the_module_put_into_the_environment_is_held(tmp_path):
    text = '''import os
import requests

os.environ.setdefault("AIRFLOW_VERSION", "2.3.4-11")
V = os.environ["AIRFLOW_VERSION"]
DOC = f"""
mutation {{
  createDeployment(workspaceUuid: "ws", label: "etl", type: "airflow", airflowVersion: "{V}") {{ id }}
}}
"""
requests.post("https://houston.example.com/v1", json={"query": DOC}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
'''
    git_tree(tmp_path, {"deploy.py": text})
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "deploy.py").read_text() == text  # renamed, the document would send 2.3.4-11 as a Runtime version
    assert "'2.3.4-11' (put into the environment on line 4)" in done.stdout + done.stderr
