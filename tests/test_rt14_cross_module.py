"""Red team 13 (report 11: F2, F5, F11, F12, F15): a document another file (or code) of the run reaches is never edited alone.

Each scenario builds a small tree, runs the installed ``houston-codemod rewrite`` once over it and
reads back what is on disk and what was reported.  The definer's document holds
``airflowVersion: "2.3.4-11"``; the code that reaches it fills that text with
``.replace("2.3.4-11", version)``, so an edit on the definer's side alone makes every call send
the migrated value whatever ``version`` is.  Controls (a module nobody reaches) are still migrated.
"""

import json
import re
import subprocess

URL = 'URL = "https://houston.example.com/v1"\n'
UPSERT = 'UPSERT = \'mutation Up($id: Uuid!) { upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id } }\'\n'
SEND = '    return requests.post(URL, json={{"query": {doc}.replace("2.3.4-11", version), "variables": {{"id": i}}}})\n'
FINDING = re.compile(r"^(\S+?):(\d+):\d+: (\w+) (\S+) ", re.MULTILINE)


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _write(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def _rules(stdout):
    """path -> the rules reported on it."""
    found = {}
    for path, _line, _severity, rule in FINDING.findall(stdout):
        found.setdefault(path, []).append(rule)
    return found


def _importer(imports, doc):
    return "import sys, requests\n" + imports + URL + "\n\ndef up(i, version):\n" + SEND.format(doc=doc)


def test_f2_same_module_name_in_two_folders_is_held_on_every_side(tmp_path):
    """``b/main.py`` puts ``../a`` on ``sys.path`` and imports ``frags``; ``a/frags.py`` and ``c/frags.py``
    both exist.  Which one Python loads is decided at run time: both are held (no edit, reviewed), and
    the importer is reviewed too.  A module beside a script is certain (Python's first path entry): a
    same-named module elsewhere that nobody imports is still migrated; beside a package's module it is
    not (an absolute import may mean the top-level one): both are held."""
    frags = "import requests\n" + URL + UPSERT
    other = frags.replace("{ id }", "{ id label }")
    files = {
        "same/a/fr_same.py": frags,
        "same/c/fr_same.py": frags,
        "same/b/main.py": _importer('sys.path.insert(0, "../a")\nfrom fr_same import UPSERT\n', "UPSERT"),
        "differ/a/fr_differ.py": frags,
        "differ/c/fr_differ.py": other,
        "differ/b/main.py": _importer('sys.path.insert(0, "../a")\nfrom fr_differ import UPSERT\n', "UPSERT"),
        "own/x/fr_own.py": frags,
        "own/x/main.py": _importer("from fr_own import UPSERT\n", "UPSERT"),
        "own/y/fr_own.py": frags,
        # inside a package an absolute import need not mean the module beside it: both are held
        "pk/app/__init__.py": "",
        "pk/app/fr_pk.py": frags,
        "pk/app/main.py": _importer("from fr_pk import UPSERT\n", "UPSERT"),
        "pk/fr_pk.py": frags,
    }
    _write(tmp_path, files)
    result = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = _rules(result.stderr)
    held = ("same/a/fr_same.py", "same/c/fr_same.py", "differ/a/fr_differ.py", "differ/c/fr_differ.py", "own/x/fr_own.py",
            "pk/app/fr_pk.py", "pk/fr_pk.py")
    for path in held:
        assert (tmp_path / path).read_text() == files[path], path  # held: not edited
        assert "review-imported-constant" in rules.get(path, []), (path, result.stderr)
    for path in ("same/b/main.py", "differ/b/main.py", "own/x/main.py", "pk/app/main.py"):
        assert (tmp_path / path).read_text() == files[path], path
        assert "review-imported-constant" in rules.get(path, []), (path, result.stderr)
    # the two same-named modules disagree: the importer's review names both
    assert "names of differ/a/fr_differ.py (UPSERT)" in result.stderr and "names of differ/c/fr_differ.py (UPSERT)" in result.stderr
    # nobody imports own/y/fr_own.py (own/x/main.py loads the one beside it): migrated
    assert 'runtimeVersion: "' in (tmp_path / "own/y/fr_own.py").read_text()
    assert "own/y/fr_own.py" not in rules


STRING_REACHES = {  # form -> how main_<form>.py binds DOC from module fr_<form> (pk_<form>/fr_<form>.py for dotted)
    "resolve_colon": "import pkgutil\nDOC = pkgutil.resolve_name('pk_{f}.fr_{f}:UPSERT')\n",
    "resolve_dotted": "import pkgutil\nDOC = pkgutil.resolve_name('pk_{f}.fr_{f}.UPSERT')\n",
    "locate": "import pydoc\nDOC = pydoc.locate('pk_{f}.fr_{f}.UPSERT')\n",
    "exec_import": "exec('from pk_{f}.fr_{f} import UPSERT as DOC')\n",
    "eval_import": "DOC = eval('__import__(\"pk_{f}.fr_{f}\", fromlist=[\"x\"]).UPSERT')\n",
}
UNPARSABLE = "exec('from pk_unparsable.fr_unparsable import UPSERT as DOC')\nprint 'a Python 2 file', DOC\n"


def test_f15_module_named_by_a_dotted_string_or_code_string_is_held(tmp_path):
    """``pkgutil.resolve_name("pkg.frags:UPSERT")``, ``pydoc.locate``, and an import in a string that
    ``exec``/``eval`` run (also in a file that does not parse) name the module as directly as
    ``sys.modules["frags"]``: its module-level documents are held and both sides reviewed.  The same
    dotted text printed (prose, no loader) is no mention: that module is migrated."""
    frags = "import requests\n" + URL + UPSERT
    files = {}
    for form, binding in STRING_REACHES.items():
        f = form.replace("_", "")
        files[f"pk_{f}/__init__.py"] = ""
        files[f"pk_{f}/fr_{f}.py"] = frags
        files[f"main_{f}.py"] = "import requests\n" + binding.replace("{f}", f) + URL + "\n\ndef up(i, version):\n" + SEND.format(doc="DOC")
    files["pk_unparsable/__init__.py"] = ""
    files["pk_unparsable/fr_unparsable.py"] = frags
    files["main_unparsable.py"] = UNPARSABLE
    files["pk_prose/__init__.py"] = ""
    files["pk_prose/fr_prose.py"] = frags
    files["main_prose.py"] = "print('pk_prose.fr_prose:UPSERT is sent by up()')\n"
    _write(tmp_path, files)
    result = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = _rules(result.stderr)
    for form in STRING_REACHES:
        f = form.replace("_", "")
        definer = f"pk_{f}/fr_{f}.py"
        assert (tmp_path / definer).read_text() == frags, form
        assert "review-imported-constant" in rules.get(definer, []), (form, result.stderr)
        assert "review-imported-constant" in rules.get(f"main_{f}.py", []), (form, result.stderr)
    assert (tmp_path / "pk_unparsable/fr_unparsable.py").read_text() == frags  # read by its code string alone
    assert "review-imported-constant" in rules.get("pk_unparsable/fr_unparsable.py", []), result.stderr
    assert 'runtimeVersion: "' in (tmp_path / "pk_prose/fr_prose.py").read_text()
    assert "main_prose.py" not in rules


CARRIERS = {  # form -> (what fr_<form>.py adds after UPSERT, what main_<form>.py imports, the expression it fills)
    "function": ("def get_doc():\n    return UPSERT\n", "from fr_{f} import get_doc\n", "get_doc()"),
    "module_function": ("def get_doc():\n    return UPSERT\n", "import fr_{f}\n", "fr_{f}.get_doc()"),
    "local": ("def get_doc():\n    doc = UPSERT.strip()\n    return doc\n", "from fr_{f} import get_doc\n", "get_doc()"),
    "alias": ("UPSERT_DOC = UPSERT\n", "from fr_{f} import UPSERT_DOC\n", "UPSERT_DOC"),
    "dict": ('DOCS = {"up": UPSERT}\n', "from fr_{f} import DOCS\n", 'DOCS["up"]'),
    "list": ("PARTS = [UPSERT]\n", "from fr_{f} import PARTS\n", "PARTS[0]"),
    "namespace": ("from types import SimpleNamespace\nQ = SimpleNamespace(up=UPSERT)\n", "from fr_{f} import Q\n", "Q.up"),
    "default": ("def get_doc(x=UPSERT):\n    return x\n", "from fr_{f} import get_doc\n", "get_doc()"),
    "lambda": ("get_doc = lambda: UPSERT\n", "from fr_{f} import get_doc\n", "get_doc()"),
    "enum": ("import enum\nclass Q(enum.Enum):\n    UP = UPSERT\n", "from fr_{f} import Q\n", "Q.UP.value"),
    "through_helper": (
        "def fill(doc, label):\n    return doc.replace('LABEL', label)\ndef get_doc():\n    return fill(UPSERT, 'etl')\n",
        "from fr_{f} import get_doc\n", "get_doc()"),
}
# A helper that sends its module's document and hands back the response: the importer gets data, not the document.
SENDER = "def create():\n    return requests.post(URL, json={'query': UPSERT}).json()['data']\n"


def test_f11_a_constant_handed_out_by_an_imported_name_is_held(tmp_path):
    """``from frags import get_doc`` (``return UPSERT``), a second name, a container, a namespace, a
    returned default, a lambda, an enum member: the importer fills the constant's text with
    ``.replace("2.3.4-11", version)``, so the constant is held where it is defined (reviewed, not
    edited) and the import is reviewed.  A helper that only sends the document and returns the
    response does not hold it: that module is still migrated."""
    frags = "import requests\n" + URL + UPSERT
    files = {}
    for form, (added, imports, expression) in CARRIERS.items():
        f = form.replace("_", "")
        files[f"fr_{f}.py"] = frags + added
        files[f"main_{f}.py"] = _importer(imports.replace("{f}", f), expression.replace("{f}", f))
    files["fr_sender.py"] = frags + SENDER
    files["main_sender.py"] = "from fr_sender import create\nprint(create())\n"
    _write(tmp_path, files)
    result = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = _rules(result.stderr)
    for form in CARRIERS:
        f = form.replace("_", "")
        assert (tmp_path / f"fr_{f}.py").read_text() == files[f"fr_{f}.py"], form
        assert "review-imported-constant" in rules.get(f"fr_{f}.py", []), (form, result.stderr)
        assert "review-imported-constant" in rules.get(f"main_{f}.py", []), (form, result.stderr)
    assert 'runtimeVersion: "' in (tmp_path / "fr_sender.py").read_text()
    assert "fr_sender.py" not in rules and "main_sender.py" not in rules


HEADER = "import functools, requests\n" + URL + UPSERT
FILLS = {  # form -> how the module reaches UPSERT's .replace fill without a traced flow (red team 13 al1/al2)
    "default": "def up(i, version, doc=UPSERT):\n" + SEND.format(doc="doc"),
    "loop": "def up(i, version):\n    for doc in (UPSERT,):\n    " + SEND.format(doc="doc"),
    "partial": "def send(doc, i, version):\n" + SEND.format(doc="doc") + "up = functools.partial(send, UPSERT)\n",
    "lambda": "fill = lambda d, v: d.replace('2.3.4-11', v)\ndef up(i, version):\n    return requests.post(URL, json={'query': fill(UPSERT, version)})\n",
    "returned": "def get():\n    return UPSERT\ndef up(i, version):\n" + SEND.format(doc="get()"),
    "globals": "def up(i, version):\n" + SEND.format(doc='globals()["UPSERT"]'),
    "str_replace_bound": "def up(i, version):\n    r = str.replace\n    return requests.post(URL, json={'query': r(UPSERT, '2.3.4-11', version)})\n",
}


def test_f12_a_fill_reached_through_an_untraced_flow_keeps_the_version_it_looks_for(tmp_path):
    """``def up(i, version, doc=UPSERT): doc.replace("2.3.4-11", version)`` (and a ``for`` target,
    ``functools.partial``, a lambda, a function's return, ``globals()[...]``, ``r = str.replace``):
    the text the fill looks for stays in the document (its argument is renamed, its value kept and
    reviewed), so the fill still fills.  A module whose untraced ``.replace`` looks for text found in a
    document only inside a name (``"airflow"`` of ``airflowVersion``) is migrated as before."""
    files = {f"{form}.py": HEADER + body for form, body in FILLS.items()}
    # an untraced replace of text only found inside a name ("airflow" in airflowVersion) makes no hole
    files["control.py"] = HEADER + "def up(i, name):\n    return requests.post(URL, json={'query': UPSERT, 'x': name.replace('airflow', 'af')})\n"
    _write(tmp_path, files)
    result = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = _rules(result.stderr)
    for form in FILLS:
        text = (tmp_path / f"{form}.py").read_text()
        assert 'runtimeVersion: "2.3.4-11"' in text, (form, text)  # the fill's target is still there
        assert "5.5.0" not in text, form
        assert "review-template-version" in rules.get(f"{form}.py", []), (form, result.stderr)
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "control.py").read_text()
    assert "control.py" not in rules


def _notebook(*cells):
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                   "source": cell.splitlines(keepends=True)} for i, cell in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1) + "\n"


NOTEBOOK_IMPORTS = {  # form -> what main_<form>.py imports, the expression it fills (the notebook: nb_<form>.ipynb)
    "import_ipynb": ("import import_ipynb\nfrom nb_{f} import UPSERT\n", "UPSERT"),
    "nbimporter": ("import nbimporter\nimport nb_{f}\n", "nb_{f}.UPSERT"),
    "ipynb_defs": ("from ipynb.fs.defs.nb_{f} import UPSERT\n", "UPSERT"),
    "ipynb_full": ("import ipynb.fs.full.nb_{f} as N\n", "N.UPSERT"),
}


def test_f5_a_notebook_imported_as_a_module_is_held(tmp_path):
    """``import import_ipynb`` then ``from frags import UPSERT`` (frags.ipynb in the run, no frags.py), and
    ``ipynb.fs.defs.frags`` / ``ipynb.fs.full.frags``: the notebook's document is held (reviewed, not
    edited) and the import reviewed.  A notebook nobody imports is still migrated."""
    cell = "import requests\n" + URL + UPSERT + 'requests.post(URL, json={"query": UPSERT, "variables": {"id": "x"}})\n'
    files = {}
    for form, (imports, expression) in NOTEBOOK_IMPORTS.items():
        f = form.replace("_", "")
        files[f"nb_{f}.ipynb"] = _notebook(cell)
        files[f"main_{f}.py"] = _importer(imports.replace("{f}", f), expression.replace("{f}", f))
    files["nb_alone.ipynb"] = _notebook(cell)
    _write(tmp_path, files)
    result = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = _rules(result.stderr)
    for form in NOTEBOOK_IMPORTS:
        f = form.replace("_", "")
        assert (tmp_path / f"nb_{f}.ipynb").read_text() == files[f"nb_{f}.ipynb"], form
        assert "review-imported-constant" in rules.get(f"nb_{f}.ipynb", []), (form, result.stderr)
        assert "review-imported-constant" in rules.get(f"main_{f}.py", []), (form, result.stderr)
    assert 'runtimeVersion: \\"5.5.0\\"' in (tmp_path / "nb_alone.ipynb").read_text()
    assert "nb_alone.ipynb" not in rules


def test_f5_a_notebook_named_alone_is_judged_with_its_hook_importer(tmp_path):
    """Pre-commit names files one by one: ``rewrite nb.ipynb`` reads the part of its project that may
    reach it, which now includes a module importing it by module name (``from nb import UPSERT``)."""
    cell = "import requests\n" + URL + UPSERT + 'requests.post(URL, json={"query": UPSERT, "variables": {"id": "x"}})\n'
    files = {
        "nb.ipynb": _notebook(cell),
        "main.py": _importer("import import_ipynb\nfrom nb import UPSERT\n", "UPSERT"),
        "other.py": "print('unrelated')\n",
    }
    _write(tmp_path, files)
    (tmp_path / ".git").mkdir()  # the project is the git work tree holding the named file
    result = run("rewrite", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "nb.ipynb").read_text() == files["nb.ipynb"]
    assert "review-imported-constant" in _rules(result.stderr).get("nb.ipynb", []), result.stderr
    assert "main.py" in result.stderr  # the review names the importer
