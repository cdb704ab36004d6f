"""$airflowVersion -> $runtimeVersion, in the document and in the Python that sends it.

Houston change: the same as ``rename_version_argument`` and
``update_deployment_runtime``; this rule follows their variable values.  When
the version argument now reads ``runtimeVersion: $airflowVersion``, the
variable is renamed to ``$runtimeVersion`` (``$desiredAirflowVersion`` to
``$desiredRuntimeVersion``) in its definition and uses, and the variables dict
the script sends is updated: the key renamed, an AC version literal mapped to
its Runtime equivalent, any other value flagged for review.

The rename is skipped (and the person told why) when the variable is used
elsewhere too (``runtimeReleases(airflowVersion: $airflowVersion)``), when the
new name is taken, or when the dict that carries it cannot be found: renaming
one side of a contract without the other would break the script.
Both sides change only when every send is seen and agrees: a dict sent with
several documents (``q = A if new else B`` counts as a send of each), a request
body read after it is sent (``body["variables"]["airflowVersion"]``), or a
document also kept where no visible call sends it (a dict of documents, a
``return``) leaves the document and every dict as they are, reported at both.
A user-chosen name (``$version``) stays; only its value in the dict changes.
Red team 5 added: agreement is per operation (a send with ``operationName`` runs
only the operations it names, one without may run any of the document's, F1);
the new key already in a dict or call of the send (F2), or a module helper that
reads the key or has a parameter named like it (F3), holds the rename back; and
the AC version default of a variable feeding a migrated argument is migrated
whatever the variable's name (F17).

Variables a ``**`` splat may supply are a send the tool cannot read
(``helper(Q, **extra)``, ``{"ws": ws, **extra}``, ``json={"query": Q, **extra}``,
``*args``, a computed key): the script would go on sending ``airflowVersion``
to a document that now asks for ``$runtimeVersion``, so nothing changes and the
review names the call's line.  A splat of a dict literal of the module
(``**{...}``, ``**params``, ``{**BASE, ...}``) is one more dict of the send,
renamed with the others when every document it goes with agrees; and a key
written after an unknown splat (``{**base, "airflowVersion": v}``,
``dict(row, airflowVersion=v)``) wins over whatever the splat holds, so it is
renamed too (see ``PythonDocumentFinder.read_variables``).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import Dict, List, Optional

import ast

from graphql import OperationDefinitionNode, StringValueNode, VariableNode, Visitor, visit

from ..sources import bindings, composed, templates
from ..sources import splice
from ..sources.python import CLASS_EXPORTED, CLASS_EXPORTED_REASON
from . import ac_format_reads, one_step_values
from .context import REVIEW, DocumentContext, describe_other_uses, encode_in, line_list
from .sent_values import kept_variable_fallback, returned_dicts, updated_values
from .version_values import UNWRITABLE, airflow_version_read, other_reads
from ..sources.tree_nodes import walk as tree_walk  # ast.walk's order, listed once per tree (shared by the analyses)

RENAMES = {"airflowVersion": "runtimeVersion", "desiredAirflowVersion": "desiredRuntimeVersion"}
REVIEW_VARIABLE = "review-version-variable"
REVIEW_SHARED_VARIABLES = "review-shared-variables"
_VARIABLE = re.compile(r"\$([_A-Za-z][_0-9A-Za-z]*)")


def run(ctx: DocumentContext) -> None:
    # Red team 23, report 13, f11: one entry per (operation, variable).  Two operations of a
    # document may each declare $airflowVersion and be sent by different calls; grouping by name
    # alone decided for the first operation only, so the second got `runtimeVersion: $airflowVersion`
    # while its own send still carried airflowVersion with an AC version, and no finding.
    by_operation: Dict[tuple, tuple] = {}
    starts = _operation_starts(ctx)
    for node, _argument in ctx.version_variables:
        operation = _operation_at(starts, node)
        by_operation.setdefault((id(operation), node.name.value), (operation, node.name.value, []))[2].append(node)
    for operation, name, migrated_uses in by_operation.values():
        definition = _definition(operation, name)
        if definition is None:
            continue  # an undefined variable: validation reports it
        new_name = RENAMES.get(name)
        groups: List[List[ast.AST]] = []  # the dicts of each send, for the hold decided over all of them
        dicts = _variable_dicts(ctx, name, operation, groups)
        reason = _why_not(ctx, operation, name, new_name, migrated_uses, dicts)
        if reason is None and dicts and new_name is not None:
            # Only a renamed key can change what a helper does (a KeyError, a parameter taking the
            # keyword); a user-chosen name ($v) keeps its key, so the helper's own parameter v is
            # not a read of it (red team 9, F9).
            reason = _helper_reads(ctx, name, new_name) or _name_taken(ctx, dicts, name, new_name) or _typed_dict_field(ctx, name)
        entries_reported = False
        if reason is None and dicts:
            reported: set = set()
            reason = _shared_dicts(ctx, dicts, name, new_name, operation, groups, reported)
            entries_reported = reason is not None
            if reason is not None:
                # Red team 19 (report 13), F4: one send's dict is held, so no send's key changes; a
                # value another send writes under the old key is pointed at, not left silently.
                _review_values_left(ctx, [c for c in dicts if id(c) not in reported], name, definition)
        if reason is None and dicts:
            reason = _unseen_sends(ctx, dicts, name)
            entries_reported = reason is not None
        # The variable flows into a migrated argument whatever happens to its name: an AC
        # version default ($v: String = "2.3.4-11") must become the Runtime one (F17),
        # unless the variable also feeds something else (then the review below says so).
        since = len(ctx.edits)
        if not _other_uses(operation, name, migrated_uses):
            _migrate_default(ctx, definition)
        if reason is not None:
            _withdraw_if_composed_unread(ctx, name)
            if definition.default_value is not None:
                ctx.migrated(
                    definition.default_value, "migrate-version-variable",
                    f"the default of ${name} becomes an Astro Runtime version", since,
                )
            wanted = f"rename it to ${new_name} and " if new_name else ""
            review = ctx.review(
                definition.variable,
                REVIEW_VARIABLE,
                f"${name} now feeds a Runtime version argument, but {reason}: {wanted}"
                "send an Astro Runtime version in it",
            )
            # Red team 23, report 13, f4: when the argument's edit is taken back too, it does not
            # feed one yet; the withdrawal adds the reason, so the held wording leaves it out there.
            review.held = (
                f"${name} is left as it is with its document; once the document is migrated it feeds a Runtime "
                f"version argument: {wanted}send an Astro Runtime version in it"
            ) + ("" if _sending_reader(ctx) else f" ({reason})")
            if dicts and not entries_reported:
                _review_values_left(ctx, dicts, name, definition)
            elif dicts is None:  # red team 20 (report 13) F12: held by one send, the others' values are left
                _review_values_left(ctx, _readable_dicts(ctx, name, operation), name, definition)
            if new_name is not None:  # kept under its AC name, the values sent in it may not all be read
                _review_untraced(ctx, name, operation, definition)
            if _sending_reader(ctx):  # both sides or neither (red team 10 F3): the argument is left as well
                ctx.withdraw_edits(REVIEW_VARIABLE, f"not rewritten: {reason}")
            continue
        if new_name is not None:
            _rename_in_document(ctx, operation, name, new_name)
        _update_dicts(ctx, dicts or [], name, new_name)
        target = f"${new_name}" if new_name else f"${name}"
        ctx.migrated(
            definition.variable, "migrate-version-variable", f"${name} becomes {target}, sent with a Runtime version", since
        )


def _withdraw_if_composed_unread(ctx: DocumentContext, name: str) -> None:
    """Red team 10, F5: the document is part of a send that composes or fills it in a way not read
    (``textwrap.dedent(CREATE) + FRAG``, ``CREATE % {...}``, ``"".join(PARTS)``): that send's dict
    keeps '``name``' whatever happens here, so no edit of the document may land, not even the
    argument's (it would send an AC version as a Runtime one); all of them become review items."""
    if ctx.python is None or ctx.withdraw_why or not ctx.source.names:
        return
    line = composed.unread_send(ctx.python, ctx.source)
    if line is not None:
        ctx.withdraw_why = (
            f"not rewritten: {ctx.source.names[0]} is part of the document sent on line {line}, composed or filled "
            f"there in a way that cannot be read, so the '{name}' its variables carry cannot follow; migrate them "
            "together by hand"
        )


def _operation_starts(ctx: DocumentContext):
    """The document's top-level definitions in order, with their starts: indexed once per document."""
    definitions = [d for d in ctx.document.definitions if d.loc is not None]
    return [d.loc.start for d in definitions], definitions


def _operation_at(starts, variable: VariableNode) -> Optional[OperationDefinitionNode]:
    """The operation whose text holds ``variable`` (None inside a fragment)."""
    offsets, definitions = starts
    if variable.loc is None:
        return None
    index = bisect.bisect_right(offsets, variable.loc.start) - 1
    if index < 0:
        return None
    definition = definitions[index]
    if isinstance(definition, OperationDefinitionNode) and variable.loc.start < definition.loc.end:
        return definition
    return None


def _definition(operation: Optional[OperationDefinitionNode], name: str):
    if operation is None:
        return None
    return next((d for d in operation.variable_definitions or () if d.variable.name.value == name), None)


def _sending_reader(ctx: DocumentContext) -> str:
    """Red team 10 F3: a ``.graphql`` file a script of the run reads and sends (``sources.cross_module``).

    The script sends the variables (``{"airflowVersion": "2.3.4-11"}``), which this rule cannot edit
    from the file: renaming the (nullable) variable alone makes Houston get null silently, and
    renaming only the argument sends an AC version as a Runtime one.  So neither side is edited.
    """
    readers = [text for direction, text in (getattr(ctx.file, "read_by", None) or ()) if direction]
    readers += list(getattr(ctx.file, "held_by", None) or ())  # loaded through a glob of an unknown folder (report 12, F8)
    if ctx.python is not None or not readers:
        return ""
    return f"this file is {readers[0]}, which sends its variables: migrate that script's variables together with it"


def _why_not(ctx, operation, name, new_name, migrated_uses, dicts) -> Optional[str]:
    """Why the variable (and the values sent in it) cannot be migrated here, or None."""
    if _other_uses(operation, name, migrated_uses):
        return f"${name} is also used where an Airflow version is meant"
    sent_elsewhere = [n for n in ctx.source.names if ctx.python.sent_elsewhere(n)] if ctx.python else []
    if sent_elsewhere:
        return f"{sent_elsewhere[0]} is also used in another cell or an IPython line, whose variables cannot be seen here"
    definition = _definition(operation, name)
    for node in [definition.variable] + _uses(operation, name):
        shared = ctx.shared_binding(node.loc.start, node.loc.end)
        if shared is not None:
            return f"it is written in {shared[0].name.id}, {describe_other_uses(shared[1], ctx.python.exported_reason)}"
    if new_name is not None and _definition(operation, new_name) is not None:
        return f"${new_name} is already declared"
    if ctx.python is None:
        reader = _sending_reader(ctx)
        if reader:
            return reader
        return None if new_name is not None else "the code that sends it is not in this file"
    if dicts is None:
        return _unread_variables(ctx, name) or "it is sent in variables that are not a dict literal in this module"
    if not dicts:
        return _unseen_sends(ctx, [], "") or "no call in this module sends this document with its variables"
    return None


def _shared_dicts(
    ctx: DocumentContext, dicts: List[ast.AST], name: str, new_name: Optional[str], operation,
    groups: Optional[List[List[ast.AST]]] = None, reported: Optional[set] = None,
) -> Optional[str]:
    """Why a variables dict this document is sent with cannot change, or None.

    A dict is changed only when every operation it may run with agrees and
    nothing else in the module reads it: a key renamed for ``Create`` is lost to
    ``Releases``.  That holds across documents (none of the others mentions
    ``$name`` or ``$new_name``) and within this one (F1): a send selects
    the operations named by its ``operationName`` (``operation_name=``), or,
    without one, may run any operation of the document, so another operation of
    the same document that reads the variable holds the dict back.
    Each shared dict is reported at its key (or at the dict), naming up to three
    of the others: a dict sent with N documents costs linear work and bounded
    messages (F11), since the readers of each dict are grouped once per module.
    """
    finder = ctx.python
    names = frozenset(n for n in (name, new_name) if n)
    reasons = []
    unique = list({id(container): container for container in dicts}.values())
    # Only when another dict of the SAME send is seen holding the key can one with known keys be left
    # out: ``v = dict(ws=ws); v.update(airflowVersion=...)`` holds it in no literal, and renaming the
    # variable there left the key behind (tests/test_rt15_values.py).  Decided per send (red team 19,
    # report 13, F4): another function sending the document with the key in its literal says nothing
    # about this send's dict, completed after its literal (``spec["airflowVersion"] = ...``).
    holds = {
        id(container): any(entry[0] in names for entry in finder.variable_entries(container)[0]) for container in unique
    }
    covered: Dict[int, bool] = {}  # container -> every send it is part of has another dict holding the key
    for group in groups if groups is not None else [unique]:
        group_holds = any(holds[id(c)] for c in group)
        for container in group:
            covered[id(container)] = covered.get(id(container), True) and group_holds
    for container in unique:
        if covered.get(id(container), False) and not _may_hold(finder, container, names):
            continue  # red team 16 (report 13) F1: BASE = {"ws": ...} splatted in: its keys are known, none is renamed
        readers = _same_document_readers(ctx, container, names, operation)
        others, count = _other_documents(ctx, container, names)
        for other, site in others:
            readers.append(
                f"sent with {_document_label(other)} (line {finder.file.line_col(other.start)[0]}) on line {site.call.lineno}"
            )
        if count > len(others):
            readers.append(f"and {count - len(others)} more document{'s' if count - len(others) > 1 else ''}")
        lines = _dict_lines(ctx, container, names)
        if lines:
            numbered = [n for n in lines if n > 0]  # 0 and CLASS_EXPORTED stand for readers outside the module
            where = ", ".join(str(n) for n in numbered[:3])
            if len(numbered) > 3:
                where += f" and {len(numbered) - 3} more"
            uses = f"used on line{'s' if len(numbered) > 1 else ''} {where}" if where else ""
            if 0 in lines:
                uses = (uses + " and " if uses else "") + finder.exported_reason
            if CLASS_EXPORTED in lines:  # red team 22, report 11b, f1
                uses = (uses + " and " if uses else "") + CLASS_EXPORTED_REASON
            readers.append(uses)
        if not readers:
            continue
        why = f"the variables dict on line {finder.file.line_col(finder.span_of(container)[0])[0]} is also " + "; ".join(
            readers
        )
        entries, _complete = finder.variable_entries(container)
        matching = [entry for entry in entries if entry[0] == name]
        spans = [(start, end) for _key, start, end, _value in matching] or [finder.span_of(container)]
        for start, end in spans:
            ctx.finding_at_file(
                start, end, REVIEW, REVIEW_SHARED_VARIABLES,
                f"'{name}' is sent with {_operation_label(operation, ctx.source)} here, but {why}: "
                "not changed; give each document its own variables",
            )
        if reported is not None and matching:
            reported.add(id(container))
        reasons.append(why)
    return "; ".join(reasons) if reasons else None


def _may_hold(finder, container: ast.AST, names: frozenset) -> bool:
    """Whether a dict of the send may carry one of ``names``: not when every key is known and none is one.

    Red team 16 (report 13), F1: ``dict(BASE, airflowVersion=...)`` / ``{**BASE, "airflowVersion": ...}``
    with ``BASE = {"ws": "abc"}`` at module level: BASE is one more dict of the send, but nothing in it is
    renamed or read for the version, so other uses of BASE (it is a module-level name) cannot be broken by
    the rename and do not hold it back."""
    entries, complete = finder.variable_entries(container)
    return not complete or any(entry[0] in names for entry in entries)


def _same_document_readers(ctx: DocumentContext, container: ast.AST, names: frozenset, operation) -> List[str]:
    """Sends of ``container`` with this very document that may run another operation reading ``names``."""
    others = [
        d for d in ctx.document.definitions
        if isinstance(d, OperationDefinitionNode) and d is not operation
        and any(_uses(d, n) or _definition(d, n) is not None for n in names)
    ]
    if not others:
        return []
    found = []
    for source, site in ctx.python.dict_senders(container):
        if source is not ctx.source:
            continue
        chosen = ctx.python.operations_run(site)
        for other in others:
            label = other.name.value if other.name else None
            if chosen is None or label in chosen:
                what = f"{other.operation.value} {label}" if label else "an anonymous operation"
                found.append(f"sent with {what} of the same document on line {site.call.lineno}")
                break
        if len(found) >= 3:
            break
    return found


def _other_documents(ctx: DocumentContext, container: ast.AST, names: frozenset):
    """(up to three other (document, site) pairs sending ``container`` whose text reads ``names``, how many in all).

    The pairs reading ``names`` are listed once per dict and module (cached on the
    finder), so N documents sharing one dict cost O(N), not O(N) each.
    """
    finder = ctx.python
    groups = finder.memo.setdefault("rename_version_variable.groups", {})
    key = (id(container), names)
    if key not in groups:
        readers = [
            (other, site) for other, site in finder.dict_senders(container)
            if names & _variables_of(finder, other)
        ]
        per_source: Dict[int, int] = defaultdict(int)
        for other, _site in readers:
            per_source[id(other)] += 1
        groups[key] = (readers, per_source)
    readers, per_source = groups[key]
    count = len(readers) - per_source.get(id(ctx.source), 0)
    shown = []
    for other, site in readers:
        if len(shown) == 3:
            break
        if other is not ctx.source:
            shown.append((other, site))
    return shown, count


def _variables_of(finder, source) -> frozenset:
    """The ``$names`` a document's text mentions, read once per document."""
    cache = finder.memo.setdefault("rename_version_variable.texts", {})
    if id(source) not in cache:
        cache[id(source)] = frozenset(_VARIABLE.findall(source.text))
    return cache[id(source)]


def _dict_lines(ctx: DocumentContext, container: ast.AST, names: frozenset) -> List[int]:
    """The module's other uses of a dict (``dict_readers``' lines), once per dict and module."""
    finder = ctx.python
    cache = finder.memo.setdefault("rename_version_variable.lines", {})
    key = (id(container), names)
    if key not in cache:
        cache[key] = finder.dict_readers(container, ctx.source, sorted(names))[1]
    return cache[key]


def _unseen_sends(ctx: DocumentContext, dicts: List[ast.AST], name: str) -> Optional[str]:
    """Why the document may also be sent by a call this module does not show, or None.

    ``DOCS = {"create": CREATE}``, ``return CREATE``: whatever sends it from there
    sends variables nobody renames, so neither the document nor any of its
    dicts changes, and each dict is reported at its key.
    """
    finder = ctx.python
    unseen = bindings.unseen_sends(
        finder.names, list(ctx.source.names), [site.call for site in ctx.source.sites], finder.only_displays,
        at=ctx.source.node,
    )
    if not unseen:
        return None
    why = (
        f"{ctx.source.names[0]} is also used on {line_list(unseen)}, "
        "where the call that may send it and its variables cannot be followed"
    )
    for container in {id(c): c for c in dicts}.values():
        entries, _complete = finder.variable_entries(container)
        for _key, start, end, _value in [entry for entry in entries if entry[0] == name]:
            ctx.finding_at_file(
                start, end, REVIEW, REVIEW_SHARED_VARIABLES,
                f"'{name}' is sent with {_document_label(ctx.source)} here, but {why}: not changed",
            )
    return why


def _operation_label(operation, source) -> str:
    if operation is not None and operation.name is not None:
        return f"{operation.operation.value} {operation.name.value}"
    return _document_label(source)


def _document_label(source) -> str:
    # A comment runs to its line's end: linear, not 2**lines of "# #" comments.
    match = re.match(r"[\s,]*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)", source.text)
    return f"{match.group(1)} {match.group(2)}" if match else "another document"


def _other_uses(operation, name: str, migrated_uses) -> bool:
    """Is ``$name`` also used where no migrated argument reads it?"""
    return any(all(use is not m for m in migrated_uses) for use in _uses(operation, name))


def _migrate_default(ctx: DocumentContext, definition) -> None:
    """An AC version default of a variable that now feeds a Runtime argument becomes its Runtime version."""
    default = definition.default_value
    runtime = ctx.versions.runtime_for(default.value) if isinstance(default, StringValueNode) else None
    if runtime is not None:
        content = splice.graphql_string_content(runtime)
        if content is None or not ctx.replace(default.loc.start + 1, default.loc.end - 1, content):
            ctx.review(
                default, UNWRITABLE,
                f"the Astro Runtime version {runtime!r} cannot be written into this literal as it is: "
                "set this default by hand",
            )


def _helper_reads(ctx: DocumentContext, name: str, new_name: Optional[str]) -> Optional[str]:
    """Why a helper of the module that receives the variables reads the key itself (F3), or None.

    ``def houston(query, **variables): print(variables["airflowVersion"])``: renaming the
    key sent to it makes that a KeyError; a parameter named ``runtimeVersion`` would take
    the renamed keyword for itself instead of sending it.
    """
    keys = [n for n in (name, new_name) if n]
    for site in ctx.python.variable_sites(ctx.source):
        found = ctx.python.helper_reads(site, keys)
        if found is not None:
            helper, line = found
            return f"the helper {helper} it is sent through (line {site.call.lineno}) reads '{name}' or '{new_name or name}' itself {_at(line)}"
    for site in ctx.python.variable_sites(ctx.source):
        # Closed world (red team 10, F1/F2): every use of the variables inside the helper must be a plain
        # send; dict(v, airflowVersion=X), v.update(...), check_version(v), self.prepare(v) are not.
        found = ctx.python.helper_open_use(site)
        if found is not None:
            helper, line = found
            return (
                f"the helper {helper} it is sent through (line {site.call.lineno}) also uses the variables {_at(line)} "
                f"in a way that cannot be followed (it may read, add or change '{name}')"
            )
    return None


def _typed_dict_field(ctx: DocumentContext, name: str) -> Optional[str]:
    """Why a ``TypedDict`` of the module declaring the key holds the rename (red team 16, report 11b, F11), or None.

    ``class UpgradeVars(TypedDict): desiredAirflowVersion: str`` and ``variables: UpgradeVars = {...}``:
    the dict's keys are a declared contract; renaming the dict's key alone makes the type check fail
    (a missing and an extra key).  A ``TypedDict`` class (or ``X = TypedDict("X", {...})``) whose field
    is ``name`` and whose name the module uses elsewhere (an annotation, a call) counts.  One walk of the
    module, kept on the finder.
    """
    finder = ctx.python
    memo = finder.__dict__.setdefault("_typed_dict_fields", {})
    if "fields" not in memo:
        fields: Dict[str, tuple] = {}  # field -> (class name, line)
        used: set = set()
        imported: Dict[str, tuple] = {}  # name bound by ``from X import name`` -> (X, line)
        annotated: Dict[str, str] = {}  # key of a dict display bound with an annotation -> the annotation's name
        for node in tree_walk(finder.module):
            if isinstance(node, ast.ClassDef) and any(_dotted_last(b) == "TypedDict" for b in node.bases):
                for statement in node.body:
                    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                        fields.setdefault(statement.target.id, (node.name, statement.lineno))
            elif (
                isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _dotted_last(node.value.func) == "TypedDict"
                and len(node.value.args) > 1 and isinstance(node.value.args[1], ast.Dict) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                for key in node.value.args[1].keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        fields.setdefault(key.value, (node.targets[0].id, node.lineno))
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                used.add(node.id)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
                used.add(node.value)  # a string annotation: variables: "UpgradeVars" = {...}
            elif isinstance(node, ast.ImportFrom) and node.module not in _TYPING_MODULES:
                for alias in node.names:
                    imported[alias.asname or alias.name] = ("." * node.level + (node.module or ""), node.lineno)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Dict):
                annotation = node.annotation
                label = annotation.value if isinstance(annotation, ast.Constant) else _dotted_last(annotation)
                for key in node.value.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(label, str):
                        annotated.setdefault(key.value, label)
        memo["fields"] = {field: at for field, at in fields.items() if at[0] in used}
        # Red team 17 (report 11b, F11): a dict annotated with a type imported from another module (the
        # project's API types module) may be a TypedDict declaring the key there: held, not renamed alone.
        for field, label in annotated.items():
            if field not in memo["fields"] and label in imported:
                module, line = imported[label]
                memo["fields"][field] = (label, line, module)
    found = memo["fields"].get(name)
    if found is None:
        return None
    if len(found) == 3:
        return (
            f"the dict is annotated {found[0]}, imported from {found[2]} on line {found[1]}, which may be a TypedDict "
            f"declaring the key '{name}' (a type check fails when only the dict is renamed)"
        )
    return f"the TypedDict {found[0]} declares the key '{name}' on line {found[1]} (a type check fails when only the dict is renamed)"


# Modules whose names annotate a dict without declaring its keys (Dict[str, Any], Mapping, JSON aliases).
_TYPING_MODULES = frozenset({"typing", "typing_extensions", "collections", "collections.abc", "__future__", "builtins"})


def _dotted_last(node) -> Optional[str]:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def _at(line) -> str:
    """``on line 4`` of this file, or ``at main.py:4`` for an imported helper's own line (red team 13, F16)."""
    return f"on line {line}" if isinstance(line, int) else f"at {line}"


def _name_taken(ctx: DocumentContext, dicts: List[ast.AST], name: str, new_name: Optional[str]) -> Optional[str]:
    """Why the new key cannot be written: a dict (or keyword call) of the send already has it (F2).

    ``{"airflowVersion": v, "runtimeVersion": None}`` would get the key twice (the later
    value wins), ``houston(Q, airflowVersion=v, runtimeVersion=None)`` would not compile.
    """
    if new_name is None:
        return None
    finder = ctx.python
    for container in {id(c): c for c in dicts}.values():
        entries, _complete = finder.variable_entries(container)
        taken = [entry for entry in entries if entry[0] == new_name]
        if taken:
            line = finder.file.line_col(taken[0][1])[0]
            return f"'{new_name}' is already sent on line {line} beside it"
    return None


def _uses(operation: OperationDefinitionNode, name: str) -> List[VariableNode]:
    found: List[VariableNode] = []
    declared = {id(d.variable) for d in operation.variable_definitions or ()}

    class Uses(Visitor):
        def enter_variable(self, node, *_):
            if node.name.value == name and id(node) not in declared:
                found.append(node)

    visit(operation, Uses())
    return found


def _rename_in_document(ctx: DocumentContext, operation, name: str, new_name: str) -> None:
    for definition in operation.variable_definitions or ():
        if definition.variable.name.value == name:
            ctx.replace_node(definition.variable.name, new_name)
    for use in _uses(operation, name):
        ctx.replace_node(use.name, new_name)
    if ctx.python is None:
        ctx.review(
            operation.name or operation,
            REVIEW_VARIABLE,
            f"${name} is now ${new_name}: the code that sends this document must send "
            f"'{new_name}' with an Astro Runtime version",
        ).held = (  # red team 23, report 13, f4: a file held (a shell step sends it) still declares ${name}
            f"${name} is left as it is with this file; once it is migrated it is ${new_name}, and the code that "
            f"sends this document must then send '{new_name}' with an Astro Runtime version"
        )


def _variable_dicts(
    ctx: DocumentContext, name: str, operation, groups: Optional[List[List[ast.AST]]] = None
) -> Optional[List[ast.AST]]:
    """Every dict the operation is sent with; None if one send's variables cannot be read for ``name``.

    A send whose ``operationName`` selects another operation of the document does not run
    this one: its dict is not this operation's (F1; ``_shared_dicts`` checks the other way).

    A ``**`` splat (``helper(Q, **extra)``, ``{**base, ...}``, ``json={"query": Q, **extra}``)
    of anything but a dict literal of this module may carry ``name`` whatever we rename.
    """
    if ctx.python is None:
        return None
    found: List[ast.AST] = []
    for site in ctx.python.variable_sites(ctx.source):
        if site.kind == "gql" and site.variables is None:
            continue  # gql() only builds the document; the execute call carries the variables
        if not _may_run(ctx, site, operation):
            continue
        dicts, _why = ctx.python.read_variables(site, [name])
        if dicts is None:
            return None
        found.extend(dicts)
        if groups is not None:
            groups.append(list(dicts))
    return found


def _readable_dicts(ctx: DocumentContext, name: str, operation) -> List[ast.AST]:
    """The dicts of the sends whose variables can be read, when another send's cannot.

    Red team 20 (report 13), F12: one send's ``**extra`` splat or computed key holds the variable
    for every send, so no key changes; the values the other sends write under the old key are left
    as they are, and each is pointed at (``_review_values_left``), as when the hold comes from a dict
    completed after its literal (red team 19, report 13, F4).
    """
    if ctx.python is None:
        return []
    found: List[ast.AST] = []
    for site in ctx.python.variable_sites(ctx.source):
        if (site.kind == "gql" and site.variables is None) or not _may_run(ctx, site, operation):
            continue
        dicts, _why = ctx.python.read_variables(site, [name])
        if dicts is None:
            # {"desiredAirflowVersion": "2.4.3-6", **extra}: the held send's own entry is still what it sends
            # when extra does not override it, so it is pointed at too (red team 23, report 13, f5)
            dicts = ctx.python.read_variables(site, None)[0] or returned_dicts(ctx.python, site.variables)
        found.extend(dicts or ())
    return found


def _may_run(ctx: DocumentContext, site, operation) -> bool:
    """Can this send run ``operation``?  No only when its ``operationName`` names others."""
    chosen = ctx.python.operations_run(site)
    return chosen is None or operation is None or operation.name is None or operation.name.value in chosen


def _unread_variables(ctx: DocumentContext, name: str) -> str:
    """Why a send's variables cannot be read (a ``**`` splat of a parameter, ...), naming its line."""
    for site in ctx.python.variable_sites(ctx.source):
        if site.kind == "gql" and site.variables is None:
            continue
        _dicts, why = ctx.python.read_variables(site, [name])
        if why:
            return why
    return ""


def _review_values_left(ctx: DocumentContext, dicts: List[ast.AST], name: str, definition) -> None:
    """The values sent as ``name`` when the variable could not be migrated, each reviewed where it is written.

    The argument it feeds is migrated anyway (``updateDeploymentRuntime(desiredRuntimeVersion: $v)``):
    a value left as an AC version must be pointed at where it is, not only at the variable
    (red team 9, F9: both sides change, or both are reviewed).
    """
    finder = ctx.python
    line = ctx.file.line_col(ctx.source.text_map.file_offset(definition.variable.loc.start))[0]
    for container in {id(c): c for c in dicts}.values():
        entries, _complete = finder.variable_entries(container)
        # v = dict(extra); v["desiredAirflowVersion"] = "2.4.3-6": sent too, as check reads it (red team 24, report 13, f6)
        values = [entry[3] for entry in entries if entry[0] == name] + updated_values(finder, container, name)
        for value in values:
            # a helper's parameter (make_vars(dep, "2.4.3-6")): the AC versions its callers pass are named where
            # they are written (red team 28, report 13, f4)
            one_step_values.review_callers(ctx, value, name, migrating=True)
            start, end = finder.span_of(value)
            shown = ""
            if templates.is_plain_literal(value) and isinstance(value.value, str):
                runtime = ctx.versions.runtime_for(value.value)
                shown = f" ({value.value!r}; its Astro Runtime equivalent is {runtime!r})" if runtime else f" ({value.value!r})"
            ctx.finding_at_file(
                start, end, REVIEW, "review-version-value",
                f"sent as '{name}', which now feeds a Runtime version argument (${name}, line {line}), but is not "
                f"changed{shown}: send an Astro Runtime version",
            )


def _review_untraced(ctx: DocumentContext, name: str, operation, definition) -> None:
    """Red team 29, report 13, f1-f6: ``$airflowVersion`` is kept while its argument becomes ``runtimeVersion``,
    and the values its sends give it are not read whole (``post({"query": Q, "variables": {...}})`` handed to a
    helper, ``v.update(DEFAULTS)``, ``v |= {...}``, ``body["variables"]["airflowVersion"] = ...``,
    ``create(..., **extra)`` called with ``airflowVersion="2.3.4-11"``, ``BASE.copy()``): nothing named the AC
    versions the script goes on sending.  The module's counted AC versions no review of its values names are
    named at the variable, as ``check`` does afterwards (``sent_values.kept_variable_fallback``)."""
    untraced = kept_variable_fallback(ctx, name, operation)
    if untraced:
        ctx.review(
            definition.variable, "review-version-value", f"${name} now feeds a Runtime version argument: {untraced}",
        ).held = (
            f"${name} is left as it is with its document; once the document is migrated it feeds a Runtime version "
            f"argument: {untraced}"
        )


def _literals_named(ctx: DocumentContext, value: ast.AST) -> str:
    """Red team 14 (report 13) F6: the AC versions a value made of literals may be (``"2.3.4-11" if prod
    else "2.4.3-6"``, ``VERSIONS["prod"]``), each with its Runtime equivalent; they are not rewritten
    (which branch is sent is not known here), so the review names them.  A name is followed only when
    bound once to a lookup of a module dict constant (``target = TARGETS[ENV]``, red team 15 report 13,
    F6): ``value_texts`` gives nothing for any other name."""
    finder = ctx.python
    named = []
    texts = ac_format_reads.value_texts(finder.module, finder.memo, value, ac_format_reads.imported_of(finder.file))
    # red team 20 (report 13) F2: one step further, an alias, a parameter or .get default, a loop's literal rows
    texts = texts or one_step_values.texts(finder, value)
    for text in dict.fromkeys(texts):
        runtime = ctx.versions.runtime_for(text)
        if runtime is not None:
            named.append(f"{one_step_values.shown(text)} (its Astro Runtime equivalent is {runtime!r})")
    return f": it may be {', '.join(named)}" if named else ""


def _update_dicts(ctx: DocumentContext, dicts: List[ast.AST], name: str, new_name: Optional[str]) -> None:
    finder = ctx.python
    matching = []
    for container in dicts:
        # Every entry is read (a splat's dict is one of ``dicts``; anything else never gets here).
        entries, _complete = finder.variable_entries(container)
        matching.extend(entry for entry in entries if entry[0] == name)
    named = one_step_values.named_for(finder, [entry[3] for entry in matching])  # red team 25 (report 13)
    for _key, key_start, key_end, value in matching:
        if new_name is not None:
            ctx.edit_file(key_start, key_end, new_name)
        _update_value(ctx, value, new_name or name, name, named)


def _update_value(ctx: DocumentContext, value: ast.AST, key: str, old: str = "", named=()) -> None:
    """Migrate the value sent as ``old`` (now ``key``), or review it; each review also says what it
    is if the document's edits are taken back (``Finding.held``: red team 22, report 13, f7)."""
    finder = ctx.python
    old = old or key
    # What the file still sends when its edits are taken back: the old key, to the AC argument.
    kept = f"'{old}'" if old == key else f"'{old}' (to be sent as '{key}')"
    start, end = finder.span_of(value)
    if templates.is_plain_literal(value) and isinstance(value.value, str):
        text_map = finder.string_text_map(value)
        version = text_map.text
        runtime = ctx.versions.runtime_for(version)
        if runtime is not None:
            spans = text_map.file_spans(0, len(version))
            source_text = encode_in(text_map, spans[0][0], spans[0][1], runtime) if len(spans) == 1 else None
            if source_text is not None:
                ctx.edit_file(spans[0][0], spans[0][1], source_text)
                # Red team 23, report 13, f9: held, the literal still sends the AC version; say so there.
                ctx.held_note(
                    start, end, "review-version-value",
                    f"{version!r}, sent as '{old}', is left as it is with its document, which still sends it as an AC "
                    f"version; when the document is migrated, send its Astro Runtime equivalent {runtime!r} as '{key}'",
                )
                return
            if len(spans) == 1:
                ctx.finding_at_file(
                    start, end, REVIEW, UNWRITABLE,
                    f"the Astro Runtime version {runtime!r} cannot be written into this literal as it is: "
                    f"send it as '{key}' by hand",
                ).held = (
                    f"this literal, sent as {kept}, is left as it is with its document; when the document is "
                    f"migrated, write the Astro Runtime version {runtime!r} into it by hand"
                )
                return
        elif ctx.versions.is_runtime(version):
            return
        mapped = ctx.versions.mapping(version)
        why = "has no Astro Runtime equivalent" if mapped.kind in ("", "no-equivalent") else f"is not mapped ({mapped.reason})"
        message = f"{version!r} sent as '{key}' {why}: send a Runtime version"
        held = f"{version!r}, sent as {kept}, {why}: when its document is migrated, send a Runtime version"
    elif airflow_version_read(ctx, value) is not None:  # red team 13 F6: dep["airflowVersion"] re-sent
        message = f"the value sent as '{key}' must now be an Astro Runtime version, but {airflow_version_read(ctx, value)}"
        held = (
            f"the value sent as {kept} is left as it is with its document; when the document is migrated it must be "
            f"an Astro Runtime version, but {airflow_version_read(ctx, value)}"
        )
    else:
        one_step_values.review_callers(ctx, value, key, migrating=True)  # red team 22 (report 13) f5: what the module's calls pass
        expression = finder.code_of(value)
        tail = (
            f"{other_reads(ctx, expression, start, name=value if isinstance(value, ast.Name) else None)}"
            f"{_literals_named(ctx, value)}"
        )
        untraced = one_step_values.untraced_versions(ctx, value, named)  # red team 25 (report 13): the fallback
        tail += f"{'; ' if tail else ': '}{untraced}" if untraced else ""
        message = f"the value sent as '{key}' must now be an Astro Runtime version, not an AC version{tail}"
        held = (
            f"the value sent as {kept} is left as it is with its document, which still sends an AC version; when the "
            f"document is migrated it must be an Astro Runtime version, not an AC version{tail}"
        )
    ctx.finding_at_file(start, end, REVIEW, "review-version-value", message).held = held
