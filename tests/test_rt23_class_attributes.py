"""Red team 22, report 11b, f1 and f2: a class attribute is a binding other code reads, as a module-level name is.

f1: ``class Deployer: DEFAULTS = {"airflowVersion": "2.3.4-11"}`` sent as ``{"ws": ws, **self.DEFAULTS}`` and
also read as ``self.DEFAULTS["airflowVersion"]`` (and ``Deployer.DEFAULTS[...]`` in another module) had its key
renamed and value migrated with no finding at the dict: the readers then raised KeyError.  f2: ``class Create:
VERSION = "2.3.4-11"`` feeding the class body's f-string document and read as ``self.VERSION`` by a pip pin was
changed to "5.5.0" with no finding.  Now a class attribute's reads through ``self.X``, ``cls.X``, ``Class.X``,
``type(self).X`` or ``getattr`` are other uses, and an attribute of a module-level class is one other modules
may import (held, as a module-level name is); a class defined inside a function, read nowhere else, is not.
"""

import json

from trust_cli import run_cli

COMMON = '''import os
import requests

URL = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(URL, json={"query": query, "variables": variables or {}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]
'''

CREATE_DOC = '''CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
'''

DEPLOYER = '''from common import houston

''' + CREATE_DOC + '''

class Deployer:
    DEFAULTS = {"airflowVersion": "2.3.4-11"}

    def create(self, ws):
        return houston(CREATE, {"ws": ws, **self.DEFAULTS})

    def describe(self):
        return "AC " + self.DEFAULTS["airflowVersion"]
'''

REPORT = '''from deployer import Deployer

print("pinned AC version:", Deployer.DEFAULTS["airflowVersion"])
'''

BASE = '''from common import houston


class Base:
    VARS = {"deploymentUuid": "d1", "desiredAirflowVersion": "2.4.3-6"}
    UP = """
mutation Up($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""

    def run(self):
        return houston(self.UP, self.VARS)


def is_pending(d):
    return d["desiredAirflowVersion"] == Base.VARS["desiredAirflowVersion"]
'''

# cls.VARS sends it, type(self).VARS reads it
CLS_READS = '''from common import houston

''' + CREATE_DOC + '''

class Client:
    VARS = {"ws": "w", "airflowVersion": "2.3.4-11"}

    @classmethod
    def create(cls):
        return houston(CREATE, cls.VARS)

    def pinned(self):
        return type(self).VARS["airflowVersion"]
'''

# A class defined inside a function: nothing outside the function reaches it.
LOCAL_CLASS = '''from common import houston

''' + CREATE_DOC + '''

def main():
    class Job:
        VARS = {"ws": "w", "airflowVersion": "2.3.4-11"}

        def go(self):
            return houston(CREATE, self.VARS)
{extra}
    return Job().go()
'''
LOCAL_READ = '''
        def pin(self):
            return self.VARS["airflowVersion"]
'''

CREATE_CLASS = '''import subprocess

from common import houston


class Create:
    VERSION = "2.3.4-11"
    QUERY = f'mutation {{ createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "{VERSION}") {{ id }} }}'

    def run(self):
        # build the local test env with the same Airflow as the Deployment
        subprocess.run(["pip", "download", "apache-airflow==" + self.VERSION.split("-")[0]], check=True)
        return houston(self.QUERY)
'''

CFG = '''import subprocess

from common import houston


class Cfg:
    AC = "2.3.4-11"
    CREATE = f'mutation {{ createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "{AC}") {{ id }} }}'


def main():
    subprocess.run(["pip", "install", "apache-airflow==" + Cfg.AC[:5]])
    houston(Cfg.CREATE)
'''

# A version local to a function whose class attribute of the same name lives in a class defined inside it
LOCAL_VERSION_CLASS = '''from common import houston


def main():
    class Create:
        VERSION = "2.3.4-11"
        QUERY = f'mutation {{ createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "{VERSION}") {{ id }} }}'

    return houston(Create.QUERY)
'''


def _project(tmp_path, **files):
    (tmp_path / "common.py").write_text(COMMON)
    for name, text in files.items():
        (tmp_path / f"{name}.py").write_text(text)


def _check(tmp_path):
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


def _rewrite(tmp_path):
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), (result.stdout, result.stderr)
    return result


def test_f1_a_class_attribute_dict_read_by_other_methods_and_modules_is_held(tmp_path):
    _project(tmp_path, deployer=DEPLOYER, report=REPORT)
    findings = _check(tmp_path)
    at_dict = [f for f in findings if f["path"] == "deployer.py" and f["line"] == 11 and f["code"] == "review-shared-variables"]
    assert at_dict, findings
    assert "line 17" in at_dict[0]["message"] and "class" in at_dict[0]["message"], at_dict
    _rewrite(tmp_path)
    assert '    DEFAULTS = {"airflowVersion": "2.3.4-11"}\n' in (tmp_path / "deployer.py").read_text()
    assert (tmp_path / "report.py").read_text() == REPORT
    # idempotent: a second rewrite changes nothing
    before = (tmp_path / "deployer.py").read_text()
    _rewrite(tmp_path)
    assert (tmp_path / "deployer.py").read_text() == before


def test_f1_a_class_attribute_dict_read_as_class_name_attr_by_a_module_function_is_held(tmp_path):
    _project(tmp_path, base=BASE)
    findings = _check(tmp_path)
    held = [f for f in findings if f["path"] == "base.py" and f["line"] == 5 and f["code"] == "review-shared-variables"]
    assert held and "line 17" in held[0]["message"], findings
    _rewrite(tmp_path)
    assert '"desiredAirflowVersion": "2.4.3-6"' in (tmp_path / "base.py").read_text()


def test_f1_cls_and_type_self_reads_count(tmp_path):
    _project(tmp_path, client=CLS_READS)
    findings = _check(tmp_path)
    held = [f for f in findings if f["path"] == "client.py" and f["code"] == "review-shared-variables"]
    assert held and "line 18" in held[0]["message"], findings
    _rewrite(tmp_path)
    assert '"airflowVersion": "2.3.4-11"}' in (tmp_path / "client.py").read_text()


def test_f1_a_class_inside_a_function_is_private_until_another_method_reads_it(tmp_path):
    escaping = LOCAL_CLASS.replace("{extra}\n", "").replace("    return Job().go()\n", "    job = Job()\n    return job\n")
    _project(
        tmp_path, job=LOCAL_CLASS.replace("{extra}\n", ""), job_read=LOCAL_CLASS.replace("{extra}\n", LOCAL_READ),
        job_out=escaping,
    )
    findings = _check(tmp_path)
    held = [f for f in findings if f["path"] == "job_read.py" and f["code"] == "review-shared-variables"]
    assert held and "line 18" in held[0]["message"], findings
    # the instance is kept and returned: whoever gets it may read job.VARS["airflowVersion"]
    out = [f for f in findings if f["path"] == "job_out.py" and f["code"] == "review-shared-variables"]
    assert out and "class attribute" in out[0]["message"], findings
    _rewrite(tmp_path)
    # read only by its send: the key and value migrate with the document (control)
    private = (tmp_path / "job.py").read_text()
    assert '"runtimeVersion": "5.5.0"' in private and "$runtimeVersion" in private, private
    # also read as self.VARS["airflowVersion"]: held, the reader named
    shared = (tmp_path / "job_read.py").read_text()
    assert '"airflowVersion": "2.3.4-11"' in shared, shared
    assert '"airflowVersion": "2.3.4-11"' in (tmp_path / "job_out.py").read_text()


def test_f2_a_class_attribute_version_read_as_a_pip_pin_is_kept(tmp_path):
    _project(tmp_path, create=CREATE_CLASS, cfg=CFG)
    findings = _check(tmp_path)
    for path, line in (("create.py", 12), ("cfg.py", 12)):
        shared = [f for f in findings if f["path"] == path and f["code"] == "review-shared-constant"]
        assert shared and f"line {line}" in shared[0]["message"], (path, findings)
    _rewrite(tmp_path)
    assert (tmp_path / "create.py").read_text() == CREATE_CLASS
    assert (tmp_path / "cfg.py").read_text() == CFG


def test_f2_a_module_level_class_attribute_read_nowhere_else_is_still_one_other_modules_reach(tmp_path):
    alone = CREATE_CLASS.replace('        subprocess.run(["pip", "download", "apache-airflow==" + self.VERSION.split("-")[0]], check=True)\n', "")
    _project(tmp_path, create=alone, local=LOCAL_VERSION_CLASS)
    findings = _check(tmp_path)
    shared = [f for f in findings if f["path"] == "create.py" and f["code"] == "review-shared-constant"]
    assert shared and "class" in shared[0]["message"], findings
    _rewrite(tmp_path)
    assert (tmp_path / "create.py").read_text() == alone
    # control: a class defined in a function, its attribute read only by the f-string, migrates with it
    local = (tmp_path / "local.py").read_text()
    assert 'VERSION = "5.5.0"' in local and 'runtimeVersion: "{VERSION}"' in local, local


def _classes_module(classes: int) -> str:
    """N classes, each with its own variables dict sent and shown by name (``Job7.VARS``): every dict's
    attribute name has 2N mentions in the module, N of them judged (shown or not)."""
    parts = [COMMON, CREATE_DOC]
    for n in range(classes):
        parts.append(
            f"\n\nclass Job{n}:\n"
            f"    VARS = {{\"ws\": \"w{n}\", \"airflowVersion\": \"2.3.4-11\"}}\n\n"
            f"    def go(self):\n"
            f"        return houston(CREATE, Job{n}.VARS)\n\n"
            f"    def show(self):\n"
            f"        print(Job{n}.VARS)\n"
        )
    return "".join(parts)


def test_class_attribute_mentions_are_judged_a_bounded_number_of_times_per_dict(monkeypatch):
    from codemods.houston_schema import HoustonSchema
    from codemods.pipeline import Options, process
    from codemods.sources import python as python_source
    from codemods.versions import VersionTable

    calls = {"n": 0}
    original = python_source.PythonDocumentFinder.only_displays

    def counted(self, load, keys=None):
        calls["n"] += 1
        return original(self, load, keys)

    monkeypatch.setattr(python_source.PythonDocumentFinder, "only_displays", counted)

    def judged(classes: int) -> int:
        calls["n"] = 0
        options = Options(schema=HoustonSchema.bundled(), versions=VersionTable.bundled(), validate=False)
        result = process("jobs.py", _classes_module(classes).encode(), options)
        assert result.error is None, result.error
        assert any(f.code == "review-shared-variables" for f in result.findings)
        return calls["n"]

    small, large = judged(100), judged(200)
    assert small >= 100  # the count sees the work: one judgement per dict at least
    assert large / small < 2.3, (small, large)  # every dict judging every mention gives ~4
