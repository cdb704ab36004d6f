"""Red team 14 (issue 13), report 13: value tracking, read side (F1, F5, F10, F2, F17) and write side (F6, F8).

Each scenario runs the installed console script once or a few times (``trust_cli.run_cli``) on files
written to a temporary directory.  Expected reviews are marked in the scripts themselves (``# expect:
CODE``), so the lines asserted are the lines written; lines marked ``# quiet`` must get no review.
"""

import ast
import re
import textwrap

from codemods.rules import ac_format_reads
from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import os, requests
    from enum import Enum
    import pandas as pd
    URL = "https://houston.example.com/v1"
    Q = "query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id releaseName airflowVersion } }"

    def deps():
        r = requests.post(URL, json={"query": Q, "variables": {"ws": "x"}},
                          headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
        return r.json()["data"]["workspaceDeployments"]
    """
)

# F1 / F5: read values carried in containers built by comprehensions, or returned as a tuple.
CONTAINERS = """\
def pair(d):
    return d["releaseName"], d["airflowVersion"]

def f1():
    vers = {d["id"]: d["airflowVersion"] for d in deps()}
    for dep_id in vers:
        print(vers[dep_id].split("-")[0])  # expect: review-ac-version-suffix-read
    rows = [(d["releaseName"], d["airflowVersion"]) for d in deps()]
    for name, v in rows:
        if v == "2.3.4-11":  # expect: review-ac-version-comparison
            print(name)
    for name, v in rows:
        print(name.split("-"))  # quiet

def f5():
    for d in deps():
        name, v = pair(d)
        print(v.split("-")[0])  # expect: review-ac-version-suffix-read
        print(name.split("-")[0])  # quiet
    rows = [{"name": d["releaseName"], "ver": d["airflowVersion"]} for d in deps()]
    for r in rows:
        print(r["ver"].split("-")[0])  # expect: review-ac-version-suffix-read
        print(r["name"].split("-")[0])  # quiet
    print(rows[0]["ver"].endswith("-11"))  # expect: review-ac-version-suffix-read
    latest = sorted({d["airflowVersion"] for d in deps()})[-1]
    print(latest == "2.4.3-6")  # expect: review-ac-version-comparison
    names = sorted({d["releaseName"] for d in deps()})
    print(names[0] == "2.4.3-6")  # quiet

def loop_back(y):
    x = [x[0] for _ in y]
    return x[0] == "2.3.4-11"  # quiet
"""

# F10: pop, setdefault, dict.get(d, ...) take the value out too.
TAKERS = """\
def f10():
    for d in deps():
        v = d.pop("airflowVersion")
        if v.endswith("-11"):  # expect: review-ac-version-suffix-read
            print(d)
        w = d.setdefault("airflowVersion", "")
        print(w.split("-")[0])  # expect: review-ac-version-suffix-read
        if dict.get(d, "airflowVersion") == "2.3.4-11":  # expect: review-ac-version-comparison
            print(d)
        if d.pop("releaseName") == "2.3.4-11":  # quiet
            print(d)
"""

# F2 / F17: the AC version held in an imported constant, an env default, a class, an enum, on self.
HELD = """\
import settings
from settings import PINNED_AC
EXPECTED = os.environ.get("AC_VERSION", "2.3.4-11")

class Cfg:
    PIN = "2.3.4-11"

class AC(Enum):
    PROD = "2.3.4-11"

class Checker:
    def __init__(self, pin="2.3.4-11"):
        self.pin = pin
        self.fixed = "2.3.4-11"
        self.name = "prod"

    def run(self):
        for d in deps():
            print(d["airflowVersion"] != Cfg.PIN)  # expect: review-ac-version-comparison
            print(d["airflowVersion"] == AC.PROD.value)  # expect: review-ac-version-comparison
            print(d["airflowVersion"] != self.fixed)  # expect: review-ac-version-comparison
            print(d["airflowVersion"] != self.pin)  # expect: review-ac-version-comparison
            print(d["releaseName"] != self.name)  # quiet

def drift():
    for d in deps():
        if d["airflowVersion"] != PINNED_AC:  # expect: review-ac-version-comparison
            print("drift")
        if d["airflowVersion"] != settings.PINNED_AC:  # expect: review-ac-version-comparison
            print("drift")
        if d["airflowVersion"] != settings.NAME:  # quiet
            print("not a version")
        if d["airflowVersion"] != EXPECTED:  # expect: review-ac-version-comparison
            print("drift")
        if d["airflowVersion"] != os.getenv("AC_VERSION", "2.3.4-11"):  # expect: review-ac-version-comparison
            print("drift")

def frame():
    df = pd.DataFrame(deps())
    return df[df.airflowVersion.isin(["2.3.4-11"])]  # expect: review-ac-version-comparison
"""

LINE = re.compile(r"^(\S+?):(\d+):\d+: (?:warning|error|info) ([a-z-]+)", re.M)


def _run(tmp_path, *args):
    result = run_cli(*args, "--no-cache", "-j1", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result


def _marked(text):
    expected, quiet = set(), set()
    for number, line in enumerate(text.splitlines(), 1):
        if "# expect: " in line:
            expected.add((number, line.rsplit("# expect: ", 1)[1].strip()))
        elif "# quiet" in line:
            quiet.add(number)
    return expected, quiet


def _found(result, name):
    return {(int(m.group(2)), m.group(3)) for m in LINE.finditer(result.stdout) if m.group(1) == name}


def test_f1_f5_f10_f2_f17_reads_are_reviewed_and_other_values_are_not(tmp_path):
    files = {"containers.py": CONTAINERS, "takers.py": TAKERS, "held.py": HELD}
    for name, body in files.items():
        (tmp_path / name).write_text(HEAD + body)
    (tmp_path / "settings.py").write_text('PINNED_AC = "2.3.4-11"\nNAME = "prod"\n')
    result = _run(tmp_path, "check")
    for name, body in files.items():
        expected, quiet = _marked(HEAD + body)
        reviews = {(line, code) for line, code in _found(result, name) if code.startswith("review-ac-")}
        assert expected <= reviews, (name, sorted(expected - reviews), result.stdout)
        assert not {line for line, _code in reviews} & quiet, (name, sorted(reviews), sorted(quiet))
        assert reviews - expected <= {(5, "review-ac-version-suffix-read")}, (name, sorted(reviews - expected))


def test_member_lookups_stay_linear():
    """s containers each looked up once: read_key calls grow with s, not s * s."""
    calls = []

    def work(s):
        body = ["def f(deps):"]
        for i in range(s):
            body.append(f"    v{i} = {{d['id']: d['airflowVersion'] for d in deps}}")
            body.append(f"    r{i} = [{{'ver': d['airflowVersion']}} for d in deps]")
            body.append(f"    for a{i}, b{i} in [(d['id'], d['airflowVersion']) for d in deps]: print(b{i}.split('-'))")
            body.append(f"    for x in r{i}: print(x['ver'].split('-'), v{i}[x].split('-'))")
        module = ast.parse("\n".join(body) + "\n")
        original = ac_format_reads.read_key
        count = [0]

        def counting(node):
            count[0] += 1
            return original(node)

        ac_format_reads.read_key = counting
        try:
            found = ac_format_reads.index(module)
        finally:
            ac_format_reads.read_key = original
        assert len(found["airflowVersion"]) >= 3 * s
        return count[0]

    small, big = work(20), work(80)
    calls.append((small, big))
    assert big <= 4 * small * 1.25, calls


WRITE = textwrap.dedent(
    '''\
    import os, requests
    HOUSTON_URL = "https://houston.example.com/v1"
    GET = "query Get($id: String!) { deployment(where: {id: $id}) { id airflowVersion } }"
    RELEASES = "query R { runtimeReleases { version airflowVersion } }"
    UP = """
    mutation Up($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
      updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
    }
    """
    CREATE = """
    mutation Create($ws: Uuid!, $label: String!, $airflowVersion: String) {
      createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: $airflowVersion) { id }
    }
    """
    VERSIONS = {"prod": "2.3.4-11", "dev": "2.4.3-6"}

    def houston(q, v):
        return requests.post(HOUSTON_URL, json={"query": q, "variables": v},
                             headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]

    def latest(i):
        rel = houston(RELEASES, {})["runtimeReleases"][-1]
        houston(UP, {"deploymentUuid": i, "desiredAirflowVersion": rel["airflowVersion"]})  # F8

    def redeploy(ids):
        deps = {i: houston(GET, {"id": i})["deployment"]["airflowVersion"] for i in ids}
        for i in ids:
            houston(UP, {"deploymentUuid": i, "desiredAirflowVersion": deps[i]})  # F1 write side

    def bump(i):
        rel = houston(RELEASES, {})["runtimeReleases"][-1]
        houston(UP, {"deploymentUuid": i, "desiredAirflowVersion": rel["version"]})  # quiet

    def create(ws, env):
        houston(CREATE, {"ws": ws, "label": env, "airflowVersion": VERSIONS["prod"]})  # F6 dict entry

    def create2(ws, prod):
        houston(CREATE, {"ws": ws, "label": "x", "airflowVersion": "2.3.4-11" if prod else "2.4.3-6"})  # F6 IfExp

    def create3(ws, version):
        houston(CREATE, {"ws": ws, "label": "x", "airflowVersion": version if version else os.environ["V"]})  # quiet
    '''
)


UPDATED = textwrap.dedent(
    '''\
    import requests
    HOUSTON_URL = "https://houston.example.com/v1"
    CREATE = """
    mutation Create($ws: Uuid!, $airflowVersion: String) {
      createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
    }
    """

    def create(ws):
        v = dict(ws=ws)
        v.update(airflowVersion="2.3.4")
        return requests.post(HOUSTON_URL, json={"query": CREATE, "variables": v})
    '''
)


def test_f6_f8_f1_values_resent_as_runtime_versions_are_reviewed_after_rewrite(tmp_path):
    (tmp_path / "up.py").write_text(WRITE)
    (tmp_path / "upd.py").write_text(UPDATED)  # F6: v.update(airflowVersion="2.3.4") after v = dict(ws=ws)
    lines = {tag: n for n, line in enumerate(WRITE.splitlines(), 1) for tag in ("F8", "F1 write", "F6 dict", "F6 IfExp") if f"# {tag}" in line}
    quiet = [n for n, line in enumerate(WRITE.splitlines(), 1) if "# quiet" in line]
    rewrite = _run(tmp_path, "rewrite")
    text = (tmp_path / "up.py").read_text()
    assert '"desiredRuntimeVersion": rel["airflowVersion"]' in text and '"runtimeVersion": VERSIONS["prod"]' in text, text
    said = {n: [line for line in rewrite.stderr.splitlines() if line.startswith(f"up.py:{n}:")] for n in lines.values()}
    assert "Runtime release's 'airflowVersion'" in said[lines["F8"]][0] and "'version'" in said[lines["F8"]][0], rewrite.stderr
    assert "response key 'airflowVersion'" in said[lines["F1 write"]][0], rewrite.stderr
    assert "'5.5.0'" in said[lines["F6 dict"]][0], rewrite.stderr  # the equivalent is named while it migrates
    assert "'5.5.0'" in said[lines["F6 IfExp"]][0] and "'6.10.0'" in said[lines["F6 IfExp"]][0], rewrite.stderr
    after = _run(tmp_path, "check")
    found = _found(after, "up.py")
    for tag in ("F8", "F1 write", "F6 dict", "F6 IfExp"):
        assert (lines[tag], "review-version-value") in found, (tag, after.stdout)
    assert not {line for line, _code in found} & set(quiet), after.stdout
    f6 = [line for line in after.stdout.splitlines() if line.startswith(f"up.py:{lines['F6 IfExp']}:")]
    assert "'2.3.4-11'" in f6[0] and "'5.5.0'" in f6[0], after.stdout
    assert (tmp_path / "up.py").read_text() == text  # check wrote nothing
    updated = UPDATED.splitlines().index('    v.update(airflowVersion="2.3.4")') + 1
    said = [line for line in after.stdout.splitlines() if line.startswith(f"upd.py:{updated}:")]
    assert said and "review-version-value" in said[0] and "'2.3.4'" in said[0] and "'5.5.0'" in said[0], after.stdout
