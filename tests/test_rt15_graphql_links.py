"""Links a Houston send makes across files (issue 12/11, red team 14, report 12: F2, F3, F8).

Through the installed CLI, one run per scenario:

* F2: a document constant defined in one module and sent to Houston by the module importing it is
  Houston's where it is defined too (the importer's send is carried back as strong evidence): it is
  checked there (its typo reported) and reviewed there, as the importer's review says; the same
  constant imported by a module that only prints it stays as its own words say.
"""

import json
import os

from trust_cli import run_cli

HOUSTON_HELPER = (
    "import os\nimport requests\n{imports}\n\nHOUSTON_URL = \"https://houston.acme.com/v1\"\n\n\n"
    "def houston(query, variables=None):\n"
    "    return requests.post(HOUSTON_URL, json={{\"query\": query, \"variables\": variables}},\n"
    "                         headers={{\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}}).json()[\"data\"]\n\n\n"
)


def _write(root, files):
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _check(cwd, *args):
    proc = run_cli("check", "--no-cache", "-j1", "--format", "json", *args, ".", cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _documents(report):
    return {(d["path"].replace("\\", "/"), d["line"]): d for d in report["documents"]}


def _findings(report, code=None):
    return sorted(
        (f["path"].replace("\\", "/"), f["line"], f["code"]) for f in report["findings"] if code is None or f["code"] == code
    )


# -- F2: an imported constant sent to Houston by its importer -----------------------------------------

QUERIES = (
    'LIST = """\nquery List {\n  workspaces { id labl deployments { releaseName airflowVersion } }\n}\n"""\n'
)


def test_f2_a_constant_an_importer_sends_to_houston_is_houston_where_defined(tmp_path):
    _write(tmp_path, {
        "queries.py": QUERIES,
        "run.py": HOUSTON_HELPER.format(imports="from queries import LIST") + "print(houston(LIST))\n",
    })
    code, report = _check(tmp_path)
    defined = _documents(report)[("queries.py", 1)]
    assert defined["houston"] is True, defined
    assert any("imported by run.py, where it is sent by helper houston()" in e for e in defined["evidence"]), defined
    # checked where it is defined (the typo) and reviewed there, as the importer's review says
    assert ("queries.py", 3, "fields-on-correct-type") in _findings(report), report["findings"]
    assert ("queries.py", 3, "review-imported-constant") in _findings(report), report["findings"]
    assert code == 1


def test_f2_a_constant_an_importer_only_prints_stays_as_its_words_say(tmp_path):
    _write(tmp_path, {
        "queries.py": QUERIES,
        "show.py": HOUSTON_HELPER.format(imports="from queries import LIST") + "print(houston('{ self { user { id } } }'), LIST)\n",
    })
    code, report = _check(tmp_path)
    defined = _documents(report)[("queries.py", 1)]
    assert defined["houston"] is False, defined
    assert not [f for f in _findings(report) if f[0] == "queries.py"], report["findings"]
