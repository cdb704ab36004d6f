"""Linear cost in the size of a file (issue 15): name and attribute lookups are counted, not timed.

A generated sgqlc schema module has one class per type and one
``sgqlc.types.Field(...)`` call per field.  Resolving each call's receiver
(``sgqlc.types``) used to scan every class of the module, so the work grew with
classes x calls.  Here every read of a scope's binding table is counted while a
module with N classes and one with 2N classes go through the whole pipeline:
the count must double, not quadruple.
"""

from codemods.pipeline import Options, process
from codemods.sources import python as python_source
from codemods.versions import VersionTable

from trust_cli import run_cli


def sgqlc_module(classes: int) -> str:
    """A module shaped like sgqlc-codegen's output, with one operation call to review."""
    parts = ["import sgqlc.types\n\nschema = sgqlc.types.Schema()\n\nString = sgqlc.types.String\n\n"]
    for n in range(classes):
        parts.append(
            f"class Type{n}(sgqlc.types.Type):\n"
            f"    __schema__ = schema\n"
            f"    __field_names__ = ('id', 'label', 'parent')\n"
            f"    id = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='id')\n"
            f"    label = sgqlc.types.Field(String, graphql_name='label')\n"
            f"    parent = sgqlc.types.Field('Type{max(n - 1, 0)}', graphql_name='parent')\n\n\n"
        )
    parts.append("def upgrade(op):\n    op.create_deployment(airflow_version='2.3.1')\n")
    return "".join(parts)


class CountingDict(dict):
    """A binding table that counts every read of it."""

    reads = 0

    def _count(self):
        CountingDict.reads += 1

    def get(self, *args):
        self._count()
        return super().get(*args)

    def __getitem__(self, key):
        self._count()
        return super().__getitem__(key)

    def __contains__(self, key):
        self._count()
        return super().__contains__(key)

    def items(self):
        self._count()
        return super().items()


def _reads(monkeypatch, classes: int) -> int:
    original = python_source._Collector.__init__

    def counted(self, module):
        original(self, module)
        scopes = {id(s): s for s in [self.module_scope, *self.class_scopes] + [scope for _, scope in self.calls]}
        for scope in scopes.values():
            scope.bindings = CountingDict(scope.bindings)

    monkeypatch.setattr(python_source._Collector, "__init__", counted)
    CountingDict.reads = 0
    options = Options(schema=None, versions=VersionTable.bundled(), validate=False)
    result = process("schema.py", sgqlc_module(classes).encode(), options)
    assert result.error is None, result.error
    assert [f.code for f in result.findings] == ["review-sgqlc-operation"]
    return CountingDict.reads


def test_binding_reads_grow_linearly_with_the_classes_of_a_module(monkeypatch):
    small, large = _reads(monkeypatch, 150), _reads(monkeypatch, 300)
    assert small > 150  # the count sees the work: at least one read per class
    assert large / small < 2.3, (small, large)  # scanning every class per call gives ~4


def test_a_large_sgqlc_module_is_checked_through_the_command(tmp_path):
    (tmp_path / "schema.py").write_text(sgqlc_module(600))
    completed = run_cli("check", "--format", "json", "schema.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert '"review-sgqlc-operation"' in completed.stdout
