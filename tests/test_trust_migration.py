"""Issue 11: the migration never changes what anything but the migrated Houston argument reads.

Each test runs the installed console script on a file written the way the
red team wrote it, and checks the bytes on disk, the exit code and the
one-line findings.
"""

import subprocess
import textwrap

import pytest

URL = "https://houston.example.com/v1"
CREATE = 'mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "{v}") {{ id }} }}'


def run(*args, cwd, stdin=None):
    return subprocess.run(
        ["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=120, input=stdin
    )


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- class 2: shared constants ------------------------------------------------------------


SPLICED = """\
    import requests

    {binding}


    def create():
        doc = 'mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "' + {name} + '") {{ id }} }}'
        return requests.post("https://houston.example.com/v1", json={{"query": doc}})
    {extra}
"""


@pytest.mark.parametrize(
    "name, extra, other_lines",
    [
        ("AC_VERSION", 'PIP = "pip install apache-airflow==" + AC_VERSION', "also used on line 9"),
        (
            "AC_VERSION",
            'def releases():\n        return \'query { runtimeReleases(airflowVersion: "\' + AC_VERSION + \'") { version } }\'',
            "also used on line 10",
        ),
        ("AC_VERSION", 'HELM = {"airflowVersion": AC_VERSION}', "also used on line 9"),
        ("AC_VERSION", "", "a module-level name other modules may import"),
        ("_AC", '__all__ = ["_AC"]', "also used on line 9"),
        ("_AC", "def bump():\n        global _AC\n        _AC = '2.3.4'", "also used on lines 10, 11"),
        ("_AC", "print(f'{_AC}')", "also used on line 9"),
    ],
    ids=["pip", "runtime-releases", "helm-values", "public", "all", "global", "fstring"],
)
def test_a_constant_read_elsewhere_is_never_rewritten(tmp_path, name, extra, other_lines):
    path = write(tmp_path, "deploy.py", SPLICED.format(binding=f'{name} = "2.3.1"', name=name, extra=extra))
    before = path.read_bytes()
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert path.read_bytes() == before
    lines = [line for line in completed.stderr.splitlines() if "review-shared-constant" in line]
    assert len(lines) == 2, completed.stderr
    assert lines[0].startswith(f"deploy.py:3:{len(name) + 4}: warning review-shared-constant {name} feeds airflowVersion on line 7")
    assert lines[1].startswith("deploy.py:7:")
    assert all(other_lines in line for line in lines)


def test_a_private_constant_read_only_by_the_document_is_still_reviewed(tmp_path):
    """Red team 5, F5: ``from deploy import _AC`` in another module reads it too; no module-level
    name is private to its module, so it stays and the argument is reviewed."""
    path = write(tmp_path, "deploy.py", SPLICED.format(binding='_AC = "2.3.1"', name="_AC", extra=""))
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr  # rewrite: review items alone are not a failure
    text = path.read_text()
    assert '_AC = "2.3.1"' in text
    assert "review-shared-constant" in completed.stderr
    assert "a module-level name other modules may import" in completed.stderr


def test_a_name_in_a_hole_is_never_edited_and_its_other_reads_are_named(tmp_path):
    path = write(
        tmp_path,
        "deploy.py",
        """\
        import requests
        AC_VERSION = "2.3.1"
        DOC = f'mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "{AC_VERSION}") {{ id }} }}'
        requests.post("https://houston.example.com/v1", json={"query": DOC})
        PIP = f"apache-airflow=={AC_VERSION}"
        """,
    )
    completed = run("check", "deploy.py", cwd=tmp_path)
    assert 'AC_VERSION = "2.3.1"' in path.read_text()
    # A module-level constant in an f-string hole is read as part of the text actually sent
    # (compositions, 062b14b), so it is a shared constant (README, "Likewise a constant spliced
    # into a document"; issue 11 class 2): reported at the constant and at the argument, each
    # naming its other use on line 5.
    lines = [line for line in completed.stderr.splitlines() + completed.stdout.splitlines() if "review-shared-constant" in line]
    (at_constant,) = [line for line in lines if line.startswith("deploy.py:2:")]
    (at_argument,) = [line for line in lines if line.startswith("deploy.py:3:")]
    assert "AC_VERSION" in at_constant and "line 5" in at_constant
    assert "AC_VERSION" in at_argument and "line 5" in at_argument


# -- class 3: shared variables dicts ------------------------------------------------------

DICT_MODULE = """\
    import requests

    URL = "https://houston.example.com/v1"
    CREATE = '''mutation Create($ws: Uuid!, $airflowVersion: String) {
      createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
    }'''
    RELEASES = '''query Releases($airflowVersion: String) {
      runtimeReleases(airflowVersion: $airflowVersion) { version }
    }'''


    def run(ws, v):
        params = {"ws": ws, "airflowVersion": "2.3.1"}
        %s
        return requests.post(URL, json={"query": CREATE, "variables": params})
"""


@pytest.mark.parametrize(
    "line",
    [
        'requests.post(URL, json={"query": RELEASES, "variables": params})',
        'params["airflowVersion"] = v',
        "copy = {**params}",
        "remember(params)",
        "params.update(extra)",
    ],
    ids=["sent-with-releases", "mutated", "copied", "helper", "updated"],
)
def test_a_dict_with_another_reader_keeps_its_key_and_the_document_its_variable(tmp_path, line):
    path = write(tmp_path, "deploy.py", DICT_MODULE % line)
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert 'params = {"ws": ws, "airflowVersion": "2.3.1"}' in text
    assert "mutation Create($ws: Uuid!, $airflowVersion: String)" in text
    assert "runtimeReleases(airflowVersion: $airflowVersion)" in text
    reviews = [l for l in completed.stderr.splitlines() if "review-" in l]
    assert any(l.startswith("deploy.py:4:") and "review-version-variable" in l and "line 13" in l for l in reviews), reviews
    assert any(l.startswith("deploy.py:13:") and "review-shared-variables" in l and "line 14" in l for l in reviews), reviews


@pytest.mark.parametrize(
    "line", ['log.info("creating %s", params)', 'print(params["ws"])', 'params["label"] = "etl"', "pass"],
    ids=["logged", "other-key-read", "other-key-set", "alone"],
)
def test_a_dict_only_this_document_reads_is_migrated(tmp_path, line):
    path = write(tmp_path, "deploy.py", DICT_MODULE % line)
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert 'params = {"ws": ws, "runtimeVersion": "5.0.2"}' in text
    assert "mutation Create($ws: Uuid!, $runtimeVersion: String)" in text
    assert "review-" not in completed.stderr


def test_the_same_dict_sent_twice_with_one_document_is_migrated(tmp_path):
    path = write(tmp_path, "deploy.py", DICT_MODULE % 'requests.post(URL, json={"query": CREATE, "variables": params})')
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert 'params = {"ws": ws, "runtimeVersion": "5.0.2"}' in path.read_text()


def test_a_public_module_level_dict_is_not_renamed(tmp_path):
    text = (DICT_MODULE % "pass").replace('        params = {"ws": ws, "airflowVersion": "2.3.1"}\n', "")
    text = text.replace("    def run(ws, v):", '    PARAMS = {"ws": "w", "airflowVersion": "2.3.1"}\n\n\n    def run(ws, v):')
    path = write(tmp_path, "deploy.py", text.replace('"variables": params', '"variables": PARAMS'))
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert 'PARAMS = {"ws": "w", "airflowVersion": "2.3.1"}' in path.read_text()
    assert "other modules may import" in completed.stderr


# -- class 5: whatever version arrives, the splice only ever writes a literal holding it ---------

import ast  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from graphql import parse as parse_graphql  # noqa: E402

from codemods.pipeline import Options, process  # noqa: E402
from codemods.versions import VersionTable  # noqa: E402

HOSTILE = [
    "9' + __import__('os').system('touch pwned') + '",
    '9" + __import__("os").system("touch pwned") + "',
    "9.9.9\nRUN curl x|sh",
    "9.9.9\\",
    '9\\"); mutation { deleteDeployment',
    "{__import__('os')}",
    "%(x)s %s %%",
    "'''\"\"\"",
    "9.9.9\r\n\x0c\u2028\x00",
    "é-\u2603",
]
# (prefix, opening, closing, suffix, braces doubled): every way a document literal is written.
FORMS = [
    ("", "'", "'", "", False),
    ("", '"', '"', "", False),
    ("", "'''", "'''", "", False),
    ("", '"""', '"""', "", False),
    ("r", "'", "'", "", False),
    ("r", '"""', '"""', "", False),
    ("b", "'", "'", "", False),
    ("rb", "'", "'", "", False),
    ("f", "'", "'", "", True),
    ("rf", "'''", "'''", "", True),
    ("", "'", "'", ".format()", True),
    ("", '"', '"', " % ()", False),
]


class HostileTable(VersionTable):
    """A version source answering whatever a compromised Houston would."""

    def __init__(self, value):
        super().__init__({})
        self.value = value

    def runtime_for(self, ac_version):
        return self.value


def _module(form):
    prefix, opening, closing, suffix, doubled = form
    doc = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }'
    if doubled:
        doc = doc.replace("{", "{{").replace("}", "}}")
    if opening == '"':
        doc = doc.replace('"', '\\"')
    return f"import requests\nQ = {prefix}{opening}{doc}{closing}{suffix}\nrequests.post('https://houston.example.com/v1', json={{'query': Q}})\n"


def _blank_strings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            node.value = type(node.value)()
    return ast.dump(tree)


def _document_value(text):
    """What the rewritten module really sends as the document (evaluated, never executed)."""
    value = ast.parse(text).body[1].value
    if isinstance(value, ast.JoinedStr):
        return "".join(part.value for part in value.values)
    if isinstance(value, ast.Call):  # "...".format()
        return ast.literal_eval(value.func.value).format()
    if isinstance(value, ast.BinOp):  # "..." % ()
        return ast.literal_eval(value.left) % ()
    literal = ast.literal_eval(value)
    return literal.decode("latin-1") if isinstance(literal, bytes) else literal


def _argument(document, name):
    (field,) = parse_graphql(document).definitions[0].selection_set.selections
    return {a.name.value: a.value.value for a in field.arguments}.get(name)


def check_splice(form, version, schema):
    before = _module(form)
    result = process("deploy.py", before.encode(), Options(schema=schema, versions=HostileTable(version)))
    assert result.error is None or "deploy.py" in result.error
    if not result.changed:
        return False
    after = result.new_text
    assert _blank_strings(ast.parse(after)) == _blank_strings(ast.parse(before))  # no code added, none lost
    assert _argument(_document_value(after), "runtimeVersion") == version
    return True


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f[0] + f[1] + f[4] * "{}" + f[3])
@pytest.mark.parametrize("version", HOSTILE)
def test_a_hostile_version_is_escaped_or_refused(form, version, schema):
    written = check_splice(form, version, schema)
    if form[0] in ("", "f") and "\x00" not in version:
        assert written  # an ordinary literal can hold any text: it must be escaped, not refused


@settings(max_examples=60)
@given(st.sampled_from(FORMS), st.text(st.characters(codec="utf-8"), min_size=1, max_size=12))
def test_any_version_text_is_escaped_or_refused(form, version):
    from codemods.houston_schema import HoustonSchema

    check_splice(form, version, HoustonSchema.bundled())


def test_hostile_versions_from_a_live_houston_never_become_code(tmp_path):
    from houston_server import TOKEN, HoustonServer

    script = tmp_path / "deploy.py"
    script.write_text(_module(FORMS[0]))
    payload = HOSTILE[0]
    env = {**__import__("os").environ, "HOUSTON_API_TOKEN": TOKEN}
    with HoustonServer(catalogue={"2.3.1": [payload]}) as server:
        completed = subprocess.run(
            ["houston-codemod", "rewrite", "--versions-from", server.url, "deploy.py"],
            cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env,
        )
    assert "Traceback" not in completed.stderr
    after = script.read_text()
    assert _blank_strings(ast.parse(after)) == _blank_strings(ast.parse(_module(FORMS[0])))
    if after != _module(FORMS[0]):
        assert _argument(_document_value(after), "runtimeVersion") == payload


# -- class 17: a document too deep for the parser is one line, never silence ----------------------


@pytest.mark.parametrize("depth", [300, 10_000])
def test_a_too_deep_document_is_one_error_line_and_the_rest_is_migrated(tmp_path, depth):
    deep = "query { workspaces { " + "a { " * depth + "b" + " }" * depth + " } }"
    create = CREATE.format(v="2.3.1")
    path = write(tmp_path, "deep.py", f'from gql import gql\nDEEP = gql("""{deep}""")\nCREATE = gql("""{create}""")\n')
    checked = run("check", "deep.py", cwd=tmp_path)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr + checked.stdout
    assert [l for l in checked.stdout.splitlines() if "too-deep" in l] == [
        "deep.py:2:12: error graphql-too-deep document too deeply nested for the GraphQL parser: not checked, not migrated"
    ]
    rewritten = run("rewrite", "deep.py", cwd=tmp_path)
    assert rewritten.returncode == 2
    assert "deep.py:2:12: error graphql-too-deep" in rewritten.stderr
    assert path.read_text().count('runtimeVersion: "5.0.2"') == 1  # the other document is still migrated
    assert deep in path.read_text()


def test_a_helpers_keywords_bound_to_its_result_are_still_migrated(tmp_path):
    """``result = houston(DOC, airflowVersion=...)``: the result is the response, not the variables."""
    path = write(
        tmp_path,
        "deploy.py",
        """\
        import requests
        CREATE = '''mutation Create($airflowVersion: String) {
          createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
        }'''
        def houston(query, **variables):
            return requests.post("https://houston.example.com/v1", json={"query": query, "variables": variables}).json()
        def run():
            result = houston(CREATE, airflowVersion="2.3.1")
            return result["data"], result
        """,
    )
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert 'result = houston(CREATE, runtimeVersion="5.0.2")' in path.read_text()


@pytest.mark.parametrize("prefix, quote", [("", "'"), ("", '"""'), ("r", "'"), ("b", '"'), ("f", "'"), ("u", '"')])
@pytest.mark.parametrize("version", HOSTILE)
def test_a_hostile_version_in_a_variables_dict_or_default_is_escaped_or_refused(prefix, quote, version, schema):
    before = (
        "import requests\n"
        "Q = '''mutation C($v: String = \"2.3.1\") { createDeployment(workspaceUuid: \"w\", label: \"l\", "
        "type: \"airflow\", airflowVersion: $v) { id } }'''\n"
        f"params = {{'v': {prefix}{quote}2.3.1{quote}}}\n"
        "requests.post('https://houston.example.com/v1', json={'query': Q, 'variables': params})\n"
    )
    result = process("deploy.py", before.encode(), Options(schema=schema, versions=HostileTable(version)))
    if not result.changed:
        return
    after = ast.parse(result.new_text)
    assert _blank_strings(ast.parse(result.new_text)) == _blank_strings(ast.parse(before))
    value = after.body[2].value.values[0]
    sent = ast.literal_eval(value) if not isinstance(value, ast.JoinedStr) else "".join(p.value for p in value.values)
    assert sent in (version, version.encode("latin-1", "ignore"), "2.3.1", b"2.3.1")
    if sent not in ("2.3.1", b"2.3.1"):
        assert (sent.decode("latin-1") if isinstance(sent, bytes) else sent) == version
    document = ast.literal_eval(after.body[1].value)
    default = parse_graphql(document).definitions[0].variable_definitions[0].default_value.value
    assert default in (version, "2.3.1")


# -- red team B: a variables dict nested in a request body that is read afterwards ----------

BODY_MODULE = '''\
    import requests

    _CREATE = """mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) { id } }"""


    def d(ws):
    %s
        requests.post("https://houston.example.com/v1", json=body)
        %s
'''
NESTED = '    body = {"query": _CREATE, "variables": {"ws": ws, "airflowVersion": "2.3.4"}}'
FLAT = '    variables = {"ws": ws, "airflowVersion": "2.3.4"}\n        body = {"query": _CREATE, "variables": variables}'


@pytest.mark.parametrize("binding", [NESTED, FLAT], ids=["nested", "flat-then-body"])
@pytest.mark.parametrize(
    "line",
    ['print("created with", body["variables"]["airflowVersion"])', "remember(body)", 'body["variables"]["x"] = 1'],
    ids=["key-read", "helper", "variables-touched"],
)
def test_a_body_read_after_it_is_sent_keeps_its_key_and_the_document_its_variable(tmp_path, binding, line):
    path = write(tmp_path, "deploy.py", BODY_MODULE % (binding, line))
    before = path.read_text()
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert '"airflowVersion": "2.3.4"' in text and "runtimeVersion\": " not in text
    assert "mutation C($ws: Uuid!, $airflowVersion: String)" in text
    assert "runtimeVersion: $airflowVersion" in text  # the argument itself still migrates
    assert text.replace("runtimeVersion: $airflowVersion", "airflowVersion: $airflowVersion") == before
    reviews = [l for l in completed.stderr.splitlines() if "review-" in l]
    read_line = 9 if binding is NESTED else 10
    dict_line = 7
    assert any(l.startswith("deploy.py:3:") and "review-version-variable" in l and f"line {read_line}" in l for l in reviews), reviews
    assert any(
        l.startswith(f"deploy.py:{dict_line}:") and "review-shared-variables" in l and f"line {read_line}" in l
        for l in reviews
    ), reviews


@pytest.mark.parametrize("binding", [NESTED, FLAT], ids=["nested", "flat-then-body"])
@pytest.mark.parametrize(
    "line", ["pass", "print(body)", 'print(body["query"])'], ids=["alone", "shown", "document-read"]
)
def test_a_body_only_sent_is_migrated(tmp_path, binding, line):
    path = write(tmp_path, "deploy.py", BODY_MODULE % (binding, line))
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert '"runtimeVersion": "5.5.0"' in text
    assert "mutation C($ws: Uuid!, $runtimeVersion: String)" in text
    assert "review-" not in completed.stderr


# -- red team C: a call that picks its document among several -------------------------------

PICKED = '''\
    import requests

    _CREATE = """mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) { id } }"""
    _CREATE2 = """mutation C2($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, label: "l2", type: "airflow", airflowVersion: $airflowVersion) { id } }"""


    def b(ws, v):
        return requests.post("https://houston.example.com/v1", json={"query": _CREATE, "variables": {"ws": ws, "airflowVersion": v}})


    def c(ws, v, new):
    %s
        return requests.post("https://houston.example.com/v1", json={"query": q, "variables": {"ws": ws, "airflowVersion": v}})
'''


@pytest.mark.parametrize(
    "pick",
    [
        "    q = _CREATE if new else _CREATE2",
        "    q = new and _CREATE or _CREATE2",
        "    q = _CREATE2\n        if new:\n            q = _CREATE",
    ],
    ids=["conditional", "boolean", "bound-twice"],
)
def test_a_dict_sent_with_one_of_several_documents_renames_none_of_them(tmp_path, pick):
    path = write(tmp_path, "deploy.py", PICKED % pick)
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert "$runtimeVersion" not in text
    assert text.count('"airflowVersion": v') == 2
    assert text.count("runtimeVersion: $airflowVersion") == 2
    reviews = [l for l in completed.stderr.splitlines() if "review-" in l]
    send_line = 13 + pick.count("\n")
    for document, other in (("3", "mutation C2"), ("4", "mutation C")):
        assert any(
            l.startswith(f"deploy.py:{document}:") and "review-version-variable" in l and f"line {send_line}" in l
            for l in reviews
        ), reviews
        assert any(
            l.startswith(f"deploy.py:{send_line}:") and "review-shared-variables" in l and other in l for l in reviews
        ), reviews
    assert "no call in this module sends" not in completed.stderr


def test_a_document_also_kept_in_a_container_is_not_renamed(tmp_path):
    source = (PICKED % "    q = DOCS[new]").replace('"""\n\n\n    def b', '"""\n    DOCS = {True: _CREATE}\n\n\n    def b', 1)
    path = write(tmp_path, "deploy.py", source)
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    text = path.read_text()
    assert "mutation C($ws: Uuid!, $airflowVersion: String)" in text
    assert '"query": _CREATE, "variables": {"ws": ws, "airflowVersion": v}' in text
    assert any(
        l.startswith("deploy.py:3:") and "review-version-variable" in l and "_CREATE is also used on line 5" in l
        for l in completed.stderr.splitlines()
    ), completed.stderr
    assert any(
        l.startswith("deploy.py:9:") and "review-shared-variables" in l and "line 5" in l
        for l in completed.stderr.splitlines()
    ), completed.stderr


def test_a_document_sent_by_one_call_is_still_migrated(tmp_path):
    path = write(tmp_path, "deploy.py", PICKED % "    q = _CREATE2")
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = path.read_text()
    assert "mutation C($ws: Uuid!, $runtimeVersion: String)" in text
    assert "mutation C2($ws: Uuid!, $runtimeVersion: String)" in text
    assert text.count('"runtimeVersion": v') == 2
    assert "review-version-variable" not in completed.stderr


def test_a_document_picked_through_a_name_bound_too_often_to_follow_is_not_renamed(tmp_path):
    pick = "    q = _CREATE2\n" + "".join(f"        if new == {i}:\n            q = _CREATE\n" for i in range(10))
    path = write(tmp_path, "deploy.py", PICKED % pick.rstrip("\n"))
    completed = run("rewrite", "deploy.py", cwd=tmp_path)
    text = path.read_text()
    assert "$runtimeVersion" not in text and '"runtimeVersion"' not in text
    lines = completed.stderr.splitlines()
    assert any(l.startswith("deploy.py:3:") and "_CREATE is also used on lines 14, 16" in l for l in lines), lines
    assert any(l.startswith("deploy.py:4:") and "_CREATE2 is also used on line 12" in l for l in lines), lines
    assert any(l.startswith("deploy.py:8:") and "review-shared-variables" in l for l in lines), lines
