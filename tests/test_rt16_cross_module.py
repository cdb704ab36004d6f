"""Red team 15 (report 11b: F4, F5, F11, F14): fills and mentions that cross a module boundary.

A document whose AC text another module of the run fills at run time (``.replace("2.3.4-11", v)``),
or a module another file uses whole (``getattr(lib.queries, name)``), must keep its AC text: the
other module's fill would find nothing after the edit and silently drop the caller's version.
Each scenario: one run of the installed ``houston-codemod rewrite`` over a small git-less tree; what
is on disk and what is reported are read back.  Controls (nothing reaching the document) still migrate.
"""

from trust_cli import run_cli

DOC = 'mutation Up($id: Uuid!) { upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id } }'
SEND = (
    "import os\n\nimport requests\n\nURL = \"https://houston.example.com/v1\"\n\n\n"
    "def send(doc, dep):\n"
    "    return requests.post(URL, json={\"query\": doc, \"variables\": {\"id\": dep}},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
)


def _tree(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def _rewrite(root, *paths):
    result = run_cli("rewrite", "--no-cache", *(paths or (".",)), cwd=root)
    assert "Traceback" not in result.stderr
    return result


def _kept(root, path, result, code):
    """The AC version text is still in ``path`` and ``code`` names it on the output."""
    text = (root / path).read_text()
    assert "2.3.4-11" in text, text
    out = result.stdout + result.stderr
    assert f"{path}:" in out and code in out, out


def _deploy(call):
    return f"{SEND}\nDOC = '{DOC}'\n\n\ndef up(dep, v):\n    return send({call}, dep)\n"


# F14: fill helpers imported from another module written as other than a plain def


def test_an_imported_lambda_fill_keeps_the_literal(tmp_path):
    _tree(tmp_path, {
        "gqlutil.py": 'with_version = lambda doc, v: doc.replace("2.3.4-11", v)\n',
        "deploy.py": "from gqlutil import with_version\n" + _deploy("with_version(DOC, v)"),
    })
    _kept(tmp_path, "deploy.py", _rewrite(tmp_path), "review-template-version")


def test_an_imported_static_method_fill_keeps_the_literal(tmp_path):
    _tree(tmp_path, {
        "gqlutil.py": 'class Gql:\n    @staticmethod\n    def with_version(doc, v):\n        return doc.replace("2.3.4-11", v)\n',
        "deploy.py": "from gqlutil import Gql\n" + _deploy("Gql.with_version(DOC, v)"),
    })
    _kept(tmp_path, "deploy.py", _rewrite(tmp_path), "review-template-version")


def test_an_imported_callable_object_fill_holds_the_document(tmp_path):
    filler = (
        'class Filler:\n    def __init__(self, old="2.3.4-11"):\n        self.old = old\n\n'
        "    def __call__(self, doc, v):\n        return doc.replace(self.old, v)\n"
    )
    _tree(tmp_path, {
        "gqlutil.py": filler,
        "deploy.py": "from gqlutil import Filler\n" + _deploy("Filler()(DOC, v)"),
        "bound.py": "from gqlutil import Filler\n" + _deploy("fill(DOC, v)").replace("def up(dep, v):\n", "def up(dep, v):\n    fill = Filler()\n"),
    })
    result = _rewrite(tmp_path)
    _kept(tmp_path, "deploy.py", result, "review-template-fill")
    _kept(tmp_path, "bound.py", result, "review-template-fill")
    assert "airflowVersion" in (tmp_path / "deploy.py").read_text()


def test_an_imported_helper_that_fills_nothing_still_migrates(tmp_path):
    _tree(tmp_path, {
        "gqlutil.py": 'class Gql:\n    @staticmethod\n    def strip(doc, v):\n        return doc.strip()\n',
        "deploy.py": "from gqlutil import Gql\n" + _deploy("Gql.strip(DOC, v)"),
    })
    _rewrite(tmp_path)
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "deploy.py").read_text()


# F11: a subclass in another module supplies the document the inherited base-class method fills

BASE = (
    SEND + "\n\nclass HoustonOp:\n    QUERY = \"\"\n    DEFAULT_VERSION = \"2.3.4-11\"\n\n"
    "    def run(self, dep, version=None):\n{fill}\n        return send(doc, dep)\n"
)


def _ops(imports, base):
    return f"{imports}\n\n\nclass Upgrade({base}):\n    QUERY = '{DOC}'\n"


def test_a_subclass_document_filled_by_an_imported_base_method_keeps_the_literal(tmp_path):
    fill = "        doc = self.QUERY.replace(self.DEFAULT_VERSION, version or self.DEFAULT_VERSION)"
    _tree(tmp_path, {
        "base.py": BASE.replace("{fill}", fill),
        "ops.py": _ops("from base import HoustonOp", "HoustonOp"),
        "ops2.py": _ops("import base", "base.HoustonOp"),
    })
    result = _rewrite(tmp_path)
    _kept(tmp_path, "ops.py", result, "review-template-version")
    _kept(tmp_path, "ops2.py", result, "review-template-version")


def test_a_subclass_document_an_imported_base_fills_unreadably_is_not_edited(tmp_path):
    fill = "        doc = re.sub(r'airflowVersion: \"[^\"]*\"', f'airflowVersion: \"{version}\"', self.QUERY)"
    _tree(tmp_path, {
        "base.py": "import re\n" + BASE.replace("{fill}", fill),
        "ops.py": _ops("from base import HoustonOp", "HoustonOp"),
    })
    result = _rewrite(tmp_path)
    _kept(tmp_path, "ops.py", result, "review-template-fill")
    assert "airflowVersion" in (tmp_path / "ops.py").read_text()


def test_a_subclass_of_a_base_that_fills_nothing_still_migrates(tmp_path):
    _tree(tmp_path, {
        "base.py": BASE.replace("{fill}", "        doc = self.QUERY.strip()"),
        "ops.py": _ops("from base import HoustonOp", "HoustonOp"),
    })
    _rewrite(tmp_path)
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "ops.py").read_text()


# F4 / F5: a module object used whole, or looked up by name, is a mention of every name it holds

QUERIES = f"UPSERT = '{DOC}'\nOTHER = 'x'\n"
HELD_BY = "review-imported-constant"


def _uses(module, line):
    return f"import os\nimport importlib\nimport subprocess\nimport sys\nfrom unittest import mock\n\nimport {module}\n\n\ndef use(name):\n    {line}\n"


def test_a_dotted_module_object_used_whole_holds_its_documents(tmp_path):
    files = {"lib/__init__.py": "", "lib/q_ctl.py": QUERIES, "ctl.py": _uses("lib.q_ctl", "return lib.q_ctl.OTHER")}
    lines = {
        "getattr": "return getattr(lib.q_getattr, name).replace('2.3.4-11', os.environ['V'])",
        "mock": "return mock.patch.object(lib.q_mock, name, 'x')",
        "reload": "return importlib.reload(lib.q_reload).UPSERT",
        "dict": "return lib.q_dict.__dict__[name]",
        "handed": "return print(lib.q_handed)",
    }
    for key, line in lines.items():
        files[f"lib/q_{key}.py"] = QUERIES
        files[f"use_{key}.py"] = _uses(f"lib.q_{key}", line)
    _tree(tmp_path, files)
    result = _rewrite(tmp_path)
    for key in lines:
        _kept(tmp_path, f"lib/q_{key}.py", result, HELD_BY)
        assert f"use_{key}.py:" in result.stdout + result.stderr
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "lib/q_ctl.py").read_text()  # reads only OTHER


def test_a_module_looked_up_by_name_or_run_from_a_string_holds_its_documents(tmp_path):
    lines = {
        "skip": "return __import__('pytest').importorskip('src.d_skip').UPSERT",
        "list": "return subprocess.run([sys.executable, '-c', 'from src.d_list import UPSERT; print(UPSERT)'])",
        "shell": "return os.system('python3 -c \"from src.d_shell import UPSERT; print(UPSERT)\"')",
    }
    files = {"src/__init__.py": "", "src/d_ctl.py": QUERIES, "ctl.py": _uses("os", "return os.system('echo d_ctl')")}
    for key, line in lines.items():
        files[f"src/d_{key}.py"] = QUERIES
        files[f"use_{key}.py"] = _uses("os", line)
    _tree(tmp_path, files)
    result = _rewrite(tmp_path)
    for key in lines:
        _kept(tmp_path, f"src/d_{key}.py", result, HELD_BY)
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "src/d_ctl.py").read_text()  # a prose string is no lookup


# F1: the response an imported helper hands out, read in the importer for an AC version


def _lister(name):
    return (
        SEND + f'\nLIST = "query Deps($ws: Uuid!) {{ workspaceDeployments(workspaceUuid: $ws) {{ id releaseName airflowVersion }} }}"\n\n\n'
        f"def {name}(ws):\n    return send(LIST, ws)[\"data\"][\"workspaceDeployments\"]\n"
    )


def test_an_importer_comparing_a_helper_response_with_an_ac_version_is_reviewed_at_the_field(tmp_path):
    _tree(tmp_path, {
        "houston.py": _lister("list_deployments"),
        "audit.py": "from houston import list_deployments\n\nTARGET = \"2.3.4-11\"\n\n\ndef stale(ws):\n"
                    "    return [d for d in list_deployments(ws) if d[\"airflowVersion\"] != TARGET]\n\n\n"
                    "def hotfix(ws):\n    return [d[\"airflowVersion\"].split(\"-\")[1] for d in list_deployments(ws)]\n",
        "other.py": _lister("list_other"),
        "report.py": "from other import list_other\n\n\ndef show(ws):\n    print([d[\"airflowVersion\"] for d in list_other(ws)])\n",
    })
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    comparisons = [line for line in out.splitlines() if "review-ac-version-comparison" in line]
    suffixes = [line for line in out.splitlines() if "review-ac-version-suffix-read" in line]
    assert len(comparisons) == 1 and comparisons[0].startswith("houston.py:") and "audit.py" in comparisons[0], out
    assert len(suffixes) == 1 and suffixes[0].startswith("houston.py:") and "line 11" in suffixes[0], out
    assert "other.py:" not in "".join(comparisons + suffixes)  # printing the value is no AC-format read
