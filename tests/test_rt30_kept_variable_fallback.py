"""Red team 29 (report 13, f1-f6): a variable kept as ``$airflowVersion`` while its argument becomes
``runtimeVersion`` (``review-version-variable``), whose sends the tool does not read whole, now gets the README's
fallback at the document's variable: ``review-version-value`` naming the module's counted AC versions that no other
review names, each with its line and Runtime equivalent, from ``rewrite`` and from ``check --houston-version 1.0.1``
afterwards.  Before, the only finding was ``review-version-variable``, and the AC literal the script now sends to
``runtimeVersion`` was named nowhere.

The forms (one per finding): the whole JSON body handed to a send helper (also ``data=json.dumps(body)``),
``variables.update(DEFAULTS)``, ``body["variables"]["airflowVersion"] = ...``, ``**extra`` filled by a caller's
keyword, ``variables |= {...}``, ``BASE_VARS.copy()`` / ``copy.deepcopy(BASE_VARS)``.  Controls: the same modules
with no AC version (a Runtime version instead) get nothing new; a dict literal read whole keeps its own review.

Each test fails on the pass-29 build (TRUST_CLI_UNDER_TEST=/tmp/rt29/venv/bin/houston-codemod).
"""

import subprocess

import pytest

from trust_cli import rewrite_then_check, run_cli

UNTRACED = "the tool cannot trace every value this argument gets"

HEAD = '''import os, json, copy
import requests

HOUSTON = "https://houston.acme.io/v1"
H = {"authorization": os.environ["HOUSTON_API_TOKEN"]}
CREATE = """
mutation Create($ws: Uuid!, $label: String!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
'''
# the variable's line (1-based) in every module below: "mutation Create($ws..." is line 7
VARIABLE_LINE = 7

BODIES = {
    "f1_body_json": '''
def post(body):
    return requests.post(HOUSTON, json=body, headers=H).json()

def create(ws, label):
    return post({"query": CREATE, "variables": {"ws": ws, "label": label, "airflowVersion": "VERSION"}})
''',
    "f1_body_dumps": '''
def post(body):
    return requests.post(HOUSTON, data=json.dumps(body), headers=H).json()

def create(ws, label):
    body = {"query": CREATE, "variables": {"ws": ws, "label": label, "airflowVersion": "VERSION"}}
    return post(body)
''',
    "f2_update_constant": '''DEFAULTS = {"airflowVersion": "VERSION"}

def create(ws, label):
    variables = {"ws": ws, "label": label}
    variables.update(DEFAULTS)
    return requests.post(HOUSTON, json={"query": CREATE, "variables": variables}, headers=H).json()
''',
    "f3_nested_item": '''
def create(ws, label):
    body = {"query": CREATE, "variables": {"ws": ws, "label": label}}
    body["variables"]["airflowVersion"] = "VERSION"
    return requests.post(HOUSTON, json=body, headers=H).json()
''',
    "f4_splat_caller": '''
def create(ws, label, **extra):
    return requests.post(HOUSTON, json={"query": CREATE, "variables": {"ws": ws, "label": label, **extra}}, headers=H).json()

create("w", "etl", airflowVersion="VERSION")
''',
    "f5_merge_operator": '''
def create(ws, label):
    variables = {"ws": ws, "label": label}
    variables |= {"airflowVersion": "VERSION"}
    return requests.post(HOUSTON, json={"query": CREATE, "variables": variables}, headers=H).json()
''',
    "f6_copy": '''BASE_VARS = {"label": "etl", "airflowVersion": "VERSION"}

def create(ws):
    variables = BASE_VARS.copy()
    variables["ws"] = ws
    return requests.post(HOUSTON, json={"query": CREATE, "variables": variables}, headers=H).json()
''',
    "f6_deepcopy": '''BASE_VARS = {"label": "etl", "airflowVersion": "VERSION"}

def create(ws):
    variables = copy.deepcopy(BASE_VARS)
    variables["ws"] = ws
    return requests.post(HOUSTON, json={"query": CREATE, "variables": variables}, headers=H).json()
''',
}

AC = {"2.3.4-11": "5.5.0", "2.3.3": "5.0.7"}


def _module(tmp_path, form, version):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    text = HEAD + BODIES[form].replace("VERSION", version)
    (tmp_path / "cli.py").write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if f'"{version}"' in row)
    return line


def _values(output):
    return [row for row in output.splitlines() if " review-version-value " in row]


@pytest.mark.parametrize("form", sorted(BODIES))
@pytest.mark.parametrize("version", sorted(AC))
def test_kept_variable_names_the_modules_ac_version(tmp_path, form, version):
    line = _module(tmp_path, form, version)
    rewrite, check = rewrite_then_check(tmp_path)
    text = (tmp_path / "cli.py").read_text()
    assert "runtimeVersion: $airflowVersion" in text, rewrite  # the argument migrated, the variable kept
    assert f'"{version}"' in text  # the value is never edited where it cannot be followed
    for command, output in (("rewrite", rewrite), ("check", check)):
        assert f"cli.py:{VARIABLE_LINE}:" in output and " review-version-variable " in output, f"{command}\n{output}"
        rows = [row for row in _values(output) if f"'{version}' (line {line}, Astro Runtime equivalent '{AC[version]}')" in row]
        assert rows, f"{command}: the AC version {version} (line {line}) is named nowhere\n{output}"
        assert all(UNTRACED in row for row in rows), output
    # idempotent: a second rewrite changes nothing
    again = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    assert (tmp_path / "cli.py").read_text() == text


@pytest.mark.parametrize("form", ["f1_body_json", "f2_update_constant", "f4_splat_caller", "f6_copy"])
def test_control_module_without_ac_version_gets_nothing_new(tmp_path, form):
    _module(tmp_path, form, "5.5.0")  # a Runtime version: nothing to name
    rewrite, check = rewrite_then_check(tmp_path)
    for command, output in (("rewrite", rewrite), ("check", check)):
        assert not _values(output), f"{command}\n{output}"


def test_control_dict_read_whole_keeps_its_own_review(tmp_path):
    """A send read whole: its literal is reviewed (or migrated) where it is written; the fallback does not speak."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "cli.py").write_text(HEAD + '''
def create(ws, label):
    variables = {"ws": ws, "label": label, "airflowVersion": "2.3.4-11"}
    return requests.post(HOUSTON, json={"query": CREATE, "variables": variables}, headers=H).json()
''')
    rewrite, check = rewrite_then_check(tmp_path)
    for command, output in (("rewrite", rewrite), ("check", check)):
        assert UNTRACED not in output, f"{command}\n{output}"
