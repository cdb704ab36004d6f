"""Red team 10, issue 13 report (read side): F2, F8, F9, and red team 9's t2/r7, t2/r10.

Every case runs the installed console script (``houston-codemod`` through
``trust_cli.run_cli``) on files written to a temporary directory, and asserts the
review codes at the lines the report names (recall), or their absence (precision).
"""

import re
import textwrap

from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import os, requests
    URL = os.environ["HOUSTON_URL"]

    def houston(q, v=None):
        return requests.post(URL, json={"query": q, "variables": v}).json()["data"]
    """
)
REVIEWS = re.compile(r"^(\S+?):(\d+):\d+: warning (review-ac-version-[a-z-]+)", re.M)


def _check(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr + result.stdout
    return {(m.group(1), int(m.group(2)), m.group(3)) for m in REVIEWS.finditer(result.stdout + result.stderr)}


def test_f8_missed_ac_format_reads_are_reviewed(tmp_path):
    found = _check(tmp_path, {"reads.py": HEAD + textwrap.dedent(
        """\
        from packaging.version import Version as V, parse as vparse
        Q = 'query { deployment(where: {id: "x"}) { id airflowVersion } }'
        def main(deps):
            d = houston(Q)["deployment"]
            v = d["airflowVersion"]
            a = v.removesuffix("-11")
            b = V(v) < V("2.3.4-11")
            c = vparse(v) < vparse("2.3.4-11")
            match d:
                case {"airflowVersion": "2.3.4-11"}:
                    pass
            e = d == {"id": "x", "airflowVersion": "2.3.4-11"}
            f = max(x["airflowVersion"] for x in houston(Q)["deployments"]) == "2.3.4-11"
            return a, b, c, e, f
        """)})
    assert ("reads.py", 11, "review-ac-version-suffix-read") in found
    for line in (12, 13, 15, 17, 18):
        assert ("reads.py", line, "review-ac-version-comparison") in found, (line, found)


def test_f8_without_the_ac_literal_nothing_is_reviewed(tmp_path):
    found = _check(tmp_path, {"reads.py": HEAD + textwrap.dedent(
        """\
        from packaging.version import Version as V
        Q = 'query { deployment(where: {id: "x"}) { id airflowVersion } }'
        def main():
            d = houston(Q)["deployment"]
            v = d["airflowVersion"]
            match d:
                case {"airflowVersion": "2.3.4"}:
                    pass
            return V(v) < V("2.3.4"), d == {"airflowVersion": "2.3.4"}, v.removesuffix(".0")
        """)})
    assert not {f for f in found if f[0] == "reads.py" and f[1] > 7}, found


def test_f9_comprehension_scope_and_helper_returning_runtime_releases_are_not_reviewed(tmp_path):
    found = _check(tmp_path, {"q.py": """\
        import requests
        HOUSTON_URL = "https://houston.example.com/v1"
        DEP = 'query { deployment(where: {id: "x"}) { id airflowVersion } }'
        REL = 'query { runtimeReleases { version airflowVersion } }'

        def houston(q):
            return requests.post(HOUSTON_URL, json={"query": q}).json()["data"]

        def releases():
            return houston(REL)["runtimeReleases"]

        def show():
            v = houston(DEP)["deployment"]["airflowVersion"]
            print(v)
            return [v for v in ["chart-1"] if v.split("-")]

        def pick():
            for r in releases():
                if r["airflowVersion"].split("-")[0] == "2.3.4":
                    return r["version"]
        """})
    assert not found, found


def test_f9_the_function_name_outside_the_comprehension_is_still_reviewed(tmp_path):
    found = _check(tmp_path, {"q.py": HEAD + textwrap.dedent(
        """\
        DEP = 'query { deployment(where: {id: "x"}) { id airflowVersion } }'
        def show():
            v = houston(DEP)["deployment"]["airflowVersion"]
            return [x for x in ["a"] if v.split("-")], [w for w in houston(DEP)["deployments"] if (u := w["airflowVersion"])], u.split("-")
        def deployments():
            return houston(DEP)["deployment"]
        def pick():
            return deployments()["airflowVersion"].split("-")
        """)})
    assert ("q.py", 9, "review-ac-version-suffix-read") in found, found
    assert ("q.py", 13, "review-ac-version-suffix-read") in found, found  # a helper returning a Deployment


def test_red_team_9_items_of_a_dict_comprehension_and_split_pieces(tmp_path):
    found = _check(tmp_path, {
        "r7.py": HEAD + textwrap.dedent(
            """\
            Q = 'query D { deployments { id airflowVersion } }'
            def get():
                ver = {d["id"]: d["airflowVersion"] for d in houston(Q)["deployments"]}
                return {k: v.split("-")[0] for k, v in ver.items()}
            def keys():
                ver = {d["airflowVersion"]: d["id"] for d in houston(Q)["deployments"]}
                return {k: v.split("-")[0] for k, v in ver.items()}
            """),
        "r10.py": HEAD + textwrap.dedent(
            """\
            Q = 'query D { deployments { id airflowVersion } }'
            def get():
                d = houston(Q)["deployments"][0]
                major, minor, rest = d["airflowVersion"].split(".")
                patch, hotfix = rest.split("-")
                return hotfix, d["airflowVersion"].split(".")[2].split("-")
            """),
    })
    assert ("r7.py", 9, "review-ac-version-suffix-read") in found, found
    assert ("r7.py", 12, "review-ac-version-suffix-read") not in found, found  # v is an id there
    assert ("r10.py", 10, "review-ac-version-suffix-read") in found, found
    assert ("r10.py", 11, "review-ac-version-suffix-read") in found, found


def test_f2_a_graphql_file_read_by_a_script_gets_the_scripts_reviews(tmp_path):
    files = {
        "list.graphql": """\
            query List($ws: Uuid!) {
              workspaceDeployments(workspaceUuid: $ws) { id airflowVersion }
            }
            """,
        "run.py": """\
            import requests
            from pathlib import Path
            HOUSTON_URL = "https://houston.example.com/v1"
            Q = Path(__file__).with_name("list.graphql").read_text()
            def main():
                r = requests.post(HOUSTON_URL, json={"query": Q, "variables": {"ws": "x"}}).json()
                for d in r["data"]["workspaceDeployments"]:
                    if d["airflowVersion"] == "2.3.4-11":
                        print(d["airflowVersion"].split("-")[1])
            """,
    }
    found = _check(tmp_path, files)
    assert ("list.graphql", 2, "review-ac-version-comparison") in found, found
    assert ("list.graphql", 2, "review-ac-version-suffix-read") in found, found
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert "run.py line 8" in result.stdout and "run.py line 9" in result.stdout


def test_f2_a_script_without_ac_reads_adds_no_review(tmp_path):
    found = _check(tmp_path, {
        "list.graphql": "query List { workspaceDeployments(workspaceUuid: \"w\") { id airflowVersion } }\n",
        "run.py": """\
            import requests
            from pathlib import Path
            HOUSTON_URL = "https://houston.example.com/v1"
            Q = Path(__file__).with_name("list.graphql").read_text()
            def main():
                for d in requests.post(HOUSTON_URL, json={"query": Q}).json()["data"]["workspaceDeployments"]:
                    print(d["airflowVersion"])
            """,
    })
    assert not found, found


def test_f12_the_importer_of_a_reviewed_fragment_gets_review_imported_constant(tmp_path):
    found_text = {}
    for name, text in {
        "frags.py": 'DEP = """\nfragment D on Deployment { id airflowVersion }\n"""\n',
        "a.py": HEAD + 'from frags import DEP as FR\nGET = "query B { deployments { ...D } }"\n'
                'def get():\n    return [d["airflowVersion"].split("-") for d in houston(GET + FR)["deployments"]]\n',
        "c.py": HEAD + 'GET = "query C { deployments { id runtimeVersion } }"\ndef get():\n    return houston(GET)\n',
    }.items():
        (tmp_path / name).write_text(text)
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    for line in result.stdout.splitlines():
        if " review-imported-constant " in line:
            found_text[line.split(":")[0]] = line
    assert set(found_text) == {"frags.py", "a.py"}, result.stdout
    assert "a.py:9:" in found_text["a.py"] and "FR (imported from frags.py" in found_text["a.py"]


def test_f10_an_error_the_document_already_had_neither_blames_the_migration_nor_blocks_the_file(tmp_path):
    (tmp_path / "q.py").write_text(textwrap.dedent(
        """\
        import requests
        HOUSTON_URL = "https://houston.example.com/v1"
        GOOD = 'query { deployment(where: {id: "y"}) { id airflowVersion } }'
        TYPO = 'query { deployment(where: {id: "x"}) { id airflowVersion(x: 1) } }'
        def f():
            for q in (GOOD, TYPO):
                requests.post(HOUSTON_URL, json={"query": q})
        """))
    result = run_cli("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert "review-rewrite-invalid" not in result.stdout + result.stderr
    assert "+GOOD = 'query { deployment(where: {id: \"y\"}) { id airflowVersion: runtimeAirflowVersion } }'" in result.stdout
    checked = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert "error known-argument-names" in checked.stdout  # the typo is reported as itself


def test_f3_a_graphql_variable_sent_by_a_reading_script_is_migrated_on_both_sides_or_neither(tmp_path):
    graphql = (
        "mutation Create($ws: Uuid!, $airflowVersion: String) {\n"
        '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }\n'
        "}\n"
    )
    script = (
        "import requests\n"
        'HOUSTON_URL = "https://houston.example.com/v1"\n'
        'Q = open("create.graphql").read()\n'
        "def main():\n"
        '    return requests.post(HOUSTON_URL, json={"query": Q, "variables": {"ws": "w", "airflowVersion": "2.3.4-11"}}).json()\n'
    )
    (tmp_path / "create.graphql").write_text(graphql)
    (tmp_path / "run.py").write_text(script)
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    after_graphql, after_script = (tmp_path / "create.graphql").read_text(), (tmp_path / "run.py").read_text()
    renamed_variable = "$runtimeVersion" in after_graphql
    renamed_key = '"runtimeVersion"' in after_script
    assert renamed_variable == renamed_key, (after_graphql, after_script)  # never one side only
    assert ("runtimeVersion:" in after_graphql) == renamed_key  # nor an AC value sent as a Runtime version
    checked = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    if not renamed_key:
        assert "review-version-variable" in checked.stdout + checked.stderr  # not clean while it is left


def test_f3_a_graphql_file_no_script_reads_is_still_renamed(tmp_path):
    (tmp_path / "create.graphql").write_text(
        "mutation Create($ws: Uuid!, $airflowVersion: String) {\n"
        '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }\n'
        "}\n"
    )
    run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "runtimeVersion: $runtimeVersion" in (tmp_path / "create.graphql").read_text()
