"""Red team 13 (issue 13, read side), report 13 F1, F5, F6, F7, F10, F14.

Each scenario runs the installed console script once (``trust_cli.run_cli``) on files written to a
temporary directory.  Expected reviews are marked in the scripts themselves (``# expect: CODE``), so
the lines asserted are the lines written; lines marked ``# quiet`` must get no review at all
(precision: a value that is not a Houston Deployment's, or no AC text).  F6 runs check, rewrite and
check again: the review of an Airflow version re-sent as a Runtime version must survive the rewrite.
"""

import ast
import re
import sys
import textwrap

from codemods.rules import ac_format_reads
from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import collections, itertools, os, requests, semver
    from packaging import version as pv
    import packaging.version
    URL = "https://houston.example.com/v1"
    Q = "query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id releaseName airflowVersion } }"

    def deps():
        r = requests.post(URL, json={"query": Q, "variables": {"ws": "x"}},
                          headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
        return r.json()["data"]["workspaceDeployments"]
    """
)

# F1: a key held in a name.
KEYS = """\
KEY = "airflowVersion"

def f1a():
    for d in deps():
        if d[KEY] == "2.3.4-11":  # expect: review-ac-version-comparison
            print("pinned")

def f1b():
    for d in deps():
        key = "airflowVersion"
        print(d[key].split("-"))  # expect: review-ac-version-suffix-read
        print(d.get(KEY, "").endswith("-11"))  # expect: review-ac-version-suffix-read

def f1c():
    for d in deps():
        for key in ("airflowVersion", "id"):
            if d[key] == "2.3.4-11":  # expect: review-ac-version-comparison
                print(key)
        for k in d:
            if k == "airflowVersion":
                print(d[k].split("-"))  # expect: review-ac-version-suffix-read
        if f"{d['airflowVersion']}" == "2.3.4-11":  # expect: review-ac-version-comparison
            print("f-string")

def show(airflowVersion, releaseName="", **_):
    print(releaseName.split("-"))  # quiet
    return airflowVersion.split("-")  # expect: review-ac-version-suffix-read

def f1d():
    for d in deps():
        show(**d)

def f1_quiet():
    for d in deps():
        name = "releaseName"
        print(d[name].split("-"))  # quiet
        if d[name] == "2.3.4-11":  # quiet
            print("a release named like a version")
"""

# F7: collection forms.
COLLECTIONS = """\
def f7a():
    versions = [d["airflowVersion"] for d in deps()]
    print(list(filter(lambda v: v.endswith("-11"), versions)))  # expect: review-ac-version-suffix-read
    print(collections.Counter(versions)["2.3.4-11"])  # expect: review-ac-version-comparison

def f7b():
    for d in deps():
        info = {"v": d["airflowVersion"], "n": d["releaseName"]}
        if info["v"] == "2.3.4-11":  # expect: review-ac-version-comparison
            return True
        if info["n"] == "2.3.4-11":  # quiet
            return False

def f7c():
    versions = {d["airflowVersion"] for d in deps()}
    print(versions & {"2.3.4-11"})  # expect: review-ac-version-comparison
    print(versions.intersection({"2.3.4-11"}))  # expect: review-ac-version-comparison

def f7d():
    by = {}
    seen = set()
    counts = collections.defaultdict(int)
    for d in deps():
        by.setdefault(d["airflowVersion"], []).append(d)
        seen.add(d["airflowVersion"])
        counts[d["airflowVersion"]] += 1
    print(by.get("2.3.4-11"))  # expect: review-ac-version-comparison
    print("2.3.4-11" in seen)  # expect: review-ac-version-comparison
    print(counts["2.3.4-11"])  # expect: review-ac-version-comparison

def f7e():
    for k, group in itertools.groupby(deps(), key=lambda d: d["airflowVersion"]):
        if k == "2.3.4-11":  # expect: review-ac-version-comparison
            print(list(group))

def f7_quiet():
    names = {}
    for d in deps():
        names.setdefault(d["releaseName"], []).append(d)
    print(names.get("2.3.4-11"))  # quiet
"""

# F10: comparisons through semver and packaging.version written out.
SEMVER = """\
def t1(d): return semver.VersionInfo.parse(d["airflowVersion"]) < semver.VersionInfo.parse("2.3.4-11")  # expect: review-ac-version-comparison
def t3(d): return semver.compare(d["airflowVersion"], "2.3.4-11") < 0  # expect: review-ac-version-comparison
def t4(d): return semver.Version.parse(d["airflowVersion"]).compare("2.3.4-11") < 0  # expect: review-ac-version-comparison
def t6(d): return semver.Version.parse(d["airflowVersion"]).match("<2.3.4-11")  # expect: review-ac-version-comparison
def t7(d): return semver.match(d["airflowVersion"], ">=2.3.4-11")  # expect: review-ac-version-comparison
def t8(d): return packaging.version.parse(d["airflowVersion"]) < packaging.version.parse("2.3.4-11")  # expect: review-ac-version-comparison
def t9(d): return semver.parse(d["airflowVersion"])["prerelease"]  # expect: review-ac-version-suffix-read
def t_quiet(d): return semver.compare(d["releaseName"], "2.3.4-11")  # quiet

def use():
    for d in deps():
        print(t1(d), t3(d), t4(d), t6(d), t7(d), t8(d), t9(d), t_quiet(d))
"""

# F5: a value captured by a mapping pattern (Python 3.10+: match statements).
MATCH = """\
def f5():
    for d in deps():
        match d:
            case {"airflowVersion": "2.3.4-11"}:  # expect: review-ac-version-comparison
                print("literal pattern")
            case {"airflowVersion": v} if v.endswith("-11"):  # expect: review-ac-version-suffix-read
                print("captured then guard", v)
            case {"airflowVersion": str(ver)}:
                print(ver.split("-")[1])  # expect: review-ac-version-suffix-read
            case {"releaseName": name} if name.endswith("-11"):  # quiet
                print(name)
        match d["airflowVersion"]:
            case whole if whole.startswith("2.3.4-"):  # expect: review-ac-version-suffix-read
                print(whole)
"""

CONCAT = """\
def pinned():
    for d in deps():
        if d["airflowVersion"] == "2.3.4" + "-11":  # expect: review-ac-version-comparison
            print("pinned")
"""

LINE = re.compile(r"^(\S+?):(\d+):\d+: (?:warning|error|info) ([a-z-]+)", re.M)


def _run(tmp_path, *args):
    result = run_cli(*args, "--no-cache", "-j1", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result


def _marked(text):
    """(line, code) of every ``# expect: CODE`` and the lines marked ``# quiet``."""
    expected, quiet = set(), set()
    for number, line in enumerate(text.splitlines(), 1):
        if "# expect: " in line:
            expected.add((number, line.rsplit("# expect: ", 1)[1].strip()))
        elif "# quiet" in line:
            quiet.add(number)
    return expected, quiet


def _found(result, name):
    return {(int(m.group(2)), m.group(3)) for m in LINE.finditer(result.stdout) if m.group(1) == name}


def test_f1_f5_f7_f10_reads_are_reviewed_and_other_values_are_not(tmp_path):
    files = {"keys.py": KEYS, "collections_.py": COLLECTIONS, "semver_.py": SEMVER}
    files["concat.py"] = CONCAT  # the module's only AC literal is written "2.3.4" + "-11"
    if sys.version_info >= (3, 10):
        files["match_.py"] = MATCH
    for name, body in files.items():
        (tmp_path / name).write_text(HEAD + body)
    result = _run(tmp_path, "check")
    for name, body in files.items():
        expected, quiet = _marked(HEAD + body)
        found = _found(result, name)
        reviews = {(line, code) for line, code in found if code.startswith("review-ac-")}
        assert expected <= reviews, (name, sorted(expected - reviews), result.stdout)
        assert not {line for line, _code in reviews} & quiet, (name, sorted(reviews), sorted(quiet))
        assert reviews - expected <= {(5, "review-ac-version-suffix-read")}, (name, sorted(reviews - expected))
        if any(code == "review-ac-version-suffix-read" for _line, code in expected):  # and at the field
            assert (5, "review-ac-version-suffix-read") in reviews, name


UP = textwrap.dedent(
    '''\
    import os, requests
    HOUSTON_URL = "https://houston.example.com/v1"
    GET = "query Get($id: String!) { deployment(where: {id: $id}) { id airflowVersion } }"
    REL = "query Rel { runtimeReleases { version airflowVersion } }"
    UP = """
    mutation Up($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
      updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
    }
    """

    def houston(q, v):
        return requests.post(HOUSTON_URL, json={"query": q, "variables": v},
                             headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]

    def redeploy(i):
        dep = houston(GET, {"id": i})["deployment"]
        houston(UP, {"deploymentUuid": i, "desiredAirflowVersion": dep["airflowVersion"]})

    def pinned(i, wanted):
        houston(UP, {"deploymentUuid": i, "desiredAirflowVersion": wanted})
    '''
)


def test_f6_an_airflow_version_resent_as_a_runtime_version_is_reviewed_before_and_after_rewrite(tmp_path):
    (tmp_path / "up.py").write_text(UP)
    read_line = UP.splitlines().index('    houston(UP, {"deploymentUuid": i, "desiredAirflowVersion": dep["airflowVersion"]})') + 1
    rewrite = _run(tmp_path, "rewrite")
    text = (tmp_path / "up.py").read_text()
    assert '"desiredRuntimeVersion": dep["airflowVersion"]' in text and "airflowVersion: runtimeAirflowVersion" in text
    said = [line for line in rewrite.stderr.splitlines() if line.startswith(f"up.py:{read_line}:")]  # rewrite: stderr
    assert len(said) == 1 and "review-version-value" in said[0], rewrite.stderr
    assert "response key 'airflowVersion'" in said[0] and "select runtimeVersion" in said[0]
    after = _run(tmp_path, "check")
    assert after.returncode == 0 and "1 need review, 0 errors" in after.stderr, after.stdout + after.stderr
    said = [line for line in after.stdout.splitlines() if line.startswith(f"up.py:{read_line}:")]
    assert len(said) == 1 and "review-version-value" in said[0], after.stdout
    assert "response key 'airflowVersion'" in said[0] and "desiredRuntimeVersion" in said[0]
    # a parameter sent as the version is not told to be an Airflow version (only the generic ask, if any)
    assert "response key" not in "\n".join(line for line in after.stdout.splitlines() if f"up.py:{read_line + 3}:" in line)
    assert (tmp_path / "up.py").read_text() == text  # check wrote nothing


def test_f14_a_read_of_another_apis_response_reviews_no_houston_document(tmp_path):
    ops = tmp_path / "ops"
    ops.mkdir()
    (ops / "a.graphql").write_text("query A($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id airflowVersion } }\n")
    (ops / "b.graphql").write_text("query B { deployments { id airflowVersion } }\n")
    (tmp_path / "run.py").write_text(textwrap.dedent("""\
        import os, requests

        def houston_list():
            path = "ops/a.graphql"
            with open(path) as f:
                doc = f.read()
            return requests.post("https://houston.example.com/v1", json={"query": doc, "variables": {"ws": "x"}},
                                 headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()

        def hasura_list():
            p2 = "ops/b.graphql"
            with open(p2) as f:
                d2 = f.read()
            out = requests.post("https://acme.hasura.app/v1/graphql", json={"query": d2}).json()
            for d in out["data"]["deployments"]:
                if d["airflowVersion"] == "2.3.4-11":
                    print("x")
        """))
    (tmp_path / "mix.py").write_text(textwrap.dedent("""\
        import os, requests
        HOUSTON_URL = "https://houston.example.com/v1"
        HASURA_URL = "https://acme.hasura.app/v1/graphql"
        H = "query H($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id airflowVersion } }"
        L = "query Inv { deployments { id airflowVersion } }"

        def houston():
            return requests.post(HOUSTON_URL, json={"query": H, "variables": {"ws": "x"}},
                                 headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()

        def inventory():
            out = requests.post(HASURA_URL, json={"query": L}).json()
            for d in out["data"]["deployments"]:
                if d["airflowVersion"] == "2.3.4-11":
                    print("inventory pin")

        def pinned():
            for d in houston()["data"]["workspaceDeployments"]:
                if d["airflowVersion"] == "2.3.4-11":
                    print("houston pin")
        """))
    result = _run(tmp_path, "check")
    found = _found(result, "ops/a.graphql")
    assert (1, "migrate-read-field") in found, result.stdout  # the Houston file is still migrated
    assert not {code for _line, code in found if code.startswith("review-ac-")}, result.stdout
    mix = {(line, code) for line, code in _found(result, "mix.py") if code.startswith("review-ac-")}
    assert mix == {(19, "review-ac-version-comparison")}, result.stdout  # Houston's read only, not Hasura's (14)


def test_new_forms_stay_linear():
    """s fills, s held-key reads and s captures: the read_key calls grow with s, not s * s."""
    calls = []

    def work(s):
        body = ["KEY = 'airflowVersion'", "def f(deps):", "    by = {}"]
        for i in range(s):
            body.append(f"    by.setdefault(deps[{i}][KEY], []).append({i})")
            body.append(f"    by.get('2.3.4-{i}')")
            body.append(f"    print(deps[{i}].get(KEY).split('-'))")
        module = ast.parse("\n".join(body) + "\n")
        original = ac_format_reads.read_key
        count = [0]

        def counting(node):
            count[0] += 1
            return original(node)

        ac_format_reads.read_key = counting
        try:
            reads = ac_format_reads.index(module)
        finally:
            ac_format_reads.read_key = original
        # (the split is also an EMPTY read, red team 18 report 13 F7: counted apart)
        assert len([r for r in reads["airflowVersion"] if r.reason != ac_format_reads.EMPTY]) == 2 * s
        calls.append(count[0])

    work(50)
    work(200)
    assert calls[1] <= 4.5 * calls[0]
