"""Issues 11/12: variables the tool cannot read, and ``.replace`` targets, are never rewritten.

Two ways a rewrite silently broke a working script (red team):

* ``helper(Q, **{...})``, ``json={"query": Q, **extra}``, ``{**base, "airflowVersion": v}``:
  the variables are (or may be) supplied by a splat.  Renaming ``$airflowVersion``
  in the document while the splat keeps sending ``airflowVersion`` loses the
  variable.  Such a send is one the tool cannot read: the variable stays, with a
  review naming the call's line.  A splat of a dict literal the tool can read is
  renamed on both sides, when every document sent with it agrees.
* ``DOC.replace("2.3.0", ver)`` on ``airflowVersion: "2.3.0"``: rewriting 2.3.0
  to a Runtime version means the replace no longer finds its target and the
  user's value is never put in.  Every text a ``.replace`` on the document
  looks for is a template hole: never edited, reported for review.

Every test runs the installed console script, then reads the rewritten module
back (``ast``), and executes the script's own replace chain / builds its own
variables on the rewritten constants, without a network.
"""

import ast
import json
import json as _json
import textwrap

import pytest
from trust_cli import run_cli

URL = "https://houston.example.com/v1"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def constants(path):
    """Module-level NAME = <literal> of a Python file, evaluated without running it."""
    found = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return found


def check_json(path):
    completed = run_cli("check", "--format", "json", path)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    return json.loads(completed.stdout)


def rewrite_twice(path):
    """rewrite, then a second rewrite that changes nothing (idempotent); the result must still be Python.

    Returns the first run (its stderr carries the review findings)."""
    first = run_cli("rewrite", path)
    assert first.returncode in (0, 1), first.stderr
    assert "Traceback" not in first.stderr
    after = path.read_text()
    compile(after, str(path), "exec")
    second = run_cli("rewrite", "--check", path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert path.read_text() == after
    return first


class Batch:
    """Every case of a group in one directory: ``check`` once, ``rewrite`` once, ``rewrite --check`` once.

    One command per group instead of three per case keeps the suite fast; each
    case is still its own file, and its findings are looked up by file name.
    """

    def __init__(self, directory, texts):
        self.paths = [write(directory, f"case{i}.py", text) for i, text in enumerate(texts)]
        completed = run_cli("check", "--format", "json", directory)
        assert completed.returncode in (0, 1), completed.stderr
        assert "Traceback" not in completed.stderr
        self._findings = {}
        for finding in json.loads(completed.stdout)["findings"]:
            self._findings.setdefault(finding["path"].replace("\\", "/").rsplit("/", 1)[-1], []).append(finding)
        first = run_cli("rewrite", directory)
        assert first.returncode in (0, 1), first.stderr
        assert "Traceback" not in first.stderr
        self.rewrite_stderr = first.stderr
        after = [path.read_text() for path in self.paths]
        for path, text in zip(self.paths, after):
            compile(text, str(path), "exec")  # still Python
        second = run_cli("rewrite", "--check", directory)
        assert second.returncode == 0, second.stdout + second.stderr  # idempotent
        assert [path.read_text() for path in self.paths] == after

    def findings(self, index, code):
        return [f for f in self._findings.get(self.paths[index].name, []) if f["code"] == code]

    def rewrite_reported(self, index, code):
        name = self.paths[index].name
        return any(f"{name}:" in line and code in line for line in self.rewrite_stderr.splitlines())


# -- 2. .replace(<literal>, value) targets are template holes -------------------------------------

REPLACE_SCRIPT = '''
import requests

URL = "{url}"
OLD = "{old}"
HOUSTON_DOC = """
mutation {{
  createDeployment(workspaceUuid: "WS", label: "x", type: "airflow", airflowVersion: "{old}") {{ id }}
}}
"""


def main(ver, ws):
    {fill}
    requests.post(URL, json={{"query": q}})
'''


REPLACE_CASES = [
    ("2.3.0", 'q = HOUSTON_DOC.replace("2.3.0", ver)', [("2.3.0",)]),
    ("AIRFLOW_VERSION", 'q = HOUSTON_DOC.replace("AIRFLOW_VERSION", ver)', [("AIRFLOW_VERSION",)]),
    ("{{version}}", 'q = HOUSTON_DOC.replace("{{version}}", ver)', [("{{version}}",)]),
    ("$ver", 'q = HOUSTON_DOC.replace("$ver", ver)', [("$ver",)]),
    # the replaced text named by a constant
    ("2.3.0", "q = HOUSTON_DOC.replace(OLD, ver)", [("2.3.0",)]),
    # a chain, the version second
    ("2.3.0", 'q = HOUSTON_DOC.replace("WS", ws).replace("2.3.0", ver)', [("WS",), ("2.3.0",)]),
    # through a name bound to the first step
    ("2.3.0", 'half = HOUSTON_DOC.replace("WS", ws); q = half.replace("2.3.0", ver)', [("WS",), ("2.3.0",)]),
    # the name rebound to itself
    ("2.3.0", 'q = HOUSTON_DOC; q = q.replace("2.3.0", ver)', [("2.3.0",)]),
    # through a % template made by a replace
    ("2.3.0", 'q = (HOUSTON_DOC.replace("WS", "%s") % ws).replace("2.3.0", ver)', [("WS",), ("2.3.0",)]),
    # a replace of part of the value: the whole stretch stays
    ("2.3.0", 'q = HOUSTON_DOC.replace("2.3", ver)', [("2.3",)]),
]


@pytest.fixture(scope="module")
def replace_batch(tmp_path_factory):
    texts = [REPLACE_SCRIPT.format(url=URL, old=old, fill=fill) for old, fill, _chain in REPLACE_CASES]
    return Batch(tmp_path_factory.mktemp("replace"), texts)


@pytest.mark.parametrize("index", range(len(REPLACE_CASES)), ids=[fill for _old, fill, _chain in REPLACE_CASES])
def test_replace_target_is_never_rewritten_and_the_replace_still_finds_it(replace_batch, index):
    old, _fill, chain = REPLACE_CASES[index]
    reviews = replace_batch.findings(index, "review-template-version")
    assert len(reviews) == 1 and reviews[0]["line"] == 7, reviews
    assert "fills in at run time" in reviews[0]["message"] and "line 13" in reviews[0]["message"]
    assert replace_batch.rewrite_reported(index, "review-template-version")  # the person running rewrite is told too
    document = constants(replace_batch.paths[index])["HOUSTON_DOC"]
    # The argument is migrated, but the hole's text is as it was.
    assert f'runtimeVersion: "{old}"' in document
    assert "airflowVersion" not in document
    # Run the script's own replace chain on the rewritten constant: every target is still found.
    result = document
    for (target,) in chain:
        assert target in result, (target, result)
        result = result.replace(target, "9.9.9" if target in old else "workspace-1")
    assert 'runtimeVersion: "9.9.9' in result


FILL_SCRIPT = '''
import requests

URL = "{url}"

HOUSTON_DOC = """
mutation {{
  createDeployment(workspaceUuid: "WS", label: "x", type: "airflow", airflowVersion: "2.3.0") {{ id }}
}}
"""


def fill(doc, version):
    return doc.replace("2.3.0", version)


class Client:
    def send(self, doc, version):
        q = doc.replace("WS", "workspace-1")
        return requests.post(URL, json={{"query": fill(q, version)}})


def main(ver):
    return Client().send(doc=HOUSTON_DOC, version=ver)
'''


def test_replace_in_a_function_given_the_document(tmp_path, monkeypatch):
    """The replace sits in the module's own helpers; the document reaches it through parameters."""
    path = write(tmp_path, "helpers.py", FILL_SCRIPT.format(url=URL))
    report = check_json(path)
    assert [(f["line"], "line 13" in f["message"]) for f in report["findings"] if f["code"] == "review-template-version"] == [
        (7, True)
    ]
    rewrite_twice(path)
    assert 'runtimeVersion: "2.3.0"' in constants(path)["HOUSTON_DOC"]
    import sys
    import types

    posted = []
    stand_in = types.ModuleType("requests")
    stand_in.post = lambda url, json=None: posted.append(json)
    monkeypatch.setitem(sys.modules, "requests", stand_in)
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    namespace["main"]("9.9.9")
    assert 'runtimeVersion: "9.9.9"' in posted[0]["query"] and "workspace-1" in posted[0]["query"]


FORMATTED_SCRIPT = '''
import requests

URL = "{url}"
T = 'mutation {{{{ createDeployment(workspaceUuid: "{{ws}}", label: "x", type: "airflow", airflowVersion: "2.3.0") {{{{ id }}}} }}}}'
P = 'mutation {{ createDeployment(workspaceUuid: "%s", label: "x", type: "airflow", airflowVersion: "2.3.0") {{ id }} }}'


def main(ws, ver):
    requests.post(URL, json={{"query": T.format(ws=ws).replace("2.3.0", ver)}})
    requests.post(URL, json={{"query": (P % ws).replace("2.3.0", ver)}})
'''


def test_replace_after_format_or_percent(tmp_path, monkeypatch):
    """``T.format(...).replace(...)`` and ``(P % x).replace(...)``: the template's 2.3.0 stays."""
    path = write(tmp_path, "formatted.py", FORMATTED_SCRIPT.format(url=URL))
    rewrite_twice(path)
    import sys
    import types

    posted = []
    stand_in = types.ModuleType("requests")
    stand_in.post = lambda url, json=None: posted.append(json)
    monkeypatch.setitem(sys.modules, "requests", stand_in)
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    namespace["main"]("w-1", "9.9.9")
    assert [body["query"].count('runtimeVersion: "9.9.9"') for body in posted] == [1, 1]


def test_formatting_replace_is_not_a_hole(tmp_path):
    """``.replace("\\n", " ")`` only reformats: the AC version is still migrated (control)."""
    path = write(tmp_path, "flat.py", REPLACE_SCRIPT.format(url=URL, old="2.3.0", fill='q = HOUSTON_DOC.replace("\\n", " ")'))
    rewrite_twice(path)
    document = constants(path)["HOUSTON_DOC"]
    assert 'runtimeVersion: "5.0.1"' in document


def test_string_template_holes_stay(tmp_path):
    """string.Template ``$name`` and ``${name}`` were already holes: still so."""
    text = REPLACE_SCRIPT.format(url=URL, old="${ver}", fill="q = Template(HOUSTON_DOC).substitute(ver=ver, ws=ws)")
    path = write(tmp_path, "tpl.py", "from string import Template\n" + textwrap.dedent(text).lstrip("\n"))
    rewrite_twice(path)
    document = constants(path)["HOUSTON_DOC"]
    from string import Template

    assert 'runtimeVersion: "9.9.9"' in Template(document).substitute(ver="9.9.9")


def test_many_replace_calls_on_one_document(tmp_path):
    """Two thousand replace targets on one document: every one a hole, none rewritten."""
    keys = [f"K{i}_" for i in range(2000)]
    document = (
        'mutation { createDeployment(workspaceUuid: \\"WS\\", label: \\"' + "".join(keys)
        + '\\", type: \\"airflow\\", airflowVersion: \\"2.3.0\\") { id } }'
    )
    fills = "".join(f'part{i} = DOC.replace("{k}", "x")\n' for i, k in enumerate(keys))
    path = write(
        tmp_path, "many.py",
        f'import requests\nDOC = "{document}"\n{fills}requests.post("{URL}", json={{"query": DOC.replace("2.3.0", v)}})\n',
    )
    rewrite_twice(path)
    assert 'runtimeVersion: "2.3.0"' in constants(path)["DOC"]
    assert "".join(keys) in constants(path)["DOC"]


# -- 1. variables a ** splat (or an unread dict) may supply -----------------------------------------

SEND_SCRIPT = '''
import requests

URL = "{url}"

CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {{
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) {{ id }}
}}
"""
_BASE = {{"airflowVersion": "2.3.1"}}


def helper(query, variables=None):
    return requests.post(URL, json={{"query": query, "variables": variables}})


def khelper(query, **variables):
    return requests.post(URL, json={{"query": query, "variables": variables}})


def main(ws, v, base, extra, args):
    {send}
'''
SEND_LINE = 22
OLD_KEY = {"airflowVersion": "2.3.1"}


def run_main(path, monkeypatch, **arguments):
    """Run the (rewritten) script's main() with a stand-in ``requests``; return what it posted."""
    import sys
    import types

    posted = []
    stand_in = types.ModuleType("requests")
    stand_in.post = lambda url, json=None, data=None: posted.append(json if data is None else _json.loads(data))
    monkeypatch.setitem(sys.modules, "requests", stand_in)
    namespace = {"__name__": "script_under_test"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    defaults = dict(ws="w-1", v="2.3.1", base=dict(OLD_KEY), extra={}, args=())
    defaults.update(arguments)
    namespace["main"](**defaults)
    return posted


def declared_variables(query):
    from graphql import parse

    operation = parse(query).definitions[0]
    return {d.variable.name.value for d in operation.variable_definitions}


def assert_every_variable_is_sent(posted):
    for body in posted:
        variables = body.get("variables") or {}
        assert declared_variables(body["query"]) <= set(variables), (body["query"], variables)


UNREAD_CASES = [
    # the helper gathers keywords, one of them a splat of a parameter
    ("khelper(CREATE, ws=ws, **extra)", dict(extra=OLD_KEY)),
    ("khelper(CREATE, **extra)", dict(extra=dict(OLD_KEY, ws="w-1"))),
    # a splat of a parameter inside the variables dict, with or without the key written before it
    ('helper(CREATE, {"ws": ws, **extra})', dict(extra=OLD_KEY)),
    ('helper(CREATE, {"ws": ws, "airflowVersion": v, **extra})', dict(extra=OLD_KEY)),
    ("helper(CREATE, {**base})", dict(base=dict(OLD_KEY, ws="w-1"))),
    ("helper(CREATE, dict(**extra, ws=ws))", dict(extra=OLD_KEY)),
    # *args, and a ** splat into a helper that is not gathering its keywords
    ("helper(CREATE, *args)", dict(args=(dict(OLD_KEY, ws="w-1"),))),
    # the request body built with a splat
    ('requests.post(URL, json={"query": CREATE, **extra})', dict(extra={"variables": dict(OLD_KEY, ws="w-1")})),
    (
        'requests.post(URL, json={"query": CREATE, "variables": {"ws": ws, "airflowVersion": v}, **extra})',
        dict(extra={"variables": dict(OLD_KEY, ws="w-1")}),
    ),
    ('body = {"query": CREATE, **extra}; requests.post(URL, json=body)', dict(extra={"variables": dict(OLD_KEY, ws="w-1")})),
    (
        'import json as j; requests.post(URL, data=j.dumps({"query": CREATE, **extra}))',
        dict(extra={"variables": dict(OLD_KEY, ws="w-1")}),
    ),
    # a computed key may be airflowVersion
    ('key = "airflowVersion"; helper(CREATE, {"ws": ws, key: v})', {}),
]


@pytest.fixture(scope="module")
def unread_batch(tmp_path_factory):
    texts = [SEND_SCRIPT.format(url=URL, send=send) for send, _arguments in UNREAD_CASES]
    return Batch(tmp_path_factory.mktemp("unread"), texts)


@pytest.mark.parametrize("index", range(len(UNREAD_CASES)), ids=[send for send, _arguments in UNREAD_CASES])
def test_a_send_whose_variables_a_splat_may_supply_keeps_the_variable(unread_batch, monkeypatch, index):
    send, arguments = UNREAD_CASES[index]
    reviews = unread_batch.findings(index, "review-version-variable")
    assert len(reviews) == 1, reviews
    message = reviews[0]["message"]
    assert f"line {SEND_LINE}" in message and ("splat" in message or "computed key" in message), message
    assert not unread_batch.findings(index, "migrate-version-variable")
    assert unread_batch.rewrite_reported(index, "review-version-variable")
    path = unread_batch.paths[index]
    document = constants(path)["CREATE"]
    assert "$airflowVersion: String" in document and "runtimeVersion: $airflowVersion" in document
    assert f"    {send}\n" in path.read_text()  # the send is byte for byte what it was
    # The script still sends every variable its document declares.
    assert_every_variable_is_sent(run_main(path, monkeypatch, **arguments))


READ_CASES = [
    ('khelper(CREATE, **{"ws": ws, "airflowVersion": v})', {}, 'khelper(CREATE, **{"ws": ws, "runtimeVersion": v})'),
    ("khelper(CREATE, **dict(ws=ws, airflowVersion=v))", {}, "khelper(CREATE, **dict(ws=ws, runtimeVersion=v))"),
    (
        'params = {"ws": ws, "airflowVersion": v}; khelper(CREATE, **params)', {},
        'params = {"ws": ws, "runtimeVersion": v}; khelper(CREATE, **params)',
    ),
    # an entry written after an unknown splat wins over it, whatever the splat holds
    (
        'khelper(CREATE, **{**base, "ws": ws, "airflowVersion": v})', dict(base=OLD_KEY),
        'khelper(CREATE, **{**base, "ws": ws, "runtimeVersion": v})',
    ),
    ("helper(CREATE, dict(base, ws=ws, airflowVersion=v))", dict(base=OLD_KEY), "helper(CREATE, dict(base, ws=ws, runtimeVersion=v))"),
    # the body serialised in place (was a false 'also used on line 22' review)
    (
        'import json as j; requests.post(URL, data=j.dumps({"query": CREATE, "variables": {"ws": ws, "airflowVersion": v}}))', {},
        'import json as j; requests.post(URL, data=j.dumps({"query": CREATE, "variables": {"ws": ws, "runtimeVersion": v}}))',
    ),
    # a splat of a dict literal of the module: both renamed (and its AC version mapped); a
    # module-level one (_BASE) is not, since other modules may import it (test_rt5_variables.py)
    (
        'base2 = {"airflowVersion": "2.3.1"}; helper(CREATE, {**base2, "ws": ws})', {},
        'base2 = {"runtimeVersion": "5.0.2"}; helper(CREATE, {**base2, "ws": ws})',
    ),
]


@pytest.fixture(scope="module")
def read_batch(tmp_path_factory):
    texts = [SEND_SCRIPT.format(url=URL, send=send) for send, _arguments, _renamed in READ_CASES]
    return Batch(tmp_path_factory.mktemp("read"), texts)


@pytest.mark.parametrize("index", range(len(READ_CASES)), ids=[send for send, _arguments, _renamed in READ_CASES])
def test_a_splat_the_tool_can_read_is_renamed_on_both_sides(read_batch, monkeypatch, index):
    send, arguments, renamed = READ_CASES[index]
    assert not read_batch.findings(index, "review-version-variable")
    assert not read_batch.findings(index, "review-shared-variables")
    assert read_batch.findings(index, "migrate-version-variable")
    path = read_batch.paths[index]
    assert "$runtimeVersion: String" in constants(path)["CREATE"]
    assert f"    {renamed}\n" in path.read_text()
    assert_every_variable_is_sent(run_main(path, monkeypatch, **arguments))


def test_a_splatted_dict_sent_with_two_documents_is_left_alone(tmp_path, monkeypatch):
    """Issue 11 class 3 through a splat: params also feeds runtimeReleases(airflowVersion:)."""
    script = SEND_SCRIPT.format(url=URL, send='params = {"ws": ws, "airflowVersion": v}; khelper(CREATE, **params); khelper(RELEASES, **params)')
    script += 'RELEASES = """\nquery Releases($airflowVersion: String) { runtimeReleases(airflowVersion: $airflowVersion) { version } }\n"""\n'
    path = write(tmp_path, "shared.py", script)
    report = check_json(path)
    codes = {f["code"] for f in report["findings"]}
    assert {"review-version-variable", "review-shared-variables"} <= codes
    rewrite_twice(path)
    assert "$airflowVersion: String" in constants(path)["CREATE"]
    assert '"airflowVersion": v' in path.read_text()
    assert_every_variable_is_sent(run_main(path, monkeypatch))


# -- the placeholder search stays linear (work counted, not timed) ---------------------------------


def _chain_module(links: int) -> str:
    lines = [
        "import requests",
        'DOC = "mutation { createDeployment(workspaceUuid: \\"W\\", label: \\"x\\", type: \\"airflow\\", airflowVersion: \\"2.3.0\\") { id } }"',
        'q0 = DOC.replace("2.3.0", "v")',
    ]
    lines += [f'q{i} = q{i - 1}.replace("k{i}", "x")' for i in range(1, links)]
    # and a helper that many calls hand the document to, with many replaces on its parameter
    lines.append("def fill(doc, v):")
    lines += [f'    doc = doc.replace("p{i}", v)' for i in range(links)]
    lines.append("    return doc")
    lines += [f"fill(DOC, {i})" for i in range(links)]
    lines.append(f'requests.post("{URL}", json={{"query": q{links - 1}}})')
    return "\n".join(lines) + "\n"


def _steps(monkeypatch, options, links):
    from codemods.pipeline import process
    from codemods.sources import placeholders

    counted = [0]
    original = placeholders._successors

    def counting(*args):
        counted[0] += 1
        return original(*args)

    monkeypatch.setattr(placeholders, "_successors", counting)
    result = process("chain.py", _chain_module(links).encode(), options)
    assert result.error is None
    assert b'runtimeVersion: \\"2.3.0\\"' in result.new_bytes()  # the hole stayed
    return counted[0]


def test_following_replace_chains_and_parameters_is_linear(monkeypatch, options):
    small, large = _steps(monkeypatch, options, 150), _steps(monkeypatch, options, 300)
    assert large <= 2.2 * small, (small, large)  # one walk for all the replaces, not one per replace
