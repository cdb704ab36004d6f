"""AC images named in Python code: reviewed, never edited (red team 19, report 19, F1).

Houston change: as for the Dockerfile (:mod:`dockerfile_from`): what builds or runs the project must
use the Runtime image of the Deployment's Runtime version.  A build script holds the AC repository
in a constant and composes the image (``AC_REPO = "quay.io/astronomer/ap-airflow"`` then
``f"FROM {AC_REPO}:{tag}"`` written into a Dockerfile, ``--build-arg BASE={AC_REPO}:{tag}`` passed to
``docker build``, ``docker pull`` of ``AC_REPO + ":" + tag``); the tool read only Dockerfiles, compose
and CI files, so such a script passed silently and kept producing AC images after the migration.

Code is not edited: the string may be compared with, parsed or written where the tool cannot see, and
a tag composed at run time cannot be mapped.  So an AC image the code makes an image of gets
``review-ac-image`` at the expression: Dockerfile text (``FROM <AC image>``, written into a file) and the
arguments of a call running ``docker`` (``subprocess.run(["docker", "build", "--build-arg",
f"BASE={AC_REPO}:{tag}", "."])``, ``os.system("docker pull ...")``, the Docker SDK's ``images.build`` /
``images.pull`` / ``containers.run``).  Names are read as the strings they are bound to once
(``AC_REPO``), through f-strings and ``+``.  With a readable tag the review names the Runtime image to use
(:func:`ac_images.runtime_reference`, the Dockerfile rule's mapping); with the repository alone or a tag
given at run time, the Runtime repository and how to pick its tag.  An AC repository merely held in a
value (Helm values for a cluster that runs no Astronomer Software, a comparison) is not an image the
code makes, and is not reported.  A ``# houston-codemod: ignore`` on or above the statement (or at the
top of the file) skips it, as for a literal.  Like every image, nothing is reported for a platform
before 0.29.

One walk of the module (``tree_nodes.walk``, shared), names indexed once, each text read with a bounded
number of steps and scanned with the linear :data:`ac_images.REFERENCE`.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Set

from ..model import WARNING, Finding
from .ac_images import REFERENCE, REVIEW_CODE, RUNTIME_IMAGE, runtime_reference

_MAX_FINDINGS = 64  # per file
_MAX_STEPS = 32  # names and parts followed to read one expression's text
_HOLE = "\x00"  # a part that cannot be read: never part of an image reference
# a FROM line's image: the first word after its options (an option starts with "-", the image never): linear
_FROM = re.compile(r"(?:^|\n)[ \t]*FROM[ \t]+(?:-\S*[ \t]+)*(?P<image>[^\s-]\S*)", re.I)
_RUNNERS = frozenset({"run", "call", "check_call", "check_output", "Popen", "system", "popen", "getoutput",
                      "getstatusoutput", "spawn"})
_SDK = frozenset({"build", "pull", "create", "run"})


def review(finder, module: ast.AST, versions, taken_lines: Set[int]) -> List[Finding]:
    """``review-ac-image`` at each expression of ``module``'s code that makes an image of an AC image
    (``taken_lines``: lines other findings already speak for)."""
    source_file = finder.file
    text = source_file.text
    if "ap-airflow" not in text or module is None:
        return []
    from ..ignore_header import MarkedLines, file_ignored, marked_comment_lines, unit_spans
    from ..sources.tree_nodes import walk

    if file_ignored(text, "python"):
        return []
    comments = marked_comment_lines(text, "python")
    marked = MarkedLines(comments, unit_spans(text, "python", comments, module))
    strings = _bound_strings(module)
    found: List[Finding] = []
    seen: Set[int] = set()

    def report(node: ast.AST, value: str, how: str) -> None:
        if id(node) in seen or len(found) >= _MAX_FINDINGS or not hasattr(node, "lineno"):
            return
        if node.lineno in taken_lines or (node.lineno - 1) in marked:
            return
        for match in REFERENCE.finditer(value):
            seen.add(id(node))
            found.append(_finding(finder, node, match, versions, how))
            return

    for node in walk(module):
        if isinstance(node, (ast.JoinedStr, ast.BinOp, ast.Constant)) and not _part_of_text(node, finder):
            value = _text(node, strings)
            if value and "FROM" in value.upper() and "ap-airflow" in value:
                for line in _FROM.finditer(value):
                    if "ap-airflow" in line.group("image"):
                        report(node, line.group("image"), "written as Dockerfile text (FROM)")
        elif isinstance(node, ast.Call) and _runs_docker(node, strings):
            for argument in _arguments(node):
                value = _text(argument, strings)
                if value and "ap-airflow" in value:
                    report(argument, value, "passed to docker")
    return found


def _part_of_text(node: ast.AST, finder) -> bool:
    """A constant inside an f-string or a ``+`` chain is read with the whole expression."""
    parent = finder.names.parent(node) if hasattr(finder, "names") else None
    return isinstance(parent, (ast.JoinedStr, ast.FormattedValue)) or (
        isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add)
    )


def _bound_strings(module: ast.AST) -> Dict[str, ast.AST]:
    """Names bound exactly once in the module (any scope) to text: a string literal, an f-string or a ``+``
    (``image = AC_REPO + ":" + tag``), each read by :func:`_text` where it is used."""
    from ..sources.tree_nodes import walk

    bound: Dict[str, Optional[ast.AST]] = {}

    def bind(name: str, text: Optional[ast.AST]) -> None:
        bound[name] = None if name in bound else text

    for node in walk(module):
        if isinstance(node, ast.Assign):
            literal = node.value if len(node.targets) == 1 and _texty(node.value) else None
            for target in node.targets:
                for name in walk(target):
                    if isinstance(name, ast.Name):
                        bind(name.id, literal if name is target else None)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
            literal = node.value if isinstance(node, ast.AnnAssign) and _texty(node.value) else None
            bind(node.target.id, literal)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            for name in walk(node.target):
                if isinstance(name, ast.Name):
                    bind(name.id, None)
    return {name: text for name, text in bound.items() if text is not None}


def _texty(node) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
    )


def _text(node: ast.AST, strings: Dict[str, ast.AST]) -> str:
    """The text ``node`` makes, unreadable parts as :data:`_HOLE` (bounded steps, no recursion)."""
    out: List[str] = []
    pending = [node]
    steps = 0
    while pending:
        current = pending.pop()
        steps += 1
        if steps > _MAX_STEPS:
            out.append(_HOLE)
            break
        if isinstance(current, ast.Constant) and isinstance(current.value, str):
            out.append(current.value)
        elif isinstance(current, ast.JoinedStr):
            pending.extend(reversed(current.values))
        elif isinstance(current, ast.FormattedValue):
            pending.append(current.value)
        elif isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
            pending.extend((current.right, current.left))
        elif isinstance(current, ast.Name) and current.id in strings:
            pending.append(strings[current.id])
        else:
            out.append(_HOLE)
    return "".join(out)


def _runs_docker(call: ast.Call, strings: Dict[str, ast.AST]) -> bool:
    """``subprocess.run(["docker", ...])``, ``os.system("docker build ...")``, or the Docker SDK's
    ``client.images.build(...)`` / ``.pull`` / ``containers.run``."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if isinstance(func, ast.Attribute) and name in _SDK and isinstance(func.value, ast.Attribute) \
            and func.value.attr in ("images", "containers"):
        return True
    if name == "build" and any(keyword.arg in ("buildargs", "build_args") for keyword in call.keywords):
        return True  # docker.APIClient().build(buildargs=...), python-on-whales' build_args= (red team 24, 11b, f2)
    if name not in _RUNNERS:
        return False
    first = call.args[0] if call.args else None
    if isinstance(first, (ast.List, ast.Tuple)) and first.elts:
        first = first.elts[0]
    value = _text(first, strings) if first is not None else ""
    return value.split(" ", 1)[0].rsplit("/", 1)[-1] in ("docker", "podman", "buildah") or value.startswith(("sudo docker", "docker "))


def _arguments(call: ast.Call) -> List[ast.AST]:
    """A call's arguments, a list or tuple of them read item by item; a mapping (the Docker SDK's
    ``buildargs={"NAME": image}`` / ``buildargs=dict(NAME=image)``, python-on-whales' ``build_args=``, red team 24,
    report 11b, f2) value by value."""
    found: List[ast.AST] = []
    for keyword in call.keywords:
        argument = keyword.value
        if keyword.arg not in ("buildargs", "build_args"):
            continue  # another mapping (a container's environment=) is not an image the call makes
        if isinstance(argument, ast.Dict):
            found.extend(argument.values)
        elif isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name) and argument.func.id == "dict":
            found.extend(item.value for item in argument.keywords)
    for argument in list(call.args) + [keyword.value for keyword in call.keywords]:
        if isinstance(argument, (ast.List, ast.Tuple)):
            found.extend(argument.elts)
        else:
            found.append(argument)
    return found


def _finding(finder, node: ast.AST, match, versions, how: str) -> Finding:
    reference = match.group().rstrip(":")
    tag = match.group("tag")
    if tag and "$" not in tag and _HOLE not in reference:
        new, note = runtime_reference(reference, versions)
        advice = f"use {new}" + (f" ({note})" if note else "") if new is not None else note
    else:
        advice = (
            f"its tag is given at run time: every image made from {reference} is an AC image; use "
            f"{RUNTIME_IMAGE} with the Astro Runtime version equivalent to that tag (the highest Runtime release "
            "with the same Airflow version)"
        )
    start, end = finder.span_of(node)
    source_file = finder.file
    line, column = source_file.line_col(start)
    end_line, end_column = source_file.line_col(end)
    message = (
        f"{reference} is an Astronomer Certified image the code makes an image of ({how}), which this tool "
        f"reviews and never edits: {advice}"
    )
    return Finding(source_file.path, line, column, end_line, end_column, WARNING, REVIEW_CODE, message)
