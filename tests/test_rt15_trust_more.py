"""Red team 14, report 11a (issue 11): F5, F1, F3, F9, through the installed command where a user meets them.

- F5: a ``%`` / ``.format()`` template of thousands of holes and version edits was rewritten in time
  growing with edits x holes (``TextMap.hole_at`` scanned every hole per edit).  Counted, not timed.
- F1: a GitHub error answer whose ``errors`` list holds null, a list or an object ``message``.
- F3: ``rewrite -`` with more than 16 MiB on stdin.
- F9: a server's error echoing the token cut up by markup tags, ANSI escapes or backspace overstrikes.
"""

from pathlib import Path

from codemods.pipeline import BundledSchema, Options, process
from codemods.versions import VersionTable
from trust_cli import run_cli
from work_count import traced_lines, under

TEXT_MAP = frozenset({under("sources", "text_map.py")})


def pct_labels(n: int) -> str:
    """One function sending a ``%`` template of n aliased createDeployment calls: n holes, n version edits."""
    body = " ".join(
        f'd{i}: createDeployment(workspaceUuid: "w", label: "%s", type: "airflow", airflowVersion: "2.3.4") {{ id }}'
        for i in range(n)
    )
    args = ", ".join(["label"] * n)
    return (
        "import requests\n\ndef bulk(label):\n"
        f'    q = """mutation {{ {body} }}""" % ({args})\n'
        '    return requests.post("https://houston.example.com/v1", json={"query": q})\n'
    )


def _hole_work(n: int) -> int:
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    count, result = traced_lines(lambda: process("s.py", pct_labels(n).encode(), options), TEXT_MAP)
    assert result.error is None, result.error
    assert result.changed and 'airflowVersion: "2.3.4"' not in result.new_text
    return count


def test_f5_template_edits_map_through_holes_in_linear_work():
    small, large = _hole_work(150), _hole_work(300)
    assert small > 150  # the count sees the work
    assert large / small < 2.3, (small, large)  # a scan of every hole per edit gives ~3.5


def test_f5_large_template_is_rewritten_through_the_command(tmp_path):
    (tmp_path / "s.py").write_text(pct_labels(400))
    completed = run_cli("rewrite", "--diff", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.count('+    q = """mutation') == 1
    assert 'airflowVersion: "2.3.4"' not in completed.stdout.split("+    q =", 1)[1].split("\n", 1)[0]
