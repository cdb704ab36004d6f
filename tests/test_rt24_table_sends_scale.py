"""A module URL table read by every send costs linear work (red team 23, report 12, f19).

A generated per-tenant module ``URLS = {"k0": os.environ["SVC0_URL"], ...}`` (N entries), a helper
``post(name, q)`` doing ``url = URLS[name]; requests.post(url, json={"query": q})`` and N calls
``post("k0", Q_0)``: the time grew 4-10x per doubling of N (6400 entries: 115 s), because each send
re-read the whole table (``airflow_connections._connections_read`` pushed every child of the dict
literal before its node budget cut in, ``container_urls`` tested every key of it for ``**``).

The work is counted, never timed: the lines of the tool's own package executed while the
installed CLI's ``check`` runs (its ``codemods.cli.main``, in the interpreter of the console script
``TRUST_CLI_UNDER_TEST`` names) for N, 2N and 3N must lie on a line (second difference near 0).
"""

import os
import subprocess
import sys
import textwrap

from trust_cli import SCRIPT

# Runs codemods.cli.main of the install under test and prints the lines its package executed.
_COUNTER = textwrap.dedent(
    """
    import os, sys
    import codemods
    from codemods import cli
    PACKAGE = os.path.dirname(os.path.abspath(codemods.__file__))
    count = 0
    def tracer(frame, event, _arg):
        global count
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line":
            count += 1
        return tracer
    sys.argv = ["houston-codemod", *sys.argv[1:]]
    sys.settrace(tracer)
    try:
        cli.main()
    except SystemExit as stop:
        code = stop.code
    else:
        code = 0
    finally:
        sys.settrace(None)
    print("LINES-RUN", count, code, file=sys.stderr)
    """
)


def _python_of(script: str) -> str:
    """The interpreter a console script runs with (its ``#!`` line); this Python for a shell shim."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!") and "python" in os.path.basename(first[2:].split()[0]):
        return first[2:].split()[0]
    return sys.executable


def tenants_module(n: int) -> str:
    lines = ["import os", "import requests", "", "URLS = {"]
    lines += [f'    "k{i}": os.environ["SVC{i}_URL"],' for i in range(n)]
    lines.append("}")
    lines += [f'Q_{i} = "query Q{i} {{ workspaces {{ id label }} }}"' for i in range(n)]
    lines += [
        "def post(name, q):",
        "    url = URLS[name]",
        "    return requests.post(url, json={'query': q}).json()",
        "",
        "def main():",
    ]
    lines += [f'    post("k{i}", Q_{i})' for i in range(n)]
    return "\n".join(lines) + "\n"


def _lines_run(tmp_path, n: int) -> int:
    folder = tmp_path / f"n{n}"
    folder.mkdir()
    (folder / "tenants.py").write_text(tenants_module(n), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("HOUSTON_", "PYTHON"))}
    done = subprocess.run(
        [_python_of(SCRIPT), "-c", _COUNTER, "check", "--no-cache", "-j1", "--format", "json", str(folder)],
        cwd=str(tmp_path), env=environment, capture_output=True, text=True, timeout=900,
    )
    marks = [line for line in done.stderr.splitlines() if line.startswith("LINES-RUN ")]
    assert marks, done.stderr[-2000:]
    _, count, code = marks[-1].split()
    assert code in ("0", "1"), done.stderr[-2000:]
    assert f"{n} documents found" in done.stderr, done.stderr[-2000:]  # the work was done
    return int(count)


def test_sends_through_one_url_table_cost_linear_work(tmp_path):
    counts = [_lines_run(tmp_path, n) for n in (200, 400, 600)]
    assert counts[1] > 1.5 * counts[0], counts  # the count sees the work
    # Re-reading the table per send gave a second difference of ~15% of counts[0]; linear is ~0.
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts
