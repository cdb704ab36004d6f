"""Red team 7, F8: reads of a migrated value that still expect an AC version ("2.3.4-11").

After ``airflowVersion`` becomes ``airflowVersion: runtimeAirflowVersion`` (and
``desiredAirflowVersion: desiredRuntimeVersion``) the value has no hotfix suffix.
Pass 7 found such reads that got no review: through a name (``v =
d["airflowVersion"]; if v == "2.3.4-11"``), keyword forms (``v.split(sep="-")``),
membership in a constant of AC versions (``v in OLD``), ``match``/``case``,
``.get("airflowVersion")`` and an alias the document chose.  Each now gets the
review at the read (codemods/rules/ac_format_reads.py); plain reads stay silent,
and a name is judged in its own scope (another function's ``v`` is another name).

Every case runs the installed console script; the cost test counts lines run.
"""

import re
import textwrap

from trust_cli import run_cli
from work_count import lines_run as count_lines

HEAD = 'import re\nimport requests\nURL = "https://houston.example.com/v1"\n'
COMPARE = "review-ac-version-comparison"
SUFFIX = "review-ac-version-suffix-read"

MODULES = {
    # name -> (body after HEAD, {line: code} expected of the two read codes)
    "names": (
        '''\
        Q = "query A { workspaces { deployments { id airflowVersion } } }"
        OLD = ("2.2.5-6", "2.3.4-11")
        SUPPORTED = frozenset({"2.3.4-11"})
        TO_RUNTIME = {"2.3.4-11": "5.5.0"}
        HOTFIX = re.compile(r"-(\\d+)$")
        SEP = "-"
        def deployments():
            return requests.post(URL, json={"query": Q}).json()["data"]["workspaces"][0]["deployments"]
        def f():
            for d in deployments():
                v = d["airflowVersion"]
                print(v, v.split("."), v == "2.3.4")
                if v == "2.3.4-11": pass
                if v in OLD: pass
                if v not in SUPPORTED: pass
                runtime = TO_RUNTIME[v]
                runtime = TO_RUNTIME.get(v)
                hotfix = v.split(sep="-")
                v.partition("-")
                "-" in v
                re.match(r".*-\\d+", v)
                HOTFIX.search(v)
                v.split(SEP)
                w = v.strip()
                w.endswith("-11")
                match v:
                    case "2.3.4-11" | "2.2.5-6": pass
                    case "2.3.4": pass
        def g(v):
            return v.split("-"), v == "2.3.4-11"
        def h(d):
            v = d["id"]
            return v.split("-"), v in OLD
        ''',
        # 4: the field (it is read for the suffix); 16-20 compared through v; 21-26 and 28 looked
        # for the suffix (28 through w = v.strip()); 30 a case. 15 prints (silent); g's v is a
        # parameter and h's v an id: silent.
        {4: SUFFIX, 16: COMPARE, 17: COMPARE, 18: COMPARE, 19: COMPARE, 20: COMPARE, 21: SUFFIX, 22: SUFFIX,
         23: SUFFIX, 24: SUFFIX, 25: SUFFIX, 26: SUFFIX, 28: SUFFIX, 30: COMPARE},
    ),
    "gets": (
        '''\
        Q = "query A { workspaces { deployments { id airflowVersion } } }"
        def f():
            for d in requests.post(URL, json={"query": Q}).json()["data"]["workspaces"][0]["deployments"]:
                v = d.get("airflowVersion", "")
                if v != "2.3.4-11": pass
                if d.get("airflowVersion") in ["2.2.5-6"]: pass
                yield d.get("airflowVersion").rsplit("-", 1), v.rpartition("-")
        ''',
        {4: SUFFIX, 8: COMPARE, 9: COMPARE, 10: SUFFIX},
    ),
    "alias": (
        '''\
        Q = "query A { workspaces { deployments { id av: airflowVersion } } }"
        OLD = ["2.2.5-6", "2.3.4-11"]
        def f():
            for d in requests.post(URL, json={"query": Q}).json()["data"]["workspaces"][0]["deployments"]:
                x = d["av"]
                if x in OLD: pass
                major, _, hotfix = x.partition("-")
                print(d["airflowVersion"].split("-"))
        ''',
        # 11 reads a key this document does not answer under: not this field's read.
        {4: SUFFIX, 9: COMPARE, 10: SUFFIX},
    ),
    "desired": (
        '''\
        UPG = """
        mutation U($d: Uuid!) {
          updateDeploymentAirflow(deploymentUuid: $d, desiredAirflowVersion: "2.4.3-6") { id desiredAirflowVersion }
        }
        """
        def upgrade(d):
            r = requests.post(URL, json={"query": UPG, "variables": {"d": d}}).json()["data"]["updateDeploymentAirflow"]
            pending = r["desiredAirflowVersion"]
            print(pending)
            if pending != "2.4.3-6": pass
            match pending:
                case "2.4.3-6": pass
            return pending.split("-")[0]
        ''',
        {6: SUFFIX, 13: COMPARE, 15: COMPARE, 16: SUFFIX},
    ),
    "loops": (
        '''\
        Q = "query A { workspaces { deployments { id airflowVersion } } }"
        def deployments():
            return requests.post(URL, json={"query": Q}).json()["data"]["workspaces"][0]["deployments"]
        def f():
            versions = [d["airflowVersion"] for d in deployments()]
            for v in versions:
                if v == "2.3.4-11": pass
            for v in (d.get("airflowVersion") for d in deployments()):
                v.split("-")
            return [v for v in versions if v.endswith("-11")]
        ''',
        # 10 through a name bound to a list of reads, 12 a generator of reads, 13 a comprehension's v.
        {4: SUFFIX, 10: COMPARE, 12: SUFFIX, 13: SUFFIX},
    ),
    "plain": (
        '''\
        Q = "query A { workspaces { deployments { id airflowVersion } } }"
        OLD = ("2.2.5-6",)
        def f(send):
            for d in requests.post(URL, json={"query": Q}).json()["data"]["workspaces"][0]["deployments"]:
                v = d["airflowVersion"]
                print(v, v.split("."), v.startswith("2"), v == "2.3.4", str(v).strip())
                send(v)
        def g(v):
            return v.split("-"), v in OLD, re.match(r"-", v)
        def h(d):
            v = d["id"]
            return v.split("-"), v == "2.3.4-11"
        ''',
        {},
    ),
}


def _read_reviews(stderr, name):
    return {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rf"{name}\.py:(\d+):\d+: warning ([\w-]+) ", stderr)
        if m.group(2) in (COMPARE, SUFFIX)
    }


def test_reads_that_expect_an_ac_version_are_reviewed_where_they_are(tmp_path):
    """Each module gets exactly the expected reviews, by line; every field is still aliased; a
    second run changes nothing (exit 0)."""
    for name, (body, _expected) in MODULES.items():
        (tmp_path / f"{name}.py").write_text(HEAD + textwrap.dedent(body))
    first = run_cli("rewrite", "--no-cache", "-j", "1", tmp_path)
    assert first.returncode in (0, 1), first.stderr
    assert "Traceback" not in first.stderr
    for name, (_body, expected) in MODULES.items():
        assert _read_reviews(first.stderr, name) == expected, (name, first.stderr)
    assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / "names.py").read_text()
    assert "av: runtimeAirflowVersion" in (tmp_path / "alias.py").read_text()
    assert "desiredAirflowVersion: desiredRuntimeVersion" in (tmp_path / "desired.py").read_text()
    assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / "plain.py").read_text()
    # The messages keep the shape of the existing ones, and say how the literal is met.
    assert "compares 'airflowVersion' with the AC version '2.3.4-11' (a case of its match), but it now holds" in first.stderr
    assert "compares 'airflowVersion' with the AC version '2.3.4-11' (a key of the table it is looked up in)" in first.stderr
    assert "compares 'av' with the AC version '2.2.5-6', but it now holds" in first.stderr
    assert ".split() of 'desiredAirflowVersion' looks for an AC version's hotfix suffix" in first.stderr
    second = run_cli("rewrite", "--check", "--no-cache", "-j", "1", tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr


def _reads_module(count):
    lines = ["import re, requests", 'URL = "https://houston.example.com/v1"', 'OLD = ("2.2.5-6", "2.3.4-11")']
    for i in range(count):
        lines.append(f"Q{i} = 'query Q{i} {{ deployments {{ id airflowVersion }} }}'")
        lines.append(f"def f{i}():")
        lines.append(f"    v = requests.post(URL, json={{'query': Q{i}}}).json()['data']['deployments'][0]['airflowVersion']")
        lines.append("    w = v.strip()")
        lines.append("    if v in OLD or w == '2.3.4-11': pass")
        lines.append("    match w:")
        lines.append("        case '2.3.4-11': pass")
        lines.append("    return v.split(sep='-'), re.search(r'-\\d+$', w), '-' in v")
    return ("\n".join(lines) + "\n").encode()


def test_reads_cost_linear_work(options):
    """N, 2N, 3N functions each reading the value through names: the lines run in the read index
    and the rule lie on a line (work, not time), and every read is reviewed once."""
    from codemods.rules import ac_format_reads, runtime_read_fields

    counted = {ac_format_reads.__file__, runtime_read_fields.__file__}

    def lines_run(data):
        def check(result):
            codes = [f.code for f in result.findings]
            functions = data.count(b"def f")
            assert codes.count(COMPARE) == 3 * functions  # the two tests of the 'or' line, the case
            assert codes.count(SUFFIX) == 3 * functions + 1  # split, re.search, 'in'; the first field

        return count_lines("many.py", data, options, counted, check=check)

    lines_run(_reads_module(2))
    counts = [lines_run(_reads_module(n)) for n in (20, 40, 60)]
    assert counts[1] > 1.5 * counts[0]
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts
