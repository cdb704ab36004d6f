"""Issues 11/13 (red team pass 4): the read-field rename sees fields merged through fragments.

``Deployment.airflowVersion`` becomes ``airflowVersion: runtimeAirflowVersion``
only when every field that answers under the same response key, in every
response object reached through inline fragments and fragment spreads (the
"fields in set can merge" closure), is renamed alike, and no Runtime field is
merged beside it.  Otherwise the rule's own review finding, never the
pipeline's ``review-rewrite-invalid`` net.  Everything runs the installed
``houston-codemod``; the oracle for validity is graphql-core's ``validate`` and
an independent response-shape walk written here.
"""

import json
import os
import random
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    parse,
    validate,
)

from work_count import lines_run, under

# TRUST_CLI_UNDER_TEST points the tests at another install (the rule before this fix, to see them fail).
EXE = os.environ.get("TRUST_CLI_UNDER_TEST") or shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")

ALREADY_SELECTED = "review-read-field-replacement-selected"
KEY_TAKEN = "review-read-field-key-taken"
UNSEEN = "review-read-field-fragment-unseen"
STILL_AC = "review-read-field-ac-deployment"
NOT_EDITABLE = "review-read-field-template"
NET = "review-rewrite-invalid"
URL = "https://houston.example.com/v1"
ONE = 'deployment(where: {id: "x"})'


def run(*args, cwd=None):
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def write(directory, name, text):
    path = Path(directory) / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def check_json(*args):
    result = run("check", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def codes_at(findings, code):
    return sorted((f["line"], f["column"]) for f in findings if f["code"] == code)


def schema(version="1.0.0"):
    from codemods.houston_schema import HoustonSchema

    return HoustonSchema.bundled(version).schema


# -- an independent oracle: the response shape of each operation ----------------------------------
def response_shape(text):
    """{operation index: nested {response key: shape}} with every fragment expanded."""
    document = parse(text)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}

    def collect(selection_set, into):
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                child = into.setdefault(key, {})
                if selection.selection_set is not None:
                    collect(selection.selection_set, child)
            elif isinstance(selection, InlineFragmentNode):
                collect(selection.selection_set, into)
            elif isinstance(selection, FragmentSpreadNode):
                collect(fragments[selection.name.value].selection_set, into)
        return into

    return [
        collect(d.selection_set, {}) for d in document.definitions if isinstance(d, OperationDefinitionNode)
    ]


def ac_fields_left(text):
    """Lines of AC read fields (by field name, whatever the alias) the document still selects on Deployment."""
    lines = []
    for line_number, line in enumerate(text.splitlines(), 1):
        for token in line.replace("{", " ").replace("}", " ").split():
            if token in ("airflowVersion", "desiredAirflowVersion"):
                lines.append(line_number)
    return lines


# -- the red team's cases, in .graphql ------------------------------------------------------------
def test_fragment_beside_its_replacement_is_reviewed_naming_the_fragment(tmp_path):
    """Case 1: the fragment's airflowVersion lands beside the selection's own runtimeAirflowVersion."""
    text = f"query {{ {ONE} {{ ...G runtimeAirflowVersion }} }}\nfragment G on Deployment {{ airflowVersion }}\n"
    path = write(tmp_path, "case1.graphql", text)
    result = run("rewrite", "--diff", path)
    assert result.returncode == 0, result.stderr  # nothing would change
    assert result.stdout == ""
    assert f"case1.graphql:2:28: warning {ALREADY_SELECTED} airflowVersion (in fragment G) is selected beside runtimeAirflowVersion (line 1)" in result.stderr
    assert NET not in result.stderr
    findings = check_json(path)
    assert codes_at(findings, ALREADY_SELECTED) == [(2, 28)]
    assert not [f for f in findings if f["code"].startswith("migrate-")]


@pytest.mark.parametrize("body", [
    "... on Deployment { airflowVersion } runtimeAirflowVersion",
    "runtimeVersion ... on Deployment { ... { ... on Deployment { airflowVersion } } }",
    "... { ... on Deployment { ... { airflowVersion } } } ... { desiredRuntimeVersion }",
])
def test_inline_fragments_at_any_depth_are_the_same_selection(tmp_path, body):
    """Case 2: inline fragments, nested any depth, are part of the selection they sit in."""
    path = write(tmp_path, "inline.graphql", f"query {{ {ONE} {{ {body} }} }}\n")
    before = path.read_text()
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == before
    assert ALREADY_SELECTED in result.stderr and NET not in result.stderr


def test_key_collision_across_spreads_is_reviewed_not_half_renamed(tmp_path):
    """Case 3: the same response key from a fragment that cannot be renamed alike.

    The fragment's airflowVersion sits beside runtimeVersion (so it stays); the
    selection's own airflowVersion is merged with it and must stay too.
    """
    text = f"""\
    query {{ {ONE} {{ airflowVersion ...R }} }}
    fragment R on Deployment {{ airflowVersion runtimeVersion }}
    """
    path = write(tmp_path, "case3.graphql", text)
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == textwrap.dedent(text)
    assert NET not in result.stderr
    findings = check_json(path)
    assert codes_at(findings, ALREADY_SELECTED) == [(1, 40), (2, 28)]
    own = next(f for f in findings if f["code"] == ALREADY_SELECTED and f["line"] == 1)
    assert own["message"].startswith("airflowVersion is selected beside runtimeVersion (line 2, fragment R): ")


def test_key_taken_by_another_field_through_a_fragment(tmp_path):
    """Case 3 again: a fragment's airflowVersion key answered by another field elsewhere."""
    text = f"""\
    query A {{ {ONE} {{ ...G }} }}
    query B {{ {ONE} {{ ...G airflowVersion: label }} }}
    fragment G on Deployment {{ airflowVersion }}
    """
    path = write(tmp_path, "taken.graphql", text)
    result = run("rewrite", path)
    assert result.returncode == 0
    assert path.read_text() == textwrap.dedent(text)
    assert codes_at(check_json(path), KEY_TAKEN) == [(3, 28)]
    assert NET not in result.stderr


def test_fragment_shared_by_several_operations_is_renamed_once_for_all(tmp_path):
    """Case 4: one definition, several spreads, plus a direct field merged with it: all alike."""
    text = f"""\
    query A {{ {ONE} {{ ...G }} }}
    query B {{ {ONE} {{ ...G airflowVersion v: desiredAirflowVersion }} }}
    fragment G on Deployment {{ airflowVersion ... on Deployment {{ ... {{ v: desiredAirflowVersion }} }} }}
    """
    path = write(tmp_path, "shared.graphql", text)
    before = path.read_text()
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == textwrap.dedent(f"""\
    query A {{ {ONE} {{ ...G }} }}
    query B {{ {ONE} {{ ...G airflowVersion: runtimeAirflowVersion v: desiredRuntimeVersion }} }}
    fragment G on Deployment {{ airflowVersion: runtimeAirflowVersion ... on Deployment {{ ... {{ v: desiredRuntimeVersion }} }} }}
    """)
    assert response_shape(before) == response_shape(path.read_text())
    assert validate(schema(), parse(path.read_text())) == []
    assert run("rewrite", "--check", path).returncode == 0  # idempotent
    assert [f for f in check_json("--houston-version", "1.0.1", path) if f["severity"] == "error"] == []


def test_one_operation_blocking_a_shared_fragment_blocks_it_everywhere(tmp_path):
    text = f"""\
    query A {{ {ONE} {{ ...G }} }}
    query B {{ {ONE} {{ ...G airflowVersion runtimeVersion }} }}
    fragment G on Deployment {{ airflowVersion }}
    query C {{ {ONE} {{ desiredAirflowVersion ...H }} }}
    fragment H on Deployment {{ ... on Deployment {{ ... {{ desiredAirflowVersion }} }} }}
    """
    path = write(tmp_path, "mixed.graphql", text)
    result = run("rewrite", path)
    assert result.returncode == 0
    lines = path.read_text().splitlines()
    assert lines[:3] == textwrap.dedent(text).splitlines()[:3]  # G and both its users stay
    assert "desiredAirflowVersion: desiredRuntimeVersion ...H" in lines[3]  # H's group is independent
    assert "... { desiredAirflowVersion: desiredRuntimeVersion }" in lines[4]
    findings = check_json("--houston-version", "1.0.1", path)
    assert codes_at(findings, ALREADY_SELECTED) == [(2, 47), (3, 28)]
    reviewed = {f["line"] for f in findings if f["code"].startswith("review-")}
    assert {f["line"] for f in findings if f["severity"] == "error"} <= reviewed


def test_half_migrated_group_is_finished(tmp_path):
    """A selection already reading ``airflowVersion: runtimeAirflowVersion`` (a first run, or by hand)."""
    path = write(tmp_path, "half.graphql", f"query {{ {ONE} {{ airflowVersion: runtimeAirflowVersion ...G }} }}\nfragment G on Deployment {{ airflowVersion }}\n")
    assert run("rewrite", path).returncode == 0
    assert path.read_text().endswith("fragment G on Deployment { airflowVersion: runtimeAirflowVersion }\n")
    assert validate(schema("1.0.1"), parse(path.read_text())) == []


def test_undefined_or_cyclic_fragments_are_not_guessed(tmp_path):
    write(tmp_path, "undefined.graphql", f"query {{ {ONE} {{ airflowVersion ...Elsewhere }} }}\n")
    write(tmp_path, "cycle.graphql", f"query {{ {ONE} {{ airflowVersion ...A }} }}\nfragment A on Deployment {{ id ...B }}\nfragment B on Deployment {{ label ...A }}\n")
    before = {p.name: p.read_text() for p in tmp_path.iterdir()}
    result = run("rewrite", tmp_path)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before
    assert "undefined.graphql:1:40: warning review-read-field-fragment-unseen airflowVersion lands in the same response object as fragment Elsewhere" in result.stderr
    assert "cycle.graphql:1:40: warning review-read-field-fragment-unseen airflowVersion is merged through fragments that spread each other in a cycle" in result.stderr


# -- Python hosts: fragments shared between the documents of one module ---------------------------
LIBRARY = '''\
import requests

FIELDS = """
fragment D on Deployment {{ id airflowVersion }}
"""

LIST = """
query {{ workspaceDeployments(workspaceUuid: "w") {{ ...D }} }}
"""{join_list}

ONE = """
query {{ deployment(where: {{id: "x"}}) {{ ...D {one_extra} }} }}
"""{join_one}


def go():
    requests.post("{url}", json={{"query": LIST{send}}})
    requests.post("{url}", json={{"query": ONE{send}}})
'''


def library(one_extra, inlined):
    join, send = (" + FIELDS", "") if inlined else ("", " + FIELDS")
    return LIBRARY.format(one_extra=one_extra, join_list=join, join_one=join, send=send, url=URL)


@pytest.mark.parametrize("inlined", [True, False], ids=["concatenated-constant", "sent-beside"])
def test_python_fragment_constant_beside_runtime_field_in_another_document(tmp_path, inlined):
    """Case 4 in Python: D is renamed by its own literal, but ONE merges it beside runtimeVersion."""
    path = write(tmp_path, "lib.py", library("runtimeVersion", inlined))
    before = path.read_text()
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == before
    assert result.stderr.count(ALREADY_SELECTED) == 1  # once at the spot, not once per document
    assert f"lib.py:4:31: warning {ALREADY_SELECTED} airflowVersion (in fragment D) is selected beside runtimeVersion (line 12)" in result.stderr
    assert NET not in result.stderr and NOT_EDITABLE not in result.stderr


def test_python_fragment_constant_renamed_once_with_the_fields_merged_with_it(tmp_path):
    path = write(tmp_path, "lib.py", library("airflowVersion", True))
    result = run("rewrite", "--diff", path)
    assert result.returncode == 1, result.stderr
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in result.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert removed == ["-fragment D on Deployment { id airflowVersion }", '-query { deployment(where: {id: "x"}) { ...D airflowVersion } }']
    assert added == [
        "+fragment D on Deployment { id airflowVersion: runtimeAirflowVersion }",
        '+query { deployment(where: {id: "x"}) { ...D airflowVersion: runtimeAirflowVersion } }',
    ]
    assert NET not in result.stderr and NOT_EDITABLE not in result.stderr
    assert run("rewrite", path).returncode == 0
    assert run("rewrite", "--check", path).returncode == 0  # idempotent
    errors = [f for f in check_json("--houston-version", "1.0.1", path) if f["severity"] == "error"]
    assert errors == []


def test_python_fragment_spread_by_a_template_that_does_not_parse(tmp_path):
    """The query spreading D is an f-string whose hole stands where a definition goes: unseen, so review."""
    path = write(tmp_path, "tmpl.py", f'''\
    import requests

    FIELDS = """
    fragment D on Deployment {{ id airflowVersion }}
    """

    ONE = f"""
    query {{{{ {ONE.replace("{", "{{").replace("}", "}}")} {{{{ ...D runtimeVersion }}}} }}}}
    {{more_fields()}}
    """


    def go():
        requests.post("{URL}", json={{"query": ONE}})
    ''')
    before = path.read_text()
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == before
    assert "tmpl.py:4:31: warning review-read-field-fragment-unseen airflowVersion (in fragment D) is merged with the fields of a document on line 8" in result.stderr


def test_python_fragment_read_by_a_document_that_still_creates_an_ac_deployment(tmp_path):
    """AC 2.1.4 has no Runtime equivalent: the create stays AC, so what it reads through D stays too."""
    path = write(tmp_path, "ac.py", f'''\
    import requests

    FIELDS = """
    fragment D on Deployment {{ id airflowVersion }}
    """

    CREATE = """
    mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.1.4-2") {{ ...D }} }}
    """

    ONE = """
    query {{ {ONE} {{ ...D }} }}
    """


    def go():
        requests.post("{URL}", json={{"query": CREATE + FIELDS}})
        requests.post("{URL}", json={{"query": ONE + FIELDS}})
    ''')
    before = path.read_text()
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == before
    # line 17: CREATE + FIELDS, the document composed where it is sent (red team 8, 13-F4)
    assert f"ac.py:4:31: warning {STILL_AC} airflowVersion (in fragment D) is also read by the document on line 17, which still creates or updates the Deployment with an AC version" in result.stderr


# -- the class, not the examples: random fragment structures --------------------------------------
POOL = [
    "airflowVersion", "airflowVersion", "v: airflowVersion", "desiredAirflowVersion", "runtimeVersion",
    "runtimeAirflowVersion", "id", "label", "airflowVersion: runtimeAirflowVersion", "airflowVersion: label",
    "v: desiredAirflowVersion", "desiredAirflowVersion: desiredRuntimeVersion",
]


def _selection(rng, fragments_after, depth=0):
    parts = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.2 and fragments_after:
            parts.append(f"...F{rng.choice(fragments_after)}")
        elif roll < 0.32 and depth < 3:
            head = rng.choice(["... on Deployment", "..."])
            parts.append(f"{head} {{ {_selection(rng, fragments_after, depth + 1)} }}")
        else:
            parts.append(rng.choice(POOL))
    return " ".join(parts)


def _random_documents(count, seed):
    """Valid documents (graphql-core says so) that mix fragments, inline fragments and aliases."""
    rng = random.Random(seed)
    valid_schema = schema()
    found = []
    while len(found) < count:
        fragments = rng.randint(0, 3)
        lines = []
        for index in range(rng.randint(1, 3)):
            root = rng.choice([ONE, 'workspaceDeployments(workspaceUuid: "w")'])
            lines.append(f"query Q{index} {{ {root} {{ {_selection(rng, list(range(fragments)))} }} }}")
        for index in range(fragments):
            lines.append(f"fragment F{index} on Deployment {{ {_selection(rng, list(range(index + 1, fragments)))} }}")
        text = "\n".join(lines) + "\n"
        if not validate(valid_schema, parse(text)):
            found.append(text)
    return found


def test_random_fragment_structures_stay_valid_keep_their_shape_or_are_reviewed(tmp_path):
    """Every rewrite is valid with the same response shape; every AC field left has a review.

    Fails on the rule that looked only at a field's own selection set: the
    pipeline's net then caught the conflicts (review-rewrite-invalid), and a
    fragment beside a Runtime field elsewhere was renamed silently.
    """
    documents = _random_documents(120, seed=1311)
    for index, text in enumerate(documents):
        (tmp_path / f"d{index:03}.graphql").write_text(text)
    result = run("rewrite", tmp_path)
    assert result.returncode == 0, result.stderr
    assert NET not in result.stderr
    reviewed = set()
    for line in result.stderr.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and " review-read-field-" in parts[3]:
            reviewed.add((Path(parts[0]).name, int(parts[1])))
    valid_schema, changed = schema(), 0
    for index, before in enumerate(documents):
        name = f"d{index:03}.graphql"
        after = (tmp_path / name).read_text()
        changed += after != before
        assert validate(valid_schema, parse(after)) == [], (name, before, after)
        assert response_shape(after) == response_shape(before), (name, before, after)
        for line in ac_fields_left(after):
            assert (name, line) in reviewed, (name, line, after)
    assert changed >= 20  # the generator does produce migratable documents
    assert len(reviewed) >= 20  # and blocked ones
    assert run("rewrite", "--check", tmp_path).returncode == 0  # a second run changes nothing


def _fan(wide, fragments=20, keys=100):
    """F0 spreads F1 (or every later fragment, when wide); each selects ``keys`` aliases of airflowVersion of its own."""
    def one(i):
        aliases = " ".join(f"k{i}_{j}: airflowVersion" for j in range(keys))
        later = range(i + 1, fragments) if wide else range(i + 1, min(i + 2, fragments))
        return f"fragment F{i} on Deployment {{ {aliases} {' '.join(f'...F{k}' for k in later)} }}"

    return f"query {{ {ONE} {{ ...F0 }} }}\n" + "\n".join(one(i) for i in range(fragments)) + "\n"


def test_adversarial_fragment_fan_is_bounded_and_reviewed(tmp_path):
    """Many spreads x many keys: the key-group work is counted, and past its bound the rule reviews."""
    from codemods.rules.merged_fields import MergeGraph

    keys = {f"k{i}_{j}" for i in range(20) for j in range(100)}
    chain = MergeGraph()
    chain.add_document(0, parse(_fan(False)), schema(), lambda offset: offset)
    chain.key_groups(keys)
    assert not chain.overflow  # 19 spreads: within the bound (linear in the document)
    wide = MergeGraph()
    wide.add_document(0, parse(_fan(True)), schema(), lambda offset: offset)
    wide.key_groups(keys)
    assert wide.overflow  # 190 spreads, each reaching up to 2,000 keys: the rule refuses rather than go quadratic
    write(tmp_path, "chain.graphql", _fan(False))
    write(tmp_path, "wide.graphql", _fan(True))
    result = run("rewrite", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "k19_99: runtimeAirflowVersion" in (tmp_path / "chain.graphql").read_text()
    assert (tmp_path / "wide.graphql").read_text() == _fan(True)
    assert result.stderr.count("review-read-field-fragment-unseen") == 2000
    assert "are combined in too many ways to check" in result.stderr


def test_constant_spliced_into_two_selections_is_judged_in_both(tmp_path):
    """One literal, two selection sets: the one beside runtimeVersion decides, and the spot is reported once."""
    path = write(tmp_path, "twice.py", f'''\
    import requests

    _SEL = " airflowVersion "


    def go():
        q = 'query {{ a: deployment(where: {{id: "x"}}) {{' + _SEL + '}} b: deployment(where: {{id: "y"}}) {{' + _SEL + 'runtimeVersion }} }}'
        requests.post("{URL}", json={{"query": q}})
    ''')
    before = path.read_text()
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == before
    assert result.stderr.count("twice.py:3:10: warning ") == 1
    assert f"twice.py:3:10: warning {ALREADY_SELECTED} airflowVersion is selected beside runtimeVersion:" in result.stderr


def _shared_fragment_module(count):
    parts = ['import requests\n\nFIELDS = """\nfragment D on Deployment { id airflowVersion }\n"""\n\n']
    for i in range(count):
        parts.append(f'Q{i} = """\nquery Q{i} {{ deployment(where: {{id: "{i}"}}) {{ ...D airflowVersion label }} }}\n""" + FIELDS\n')
    parts.append("\n\ndef go():\n" + "".join(f'    requests.post("{URL}", json={{"query": Q{i}}})\n' for i in range(count)))
    return "".join(parts).encode()


def _lines_run_in_rules(data, options):
    """Lines of codemods/rules/ executed while one module is processed (work counted, not timed)."""

    def changed(result):
        assert result.changed

    return lines_run("many.py", data, options, under("rules"), check=changed)


def test_a_fragment_shared_by_many_documents_costs_linear_work(options):
    """Every query concatenates FIELDS and merges its own airflowVersion with D's: one group of
    N + 1 fields seen from N + 1 documents.  The rules' lines for 40, 80 and 120 documents lie on
    a line: their second difference is near 0 (measured 12 of 38,029), where a scan of the
    module's documents per document (the bug this replaced) adds N**2/2 and makes it 1,600."""
    counts = [_lines_run_in_rules(_shared_fragment_module(n), options) for n in (40, 80, 120)]
    assert counts[1] > 1.9 * counts[0]  # the work does grow with the documents
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 100, counts
