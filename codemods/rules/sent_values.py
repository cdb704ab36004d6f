"""What a module's sends give one GraphQL variable, and the string a value is (or is bound to).

Shared by the rules that judge a value sent to an argument after the fact
(``runtime_argument_values``: an AC version sent as ``runtimeVersion``;
``image_argument``: an AC image sent as ``image``), so both read a send the
same way ``rename_version_variable`` does (``read_variables``, one operation's
sends only).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from typing import List, Optional, Tuple

from ..sources import templates
from .context import DocumentContext
from .hole_bindings import unpacked_value


def sent_values(ctx: DocumentContext, name: str, operation) -> Tuple[List[ast.AST], str]:
    """(the values the module's sends of this operation give variable ``name``, why a send cannot be read or "")."""
    finder = ctx.python
    if finder is None:
        return [], "the code that sends it is not in this file"
    unread = ""
    seen = set()
    values: List[ast.AST] = []
    for site in finder.variable_sites(ctx.source):  # callers' sends of a parameter too (red team 20, 13, F10)
        if site.kind == "gql" and site.variables is None:
            continue  # gql() only builds the document; the execute call carries the variables
        chosen = finder.operations_run(site)
        if chosen is not None and operation is not None and operation.name is not None and operation.name.value not in chosen:
            continue
        dicts, why = finder.read_variables(site, [name])
        if dicts is None:
            unread = unread or why or f"the variables sent on line {site.call.lineno} cannot be read"
            # {"desiredAirflowVersion": "2.4.3-6", **extra}: extra may win over the entry, but the value written
            # here is still what is sent when it does not; it is judged too (red team 23, report 13, f5)
            dicts = finder.read_variables(site, None)[0] or returned_dicts(finder, site.variables)
        for container in dicts:
            if id(container) in seen:
                continue
            seen.add(id(container))
            entries, _complete = finder.variable_entries(container)
            values.extend(value for key, _start, _end, value in entries if key == name)
            values.extend(updated_values(finder, container, name))
    return values, unread



def kept_variable_fallback(ctx: DocumentContext, name: str, operation) -> str:
    """Red team 29, report 13, f1-f6: the fallback (``one_step_values.untraced_versions``) for a variable kept
    under its AC name (``runtimeVersion: $airflowVersion``, ``review-version-variable``) whose sends are not read
    whole: a send that cannot be read (``**extra``, ``BASE_VARS.copy()``) or no value found for it at all (the
    dict handed whole to a helper, ``v.update(DEFAULTS)``, ``v |= {...}``, ``body["variables"][name] = ...``).
    The module's counted AC versions no review of the values found names, for ``rewrite`` and ``check`` alike;
    "" when every send's value was found, or a value's own review already gave the fallback."""
    from . import one_step_values

    if ctx.python is None:
        return ""
    values, unread = sent_values(ctx, name, operation)
    if values and not unread:
        return ""  # each value is reviewed where it is written, with its own fallback when not read whole
    named = one_step_values.named_for(ctx.python, values)
    if any(one_step_values.untraced_versions(ctx, value, named) for value in values[:_FALLBACK_VALUES]):
        return ""  # that value's review names every counted version already
    return one_step_values.untraced_versions(ctx, None, named)


_FALLBACK_VALUES = 16  # values whose own fallback is looked at: a bounded walk per variable

def returned_dicts(finder, variables: Optional[ast.AST]) -> List[ast.AST]:
    """Red team 28 (report 13), f4: ``houston(UPGRADE, make_vars(dep, "2.4.3-6"))`` with a module function
    ``def make_vars(dep, version): return {"deploymentUuid": dep, "desiredAirflowVersion": version}``: the
    dict literals its top-level ``return`` statements give (every one a dict literal, the function defined
    once, no return nested in its body), so the values sent in them are reviewed (a parameter through what
    the module's calls pass).  Only read, never renamed: the helper's dict may be other sends' too."""
    from .one_step_values import _nested_returns

    if finder is None or not (isinstance(variables, ast.Call) and isinstance(variables.func, ast.Name)):
        return []
    collector = finder.collector
    definition = collector.function_defs.get(variables.func.id)
    if definition is None or isinstance(definition, ast.Lambda) or id(definition) in collector.methods:
        return []
    if len(collector.defs_named.get(variables.func.id, ())) != 1 or _nested_returns(finder, definition):
        return []
    returns = [statement.value for statement in definition.body if isinstance(statement, ast.Return)]
    if not returns or not all(isinstance(value, ast.Dict) for value in returns):
        return []
    return returns


def updated_values(finder, container: ast.AST, name: str) -> List[ast.AST]:
    """Red team 14 (report 13) F6: the values a dict bound to a name is given for ``name`` afterwards by
    ``v.update(name=...)`` / ``v.update({"name": ...})`` in the same scope (``v = dict(ws=ws)`` then
    ``v.update(airflowVersion="2.3.4")``): sent too.  Red team 24 (report 13), f6: also ``v["name"] = ...``
    and ``v.setdefault("name", ...)`` (``v = dict(extra)`` then ``v["desiredAirflowVersion"] = "2.4.3-6"``).
    The writes of a name are grouped by scope once per module (memo), so N containers cost O(N + loads)."""
    names = finder.names
    parent = names.parent(container)
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return []
    holder = parent.targets[0].id
    memo = finder.memo.setdefault("sent_values.updates", {})
    if holder not in memo:
        by_scope = defaultdict(list)
        for load in names.get(holder).loads:
            user = names.parent(load)
            call = names.parent(user) if isinstance(user, ast.Attribute) else None
            if isinstance(call, ast.Call) and call.func is user and user.attr in ("update", "setdefault"):
                by_scope[id(names.scope_of(load))].append(call)
            elif isinstance(user, ast.Subscript) and user.value is load and isinstance(user.ctx, ast.Store):
                statement = names.parent(user)
                if isinstance(statement, ast.Assign) and user in statement.targets:
                    by_scope[id(names.scope_of(load))].append(statement)
        memo[holder] = by_scope
    found: List[ast.AST] = []
    for write in memo[holder].get(id(names.scope_of(container)), ()):
        if isinstance(write, ast.Assign):  # v["name"] = value
            found.extend(
                write.value for target in write.targets
                if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and target.slice.value == name
            )
        elif write.func.attr == "setdefault":  # v.setdefault("name", value)
            if len(write.args) == 2 and isinstance(write.args[0], ast.Constant) and write.args[0].value == name:
                found.append(write.args[1])
        else:
            found.extend(k.value for k in write.keywords if k.arg == name)
            if write.args and isinstance(write.args[0], ast.Dict):
                found.extend(
                    value for key, value in zip(write.args[0].keys, write.args[0].values)
                    if isinstance(key, ast.Constant) and key.value == name
                )
    return found


def string_of(finder, value: ast.AST, wanted) -> Optional[Tuple[str, str]]:
    """(the string, how it is reached) for a literal ``wanted`` accepts, or a name bound to one (``bound_literal``)."""
    if templates.is_plain_literal(value) and isinstance(value.value, str):
        return (value.value, "") if wanted(value.value) else None
    bound = bound_literal(finder, value, wanted)
    if bound is None:
        return None
    return bound[0], f" ({finder.code_of(value)}, bound on line {bound[1]})"


def bound_literal(finder, value: ast.AST, wanted) -> Optional[Tuple[str, int]]:
    """(the first string ``wanted`` accepts, its line) when ``value`` is a name bound only to string
    literals one of which is accepted, else None.  A name bound to several (``if``/``else`` branches)
    may be any of them: :func:`bound_literals` gives each."""
    bound = bound_literals(finder, value)
    return next(((text, line) for text, line in bound or () if wanted(text)), None)


def bound_literals(finder, value: ast.AST) -> Optional[List[Tuple[str, int]]]:
    """(string, line) of every binding of ``value`` when it is a name bound only to string literals, in
    the module's order; else None.  Red team 27 (report 13), f3: a version bound in each branch of an
    ``if``/``elif``/``else`` (or ``match``) may be each literal, and a review naming one of them said the
    value "is" it.

    The bindings looked at are those of the name's own scope, or the module's when that scope
    binds none; each name's stores are grouped by scope once per module (memo), so N values
    reading one name cost O(N + stores).
    """
    if not isinstance(value, ast.Name):
        return None
    names = finder.names
    memo = finder.memo.setdefault("runtime_argument_values.stores", {})
    if value.id not in memo:
        by_scope, module_stores = defaultdict(list), []
        for store in names.get(value.id).stores:
            scope = names.scope_of(store)
            by_scope[id(scope)].append(store)
            if isinstance(scope, ast.Module):
                module_stores.append(store)
        memo[value.id] = (by_scope, module_stores)
    by_scope, module_stores = memo[value.id]
    stores = by_scope.get(id(names.scope_of(value))) or module_stores
    if not stores:
        return None
    found = []
    for store in stores:
        parent = names.parent(store)
        if isinstance(parent, ast.Assign) and any(target is store for target in parent.targets):
            literal = parent.value
        elif isinstance(parent, ast.AnnAssign) and parent.target is store and parent.value is not None:
            literal = parent.value
        elif unpacked_value(names, store) is not None:  # version, label = "2.3.4-11", "etl" (red team 23, 11b, f7)
            literal = unpacked_value(names, store)
        else:
            return None  # a parameter, a loop, an augmented assignment...: not known
        if not (templates.is_plain_literal(literal) and isinstance(literal.value, str)):
            return None
        found.append((literal.value, store.lineno))
    return sorted(found, key=lambda entry: entry[1])


def operation_of(ctx: DocumentContext, node):
    """The operation of the document that ``node`` sits in (None in a fragment)."""
    from graphql import OperationDefinitionNode

    for operation in ctx.document.definitions:
        if isinstance(operation, OperationDefinitionNode) and operation.loc.start <= node.loc.start < operation.loc.end:
            return operation
    return None


def variable_definition(operation, name: str):
    """``$name``'s definition in ``operation``, or None."""
    if operation is None:
        return None
    return next((d for d in operation.variable_definitions or () if d.variable.name.value == name), None)
