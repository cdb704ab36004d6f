"""Validate documents with graphql-core's own rules; report at file positions.

Every error carries the code of the rule that found it (``FieldsOnCorrectTypeRule``
-> ``fields-on-correct-type``).  Use of a deprecated schema item (the AC side of
the migration) is a warning, not an error.  Errors that point into a template
hole are dropped: the hole's value is not known until the script runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from graphql import (
    GraphQLError,
    NoDeprecatedCustomRule,
    NoUnusedFragmentsRule,
    OperationDefinitionNode,
    specified_rules,
    validate,
)
from graphql.language.visitor import BREAK, SKIP, EnterLeaveVisitor
from graphql.validation import ASTValidationRule

from .model import ERROR, WARNING
from .rules.context import DocumentContext
from .rules.walk import type_info_table

DEPRECATED_CODE = "deprecated"


def rule_code(rule: type) -> str:
    name = re.sub(r"Rule$", "", rule.__name__)
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


class _AllRules(ASTValidationRule):
    """graphql-core's rules as ONE visitor: each node is dispatched only to the rules that act on its kind.

    ``validate`` merges its rules with a ``ParallelVisitor`` that, for every new
    document, asks each of the ~28 rules for its methods on each node kind and
    then calls through all of them at every node.  That bookkeeping cost more
    than the checks.  Here the question is answered once per process and class
    (``_methods``); per document only the rules with a method for a kind met are
    bound.  Skip and break work per rule exactly as in ``ParallelVisitor``.

    Every error is stamped with the code and severity of the rule that reported
    it: rules report synchronously from their own visit methods, so the rule
    being called is the one reporting.  Subclasses (``_rule_set``) say which
    rules run, as (rule class, code, severity).
    """

    members: Tuple[Tuple[type, str, str], ...] = ()
    _kinds: Dict[str, Tuple[Tuple[Tuple[int, str], ...], Tuple[Tuple[int, str], ...]]]

    def __init__(self, context) -> None:
        super().__init__(context)
        report = context.report_error
        self._tag: Tuple[str, str] = ("invalid", ERROR)

        def tagged(error: GraphQLError) -> None:
            error.extensions = {"code": self._tag[0], "severity": self._tag[1]}
            report(error)

        context.report_error = tagged  # this validation's own context: its errors carry their rule's code
        for name in _NODE_KEYED_CACHES:
            if type(getattr(context, name, None)) is dict:
                setattr(context, name, _ByNode())
        # Each rule object is made when a node of a kind it acts on is first met (``make``):
        # a rule acting only on directives or fragments costs nothing for a document without
        # them, and it could report nothing there.  Every rule's __init__ only reads the schema
        # and the document into its own fields, so when it runs changes nothing.
        self.rules: List[object] = [None] * len(self.members)
        self.tags = [(code, severity) for _, code, severity in self.members]
        self.skipping: List[object] = [None] * len(self.rules)
        self.skipped = 0  # rules skipping a subtree right now (their skipping entry is its node)
        self.bound: Dict[str, EnterLeaveVisitor] = {}

    @classmethod
    def _methods(cls, kind: str):
        """(rule index, method name) of the rules that enter and that leave ``kind``: once per class."""
        found = cls._kinds.get(kind)
        if found is None:

            def named(rule: type, prefix: str) -> Optional[str]:
                for name in (f"{prefix}_{kind}", prefix):
                    if getattr(rule, name, None):
                        return name
                return None

            enters, leaves = [], []
            for index, (rule, _, _) in enumerate(cls.members):
                enter, leave = named(rule, "enter"), named(rule, "leave")
                if enter:
                    enters.append((index, enter))
                if leave:
                    leaves.append((index, leave))
            found = cls._kinds[kind] = (tuple(enters), tuple(leaves))
        return found

    def make(self, indices) -> None:
        """The rule objects at ``indices``, made now if not made yet."""
        global rule_objects
        rules, members = self.rules, self.members
        for i in indices:
            if rules[i] is None:
                rules[i] = members[i][0](self.context)
                rule_objects += 1

    def get_enter_leave_for_kind(self, kind: str) -> EnterLeaveVisitor:
        bound = self.bound.get(kind)
        if bound is None:
            bound = self.bound[kind] = self._bind(kind)
        return bound

    def _bind(self, kind: str) -> EnterLeaveVisitor:
        enter_names, leave_names = self._methods(kind)
        if not enter_names and not leave_names:
            return _NOTHING
        self.make([i for i, _ in enter_names] + [i for i, _ in leave_names])
        members, tags = self.members, self.tags
        enters = tuple((i, getattr(members[i][0], name), tags[i]) for i, name in enter_names)
        leaves = tuple((i, getattr(members[i][0], name), tags[i]) for i, name in leave_names)

        def enter(node, *args):
            return _enter_rules(self, enters, node, args)  # an edit goes back to graphql-core's visit

        def leave(node, *args):
            return _leave_rules(self, leaves, node, args)

        return EnterLeaveVisitor(enter, leave)


def _enter_rules(rules: "_AllRules", enters, node, args):
    """Enter ``node`` in each rule of ``enters`` (index, the rule class's function, tag) not skipping.

    A rule's SKIP (or False) silences it below ``node``; BREAK (or True) for the rest of
    the walk.  Any other answer is an edit, returned at once: graphql-core's ``visit``
    (``_AllRules``) applies it, the fast walk (``_Dispatch``) gives up for ``validate``.
    Both callers share this one loop, so both run the rules alike.
    """
    skipping, instances = rules.skipping, rules.rules
    for i, function, tag in enters:
        if not skipping[i]:
            rules._tag = tag
            result = function(instances[i], node, *args)
            if result is None:
                continue
            if result is SKIP or result is False:
                skipping[i] = node
                rules.skipped += 1
            elif result is BREAK or result is True:
                skipping[i] = BREAK
            else:
                return result
    return None


def _leave_rules(rules: "_AllRules", leaves, node, args):
    """Leave ``node`` in each rule of ``leaves`` not skipping; then the rules whose skip ended at
    ``node`` take part again.  Returns an edit a rule answered (see ``_enter_rules``), else None."""
    skipping, instances = rules.skipping, rules.rules
    for i, function, tag in leaves:
        if not skipping[i]:
            rules._tag = tag
            result = function(instances[i], node, *args)
            if result is None:
                continue
            if result is BREAK or result is True:
                skipping[i] = BREAK
            elif result is not SKIP and result is not False:
                return result
    if rules.skipped:  # a rule that skipped this node's subtree takes part again after it
        for i, state in enumerate(skipping):
            if state is node:
                skipping[i] = None
                rules.skipped -= 1
    return None


_NOTHING = EnterLeaveVisitor(None, None)
# The validation context's memos whose keys are always nodes of the document being validated.
_NODE_KEYED_CACHES = ("_fragment_spreads", "_variable_usages", "_recursive_variable_usages")


class _ByNode(dict):
    """A memo keyed by node identity.

    graphql-core 3.3's nodes are frozen dataclasses whose hash walks the whole
    subtree, every time: looking up an operation's variable usages hashed the
    entire operation (a sixth of the cost of validating it).  The nodes are the
    validated document's, alive for the whole validation, so their ids are unique.
    """

    def get(self, node, default=None):
        return dict.get(self, id(node), default)

    def __getitem__(self, node):
        return dict.__getitem__(self, id(node))

    def __setitem__(self, node, value) -> None:
        dict.__setitem__(self, id(node), value)

    def __contains__(self, node) -> bool:
        return dict.__contains__(self, id(node))


@lru_cache(maxsize=None)
def _rule_set(deprecation_severity: str, library: bool) -> Tuple[type, ...]:
    """Every specified rule (errors) plus the deprecation rule, as the one visitor graphql-core runs.

    A fragment library leaves out NoUnusedFragmentsRule: its fragments are used elsewhere.
    ``ERRORS_ONLY`` as the severity: the specified rules alone (every rule that reports an
    error), for a question only errors answer (``added_errors``).
    """
    members = tuple(
        (rule, rule_code(rule), ERROR) for rule in specified_rules if not (library and rule is NoUnusedFragmentsRule)
    )
    if deprecation_severity != ERRORS_ONLY:
        members += ((NoDeprecatedCustomRule, DEPRECATED_CODE, deprecation_severity),)
    return (type("AllRules", (_AllRules,), {"members": members, "_kinds": {}}),)


ERRORS_ONLY = "errors-only"  # a rule set without the deprecation rule (its findings are warnings)


def _tagged_rules(deprecation_severity: str) -> Tuple[type, ...]:
    return _rule_set(deprecation_severity, False)


def warm(deprecation_severity: str) -> None:
    """Build the rule classes now (a parent does, so that forked workers share them)."""
    for severity in (deprecation_severity, ERRORS_ONLY):
        _rule_set(severity, False)
        _rule_set(severity, True)


@dataclass(frozen=True)
class _Found:
    """One validation error, kept without the document's tree: what placing and reporting it need."""

    severity: str
    code: str
    message: str
    start: int
    end: int
    tokens: Tuple[Tuple[int, int], ...]  # each node's own token (name, or the node): hole checks


# Results by (schema, rules, document text): repositories repeat documents across
# scripts and notebooks, and a document's errors depend on nothing else.  Bounded,
# least recently used first out, so that a huge file cannot grow it without end.
_VALIDATED: "OrderedDict[tuple, Tuple[_Found, ...]]" = OrderedDict()
VALIDATED_ENTRIES = 4096
validations = 0  # documents graphql-core validated in this process (tests count them)
rule_objects = 0  # validation rule objects made in this process (tests count them)


def validate_document(ctx: DocumentContext, *, deprecation_severity: str = WARNING) -> None:
    text_map = ctx.source.text_map
    for item in _found(ctx.schema.schema, ctx.document, ctx.source.text, deprecation_severity):
        if any(text_map.hole_at(start, end) is not None for start, end in item.tokens):
            continue  # the error points into a template hole, whose value is not known until run time
        if item.code == "known-fragment-names" and ctx.source.composed:
            continue  # a part of a document composed at the send: another part may define the fragment
        finding = ctx.finding_at(item.start, item.end, item.severity, item.code, item.message)
        if item.message.endswith(REWRITE_DOES_IT):  # its own tokens, for settle_rewrite_hints (RT24 13 f4)
            finding.tokens = tuple((text_map.file_offset(s), text_map.file_end_offset(e)) for s, e in item.tokens)


def _is_library(document) -> bool:
    # A fragment library (FIELDS = "fragment F on Deployment {...}") is spliced into
    # operations elsewhere: its fragments are used there, not here.
    return not any(isinstance(d, OperationDefinitionNode) for d in document.definitions)


def _found(schema, document, text: str, deprecation_severity: str) -> Tuple[_Found, ...]:
    """What validating ``document`` (parsed from ``text``) finds: once per distinct text."""
    # The schema object itself is in the key (held, so its id cannot be reused).
    key = (schema, deprecation_severity, _is_library(document), text)
    found = _VALIDATED.get(key)
    if found is None:
        found = _VALIDATED[key] = _validate(schema, document, deprecation_severity, key[2])
        if len(_VALIDATED) > VALIDATED_ENTRIES:
            _VALIDATED.popitem(last=False)
    else:
        _VALIDATED.move_to_end(key)
    return found


def added_errors(ctx: DocumentContext, deprecation_severity: str, prove: bool = False) -> List[Tuple[int, int, str, str]]:
    """The errors the document's own edits (``ctx.document_edits``) would add to it.

    Only this document is validated again, and only if its text changes; what the
    original text gave is reused (the results are kept per distinct text).  Each
    added error is given as (start, end, code, message), placed in the ORIGINAL
    document's coordinates: the file is left as it is when one is found.  An error
    inside a template hole counts for neither side, as in ``validate_document``.

    ``prove`` (``check``, which writes nothing): where ``edit_proof`` shows from the edits alone that they
    add no error, the document is not parsed and validated again.
    """
    from graphql import parse

    from .apply import apply_document_edits

    if not ctx.document_edits:
        return []
    new_text = apply_document_edits(ctx.source.text, ctx.document_edits)
    if new_text == ctx.source.text:
        return []
    schema = ctx.schema.schema
    holes = ctx.source.text_map
    everything = _found(schema, ctx.document, ctx.source.text, deprecation_severity)
    if prove:
        from . import edit_proof

        errors = sum(item.severity == ERROR for item in everything)
        if edit_proof.proven(schema, ctx.document, ctx.source.text, ctx.document_edits, errors,
                             bool(holes.holes), deprecation_severity == ERROR):
            return []
    edits = _EditMap(ctx.document_edits)
    original = [
        item for item in everything
        if item.severity == ERROR and not any(holes.hole_at(s, e) is not None for s, e in item.tokens)
    ]
    before = Counter((item.code, item.message) for item in original)
    unmasked = _unmasked_errors(ctx, holes, deprecation_severity)
    before |= Counter((item.code, item.message) for item in unmasked)  # the larger count of the two
    # Red team 10 F10: an error the document already had names the field by its new name once the
    # edits ran ("Unknown argument 'x' on field 'Deployment.runtimeAirflowVersion'"): the same rule
    # at the same place of the original text is that error, not one the migration adds.
    at = Counter((item.code, item.start) for item in original) | Counter((item.code, item.start) for item in unmasked)
    key = (schema, deprecation_severity, _is_library(ctx.document), new_text)
    found = _VALIDATED.get(key)
    if found is None:  # parsed only when not validated before (a known text is known to parse)
        # Only errors count here: unless deprecations are errors, the deprecation rule (whose
        # findings are warnings) is left out of this second validation; every other rule runs.
        severity = deprecation_severity if deprecation_severity == ERROR else ERRORS_ONLY
        known = _VALIDATED.get((schema, severity, key[2], new_text))
        found = known if known is not None else _found(schema, parse(new_text), new_text, severity)
    added = []
    for item in found:
        if item.severity != ERROR:
            continue
        tokens = [edits.old_span(s, e) for s, e in item.tokens]
        if any(holes.hole_at(s, e) is not None for s, e in tokens):
            continue
        key = (item.code, item.message)
        place = (item.code, edits.old_span(item.start, item.end)[0])
        if before[key]:
            before[key] -= 1
        elif at[place]:
            at[place] -= 1
        else:
            added.append((*edits.old_span(item.start, item.end), item.code, item.message))
    return added


# A root field a Runtime-only Houston (1.0.1) no longer serves, put back for the baseline of
# ``added_errors`` only; its Runtime twin (same return type) is what the rewrite calls instead.
_BRIDGE_FIELD, _BRIDGE_TWIN = "updateDeploymentAirflow", "updateDeploymentRuntime"
_BRIDGE_SDL = "extend type Mutation { updateDeploymentAirflow(deploymentUuid: Uuid!, desiredAirflowVersion: String!): Deployment }"
_BRIDGED: Dict[int, tuple] = {}  # id(schema) -> (schema, the schema with the field put back, or None)


def _unmasked_errors(ctx: DocumentContext, holes, deprecation_severity: str) -> List["_Found"]:
    """The original document's errors under a field the platform no longer serves (red team 22, report 13, f2).

    With ``--houston-version 1.0.1`` the original's ``updateDeploymentAirflow`` is unknown, so
    nothing under it was typed or checked: its ``airflowVersion`` read had no error of its own.
    Once the rewrite calls ``updateDeploymentRuntime`` the same read gets one, which the original
    already had in substance: validated with the field put back (typed as its twin), the original
    shows it, and the rewrite is not blamed for it (it withdrew a whole file, saying the
    migration would make it invalid, while the default schema's run migrated it).
    """
    if _BRIDGE_FIELD not in ctx.source.text:
        return []
    schema = ctx.schema.schema
    found = _BRIDGED.get(id(schema))
    if found is None or found[0] is not schema:
        fields = getattr(schema.mutation_type, "fields", None) or {}
        bridged = None
        if _BRIDGE_FIELD not in fields and _BRIDGE_TWIN in fields and schema.get_type("Uuid") is not None:
            from graphql import extend_schema, parse

            try:
                bridged = extend_schema(schema, parse(_BRIDGE_SDL))
            except (GraphQLError, TypeError):
                bridged = None
        found = _BRIDGED[id(schema)] = (schema, bridged)
    if found[1] is None:
        return []
    return [
        item for item in _found(found[1], ctx.document, ctx.source.text, deprecation_severity)
        if item.severity == ERROR and not any(holes.hole_at(s, e) is not None for s, e in item.tokens)
    ]


class _EditMap:
    """Offsets of an edited text mapped back to the text before the edits."""

    def __init__(self, edits) -> None:
        self.spans: List[Tuple[int, int, int, int]] = []  # (old start, old end, new start, new end)
        shift = 0
        for start, end, replacement in sorted(set(edits)):
            self.spans.append((start, end, start + shift, start + shift + len(replacement)))
            shift += len(replacement) - (end - start)
        self.new_starts = [span[2] for span in self.spans]

    def old_span(self, start: int, end: int) -> Tuple[int, int]:
        """A span of the edited text in the original: a replaced part maps to all it replaced."""
        return self._old(start, bisect_right(self.new_starts, start) - 1, False), self._old(
            end, bisect_left(self.new_starts, end) - 1, True
        )

    def _old(self, offset: int, index: int, is_end: bool) -> int:
        if index < 0:
            return offset  # before every edit
        old_start, old_end, new_start, new_end = self.spans[index]
        if offset >= new_end:
            return old_end + offset - new_end
        return old_end if is_end else old_start


def _validate(schema, document, deprecation_severity: str, library: bool) -> Tuple[_Found, ...]:
    global validations
    validations += 1
    rules = _rule_set(deprecation_severity, library)
    found = []
    for error in _run_rules(schema, without_repeats(document), rules[0]):
        if error.message == _BUDGET_ABORT and not error.nodes:
            # graphql-core 3.3's merge check stops after a budget of field comparisons (red team 13,
            # report 11, F7): not an error of the document, whose rest is just not validated.
            found.append(_Found(WARNING, TOO_COMPLEX_CODE, _TOO_COMPLEX_MESSAGE, 0, 0, ()))
            continue
        extensions = error.extensions or {}
        nodes = [n for n in error.nodes or () if n.loc is not None]
        if nodes:
            start, end = nodes[0].loc.start, nodes[0].loc.end
        elif error.positions:
            start = end = error.positions[0]
        else:
            start = end = 0
        found.append(
            _Found(
                extensions.get("severity", ERROR), extensions.get("code", "invalid"), _message(error),
                start, end, tuple(_token(n) for n in nodes),
            )
        )
    return tuple(found)


TOO_COMPLEX_CODE = "graphql-too-complex"
_BUDGET_ABORT = "Validation aborted."
_TOO_COMPLEX_MESSAGE = (
    "validation stopped: the document's fields overlap in more ways than graphql-core's merge check "
    "compares (its complexity budget); the rest of the document is not validated"
)


def without_repeats(document):
    """``document`` with each selection set's exact repeats left out (a new tree only where one is).

    Red team 13 (report 11), F7: ``{ deployments { id releaseName releaseName ... } }`` (800 times)
    is valid, but graphql-core's OverlappingFieldsCanBeMerged compares every pair of fields with one
    response name: quadratic work, which graphql-core 3.3 stops with "Validation aborted." once a
    budget is spent (3.2 just does the work).  Two selections written alike (same alias, name,
    arguments, directives and, recursively, sub-selections) always merge, and every rule finds in
    each the same errors, so one of them stands for all: the first, whose positions are kept (the
    nodes are the parsed ones; a selection set and its parents are copied only where one changed).

    One bottom-up walk: a selection's key is its own text (alias, name, arguments, directives: a
    field's arguments hold no fields, so these texts add up to at most the document's length) and
    the number given to its sub-selections' keys, so the work is linear in the document.
    """
    from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode

    numbers: Dict[tuple, int] = {}  # a selection set's kept keys -> its number
    keys: Dict[int, object] = {}  # id(node) -> its key (None: never merged with another)
    replaced: Dict[int, object] = {}  # id(node) -> its copy with fewer selections below
    order = []  # nodes holding a selection set, parents before children
    stack = list(getattr(document, "definitions", None) or ())
    while stack:
        node = stack.pop()
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            order.append(node)
            stack.extend(selection_set.selections)
    for node in reversed(order):  # children before parents
        selections = node.selection_set.selections
        kept, kept_keys, seen = [], [], set()
        for selection in selections:
            if isinstance(selection, (FieldNode, InlineFragmentNode)) and selection.selection_set is not None:
                key = keys.get(id(selection))
            else:
                key = _own_key(selection, None, FieldNode, FragmentSpreadNode)
            if key is not None and key in seen:
                continue
            seen.add(key)
            kept.append(replaced.get(id(selection), selection))
            kept_keys.append(key)
        if len(kept) != len(selections) or any(id(s) in replaced for s in selections):
            replaced[id(node)] = _copied(node, selection_set=_copied(node.selection_set, selections=tuple(kept)))
        if None not in kept_keys and isinstance(node, (FieldNode, InlineFragmentNode)):
            inner = numbers.setdefault(tuple(kept_keys), len(numbers))
            keys[id(node)] = _own_key(node, inner, FieldNode, FragmentSpreadNode)
    definitions = getattr(document, "definitions", None) or ()
    if not any(id(d) in replaced for d in definitions):
        return document
    return _copied(document, definitions=tuple(replaced.get(id(d), d) for d in definitions))


def _own_key(node, inner: Optional[int], field_class, spread_class):
    """What tells two selections apart besides their sub-selections: kind, alias, name, argument
    and directive texts, type condition.  None when the node carries no source text to compare."""
    loc = node.loc
    if loc is None or loc.source is None:
        return None
    body = loc.source.body

    def text(nodes) -> str:
        return body[nodes[0].loc.start : nodes[-1].loc.end] if nodes and nodes[0].loc and nodes[-1].loc else ""

    directives = text(node.directives or ())
    if isinstance(node, field_class):
        alias = node.alias.value if node.alias is not None else None
        return ("field", alias, node.name.value, text(node.arguments or ()), directives, inner)
    if isinstance(node, spread_class):
        return ("spread", node.name.value, directives)
    condition = node.type_condition.name.value if getattr(node, "type_condition", None) is not None else None
    return ("inline", condition, directives, inner)


def _copied(node, **changes):
    """A shallow copy of a graphql-core AST node with ``changes`` (the parsed tree stays as it is)."""
    fields = {key: getattr(node, key) for key in node.keys}
    fields.update(changes)
    return type(node)(**fields)


def _run_rules(schema, document, rules: type) -> list:
    """graphql-core's ``validate(schema, document, [rules])``, for less work per node.

    ``validate`` visits with ``TypeInfoVisitor(type_info, ParallelVisitor(visitors))``
    through the generic ``visit``: at every node it asks the TypeInfo visitor, which
    asks the parallel visitor, which asks each rule visitor, three calls deep before
    any rule runs, and every validation binds each rule's methods afresh.  Here one
    walk (``_walk``) calls one function on entering and one on leaving each node
    (``_Dispatch``), from tables filled once per process: the TypeInfo's method for
    the kind, the fragment-nesting guard, then the rules acting on that kind.
    Everything else is ``validate``'s own: the same context, the same error limit
    (100, then the "Too many validation errors" abort), the same calls with the same
    arguments in the same order, and so the same errors in the same order.

    Where that could differ, ``validate`` itself runs instead: a graphql-core without
    these pieces (3.2), a rule answering with an edit (none of graphql-core's does), or
    a RecursionError (the nesting guard's abort, or a tree deeper than the walk).
    """
    try:
        from graphql.validation.validate import (
            FragmentNestingVisitor,
            ValidationAbortedError,
            query_document_keys_to_validate,
        )
        from graphql.validation.validation_context import VariableUsageVisitor  # noqa: F401 (3.3's)
    except ImportError:
        return validate(schema, document, (rules,))
    from graphql import FragmentDefinitionNode, TypeInfo, assert_valid_schema

    assert_valid_schema(schema)
    errors: list = []

    def on_error(error: GraphQLError) -> None:
        if len(errors) >= 100:
            raise ValidationAbortedError("Too many validation errors, error limit reached. Validation aborted.")
        errors.append(error)

    type_info = TypeInfo(schema)
    context = _context_class()(schema, document, type_info, on_error)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    nesting = FragmentNestingVisitor(fragments) if fragments else None  # before the rules, as validate puts it
    dispatch = _Dispatch(type_info, rules(context), nesting)
    try:
        _walk(document, query_document_keys_to_validate, dispatch.enter, dispatch.leave)
    except ValidationAbortedError as error:
        error.__context__ = None
        errors.append(error.with_traceback(None))
    except (RecursionError, _Edited):
        return validate(schema, document, (rules,))
    return errors


@lru_cache(maxsize=1)
def _context_class():
    from graphql import FragmentDefinitionNode
    from graphql.language.ast import QUERY_DOCUMENT_KEYS
    from graphql.validation import ValidationContext
    from graphql.validation.validation_context import VariableUsageVisitor

    class Context(ValidationContext):
        """graphql-core's context, its variable usages found by a plain walk.

        Three rules ask for each operation's variable usages (and each fragment's);
        graphql-core finds them with the generic ``visit`` and a ``TypeInfoVisitor``,
        which was a third of the cost of validating a document.  The same walk here:
        the same nodes (the default keys), the same TypeInfo calls on the same
        TypeInfo, a variable definition entered and left at once (its SKIP), and
        ``VariableUsageVisitor.enter_variable`` making each usage as before.
        """

        def get_variable_usages(self, node):
            usages = self._variable_usages.get(node)
            if usages is None:
                fragment = node if isinstance(node, FragmentDefinitionNode) else None
                visitor = VariableUsageVisitor(self._type_info, fragment)
                _usage_walk(node, self._type_info, type_info_table(type(self._type_info)), visitor, QUERY_DOCUMENT_KEYS)
                usages = self._variable_usages[node] = visitor.usages
            return usages

    return Context


def _usage_walk(node, type_info, table, visitor, keys) -> None:
    kind = node.kind
    type_enter, type_leave = table(kind)
    if type_enter is not None:
        type_enter(type_info, node)
    if kind == "variable_definition":  # VariableUsageVisitor skips it: TypeInfoVisitor leaves it at once
        if type_leave is not None:
            type_leave(type_info)
        return
    if kind == "variable":
        visitor.enter_variable(node)
    for name in keys.get(kind, ()):
        child = getattr(node, name, None)
        if child is None:
            continue
        if type(child) is tuple:
            for item in child:
                if item is not None:
                    _usage_walk(item, type_info, table, visitor, keys)
        else:
            _usage_walk(child, type_info, table, visitor, keys)
    if type_leave is not None:
        type_leave(type_info)


class _Edited(Exception):
    """A rule answered a node with something other than None, SKIP or BREAK (an edit)."""


def _walk(root, keys: Dict[str, Tuple[str, ...]], enter, leave) -> None:
    """Depth first over ``root``, as graphql-core's ``visit`` goes when nothing is edited.

    Each node is entered and left with the arguments ``visit`` passes: its key in
    its parent, the parent (a node, or the tuple holding it), the path of keys from
    the root, and the ancestors above the parent (nodes and tuples).  Children
    are the kind's ``keys``; None children are passed over, tuples are walked item
    by item and called for nothing themselves.
    """
    path: list = []
    ancestors: list = []

    def walk(node, key, parent) -> None:
        enter(node, key, parent, path, ancestors)
        if parent is not None:
            ancestors.append(parent)
        for name in keys.get(node.kind, ()):
            child = getattr(node, name, None)
            if child is None:
                continue
            path.append(name)
            if type(child) is tuple:
                if child:
                    ancestors.append(node)
                    for index, item in enumerate(child):
                        if item is not None:
                            path.append(index)
                            walk(item, index, child)
                            path.pop()
                    ancestors.pop()
            else:
                walk(child, name, node)
            path.pop()
        if parent is not None:
            ancestors.pop()
        leave(node, key, parent, path, ancestors)

    walk(root, None, None)


class _Dispatch:
    """``TypeInfoVisitor`` around ``ParallelVisitor([nesting guard, rules])``, as two functions.

    On entering a node: the TypeInfo's method for its kind, the nesting guard
    (which acts on operation and fragment definitions only; its SKIP only silences
    itself below them, and definitions never nest), then each rule acting on the
    kind that is not skipping, as ``_AllRules`` does.  On leaving: the rules, the
    rules whose skip ends here taking part again, then the TypeInfo's method.
    The per-kind tables (``_kind_table``) are filled once per process and rule set.
    """

    def __init__(self, type_info, rules: _AllRules, nesting) -> None:
        self.type_info, self.all, self.nesting = type_info, rules, nesting
        self.table = _kind_table(type(rules), type(type_info))
        self.met: set = set()  # kinds met so far: their rules' objects are made

    def enter(self, node, *args) -> None:
        kind = node.kind
        type_enter, _, enters, _, acting = self.table(kind)
        if kind not in self.met:
            self.met.add(kind)
            self.all.make(acting)
        if type_enter is not None:
            type_enter(self.type_info, node)
        if self.nesting is not None and kind in _DEFINITION_KINDS:
            getattr(self.nesting, f"enter_{kind}")(node, *args)  # raises RecursionError when nested too deeply
        if enters and _enter_rules(self.all, enters, node, args) is not None:
            raise _Edited

    def leave(self, node, *args) -> None:
        _, type_leave, _, leaves, _ = self.table(node.kind)
        if (leaves or self.all.skipped) and _leave_rules(self.all, leaves, node, args) is not None:
            raise _Edited
        if type_leave is not None:
            type_leave(self.type_info)  # TypeInfo's leave_* methods take no node


_DEFINITION_KINDS = frozenset({"operation_definition", "fragment_definition"})


@lru_cache(maxsize=None)
def _kind_table(rules: type, type_info: type):
    """kind -> (TypeInfo enter function, its leave function, rule enters, rule leaves, the indices
    of the rules acting on it), filled as met.

    The rule entries are (rule index, the rule class's function, its tag): what
    ``_AllRules._bind`` binds per validation, looked up once per process here.
    """
    table: Dict[str, tuple] = {}

    def get(kind: str):
        found = table.get(kind)
        if found is None:
            enter_names, leave_names = rules._methods(kind)
            members = rules.members
            found = table[kind] = (
                getattr(type_info, f"enter_{kind}", None),
                getattr(type_info, f"leave_{kind}", None),
                tuple((i, getattr(members[i][0], name), members[i][1:]) for i, name in enter_names),
                tuple((i, getattr(members[i][0], name), members[i][1:]) for i, name in leave_names),
                tuple(sorted({i for i, _ in enter_names + leave_names})),
            )
        return found

    return get


def _token(node) -> Tuple[int, int]:
    """The node's own token: its name, or the whole node if nameless."""
    name = getattr(node, "name", None)
    span = name.loc if name is not None and name.loc is not None else node.loc
    return span.start, span.end


# What replaces an Astronomer Certified item a Runtime-only Houston (1.0.1+) no longer serves.
# REWRITE_DOES_IT is true only where the rewrite's edit stands: ``settle_rewrite_hints`` words it
# for an item the rewrite holds (red team 23, report 13, f6).
REWRITE_DOES_IT = " (houston-codemod rewrite does it)."
_AC_HINTS = {
    "'airflowVersion' on field": "pass runtimeVersion instead (houston-codemod rewrite does it)",
    "'desiredAirflowVersion' on field": "pass desiredRuntimeVersion instead (houston-codemod rewrite does it)",
    "field 'updateDeploymentAirflow'": "call updateDeploymentRuntime instead (houston-codemod rewrite does it)",
    "field 'airflowVersion'": "select runtimeVersion or runtimeAirflowVersion instead",
    "field 'desiredAirflowVersion'": "select desiredRuntimeVersion instead",
    "field 'airflowImages'": "query runtimeReleases instead",
    "field 'airflowVersions'": "query runtimeReleases instead",
    "field 'defaultAirflowImageTag'": "query runtimeReleases instead",
}


def _message(error: GraphQLError) -> str:
    from .version_hints import hint as version_hint

    message = " ".join(error.message.split())
    for needle, hint in _AC_HINTS.items():
        if needle in message and message.startswith(("Unknown argument", "Cannot query field")):
            return f"{message} Astronomer Certified items are gone from Houston 1.0.1: {hint}."
    served = version_hint(message)
    return f"{message} {served}" if served else message


def settle_rewrite_hints(findings: list, rewritten: bool = True, refused: Optional[str] = None) -> list:
    """An error saying "houston-codemod rewrite does it" where the rewrite holds the item says so instead.

    Red team 23, report 13, f6: check on 1.0.1 told the person that rewrite passes runtimeVersion for
    updateDeploymentImage(image:, airflowVersion:) (held: the image changes with it), a .graphql file
    a shell step sends and a constant another module imports, and rewrite changed nothing.  The tail
    stays only where the rewrite's edit stands at the error; otherwise it names why the rewrite leaves it,
    from the review at the same spot.

    Red team 24, report 13, f4: the error and the edit were matched by where each starts, and an aliased
    field's error starts at its alias (``upgrade: updateDeploymentAirflow(...)``, also in a fragment on
    Mutation) while its edit renames the name: check said "migrate it by hand" of what rewrite migrates.
    Now the claim comes from the rewrite's own decision: the edits the file's findings carry (``fix``, the
    edits the rewrite applies; none when the file is not rewritten) and the error's own tokens
    (:attr:`Finding.tokens`, a field's name): the rewrite does it exactly when one of its edits changes
    that token.  An error placed without tokens is matched by its start as before.  The edits are indexed
    once per file (sorted starts, a bisection per token).

    Red team 28, report 13, f7: when rewrite refuses the whole file (``refused``: a notebook saved in a
    JSON layout it cannot reproduce), that refusal is the reason, never a review that happens to stand at
    the same line.
    """
    from bisect import bisect_left
    from dataclasses import replace

    hinted = {id(f) for f in findings if f.severity == ERROR and f.message.endswith(REWRITE_DOES_IT)}
    if not hinted:
        return findings
    migrating = set()
    reviews: Dict[Tuple[int, int], object] = {}
    on_line: Dict[int, object] = {}
    edits: List[Tuple[int, int]] = []
    for f in findings:
        if f.fix or f.code.startswith("migrate-"):
            migrating.add((f.line, f.column))
            edits.extend((e.start, e.end) for e in f.fix)
        elif f.code.startswith("review-"):
            reviews.setdefault((f.line, f.column), f)
            on_line.setdefault(f.line, f)
    if not rewritten:
        migrating.clear()
        edits.clear()
    edits.sort()
    starts = [start for start, _ in edits]
    reach: List[int] = []  # the furthest end of the edits up to each one (edits may nest: one bisection still)
    for _, end in edits:
        reach.append(max(end, reach[-1]) if reach else end)

    def changed(start: int, end: int) -> bool:
        """Does an edit of the rewrite change [start, end) (or insert at its start)?"""
        index = bisect_left(starts, max(end, start + 1)) - 1  # the last edit starting inside or before it
        return index >= 0 and (reach[index] > start or starts[index] == start)

    settled = []
    for f in findings:
        if id(f) in hinted:
            does = any(changed(s, e) for s, e in f.tokens) if f.tokens else (f.line, f.column) in migrating
            if not does:
                if refused:
                    why = f"houston-codemod rewrite refuses this file ({refused})"
                else:
                    why = _held_why(reviews.get((f.line, f.column)) or on_line.get(f.line))
                f = replace(f, message=f.message[: -len(REWRITE_DOES_IT)] + f"; {why}: migrate it by hand.")
        settled.append(f)
    return settled


def _held_why(review) -> str:
    """Why the rewrite leaves an item, as the review at its spot says it."""
    if review is None:
        return "houston-codemod rewrite does not change it here"
    message = review.message
    at = message.find("not rewritten: ")
    if at >= 0:
        why = message[at + len("not rewritten: "):]
        cut = [i for i in (why.find("; "), why.find(": ")) if i >= 0]
        why = why[: min(cut)] if cut else why
        return f"houston-codemod rewrite leaves it as it is here ({why}, {review.code} at line {review.line})"
    return f"houston-codemod rewrite leaves it as it is here ({review.code} at line {review.line} says why)"
