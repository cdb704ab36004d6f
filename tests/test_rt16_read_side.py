"""Red team 15 (issue 13, read and write side values), report 13 F1, F3, F5, F6, F8, F10.

The class: a value taken from a read (or from a module dict constant of AC versions) through a builtin
that passes values on keeps its origin: ``max``/``min``/``next(iter(...))`` of a container of reads,
loops through ``enumerate``/``zip``/``sorted``/``reversed``, ``Counter(...).most_common``, containers
filled in bulk (``.extend``, ``.update``, ``|=``), tuples compared piece by piece or a tuple holding a
read as the right side of ``in``, and ``TABLE[key]``/``TABLE.get(key, default)``/``TABLE.values()`` of a
dict constant whose values are literals, with a key known only at run time.

Each scenario runs the installed console script once (``trust_cli.run_cli``).  Expected reviews are
marked in the scripts (``# expect: CODE``); lines marked ``# quiet`` must get no review (precision:
values that are no Deployment's ``airflowVersion``, dicts of Runtime versions, a dict stored into).
"""

import re
import textwrap

from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import collections, os, requests
    URL = "https://houston.example.com/v1"
    Q = "query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id releaseName airflowVersion desiredAirflowVersion } }"
    ENV = os.environ.get("ENV", "prod")

    def deps(ws="x"):
        r = requests.post(URL, json={"query": Q, "variables": {"ws": ws}},
                          headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
        return r.json()["data"]["workspaceDeployments"]
    """
)

# F1 / F3: one value of a named container of reads, and loops through iterator builtins.
PASSED = """\
def f1():
    versions = {d["airflowVersion"] for d in deps()}
    names = [d["releaseName"] for d in deps()]
    listed = [d["airflowVersion"] for d in deps()]
    if max(versions) == "2.3.4-11":  # expect: review-ac-version-comparison
        print("newest")
    if min(listed) == "2.2.5-3":  # expect: review-ac-version-comparison
        print("oldest")
    if next(iter(listed)) == "2.3.4-11":  # expect: review-ac-version-comparison
        print("first")
    if max(names) == "2.3.4-11":  # quiet
        print("a name")

def f3():
    all_ = deps()
    versions = [d["airflowVersion"] for d in all_]
    names = [d["releaseName"] for d in all_]
    for i, v in enumerate(versions, 1):
        if v == "2.3.4-11":  # expect: review-ac-version-comparison
            print(i)
    for dep, v in zip(all_, versions):
        if v == "2.3.4-11":  # expect: review-ac-version-comparison
            print(dep["id"])
    for v in sorted(versions, reverse=True):
        if v == "2.3.4-11":  # expect: review-ac-version-comparison
            print("sorted")
    for v in reversed(versions):
        if v == "2.3.4-11":  # expect: review-ac-version-comparison
            print("reversed")
    for name, v in zip([d["releaseName"] for d in all_], [d["airflowVersion"] for d in all_]):
        if v == "2.3.4-11":  # expect: review-ac-version-comparison
            print(name)
        if name == "2.3.4-11":  # quiet
            print(name)
    for i, name in enumerate(names):
        if name == "2.3.4-11" or i == "2.3.4-11":  # quiet
            print(i)
    for w, dep in zip(names, all_):  # (a name is judged by all its bindings in a scope: not v here)
        if w == "2.3.4-11":  # quiet
            print(dep)

def f3b():
    counts = collections.Counter(d["airflowVersion"] for d in deps())
    if counts.most_common(1)[0][0] == "2.3.4-11":  # expect: review-ac-version-comparison
        print("most")
    for d in deps():
        if (d["airflowVersion"], d["id"]) == ("2.3.4-11", "x"):  # expect: review-ac-version-comparison
            print("pair")
        if (d["releaseName"], d["id"]) == ("2.3.4-11", "x"):  # quiet
            print("pair")
"""

# F5: a read compared with an entry or the values of a module dict constant of AC versions.
TABLES = """\
EXPECTED = {"prod": "2.3.4-11", "dev": "2.4.3-6"}
RUNTIMES = {"prod": "5.5.0", "dev": "6.10.0"}
STORED = {"prod": "5.5.0"}
STORED["dev"] = "2.3.4-11"

def f5(ws):
    for d in deps(ws):
        if d["airflowVersion"] != EXPECTED[ENV]:  # expect: review-ac-version-comparison
            print(d["id"])
        if d["airflowVersion"] not in EXPECTED.values():  # expect: review-ac-version-comparison
            print(d["id"])
        if d["airflowVersion"] != RUNTIMES.get(ENV, "2.3.4-11"):  # expect: review-ac-version-comparison
            print(d["id"])
        if d["airflowVersion"] != RUNTIMES[ENV] or d["airflowVersion"] in RUNTIMES.values():  # quiet
            print(d["id"])
        # STORED["dev"] = "2.3.4-11" above: STORED[ENV] may be that AC version (red team 27, report 13, f2)
        if d["airflowVersion"] != STORED[ENV]:  # expect: review-ac-version-comparison
            print(d["id"])
        if d["releaseName"] != EXPECTED[ENV]:  # quiet
            print(d["id"])
"""

# F8: containers filled in bulk; F10: desired vs current through a tuple membership.
FILLED = """\
def f8(workspaces):
    versions = []
    seen = set()
    more = set()
    names = set()
    for ws in workspaces:
        current = deps(ws)
        versions.extend(d["airflowVersion"] for d in current)
        seen |= {d["airflowVersion"] for d in current}
        more.update(d["airflowVersion"] for d in current)
        names |= {d["releaseName"] for d in current}
    if "2.3.4-11" in versions:  # expect: review-ac-version-comparison
        print(1)
    if "2.3.4-11" in seen:  # expect: review-ac-version-comparison
        print(2)
    if "2.3.4-11" in more:  # expect: review-ac-version-comparison
        print(3)
    if "2.3.4-11" in names:  # quiet
        print(4)

def f10(ws):
    return [d["id"] for d in deps(ws) if d.get("desiredAirflowVersion") not in (None, d.get("airflowVersion"))]  # expect: review-ac-version-comparison
"""

LINE = re.compile(r"^(\S+?):(\d+):\d+: (?:warning|error|info) ([a-z-]+)", re.M)


def _run(tmp_path, *args, version=("--houston-version", "1.0.1")):
    result = run_cli(*args, "--no-cache", "-j1", *version, ".", cwd=tmp_path)
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


def _found(output, name):
    return {(int(m.group(2)), m.group(3)) for m in LINE.finditer(output) if m.group(1) == name}


def test_values_passed_through_builtins_and_dict_constants_keep_their_origin(tmp_path):
    files = {"passed.py": PASSED, "tables.py": TABLES, "filled.py": FILLED}
    for name, body in files.items():
        (tmp_path / name).write_text(HEAD + body)
    result = _run(tmp_path, "check")
    for name, body in files.items():
        expected, quiet = _marked(HEAD + body)
        reviews = {(line, code) for line, code in _found(result.stdout, name) if code == "review-ac-version-comparison"}
        assert expected <= reviews, (name, sorted(expected - reviews), result.stdout)
        assert not {line for line, _code in reviews} & quiet, (name, sorted(reviews), sorted(quiet))


SENDS = textwrap.dedent(
    '''\
    import os, requests
    URL = "https://houston.example.com/v1"
    TARGETS = {"prod": "2.3.4-11", "dev": "2.4.3-6"}
    RUNTIMES = {"prod": "5.5.0", "dev": "6.10.0"}
    ENV = os.environ.get("ENV", "prod")
    UP = """
    mutation Up($id: Uuid!, $desiredAirflowVersion: String!) {
      updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
    }
    """

    def houston(q, v=None):
        r = requests.post(URL, json={"query": q, "variables": v or {}}, headers={"authorization": "t"})
        return r.json()["data"]

    def up(i):
        houston(UP, {"id": i, "desiredAirflowVersion": TARGETS.get(ENV, "2.3.4-11")})  # expect

    def up2(i):
        target = TARGETS[ENV]
        houston(UP, {"id": i, "desiredAirflowVersion": target})  # expect

    def up3(i):
        houston(UP, {"id": i, "desiredAirflowVersion": RUNTIMES[ENV]})  # quiet
    '''
)


def test_f6_ac_versions_picked_from_a_dict_constant_by_a_runtime_key_are_reviewed_before_and_after_rewrite(tmp_path):
    (tmp_path / "s.py").write_text(SENDS)
    lines = SENDS.splitlines()
    expected = {n for n, line in enumerate(lines, 1) if line.endswith("# expect")}
    quiet = {n for n, line in enumerate(lines, 1) if line.endswith("# quiet")}
    rewrite = _run(tmp_path, "rewrite", version=())
    text = (tmp_path / "s.py").read_text()
    assert "updateDeploymentRuntime" in text and '"desiredRuntimeVersion": target' in text
    said = {
        n: line for line in rewrite.stderr.splitlines() for n in expected | quiet
        if line.startswith(f"s.py:{n}:") and "it may be" in line
    }  # (every value not a literal gets the generic ask to send a Runtime version; only these name AC versions)
    assert set(said) == expected, rewrite.stderr
    for line in said.values():  # the equivalents are named, as for TARGETS["prod"]
        assert "review-version-value" in line and "'2.3.4-11' (its Astro Runtime equivalent is '5.5.0')" in line, line
        assert "'2.4.3-6'" in line, line
    after = _run(tmp_path, "check")
    reviewed = {line for line, code in _found(after.stdout, "s.py") if code == "review-version-value"}
    assert reviewed & (expected | quiet) == expected, after.stdout
    # TARGETS[ENV] may be either entry: "may be", never "is" (red team 27, report 13, f3)
    assert "may be the AC version '2.3.4-11'" in after.stdout and "'5.5.0'" in after.stdout
    assert "it may also be '2.4.3-6' (Astro Runtime equivalent '6.10.0')" in after.stdout  # the dev entry too
    assert (tmp_path / "s.py").read_text() == text  # check wrote nothing
