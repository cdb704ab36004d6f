"""Red team 13 (F16): a word spelled like a module of the run is a mention only where it can denote the module.

``client.py`` holds a Houston document; an unrelated ``report.py`` doing ``client =
boto3.client("s3")`` froze it (``review-imported-constant`` "this module is named by report.py",
no edit), as did a parameter ``client``, ``x.client``, ``f(client=1)``, ``{"client": 1}``, a
logger name and a file that does not even parse.  Those now leave the module to be migrated, while
the forms that do reach its names (an import-bound name read through ``getattr``/``vars``, a name
nobody binds, ``sys.modules[...]``, ``run_path("pk/client.py")``, a notebook's ``%run``) still hold it.

Every case runs the installed ``houston-codemod`` once over one tree (each form has its own module
name, so no file reaches another form's module) and reads back what is on disk.
"""

import json
import re
import subprocess

import pytest

CLIENT = '''import os
import requests

HOUSTON_URL = "https://houston.example.com/v1"
LIST = "query L($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id airflowVersion } }"


def deployments(ws):
    return requests.post(HOUSTON_URL, json={"query": LIST, "variables": {"ws": ws}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]
'''

# form -> the other file's text; "cl" stands for the module's name (pk_<form>/cl_<form>.py).
MIGRATED = {
    "assigned": 'import boto3\n\n\ndef main():\n    cl = boto3.client("s3")\n    cl.put_object(Bucket="b", Key="k", Body=b"x")\n',
    "parameter": "def upload(cl, data):\n    return len(data)\n\n\nprint(upload(None, b'x'))\n",
    "attribute": "import types\nobj = types.SimpleNamespace(cl=1)\nx = obj.cl\n",
    "keyword": "def f(**kw):\n    return kw\n\n\nf(cl=1)\n",
    "dict_key": 'settings = {"cl": 1}\nprint(settings["cl"])\n',
    "loop_target": "for cl in []:\n    pass\n",
    "with_except": "try:\n    with open('x') as cl:\n        pass\nexcept OSError as cl:\n    pass\nprint(cl)\n",
    "logger_name": 'import logging\nlogger = logging.getLogger("cl")\nprint("cl")\n',
    "unparsable": 'print "uploading", cl\n',
}

HELD = {
    "import_bound_getattr": 'from pk_{f} import cl\nprint(getattr(cl, "LIST"))\n',
    "import_as_vars": "import pk_{f}.cl as C\nprint(vars(C)['LIST'])\n",
    "from_import_attribute": "from pk_{f} import cl\nprint(cl.LIST)\n",
    "unbound_name": 'import pk_{f}.cl\nprint(getattr(cl, "LIST"))\n',
    "sys_modules": "import sys\nprint(sys.modules['pk_{f}.cl'].LIST)\n",
    "run_path": "import runpy\nprint(runpy.run_path('pk_{f}/cl.py')['LIST'])\n",
    "import_module_name": "import importlib\nprint(importlib.import_module('pk_{f}.cl').__dict__['LIST'])\n",
}


def _notebook(*cells):
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                   "source": cell.splitlines(keepends=True)} for i, cell in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1) + "\n"


NOTEBOOKS_MIGRATED = {"notebook_assigned": _notebook("import boto3\n", 'cl = boto3.client("s3")\ncl.list_buckets()\n')}
NOTEBOOKS_HELD = {"notebook_run": _notebook("%run pk_{f}/cl.py\n", "print(LIST)\n")}


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _name(form):
    return "cl_" + form.replace("_", "")


def _tree(root):
    """form -> (the module's path, the other file's path)."""
    pairs = {}
    forms = {**MIGRATED, **HELD, **NOTEBOOKS_MIGRATED, **NOTEBOOKS_HELD}
    for form, text in forms.items():
        f = form.replace("_", "")
        name = _name(form)
        (root / f"pk_{f}").mkdir()
        (root / f"pk_{f}" / "__init__.py").write_text("")
        module = f"pk_{f}/{name}.py"
        (root / module).write_text(CLIENT)
        other = f"other_{f}.ipynb" if form.startswith("notebook") else f"other_{f}.py"
        text = re.sub(r"\bcl\b", name, text.replace("{f}", f))
        (root / other).write_text(text)
        pairs[form] = (module, other)
    return pairs


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    root = tmp_path_factory.mktemp("mentions")
    pairs = _tree(root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    checked = run("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert checked.returncode in (0, 1), checked.stderr
    done = run("rewrite", "--no-cache", ".", cwd=root)
    assert done.returncode in (0, 1), done.stderr
    changed = {str(p.relative_to(root)) for p, data in before.items() if p.read_bytes() != data}
    return pairs, json.loads(checked.stdout)["findings"], changed, root


@pytest.mark.parametrize("form", sorted(MIGRATED) + sorted(NOTEBOOKS_MIGRATED))
def test_a_word_that_cannot_denote_the_module_leaves_it_migrated(outcome, form):
    pairs, findings, changed, root = outcome
    module, other = pairs[form]
    assert module in changed, [f["message"] for f in findings if f["path"].lstrip("./") == module]
    assert "airflowVersion: runtimeAirflowVersion" in (root / module).read_text()
    assert other not in changed
    said = [f for f in findings if f["code"] == "review-imported-constant" and other in (f["path"] + f["message"])]
    assert said == []


@pytest.mark.parametrize("form", sorted(HELD) + sorted(NOTEBOOKS_HELD))
def test_a_real_mention_still_holds_the_module(outcome, form):
    pairs, findings, changed, root = outcome
    module, other = pairs[form]
    assert module not in changed and other not in changed
    assert (root / module).read_text() == CLIENT
    reviews = [f for f in findings if f["code"] == "review-imported-constant" and f["path"].lstrip("./") == module]
    assert reviews and other in " ".join(f["message"] for f in reviews)
