"""Red team 19 (report 11b), F10/F11/F12/F14/F16: a document filled by a helper of ANOTHER module in ways the
run's index did not follow was rewritten, and the helper's ``.replace`` / ``re.sub`` / ``in`` test then
silently matched nothing.

Each case is a realistic pair: ``<case>.py`` defines ``UPSERT`` (``airflowVersion: "2.3.1"``) and sends it
to Houston; ``<case>_helpers.py`` fills (or reads) the text it is handed.  The shapes:

* F16, the helper run by something else: ``pool.submit(fill, DOC, v)``, ``ex.map(fill, [DOC], [v])``,
  ``threading.Thread(target=fill, args=(DOC, v))``, ``Pool.starmap`` / ``apply_async``,
  ``asyncio.to_thread``; and an imported send helper reading ``v["airflowVersion"]`` of the variables a
  ``submit`` hands it (the key must stay, ``review-version-variable``).
* F10, the document wrapped: ``fill({"query": DOC})``, ``fill([DOC])``, ``fill(SimpleNamespace(q=DOC))``,
  ``fill(lambda: DOC)``, ``fill(**{...})`` / ``fill(**params)``.
* F11, a dataclass field default / class attribute of the instance (or the class) handed over.
* F12, fills written as a visitor-like class's other method, a graphql-core visitor between ``parse``
  and ``print_ast``, ``functools.reduce``, ``.encode().replace``,
  ``operator.methodcaller``, ``functools.partial(re.sub, ...)(q)``.
* F14, the fill a closure an imported factory builds: ``fill = make_filler(...)``; ``fill(DOC)``.
* The same class: the fill in the helper's own helper (``_sub(q.strip(), v)``), in a helper it imports
  from a third module, line by line
  (``for line in q.splitlines()``, ``line.strip().startswith("airflowVersion:")``), a read by name.

Controls (recall): an imported helper that only posts (called, submitted, handed a payload dict) and
one that only measures the text keep their documents rewritten.  One ``rewrite`` run of the installed
command over a folder of all the cases.
"""

import re

from trust_cli import run_cli

HEAD = '''import os
import requests
{imports}

HOUSTON = "https://houston.example.com/v1"
UPSERT = """
mutation {{
  upsertDeployment(deploymentUuid: "d1", airflowVersion: "2.3.1") {{ id }}
}}
"""


def houston(q, v=None):
    r = requests.post(HOUSTON, json={{"query": q, "variables": v or {{}}}}, headers={{"authorization": os.environ["TOKEN"]}})
    return r.json()

'''

RSUB = '''import re


def fill(q, version):
    return re.sub(r'airflowVersion: "[^"]*"', f'airflowVersion: "{version}"', q)
'''

REPLACE = '''def fill(q, version):
    return q.replace('airflowVersion: "2.3.1"', f'airflowVersion: "{version}"')
'''

POST = '''import os
import requests

HOUSTON = "https://houston.example.com/v1"


def post(query, variables=None):
    return requests.post(HOUSTON, json={"query": query, "variables": variables}, headers={"authorization": os.environ["TOKEN"]}).json()
'''

CREATE = '''
CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
'''


def _case(imports, body, helpers):
    return HEAD.format(imports=imports) + body, helpers


HELD = {
    # F16
    "submit": _case("from concurrent.futures import ThreadPoolExecutor\nfrom submit_helpers import fill", '''
def main(version):
    with ThreadPoolExecutor(max_workers=2) as pool:
        q = pool.submit(fill, UPSERT, version).result()
    return houston(q)
''', RSUB),
    "exmap": _case("from concurrent.futures import ThreadPoolExecutor\nfrom exmap_helpers import fill", '''
def main(version):
    with ThreadPoolExecutor() as ex:
        (q,) = list(ex.map(fill, [UPSERT], [version]))
    return houston(q)
''', RSUB),
    "thread": _case("import threading\nfrom thread_helpers import fill", '''
def main(version):
    t = threading.Thread(target=fill, args=(UPSERT, version))
    t.start()
    t.join()
    return houston(UPSERT)
''', REPLACE),
    "starmap": _case("from multiprocessing import Pool\nfrom starmap_helpers import fill", '''
def main(version):
    with Pool(2) as pool:
        (q,) = pool.starmap(fill, [(UPSERT, version)])
    return houston(q)
''', RSUB),
    "apply_async": _case("import multiprocessing\nfrom apply_async_helpers import fill", '''
def main(version):
    with multiprocessing.Pool(2) as pool:
        q = pool.apply_async(fill, (UPSERT, version)).get()
    return houston(q)
''', RSUB),
    "to_thread": _case("import asyncio\nfrom to_thread_helpers import fill", '''
async def main(version):
    q = await asyncio.to_thread(fill, UPSERT, version)
    return houston(q)
''', RSUB),
    # F10
    "dict_wrap": _case("from dict_wrap_helpers import fill", '''
def main(version):
    payload = fill({"query": UPSERT}, version)
    return houston(payload["query"])
''', '''import re


def fill(payload, version):
    payload["query"] = re.sub(r"airflowVersion: \\"[^\\"]*\\"", f'airflowVersion: "{version}"', payload["query"])
    return payload
'''),
    "list_index": _case("from list_index_helpers import fill", '''
def main(version):
    return houston(fill([UPSERT], version))
''', '''import re


def fill(queries, version):
    return re.sub("airflowVersion", "airflowVersion", queries[0]).replace("2.3.1", version)
'''),
    "namespace": _case("from types import SimpleNamespace\nfrom namespace_helpers import fill", '''
def main(version):
    op = SimpleNamespace(q=UPSERT)
    fill(op, version)
    return houston(op.q)
''', '''import re


def fill(op, version):
    op.q = re.sub(r"airflowVersion", "airflowVersion", op.q).replace("2.3.1", version)
'''),
    "lambda": _case("from lambda_helpers import fill", '''
def main(version):
    return houston(fill(lambda: UPSERT, version))
''', '''import re


def fill(make, version):
    text = make()
    return re.sub(r'airflowVersion: "[^"]*"', f'airflowVersion: "{version}"', text)
'''),
    "kwargs_display": _case("from kwargs_display_helpers import fill", '''
def main(version):
    return houston(fill(**{"q": UPSERT, "version": version}))
''', RSUB),
    "kwargs_name": _case("from kwargs_name_helpers import fill", '''
def main(version):
    params = {"q": UPSERT, "version": version}
    return houston(fill(**params))
''', RSUB),
    # F11
    "dataclass": _case("from dataclasses import dataclass\nfrom dataclass_helpers import fill", '''

@dataclass
class Op:
    text: str = UPSERT
    name: str = "upsert"


def main(version):
    return houston(fill(Op(), version))
''', '''import re


def fill(op, version):
    return re.sub(r'airflowVersion: "[^"]*"', f'airflowVersion: "{version}"', op.text)
'''),
    "class_attr": _case("from class_attr_helpers import fill", '''

class Op:
    text = """
mutation {
  upsertDeployment(deploymentUuid: "d2", airflowVersion: "2.3.1") { id }
}
"""


def main(version):
    return houston(fill(Op(), version))
''', '''import re


def fill(op, version):
    return re.sub(r'airflowVersion: "[^"]*"', f'airflowVersion: "{version}"', op.text)
'''),
    "class_itself": _case("from class_itself_helpers import fill", '''

class Queries:
    UPGRADE = """
mutation {
  upsertDeployment(deploymentUuid: "d3", airflowVersion: "2.3.1") { id }
}
"""


def main(version):
    return houston(fill(Queries, version))
''', '''def fill(queries, version):
    return queries.UPGRADE.replace('airflowVersion: "2.3.1"', f'airflowVersion: "{version}"')
'''),
    # F12
    "graphql_visitor": _case("from graphql_visitor_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, version))
''', '''from graphql import Visitor, parse, print_ast, visit


class VersionSetter(Visitor):
    def __init__(self, version):
        super().__init__()
        self.version = version

    def enter_argument(self, node, *_):
        if node.name.value == "airflowVersion":
            node.value.value = self.version


def fill(q, version):
    return print_ast(visit(parse(q), VersionSetter(version)))
'''),
    "visitor": _case("from visitor_helpers import VersionFiller", '''
def main(version):
    return houston(VersionFiller(version).visit(UPSERT))
''', '''import re


class VersionFiller:
    def __init__(self, version):
        self.version = version

    def visit(self, node):
        return self.visit_text(node)

    def visit_text(self, text):
        return re.sub(r'airflowVersion: "[^"]*"', f'airflowVersion: "{self.version}"', text)
'''),
    "reduce": _case("from reduce_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, {"2.3.1": version}))
''', '''import functools


def fill(q, pairs):
    return functools.reduce(lambda s, kv: s.replace(*kv), pairs.items(), q)
'''),
    "encode": _case("from encode_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, version).decode())
''', '''def fill(q, version):
    return q.encode().replace(b'airflowVersion: "2.3.1"', f'airflowVersion: "{version}"'.encode())
'''),
    "methodcaller": _case("from methodcaller_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, version))
''', '''import operator


def fill(q, version):
    return operator.methodcaller("replace", 'airflowVersion: "2.3.1"', f'airflowVersion: "{version}"')(q)
'''),
    "partial_call": _case("from partial_call_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, version))
''', '''import functools
import re


def fill(q, version):
    return functools.partial(re.sub, r'airflowVersion: "[^"]*"', f'airflowVersion: "{version}"')(q)
'''),
    # F14
    "factory": _case("from factory_helpers import make_filler", '''
def main(version):
    fill = make_filler("airflowVersion", version)
    return houston(fill(UPSERT))
''', '''import re


def make_filler(key, value):
    def fill(q):
        return re.sub(key + r': "[^"]*"', f'{key}: "{value}"', q)
    return fill
'''),
    "factory_lambda": _case("from factory_lambda_helpers import make_filler", '''
def main(version):
    return houston(make_filler('airflowVersion: "2.3.1"', version)(UPSERT))
''', '''def make_filler(old, version):
    return lambda q: q.replace(old, f'airflowVersion: "{version}"')
'''),
    # the fill in the helper's own helper, and line by line
    "nested_helper": _case("from nested_helper_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, version))
''', '''import re


def _sub(text, version):
    return re.sub(r'airflowVersion: "[^"]*"', f'airflowVersion: "{version}"', text)


def fill(q, version):
    return _sub(q.strip(), version)
'''),
    "linewise": _case("from linewise_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, version))
''', '''def fill(q, version):
    out = []
    for line in q.splitlines():
        if line.strip().startswith("upsertDeployment(") and "airflowVersion" in line:
            line = line.replace("2.3.1", version)
        out.append(line)
    return "\\n".join(out)
'''),
    "linewise_edge": _case("from linewise_edge_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, version))
''', '''def fill(q, version):
    lines = q.split("\\n")
    return "\\n".join(f'  airflowVersion: "{version}"' if l.strip().startswith("airflowVersion:") else l for l in lines)
'''),
    "kw_submit": _case("from concurrent.futures import ThreadPoolExecutor\nfrom kw_submit_helpers import fill", '''
def main(version):
    with ThreadPoolExecutor() as ex:
        return houston(ex.submit(fill, q=UPSERT, version=version).result())
''', RSUB),
    # the fill in a helper the helper imports from a third module (two_hops_text.py, EXTRA below)
    "two_hops": _case("from two_hops_helpers import fill", '''
def main(version):
    return houston(fill(UPSERT, version))
''', '''from two_hops_text import set_version


def fill(q, version):
    return set_version(q.strip(), version)
'''),
    # a read by name in the helper: "airflowVersion" not in q
    "read_in": _case("from read_in_helpers import check", '''
def main():
    check(UPSERT)
    return houston(UPSERT)
''', '''def check(q):
    if "airflowVersion" not in q:
        raise ValueError("no version in the query")
'''),
}

EXTRA = {"two_hops_text.py": RSUB.replace("def fill(q, version)", "def set_version(q, version)")}

SUBMIT_VARS = _case("from concurrent.futures import ThreadPoolExecutor\nfrom submit_vars_helpers import send", CREATE + '''

def main(ws):
    with ThreadPoolExecutor() as ex:
        return ex.submit(send, CREATE, {"ws": ws, "airflowVersion": "2.3.4"}).result()
''', '''import os
import requests

HOUSTON = "https://houston.example.com/v1"


def send(q, v):
    if not v["airflowVersion"].startswith("2."):
        raise SystemExit("bad version")
    return requests.post(HOUSTON, json={"query": q, "variables": v}, headers={"authorization": os.environ["TOKEN"]}).json()
''')

CONTROLS = {
    "ctl_sender": _case("from ctl_sender_helpers import post", '''
def main():
    return post(UPSERT, {})
''', POST),
    "ctl_submit_sender": _case("from concurrent.futures import ThreadPoolExecutor\nfrom ctl_submit_sender_helpers import post", '''
def main():
    with ThreadPoolExecutor() as ex:
        return ex.submit(post, UPSERT, {}).result()
''', POST),
    "ctl_thread_sender": _case("import threading\nfrom ctl_thread_sender_helpers import post", '''
def main():
    threading.Thread(target=post, args=(UPSERT,), kwargs={"variables": {}}).start()
''', POST),
    "ctl_wrapped_sender": _case("from ctl_wrapped_sender_helpers import post", '''
def main():
    return post({"query": UPSERT, "variables": {}})
''', '''import os
import requests

HOUSTON = "https://houston.example.com/v1"


def post(payload):
    return requests.post(HOUSTON, json=payload, headers={"authorization": os.environ["TOKEN"]}).json()
'''),
    "ctl_log": _case("from ctl_log_helpers import log_query", '''
def main():
    log_query({"query": UPSERT})
    return houston(UPSERT)
''', '''import logging


def log_query(payload):
    logging.getLogger(__name__).info("sending %d bytes", len(payload["query"]))
'''),
}
CONTROL_VARS = _case("from concurrent.futures import ThreadPoolExecutor\nfrom ctl_submit_vars_helpers import post", CREATE + '''

def main(ws):
    with ThreadPoolExecutor() as ex:
        return ex.submit(post, CREATE, {"ws": ws, "airflowVersion": "2.3.4"}).result()
''', POST)


def test_documents_an_imported_helper_fills_out_of_sight_are_held(tmp_path):
    every = {**HELD, **CONTROLS, "submit_vars": SUBMIT_VARS, "ctl_submit_vars": CONTROL_VARS}
    for name, (script, helpers) in every.items():
        (tmp_path / f"{name}.py").write_text(script)
        (tmp_path / f"{name}_helpers.py").write_text(helpers)
    for name, text in EXTRA.items():
        (tmp_path / name).write_text(text)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    findings = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) ", result.stderr, re.M):
        findings.setdefault(match.group(1), set()).add(match.group(3))

    held_line = {"class_attr": 'deploymentUuid: "d2"', "class_itself": 'deploymentUuid: "d3"'}  # UPSERT is not handed over there
    migrated = []
    for name, (script, _) in HELD.items():
        text = (tmp_path / f"{name}.py").read_text()
        line = next(l for l in text.splitlines() if held_line.get(name, 'deploymentUuid: "d1"') in l)
        if 'airflowVersion: "2.3.1"' not in line or (name not in held_line and text != script):
            migrated.append(name)
    assert migrated == [], f"rewritten although a helper fills or reads the text: {migrated}"
    for name, (_, helpers) in every.items():
        assert (tmp_path / f"{name}_helpers.py").read_text() == helpers, name  # helpers have no document
    for name in ("submit", "exmap", "starmap", "dict_wrap", "lambda", "kwargs_name", "dataclass", "visitor", "factory", "read_in"):
        assert "review-template-fill" in findings.get(f"{name}.py", set()), name

    submit_vars = (tmp_path / "submit_vars.py").read_text()
    assert "$airflowVersion: String" in submit_vars and '"airflowVersion": "2.3.4"' in submit_vars
    assert "review-version-variable" in findings["submit_vars.py"]

    for name in CONTROLS:  # recall: a helper that only posts or measures the text
        text = (tmp_path / f"{name}.py").read_text()
        assert 'runtimeVersion: "' in text and "airflowVersion" not in text, name
    control_vars = (tmp_path / "ctl_submit_vars.py").read_text()
    assert "$runtimeVersion: String" in control_vars and '"runtimeVersion": ' in control_vars
