"""Issue 12 verdicts, red team pass 15 (report 12: F8, F4, F10, F9).

Each scenario is one run of the installed ``houston-codemod`` over a small project
(``tests/verdicts_cli.py``), asserting the verdicts, their evidence and the findings.
"""

from pathlib import Path

from verdicts_cli import at, check, write

# F9: a HOUSTON_* dict written dict(key="...") is the same dict as the {...} literal.
DICT_CALL = '''HOUSTON_MUTATIONS = dict(
    create="mutation { createDeploymnt(label: \\"x\\") { id } }",
    ws="{ workspacez { id } }",
)
'''


def test_f9_entries_of_a_houston_dict_call_are_named_for_houston(tmp_path: Path):
    write(tmp_path, {"consts.py": DICT_CALL})
    completed, verdicts, findings = check(tmp_path)
    for line in (2, 3):
        document = at(verdicts, "consts.py", line)
        assert document["houston"] is True and "name HOUSTON_MUTATIONS" in document["evidence"][0], document
    assert {(f["line"], f["code"]) for f in findings} == {(2, "fields-on-correct-type"), (3, "fields-on-correct-type")}, findings
    assert completed.returncode == 1
