"""Docker compose variable interpolation, parsed exactly: which characters of a value are what.

Why: an image value is only safe to edit when the edited characters are what
docker compose will use as the image.  ``${IMG:?quay.io/...}`` holds an error
MESSAGE, ``${IMG:+...}`` a replacement used only when IMG is set, and
``$${...}`` is literal text (an escaped ``$``): none of them is a default
image, and a regular expression looking for ``ap-airflow`` cannot tell them
apart.

Grammar (compose-spec "interpolation"; compose-go ``template.go``)::

    $$              a literal "$" (no interpolation)
    $NAME           NAME = [A-Za-z_][A-Za-z0-9_]*
    ${NAME}
    ${NAME:-arg}    arg when NAME is unset or empty     ${NAME-arg}  when unset
    ${NAME:?arg}    error arg when NAME is unset/empty  ${NAME?arg}  when unset
    ${NAME:+arg}    arg when NAME is set and not empty  ${NAME+arg}  when set

``arg`` is itself interpolated, so it may nest; it ends at the ``}`` that
closes its ``${`` (compose-go counts ``${`` openings and ``}`` closings).  A
``$`` followed by anything else is literal; ``${`` not followed by a NAME and
then ``}`` or an operator is invalid (compose refuses the file), and so is an
argument never closed: :func:`parse` returns None for both.

One pass over the characters with an explicit stack: linear time and no
recursion, however deep the nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# after "${": NAME, then "}" or an operator (the argument follows the operator)
_BRACED = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<close>\})|(?P<operator>:?[-+?]))")
DEFAULT_OPERATORS = frozenset({":-", "-"})
MESSAGE_OPERATORS = frozenset({":?", "?"})
REPLACEMENT_OPERATORS = frozenset({":+", "+"})


@dataclass
class Text:
    """Literal characters ``value[start:end]``."""

    start: int
    end: int


@dataclass
class Escape:
    """``$$`` at ``value[start:end]``: a literal ``$``."""

    start: int
    end: int


@dataclass
class Variable:
    """``$NAME``, ``${NAME}`` or ``${NAME<operator><argument>}`` at ``value[start:end]``."""

    start: int
    end: int
    name: str
    operator: str = ""  # "" (no argument), ":-", "-", ":?", "?", ":+", "+"
    argument: List["Part"] = field(default_factory=list)  # the argument, itself parsed
    argument_start: int = -1
    argument_end: int = -1


Part = Union[Text, Escape, Variable]


def parse(value: str) -> Optional[List[Part]]:
    """The parts of ``value`` in order, or None when docker compose would reject its interpolation."""
    top: List[Part] = []
    current = top
    open_variables: List[Variable] = []  # innermost last
    outer_lists: List[List[Part]] = []
    text_start = 0
    index = 0
    length = len(value)

    def flush(upto: int) -> None:
        if upto > text_start:
            current.append(Text(text_start, upto))

    while index < length:
        char = value[index]
        if char == "$":
            following = value[index + 1 : index + 2]
            if following == "$":
                flush(index)
                current.append(Escape(index, index + 2))
                index += 2
                text_start = index
                continue
            if following == "{":
                braced = _BRACED.match(value, index + 2)
                if braced is None:
                    return None
                flush(index)
                if braced.group("close"):
                    current.append(Variable(index, braced.end(), braced.group("name")))
                    index = braced.end()
                    text_start = index
                    continue
                variable = Variable(index, -1, braced.group("name"), braced.group("operator"))
                variable.argument_start = braced.end()
                current.append(variable)
                outer_lists.append(current)
                open_variables.append(variable)
                current = variable.argument
                index = braced.end()
                text_start = index
                continue
            bare = _NAME.match(value, index + 1)
            if bare is not None:
                flush(index)
                current.append(Variable(index, bare.end(), bare.group()))
                index = bare.end()
                text_start = index
                continue
            index += 1  # a lone "$": literal
            continue
        if char == "}" and open_variables:
            flush(index)
            variable = open_variables.pop()
            variable.argument_end = index
            variable.end = index + 1
            current = outer_lists.pop()
            index += 1
            text_start = index
            continue
        index += 1
    if open_variables:
        return None
    flush(length)
    return top


def whole_default(parts: List[Part]) -> Optional[Tuple[Text, List[Variable]]]:
    """The literal text that is the whole value's default, through nesting, and the variables around it.

    ``${A:-text}`` and ``${A:-${B-text}}`` give ``text`` (and A, B): with every
    variable unset, the value is exactly that text, and nothing else is.
    Anything beside the variable, another operator, or an argument that is
    not one text or one such variable gives None.
    """
    around: List[Variable] = []
    while len(parts) == 1:
        part = parts[0]
        if isinstance(part, Text):
            return (part, around) if around else None
        if not isinstance(part, Variable) or part.operator not in DEFAULT_OPERATORS:
            return None
        around.append(part)
        parts = part.argument
    return None


def texts(parts: List[Part]):
    """Every Text, with the innermost Variable whose argument holds it (None at top level).

    Walked without recursion."""
    stack = [(parts, None)]
    while stack:
        level, owner = stack.pop()
        for part in level:
            if isinstance(part, Text):
                yield part, owner
            elif isinstance(part, Variable) and part.operator:
                stack.append((part.argument, part))


def set_value(value: str, parts: List[Part], env: Dict[str, str]) -> Optional[str]:
    """What docker compose makes of ``value`` with the variables of ``env`` set (and no other), or None
    where that is an error (a ``:?`` / ``?`` of an unset one is reached).  Walked without recursion
    (red team 19, F8: the name a build's ``image:`` gives it, once interpolated)."""
    out: List[str] = []
    stack = [iter(parts)]
    while stack:
        part = next(stack[-1], None)
        if part is None:
            stack.pop()
        elif isinstance(part, Text):
            out.append(value[part.start : part.end])
        elif isinstance(part, Escape):
            out.append("$")
        else:
            given = env.get(part.name)
            usable = bool(given) if part.operator.startswith(":") else given is not None  # ":" also wants it non-empty
            if not part.operator:
                out.append(given or "")
            elif part.operator in DEFAULT_OPERATORS:
                if usable:
                    out.append(given)
                else:
                    stack.append(iter(part.argument))
            elif part.operator in MESSAGE_OPERATORS:
                if not usable:
                    return None
                out.append(given)
            elif usable:  # ":+" / "+": the argument when set
                stack.append(iter(part.argument))
    return "".join(out)


def unset_value(value: str, parts: List[Part]) -> Optional[str]:
    """What docker compose makes of ``value`` with no variable set, or None where that is an error
    (a ``:?`` / ``?`` is reached): :func:`set_value` with no variable set."""
    return set_value(value, parts, {})
