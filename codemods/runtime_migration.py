"""The migration as a LibCST codemod command, for LibCST's own runner:

    python -m libcst.tool codemod -x codemods.runtime_migration.MigrateToRuntime PATH

It runs the same pipeline as ``houston-codemod rewrite`` on the module's exact
bytes and hands LibCST back the result, so both runners make identical edits;
needs-review items become LibCST warnings.
"""

from __future__ import annotations

from functools import lru_cache

import libcst as cst
from libcst.codemod import CodemodCommand, SkipFile

from .pipeline import BundledSchema, Options, process
from .versions import VersionTable


@lru_cache(maxsize=1)
def _options() -> Options:
    return Options(schema=BundledSchema(), versions=VersionTable.bundled(), rewrite=True, validate=False)


class MigrateToRuntime(CodemodCommand):
    DESCRIPTION = "Migrate Houston GraphQL documents from Astronomer Certified (airflowVersion) to Astro Runtime."

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        path = self.context.filename or "<module>"
        result = process(path if path.endswith(".py") else f"{path}.py", tree.bytes, _options())
        for finding in result.ordered_findings:
            if finding.needs_attention:
                self.warn(f"{finding.line}:{finding.column}: {finding.code} {finding.message}")
        if result.error:
            raise SkipFile(result.error)
        if not result.changed:
            return tree
        return cst.parse_module(result.new_bytes())
