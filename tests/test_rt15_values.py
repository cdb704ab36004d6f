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
