"""Red team 22 (report 11b), f10: a fill made through a partial, a bound method or ``getattr`` is a fill.

``with_version = functools.partial(str.replace, UPSERT, "2.3.4-11")``, a local
``functools.partial(UPSERT_B.replace, "2.3.4-11")``, ``r = UPSERT_C.replace; r("2.3.4-11", v)`` and
``getattr(U, "replace")("2.3.4-11", v)``: the AC text the fill looks for was migrated to "5.5.0" with no
finding, so the script sent "5.5.0" whatever version it was asked for.  Now the text is kept, the argument
renamed, and each gets ``review-template-version``, as a plain ``.replace`` does; the script still sends
the version it is given.
"""

import subprocess
import sys

from trust_cli import run_cli

COMMON = '''import os
import requests

URL = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(URL, json={"query": query, "variables": variables or {}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]
'''

DOC = 'mutation { upsertDeployment(deploymentUuid: "DEP", airflowVersion: "2.3.4-11") { id } }'

UPGRADE = f'''import functools

from common import houston

UPSERT_A = '{DOC}'
UPSERT_B = '{DOC}'
UPSERT_C = '{DOC}'
UPSERT_D = '{DOC}'
UPSERT_E = '{DOC}'
UPSERT_F = '{DOC}'

with_version = functools.partial(str.replace, UPSERT_A, "2.3.4-11")
FILL_F = functools.partial(str.replace, UPSERT_F, "2.3.4-11")


def upsert_a(dep, version):
    return houston(with_version(version).replace("DEP", dep))


def upsert_b(dep, version):
    fill = functools.partial(UPSERT_B.replace, "2.3.4-11")
    return houston(fill(version).replace("DEP", dep))


def upsert_c(dep, version):
    r = UPSERT_C.replace
    return houston(r("2.3.4-11", version).replace("DEP", dep))


def upsert_d(dep, version):
    return houston(getattr(UPSERT_D, "replace")("2.3.4-11", version).replace("DEP", dep))


def upsert_e(dep, version):
    fill = functools.partial(str.replace, UPSERT_E)
    return houston(fill("2.3.4-11", version).replace("DEP", dep))


def upsert_f(versions):
    return [houston(q) for q in map(FILL_F, versions)]
'''

RUN = '''import common
sent = []
common.houston = lambda q, v=None: sent.append(q)
import upgrade
upgrade.houston = common.houston
for name in "abcde":
    getattr(upgrade, "upsert_" + name)("d1", "6.10.0")
upgrade.upsert_f(["6.10.0"])
print("\\n".join(sent))
'''


def test_a_fill_through_a_partial_bound_method_or_getattr_keeps_its_text(tmp_path):
    (tmp_path / "common.py").write_text(COMMON)
    (tmp_path / "upgrade.py").write_text(UPGRADE)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "upgrade.py").read_text()
    assert text.count('runtimeVersion: "2.3.4-11"') == 6, text
    assert "5.5.0" not in text
    reviews = [line for line in (done.stdout + done.stderr).splitlines() if "review-template-version" in line]
    assert len(reviews) == 6, done.stdout + done.stderr
    sent = subprocess.run([sys.executable, "-c", RUN], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert sent.returncode == 0, sent.stderr
    lines = sent.stdout.splitlines()
    assert len(lines) == 6 and all('runtimeVersion: "6.10.0"' in line for line in lines), sent.stdout
    again = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert len([line for line in (again.stdout + again.stderr).splitlines() if "review-template-version" in line]) == 6, again.stdout
    assert run_cli("rewrite", "--no-cache", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "upgrade.py").read_text() == text  # idempotent
