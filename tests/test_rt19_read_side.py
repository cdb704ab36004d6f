"""Red team 18 (report 13): reads of a migrated Deployment version compared with what they can never equal.

F3: a read of ``airflowVersion`` compared for equality with the very name the module sends as the
version argument (``{"desiredAirflowVersion": version}`` then ``while ...["airflowVersion"] !=
version``; ``createDeployment(airflowVersion: $airflowVersion)`` then ``dep["airflowVersion"] !=
version``): once migrated one is the Runtime image's Airflow version, the other a Runtime version.
F4: the read looked up in the AC catalogue ``deploymentConfig.airflowVersions`` of the same response.
F11: AC versions in a set / dict imported from a settings module (``from settings import SUPPORTED_AC,
LATEST``) as comparison partners, and imported AC constants (``LATEST[env]``, ``LATEST["prod"]``,
``PROD_AC``) sent as ``desiredRuntimeVersion``: the specific review a local constant gets.
Each must be reviewed by ``check`` before the rewrite and by ``check --houston-version 1.0.1`` after it.
F10: reads handed out by a module function as a generator (``yield d["airflowVersion"]``, pairs), a
list or a method's dict, followed into the callers' suffix reads and comparisons.
F7: on the default platform (0.29 .. 1.0.0: AC and Runtime Deployments side by side) a Deployment still on
AC answers the migrated key empty: a read failing on that (``.split(".")``, ``Version(v)``, ``v[:3]``) is
reviewed, naming the null case, and no longer with ``--houston-version 1.0.1``.
Controls (precision): the pending version compared with the value sent (they match once migrated), a
comparison with a name never sent, a membership test in another list.

Four runs of the installed ``houston-codemod`` over one tree of small cases (the suite's time budget).
"""

import shutil

from verdicts_cli import check, run, write

HEAD = 'import os\nimport sys\nimport time\n\nimport requests\n\nURL = "https://houston.example.com/v1"\n' \
       'H = {"authorization": os.environ["HOUSTON_API_TOKEN"]}\n\n\n' \
       'def houston(query, variables=None):\n' \
       '    return requests.post(URL, json={"query": query, "variables": variables or {}}, headers=H, timeout=30).json()["data"]\n'

CASES = {
    # F3: upgrade, then wait until the Deployment runs the version sent (line 21 compares).
    "f3_upgrade.py": HEAD + '''
UPGRADE = """mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id } }"""
STATUS = """query Status($id: String) { deployment(where: {id: $id}) { id airflowVersion } }"""


def upgrade(dep_id, version):
    houston(UPGRADE, {"deploymentUuid": dep_id, "desiredAirflowVersion": version})
    while houston(STATUS, {"id": dep_id})["deployment"]["airflowVersion"] != version:
        time.sleep(15)
''',
    # F3 variant: create, then verify what Houston created (line 19 compares).
    "f3_create.py": HEAD + '''
CREATE = """mutation Create($ws: Uuid!, $label: String!, $airflowVersion: String!) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: $airflowVersion) { id airflowVersion } }"""


def create(ws, label, version):
    dep = houston(CREATE, {"ws": ws, "label": label, "airflowVersion": version})["createDeployment"]
    if dep["airflowVersion"] != version:
        sys.exit("Houston created another version")
    return dep["id"]
''',
    # F3 class: the version put into the variables by a keyed store, or sent as a keyword; the catalogue read
    # with .get() in place (F4).
    "f3_forms.py": HEAD + '''
UP = """mutation Up($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id } }"""
Q = """query Audit($ws: Uuid!) {
  deploymentConfig { airflowVersions }
  workspaceDeployments(workspaceUuid: $ws) { releaseName airflowVersion } }"""


def send(query, **variables):
    return houston(query, variables)


def stored(dep, target):
    variables = {"id": dep}
    variables["desiredAirflowVersion"] = target
    houston(UP, variables)
    while houston(Q, {"ws": "w"})["workspaceDeployments"][0]["airflowVersion"] != target:
        time.sleep(1)


def keyword(dep, wanted):
    send(UP, id=dep, desiredAirflowVersion=wanted)
    return houston(Q, {"ws": "w"})["workspaceDeployments"][0]["airflowVersion"] == wanted


def audit(ws):
    data = houston(Q, {"ws": ws})
    return [d for d in data["workspaceDeployments"] if d["airflowVersion"] not in data["deploymentConfig"].get("airflowVersions", [])]
''',
    # Control: the pending version compared with the value sent is a Runtime version on both sides once
    # migrated (they match); a comparison with a name never sent is not judged.
    "ctl_pending.py": HEAD + '''
UPGRADE = """mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id desiredAirflowVersion } }"""
STATUS = """query Status($id: String) { deployment(where: {id: $id}) { id airflowVersion } }"""


def upgrade(dep_id, version, shown):
    done = houston(UPGRADE, {"deploymentUuid": dep_id, "desiredAirflowVersion": version})["updateDeploymentAirflow"]
    if done["desiredAirflowVersion"] != version:
        sys.exit("not accepted")
    if houston(STATUS, {"id": dep_id})["deployment"]["airflowVersion"] == shown:
        print("same")
''',
    # F4: the Deployment's version looked up in the AC catalogue of the same response (line 20).
    "f4_catalogue.py": HEAD + '''
Q = """query Audit($ws: Uuid!) {
  deploymentConfig { airflowVersions defaultAirflowImageTag }
  workspaceDeployments(workspaceUuid: $ws) { releaseName airflowVersion } }"""


def unsupported(ws):
    data = houston(Q, {"ws": ws})
    supported = set(data["deploymentConfig"]["airflowVersions"])
    for d in data["workspaceDeployments"]:
        if d["airflowVersion"] not in supported:
            print(d["releaseName"])
''',
    # Control: a membership test in a list that is not the catalogue is not this review.
    "ctl_other_list.py": HEAD + '''
Q = """query Audit($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { releaseName airflowVersion } }"""


def listed(ws, wanted):
    for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
        if d["airflowVersion"] in wanted:
            print(d["releaseName"])
''',
    # F7: on the default platform (AC and Runtime Deployments side by side) a Deployment still on AC answers
    # the migrated key empty: reads failing on that are reviewed; printing it, or the pending version, is not.
    "f7_inventory.py": "from packaging.version import Version\n" + HEAD + '''
Q = """query Inventory($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { releaseName airflowVersion desiredAirflowVersion } }"""


def inventory(ws):
    for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
        major, minor = d["airflowVersion"].split(".")[:2]
        old = Version(d["airflowVersion"]) < Version("2.3")
        short = d["airflowVersion"][:3]
        print(d["releaseName"], d["airflowVersion"], major, minor, old, short, d["desiredAirflowVersion"].split("."))
''',
    # F10: reads handed out by a module function as a generator, a list, pairs, or a method's dict.
    "f10_handed_out.py": HEAD + '''
Q = 'query { workspaceDeployments(workspaceUuid: "w") { id releaseName airflowVersion } }'


def deps():
    return houston(Q)["workspaceDeployments"]


def versions():
    for d in deps():
        yield d["airflowVersion"]


def versions_list():
    return [d["airflowVersion"] for d in deps()]


def pairs():
    for d in deps():
        yield d["releaseName"], d["airflowVersion"]


def by_name():
    return dict(pairs())


def hotfixes():
    return [v for v in versions() if v.split("-")[1] == "11"]


def hotfixes_listed():
    return [v for v in versions_list() if v.split("-")[1] == "11"]


def old():
    for name, v in pairs():
        if v == "2.3.4-11":
            print(name)


def is_hotfix(name):
    return by_name()[name].endswith("-11")


class Inventory:
    def deps(self):
        return houston(Q)["workspaceDeployments"]

    def versions(self):
        return {d["releaseName"]: d["airflowVersion"] for d in self.deps()}

    def hotfixes(self):
        return {name: int(v.split("-")[1]) for name, v in self.versions().items()}
''',
    # F11: AC versions in containers (and a string) defined in a settings module of the run.
    "settings.py": 'SUPPORTED_AC = {"2.3.4-11", "2.4.3-6"}\nLATEST = {"prod": "2.4.3-6", "dev": "2.3.4-11"}\nPROD_AC = "2.4.3-6"\n',
    "f11_reads.py": "from settings import SUPPORTED_AC, LATEST\n" + HEAD + '''
Q = 'query { workspaceDeployments(workspaceUuid: "w") { id releaseName airflowVersion } }'


def deps():
    return houston(Q)["workspaceDeployments"]


def unsupported():
    return [d["releaseName"] for d in deps() if d["airflowVersion"] not in SUPPORTED_AC]


def outdated(env):
    return [d["releaseName"] for d in deps() if d["airflowVersion"] != LATEST[env]]
''',
    "f11_dotted.py": "import settings\n" + HEAD + '''
Q = 'query { workspaceDeployments(workspaceUuid: "w") { id releaseName airflowVersion } }'
UP = """mutation Up($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id } }"""


def unsupported():
    return [d["releaseName"] for d in houston(Q)["workspaceDeployments"] if d["airflowVersion"] not in settings.SUPPORTED_AC]


def outdated(env):
    return [d["releaseName"] for d in houston(Q)["workspaceDeployments"] if d["airflowVersion"] != settings.LATEST[env]]


def upgrade(dep, env):
    return houston(UP, {"id": dep, "desiredAirflowVersion": settings.LATEST[env]})
''',
    "f11_sends.py": "from settings import LATEST, PROD_AC\n" + HEAD + '''
UP = """mutation Up($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id } }"""


def upgrade(dep, env):
    return houston(UP, {"id": dep, "desiredAirflowVersion": LATEST[env]})


def upgrade_prod(dep):
    return houston(UP, {"id": dep, "desiredAirflowVersion": LATEST["prod"]})


def upgrade_pinned(dep):
    return houston(UP, {"id": dep, "desiredAirflowVersion": PROD_AC})
''',
}


def _line(path, text):
    """The line of ``path`` (in CASES) holding ``text``."""
    return next(i for i, line in enumerate(CASES[path].splitlines(), 1) if text in line)


def _reviews(findings, path, code):
    return {f["line"]: f["message"] for f in findings if f["path"] == path and f["code"] == code}


def _assert_cases(findings):
    """What both runs (before and after the rewrite) must report."""
    f3 = _reviews(findings, "f3_upgrade.py", "review-ac-version-comparison")
    at = _line("f3_upgrade.py", "!= version")
    assert at in f3 and "version" in f3[at] and "never match" in f3[at], findings
    create = _reviews(findings, "f3_create.py", "review-ac-version-comparison")
    at = _line("f3_create.py", "!= version")
    assert at in create and "never match" in create[at], findings
    assert not _reviews(findings, "ctl_pending.py", "review-ac-version-comparison"), findings
    forms = _reviews(findings, "f3_forms.py", "review-ac-version-comparison")
    assert "never match" in forms.get(_line("f3_forms.py", "!= target"), ""), findings
    assert "never match" in forms.get(_line("f3_forms.py", "== wanted"), ""), findings
    assert "catalogue" in forms.get(_line("f3_forms.py", '.get("airflowVersions"'), ""), findings
    f4 = _reviews(findings, "f4_catalogue.py", "review-ac-version-comparison")
    at = _line("f4_catalogue.py", "not in supported")
    assert at in f4 and "deploymentConfig.airflowVersions" in f4[at], findings
    assert not _reviews(findings, "ctl_other_list.py", "review-ac-version-comparison"), findings
    f11 = _reviews(findings, "f11_reads.py", "review-ac-version-comparison")
    at, other = _line("f11_reads.py", "not in SUPPORTED_AC"), _line("f11_reads.py", "LATEST[env]")
    assert at in f11 and other in f11, findings
    assert "2.3.4-11" in f11[at] or "2.4.3-6" in f11[at], findings
    dotted = _reviews(findings, "f11_dotted.py", "review-ac-version-comparison")  # import settings; settings.X
    assert {_line("f11_dotted.py", "not in settings."), _line("f11_dotted.py", "!= settings.")} <= set(dotted), findings
    sent = _reviews(findings, "f11_dotted.py", "review-version-value")
    assert "2.4.3-6" in sent.get(_line("f11_dotted.py", '"desiredAirflowVersion": settings'), ""), findings


def _assert_handed_out(findings):
    """F10: each read handed out by a function and read for the suffix (or compared) in a caller."""
    path = "f10_handed_out.py"
    suffix = _reviews(findings, path, "review-ac-version-suffix-read")
    for text in ('in versions() if', "in versions_list() if", 'by_name()[name].endswith', "int(v.split"):
        assert _line(path, text) in suffix, (text, findings)
    assert _line(path, 'if v == "2.3.4-11"') in _reviews(findings, path, "review-ac-version-comparison"), findings


def _assert_empty_reads(findings):
    """F7: each read failing on an empty value, once; the print, the pending version: not."""
    empty = _reviews(findings, "f7_inventory.py", "review-read-empty-on-ac-deployment")
    lines = {_line("f7_inventory.py", t) for t in ('.split(".")[:2]', "Version(d[", "[:3]")}
    assert set(empty) == lines, findings
    assert all("null" in message and "runtime migrate" in message for message in empty.values()), findings


def test_reads_compared_with_what_they_never_equal_before_and_after_rewrite(tmp_path):
    root = tmp_path / "tree"
    write(root, CASES)
    _completed, _verdicts, findings = check(root)
    _assert_cases(findings)
    _assert_handed_out(findings)
    _assert_empty_reads(findings)
    info = [f["message"] for f in findings if f["path"] == "f7_inventory.py" and f["code"] == "migrate-read-field"
            and f["message"].startswith("Deployment.airflowVersion ")]  # the field's info says so too
    assert info and all("still on AC answers it empty" in message for message in info), findings
    sends = _reviews(findings, "f11_sends.py", "review-version-value")
    env, prod = _line("f11_sends.py", "LATEST[env]"), _line("f11_sends.py", 'LATEST["prod"]')
    assert "6.10.0" in sends[env] and "5.5.0" in sends[env], findings  # every AC value it may be, with its Runtime version
    assert "6.10.0" in sends[prod], findings

    after = tmp_path / "after"
    shutil.copytree(root, after)
    rewritten = run("rewrite", "--no-cache", ".", cwd=after)
    assert rewritten.returncode in (0, 1) and "Traceback" not in rewritten.stderr, rewritten.stderr
    assert "desiredRuntimeVersion" in (after / "f3_upgrade.py").read_text()
    assert "airflowVersion: runtimeAirflowVersion" in (after / "f3_upgrade.py").read_text()
    _completed, _verdicts, findings = check(after)  # the default platform still serves AC Deployments
    _assert_empty_reads(findings)
    completed, _verdicts, findings = check(after, "--houston-version", "1.0.1")
    _assert_cases(findings)
    _assert_handed_out(findings)
    # Houston 1.0.1 serves no AC Deployment: nothing answers the key empty any more
    assert not _reviews(findings, "f7_inventory.py", "review-read-empty-on-ac-deployment"), findings
    sends = _reviews(findings, "f11_sends.py", "review-version-value")
    for line in (_line("f11_sends.py", n) for n in ('LATEST["prod"]', ": PROD_AC")):  # as a local constant's
        assert "is the AC version '2.4.3-6'" in sends.get(line, ""), findings
    # LATEST[env] may be any of its entries: "may be" (red team 27, report 13, f3)
    assert "may be the AC version '2.4.3-6'" in sends.get(_line("f11_sends.py", "LATEST[env]"), ""), findings
