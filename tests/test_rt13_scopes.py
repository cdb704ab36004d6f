"""Red team 13, F11 + F12: a function's local is that function's name, and messages list few lines.

F11: ``def houston(query, variables)`` and, in ``create()``, ``query = \"\"\"...\"\"\"; houston(query, {...})``
was not migrated: the helper's own parameter ``query`` (another scope) was taken for a second use of the
caller's document ("query is also used on line 8").  Two functions each binding a local ``doc`` blocked
each other the same way.  F12: every finding then listed the lines of all N other functions' ``q``:
N findings of N lines each, quadratic output and work.  Everything here runs the installed CLI.
"""

import os
import shutil
import subprocess
import sys
import textwrap

CLI = os.path.join(os.path.dirname(sys.executable), "houston-codemod")
if not os.path.exists(CLI):
    CLI = shutil.which("houston-codemod")

HEADER = '''import os
import requests

HOUSTON_URL = "https://houston.example.com/v1"


def houston({param}, variables=None):
    return requests.post(HOUSTON_URL, json={{"query": {param}, "variables": variables or {{}}}},
                         headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}}).json()["data"]
'''

CREATE = '''

def create(ws):
    {name} = """
    mutation C($ws: Uuid!, $airflowVersion: String) {{
      createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) {{ id }}
    }}
    """
    return houston({name}, {{"ws": ws, "airflowVersion": "2.3.3-2"}})
'''


def cli(*args, cwd):
    env = dict(os.environ, HOUSTON_CODEMOD_NO_CACHE="1")
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def _write(tmp_path, text):
    (tmp_path / "ops.py").write_text(text)
    return tmp_path / "ops.py"


def _migrated(text):
    return (
        "mutation C($ws: Uuid!, $runtimeVersion: String)" in text
        and "runtimeVersion: $runtimeVersion" in text
        and '{"ws": ws, "runtimeVersion": "5.0.7"}' in text
        and "airflowVersion" not in text
    )


def test_local_named_like_the_helpers_parameter_is_migrated(tmp_path):
    """lq7: the README "Variables" example, with the caller's local named ``query`` like the helper's parameter."""
    path = _write(tmp_path, HEADER.format(param="query") + CREATE.format(name="query"))
    result = cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "also used on line" not in result.stdout + result.stderr
    assert _migrated(path.read_text())
    again = cli("rewrite", "--check", ".", cwd=tmp_path)  # idempotent
    assert again.returncode == 0, again.stdout + again.stderr


def test_sibling_functions_locals_do_not_block_each_other(tmp_path):
    """lq10: another function binding its own ``doc`` (and ``params``), sent plainly, is another name."""
    text = HEADER.format(param="text") + textwrap.dedent('''

        def create(ws):
            doc = """
            mutation C($ws: Uuid!, $airflowVersion: String) {
              createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
            }
            """
            params = {"ws": ws, "airflowVersion": "2.3.3-2"}
            return houston(doc, params)


        def releases(v):
            doc = "query R($airflowVersion: String) { runtimeReleases(airflowVersion: $airflowVersion) { version } }"
            params = {"airflowVersion": v}
            return houston(doc, params)
        ''')
    path = _write(tmp_path, text)
    result = cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "part of the document sent on line" not in result.stdout + result.stderr
    out = path.read_text()
    create, releases = out.split("def releases")
    assert "$runtimeVersion" in create and '"runtimeVersion": "5.0.7"' in create and "airflowVersion" not in create
    # the runtimeReleases filter is an AC version argument of its own: untouched
    assert 'params = {"airflowVersion": v}' in releases


def test_a_sibling_filling_its_own_q_does_not_block(tmp_path):
    """lq3: ``q = '...%s...' % ws`` in another function is that function's ``q``."""
    text = HEADER.format(param="text") + CREATE.format(name="q") + textwrap.dedent('''

        def names(ws):
            q = 'query N { workspaceDeployments(workspaceUuid: "%s") { label } }' % ws
            return houston(q)
        ''')
    path = _write(tmp_path, text)
    result = cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _migrated(path.read_text().split("def names")[0])


def test_the_same_local_used_twice_in_its_own_function_still_blocks(tmp_path):
    """Control: a second use of the document in its own function (``DOCS.append([q])``) is still a use."""
    text = HEADER.format(param="query") + textwrap.dedent('''
        DOCS = []


        def create(ws):
            q = """
            mutation C($ws: Uuid!, $airflowVersion: String) {
              createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
            }
            """
            DOCS.append([q])
            return houston(q, {"ws": ws, "airflowVersion": "2.3.3-2"})
        ''')
    path = _write(tmp_path, text)
    before = path.read_text()
    result = cli("rewrite", ".", cwd=tmp_path)
    # the variable and the values sent in it stay (reviewed): q may be sent elsewhere with other variables
    assert '{"ws": ws, "airflowVersion": "2.3.3-2"}' in path.read_text() and "$airflowVersion: String" in path.read_text()
    line = before.splitlines().index("    DOCS.append([q])") + 1
    assert f"q is also used on line {line}," in result.stdout + result.stderr


def _generated(n):
    parts = [HEADER.format(param="text")]
    for i in range(n):
        parts.append(textwrap.dedent(f'''

            def f{i}(ws):
                q = """mutation C{i}($ws: Uuid!, $airflowVersion: String) {{ createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) {{ id }} }}"""
                return houston(q, {{"ws": ws, "airflowVersion": "2.3.3-2"}})
            '''))
    return "".join(parts)


def test_n_functions_with_their_own_q_are_each_migrated_in_linear_output(tmp_path):
    """perf3/perf4 shape: N functions each binding ``q``: each is migrated, none reviewed, and the
    report grows linearly (it was N findings each listing N lines)."""
    sizes = []
    for n in (40, 80, 120):
        folder = tmp_path / str(n)
        folder.mkdir()
        (folder / "big.py").write_text(_generated(n))
        result = cli("check", "--format", "json", ".", cwd=folder)
        sizes.append(len(result.stdout) + len(result.stderr))
        assert "also used on line" not in result.stdout
        rewritten = cli("rewrite", ".", cwd=folder)
        assert rewritten.returncode == 0, rewritten.stderr
        text = (folder / "big.py").read_text()
        assert text.count('"runtimeVersion": "5.0.7"') == n and "airflowVersion" not in text
    # second difference of a linear growth is ~0; of N findings listing N lines it is of order N**2
    assert abs(sizes[2] - 2 * sizes[1] + sizes[0]) < sizes[0] / 10, sizes


def test_a_genuinely_shared_document_lists_at_most_three_lines(tmp_path):
    """One module document genuinely used by N functions (``return Q``): the review names three lines
    and "N more", so the message does not grow with N."""
    lengths = []
    for n in (10, 40):
        folder = tmp_path / str(n)
        folder.mkdir()
        text = HEADER.format(param="text") + textwrap.dedent('''
            Q = """mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) { id } }"""


            def create(ws):
                return houston(Q, {"ws": ws, "airflowVersion": "2.3.3-2"})
            ''') + "".join(f"\n\ndef g{i}():\n    return Q\n" for i in range(n))
        (folder / "ops.py").write_text(text)
        result = cli("rewrite", ".", cwd=folder)
        assert '{"ws": ws, "airflowVersion": "2.3.3-2"}' in (folder / "ops.py").read_text()
        lines = [line for line in (result.stdout + result.stderr).splitlines() if "Q is also used on lines" in line]
        assert lines, result.stdout + result.stderr
        assert all(f"and {n - 3} more" in line for line in lines), lines
        lengths.append(max(len(line) for line in lines))
    assert lengths[1] - lengths[0] <= 4, lengths  # only the digits of the line numbers and the count grow
