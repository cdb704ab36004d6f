"""Red team 10, issue 11 (F1, F2, F3, F5, F10): a variable rename only in a closed world.

``$airflowVersion`` -> ``$runtimeVersion`` renames the key of the dict that feeds it
too; that is safe only when every use of the dict, and of the helper's variables
parameter, is one the tool fully understands.  Each test runs the installed
``houston-codemod`` console script on files it writes and reads the files on disk
and the JSON report.
"""

import re
import subprocess

import pytest

HEAD = 'import requests\nURL = "https://houston.example.com/v1"\nDEFAULT_AC = "2.3.4"\n'
Q = (
    'Q = """\nmutation C($ws: Uuid!, $airflowVersion: String) {\n'
    '  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id }\n}\n"""\n'
)
SEND = 'def houston(q, v):\n{body}    return requests.post(URL, json={{"query": q, "variables": {sent}}}).json()["data"]\n'


def run(*args, cwd):
    completed = subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed


def rewrite(root):
    """Rewrite the files in place; the (path, code) of each finding reported (text lines)."""
    completed = run("rewrite", "--no-cache", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    return [
        (match.group(1), match.group(2))
        for match in re.finditer(r"^([^\s:]+):\d+:\d+: \w+ ([a-z-]+) ", completed.stdout + completed.stderr, re.MULTILINE)
    ]


def codes(report):
    return report


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def kept(root, files):
    """Every file is byte-identical after the rewrite, or at least keeps both sides of the variable."""
    for name, text in files.items():
        now = (root / name).read_text(encoding="utf-8")
        assert "$runtimeVersion" not in now and '"runtimeVersion"' not in now, (name, now)
        assert now.count("$airflowVersion") == text.count("$airflowVersion"), (name, now)


# -- F1 / F2: the helper adds, changes or hands on the variables -------------------------------

OPEN_HELPERS = {
    "dict-keyword": ("    v = dict(v, airflowVersion=DEFAULT_AC)\n", "v"),
    "update-keyword": ("    v.update(airflowVersion=DEFAULT_AC)\n", "v"),
    "or-equals-dict-call": ("    v |= dict(airflowVersion=DEFAULT_AC)\n", "v"),
    "splat-dict-call": ("    v = {**v, **dict(airflowVersion=DEFAULT_AC)}\n", "v"),
    "dict-splat-keyword": ("    v = dict(**v, airflowVersion=DEFAULT_AC)\n", "v"),
    "inline-dict-call": ("", "dict(v, airflowVersion=DEFAULT_AC)"),
    "subscript-store": ('    v["airflow" + "Version"] = DEFAULT_AC\n', "v"),
    "handed-on": ("    check_version(v)\n", "v"),
    "aliased": ("    w = v\n    w.update(airflowVersion=DEFAULT_AC)\n", "w"),
    "rebuilt-keys": ("    v = {k.replace('_v', 'V'): x for k, x in v.items()}\n", "v"),
}


@pytest.mark.parametrize("form", sorted(OPEN_HELPERS))
def test_helper_that_changes_or_hands_on_the_variables_keeps_both_sides(tmp_path, form):
    body, sent = OPEN_HELPERS[form]
    checker = "def check_version(variables):\n    return variables['airflowVersion']\n"
    text = HEAD + checker + SEND.format(body=body, sent=sent) + Q + 'def go():\n    return houston(Q, {"ws": "w", "airflowVersion": "2.3.4"})\n'
    files = {"s.py": text}
    write(tmp_path, files)
    report = rewrite(tmp_path)
    kept(tmp_path, files)
    assert ("s.py", "review-version-variable") in codes(report)


def test_overridable_method_handed_the_variables_keeps_both_sides(tmp_path):
    text = (
        "import requests\nclass Base:\n    url = \"https://houston.example.com/v1\"\n"
        "    def query(self, q, v):\n"
        "        return requests.post(self.url, json={\"query\": q, \"variables\": self.prepare(v)}).json()[\"data\"]\n"
        "    def prepare(self, v):\n        return v\n"
        "class Strict(Base):\n    def prepare(self, v):\n        if v[\"airflowVersion\"].startswith(\"1.\"):\n"
        "            raise ValueError(\"no Airflow 1\")\n        return v\n"
        + Q + "client = Strict()\nclient.query(Q, {\"ws\": \"w\", \"airflowVersion\": \"2.3.4\"})\n"
    )
    files = {"m.py": text}
    write(tmp_path, files)
    report = rewrite(tmp_path)
    kept(tmp_path, files)
    assert ("m.py", "review-version-variable") in codes(report)


def test_keyword_helper_that_rebuilds_keys_keeps_both_sides(tmp_path):
    text = (
        HEAD + "def camel(s):\n    head, *rest = s.split('_')\n    return head + ''.join(p.title() for p in rest)\n"
        "def houston(q, **kw):\n    variables = {camel(k): val for k, val in kw.items()}\n"
        "    return requests.post(URL, json={\"query\": q, \"variables\": variables}).json()[\"data\"]\n"
        + Q + "def go():\n    return houston(Q, ws=\"w\", airflow_version=\"2.3.4\")\n"
    )
    files = {"cam.py": text}
    write(tmp_path, files)
    report = rewrite(tmp_path)
    kept(tmp_path, files)
    assert ("cam.py", "review-version-variable") in codes(report)


# -- F1c / F3: the helper is imported, directly or through a package __init__ ---------------------

def test_imported_helper_that_changes_the_variables_keeps_both_sides(tmp_path):
    files = {
        "lib.py": HEAD + SEND.format(body="    v.update(airflowVersion=DEFAULT_AC)\n", sent="v"),
        "main.py": "from lib import houston\n" + Q + 'houston(Q, {"ws": "w"})\n',
    }
    write(tmp_path, files)
    report = rewrite(tmp_path)
    kept(tmp_path, files)
    assert ("main.py", "review-version-variable") in codes(report)


@pytest.mark.parametrize("body", ['    if v["airflowVersion"].startswith("1."):\n        raise ValueError(v)\n', "    check(v)\n"])
def test_helper_reexported_by_a_package_init_is_followed(tmp_path, body):
    files = {
        "lib/__init__.py": "from .client import houston\n",
        "lib/client.py": HEAD + "def check(v):\n    return v\n" + SEND.format(body=body, sent="v"),
        "main.py": "from lib import houston\n" + Q + 'houston(Q, {"ws": "w", "airflowVersion": "2.3.4"})\n',
    }
    write(tmp_path, files)
    report = rewrite(tmp_path)
    kept(tmp_path, files)
    assert ("main.py", "review-version-variable") in codes(report)


# -- no recall loss: what the tool fully understands still migrates, both sides together --------

CLOSED_HELPERS = {
    "plain": ("", "v"),
    "or-empty": ("", "v or {}"),
    "rebound-empty": ("    if v is None:\n        v = {}\n", "v"),
    "forwarded": ("", "_post(v)"),
    "printed": ("    print(v)\n", "v"),
}


@pytest.mark.parametrize("form", sorted(CLOSED_HELPERS))
def test_helper_that_only_sends_the_variables_still_migrates_both_sides(tmp_path, form):
    body, sent = CLOSED_HELPERS[form]
    forward = "def _post(variables):\n    return variables or None\n" if form == "forwarded" else ""
    if form == "forwarded":  # _post hands its parameter back only through an understood form
        forward = "def _post(variables):\n    return {\"variables\": variables}[\"variables\"]\n"
        sent = "v"
    text = HEAD + forward + SEND.format(body=body, sent=sent) + Q + 'def go():\n    return houston(Q, {"ws": "w", "airflowVersion": "2.3.4"})\n'
    write(tmp_path, {"s.py": text})
    report = rewrite(tmp_path)
    now = (tmp_path / "s.py").read_text(encoding="utf-8")
    assert "$runtimeVersion: String" in now and "runtimeVersion: $runtimeVersion" in now, now
    assert '"runtimeVersion": "5.5.0"' in now and "$airflowVersion" not in now, now
    assert "review-version-variable" not in [code for _path, code in codes(report)]


def test_helper_forwarding_to_a_closed_sender_still_migrates(tmp_path):
    text = (
        HEAD + "def _post(q, variables=None):\n"
        "    return requests.post(URL, json={\"query\": q, \"variables\": variables}).json()[\"data\"]\n"
        "def houston(q, v):\n    return _post(q, v)\n" + Q
        + 'def go():\n    return houston(Q, {"ws": "w", "airflowVersion": "2.3.4"})\n'
    )
    write(tmp_path, {"s.py": text})
    rewrite(tmp_path)
    now = (tmp_path / "s.py").read_text(encoding="utf-8")
    assert "runtimeVersion: $runtimeVersion" in now and '"runtimeVersion": "5.5.0"' in now, now


def test_imported_closed_helper_still_migrates_both_sides(tmp_path):
    files = {
        "lib/__init__.py": "from .client import houston\n",
        "lib/client.py": HEAD + SEND.format(body="", sent="v"),
        "main.py": "from lib import houston\n" + Q + 'houston(Q, {"ws": "w", "airflowVersion": "2.3.4"})\n',
    }
    write(tmp_path, files)
    rewrite(tmp_path)
    now = (tmp_path / "main.py").read_text(encoding="utf-8")
    assert "runtimeVersion: $runtimeVersion" in now and '"runtimeVersion": "5.5.0"' in now, now


# -- F5: a composition or fill at the send the tool cannot read: all of the document's edits withdrawn

SENDER = HEAD + "import textwrap\ndef houston(q, v=None):\n    return requests.post(URL, json={\"query\": q, \"variables\": v}).json()[\"data\"]\n"
CREATE = (
    'CREATE = """\nmutation C($ws: Uuid!, $airflowVersion: String) {\n'
    '  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { ...D }\n}\n"""\n'
    'FRAG = """\nfragment D on Deployment { id releaseName }\n"""\n'
)
COMPOSED = {
    "dedent-plus": ("", "textwrap.dedent(CREATE) + FRAG"),
    "join-module-list": ("PARTS = [CREATE, FRAG]\n", '"".join(PARTS)'),
    "format-star": ("", '"{}{}".format(*[CREATE, FRAG])'),
    "fstring-conversion": ("", 'f"{CREATE!s}{FRAG}"'),
    "str-plus": ("", "str(CREATE) + FRAG"),
    "local-alias": ("", "q"),
}


@pytest.mark.parametrize("form", sorted(COMPOSED))
def test_unread_composition_at_the_send_withdraws_every_edit(tmp_path, form):
    before, sent = COMPOSED[form]
    local = "    q = textwrap.dedent(CREATE) + FRAG\n" if form == "local-alias" else ""
    text = SENDER + CREATE + before + f'def go():\n{local}    return houston({sent}, {{"ws": "w", "airflowVersion": "2.3.4"}})\n'
    write(tmp_path, {"c.py": text})
    report = rewrite(tmp_path)
    assert (tmp_path / "c.py").read_text(encoding="utf-8") == text
    assert ("c.py", "review-shared-constant") in report or ("c.py", "review-version-variable") in report


FILLED = {
    "percent-dict": ('label: \\"%(label)s\\"', 'CREATE % {"label": label}'),
    "format-keyword": ('label: \\"{label}\\"', "CREATE.format(label=label)"),
    "percent-value": ('label: \\"%s\\"', "CREATE % label"),
}


@pytest.mark.parametrize("form", sorted(FILLED))
def test_unread_fill_at_the_send_withdraws_every_edit(tmp_path, form):
    label, sent = FILLED[form]
    braces = ("{{", "}}") if form == "format-keyword" else ("{", "}")
    text = (
        SENDER + f'CREATE = "mutation C($ws: Uuid!, $airflowVersion: String) {braces[0]} createDeployment(workspaceUuid: $ws, '
        f'{label}, type: \\"airflow\\", airflowVersion: $airflowVersion) {braces[0]} id {braces[1]} {braces[1]}"\n'
        f'def go(ws, label):\n    return houston({sent}, {{"ws": ws, "airflowVersion": "2.3.4"}})\n'
    )
    write(tmp_path, {"p.py": text})
    report = rewrite(tmp_path)
    assert (tmp_path / "p.py").read_text(encoding="utf-8") == text
    assert ("p.py", "review-shared-constant") in report


@pytest.mark.parametrize("sent", ['CREATE.replace("LABEL", label)', "CREATE"])
def test_a_send_the_tool_reads_still_migrates_text_and_dict_together(tmp_path, sent):
    text = (
        SENDER + 'CREATE = "mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, '
        'label: \\"LABEL\\", type: \\"airflow\\", airflowVersion: $airflowVersion) { id } }"\n'
        f'def go(ws, label):\n    return houston({sent}, {{"ws": ws, "airflowVersion": "2.3.4"}})\n'
    )
    write(tmp_path, {"p.py": text})
    rewrite(tmp_path)
    now = (tmp_path / "p.py").read_text(encoding="utf-8")
    assert "runtimeVersion: $runtimeVersion" in now and '"runtimeVersion": "5.5.0"' in now, now


# -- F10: a module of the run imported by importlib.import_module / __import__ --------------------

@pytest.mark.parametrize("importer", ['importlib.import_module("frags")', '__import__("frags")'])
@pytest.mark.parametrize("kind", ["literal", "variable"])
def test_a_constant_read_through_a_dynamic_import_is_never_edited_on_one_side(tmp_path, importer, kind):
    if kind == "literal":
        frags = 'CREATE = \'mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "2.3.4") { id } }\'\n'
        send = f'houston({importer}.CREATE.replace("2.3.4", version))'
    else:
        frags = Q.replace("Q = ", "CREATE = ")
        send = f'houston({importer}.CREATE, {{"ws": "w", "airflowVersion": version}})'
    files = {
        "frags.py": frags,
        "main.py": HEAD + "import importlib\ndef houston(q, v=None):\n"
        "    return requests.post(URL, json={\"query\": q, \"variables\": v}).json()[\"data\"]\n"
        f"def go(version):\n    return {send}\n",
    }
    write(tmp_path, files)
    report = rewrite(tmp_path)
    for name, text in files.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text, name
    assert ("frags.py", "review-imported-constant") in report
