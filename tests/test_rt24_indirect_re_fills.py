"""Red team 23 (report 11b), f11: a ``re.sub`` fill reached another way than ``re.sub(...)`` / ``re.compile(P).sub``.

``functools.partial(re.sub, r'airflowVersion: "[^"]*"')``, a bound ``fill = PAT.sub``, ``from re import sub`` then
``sub(...)``, ``import re as rx`` then ``rx.sub(...)``: CREATE was rewritten, the pattern no longer matched, and the
caller's version was silently dropped (the script sent "5.5.0" whatever it was asked for).  Each is written out as
the ``re.sub`` it makes (sources/indirect_calls.py), so the document is held with ``review-template-fill`` as for a
direct ``re.sub``.
"""

import pytest

from trust_cli import run_cli

HEAD = '''import functools
import re
from re import sub
import re as rx

import requests

HOUSTON = "https://houston.example.com/v1"
CREATE = """mutation { createDeployment(workspaceUuid: "WS", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id } }"""
PAT = re.compile(r'airflowVersion: "[^"]*"')


def houston(query, variables=None):
    r = requests.post(HOUSTON, json={"query": query, "variables": variables or {}}, headers={"authorization": "tok"})
    return r.json()["data"]

'''

FILLS = {
    "partial": '''set_version = functools.partial(re.sub, r'airflowVersion: "[^"]*"')


def create(ws, version):
    return houston(set_version(f'airflowVersion: "{version}"', CREATE))
''',
    "bound": '''def create(ws, version):
    fill = PAT.sub
    return houston(fill(f'airflowVersion: "{version}"', CREATE))
''',
    "from_import": '''def create(ws, version):
    return houston(sub(r'airflowVersion: "[^"]*"', f'airflowVersion: "{version}"', CREATE))
''',
    "module_alias": '''def create(ws, version):
    return houston(rx.sub(r'airflowVersion: "[^"]*"', f'airflowVersion: "{version}"', CREATE))
''',
    "partial_of_imported": '''set_version = functools.partial(sub, r'airflowVersion: "[^"]*"')


def create(ws, version):
    return houston(set_version(f'airflowVersion: "{version}"', CREATE))
''',
}


@pytest.mark.parametrize("kind", sorted(FILLS))
def test_a_re_sub_fill_made_another_way_holds_the_document(tmp_path, kind):
    source = HEAD + FILLS[kind]
    (tmp_path / "deploy.py").write_text(source)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "deploy.py").read_text() == source, done.stdout + done.stderr  # the fill still matches
    assert " review-template-fill " in done.stdout + done.stderr, done.stdout + done.stderr
