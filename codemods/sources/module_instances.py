"""Client instances a module of the run builds at its top level and hands out (red team 15, report 12, F11).

A shared module holds ready-made clients, one per API::

    # lib/clients.py
    from .platform import PlatformClient
    houston = PlatformClient("https://houston.astro.acme.com/v1", os.environ["HOUSTON_API_TOKEN"])

    # report.py
    from lib.clients import houston
    houston.query("{ workspacs { id } }")

``houston`` is neither a function nor a constant of ``lib/clients.py``, so the run's index
(``cross_module``) knew nothing of it and the document handed to its method was not even
found.  Here such a name is read as the instance it is: its class (defined in the same module,
or imported there from another module of the run), whose methods the index already describes,
with each ``sends given INDEX PARAMETER self.ATTR`` word (the method posts to what the
constructor was given) resolved against this construction's own argument, read in the defining
module: a string, a module constant, ``os.environ.get(NAME, default)`` / ``os.getenv``, an f-string or a
``+`` chain (``url_values``: red team 22, report 12, f9).  The
importer then sees ``houston.query`` as a helper that posts to Houston (or to another API).

Cost: one parse of the defining module, memoised per module, only for a name the index did not
otherwise know; each construction argument is read in constant work.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, List, Optional, Tuple

from . import url_values
from .parsed_modules import parsed

SENDS = " sends "  # cross_module.SENDS
GIVEN = "given "  # cross_module.GIVEN
_MAX_WORDS = 12


def instance_methods(
    definer: str, name: str, read_text: Callable[[str], Optional[str]], memo: Dict[str, dict],
    class_methods: Callable[[str, str, int], Optional[Tuple[str, Dict[str, Dict[str, int]]]]],
) -> Dict[str, Tuple[str, Dict[str, int]]]:
    """``{method: (definer of its class, words)}`` for ``name = Class(...)`` at the top of ``definer``, else {}.

    ``class_methods(definer, class_name, line)`` gives (the file defining the class, its methods'
    words keyed ``Class.method``) for a class ``definer`` defines or imports from the run.
    """
    instances = memo.get(definer)
    if instances is None:
        instances = memo[definer] = _instances(read_text(definer))
    found = instances.get(name)
    if found is None:
        return {}
    class_name, construction, constants = found
    described = class_methods(definer, class_name, construction.lineno)
    if described is None:
        return {}
    owner, methods = described
    result: Dict[str, Tuple[str, Dict[str, int]]] = {}
    for key, words in methods.items():
        if not key.startswith(class_name + "."):
            continue
        resolved = dict(words)
        for word, line in words.items():
            if word.startswith(SENDS + GIVEN):
                index, parameter, attribute = (word[len(SENDS + GIVEN):].split(" ", 2) + ["", ""])[:3]
                said = _argument_words(construction, index, parameter, constants)
                if said is not None:
                    resolved.setdefault(SENDS + said[0] + " " + f"{attribute} = {said[1]}", line)
        result[key[len(class_name) + 1:]] = (owner, resolved)
    return result


def _instances(text: Optional[str]) -> Dict[str, Tuple[str, ast.Call, Dict[str, str]]]:
    """Top-level ``NAME = Class(...)`` of a module: NAME -> (class name, the call, the module's string constants)."""
    if not text:
        return {}
    module = parsed(text)
    if module is None:
        return {}
    constants: Dict[str, str] = {}
    instances: Dict[str, Tuple[str, ast.Call, Dict[str, str]]] = {}
    for statement in module.body:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)):
            continue
        target, value = statement.targets[0].id, statement.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            constants[target] = value.value[:200]
        elif url_values.rendered(value, constants) is not None:  # API = f"https://houston.{DOMAIN}/v1" (RT22 12 f9)
            constants[target] = url_values.rendered(value, constants)
        elif url_values.environment_variable(value) is not None:  # API = os.environ["HOUSTON_URL"]: its name speaks
            constants[target] = url_values.environment_variable(value)
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id[:1].isupper():
            instances[target] = (value.func.id, value, constants)
    return instances


def _argument_words(call: ast.Call, index: str, parameter: str, constants: Dict[str, str]) -> Optional[Tuple[str, str]]:
    """("houston " / "other ", shown) for the argument ``call`` gives the constructor's ``parameter``; None: says nothing."""
    from ..destination.gather_calls import foreign_path, names_houston, url_direction

    argument = next((k.value for k in call.keywords if k.arg == parameter), None)
    if argument is None and index.isdigit():
        position = int(index)
        if any(isinstance(a, ast.Starred) for a in call.args[: position + 1]) or position >= len(call.args):
            return None
        argument = call.args[position]
    if argument is None:
        return None
    said: List[str] = []
    shown = ""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        said.append(argument.value[:200])
        shown = argument.value[:80]
    elif isinstance(argument, ast.Name):
        said.append(argument.id)
        if argument.id in constants:
            said.append(constants[argument.id])
        shown = argument.id
    elif isinstance(argument, ast.Call) and argument.args:  # os.environ.get("HOUSTON_URL", "https://..."), os.getenv(...)
        callee = argument.func.attr if isinstance(argument.func, ast.Attribute) else getattr(argument.func, "id", "")
        if callee in ("get", "getenv"):
            for part in argument.args[:2]:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    said.append(part.value[:200])
                elif isinstance(part, ast.Name) and part.id in constants:
                    said.append(constants[part.id])
            shown = said[0][:80] if said else ""
    elif isinstance(argument, ast.Subscript) and isinstance(argument.slice, ast.Constant) and isinstance(argument.slice.value, str):
        said.append(argument.slice.value[:200])  # os.environ["HOUSTON_URL"]
        shown = argument.slice.value[:80]
    elif url_values.rendered(argument, constants) is not None:
        # GraphQLClient(f"https://houston.{os.environ['BASEDOMAIN']}/v1", token), "https://houston." + DOMAIN + "/v1":
        # the URL as written, its run-time parts shown as code (red team 22, report 12, f9)
        said.append(url_values.rendered(argument, constants))
        shown = said[0][:80]
    said = said[:_MAX_WORDS]
    if any(names_houston(word) for word in said):
        return "houston", shown
    if any(url_direction(word) is False or foreign_path(word) is not None for word in said):
        return "other", shown
    return None
