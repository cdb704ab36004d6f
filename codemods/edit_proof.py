"""A rewritten document proven as valid as its original from the edits alone (issue 15, validation cost).

``check`` reports what ``rewrite`` would do, and ``rewrite`` withdraws a file whose edits would add a
schema error (``validate.added_errors``).  That question cost a second parse and a second validation of
every edited document: 751 of the 1,626 validations of the 1,000-document benchmark, about 45% of
``check``'s time there.  For the edits the migration rules make on an already valid document the answer
follows from the schema without validating again, by the argument below; where any premise fails, the
document is validated again as before.  Only ``check`` uses the proof: ``rewrite``, which writes, always
parses and validates what it writes, so a flaw here could make ``check`` disagree with ``rewrite`` but
never make a bad file.  ``tests/test_edit_proof.py`` runs both on every corpus we have and compares.

Premises, each checked (any failure: "not proven"):

* graphql-core's rule set is the one analysed below (``ANALYSED_RULES``; a new rule voids the proof);
  the deprecation rule does not report errors (it is left out of the error question unless it does);
* the original document has no error at all, no template hole, only operations (no fragment definition,
  spread or inline fragment), no directive, and no two fields of one selection set share a response key
  (so no field is ever merged with another: OverlappingFieldsCanBeMerged compares nothing);
* every edit replaces exactly one token, with one of the same kind: a field's name by ``old: new`` (an
  alias keeping the response key) or by a new name under an existing alias; an argument's name by a name;
  a variable's name by a name (definition and uses alike); a plain string literal (an argument's value or a
  variable's default) by another plain string literal.

What the rules then see differently, and what is checked for it: a renamed field must exist on its
parent type, be a leaf where the original was, or have the very same named type where it has a
selection (so nothing below it is retyped); a field whose name or arguments changed has unique argument
names, each known to the field, every required one present, and each changed argument's value fits its
new type (the same type as before for an unchanged value, a String or ID for a string literal, a
variable whose declared type is that type or its non-null form); variable names stay unique per
operation and the defined and used names are the same set; a changed default fits its variable's
String or ID type.  Every other rule reads nothing an edit can change: definitions and their kinds,
operation and type names, fragments and directives (none), unchanged values at unchanged positions.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

# graphql-core's specified rules this argument covers (3.3); any other rule voids it.
ANALYSED_RULES = frozenset({
    "ExecutableDefinitionsRule", "KnownOperationTypesRule", "UniqueOperationNamesRule", "LoneAnonymousOperationRule",
    "SingleFieldSubscriptionsRule", "KnownTypeNamesRule", "FragmentsOnCompositeTypesRule", "VariablesAreInputTypesRule",
    "ScalarLeafsRule", "FieldsOnCorrectTypeRule", "UniqueFragmentNamesRule", "KnownFragmentNamesRule",
    "NoUnusedFragmentsRule", "PossibleFragmentSpreadsRule", "NoFragmentCyclesRule", "UniqueVariableNamesRule",
    "NoUndefinedVariablesRule", "NoUnusedVariablesRule", "KnownDirectivesRule", "UniqueDirectivesPerLocationRule",
    "DeferStreamDirectiveOnRootField", "DeferStreamDirectiveOnValidOperationsRule", "DeferStreamDirectiveLabel",
    "StreamDirectiveOnListField", "KnownArgumentNamesRule", "UniqueArgumentNamesRule", "ValuesOfCorrectTypeRule",
    "ProvidedRequiredArgumentsRule", "VariablesInAllowedPositionRule", "OverlappingFieldsCanBeMergedRule",
    "UniqueInputFieldNamesRule", "MaxIntrospectionDepthRule",
})
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,127}")
_ALIASED = re.compile(r"([_A-Za-z][_0-9A-Za-z]{0,127})[ \t]{0,8}:[ \t]{0,8}([_A-Za-z][_0-9A-Za-z]{0,127})")
_PLAIN_STRING = re.compile(r'"[^"\\\x00-\x1f]{0,1024}"')  # no escape, no control character: its value is its text
_PLAIN_CONTENT = re.compile(r'[^"\\\x00-\x1f]{0,1024}')  # what may stand between a plain string's quotes
_STRING_TYPES = ("String", "ID")

proofs = 0  # documents proven in this process (tests count them)


class _Unproven(Exception):
    """A premise does not hold: validate again."""


def _rules_analysed() -> bool:
    from graphql.validation import specified_rules

    return all(rule.__name__ in ANALYSED_RULES for rule in specified_rules)


def proven(schema, document, text: str, edits, original_errors: int, holes: bool, deprecations_are_errors: bool) -> bool:
    """True when ``edits`` (``(start, end, replacement)`` in ``text``, the document's own text) provably
    add no validation error to ``document`` (parsed from ``text``) under ``schema`` (see the module)."""
    global proofs
    if original_errors or holes or deprecations_are_errors or not RULES_ANALYSED:
        return False
    try:
        _Proof(schema, document, text, edits).run()
    except _Unproven:
        return False
    proofs += 1
    return True


RULES_ANALYSED = _rules_analysed()  # once, when the proof is first needed (this module is imported lazily)


class _Proof:
    def __init__(self, schema, document, text: str, edits) -> None:
        self.schema = schema
        self.document = document
        self.text = text
        self.edits = edits
        self.tokens: Dict[Tuple[int, int], tuple] = {}  # a token's span -> (role, node, owner)
        self.field_names: Dict[int, str] = {}  # id(field) -> its new name
        self.argument_names: Dict[int, str] = {}  # id(argument) -> its new name
        self.variable_names: Dict[int, str] = {}  # id(variable node) -> its new name
        self.changed_values: set = set()  # id of the argument or variable definition whose string changed

    def run(self) -> None:
        from graphql import OperationDefinitionNode

        operations = []
        for definition in self.document.definitions:
            if not isinstance(definition, OperationDefinitionNode) or definition.directives:
                raise _Unproven
            operations.append(definition)
            self._index_operation(definition)
        self._read_edits()
        for operation in operations:
            self._check_operation(operation)

    # -- what each token is ---------------------------------------------------------------------------

    def _span(self, node) -> Tuple[int, int]:
        if node.loc is None:
            raise _Unproven
        return node.loc.start, node.loc.end

    def _index_operation(self, operation) -> None:
        from graphql import StringValueNode

        for definition in operation.variable_definitions or ():
            if definition.directives:
                raise _Unproven
            self._index_variable(definition.variable)
            default = definition.default_value
            if isinstance(default, StringValueNode) and not default.block:
                self._index_string(default, "default", definition)
        self._index_selections(operation.selection_set)

    def _index_variable(self, variable) -> None:
        self.tokens[self._span(variable.name)] = ("variable", variable, None)
        self.tokens[self._span(variable)] = ("$variable", variable, None)

    def _index_selections(self, selection_set) -> None:
        from graphql import FieldNode, StringValueNode, VariableNode

        keys = set()
        for selection in selection_set.selections:
            if not isinstance(selection, FieldNode) or selection.directives:
                raise _Unproven  # a fragment (spread or inline) or a directive: not analysed
            key = (selection.alias or selection.name).value
            if key in keys:
                raise _Unproven  # two fields merged into one response key
            keys.add(key)
            self.tokens[self._span(selection.name)] = ("field", selection, None)
            for argument in selection.arguments or ():
                self.tokens[self._span(argument.name)] = ("argument", argument, selection)
                value = argument.value
                if isinstance(value, VariableNode):
                    self._index_variable(value)
                elif isinstance(value, StringValueNode) and not value.block:
                    self._index_string(value, "string", argument)
                else:
                    self._index_nested_variables(value)
            if selection.selection_set is not None:
                self._index_selections(selection.selection_set)

    def _index_string(self, value, role: str, owner) -> None:
        """A plain string literal: the whole token (quotes and all) and its content between the quotes."""
        start, end = self._span(value)
        self.tokens[(start, end)] = (role, value, owner)
        self.tokens[(start + 1, end - 1)] = (role + " content", value, owner)

    def _index_nested_variables(self, value) -> None:
        """A variable inside a list or object value: renaming it is not analysed (its position is not)."""
        from graphql import ListValueNode, ObjectValueNode, VariableNode

        if isinstance(value, VariableNode):
            self.tokens[self._span(value.name)] = ("nested", value, None)
            self.tokens[self._span(value)] = ("nested", value, None)
        elif isinstance(value, ListValueNode):
            for item in value.values:
                self._index_nested_variables(item)
        elif isinstance(value, ObjectValueNode):
            for field in value.fields:
                self._index_nested_variables(field.value)

    def _read_edits(self) -> None:
        seen: Dict[Tuple[int, int], str] = {}
        for start, end, replacement in self.edits:
            if seen.setdefault((start, end), replacement) != replacement:
                raise _Unproven  # two edits of one token
            found = self.tokens.get((start, end))
            if found is None:
                raise _Unproven  # not one whole token this analysis knows
            role, node, _owner = found
            if role == "field":
                aliased = _ALIASED.fullmatch(replacement)
                if node.alias is None and aliased is not None and aliased.group(1) == node.name.value:
                    self.field_names[id(node)] = aliased.group(2)
                elif node.alias is not None and _NAME.fullmatch(replacement):
                    self.field_names[id(node)] = replacement
                else:
                    raise _Unproven  # the response key would change
            elif role == "argument" and _NAME.fullmatch(replacement):
                self.argument_names[id(node)] = replacement
            elif role == "variable" and _NAME.fullmatch(replacement):
                self.variable_names[id(node)] = replacement
            elif role == "$variable" and replacement[:1] == "$" and _NAME.fullmatch(replacement[1:]):
                self.variable_names[id(node)] = replacement[1:]
            elif role in ("string", "default") and _PLAIN_STRING.fullmatch(replacement):
                self.changed_values.add(id(_owner))
            elif role in ("string content", "default content") and _PLAIN_CONTENT.fullmatch(replacement):
                self.changed_values.add(id(_owner))  # the text between the quotes, all of it
            else:
                raise _Unproven

    # -- what the rules see in the edited document ---------------------------------------------------

    def _check_operation(self, operation) -> None:
        from graphql import OperationType

        root = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }.get(operation.operation)
        if root is None:
            raise _Unproven
        declared: Dict[str, object] = {}
        # a use's definition before the edits: a use that resolves to another one now is checked anew
        self.declared_before = {d.variable.name.value: d for d in operation.variable_definitions or ()}
        for definition in operation.variable_definitions or ():
            name = self._variable_name(definition.variable)
            if name in declared:
                raise _Unproven  # UniqueVariableNames
            declared[name] = definition
            if id(definition) in self.changed_values and self._named_input(definition.type) not in _STRING_TYPES:
                raise _Unproven  # a changed default must fit a String or ID variable
        used: set = set()
        self._check_selections(operation.selection_set, root, declared, used)
        if used != set(declared):
            raise _Unproven  # NoUndefinedVariables / NoUnusedVariables

    def _variable_name(self, variable) -> str:
        return self.variable_names.get(id(variable), variable.name.value)

    def _check_selections(self, selection_set, parent, declared, used: set) -> None:
        from graphql import get_named_type, is_composite_type, is_leaf_type

        fields = getattr(parent, "fields", None)
        for field in selection_set.selections:
            old_name = field.name.value
            name = self.field_names.get(id(field), old_name)
            renamed = name != old_name
            if name.startswith("__") or old_name.startswith("__"):
                if renamed or field.arguments or field.selection_set is not None or name != "__typename":
                    raise _Unproven  # introspection: left to the validator
                continue
            if fields is None or name not in fields or old_name not in fields:
                raise _Unproven
            new, old = fields[name], fields[old_name]
            new_named, old_named = get_named_type(new.type), get_named_type(old.type)
            if renamed:
                if field.selection_set is None and not is_leaf_type(new_named):
                    raise _Unproven  # ScalarLeafs
                if field.selection_set is not None and (new_named is not old_named or not is_composite_type(new_named)):
                    raise _Unproven  # its selection would be typed anew
            self._check_arguments(field, new, old, renamed, declared, used)
            if field.selection_set is not None:
                self._check_selections(field.selection_set, new_named, declared, used)

    def _check_arguments(self, field, new, old, renamed: bool, declared, used: set) -> None:
        from graphql import VariableNode

        names = []
        changed = renamed
        moved = set()  # arguments whose variable now resolves to another definition
        for argument in field.arguments or ():
            name = self.argument_names.get(id(argument), argument.name.value)
            names.append(name)
            changed = changed or name != argument.name.value or id(argument) in self.changed_values
            if self._note_variables(argument.value, used, declared):
                moved.add(id(argument))
        changed = changed or bool(moved)
        if not changed:
            return  # the field, its arguments and their values are as the valid original has them
        if len(set(names)) != len(names):
            raise _Unproven  # UniqueArgumentNames
        for required, definition in new.args.items():
            if _is_required(definition) and required not in names:
                raise _Unproven  # ProvidedRequiredArguments
        for argument, name in zip(field.arguments or (), names):
            target = new.args.get(name)
            if target is None:
                raise _Unproven  # KnownArgumentNames
            value = argument.value
            same_value = id(argument) not in self.changed_values and id(argument) not in moved
            before = old.args.get(argument.name.value)
            if same_value and before is not None and str(before.type) == str(target.type):
                continue  # the value the original validated (its variables' definitions too), at a position of the same type
            if isinstance(value, VariableNode):
                self._check_variable_position(value, target, declared)
            elif getattr(value, "kind", "") == "string_value":
                if self._named_input(target.type, ast=False) not in _STRING_TYPES:
                    raise _Unproven  # ValuesOfCorrectType
            else:
                raise _Unproven

    def _note_variables(self, value, used: set, declared, nested: bool = False) -> bool:
        """Note the variables ``value`` uses; True when one of them now resolves to another definition than
        in the original (a rename of the use, or of the definitions).  Inside a list or an object value
        such a use is not analysed."""
        from graphql import ListValueNode, ObjectValueNode, VariableNode

        if isinstance(value, VariableNode):
            name = self._variable_name(value)
            used.add(name)
            moved = declared.get(name) is not self.declared_before.get(value.name.value)
            if moved and nested:
                raise _Unproven
            return moved
        moved = False
        if isinstance(value, ListValueNode):
            for item in value.values:
                moved = self._note_variables(item, used, declared, True) or moved
        elif isinstance(value, ObjectValueNode):
            for field in value.fields:
                moved = self._note_variables(field.value, used, declared, True) or moved
        return moved

    def _check_variable_position(self, variable, target, declared) -> None:
        """VariablesInAllowedPosition, for the two shapes the migration produces: the variable's declared type
        is the argument's type, or its non-null form."""
        from graphql import GraphQLNonNull, NonNullTypeNode

        definition = declared.get(self._variable_name(variable))
        if definition is None:
            raise _Unproven
        declared_type = definition.type
        location = target.type
        if isinstance(declared_type, NonNullTypeNode) and not isinstance(location, GraphQLNonNull):
            declared_type = declared_type.type
        if _type_text(declared_type) != str(location):
            raise _Unproven

    def _named_input(self, type_, ast: bool = True) -> Optional[str]:
        """The name of a named type or its non-null form (a list: None)."""
        from graphql import GraphQLNonNull, GraphQLScalarType, NonNullTypeNode

        if ast:
            inner = type_.type if isinstance(type_, NonNullTypeNode) else type_
            name = getattr(getattr(inner, "name", None), "value", None)
            found = self.schema.get_type(name) if name else None
            return name if isinstance(found, GraphQLScalarType) else None
        inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        return inner.name if isinstance(inner, GraphQLScalarType) else None


def _is_required(argument) -> bool:
    from graphql import GraphQLNonNull
    from graphql.pyutils import Undefined

    return isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined


def _type_text(node) -> str:
    """A type reference as graphql-core prints a type (``[String!]!``)."""
    from graphql import ListTypeNode, NonNullTypeNode

    if isinstance(node, NonNullTypeNode):
        return _type_text(node.type) + "!"
    if isinstance(node, ListTypeNode):
        return "[" + _type_text(node.type) + "]"
    return node.name.value

