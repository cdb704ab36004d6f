"""A template hole filled by a name bound to an AC version literal (red team 20, report 11b, F7).

``version = "2.3.4-11"`` then ``'... airflowVersion: "' + version + '") ...'`` (or the f-string
``airflowVersion: "{version}"``): the argument rules renamed the argument and said "make sure it is
an Astro Runtime version", so the rewritten script sent ``runtimeVersion: "2.3.4-11"``, which Houston
rejects (the ``check`` right after said so), while the script worked before.  The value is known:
it is the literal the name is bound to.  So, as for a constant spliced into a document (README,
"What it changes"):

* a name private to the document (bound once, by a plain string literal, in a function; read only
  by this hole; never ``global``/``nonlocal`` or named elsewhere) has its literal changed to the AC
  version's Astro Runtime equivalent, with the argument;
* any other (a module-level name other modules may import, a name read elsewhere too, a version
  with no equivalent): the argument is left as it is, with ``review-shared-constant`` naming the
  binding, since renaming it alone would send an AC version as a Runtime version.

The hole's name is found among the document's own names, indexed by span once per document.

Red team 22 (report 11b), f5: the same holds for the value a ``.format`` / ``%`` / ``string.Template``
fill gives the hole (``'... airflowVersion: "{ver}" ...'.format(ws=ws, ver=ver)``, ``.format(ver="2.3.4-11")``,
``% (ws, "2.3.4-11")``): a literal written in the fill, or a private name it passes, migrates with the
argument when the template is filled at that one place; a template filled at several places keeps
both.  A parameter's default (``def create(ws, ver="2.3.4-11")``) and a class attribute read as
``self.VER`` / ``Cls.VER`` are never private (callers pass their own, subclasses and instances override
it): the argument stays, reviewed.  Before, the argument was renamed with "make sure it is an Astro
Runtime version" while the ``check`` right after said "Houston rejects it".
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional

from ..sources import templates
from ..sources.bindings import other_uses_of_constant
from ..versions import AC_VERSION
from .context import DocumentContext, line_list


@dataclass(frozen=True)
class AcBinding:
    name: ast.Name  # the read in the hole
    line: int  # where the literal binds it
    version: str  # the AC version it is bound to
    runtime: Optional[str]  # its Astro Runtime equivalent, if it has one
    # The file span of the literal's characters between its quotes, when the name is private to this
    # hole and the literal spells the version plainly (no escapes, no implicit concatenation).
    content: Optional[tuple]
    # Lines of the binding's other uses in this module: empty when only code outside it may read it,
    # None when it is private to this hole.
    others: Optional[tuple] = None
    class_attribute: bool = False  # bound in a class body: reached as Class.NAME / self.NAME (red team 22, 11b, f2)
    why: str = ""  # why it is shared, when neither line numbers nor the name's reach say it (red team 22, 11b, f5)


def hole_name(ctx: DocumentContext, hole) -> Optional[ast.Name]:
    """The name read in ``hole``, among the names of the document's own expression, else None."""
    finder = ctx.python
    if finder is None or ctx.source.node is None:
        return None
    memo = finder.memo.setdefault("hole_bindings.names", {})
    key = id(ctx.source.node)
    if key not in memo:
        memo[key] = {}
        for node in ast.walk(ctx.source.node):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                memo[key].setdefault(node.id, []).append(node)
    return next(
        (node for node in memo[key].get(hole.expression.strip(), ())
         if hole.file_start <= finder.span_of(node)[0] < hole.file_end + 1),
        None,
    )


def ac_binding(ctx: DocumentContext, hole) -> Optional[AcBinding]:
    """What ``hole`` holds when it reads a name bound once, by a plain literal, to an AC version (or a
    ``.format`` / ``%`` / ``Template`` fill gives it such a literal or name, or it reads a parameter's
    default or a class attribute that is one)."""
    name = hole_name(ctx, hole)
    if name is None:
        return _filled_binding(ctx, hole) or _attribute_binding(ctx, hole) or _entry_binding(ctx, hole)
    return _name_binding(ctx, name)


def one_step_versions(ctx: DocumentContext, hole) -> list:
    """[(AC version, its Runtime equivalent or None)] the hole's name may be, one step from literals, when no
    single binding says it (red team 24, report 11b, f10): a loop over literal rows (``for label, version in
    [("etl", "2.3.4-11"), ...]``), an ``os.environ.get("TARGET_AC", "2.4.3-6")`` default, branches binding
    literals, a local alias of a constant (``one_step_values``).  Renaming the argument around such a hole
    sends those AC versions as Runtime versions, so the caller holds it."""
    from . import one_step_values
    from .runtime_argument_values import hole_value  # that module imports this one

    value = hole_value(ctx, hole)
    if isinstance(value, ast.Subscript) and value is entry_of(ctx, hole):
        pass  # versions["prod"] of a dict changed in place: what it may be (red team 27, report 13, f2)
    elif not isinstance(value, ast.Name):
        # a literal is read as a binding; a command-line option (args.to_version) is the script's input, given at
        # each run as a parameter is by its callers: migrated, its default named (version_values._filled_from)
        return []
    return [
        (text, ctx.versions.runtime_for(text)) for text in dict.fromkeys(one_step_values.texts(ctx.python, value))
        if AC_VERSION.fullmatch(text) is not None and not ctx.versions.is_runtime(text)
    ]


def entry_of(ctx: DocumentContext, hole):
    """``versions["prod"]`` read in the hole, with ``versions = {"prod": "2.3.4-11"}`` bound once (red team 23,
    report 11b, f7): the entry's literal, private when the dict is read only there.  The document's subscripts
    are indexed by span once per document."""
    finder = ctx.python
    if finder is None or ctx.source.node is None:
        return None
    memo = finder.memo.setdefault("hole_bindings.subscripts", {})
    key = id(ctx.source.node)
    if key not in memo:
        memo[key] = [
            n for n in ast.walk(ctx.source.node)
            if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and isinstance(n.slice, ast.Constant)
            and isinstance(n.slice.value, str)
        ]
    node = next((n for n in memo[key] if hole.file_start <= finder.span_of(n)[0] < hole.file_end + 1), None)
    if node is None or finder.code_of(node) != hole.expression.strip():
        return None
    from . import one_step_values

    if one_step_values.written_into(finder, node.value):
        # versions["prod"] = "2.4.3-6" after the display (red team 27, report 13, f2): the entry is not the
        # display's literal alone; the read itself is given, for the readers of what it may be
        return node
    from .runtime_argument_values import _mapping_entry  # that module imports this one

    return _mapping_entry(finder, node.value, node.slice.value)


def _entry_binding(ctx: DocumentContext, hole) -> Optional[AcBinding]:
    """The AC literal of ``entry_of`` (red team 23, report 11b, f7): private when the dict is read only there."""
    finder = ctx.python
    entry = entry_of(ctx, hole)
    found = _ac_literal(ctx, entry)
    if found is None:
        return None
    version, runtime = found
    held = _named_container(ctx, finder, entry)
    if held is not None:
        return AcBinding(entry, entry.lineno, version, runtime, None, held[0], False, held[1])
    content = None
    if runtime is not None:
        start, end = finder.span_of(entry)
        if finder.file.text[start:end] in (f'"{version}"', f"'{version}'"):
            content = (start + 1, end - 1)
    return AcBinding(entry, entry.lineno, version, runtime, content, None, False, "")


def _name_binding(ctx: DocumentContext, name: ast.Name, fills: int = 1, fills_why: str = "") -> Optional[AcBinding]:
    """``name``'s AC literal, private to this hole when bound once in a function, read only here, and the
    template it fills is filled at ``fills`` == 1 place."""
    finder = ctx.python
    names = finder.names
    stores = names.uses_of_binding(name.id, "stores", name)
    if len(stores) != 1:
        return None
    store = stores[0]
    if isinstance(store, ast.arg):  # def create(ws, ver="2.3.4-11"): its callers may pass their own
        default = _parameter_default(names, store)
        found = _ac_literal(ctx, default)
        if found is None:
            return None
        return AcBinding(
            name, default.lineno, found[0], found[1], None, (), False,
            f"the default of the parameter {name.id}, which callers may rely on or replace",
        )
    statement = names.parent(store)
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and statement.targets[0] is store:
        literal = statement.value
    elif unpacked_value(names, store) is not None:  # version, label = "2.3.4-11", "etl" (red team 23, report 11b, f7)
        literal = unpacked_value(names, store)
    elif isinstance(statement, ast.AnnAssign) and statement.target is store and statement.value is not None:
        literal = statement.value
    elif isinstance(statement, ast.NamedExpr) and statement.target is store:
        literal = statement.value  # if (version := "2.3.4-11") in SUPPORTED: (red team 24, report 11b, f10)
    else:
        return None
    if not (templates.is_plain_literal(literal) and isinstance(literal.value, str)):
        return None
    version = literal.value
    if AC_VERSION.fullmatch(version) is None or ctx.versions.is_runtime(version):
        return None
    runtime = ctx.versions.runtime_for(version)
    home = names.home(name.id, name)
    # A class attribute (``class Create: VERSION = "2.3.4-11"`` read by the class body's f-string) is read
    # as ``self.VERSION`` / ``Create.VERSION`` too, here or in another module: red team 22, report 11b, f2.
    exported = finder.binding_exported(name.id, home)
    others = other_uses_of_constant(names, name, literal, exported)
    content = None
    if runtime is not None and others is None:
        start, end = finder.span_of(literal)
        written = finder.file.text[start:end]
        for quote in ('"', "'"):
            if written == quote + version + quote:
                content = (start + 1, end - 1)
    shared = None if others is None else tuple(others)
    if fills != 1 and shared is None:
        content, shared = None, ()
    why = "" if fills == 1 else fills_why
    if isinstance(statement, ast.NamedExpr) and shared is None:
        # the expression around an assignment expression reads its value too (red team 24, report 11b, f10)
        content, shared, why = None, (), "bound by an assignment expression, whose value the code around it reads too"
    return AcBinding(name, store.lineno, version, runtime, content, shared, isinstance(home, ast.ClassDef), why)


def _ac_literal(ctx: DocumentContext, node) -> Optional[tuple]:
    """(version, its Runtime equivalent or None) of a plain string literal that is an AC version."""
    if node is None or not (templates.is_plain_literal(node) and isinstance(node.value, str)):
        return None
    version = node.value
    if AC_VERSION.fullmatch(version) is None or ctx.versions.is_runtime(version):
        return None
    return version, ctx.versions.runtime_for(version)


def _parameter_default(names, parameter: ast.arg):
    """The default expression of ``parameter``, or None."""
    arguments = names.parent(parameter)
    if not isinstance(arguments, ast.arguments):
        return None
    positional = arguments.posonlyargs + arguments.args
    if parameter in positional:
        offset = positional.index(parameter) - (len(positional) - len(arguments.defaults))
        return arguments.defaults[offset] if offset >= 0 else None
    if parameter in arguments.kwonlyargs:
        return arguments.kw_defaults[arguments.kwonlyargs.index(parameter)]
    return None


def _filled_binding(ctx: DocumentContext, hole) -> Optional[AcBinding]:
    """The AC version a ``.format`` / ``%`` / ``string.Template`` fill gives ``hole`` (red team 22, 11b, f5):
    a literal written in the fill (changed with the argument when the template is filled only there), or a
    name it passes (as a name read in the hole is)."""
    finder = ctx.python
    if finder is None or ctx.source.node is None:
        return None
    from .runtime_argument_values import template_value  # that module imports this one

    value = template_value(finder, ctx.source.node, hole)
    if value is None:
        return None
    fills, why = _fill_count(finder, ctx.source.node)
    holes = _holes_given(ctx, finder, template_value).get(id(value), 1)
    if fills == 1 and holes > 1:
        # '... label: "etl-{ver}" ... airflowVersion: "{ver}" ...'.format(ver="2.3.4-11"): the value fills
        # the label too, which would silently change with it (red team 23, report 11b, f6)
        fills, why = holes, f"it also fills {holes - 1} other place{'s' if holes > 2 else ''} of this document"
    if isinstance(value, ast.Name):
        return _name_binding(ctx, value, fills, why)
    found = _ac_literal(ctx, value)
    if found is None:
        return None
    version, runtime = found
    held = _named_container(ctx, finder, value)
    if held is not None:  # an entry of a dict bound to a name read elsewhere too (red team 23, report 11b, f7)
        return AcBinding(value, value.lineno, version, runtime, None, held[0], False, held[1])
    content = None
    if runtime is not None and fills == 1:
        start, end = finder.span_of(value)
        if finder.file.text[start:end] in (f'"{version}"', f"'{version}'"):
            content = (start + 1, end - 1)
    return AcBinding(value, value.lineno, version, runtime, content, None if fills == 1 else (), False, why)


def _holes_given(ctx: DocumentContext, finder, template_value) -> dict:
    """id(fill value) -> how many holes of this document it fills (``{ver}`` twice, ``{1}`` twice, ``%(ver)s``
    twice, ``$ver`` twice): each hole's value is read once per document (memo)."""
    memo = finder.memo.setdefault("hole_bindings.holes_given", {})
    key = id(ctx.source.node)
    if key not in memo:
        counts = memo[key] = {}
        for each in ctx.source.text_map.holes:
            value = template_value(finder, ctx.source.node, each)
            if value is not None:
                counts[id(value)] = counts.get(id(value), 0) + 1
    return memo[key]


def unpacked_value(names, store: ast.AST):
    """The literal ``version, label = "2.3.4-11", "etl"`` gives ``store`` (one target of a tuple assigned a tuple
    display of as many values), else None."""
    target = names.parent(store)
    statement = names.parent(target) if isinstance(target, (ast.Tuple, ast.List)) else None
    if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and statement.targets[0] is target):
        return None
    value = statement.value
    if not isinstance(value, (ast.Tuple, ast.List)) or len(value.elts) != len(target.elts):
        return None
    if any(isinstance(e, ast.Starred) for e in list(value.elts) + list(target.elts)):
        return None
    return value.elts[next(i for i, e in enumerate(target.elts) if e is store)]


def _named_container(ctx: DocumentContext, finder, value: ast.AST) -> Optional[tuple]:
    """(lines of other uses, why) when ``value`` is an entry of a dict display bound to a name (``params = {"ver":
    "2.3.4-11"}`` then ``.format(**params)``) that is read elsewhere too, or that other modules may import; None when
    the name is private to the fill, or the dict is written in the fill itself."""
    names = finder.names
    mapping = names.parent(value)
    if isinstance(mapping, ast.keyword):
        mapping = names.parent(mapping)  # dict(ver="2.3.4-11"); not partial(DOC.format, ver=...)
        if not (isinstance(mapping, ast.Call) and isinstance(mapping.func, ast.Name) and mapping.func.id == "dict"):
            return None
    statement = names.parent(mapping) if isinstance(mapping, (ast.Dict, ast.Call)) else None
    if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)):
        return None
    target = statement.targets[0]
    loads = names.loads_of_binding(target.id, target)
    home = names.home(target.id, target)
    if len(loads) == 1:
        others = other_uses_of_constant(names, loads[0], mapping, finder.binding_exported(target.id, home))
    else:
        others = [n.lineno for n in loads]
    if others is None:
        return None
    where = f"also used on {line_list(sorted(set(others)))}" if others else "a module-level name other modules may import"
    return tuple(others), f"an entry of {target.id}, {where}"


def _fill_count(finder, template: ast.AST) -> tuple:
    """(at how many places this module fills the template literal, why more than one): once when used where
    it is written, else the reads of the one name it is bound to."""
    names = finder.names
    parent = names.parent(template)
    if isinstance(parent, ast.Call) and parent.args and parent.args[0] is template:
        parent = names.parent(parent)  # string.Template(...) bound to a name
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return 1, ""
    target = parent.targets[0]
    loads = names.loads_of_binding(target.id, target)
    lines = sorted({n.lineno for n in loads})
    why = f"{target.id} is filled on {line_list(lines)}" if len(loads) > 1 else ""
    # A module-level template another module imports and fills is that module's document too: its own
    # values are its own (the rename of the argument is judged for the document as a whole, elsewhere).
    return max(len(loads), 1), why


def _attribute_binding(ctx: DocumentContext, hole) -> Optional[AcBinding]:
    """``self.VER`` / ``cls.VER`` / ``Create.VER`` read in the hole, with ``VER = "2.3.4-11"`` in the class body
    (red team 22, report 11b, f5): never private (an instance, a subclass or another module may set or read
    it), so the argument stays, reviewed.

    Red team 24 (report 11b), f7: the same through any object (``cfg.airflow_version`` with ``@dataclass class
    DeployConfig: airflow_version: str = "2.3.4-11"``, a pydantic or ``NamedTuple`` field, ``field(default=...)``,
    ``self.version = "2.3.4-11"`` set in a method or given by ``__init__``'s default) and an enum member's value
    (``Pinned.PROD.value``): the argument was renamed and the AC value sent as ``runtimeVersion``.  Whatever
    object it is read from, an attribute of that name a class of the module declares with an AC literal holds
    the argument (``attribute_literal``)."""
    found = attribute_literal(ctx, hole)
    if found is None:
        return None
    node, value, why = found
    version, runtime = _ac_literal(ctx, value)
    return AcBinding(node, value.lineno, version, runtime, None, (), True, why)


def attribute_literal(ctx: DocumentContext, hole) -> Optional[tuple]:
    """(the attribute read in ``hole``, the AC literal a class of the module gives it, why it is shared), else
    None (see ``_attribute_binding``).  The document's attributes are indexed by span once per document, the
    module's class attributes once per module (``_class_attribute_literals``)."""
    finder = ctx.python
    if finder is None or ctx.source.node is None:
        return None
    expression = hole.expression.strip()
    owner, _, attribute = expression.rpartition(".")
    if not owner or not all(part.isidentifier() for part in owner.split(".")) or not attribute.isidentifier():
        return None
    memo = finder.memo.setdefault("hole_bindings.attributes", {})
    key = id(ctx.source.node)
    if key not in memo:
        memo[key] = [n for n in ast.walk(ctx.source.node) if isinstance(n, ast.Attribute)]
    node = next(
        (n for n in memo[key] if n.attr == attribute and hole.file_start <= finder.span_of(n)[0] < hole.file_end + 1
         and finder.code_of(n) == expression),
        None,
    )
    if node is None:
        return None
    names = finder.names
    klass = _owner_class(names, finder.module, node) if isinstance(node.value, ast.Name) else None
    if klass is not None:
        for statement in klass.body:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target] if isinstance(statement, ast.AnnAssign) else []
            if any(isinstance(t, ast.Name) and t.id == attribute for t in targets):
                value = _field_default(statement.value)
                if _ac_literal(ctx, value) is None:
                    return None
                return node, value, f"a class attribute of {klass.name}, which instances, subclasses and other code may read or set"
    declared = _class_attribute_literals(finder)
    if attribute == "value" and isinstance(node.value, ast.Attribute):
        for klass, value, where in declared.get(node.value.attr, ()):  # Pinned.PROD.value
            if not where and _ac_literal(ctx, value) is not None:
                return node, value, f"the value of the member {node.value.attr} of {klass.name}, which other code may read"
    for klass, value, where in declared.get(attribute, ()):
        if _ac_literal(ctx, value) is not None:
            said = f"set in {where}() of {klass.name}" if where else f"declared by {klass.name}"
            return node, value, f"an attribute {said}, which its instances, subclasses and other code may read or set"
    return None


_FIELD_CALLS = ("field", "Field", "attrib", "ib")  # dataclasses.field, pydantic.Field, attr.ib


def _field_default(value):
    """The default a class-body value gives its field: ``field(default="2.3.4-11")``, ``Field("2.3.4-11")``,
    else the value itself."""
    if not isinstance(value, ast.Call):
        return value
    func = value.func
    called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if called not in _FIELD_CALLS:
        return value
    default = next((k.value for k in value.keywords if k.arg == "default"), None)
    if default is None and called == "Field" and value.args:
        default = value.args[0]
    return default


def _class_attribute_literals(finder) -> dict:
    """attribute name -> [(class, the value it is given, "" or the method setting it)] for every class of the
    module: its body's assignments (a field's default through ``_field_default``) and ``self.X = ...`` in its
    methods (a parameter of that method read through its default).  Built once per module (memo)."""
    memo = finder.memo.setdefault("hole_bindings.class_attributes", {})
    if "index" in memo:
        return memo["index"]
    index = memo["index"] = {}
    for klass in ast.walk(finder.module):
        if not isinstance(klass, ast.ClassDef):
            continue
        for statement in klass.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        index.setdefault(target.id, []).append((klass, _field_default(statement.value), ""))
            elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value is not None:
                index.setdefault(statement.target.id, []).append((klass, _field_default(statement.value), ""))
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                _method_attributes(statement, klass, index)
    return index


def _method_attributes(method, klass: ast.ClassDef, index: dict) -> None:
    """``self.version = "2.3.4-11"`` (or ``= version`` with ``version="2.3.4-11"`` its parameter's default) in
    ``method`` of ``klass``, into ``index``."""
    arguments = method.args
    positional = arguments.posonlyargs + arguments.args
    if not positional:
        return
    this = positional[0].arg
    defaults = dict(zip([a.arg for a in positional[len(positional) - len(arguments.defaults):]], arguments.defaults))
    defaults.update((a.arg, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None)
    stack = list(method.body)
    while stack:  # the method's own statements: a nested function or class has its own self
        node = stack.pop()
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else []
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == this:
                value = node.value
                if isinstance(value, ast.Name) and value.id in defaults:
                    value = defaults[value.id]
                index.setdefault(target.attr, []).append((klass, value, method.name))


def _owner_class(names, module: ast.Module, node: ast.Attribute) -> Optional[ast.ClassDef]:
    """The class ``self.X`` / ``cls.X`` (in one of its methods) or ``Name.X`` (a module-level class) names."""
    if node.value.id in ("self", "cls"):
        current = names.parent(node)
        while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            current = names.parent(current)
        enclosing = names.parent(current) if current is not None else None
        return enclosing if isinstance(enclosing, ast.ClassDef) else None
    return next((s for s in module.body if isinstance(s, ast.ClassDef) and s.name == node.value.id), None)
