"""A LibCST codemod that changes nothing: the cost of LibCST's own runner.

Run as ``python -m libcst.tool codemod -x noop_codemod.NoOp PATH`` with this
directory on ``PYTHONPATH``.
"""

import libcst as cst
from libcst.codemod import VisitorBasedCodemodCommand


class NoOp(VisitorBasedCodemodCommand):
    """Visit every node of every file, transform none."""

    DESCRIPTION = "Parse each file, walk its tree, and leave it unchanged."

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node
