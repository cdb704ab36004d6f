"""The migration as a LibCST codemod command, for LibCST's own runner:

    python -m libcst.tool codemod -x codemods.runtime_migration.MigrateToRuntime PATH

It runs the same pipeline as ``houston-codemod rewrite`` on the module's exact
bytes and hands LibCST back the result; needs-review items become LibCST warnings.
One difference: LibCST gives the command one module at a time, so it cannot see
which other modules import a name (the CLI's run index, ``sources.cross_module``).
A document bound at module level, which another module may import and send with
its own variables, is therefore reviewed here (``review-importers-unseen``), never
edited on one side only; documents inside functions migrate as with the CLI.
"""

from __future__ import annotations

from functools import lru_cache

import libcst as cst
from libcst.codemod import CodemodCommand, SkipFile

from .pipeline import BundledSchema, Options, process
from .versions import VersionTable


@lru_cache(maxsize=1)
def _options() -> Options:
    # LibCST hands the command one module and no list of the others: no run index, so a
    # module-level document is reviewed, not edited (sources/unseen_importers.py).
    return Options(
        schema=BundledSchema(), versions=VersionTable.bundled(), rewrite=True, validate=False, importers_unseen=True
    )


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
