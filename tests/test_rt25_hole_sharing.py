"""Red team 24 (report 11b, "shared bytes"): a template hole whose AC value other code reads, or that is no
one binding's alone, keeps its argument, with a review naming the AC version and its Runtime equivalent.

* f1: a function's local read through its frame (``"...{version}".format(**sys._getframe().f_locals)``,
  ``.format_map(inspect.currentframe().f_locals)``, ``inspect.stack()[0].frame.f_locals``), through a helper
  reading its caller's frame (``inspect.currentframe().f_back.f_locals``), or through a scope reader named
  without being called (``ctx = locals`` then ``ctx()``) or reached through ``builtins`` was migrated to
  "5.5.0" with no finding, so the pip pin beside it read ``apache-airflow==5.5.0``.  Such reads are scope
  readers as ``locals()`` is: the local is shared, both stay, ``review-shared-constant``.
* f7: a hole read from an attribute a class of the module declares with an AC literal (a ``@dataclass`` field
  default, ``field(default=...)``, a pydantic ``Field``, a ``NamedTuple`` default, ``self.version`` given by
  ``__init__``'s default, an enum member's ``.value``) had its argument renamed while the AC value was sent.
* f10: a hole bound by a loop over literal rows, an ``os.environ.get`` default or an ``if``/``else`` of
  literals was renamed around (it sent AC versions as ``runtimeVersion``); one bound by an assignment
  expression read elsewhere too was renamed with its value kept.

Controls: a function's own private local beside another function's own-frame read still migrates, and so
does a hole whose loop gives Runtime versions or values the module cannot read.
"""

from trust_cli import run_cli

HEADER = '''import builtins
import enum
import inspect
import os
import sys
from dataclasses import dataclass, field
from typing import NamedTuple

import requests
from pydantic import BaseModel, Field

HOUSTON_URL = "https://houston.example.com/v1"


def houston(query):
    r = requests.post(HOUSTON_URL, json={"query": query}, headers={"Authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()
'''  # 18 lines

DOC = "f'mutation {{{{ createDeployment(workspaceUuid: \"{{ws}}\", label: \"{label}\", type: \"airflow\", airflowVersion: \"{{{hole}}}\") {{{{ id }}}} }}}}'"


def _doc(label, hole):
    return DOC.format(label=label, hole=hole)


FRAMES = HEADER + f'''

def create(ws):
    version = "2.3.4-11"
    doc = {_doc("a", "version")}
    print("pip install apache-airflow=={{version}}".format(**sys._getframe().f_locals))
    return houston(doc)


def upgrade(ws):
    version = "2.3.4-11"
    doc = {_doc("b", "version")}
    print("pip install apache-airflow=={{version}}".format_map(inspect.currentframe().f_locals))
    return houston(doc)


def fmt(s):
    return s.format(**inspect.currentframe().f_back.f_locals)


def rollout(ws):
    version = "2.3.4-11"
    doc = {_doc("c", "version")}
    print(fmt("pip install apache-airflow=={{version}}"))
    return houston(doc)


def alias(ws):
    version = "2.3.4-11"
    ctx = locals
    doc = {_doc("d", "version")}
    print("pip install apache-airflow=={{version}}".format(**ctx()))
    return houston(doc)


def through_builtins(ws):
    version = "2.3.4-11"
    doc = {_doc("e", "version")}
    print("pip install apache-airflow=={{version}}".format(**builtins.locals()))
    return houston(doc)


def stacked(ws):
    version = "2.3.4-11"
    doc = {_doc("f", "version")}
    print("pip install apache-airflow=={{version}}".format(**inspect.stack()[0].frame.f_locals))
    return houston(doc)
'''

# The document itself filled from its function's frame: the hole is that local, which the frame reads too.
FRAME_FILLED = HEADER + """

def create(ws):
    ver = "2.3.4-11"
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "a", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(**sys._getframe().f_locals))


def upgrade(ws):
    ver = "2.4.3-6"
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format_map(inspect.currentframe().f_locals))


def percent(ws):
    ver = "2.3.4-11"
    return houston('mutation { createDeployment(workspaceUuid: "%(ws)s", label: "c", type: "airflow", airflowVersion: "%(ver)s") { id } }' % builtins.locals())
"""

# One function reads its own frame; the other's local is its document's alone; a helper naming its caller
# reads no names (f_back.f_code).
OWN_FRAME_ONLY = HEADER + f'''

def caller_name():
    return inspect.currentframe().f_back.f_code.co_name


def pinned(ws):
    pin = "2.3.4-11"
    print("pip install apache-airflow=={{pin}}".format(**sys._getframe().f_locals))
    return caller_name()


def create(ws):
    version = "2.3.4-11"
    doc = {_doc("a", "version")}
    return houston(doc)
'''

CLASSES = HEADER + f'''

@dataclass
class DeployConfig:
    label: str = "etl"
    airflow_version: str = "2.3.4-11"
    pinned: str = field(default="2.4.3-6")


class Settings(BaseModel):
    target_version: str = Field("2.3.4-11")


class Pin(NamedTuple):
    ac: str = "2.4.3-6"


class Pinned(enum.Enum):
    PROD = "2.4.3-6"


class Target:
    def __init__(self, version="2.3.4-11"):
        self.version = version


def a(ws, cfg: DeployConfig = DeployConfig()):
    return houston({_doc("a", "cfg.airflow_version")})


def b(ws, cfg: DeployConfig = DeployConfig()):
    return houston({_doc("b", "cfg.pinned")})


def c(ws, settings: Settings = Settings()):
    return houston({_doc("c", "settings.target_version")})


def d(ws, pin: Pin = Pin()):
    return houston({_doc("d", "pin.ac")})


def e(ws):
    return houston({_doc("e", "Pinned.PROD.value")})


def f(ws, target: Target = Target()):
    return houston({_doc("f", "target.version")})
'''
CLASS_HOLES = {  # document line: (the AC version, its Runtime equivalent)
    45: ("2.3.4-11", "5.5.0"), 49: ("2.4.3-6", "6.10.0"), 53: ("2.3.4-11", "5.5.0"),
    57: ("2.4.3-6", "6.10.0"), 61: ("2.4.3-6", "6.10.0"), 65: ("2.3.4-11", "5.5.0"),
}

BINDINGS = HEADER + f'''

def rollout(ws):
    for label, version in [("etl", "2.3.4-11"), ("ml", "2.4.3-6")]:
        houston({_doc("{{label}}", "version")})


def create_default(ws):
    version = os.environ.get("TARGET_AC", "2.4.3-6")
    houston({_doc("dflt", "version")})


def create_walrus(ws):
    if (version := "2.3.4-11") in SUPPORTED:
        print("creating Airflow", version)
    houston({_doc("wal", "version")})


def create_branch(ws, prod):
    if prod:
        version = "2.3.4-11"
    else:
        version = "2.4.3-6"
    houston({_doc("br", "version")})


SUPPORTED = ("2.3.4-11",)
'''

CONTROLS = HEADER + f'''

def fetch():
    return requests.get("https://versions.example.com").json()


def runtime_rows(ws):
    for label, version in [("etl", "5.5.0"), ("ml", "6.10.0")]:
        houston({_doc("{{label}}", "version")})


def unread(ws):
    for version in fetch():
        houston({_doc("x", "version")})
'''


def _rows(output, code):
    return [line for line in output.splitlines() if f" {code} " in line]


def _at(output, name, line):
    return [row for row in output.splitlines() if row.startswith(f"{name}:{line}:")]


def _rewrite_and_check(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    again = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    return done, again, (tmp_path / name).read_text()


def test_f1_a_local_read_through_its_frame_or_an_alias_of_locals_is_held(tmp_path):
    done, again, text = _rewrite_and_check(tmp_path, "deploy.py", FRAMES)
    assert text == FRAMES, done.stdout + done.stderr  # no pin silently reads apache-airflow==5.5.0
    held = _rows(done.stdout + done.stderr, "review-shared-constant")
    assert len(held) == 6, done.stdout + done.stderr
    assert all("'2.3.4-11'" in row and "'5.5.0'" in row for row in held), held
    for line in (22, 29, 40, 48, 55, 62):  # each function's document
        assert _at(done.stdout + done.stderr, "deploy.py", line), (line, done.stdout + done.stderr)
    assert sorted(r.split(" warning ")[0] for r in _rows(again.stdout, "review-shared-constant")) == sorted(
        r.split(" warning ")[0] for r in held
    ), again.stdout


def test_f1_a_document_filled_from_its_own_frame_keeps_its_argument(tmp_path):
    done, again, text = _rewrite_and_check(tmp_path, "deploy.py", FRAME_FILLED)
    assert text == FRAME_FILLED, done.stdout + done.stderr  # never runtimeVersion: "2.3.4-11"
    for output in (done.stdout + done.stderr, again.stdout):
        for line, runtime in ((22, "'5.5.0'"), (27, "'6.10.0'"), (32, "'5.5.0'")):
            rows = [r for r in _at(output, "deploy.py", line) if "review-shared-constant" in r]
            assert rows and runtime in rows[0], (line, output)


def test_f1_control_a_private_local_beside_another_functions_own_frame_read_migrates(tmp_path):
    done, _again, text = _rewrite_and_check(tmp_path, "deploy.py", OWN_FRAME_ONLY)
    assert 'version = "5.5.0"' in text and "runtimeVersion" in text, done.stdout + text
    assert 'pin = "2.3.4-11"' in text, text
    assert "review-shared-constant" not in done.stdout + done.stderr, done.stdout + done.stderr


def test_f7_an_attribute_a_class_declares_with_an_ac_literal_keeps_its_argument(tmp_path):
    done, again, text = _rewrite_and_check(tmp_path, "deploy.py", CLASSES)
    assert text == CLASSES, done.stdout + done.stderr  # no runtimeVersion fed an AC value
    for output in (done.stdout + done.stderr, again.stdout):
        for line, (version, runtime) in CLASS_HOLES.items():
            rows = _at(output, "deploy.py", line)
            rows = [r for r in rows if "review-shared-constant" in r]
            assert rows and repr(version) in rows[0] and repr(runtime) in rows[0], (line, output)


def test_f7_check_reviews_a_runtime_argument_fed_such_an_attribute(tmp_path):
    written = CLASSES.replace("airflowVersion:", "runtimeVersion:")
    (tmp_path / "deploy.py").write_text(written)
    again = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    for line, (version, runtime) in CLASS_HOLES.items():
        rows = [r for r in _at(again.stdout, "deploy.py", line) if "review-template-version" in r]
        assert rows and repr(version) in rows[0] and repr(runtime) in rows[0], (line, again.stdout)


def test_f10_a_loop_a_default_a_branch_or_a_shared_walrus_keeps_its_argument(tmp_path):
    done, again, text = _rewrite_and_check(tmp_path, "rollout.py", BINDINGS)
    assert text == BINDINGS, done.stdout + done.stderr  # never runtimeVersion: "2.3.4-11"
    expected = {
        22: ("'2.3.4-11'", "'5.5.0'", "'2.4.3-6'", "'6.10.0'"),
        27: ("'2.4.3-6'", "'6.10.0'"),
        33: ("'2.3.4-11'", "'5.5.0'", "review-shared-constant", "also used on line 32"),
        41: ("'2.3.4-11'", "'5.5.0'", "'2.4.3-6'", "'6.10.0'"),
    }
    for output in (done.stdout + done.stderr, again.stdout):
        for line, words in expected.items():
            rows = [r for r in _at(output, "rollout.py", line) if " review-" in r]
            assert rows and all(word in rows[0] for word in words), (line, output)
    idem = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert (tmp_path / "rollout.py").read_text() == BINDINGS, idem.stdout


def test_f10_controls_runtime_rows_and_unread_values_still_migrate(tmp_path):
    done, _again, text = _rewrite_and_check(tmp_path, "controls.py", CONTROLS)
    assert text.count("runtimeVersion:") == 2 and "airflowVersion" not in text, done.stdout + text
    assert "review-shared-constant" not in done.stdout + done.stderr, done.stdout + done.stderr


def _frame_module(functions: int) -> str:
    parts = [HEADER]
    for n in range(functions):
        parts.append(
            f"\n\ndef create{n}(ws):\n"
            f'    version = "2.3.4-11"\n'
            f"    caller = inspect.currentframe().f_back.f_locals\n"
            f"    return houston({_doc(f'l{n}', 'version')}), caller\n"
        )
    return "".join(parts)


def _reader_checks(monkeypatch, functions: int) -> int:
    from codemods.pipeline import BundledSchema, Options, process
    from codemods.sources import bindings
    from codemods.versions import VersionTable

    counted = [0]
    original = bindings._may_read

    def may_read(names, reader, name):
        counted[0] += 1
        return original(names, reader, name)

    monkeypatch.setattr(bindings, "_may_read", may_read)
    result = process("deploy.py", _frame_module(functions).encode(), Options(schema=BundledSchema(None), versions=VersionTable.bundled()))
    assert result.error is None, result.error
    assert sum(f.code == "review-shared-constant" for f in result.findings) == functions, [f.code for f in result.findings]
    return counted[0]


def test_frame_reads_are_weighed_at_a_bounded_cost_per_binding(monkeypatch):
    # N functions each reading some caller's frame: each binding weighs a bounded few of the N reads, never all
    small, large = _reader_checks(monkeypatch, 60), _reader_checks(monkeypatch, 120)
    assert small >= 60, small  # the count sees the work: each binding weighs at least one reader
    assert large / small < 2.3, (small, large)
