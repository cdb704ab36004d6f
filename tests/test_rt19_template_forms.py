"""Red team pass 18, report 11b: F5, F8, F3 -- template forms and readers of a document's text, through the
installed CLI.

F5: ``.format_map(mapping)``, a bound ``TEMPLATE.format`` (``render = TEMPLATE.format; render(ws=ws)``) and
``string.Formatter().vformat(T, args, kwargs)`` / ``Formatter().format(T, ...)`` read ``T`` with str.format's
syntax, as ``T.format(...)`` does: the document is found, ``{{`` read as ``{``, its fields holes; checked and
migrated like the ``.format`` one (it was not found at all, or "template-not-parsed").
F8: in ``string.Template``, ``$$`` is an escaped ``$``: ``$$desiredAirflowVersion`` renders the GraphQL variable
``$desiredAirflowVersion``, not a dollar and a hole; it is read (and migrated, and re-reviewed by ``check``)
as the same text written as a plain literal is.
F3: a shell step reading a ``.graphql`` file with ``jq --rawfile`` (or ``$(cat f)`` on one line and the
variables sent on another, or an input redirect ``< f``, or ``jq`` run from Python) and sending its AC
variables is a reader of that file: the file is held (``review-template-fill`` naming the line), not renamed
under it.
"""

import ast
import json
import subprocess

from trust_cli import run_cli
from verdicts_cli import write as _write

HEADER = 'import os\nimport string\nfrom string import Template\n\nimport requests\n\nURL = "https://houston.example.com/v1"\n'
SEND = '    return requests.post(URL, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()\n'
BODY = (
    '"""\n    mutation {{\n'
    '      createDeployment(workspaceUuid: "{ws}", label: "etl", type: "airflow", airflowVersion: "{ver}") {{ id }}\n'
    '    }}\n    """'
)
FORMS = {
    "fmap.py": "def create(ws, ver):\n    q = " + BODY + '.format_map({"ws": ws, "ver": ver})\n' + SEND,
    "vformat.py": "def create(ws, ver):\n    q = " + BODY + '\n    q = string.Formatter().vformat(q, (), {"ws": ws, "ver": ver})\n' + SEND,
    "formatter.py": "def create(ws, ver):\n    q = string.Formatter().format(" + BODY + ", ws=ws, ver=ver)\n" + SEND,
    "bound.py": "TEMPLATE = " + BODY + "\n\n\ndef create(ws, ver):\n    render = TEMPLATE.format\n    q = render(ws=ws, ver=ver)\n" + SEND,
    "bound_map.py": "TEMPLATE = " + BODY + "\n\n\ndef create(ws, ver):\n    fill = TEMPLATE.format_map\n    q = fill({\"ws\": ws, \"ver\": ver})\n" + SEND,
}
# a .graphql file a script fills with Formatter().vformat: read as that .format template ({{ is {)
FILE_TEMPLATE = (
    'mutation {{\n  createDeployment(workspaceUuid: "{ws}", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") {{ id }}\n}}\n'
)
FILE_SENDER = HEADER + (
    "from pathlib import Path\n\n\ndef create(ws):\n"
    '    q = string.Formatter().vformat(Path("queries/vf.graphql").read_text(), (), {"ws": ws})\n' + SEND
)
# not GraphQL: a format_map of a message is no document
PLAIN = HEADER + 'def greet(d):\n    return "{name} is {age}".format_map(d)\n'
TEMPLATE_DOC = (
    'def upgrade(dep, ver):\n    q = Template("""mutation Up($$d: Uuid!, $$desiredAirflowVersion: String!) {\n'
    '  updateDeploymentAirflow(deploymentUuid: $$d, desiredAirflowVersion: $$desiredAirflowVersion) { id }\n'
    '}""").substitute()\n'
    '    return requests.post(URL, json={"query": q, "variables": {"d": dep, "desiredAirflowVersion": ver}},\n'
    '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()\n'
)
# the same document after a migration, its variable still under the AC name: check must review it
TEMPLATE_MIGRATED = (
    'def upgrade(dep, ver):\n    q = Template("""mutation Up($$d: Uuid!, $$desiredAirflowVersion: String!) {\n'
    '  updateDeploymentRuntime(deploymentUuid: $$d, desiredRuntimeVersion: $$desiredAirflowVersion) { id }\n'
    '}""").substitute()\n'
    '    return requests.post(URL, json={"query": q, "variables": {"d": dep, "desiredAirflowVersion": ver}},\n'
    '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()\n'
)


def test_f5_f8_format_family_and_template_escapes(tmp_path):
    checked = tmp_path / "checked"
    checked.mkdir()
    _write(checked, {**{name: HEADER + "\n\n" + text for name, text in FORMS.items()}, "plain.py": PLAIN,
                     "template_migrated.py": HEADER + "\n\n" + TEMPLATE_MIGRATED,
                     "queries/vf.graphql": FILE_TEMPLATE, "send_vf.py": FILE_SENDER})
    done = run_cli("check", "--houston-version", "1.0.1", "--no-cache", "--format", "json", ".", cwd=checked)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    codes = {}
    for finding in report["findings"]:
        codes.setdefault(finding["path"], []).append(finding["code"])
    for name in FORMS:
        # found, its {{ }} read as braces (no template-not-parsed), the AC argument an error on 1.0.1
        assert "known-argument-names" in codes.get(name, []), (name, codes)
        assert "template-not-parsed" not in codes.get(name, []), (name, codes)
    assert "plain.py" not in codes, codes
    assert "known-argument-names" in codes.get("queries/vf.graphql", []), codes
    assert "template-not-parsed" not in codes.get("queries/vf.graphql", []), codes
    # $$desiredAirflowVersion is the variable $desiredAirflowVersion: still under its AC name, reviewed
    assert "review-version-variable" in codes.get("template_migrated.py", []), codes

    rewritten = tmp_path / "rewritten"
    rewritten.mkdir()
    _write(rewritten, {**{name: HEADER + "\n\n" + text for name, text in FORMS.items()},
                       "template_doc.py": HEADER + "\n\n" + TEMPLATE_DOC})
    done = run_cli("rewrite", "--no-cache", ".", cwd=rewritten)
    assert done.returncode == 0, done.stderr
    for name in FORMS:
        text = (rewritten / name).read_text(encoding="utf-8")
        ast.parse(text)
        assert 'runtimeVersion: "{ver}") {{ id }}' in text and "airflowVersion" not in text, (name, text)
        assert "mutation {{" in text
    text = (rewritten / "template_doc.py").read_text(encoding="utf-8")
    ast.parse(text)
    # the variable the $$ writes is renamed with its key, as in the same text written as a plain literal
    assert "desiredRuntimeVersion: $$desiredRuntimeVersion" in text and "$$desiredRuntimeVersion: String!" in text, text
    assert '"desiredRuntimeVersion": ver' in text and "desiredAirflowVersion" not in text, text


GRAPHQL = (
    "mutation Create($ws: Uuid!, $airflowVersion: String) {\n"
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }\n'
    "}\n"
)
CURL = "curl -fsS https://houston.example.com/v1 -H \"authorization: $HOUSTON_API_TOKEN\" -H 'content-type: application/json' -d @-"


def test_f3_shell_readers_of_a_graphql_file_hold_it(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    _write(project, {
        **{f"queries/{name}.graphql": GRAPHQL for name in ("rawfile", "make", "twoline", "redirect", "python", "control")},
        "create.sh": "#!/usr/bin/env bash\nset -euo pipefail\n"
        "jq -n --rawfile q queries/rawfile.graphql --arg ws \"$WS\" --arg v \"$AC_VERSION\" "
        "'{query: $q, variables: {ws: $ws, airflowVersion: $v}}' | " + CURL + "\n",
        "Makefile": "create:\n\tBODY=\"$$(jq -n --slurpfile q queries/make.graphql --arg v \"$(V)\" "
        "'{query: $$q[0], variables: {airflowVersion: $$v}}')\"; echo \"$$BODY\" | " + CURL + "\n",
        "scripts/twoline.sh": "#!/bin/sh\nQ=\"$(cat queries/twoline.graphql)\"\n"
        "jq -n --arg q \"$Q\" --arg v \"$V\" '{query: $q, variables: {airflowVersion: $v}}' | " + CURL + "\n",
        "scripts/redirect.sh": "#!/bin/sh\npython3 tools/send.py --var airflowVersion=\"$V\" < queries/redirect.graphql\n",
        "send_jq.py": "import subprocess\n\n\ndef create(v):\n    return subprocess.run(\n"
        "        [\"jq\", \"-n\", \"--rawfile\", \"q\", \"queries/python.graphql\", \"--arg\", \"v\", v,\n"
        "         \"{query: $q, variables: {airflowVersion: $v}}\"], capture_output=True, check=True).stdout\n",
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    places = {"rawfile": "create.sh:3", "make": "Makefile:2", "twoline": "twoline.sh:2", "redirect": "redirect.sh:2",
              "python": "send_jq.py:5"}
    for name, place in places.items():
        path = f"queries/{name}.graphql"
        assert (project / path).read_text() == GRAPHQL, (path, done.stderr)
        lines = [line for line in done.stderr.splitlines() if line.startswith(path + ":") and "review-template-fill" in line]
        assert lines and all(place in line and "a shell step reads or edits" in line for line in lines), (path, done.stderr)
    # read by nobody: migrated
    assert "$runtimeVersion" in (project / "queries/control.graphql").read_text()
