"""Red team 23 (report 11b), f7: a hole fed by a readable AC literal through a tuple, ``locals()`` or a dict.

``version, label = "2.3.4-11", "etl"`` read by an f-string, ``'...%(ver)s...' % locals()`` with a local ``ver``,
``.format(**params)`` / ``.format_map(params)`` / ``Template(...).safe_substitute({...})`` of a dict literal: rewrite
renamed the argument and said only "make sure", and ``check`` afterwards was clean although the script sent
``runtimeVersion: "2.3.4-11"``.  Now the literal migrates with the argument when it is the document's alone (a
tuple element, a dict bound to a name read only by this fill), and otherwise the argument stays, with
``review-shared-constant`` naming the literal, from rewrite and from check (``locals()`` reads every name of its
scope).  A hand-written ``runtimeVersion`` fed that way is reviewed by ``check``.
"""

from trust_cli import run_cli

HEAD = '''from string import Template

import requests

HOUSTON = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(HOUSTON, json={"query": query, "variables": variables or {}}, headers={"authorization": "tok"})
    return r.json()["data"]

'''

PRIVATE = HEAD + '''
def create(ws):
    version, label = "2.3.4-11", "etl"
    return houston(f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "{label}", type: "airflow", airflowVersion: "{version}") {{ id }} }}')


def create_fmt(ws):
    params = {"ws": ws, "ver": "2.2.5"}
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(**params))


def create_map(ws):
    params = dict(ws=ws, ver="2.2.5")
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "c", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format_map(params))


def create_tpl(ws):
    return houston(Template('mutation { createDeployment(workspaceUuid: "$ws", label: "d", type: "airflow", airflowVersion: "$ver") { id } }').safe_substitute({"ws": ws, "ver": "2.2.5"}))
'''

SHARED = HEAD + '''
def create_pct(ws):
    ver = "2.4.3-6"
    return houston('mutation { createDeployment(workspaceUuid: "%(ws)s", label: "a", type: "airflow", airflowVersion: "%(ver)s") { id } }' % locals())


def create_fmt(ws):
    params = {"ws": ws, "ver": "2.2.5"}
    print(params)
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(**params))
'''

BY_HAND = HEAD + '''
def create(ws):
    version, label = "2.3.4-11", "etl"
    return houston(f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "{label}", type: "airflow", runtimeVersion: "{version}") {{ id }} }}')


def create_pct(ws):
    ver = "2.4.3-6"
    return houston('mutation { createDeployment(workspaceUuid: "%(ws)s", label: "a", type: "airflow", runtimeVersion: "%(ver)s") { id } }' % locals())


def create_fmt(ws):
    params = {"ws": ws, "ver": "2.2.5"}
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", runtimeVersion: "{ver}") {{ id }} }}'.format(**params))
'''


def _output(done):
    return done.stdout + done.stderr


def _reviews(done, code):
    return sorted(line.split(" warning ")[0] for line in _output(done).splitlines() if f" {code} " in line)


def test_a_private_literal_given_through_a_tuple_or_a_dict_migrates_with_the_argument(tmp_path):
    (tmp_path / "deploy.py").write_text(PRIVATE)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "deploy.py").read_text()
    assert "airflowVersion" not in text and "2.3.4-11" not in text and "2.2.5" not in text, _output(done) + text
    assert 'version, label = "5.5.0", "etl"' in text and text.count('"4.2.9"') == 3, text
    assert "review-" not in _output(done), _output(done)
    again = run_cli("check", "--houston-version", "1.0.1", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode == 0 and "review-" not in _output(again), _output(again)
    assert run_cli("rewrite", "--no-cache", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "deploy.py").read_text() == text  # idempotent


def test_a_shared_literal_given_through_locals_or_a_dict_is_held_from_rewrite_and_check(tmp_path):
    (tmp_path / "deploy.py").write_text(SHARED)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "deploy.py").read_text() == SHARED, _output(done)
    held = _reviews(done, "review-shared-constant")
    assert len(held) == 2 and "make sure" not in _output(done), _output(done)
    assert "'2.4.3-6'" in _output(done) and "an entry of params" in _output(done), _output(done)
    again = run_cli("check", "--houston-version", "1.0.1", "--no-cache", ".", cwd=tmp_path)
    assert _reviews(again, "review-shared-constant") == held, _output(again)


def test_check_reviews_a_runtime_argument_fed_an_ac_literal_that_way(tmp_path):
    (tmp_path / "deploy.py").write_text(BY_HAND)
    done = run_cli("check", "--houston-version", "1.0.1", "--no-cache", ".", cwd=tmp_path)
    found = _reviews(done, "review-template-version")
    assert len(found) == 3, _output(done)
    for version in ("'2.3.4-11'", "'2.4.3-6'", "'2.2.5'"):
        assert version in _output(done), (version, _output(done))


MORE = HEAD + '''import functools


def create_entry(ws):
    versions = {"prod": "2.3.4-11"}
    return houston(f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "a", type: "airflow", airflowVersion: "{versions["prod"]}") {{ id }} }}')


DOC = 'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'
fill = functools.partial(DOC.format, ver="2.2.5")


def create_a(ws):
    return houston(fill(ws=ws))


def create_b(ws):
    return houston(fill(ws=ws + "-b"))
'''

MORE_SHARED = HEAD + '''
def create_entry(ws):
    versions = {"prod": "2.3.4-11"}
    print(versions)
    return houston(f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "a", type: "airflow", airflowVersion: "{versions["prod"]}") {{ id }} }}')
'''


def test_a_dict_entry_read_in_a_hole_and_a_partials_keyword_called_twice_migrate(tmp_path):
    (tmp_path / "deploy.py").write_text(MORE)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "deploy.py").read_text()
    assert "airflowVersion" not in text and 'versions = {"prod": "5.5.0"}' in text and 'ver="4.2.9"' in text, _output(done) + text
    assert "review-" not in _output(done), _output(done)
    again = run_cli("check", "--houston-version", "1.0.1", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode == 0 and "review-" not in _output(again), _output(again)


def test_a_dict_entry_read_elsewhere_too_is_held_and_check_reviews_it_by_hand(tmp_path):
    (tmp_path / "deploy.py").write_text(MORE_SHARED)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert (tmp_path / "deploy.py").read_text() == MORE_SHARED, _output(done)
    assert len(_reviews(done, "review-shared-constant")) == 1 and "an entry of versions" in _output(done), _output(done)
    (tmp_path / "deploy.py").write_text(MORE_SHARED.replace("airflowVersion", "runtimeVersion"))
    again = run_cli("check", "--houston-version", "1.0.1", "--no-cache", ".", cwd=tmp_path)
    assert len(_reviews(again, "review-template-version")) == 1 and "'2.3.4-11'" in _output(again), _output(again)


OVERRIDDEN = HEAD + '''import functools

DOC = 'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'
fill = functools.partial(DOC.format, ver="2.2.5")


def create_a(ws):
    return houston(fill(ws=ws))


def create_b(ws, version):
    return houston(fill(ws=ws, ver=version))
'''


def test_a_partials_keyword_a_call_overrides_is_not_taken_for_the_value(tmp_path):
    (tmp_path / "deploy.py").write_text(OVERRIDDEN)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert 'ver="4.2.9"' not in (tmp_path / "deploy.py").read_text(), _output(done)  # create_b sends the caller's
