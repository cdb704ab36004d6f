"""Red team 24 (report 13, "Houston 1.0.1"): an AC version that reaches a Runtime version argument after
``rewrite`` is reviewed (``review-version-value`` naming its Runtime equivalent) by rewrite and by
``check --houston-version 1.0.1``, whatever binding form carries it.  The forms already read (a loop written
over a module constant, a ``.get`` default, an inline conditional, a variables dict passed to a helper, an
AC value beside a ``**`` splat in a dict display) were the model; one reader (``rules/one_step_values``)
now follows these too:

* f1: a loop over a module constant through ``enumerate()``, ``zip()``, a slice, ``dict(ROWS).items()``,
  ``enumerate(TARGETS.items())``, or a row unpacked in the loop's body (``dep, ver = row``, ``row[1]``),
  sent directly or passed to a helper's version parameter;
* f2: a name bound to a conditional expression (local or module level), an ``or`` fallback, a ``sys.argv``
  conditional;
* f5: a helper filling an f-string / ``.format`` / ``%`` template's version hole with its parameter, called
  by the module with an AC version;
* f6: ``dict(..., desiredAirflowVersion="2.4.3-6", **extra)`` and ``v = dict(extra); v[...] = "2.4.3-6"``,
  whose review names the file's own ``dict(extra)``, not a ``**`` splat it does not have.

Controls: Runtime versions in the same forms, and the index of ``enumerate`` sent as the version, get
no review-version-value.
"""

from trust_cli import run_cli

HEADER = '''import os
import sys
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""


def upgrade(dep, version):
    return requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": version}})
'''  # 14 lines: the body below starts on line 15

BOTH = ("'2.3.4-11'", "'5.5.0'", "'2.4.3-6'", "'6.10.0'")

LOOPS = {
    # file: (body, line of the reviewed value, the texts its review must hold)
    "enumerated.py": (
        'ROLLOUT = [("d1", "2.3.4-11"), ("d2", "2.4.3-6")]\n'
        "def run():\n"
        "    for i, (dep, ver) in enumerate(ROLLOUT, 1):\n"
        '        print(f"[{i}/{len(ROLLOUT)}] {dep}")\n'
        '        requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": ver}})\n',
        19, BOTH,
    ),
    "unpacked_in_body.py": (
        'ROLLOUT = [("d1", "2.3.4-11"), ("d2", "2.4.3-6")]\n'
        "def run():\n"
        "    for row in ROLLOUT:\n"
        "        dep, ver = row\n"
        '        requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": ver}})\n',
        19, BOTH,
    ),
    "zipped.py": (
        'DEPS = ["d1", "d2"]\nVERS = ["2.3.4-11", "2.4.3-6"]\n'
        "def run():\n"
        "    for dep, ver in zip(DEPS, VERS):\n"
        '        requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": ver}})\n',
        19, BOTH,
    ),
    "sliced.py": (
        'ROLLOUT = [("d1", "2.3.4-11"), ("d2", "2.4.3-6")]\n'
        "def run():\n"
        "    for dep, ver in ROLLOUT[1:]:\n"
        '        requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": ver}})\n',
        18, BOTH,
    ),
    # the loop variable passed to the helper's version parameter: reviewed where the call passes it
    "enumerated_items.py": (
        'TARGETS = {"d1": "2.3.4-11", "d2": "2.4.3-6"}\n'
        "def run():\n"
        "    for i, (dep, ver) in enumerate(TARGETS.items()):\n"
        "        upgrade(dep, ver)\n",
        18, BOTH,
    ),
    "dict_pairs.py": (
        'ROLLOUT = [("d1", "2.3.4-11"), ("d2", "2.4.3-6")]\n'
        "def run():\n"
        "    for dep, ver in dict(ROLLOUT).items():\n"
        "        upgrade(dep, ver)\n",
        18, BOTH,
    ),
    "row_index.py": (
        'ROLLOUT = [("d1", "2.3.4-11"), ("d2", "2.4.3-6")]\n'
        "def run():\n"
        "    for row in ROLLOUT:\n"
        "        upgrade(row[0], row[1])\n",
        18, BOTH,
    ),
}

NAMES = {
    "named_ternary.py": (
        "def main(prod):\n"
        '    target = "2.4.3-6" if prod else "2.3.4-11"\n'
        '    requests.post(URL, json={"query": UPGRADE, "variables": {"id": "d1", "desiredAirflowVersion": target}})\n',
        17, BOTH,
    ),
    "module_ternary.py": (
        'TARGET = "2.4.3-6" if os.environ.get("ENV") == "prod" else "2.3.4-11"\n'
        "def main():\n"
        '    requests.post(URL, json={"query": UPGRADE, "variables": {"id": "d1", "desiredAirflowVersion": TARGET}})\n',
        17, BOTH,
    ),
    "or_fallback.py": (
        "def main():\n"
        '    target = os.environ.get("TARGET_AC") or "2.4.3-6"\n'
        '    requests.post(URL, json={"query": UPGRADE, "variables": {"id": "d1", "desiredAirflowVersion": target}})\n',
        17, ("'2.4.3-6'", "'6.10.0'"),
    ),
    "argv_default.py": (
        "def main():\n"
        '    target = sys.argv[2] if len(sys.argv) > 2 else "2.4.3-6"\n'
        '    requests.post(URL, json={"query": UPGRADE, "variables": {"id": sys.argv[1], "desiredAirflowVersion": target}})\n',
        17, ("'2.4.3-6'", "'6.10.0'"),
    ),
}

CONTROLS = {
    "runtime_rows.py": (
        'ROLLOUT = [("d1", "5.5.0"), ("d2", "6.10.0")]\n'
        "def run():\n"
        "    for i, (dep, ver) in enumerate(ROLLOUT, 1):\n"
        "        upgrade(dep, ver)\n"
    ),
    "the_index.py": (  # the version is enumerate's index, not a row's element
        'ROLLOUT = [("d1", "2.3.4-11"), ("d2", "2.4.3-6")]\n'
        "def run():\n"
        "    for ver, dep in enumerate(ROLLOUT):\n"
        "        upgrade(dep, ver)\n"
    ),
    "runtime_ternary.py": (
        "def main(prod):\n"
        '    target = "6.10.0" if prod else "5.5.0"\n'
        '    requests.post(URL, json={"query": UPGRADE, "variables": {"id": "d1", "desiredAirflowVersion": target}})\n'
    ),
}


def _rows(output, name, line):
    return [
        row for row in output.splitlines()
        if row.startswith(f"{name}:{line}:") and "review-version-value" in row
    ]


def _rewrite_then_check(tmp_path, files):
    for name, body in files.items():
        (tmp_path / name).write_text(HEADER + body)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    again = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    return done.stdout + done.stderr, again.stdout


def _assert_named(tmp_path, cases):
    rewrite, check = _rewrite_then_check(tmp_path, {name: body for name, (body, _line, _texts) in cases.items()})
    for name, (_body, line, texts) in cases.items():
        assert "desiredRuntimeVersion" in (tmp_path / name).read_text(), name
        for command, output in (("rewrite", rewrite), ("check", check)):
            rows = _rows(output, name, line)
            assert rows, f"{command}: no review-version-value at {name}:{line}\n{output}"
            for text in texts:
                assert any(text in row for row in rows), f"{command}: {name}:{line} does not name {text}\n{output}"


def test_f1_loops_over_a_module_constant_in_any_shape_are_reviewed(tmp_path):
    _assert_named(tmp_path, LOOPS)
    # the constants are never edited (other code reads them; only the value is reviewed)
    assert '"2.3.4-11"' in (tmp_path / "enumerated.py").read_text()


def test_f2_a_name_bound_to_a_conditional_or_an_or_fallback_is_reviewed(tmp_path):
    _assert_named(tmp_path, NAMES)


def test_controls_runtime_versions_and_the_enumerate_index_are_not_reviewed(tmp_path):
    rewrite, check = _rewrite_then_check(tmp_path, CONTROLS)
    for output in (rewrite, check):
        assert "is passed for version of upgrade()" not in output, output
        assert "it may be '" not in output, output
        assert "is the AC version" not in output, output


TEMPLATES = {
    "fstr.py": '''import requests
URL = "https://houston.example.com/v1"

def upgrade(dep, version):
    query = f"""
    mutation {{
      updateDeploymentAirflow(deploymentUuid: "{dep}", desiredAirflowVersion: "{version}") {{ id }}
    }}
    """
    return requests.post(URL, json={"query": query}).json()

def main():
    upgrade("d1", "2.4.3-6")
    upgrade("d2", "6.10.0")
''',
    "fmt.py": '''import requests
URL = "https://houston.example.com/v1"
UPGRADE = """
mutation {{
  updateDeploymentAirflow(deploymentUuid: "{dep}", desiredAirflowVersion: "{version}") {{ id }}
}}
"""

def upgrade(dep, version):
    return requests.post(URL, json={"query": UPGRADE.format(dep=dep, version=version)}).json()

def main():
    upgrade("d1", "2.4.3-6")
    upgrade("d2", "6.10.0")
''',
    "pct.py": '''import requests
URL = "https://houston.example.com/v1"
UPGRADE = """
mutation {
  updateDeploymentAirflow(deploymentUuid: "%s", desiredAirflowVersion: "%s") { id }
}
"""

def upgrade(dep, version):
    return requests.post(URL, json={"query": UPGRADE % (dep, version)}).json()

def main():
    upgrade("d1", "2.4.3-6")
    upgrade("d2", "6.10.0")
''',
}


def test_f5_a_caller_s_ac_version_filling_a_template_hole_is_reviewed_at_the_call(tmp_path):
    for name, text in TEMPLATES.items():
        (tmp_path / name).write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    again = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    for name in TEMPLATES:
        text = (tmp_path / name).read_text()
        assert "desiredRuntimeVersion" in text and 'upgrade("d1", "2.4.3-6")' in text, text  # a caller is never edited
        for output in (done.stderr, again.stdout):
            rows = _rows(output, name, 13)
            assert rows and "'2.4.3-6' is passed for version of upgrade()" in rows[0], output
            assert "'6.10.0'" in rows[0], output
            assert not _rows(output, name, 14), output  # a Runtime version passed: nothing to say


SPLATS = {
    "dict_kwargs.py": '''def up(dep, **extra):
    return requests.post(URL, json={"query": UPGRADE, "variables": dict(id=dep, desiredAirflowVersion="2.4.3-6", **extra)}).json()
''',
    "subscript.py": '''def up(extra):
    v = dict(extra)
    v["desiredAirflowVersion"] = "2.4.3-6"
    return requests.post(URL, json={"query": UPGRADE, "variables": v}).json()
''',
}


def test_f6_an_ac_value_beside_a_splat_in_dict_keywords_or_set_after_a_copy_is_reviewed(tmp_path):
    header = HEADER.split("\n\ndef upgrade")[0] + "\n"  # 11 lines
    for name, body in SPLATS.items():
        (tmp_path / name).write_text(header + body)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    again = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    for output in (done.stderr, again.stdout):
        for name, line in (("dict_kwargs.py", 13), ("subscript.py", 14)):
            rows = _rows(output, name, line)
            assert rows and "'2.4.3-6'" in rows[0] and "'6.10.0'" in rows[0], output
        # every review describes the file as it is: subscript.py has dict(extra), no ** splat
        subscript = [row for row in output.splitlines() if row.startswith("subscript.py:")]
        assert subscript and not any("** splat" in row for row in subscript), output
        assert any("dict(extra)" in row for row in subscript), output
    assert 'desiredAirflowVersion="2.4.3-6"' in (tmp_path / "dict_kwargs.py").read_text()  # held: not edited


def _readings(monkeypatch, sends: int) -> int:
    """How many expressions ``one_step_values`` looks at for a module of ``sends`` sends of one name bound
    to a conditional chain of ``sends`` reads of itself (each read would follow the whole chain again)."""
    from codemods.pipeline import BundledSchema, Options, process
    from codemods.rules import one_step_values
    from codemods.versions import VersionTable

    chain = " if b else ".join(["W"] * sends)
    parts = [HEADER.split("\n\ndef upgrade")[0].replace("desiredAirflowVersion", "desiredRuntimeVersion").replace(
        "updateDeploymentAirflow", "updateDeploymentRuntime"), f'\nW = "2.3.4-11" if a else {chain}\n']
    for n in range(sends):
        parts.append(
            f"def send{n}():\n"
            f'    requests.post(URL, json={{"query": UPGRADE, "variables": {{"id": "d", "desiredRuntimeVersion": W}}}})\n'
        )
    count = [0]
    original = one_step_values._value

    def counted(*args, **kwargs):
        count[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(one_step_values, "_value", counted)
    options = Options(schema=BundledSchema("1.0.1"), versions=VersionTable.bundled(), validate=False)
    result = process("chain.py", "".join(parts).encode(), options)
    assert result.error is None, result.error
    assert sum(f.code == "review-version-value" for f in result.findings) == sends
    return count[0]


def test_conditional_chains_are_read_at_a_bounded_cost_per_value(monkeypatch):
    # each reading has a budget of visits shared by its parts: work grows with the sends, not sends x chain
    # (red team 25, report 13: a name read inside its own binding's value is that binding's earlier value,
    # so a chain of 100 no longer fills the budget; 150 does, and both sizes measure the budget)
    small, large = _readings(monkeypatch, 150), _readings(monkeypatch, 300)
    assert small > 150, small
    assert large / small < 2.3, (small, large)
