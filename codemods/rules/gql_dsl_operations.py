"""gql DSL operations naming Houston's AC fields: ``ds.Mutation.updateDeploymentAirflow.args(...)`` needs review.

Red team 20 (report 13) F6: gql's documented query builder (``gql.dsl``: ``DSLSchema(client.schema)``,
``DSLMutation``, ``dsl_gql``) writes Houston's field and argument names as Python attributes and
keywords; the GraphQL text only exists at run time, so the tool found 0 documents and said nothing,
while on Houston 1.0.1 ``updateDeploymentAirflow``, ``desiredAirflowVersion`` and
``Deployment.airflowVersion`` are gone (the DSL looks them up in the fetched schema and raises).

As for sgqlc operations (``rules.sgqlc_operations``, the model), these are reported with the change to
make, never rewritten (the DSL must then be given a schema that has the Runtime fields: Houston 0.29+):

* ``<schema>.Mutation.updateDeploymentAirflow``: use ``updateDeploymentRuntime`` with
  ``desiredRuntimeVersion=`` (the Runtime equivalent when the value is an AC literal), ``.alias(...)`` to
  keep the response key;
* ``<schema>.Mutation.createDeployment / upsertDeployment / updateDeploymentImage.args(airflowVersion=...)``:
  ``runtimeVersion=``;
* a selection ``<schema>.Deployment.airflowVersion`` / ``.desiredAirflowVersion``: ``runtimeAirflowVersion`` /
  ``desiredRuntimeVersion`` with ``.alias("airflowVersion")`` to keep the key the script reads.

Only in a module importing ``gql.dsl``; the module's verdict is the sgqlc one, read from the URL of gql's
transports (``RequestsHTTPTransport(url=...)``): another API's module (its own ``Deployment`` type) gets
no finding.  One walk of the module's tree.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from ..model import WARNING, Finding
from ..sources.tree_nodes import walk as tree_walk
from . import one_step_values

CODE = "review-gql-dsl-operation"
TRANSPORTS = frozenset({
    "RequestsHTTPTransport", "AIOHTTPTransport", "HTTPXTransport", "HTTPXAsyncTransport", "WebsocketsTransport",
})
AC_OPERATION = "updateDeploymentAirflow"
VERSIONED_OPERATIONS = frozenset({"createDeployment", "upsertDeployment", "updateDeploymentImage"})
SELECTED = {"airflowVersion": "runtimeAirflowVersion", "desiredAirflowVersion": "desiredRuntimeVersion"}


def applies(module_text: str) -> bool:
    return "gql.dsl" in module_text


def review(finder, versions) -> Tuple[List[Finding], List[Tuple[ast.AST, str, object]]]:
    """(the findings, each DSL use reviewed with the module's verdict: (node, what, Verdict))."""
    from .sgqlc_operations import destination

    module = getattr(finder, "module", None)
    if module is None or not any(
        isinstance(node, ast.ImportFrom) and node.module == "gql.dsl" for node in module.body
    ):
        return [], []
    found: List[Finding] = []
    operations: List[Tuple[ast.AST, str, object]] = []
    verdict = None
    nodes = list(tree_walk(module))
    args_calls = {  # ds.Mutation.updateDeploymentAirflow.args(...): the call giving the operation's arguments
        id(node.func.value): node for node in nodes
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "args"
    }
    for node in nodes:
        what = _use(node)
        if what is None:
            continue
        if verdict is None:
            verdict = destination(finder, TRANSPORTS)  # only for a module with a use to review
        operations.append((node, f"gql DSL {what[0]}.{node.attr}", verdict))
        if verdict.houston is not False:
            found.append(_finding(finder, node, _message(finder, what, node, args_calls.get(id(node)), versions)))
    return found, operations


def _use(node: ast.AST) -> Optional[Tuple[str, Optional[ast.Call]]]:
    """``X.Mutation.<op>`` (with the ``.args(...)`` call on it, if any) or ``X.Deployment.<field>``."""
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)):
        return None
    owner = node.value.attr
    if owner == "Mutation" and (node.attr == AC_OPERATION or node.attr in VERSIONED_OPERATIONS):
        return owner, None
    if owner == "Deployment" and node.attr in SELECTED:
        return owner, None
    return None


def _message(finder, what, node: ast.Attribute, call: Optional[ast.Call], versions) -> str:
    if what[0] == "Deployment":
        new = SELECTED[node.attr]
        return (
            f"gql DSL Deployment.{node.attr} is Astronomer Certified's: select Deployment.{new}"
            f'.alias("{node.attr}") to keep the key the script reads (Houston 0.29+; gone in 1.0.1)'
        )
    if node.attr == AC_OPERATION:
        value = _keyword(call, "desiredAirflowVersion")
        return (
            "gql DSL Mutation.updateDeploymentAirflow is Astronomer Certified only: use Mutation.updateDeploymentRuntime"
            f".args(deploymentUuid=..., desiredRuntimeVersion={_suggested(finder, value, versions)})"
            f' with .alias("updateDeploymentAirflow") to keep the response key (Houston 0.29+; gone in 1.0.1)'
        )
    value = _keyword(call, "airflowVersion")
    if value is None:
        return (
            f"gql DSL Mutation.{node.attr}: its airflowVersion argument is Astronomer Certified's; send "
            f"runtimeVersion=<Runtime version> instead if the script gives one (Houston 0.29+)"
        )
    return (
        f"gql DSL Mutation.{node.attr}.args(airflowVersion=...) sends an AC version: change it to "
        f"runtimeVersion={_suggested(finder, value, versions)} (Houston 0.29+; airflowVersion is gone in 1.0.1)"
    )


def _keyword(call: Optional[ast.Call], name: str) -> Optional[ast.AST]:
    if call is None:
        return None
    return next((k.value for k in call.keywords if k.arg == name), None)


def _suggested(finder, value: Optional[ast.AST], versions) -> str:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        runtime = versions.runtime_for(value.value)
        return f'"{runtime}"' if runtime is not None else f"<a Runtime version; AC {value.value} has no equivalent>"
    if value is not None:  # version="2.4.3-6", want = PINNED: one step from a literal (rules.one_step_values)
        for text in one_step_values.texts(finder, value):
            runtime = versions.runtime_for(text)
            if runtime is not None:
                return f"<the equivalent Astro Runtime version: \"{runtime}\" for its value {text!r}>"
    return "<the equivalent Astro Runtime version>"


def _finding(finder, node: ast.Attribute, message: str) -> Finding:
    start, end = finder.span_of(node)
    start = end - len(node.attr)  # point at the field's name
    line, column = finder.file.line_col(start)
    end_line, end_column = finder.file.line_col(end)
    return Finding(finder.file.path, line, column, end_line, end_column, WARNING, CODE, message)
