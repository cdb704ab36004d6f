"""A Runtime version argument that is sent an Astronomer Certified version: reviewed, before and after a rewrite.

Houston change: from Astronomer Software 0.29, ``createDeployment``,
``upsertDeployment`` and ``updateDeploymentImage`` take ``runtimeVersion`` and
``updateDeploymentRuntime`` takes ``desiredRuntimeVersion``: an Astro Runtime
version (``"5.0.6"``), never an AC one (``"2.3.4-11"``); the CLI's own
``RuntimeUpgrade`` refuses AC deployments and ``RuntimeMigrate`` sends the
Runtime release ``runtimeReleases`` names (shared/houston houston-facts.md
sections 2 and 3, items 5 and 6; the docs' custom-image-registry example
``runtimeVersion: "<runtime-version-number>" # for example "5.0.6"``,
houston-example-documents.md X03).

Why a rule of its own (red team 12, F1): the argument rules review an AC value
while they migrate (``review-version-value``, ``review-version-variable``), but
the rewritten file no longer has the AC argument those rules start from, so a
``check`` after ``rewrite`` said nothing while the script still sends an AC
version where Houston wants a Runtime one.  This rule starts from the Runtime
argument instead, so the same reviews come back at the same places on the
rewritten file (and a file written that way by hand is reviewed too):

* ``runtimeVersion: "2.3.4-11"`` (a literal, or a variable default, in the AC
  version grammar of ``versions.AC_VERSION`` with an Airflow major of 1 or 2):
  ``review-ac-version-in-runtime-argument``, naming the Runtime equivalent when
  the table has one.
* a variables-dict value sent for a variable feeding such an argument that is an
  AC version literal, or a name bound (in its own scope, or the module's) only to
  string literals one of which is an AC version: ``review-version-value`` at the
  value, the code ``rename_version_variable`` gives the same value while it migrates.
  Also (red team 14 report 13, F6) a value made only of such literals: a branch of ``a if c else b``,
  an entry ``VERSIONS["prod"]`` of a module dict constant, a class attribute.
* a variable still named ``$airflowVersion`` / ``$desiredAirflowVersion`` feeding a
  Runtime argument (what ``rename_version_variable`` keeps when it cannot rename
  both sides, e.g. variables arriving through ``**extra``):
  ``review-version-variable`` at its definition, as the rewrite gave it.
* ``runtimeVersion: "2.3.4-11"`` whose AC text a fill replaces at run time
  (``CREATE.replace("2.3.4-11", version)``, kept by the rewrite so the fill still
  works): ``review-template-version`` at that text, as the rewrite gave it; also when
  the search text holds the GraphQL quotes (``q.replace('"2.3.4-11"', '"' + v + '"')``,
  red team 19 report 19, F11), which the document reads as a hole where the value was.

Only the value the tool can read is judged: a parameter or a computed value
sent as ``runtimeVersion`` is not reviewed after the rewrite (it cannot be told
from a correct script), which is why the argument rules' reviews of such values
say "make sure" while they migrate.
"""

from __future__ import annotations

import ast
import bisect
import re

from graphql import StringValueNode, VariableNode

from ..sources.bindings import reads_own_scope  # locals(), its own frame's f_locals
from ..sources.templates import format_fills
from ..versions import AC_VERSION
from .context import REVIEW, DocumentContext
from .image_argument import review_ac_image_beside
from . import one_step_values  # AC versions one step from a literal (red team 20, report 13, F2)
from .sent_values import bound_literal, bound_literals, kept_variable_fallback, operation_of, sent_values, variable_definition
from . import ac_format_reads
from . import hole_bindings
from .version_values import TEMPLATE_VERSION, airflow_version_read, why_not_mapped, written_value
from .walk import fields_with_definitions

RUNTIME_ARGUMENTS = ("runtimeVersion", "desiredRuntimeVersion")
_QUOTED = re.compile(r'\\?"([^"\\]*)\\?"')  # "2.3.4-11" (or \"...\" in a Python string): one pass, linear
AC_NAMES = {"airflowVersion": "runtimeVersion", "desiredAirflowVersion": "desiredRuntimeVersion"}
AC_IN_RUNTIME = "review-ac-version-in-runtime-argument"
VERSION_VALUE = "review-version-value"
VERSION_VARIABLE = "review-version-variable"


def run(ctx: DocumentContext) -> None:
    seen_variables = set()
    reviewed = set()  # the sent values already judged (ids), for another operation's variable
    starts = _definition_starts(ctx)
    for node, definition in fields_with_definitions(ctx):
        if definition is None:
            continue
        for argument in node.arguments or ():
            name = argument.name.value
            if name not in RUNTIME_ARGUMENTS or name not in definition.args:
                continue
            label = f"{node.name.value}({name}:)"
            review_ac_image_beside(ctx, node, argument)  # red team 12 F5: an AC image: beside a Runtime version
            value = argument.value
            if isinstance(value, StringValueNode) and ctx.hole_in(value) is None:
                _review_literal(ctx, value, value.value, label)
            elif isinstance(value, StringValueNode) or ctx.hole_in(value) is not None:
                # (a hole covering the quotes too reads as an enum value: red team 19, report 19, F11)
                _review_filled(ctx, ctx.hole_in(value), label, value)
            elif isinstance(value, VariableNode):
                # Per operation (red team 27, report 13, f5): mutation Upgrade($v) and mutation Create($v) are two
                # variables, each sent by its own calls; keyed by name alone, Create's $v was never judged.
                key = (id(_operation_at(starts, value)), value.name.value)
                if key not in seen_variables:
                    seen_variables.add(key)
                    _review_variable(ctx, value.name.value, value, label, name, reviewed)


def _definition_starts(ctx: DocumentContext):
    """The document's definitions in order, with their starts: indexed once per document."""
    definitions = [d for d in ctx.document.definitions if d.loc is not None]
    return [d.loc.start for d in definitions], definitions


def _operation_at(starts, node):
    """The definition whose text holds ``node`` (a fragment's for a variable inside one: its own key)."""
    offsets, definitions = starts
    index = bisect.bisect_right(offsets, node.loc.start) - 1 if node.loc is not None else -1
    return definitions[index] if index >= 0 else None


def is_ac_version(ctx: DocumentContext, text: str) -> bool:
    """Text the tool's AC grammar reads exactly, with an Airflow major (1 or 2) no Runtime release has."""
    return isinstance(text, str) and AC_VERSION.fullmatch(text) is not None and not ctx.versions.is_runtime(text)


def _equivalent(ctx: DocumentContext, version: str) -> str:
    runtime = ctx.versions.runtime_for(version)
    if runtime is not None:
        return f"send its Astro Runtime equivalent {runtime!r}"
    return why_not_mapped(ctx, version)


def _review_literal(ctx: DocumentContext, node, text: str, label: str) -> None:
    if is_ac_version(ctx, text):
        ctx.review(
            node,
            AC_IN_RUNTIME,
            f"{text!r} is an Astronomer Certified version, but {label} takes an Astro Runtime version, so Houston "
            f"rejects it: {_equivalent(ctx, text)}",
        )


def _review_filled(ctx: DocumentContext, hole, label: str, node=None) -> None:
    """Red team 14 (report 11b), F8: ``runtimeVersion: "2.3.4-11"`` in a document a script fills at run time
    (``CREATE.replace("2.3.4-11", version)``): the rewrite kept the AC text the fill looks for and said
    ``review-template-version``; the rewritten file says it again, at the same place, while the text
    written there is still an AC version (a hole written as ``{version}`` is not judged: it cannot be told
    from a correct script)."""
    written = ctx.file.text[hole.file_start : hole.file_end]
    quoted = _QUOTED.fullmatch(written)
    if quoted is not None:
        # red team 19 (report 19), F11: the fill's search text holds the GraphQL quotes too
        # (``q.replace('"2.3.4-11"', '"' + v + '"')``): the version is what they enclose
        written = quoted.group(1)
    if not is_ac_version(ctx, written):
        whole = written_value(ctx, node)
        if whole is not None and whole != written and is_ac_version(ctx, whole):
            # red team 23 (report 13), f1: a search looks for a piece of the value (``v.startswith("2.2")``
            # kept the "2.2" of runtimeVersion: "2.2.5-5"): what is written and sent is still the AC version
            ctx.finding_at_file(
                hole.file_start, hole.file_end, "warning", TEMPLATE_VERSION,
                f"{label} is written as the AC version {whole!r}, kept because {hole.expression}, but it takes an "
                f"Astro Runtime version, so Houston rejects it: {_equivalent(ctx, whole)} (and look for its text there)",
            )
            return
        _review_bound_hole(ctx, hole, label)
        return
    ctx.finding_at_file(
        hole.file_start, hole.file_end, "warning", TEMPLATE_VERSION,
        f"{label} gets the value of {hole.expression}: make sure it is an Astro Runtime version, not an AC "
        f"version (the {written!r} written here is one)",
    )


def hole_value(ctx: DocumentContext, hole):
    """The expression that fills ``hole``: the name read in it, what a ``.format`` / ``%`` /
    ``string.Template`` fill gives it, a dict constant's entry read in it, or the AC literal a class of the
    module gives the attribute read in it; else None."""
    finder = ctx.python
    if finder is None or ctx.source.node is None:
        return None
    name = hole_bindings.hole_name(ctx, hole)
    if name is None:  # '{ver}'.format(ver=...), '%s' % (dep, "2.3.4-11"), Template(...).substitute(ver=...)
        name = template_value(finder, ctx.source.node, hole, rows=True)
    if name is None:  # f'...{versions["prod"]}...' with versions = {"prod": "2.3.4-11"} (red team 23, 11b, f7)
        name = hole_bindings.entry_of(ctx, hole)
    if name is None:  # cfg.airflow_version of a dataclass field, Pinned.PROD.value (red team 24, report 11b, f7)
        found = hole_bindings.attribute_literal(ctx, hole)
        name = found[1] if found is not None else None
    return name


def _review_bound_hole(ctx: DocumentContext, hole, label: str) -> None:
    """Red team 16 (report 11b), F13: ``version = "2.3.4-11"`` then ``f'... runtimeVersion: "{version}" ...'``
    (or ``'...' + version + '...'``): the rewrite renamed the argument and said ``review-template-version``;
    the hole is a name bound (in its own function, or the module) only to string literals one of which is
    an AC version, so ``check`` on the rewritten file says it again, as it does for such a name sent in a
    variables dict.  The document's names are indexed by span once per document (memo): linear.

    Red team 24 (report 13), f5: the hole reads a parameter (``def upgrade(dep, version)`` with
    ``f'... "{version}" ...'``, ``.format(version=version)``, ``% (dep, version)``) and the module's own call
    passes an AC version (``upgrade("d1", "2.4.3-6")``): reviewed where the call writes it, as for the same
    parameter sent in a variables dict; and a name one step from AC literals (``target = "2.4.3-6" if prod
    else "2.3.4-11"``) is read as a variables-dict value is (``one_step_values``)."""
    finder = ctx.python
    name = hole_value(ctx, hole)
    if name is None:
        review_untraced_hole(ctx, hole, label, None)  # red team 25 (report 13): a hole the tool cannot read
        return
    if isinstance(name, ast.Constant):  # the value is the literal itself (red team 17, 11b, F15)
        bound = (name.value, name.lineno) if is_ac_version(ctx, name.value) else None
    else:
        # bound in several branches to different literals: it may be each, read below (red team 27, report 13, f3)
        literals = bound_literals(finder, name)
        single = literals is not None and len({text for text, _line in literals}) == 1
        bound = bound_literal(finder, name, lambda text: is_ac_version(ctx, text)) if single else None
    if bound is None:
        line = ctx.file.line_col(hole.file_start)[0]
        one_step_values.review_callers(ctx, name, label, written_into=True, line=line)
        versions = [text for text in one_step_values.texts(finder, name) if is_ac_version(ctx, text)]
        if versions:
            others = "".join(
                f"; it may also be {one_step_values.shown(other)} ({_equivalent(ctx, other).replace('send its ', '')})"
                for other in versions[1:]
            )
            ctx.finding_at_file(
                hole.file_start, hole.file_end, "warning", TEMPLATE_VERSION,
                f"{label} gets the value of {hole.expression}, which may be the AC version {one_step_values.shown(versions[0])}{others}, but "
                f"it takes an Astro Runtime version, so Houston rejects it: {_equivalent(ctx, versions[0])}",
            )
        review_untraced_hole(ctx, hole, label, name)
        return
    version, line = bound
    ctx.finding_at_file(
        hole.file_start, hole.file_end, "warning", TEMPLATE_VERSION,
        f"{label} gets the value of {hole.expression}, bound on line {line} to the AC version {version!r}, but "
        f"it takes an Astro Runtime version, so Houston rejects it: {_equivalent(ctx, version)}",
    )


def review_untraced_hole(ctx: DocumentContext, hole, label: str, value, migrating: bool = False) -> None:
    """Red team 25 (report 13), the fallback: a hole filling ``label`` whose value (``value``; None when the
    tool cannot tell what fills it) cannot be read whole, in a module holding AC versions no other review of
    it names: ``review-version-value`` at the hole naming them (``one_step_values.untraced_versions``), from
    ``check`` and from ``rewrite`` (``migrating``) alike."""
    untraced = one_step_values.untraced_versions(ctx, value)
    if untraced:
        ctx.finding_at_file(
            hole.file_start, hole.file_end, REVIEW, VERSION_VALUE,
            f"{label}{' (once its document is migrated)' if migrating else ''} gets the value of {hole.expression}: "
            f"{untraced}",
        )


_SUBSTITUTE = ("substitute", "safe_substitute")


def _made_calls(finder) -> dict:
    """id(method attribute) -> the calls of the module made through it (a name bound to it, a partial of it):
    indexed once per module."""
    index = finder.memo.get("runtime_argument_values.made")
    if index is None:
        index = finder.memo["runtime_argument_values.made"] = {}
        for call, _scope in finder.collector.calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr in ("format", "format_map") and finder.names.parent(call) is None:
                index.setdefault(id(call.func), []).append(call)  # a made call has no parent in the tree
    return index


def template_value(finder, template, hole, rows: bool = False):
    """The expression a ``.format`` / ``%`` / ``string.Template`` fill puts in ``hole`` of ``template`` (a string
    literal, used directly or through the one name it is bound to), else None.

    Red team 17 (report 11b), F15: ``'... runtimeVersion: "{ver}" ...'.format(ver="2.3.4-11")`` (or
    ``% (dep, "2.3.4-11")``, ``Template(...).substitute(ver=ver)`` with ``ver = "2.3.4-11"``): ``check`` after
    ``rewrite`` said nothing while it reviews the same f-string.  Only the fills of this template's own name are
    looked at (the parent map and the name's loads, indexed once per module): linear."""
    if not isinstance(template, ast.Constant) or not isinstance(template.value, str):
        return None
    names = finder.names
    expression = hole.expression.strip()
    receivers = [template]
    parent = names.parent(template)
    if isinstance(parent, ast.Call) and _dotted(parent.func) in ("Template", "string.Template") and parent.args and parent.args[0] is template:
        receivers, parent = [parent], names.parent(parent)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
        # the reads of this binding only: another function's own ``doc`` is another name (red team 22, 11b, f5)
        receivers = receivers + list(names.loads_of_binding(parent.targets[0].id, parent.targets[0]))
    for receiver in receivers:
        user = names.parent(receiver)
        if expression.startswith("{") and isinstance(user, ast.Attribute) and user.attr in ("format", "format_map"):
            call = names.parent(user)
            if not (isinstance(call, ast.Call) and call.func is user):
                # fmt = DOC.format; fmt(ver=...), functools.partial(DOC.format, ver=...)(ws=ws): the call it makes
                # (sources/indirect_calls.py), when it is made at one place (red team 22, report 11b, f5)
                made = _made_calls(finder).get(id(user), ())
                call = made[0] if len(made) == 1 else call
                field = expression[1:-1].split("!", 1)[0].split(":", 1)[0].split(".", 1)[0].split("[", 1)[0]
                if len(made) > 1 and field.isidentifier():
                    # partial(DOC.format, ver="2.3.4-11") called at several places: the value they all give it
                    # (the partial's own keyword), as at one place (red team 23, report 11b, f7)
                    # (the last keyword wins: partial(f, ver=a)(ver=b) passes b)
                    given = {id(([k.value for k in c.keywords if k.arg == field] or [None])[-1]) for c in made}
                    if len(given) == 1 and id(None) not in given:
                        call = made[0]
            field = expression[1:-1].split("!", 1)[0].split(":", 1)[0].split(".", 1)[0].split("[", 1)[0]
            if isinstance(call, ast.Call) and call.func is user and user.attr == "format_map":
                # .format_map({"ver": "2.3.4-11"}): the dict display's entry (red team 18, report 11b, F5)
                fills = format_fills(call)
                found = fills[1].get(field) if fills is not None else None
                if found is None and len(call.args) == 1:  # .format_map(params), .format_map(locals())
                    found = _mapping_entry(finder, call.args[0], field, rows)
                if found is not None:
                    return found
            elif isinstance(call, ast.Call) and call.func is user:
                if field.isidentifier():
                    found = ([k.value for k in call.keywords if k.arg == field] or [None])[-1]  # a partial's call may override
                    # .format(**params), .format(**locals()) (red team 23, report 11b, f7)
                    found = found or next((e for e in (_mapping_entry(finder, k.value, field, rows) for k in call.keywords if k.arg is None) if e is not None), None)
                else:
                    index = int(field) if field.isdigit() else (hole.index if field == "" else -1)
                    found = call.args[index] if 0 <= index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]) else None
                if found is not None:
                    return found
        elif expression.startswith("%") and isinstance(user, ast.BinOp) and isinstance(user.op, ast.Mod) and user.left is receiver:
            values = user.right
            if expression.startswith("%(") and isinstance(values, ast.Dict):
                key = expression[2:].split(")", 1)[0]
                return next((v for k, v in zip(values.keys, values.values) if isinstance(k, ast.Constant) and k.value == key), None)
            if expression.startswith("%("):  # % locals(), % params (red team 23, report 11b, f7)
                return _mapping_entry(finder, values, expression[2:].split(")", 1)[0], rows)
            if isinstance(values, ast.Tuple):
                return values.elts[hole.index] if 0 <= hole.index < len(values.elts) and not any(isinstance(e, ast.Starred) for e in values.elts) else None
            return values if hole.index == 0 else None
        elif expression.startswith("$") and isinstance(user, ast.Attribute) and user.attr in _SUBSTITUTE:
            call = names.parent(user)
            field = expression.strip("${}")
            if isinstance(call, ast.Call) and call.func is user:
                found = next((k.value for k in call.keywords if k.arg == field), None)
                # .substitute(locals()), .safe_substitute({"ver": ...}), .substitute(**params) (red team 23, 11b, f7)
                mappings = call.args[:1] + [k.value for k in call.keywords if k.arg is None]
                found = found or next((e for e in (_mapping_entry(finder, m, field, rows) for m in mappings) if e is not None), None)
                if found is not None:
                    return found
    return None


def _mapping_entry(finder, node, key: str, rows: bool = False):
    """What a mapping a fill is given holds for ``key``: the entry of a dict display (or ``dict(k=...)``), of a
    name bound once to one, or, for ``locals()`` / ``vars()``, the name ``key`` bound once in that scope (its
    target); else None (red team 23, report 11b, f7): its own frame's ``f_locals`` and ``builtins.locals()`` are
    ``locals()`` (red team 24, report 11b, f1)."""
    names = finder.names
    if reads_own_scope(node):  # also sys._getframe().f_locals, builtins.locals() (red team 24, report 11b, f1)
        stores = names.uses_of_binding(key, "stores", node)
        return stores[0] if len(stores) == 1 and isinstance(stores[0], ast.Name) else None
    if isinstance(node, ast.Name):
        stores = names.uses_of_binding(node.id, "stores", node)
        statement = names.parent(stores[0]) if len(stores) == 1 else None
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and statement.targets[0] is stores[0]):
            # TEMPLATE.format(**row) in a loop over dict rows (red team 25, report 13, f2): the value is the
            # row's entry, row["ver"], for the value reader to follow (``rows``: the version reviews ask)
            return ast.copy_location(ast.Subscript(value=node, slice=ast.Constant(key), ctx=ast.Load()), node) if rows else None
        node = statement.value
    if isinstance(node, ast.Dict):
        return next((v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and k.value == key), None)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" and not node.args:
        return next((k.value for k in node.keywords if k.arg == key), None)
    return None


def _dotted(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return ""


def _review_variable(ctx: DocumentContext, name: str, use, label: str, argument: str, reviewed: set) -> None:
    operation = operation_of(ctx, use)
    definition = variable_definition(operation, name)
    if definition is None:
        return  # an undefined variable: validation reports it
    default = definition.default_value
    if isinstance(default, StringValueNode) and ctx.hole_in(default) is None:
        _review_literal(ctx, default, default.value, f"{label}, which ${name} feeds,")
    unread = _review_sent_values(ctx, name, operation, label, reviewed)
    if name in AC_NAMES:
        why = f": {unread}" if unread else ""
        ctx.review(
            definition.variable,
            VERSION_VARIABLE,
            f"${name} feeds {label}, a Runtime version argument, under its AC name{why}: rename it to "
            f"${AC_NAMES[name]} (and the key its senders use) and send an Astro Runtime version in it",
        )
        # red team 29, report 13, f1-f6: the sends are not read whole (a body handed whole to a helper,
        # v.update(DEFAULTS), BASE.copy()): the module's AC versions no review names are named here
        untraced = kept_variable_fallback(ctx, name, operation)
        if untraced:
            ctx.review(definition.variable, VERSION_VALUE, f"${name} feeds {label}, a Runtime version argument: {untraced}")


def _review_sent_values(ctx: DocumentContext, name: str, operation, label: str, reviewed: set) -> str:
    """Review the AC values the module's sends put in ``name``; return why a send cannot be read ("" if none)."""
    values, unread = sent_values(ctx, name, operation)
    named = one_step_values.named_for(ctx.python, values)  # what the reviews of the argument's values name
    # A dict that may run either of two operations declaring $name is one value: reviewed once, for the first
    # (variables are judged per operation since red team 27, report 13, f5)
    for value in values:
        if id(value) not in reviewed:
            reviewed.add(id(value))
            _review_sent_value(ctx, value, name, label, named)
    return unread


def _review_sent_value(ctx: DocumentContext, value: ast.AST, key: str, label: str, named=()) -> None:
    finder = ctx.python
    one_step_values.review_callers(ctx, value, key)  # red team 22 (report 13) f5: what the module's calls pass
    versions, sure, where = sent_versions(ctx, value)
    start, end = finder.span_of(value)
    if not versions:
        why = airflow_version_read(ctx, value)  # red team 13 F6: dep["airflowVersion"] re-sent
        if why is not None:
            ctx.finding_at_file(
                start, end, REVIEW, VERSION_VALUE,
                f"the value sent as '{key}' feeds {label}, an Astro Runtime version argument, but {why}",
            )
            return
        # red team 27 (report 13), f4: a value that may be the tag of an AC image file this script reads
        from .image_argument import review_image_read_value

        if review_image_read_value(ctx, value, key, label):
            return
        # red team 25 (report 13): a value the reader cannot follow whole, in a module holding AC versions
        untraced = one_step_values.untraced_versions(ctx, value, named)
        if untraced:
            ctx.finding_at_file(
                start, end, REVIEW, VERSION_VALUE,
                f"the value sent as '{key}' ({finder.code_of(value)}) feeds {label}, an Astro Runtime version "
                f"argument: {untraced}",
            )
        return
    version = versions[0]
    shown = "" if isinstance(value, ast.Constant) else f" ({finder.code_of(value)}{where})"
    # TARGETS[ENV]: every AC version it may be is named (red team 15 report 13, F6), after the first's equivalent
    others = [f"{one_step_values.shown(text)} ({_equivalent(ctx, text).replace('send its ', '')})" for text in versions[1:]]
    untraced = one_step_values.untraced_versions(ctx, value, named)
    ctx.finding_at_file(
        start, end, REVIEW, VERSION_VALUE,
        f"the value sent as '{key}'{shown} {'is' if sure else 'may be'} the AC version {one_step_values.shown(version)}, "
        f"but it feeds {label}, an Astro Runtime version argument, so Houston rejects it: {_equivalent(ctx, version)}"
        f"{'; it may also be ' + ', '.join(others) if others else ''}{'; and ' + untraced if untraced else ''}",
    )


def sent_versions(ctx: DocumentContext, value: ast.AST):
    """(the AC versions ``value`` may be, in order; whether it can only be the one named; how it gets them).

    Red team 27 (report 13), f3: ``version`` bound in each branch of an ``if``/``elif``/``else`` to an AC
    literal was said to be "the AC version '2.2.5-7'" (the one binding ``bound_literal`` picked) while rewrite
    named all three: every binding is read, and a review says the value "is" a version only when that is the one
    thing it can be (a literal, a name bound only to it, a dict constant's one value); else "may be", naming
    each, as rewrite's review does (an environment read or its default, a parameter, branches, rows)."""
    finder = ctx.python
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return ([value.value] if is_ac_version(ctx, value.value) else []), True, ""
    bound = bound_literals(finder, value)
    if bound and _ac_only(ctx, [text for text, _line in bound]):  # a name bound only to string literals, with lines
        lines = sorted({line for text, line in bound if is_ac_version(ctx, text)})
        texts = [text for text, _line in bound]
        # the bindings of its scope (or the module's); a function's `global` rebinding is another it may be
        texts += [text for text in one_step_values.texts(finder, value) if text not in texts]
        where = f", bound on line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}"
        # "is" only when nothing else reaches it either (a global rebinding to an environment read)
        return _ac_only(ctx, texts), len(set(texts)) == 1 and one_step_values.sure(finder, value) is not None, where
    # Red team 14 (report 13) F6: "2.3.4-11" if prod else "2.4.3-6", VERSIONS["prod"], Cfg.PIN: literals too;
    # red team 15 (report 13) F6: TARGETS[ENV], TARGETS.get(ENV, "2.3.4-11"), a name bound to either
    texts = ac_format_reads.value_texts(finder.module, finder.memo, value, ac_format_reads.imported_of(finder.file))
    if _ac_only(ctx, texts):
        return _ac_only(ctx, texts), len(set(texts)) == 1 and not _a_get(finder, value), ""
    # red team 20 (report 13) F2: an alias, a parameter or .get default, a loop over literal rows
    texts = one_step_values.texts(finder, value)
    return _ac_only(ctx, texts), one_step_values.sure(finder, value) is not None, ""


def _a_get(finder, value: ast.AST) -> bool:
    """``TARGETS.get(ENV)``, or a name bound once to one: it may give None (or its default), not only the entry."""
    if isinstance(value, ast.Name):
        stores = finder.names.uses_of_binding(value.id, "stores", value)
        parent = finder.names.parent(stores[0]) if len(stores) == 1 else None
        value = parent.value if isinstance(parent, (ast.Assign, ast.AnnAssign)) else value
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "get"


def _ac_only(ctx: DocumentContext, texts) -> list:
    return [text for text in dict.fromkeys(texts) if is_ac_version(ctx, text)]
