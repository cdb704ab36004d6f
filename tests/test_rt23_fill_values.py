"""Red team 22 (report 11b), f5: a ``.format`` / ``%`` / ``Template`` fill of a private AC literal migrates it.

``ver = "2.3.4-11"`` then ``'... airflowVersion: "{ver}" ...'.format(ws=ws, ver=ver)``, ``.format(ver="2.3.4-11")``
and ``% (ws, "2.3.4-11")`` (also through ``fmt = doc.format`` or ``functools.partial(DOC.format, ver=...)``): the argument was renamed and the AC value kept, so the file certainly sent
``runtimeVersion: "2.3.4-11"``; rewrite said "make sure", the check right after "Houston rejects it".  Now the
literal becomes its Runtime version with the argument, as the f-string twin's does.  A value that is not the
document's alone (a parameter's default, a class attribute read as ``self.VER``, a template filled at two
places, a local read elsewhere too) keeps the argument, with ``review-shared-constant`` at the same place from
rewrite and from the check after it.
"""

from trust_cli import run_cli

COMMON = '''import os
import requests

URL = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(URL, json={"query": query, "variables": variables or {}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]
'''

PRIVATE = '''import functools
from string import Template

from common import houston


def create_format(ws):
    ver = "2.3.4-11"
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "a", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(ws=ws, ver=ver))


def create_format_literal(ws):
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(ws=ws, ver="2.3.4-11"))


def create_percent(ws):
    return houston('mutation { createDeployment(workspaceUuid: "%s", label: "c", type: "airflow", airflowVersion: "%s") { id } }' % (ws, "2.3.4-11"))


def create_named(ws):
    ver = "2.3.4-11"
    doc = 'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "d", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'
    return houston(doc.format(ws=ws, ver=ver))


def create_template(ws):
    ver = "2.3.4-11"
    return houston(Template('mutation { createDeployment(workspaceUuid: "$ws", label: "e", type: "airflow", airflowVersion: "$ver") { id } }').substitute(ws=ws, ver=ver))


def create_bound(ws):
    doc = 'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "f", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'
    fmt = doc.format
    return houston(fmt(ws=ws, ver="2.3.4-11"))


def create_partial(ws):
    fill = functools.partial('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "g", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format, ver="2.3.4-11")
    return houston(fill(ws=ws))
'''

SHARED = '''from common import houston


def create_default(ws, ver="2.3.4-11"):
    return houston(f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "a", type: "airflow", airflowVersion: "{ver}") {{ id }} }}')


def create_default_format(ws, ver="2.3.4-11"):
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(ws=ws, ver=ver))


class Creator:
    VER = "2.3.4-11"

    def create(self, ws):
        return houston(f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "c", type: "airflow", airflowVersion: "{self.VER}") {{ id }} }}')


def create_twice(ws):
    doc = 'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "d", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'
    houston(doc.format(ws=ws, ver="2.3.4-11"))
    return houston(doc.format(ws=ws, ver="2.4.3-6"))


def create_pinned(ws):
    ver = "2.3.4-11"
    print("pinned", ver)
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "e", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(ws=ws, ver=ver))
'''


def _reviews(done, code):
    return sorted(line.split(" warning ")[0] for line in (done.stdout + done.stderr).splitlines() if f" {code} " in line)


def test_a_private_ac_literal_a_fill_gives_migrates_with_the_argument(tmp_path):
    (tmp_path / "common.py").write_text(COMMON)
    (tmp_path / "a.py").write_text(PRIVATE)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "a.py").read_text()
    assert "2.3.4-11" not in text and "airflowVersion" not in text, text
    assert text.count('ver = "5.5.0"') == 3 and text.count('ver="5.5.0"') == 3 and '% (ws, "5.5.0")' in text, text
    assert "review-" not in done.stdout + done.stderr, done.stdout + done.stderr
    again = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode == 0 and "review-" not in again.stdout + again.stderr, again.stdout + again.stderr
    assert run_cli("rewrite", "--no-cache", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "a.py").read_text() == text  # idempotent


def test_a_shared_ac_value_keeps_the_argument_and_rewrite_and_check_say_the_same(tmp_path):
    (tmp_path / "common.py").write_text(COMMON)
    (tmp_path / "b.py").write_text(SHARED)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "b.py").read_text() == SHARED  # nothing would send an AC version as a Runtime one
    held = _reviews(done, "review-shared-constant")
    assert len(held) == 5, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "the default of the parameter ver" in output and "a class attribute of Creator" in output
    assert "doc is filled on lines" in output and "also used on line" in output
    assert "make sure it is an Astro Runtime version" not in output
    again = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert _reviews(again, "review-shared-constant") == held, again.stdout
