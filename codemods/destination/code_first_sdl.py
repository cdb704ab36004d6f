"""The SDL a Python GraphQL server of the project declares: its schema written code-first or as SDL in Python.

Red team 20, report 12, F3: a repository holding its own GraphQL service (``server/app.py``) and a
client script posting to it gets the project-SDL evidence (``project_sdl``: "fields fit the project's
own SDL") only when the schema is a ``.graphql`` file.  Written in Python it was not read, so the
client's ``upsertDeployment(releaseName:, airflowVersion:)`` was judged Houston's and rewritten.  This
module gives the SDL such a module declares, which ``project_sdl`` then weighs as it weighs an SDL file
(the fit is judged per document; a schema that agrees with Houston's is not the project's: see
``houston_agreement``):

* SDL in a Python string (ariadne ``type_defs = gql(\"\"\"type Query {...}\"\"\")``, ``build_schema(\"\"\"...\"\"\")``,
  ``make_executable_schema``): each string constant holding type definitions that parses as SDL;
* strawberry: classes decorated ``@strawberry.type`` / ``.input`` / ``.interface`` (``name=`` kept), their
  annotated attributes and ``@strawberry.field`` / ``.mutation`` / ``.subscription`` methods, names
  camel-cased as strawberry does, a method's parameters (but ``self``, ``info``) its arguments;
* graphene: ``graphene.ObjectType`` / ``InputObjectType`` / ``Interface`` subclasses, fields
  ``graphene.String(...)`` / ``Field(T, arg=...)`` / ``List(T)`` (keywords that are not graphene's own
  options are arguments), ``graphene.Mutation`` subclasses (``class Arguments``, ``X.Field()``, their ``Output``; a
  module registering none of its mutations gives each as a mutation root field named for its class, as graphene's
  convention does: ``CreateDeployment`` -> ``createDeployment``);
* root types as ``strawberry.Schema`` / ``graphene.Schema(query=, mutation=, subscription=)`` name them.

Only names matter to the fit (fields, arguments, type names), so types are read loosely: a type the
module does not define is declared a scalar.  Only a module importing strawberry, graphene, ariadne or
graphql is read: one parse and one pass over its top-level statements, linear in the module.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Tuple

MARKERS = ("strawberry", "graphene", "ariadne", "graphql")
_SCALARS = {"str": "String", "int": "Int", "float": "Float", "bool": "Boolean", "ID": "ID", "String": "String",
            "Int": "Int", "Float": "Float", "Boolean": "Boolean", "Decimal": "Float", "UUID": "ID", "JSONString": "String"}
_GRAPHENE_OPTIONS = frozenset({"required", "description", "default_value", "name", "resolver", "deprecation_reason",
                               "source", "args"})
_ROOTS = ("query", "mutation", "subscription")
_SDL_WORD = re.compile(r"\b(?:type|input|interface|enum|scalar|union|schema|extend)\b")
MAX_SDL_STRINGS = 8
MAX_SDL_TRIES = 64
_TYPE_NAME = re.compile(r":[ \[]*([A-Za-z_]\w*)")  # the type after each ':' of a field line (one pass)


def _arguments(args: List[str]) -> str:
    return f"({', '.join(args)})" if args else ""


def camel(name: str) -> str:
    """``release_name`` -> ``releaseName`` (strawberry's and graphene's auto camel case)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def sdl_of(text: str) -> Optional[str]:
    """The SDL the module's server schema declares (see the module's docstring), else None."""
    if not any(marker in text for marker in MARKERS):
        return None
    from ..sources.parsed_modules import parsed

    module = parsed(text)
    if module is None:
        return None
    types: Dict[str, Tuple[str, List[str]]] = {}  # name -> (kind, field lines)
    roots: Dict[str, str] = {}
    strings: List[str] = []
    tried = 0  # strings parsed as SDL (each one parse), at most MAX_SDL_TRIES
    classes = {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}
    for node in ast.walk(module):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(strings) < MAX_SDL_STRINGS:
            if tried < MAX_SDL_TRIES and "{" in node.value and _SDL_WORD.search(node.value):
                tried += 1
                if _is_sdl(node.value):
                    strings.append(node.value)
        elif isinstance(node, ast.Call) and _dotted(node.func).endswith("Schema"):
            for keyword in node.keywords:
                if keyword.arg in _ROOTS and isinstance(keyword.value, ast.Name):
                    roots[keyword.arg] = keyword.value.id
    for cls in classes.values():
        _strawberry_type(cls, types) or _graphene_type(cls, classes, types)
    _unregistered_mutations(module, classes, roots, types)
    parts = list(strings)
    if types:
        defined = set(types)
        used = {name for _kind, lines in types.values() for line in lines for name in _TYPE_NAME.findall(line)}
        builtin = {"String", "Int", "Float", "Boolean", "ID"}
        body = [f"{kind} {name} {{ {' '.join(lines) or '_: String'} }}" for name, (kind, lines) in types.items()]
        body += [f"scalar {name}" for name in sorted(used - defined - builtin) if name[:1].isupper()]
        named = {root: name for root, name in roots.items() if name in types}
        if named:
            body.append("schema { " + " ".join(f"{root}: {name}" for root, name in named.items()) + " }")
        parts.append("\n".join(body))
    return "\n".join(parts) if parts else None


def _is_sdl(text: str) -> bool:
    from graphql import GraphQLError, parse

    try:
        document = parse(text)
    except (GraphQLError, RecursionError):
        return False
    return bool(document.definitions) and all("definition" in d.kind and "operation" not in d.kind and "fragment" not in d.kind or d.kind.endswith("extension") for d in document.definitions)


def _strawberry_type(cls: ast.ClassDef, types) -> bool:
    decorator = next((d for d in cls.decorator_list if _dotted(d).startswith("strawberry") and _dotted(d).rsplit(".", 1)[-1] in ("type", "input", "interface")), None)
    if decorator is None:
        return False
    kind = {"input": "input", "interface": "interface"}.get(_dotted(decorator).rsplit(".", 1)[-1], "type")
    name = next((k.value.value for k in getattr(decorator, "keywords", ()) if k.arg == "name" and isinstance(k.value, ast.Constant)), cls.name)
    lines = []
    for statement in cls.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            lines.append(f"{camel(statement.target.id)}: {_annotation(statement.annotation)}")
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            _dotted(d).startswith("strawberry") and _dotted(d).rsplit(".", 1)[-1] in ("field", "mutation", "subscription") for d in statement.decorator_list
        ):
            params = [a for a in statement.args.args + statement.args.kwonlyargs if a.arg not in ("self", "cls", "info", "root")]
            args = [f"{camel(a.arg)}: {_annotation(a.annotation)}" for a in params]
            lines.append(f"{camel(statement.name)}{_arguments(args)}: {_annotation(statement.returns)}")
    types[name] = (kind, lines)
    return True


def _annotation(node: Optional[ast.AST]) -> str:
    """A Python annotation as a (nullable) GraphQL type: names only matter."""
    if node is None:
        return "String"
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return _annotation(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return "String"
    if isinstance(node, ast.BinOp):  # X | None
        side = node.left if not (isinstance(node.left, ast.Constant) and node.left.value is None) else node.right
        return _annotation(side)
    if isinstance(node, ast.Subscript):
        outer = _dotted(node.value).rsplit(".", 1)[-1]
        inner = node.slice
        if outer in ("list", "List", "Sequence", "Iterable", "AsyncIterator", "AsyncGenerator", "Iterator"):
            first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
            return f"[{_annotation(first)}]" if outer in ("list", "List", "Sequence", "Iterable") else _annotation(first)
        if outer in ("Optional", "Annotated", "Union"):
            first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
            return _annotation(first)
        return "String"
    name = _dotted(node).rsplit(".", 1)[-1]
    return _SCALARS.get(name, name if name[:1].isupper() else "String")


def _graphene_type(cls: ast.ClassDef, classes, types) -> bool:
    bases = [_dotted(b).rsplit(".", 1)[-1] for b in cls.bases]
    if not any(b in ("ObjectType", "InputObjectType", "Interface", "Mutation") for b in bases):
        return False
    kind = "input" if "InputObjectType" in bases else "interface" if "Interface" in bases else "type"
    lines = []
    for statement in cls.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            line = _graphene_field(camel(statement.targets[0].id), statement.value, classes)
            if line:
                lines.append(line)
    types[cls.name] = (kind, lines)
    return True


def _unregistered_mutations(module: ast.Module, classes, roots: Dict[str, str], types) -> None:
    """The ``graphene.Mutation`` subclasses of a module that registers none of them (``mutations.py``, whose classes
    ``schema.py`` exposes as ``create_deployment = CreateDeployment.Field()``): each is a field of the mutation root
    under the name graphene's convention gives it, the class's name camel-cased (``createDeployment``), with its
    ``class Arguments`` and its ``Output`` (red team 24, report 12, f14).  One pass over the module's classes."""
    mutations = [cls for cls in classes.values() if "Mutation" in [_dotted(b).rsplit(".", 1)[-1] for b in cls.bases]]
    if not mutations:
        return
    registered = {_dotted(statement.value.func).split(".", 1)[0] for cls in classes.values() for statement in cls.body
                  if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)
                  and _dotted(statement.value.func).endswith(".Field")}
    if registered & {cls.name for cls in mutations}:
        return  # the module exposes its mutations itself: read as written
    root = roots.get("mutation", "Mutation")
    kind, lines = types.get(root, ("type", []))
    for cls in mutations[:64]:
        line = _graphene_field(cls.name[:1].lower() + cls.name[1:], ast.Call(func=ast.Attribute(value=ast.Name(id=cls.name), attr="Field"), args=[], keywords=[]), classes)
        if line:
            lines = lines + [line]
    types[root] = (kind, lines)
    if roots:  # a Schema(...) named its roots: the mutation root joins them
        roots.setdefault("mutation", root)


def _graphene_field(name: str, value: ast.AST, classes) -> Optional[str]:
    if not isinstance(value, ast.Call):
        return None
    callee = _dotted(value.func)
    last = callee.rsplit(".", 1)[-1]
    if last == "Field" and "." in callee and callee.split(".", 1)[0] in classes:  # UpsertDeployment.Field()
        mutation = classes[callee.split(".", 1)[0]]
        arguments = next((s for s in mutation.body if isinstance(s, ast.ClassDef) and s.name in ("Arguments", "Input")), None)
        args = [f"{camel(s.targets[0].id)}: {_graphene_type_of(s.value)}" for s in (arguments.body if arguments else ())
                if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)]
        # Output = Deployment: graphene's payload is that type, not the mutation's own fields (red team 24, report 12, f14)
        output = next((s.value for s in mutation.body if isinstance(s, ast.Assign) and len(s.targets) == 1
                       and isinstance(s.targets[0], ast.Name) and s.targets[0].id == "Output"), None)
        return f"{name}{_arguments(args)}: {_graphene_type_of(output) if output is not None else mutation.name}"
    if last not in ("Field", "List", "NonNull") and last not in _SCALARS and last not in ("JSONString", "DateTime", "Date"):
        return None
    args = [f"{camel(k.arg)}: {_graphene_type_of(k.value)}" for k in value.keywords if k.arg and k.arg not in _GRAPHENE_OPTIONS]
    return f"{name}{_arguments(args)}: {_graphene_type_of(value)}"


def _graphene_type_of(node: ast.AST) -> str:
    if isinstance(node, ast.Lambda):  # graphene.Field(lambda: Deployment): the type it returns
        node = node.body
    if isinstance(node, ast.Call):
        last = _dotted(node.func).rsplit(".", 1)[-1]
        if last in ("Field", "NonNull", "Argument") and node.args:
            return _graphene_type_of(node.args[0])
        if last == "List" and node.args:
            return f"[{_graphene_type_of(node.args[0])}]"
        return _SCALARS.get(last, last if last[:1].isupper() else "String")
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if node.value[:1].isupper() else "String"
    last = _dotted(node).rsplit(".", 1)[-1]
    return _SCALARS.get(last, last if last[:1].isupper() else "String")
