"""Objects that run a GraphQL document in this process, built by a function or a pytest fixture.

Red team 17, report 12, F12 and F13.  A GraphQL server's own tests run their
documents against the project's schema, never over the network::

    @pytest.fixture                               # tests/conftest.py
    async def engine():
        return await create_engine("portal/sdl")   # tartiflette

    @pytest.fixture
    def gql_client():
        from graphene.test import Client
        return Client(schema)                      # graphene's test client

    async def test_d4(engine):                    # tests/test_x.py
        result = await engine.execute(D4)

The document goes to the project's own server, whatever its words resemble.
:func:`builds_executor` says whether a function's body builds one (tartiflette's
``create_engine``/``Engine``, graphene's test ``Client(schema)``), so a fixture
or a helper (``engine = await get_engine()``) handing it out is read as such.
One walk of the function, done once per function by the callers (per run for
``conftest.py`` fixtures and imported helpers, per file for the module's own).
"""

from __future__ import annotations

import ast
from typing import Optional

from .tree_nodes import walk

# tartiflette's engine builders: ``await create_engine(sdl)``, ``Engine(sdl)`` (then ``await engine.cook()``).
TARTIFLETTE_BUILDERS = frozenset({"create_engine", "Engine"})
# Text a module must hold for its calls to be read as these builders (SQLAlchemy has a create_engine too).
MARKERS = ("tartiflette", "graphene")


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "") or ""


def _names_schema(node) -> bool:
    while isinstance(node, ast.Attribute):
        if "schema" in node.attr.lower():
            return True
        node = node.value
    return isinstance(node, ast.Name) and "schema" in node.id.lower()


def builds_executor(function: ast.AST, module_text: str) -> Optional[str]:
    """What in-process executor ``function`` builds (``create_engine(...)`` of tartiflette,
    graphene's test ``Client(schema)``), else None.  ``module_text``: its module's text, which
    must name tartiflette or graphene (a ``create_engine`` of SQLAlchemy builds no GraphQL engine)."""
    tartiflette = "tartiflette" in module_text
    graphene = "graphene" in module_text
    if not (tartiflette or graphene):
        return None
    for node in walk(function):
        if not isinstance(node, ast.Call):
            continue
        callee = _callee(node)
        if tartiflette and callee in TARTIFLETTE_BUILDERS:
            return f"tartiflette {callee}(...)"
        if graphene and callee == "Client" and len(node.args) == 1 and not node.keywords and _names_schema(node.args[0]):
            return "graphene.test Client(schema)"
    return None
