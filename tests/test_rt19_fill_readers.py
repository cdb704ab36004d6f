"""Code that reads or fills a document's text by a NAME holds it; a search is no template hole (red team 18, report 11b).

Through the installed CLI, one ``check`` and one ``rewrite`` over a tree of many small cases:

* F1, F4, F7 (silent behaviour change): ``re.search(r'airflowVersion: "([^"]+)"', q).group(1)``, a compiled
  pattern's ``.match``, a case-insensitive ``re.sub`` (``(?i)``, ``flags=re.I | re.M``, ``re.compile(...,
  re.IGNORECASE).sub``), a character class (``[Aa]irflow[Vv]ersion``), a case-folded guard (``"airflowversion"
  in q.lower()``), line-by-line fills keyed on the name (the README's ``line.strip().startswith("airflowVersion:")``,
  ``partition(":")`` then ``key == "airflowVersion"``, ``split(":")[0] ==``, ``in {...}``, a dict of overrides),
  ``operator.contains`` and ``.find``: the rename would break each, so the document is not rewritten and each
  migration is a ``review-template-fill`` naming the read (bytes unchanged after ``rewrite``);
* F2, F6 (a search made the name a template hole): the document is checked as written -- the AC argument and a
  removed mutation searched by name are still errors on Houston 1.0.1, and a valid document whose send helper
  tests ``"workspaceUuid" in q`` or ``"deploymentUuid" not in variables`` has no false
  ``provided-required-arguments`` error;
* F1 / F7 across files: a script reading a ``.graphql`` file with such a ``re.search`` or a line-wise
  ``startswith`` holds that file (``review-template-fill`` naming the script), as a ``.replace`` fill does;
* controls: the same document with no read, or with reads whose finds the edit leaves as they are
  (``URL.startswith("https:")``, ``"createDeployment" in q``, ``"updateDeploymentAirflow" in q`` when the
  migration keeps that name as the alias), is still migrated.
"""

import os

from trust_cli import run_cli

HEAD = 'import operator\nimport os\nimport re\n\nimport requests\n\nURL = "https://houston.example.com/v1"\n'
DOC = (
    '    q = """mutation {\n  createDeployment(\n    workspaceUuid: "ws1"\n    label: "etl"\n    type: "airflow"\n'
    '    airflowVersion: "2.3.4-11"\n  ) { id }\n}"""\n'
)
SEND = '    return requests.post(URL, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()\n'
LOOP = "    out = []\n    for line in q.splitlines():\n%s        out.append(line)\n    q = \"\\n\".join(out)\n"


def _case(before="", body="", after=""):
    return HEAD + before + "\n\ndef create(ws, version):\n" + DOC + body + SEND + after


READS = {
    "r_research.py": _case(body="    pinned = re.search(r'airflowVersion: \"([^\"]+)\"', q).group(1)\n    print(pinned)\n"),
    "r_compiled.py": _case(
        before='PIN = re.compile(r"\\s*airflowVersion\\b")\n',
        body=LOOP % "        if PIN.match(line):\n            line = f'    airflowVersion: \"{version}\"'\n",
    ),
    "r_resub_inline.py": _case(body="    q = re.sub(r\"(?i)airflowversion: \\\"[^\\\"]+\\\"\", f'airflowVersion: \"{version}\"', q)\n"),
    "r_resub_flags.py": _case(
        body="    q = re.sub(r\"airflowversion: \\\"[^\\\"]+\\\"\", f'airflowVersion: \"{version}\"', q, flags=re.I | re.M)\n"
    ),
    "r_resub_class.py": _case(body="    q = re.sub(r\"[Aa]irflow[Vv]ersion: \\\"[^\\\"]+\\\"\", f'airflowVersion: \"{version}\"', q)\n"),
    "r_compiled_i.py": _case(
        before='PIN = re.compile(r"AirflowVersion: \\"[^\\"]+\\"", re.IGNORECASE)\n',
        body="    q = PIN.sub(f'airflowVersion: \"{version}\"', q)\n",
    ),
    "r_lower.py": _case(body='    if "airflowversion" in q.lower():\n        q = q.replace("2.3.4-11", version)\n'),
    "r_readme_startswith.py": _case(
        body=LOOP % '        if line.strip().startswith("airflowVersion:"):\n            line = f\'    airflowVersion: "{version}"\'\n'
    ),
    "r_partition_eq.py": _case(
        body=LOOP % (
            '        key, _, _ = line.strip().partition(":")\n        if key == "airflowVersion":\n'
            '            line = f\'    airflowVersion: "{version}"\'\n'
        )
    ),
    "r_split_eq.py": _case(
        body=LOOP % '        if line.split(":")[0].strip() == "airflowVersion":\n            line = f\'    airflowVersion: "{version}"\'\n'
    ),
    "r_in_set.py": _case(
        body=LOOP % (
            '        if line.split(":")[0].strip() in {"airflowVersion", "desiredAirflowVersion"}:\n'
            '            line = f\'    airflowVersion: "{version}"\'\n'
        )
    ),
    "r_overrides.py": _case(
        body=LOOP % (
            '        overrides = {"airflowVersion": version}\n        key = line.split(":")[0].strip()\n'
            '        if key in overrides:\n            line = f\'    {key}: "{overrides[key]}"\'\n'
        )
    ),
    "r_contains.py": _case(body='    if not operator.contains(q, "airflowVersion"):\n        raise SystemExit("no pin")\n'),
    "r_find.py": _case(body='    assert q.find("airflowVersion") != -1\n'),
    "r_response.py": _case(
        after='\n\ndef describe(dep):\n    return f"{dep[\'id\']} on {dep[\'airflowVersion\']}" if "airflowVersion" in dep else dep["id"]\n'
    ),
}
CONTROLS = {
    "c_plain.py": _case(),
    "c_everyday.py": _case(body='    if URL.startswith("https:") and "createDeployment" in q:\n        print("create")\n'),
}
HELPER = (
    HEAD + "\n\ndef houston(q, variables):\n%s"
    '    return requests.post(URL, json={"query": q, "variables": variables},\n'
    '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]\n'
)
VALID = {  # F6: correct, migrated documents; a search in the send helper must not make a false error
    "ok_search_doc.py": HELPER % '    print("write" if "workspaceUuid" in q else "read")\n' + (
        '\n\ndef create(ws):\n    q = """mutation Create($ws: Uuid!) {\n'
        '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", runtimeVersion: "5.5.0") { id }\n}"""\n'
        '    return houston(q, {"ws": ws})["createDeployment"]["id"]\n'
    ),
    "ok_search_vars.py": HELPER % '    if "deploymentUuid" not in variables:\n        raise ValueError("deploymentUuid is required")\n' + (
        '\n\nUPGRADE = """mutation Up($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {\n'
        '  updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: $desiredRuntimeVersion) { id }\n}"""\n'
        '\n\ndef upgrade(d, v):\n    return houston(UPGRADE, {"deploymentUuid": d, "desiredRuntimeVersion": v})\n'
    ),
}
REMOVED = {  # F2: a classifier naming the removed mutation must not hide it from check
    "up_classified.py": HELPER % '    print("upgrade" if "updateDeploymentAirflow" in q else "other")\n' + (
        '\n\ndef upgrade(d):\n    q = """mutation Up($d: Uuid!) {\n'
        '  updateDeploymentAirflow(deploymentUuid: $d, desiredAirflowVersion: "2.4.3-6") { id }\n}"""\n'
        '    return houston(q, {"d": d})\n'
    ),
}


FILE_DOC = (
    'mutation Create($ws: Uuid!) {\n  createDeployment(\n    workspaceUuid: $ws\n    label: "etl"\n    type: "airflow"\n'
    '    airflowVersion: "2.3.4-11"\n  ) { id }\n}\n'
)
FILE_SEND = (
    '    return requests.post(URL, json={"query": q, "variables": {"ws": ws}},\n'
    '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()\n'
)
FILE_HEAD = HEAD + 'from pathlib import Path\n\nQUERY = Path(__file__).parent / "queries" / "create.graphql"\n\n\ndef create(ws, version):\n'
FILES = {  # the same reads across files: a script reads a .graphql file of the run and looks for the name in it
    "x_research/queries/create.graphql": FILE_DOC,
    "x_research/deploy.py": FILE_HEAD + (
        '    q = QUERY.read_text()\n    print("AC", re.search(r\'airflowVersion: "([^"]+)"\', q).group(1))\n' + FILE_SEND
    ),
    "x_lines/queries/create.graphql": FILE_DOC,
    "x_lines/deploy.py": FILE_HEAD + (
        "    lines = []\n    with open(QUERY) as fh:\n        for line in fh:\n"
        '            if line.strip().startswith("airflowVersion:"):\n'
        "                line = f'    airflowVersion: \"{version}\"\\n'\n            lines.append(line)\n"
        '    q = "".join(lines)\n' + FILE_SEND
    ),
    "x_control/queries/create.graphql": FILE_DOC,
    "x_control/deploy.py": FILE_HEAD + "    q = QUERY.read_text()\n" + FILE_SEND,
}


def _tree(root):
    for name, text in {**READS, **CONTROLS, **VALID, **REMOVED, **FILES}.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _by_file(output):
    found = {}
    for line in output.splitlines():
        head, _, rest = line.partition(": ")
        name = os.path.normpath(head.split(":")[0]).replace(os.sep, "/")
        if rest:
            found.setdefault(name, []).append(rest)
    return found


def test_check_reads_are_reviewed_not_holes(tmp_path):
    _tree(tmp_path)
    result = run_cli("check", "--houston-version", "1.0.1", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    found = _by_file(result.stdout)
    for name in READS:
        lines = found.get(name, [])
        # checked as written: the AC argument is an error on 1.0.1 (F2: a search no longer hides it)
        assert any(l.startswith("error known-argument-names") for l in lines), (name, lines)
        # held: the migration is a review naming why, never an edit (F1, F4, F7)
        assert any(l.startswith("warning review-template-fill") and "not rewritten" in l for l in lines), (name, lines)
        assert not any(l.startswith("info migrate-") for l in lines), (name, lines)
    for name in CONTROLS:
        lines = found.get(name, [])
        assert any(l.startswith("info migrate-version-argument") for l in lines), (name, lines)
        assert not any("review-template-fill" in l for l in lines), (name, lines)
    for name in VALID:  # F6: no false provided-required-arguments error, nothing at all
        assert name not in found, (name, found.get(name))
    for name in ("x_research/queries/create.graphql", "x_lines/queries/create.graphql"):  # F1 / F7 across files
        lines = found.get(name, [])
        assert any(l.startswith("error known-argument-names") for l in lines), (name, lines)
        assert any(l.startswith("warning review-template-fill") and "looks for names" in l for l in lines), (name, lines)
    assert any(l.startswith("info migrate-version-argument") for l in found.get("x_control/queries/create.graphql", []))
    lines = found.get("up_classified.py", [])
    assert any(l.startswith("error fields-on-correct-type") and "updateDeploymentAirflow" in l for l in lines), lines
    # the migration aliases the field (``updateDeploymentAirflow: updateDeploymentRuntime``): the text the
    # classifier looks for is still there, so the edit changes no read and lands
    assert any(l.startswith("info migrate-update-deployment-runtime") for l in lines), lines


def test_rewrite_leaves_read_documents_byte_for_byte(tmp_path):
    _tree(tmp_path)
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    held = {n: t for n, t in FILES.items() if not n.startswith("x_control/")}
    for name, text in {**READS, **VALID, **held}.items():
        with open(tmp_path / name, encoding="utf-8") as fh:
            assert fh.read() == text, name
    for name, text in {**CONTROLS, "x_control/queries/create.graphql": FILE_DOC}.items():
        with open(tmp_path / name, encoding="utf-8") as fh:
            rewritten = fh.read()
        assert "runtimeVersion: " in rewritten and "airflowVersion: " not in rewritten, name
    with open(tmp_path / "up_classified.py", encoding="utf-8") as fh:
        assert "updateDeploymentAirflow: updateDeploymentRuntime(" in fh.read()
