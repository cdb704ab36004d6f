"""Red team 8 F2 (issue 11): version-variable renames cost linear work in the number of sends.

A helper ``houston(query, variables)`` posting to a Houston URL, and N functions each calling
``houston(UPGRADE, {'deploymentUuid': d, 'desiredAirflowVersion': '2.4.3-6'})``: ``check`` took
1.7 s of CPU at N=1000, 5-6 s at 2000 and more than a minute at 4000; N documents sent once
each grew the same way.  For every send, the rule asked whether the helper reads the key
itself by walking every mention of the key in the module up to the helper's definition
(``PythonDocumentFinder.helper_reads``): N sends times N mentions of ``'desiredAirflowVersion'``.
The mentions are now indexed once per key and module (``ModuleNames.first_inside``).  The same
held for a dict bound to one name (``v``, ``body``) in each of N functions: each dict's readers
filtered every use of that name in the module; uses are now indexed by scope (``ModuleNames.inside``).

The scale tests count the lines of the tool's own code run at N, 2N and 3N sends (second
difference ~0: linear; the quadratic step made it grow with N**2), and one test runs the
installed ``houston-codemod`` over N=2000 sends and counts the per-send results.
"""

import json
import subprocess

import pytest

from work_count import lines_run, under

HEAD = (
    "import requests\n"
    'HOUSTON_URL = "https://houston.example.com/v1"\n'
    "def houston(query, variables=None):\n"
    '    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables}).json()\n'
)
SEND = "def u{i}(d):\n    return houston({doc}, {{'deploymentUuid': d, 'desiredAirflowVersion': '2.4.3-6'}})\n"
RENAMED = "{'deploymentUuid': d, 'desiredRuntimeVersion': '6.10.0'}"


def _upgrade(name: str) -> str:
    return (
        f'{name} = """\nmutation {name}($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {{\n'
        "  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }\n"
        '}\n"""\n'
    )


def one_document(n: int) -> str:
    """One document sent through the helper by N functions."""
    return HEAD + _upgrade("UPGRADE") + "".join(SEND.format(i=i, doc="UPGRADE") for i in range(n))


def distinct_documents(n: int) -> str:
    """N documents, each sent once through the helper."""
    return HEAD + "".join(_upgrade(f"UP{i}") + SEND.format(i=i, doc=f"UP{i}") for i in range(n))


def _renames_every_send(n: int):
    def check(result):
        assert result.changed
        # the work was done: every send's key renamed
        assert result.new_bytes().decode().count("'desiredRuntimeVersion': ") == n

    return check


def _counts(shape, n: int, options):
    # One run uncounted first: the modules' imports and what is read once per folder and run (the
    # notebooks and scripts near the file) would fall on the first count alone, and grow with the tool
    # rather than with N (they passed the tolerance once the tool's modules grew, red team 27's fixes).
    from codemods.pipeline import process

    process("sends.py", shape(2).encode(), options)  # another input: nothing of the counted ones is cached
    return [
        lines_run("sends.py", shape(k).encode(), options, (under("rules"), under("sources")), _renames_every_send(k))
        for k in (n, 2 * n, 3 * n)
    ]


@pytest.fixture(autouse=True)
def _alone(tmp_path, monkeypatch):
    """The module is processed as ``sends.py`` in an empty folder: what the tool reads around a file
    (scripts and shell steps near it, read once per folder and run) is the first count's alone, and
    here it would be the suite's own folder (a one-off 1.1M lines once HTTP-client steps were read)."""
    monkeypatch.chdir(tmp_path)


def _assert_linear(counts):
    assert counts[1] > 1.8 * counts[0], counts  # the work does grow with the sends
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts


def test_one_document_sent_n_times_costs_linear_work(options):
    _assert_linear(_counts(one_document, 40, options))


def test_n_documents_sent_once_each_cost_linear_work(options):
    _assert_linear(_counts(distinct_documents, 20, options))


def _per_function(body: str):
    """N functions, each building its own variables (``v``, ``body``, ``base``: one name in every
    function) and sending them with the one document."""

    def shape(n: int) -> str:
        return HEAD + _upgrade("UPGRADE") + "".join(f"def u{i}(d):\n{body}" for i in range(n))

    return shape


VARS = "{'deploymentUuid': d, 'desiredAirflowVersion': '2.4.3-6'}"
LOCAL_SHAPES = {
    "named dict": _per_function(f"    v = {VARS}\n    return houston(UPGRADE, v)\n"),
    "named body": _per_function(
        f"    body = {{'query': UPGRADE, 'variables': {VARS}}}\n    return requests.post(HOUSTON_URL, json=body)\n"
    ),
    "named dict in a named body": _per_function(
        f"    v = {VARS}\n    body = {{'query': UPGRADE, 'variables': v}}\n"
        "    return requests.post(HOUSTON_URL, json=body)\n"
    ),
}


@pytest.mark.parametrize("name", sorted(LOCAL_SHAPES))
def test_one_local_name_in_every_function_costs_linear_work(options, name):
    """The readers of a dict bound to ``v`` are the uses of ``v`` in its own function
    (``ModuleNames.inside``), not a filter of every ``v`` of the module per dict (was a second
    difference of 180k-365k lines at 40/80/120 functions)."""
    _assert_linear(_counts(LOCAL_SHAPES[name], 40, options))


VALUE_SHAPES = {
    "one module constant": lambda n: (
        HEAD + _upgrade("UPGRADE") + "VERSION = '2.4.3-6'\n"
        + "".join(SEND.format(i=i, doc="UPGRADE").replace("'2.4.3-6'", "VERSION") for i in range(n))
    ),
    "one local name": _per_function(
        "    version = '2.4.3-6'\n    return houston(UPGRADE, {'deploymentUuid': d, 'desiredAirflowVersion': version})\n"
    ),
}


@pytest.mark.parametrize("name", sorted(VALUE_SHAPES))
def test_one_version_name_read_by_every_send_costs_linear_work(options, name):
    """Each send's review named every other line reading ``VERSION`` (N lines, N times); the lines
    are gathered once per module and three are named (second difference was 7.4k at 60/120/180
    sends, 13.6k at 80/160/240 and 52k at 160/320/480: quadratic; now 784)."""
    _assert_linear(_counts(VALUE_SHAPES[name], 60, options))


def test_the_other_reads_of_a_version_name_are_bounded(tmp_path):
    """Through the installed CLI: 10 sends of one ``VERSION``, each review names 3 other lines and 'and 6 more'."""
    (tmp_path / "sends.py").write_text(VALUE_SHAPES["one module constant"](10))
    checked = subprocess.run(
        ["houston-codemod", "check", "--no-cache", "--format", "json", "sends.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert checked.returncode == 0, checked.stderr  # README: check exits 1 only on an error
    reviews = [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "review-version-value"]
    assert len(reviews) == 10
    send_lines = [12 + 2 * i for i in range(10)]  # u{i}'s return line
    assert [f["line"] for f in reviews] == send_lines
    for review in reviews:
        others = [line for line in send_lines if line != review["line"]][:3]
        assert f"VERSION is also read on lines {', '.join(map(str, others))} and 6 more:" in review["message"]


def test_two_thousand_sends_through_the_installed_cli(tmp_path):
    """Every one of 2000 sends is judged: named in the document's evidence, its dict renamed."""
    n = 2000
    (tmp_path / "sends.py").write_text(one_document(n))
    checked = subprocess.run(
        ["houston-codemod", "check", "--no-cache", "--format", "json", "sends.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    [document] = report["documents"]
    assert document["houston"] is True
    sends = [e for e in document["evidence"] if e.startswith("sent by helper houston() (line ")]
    assert len(sends) == n
    assert sorted((f["line"], f["code"]) for f in report["findings"]) == [
        (6, "migrate-version-variable"), (7, "deprecated"), (7, "migrate-update-deployment-runtime"),
    ]
    diff = subprocess.run(
        ["houston-codemod", "rewrite", "--no-cache", "--diff", "sends.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert diff.returncode == 1, diff.stderr  # README: 1 = would change
    added = [line for line in diff.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert sum(RENAMED in line for line in added) == n
    assert len(added) == n + 2  # the sends, the variable definition and the field
    assert (tmp_path / "sends.py").read_text() == one_document(n)  # --diff writes nothing
