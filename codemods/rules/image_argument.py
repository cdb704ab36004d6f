"""``updateDeploymentImage(image: <AC image>, airflowVersion: ...)``: both stay, and both are reviewed.

Houston change: from Astronomer Software 0.29 ``updateDeploymentImage`` (the
bring-your-own-registry deploy endpoint) takes ``runtimeVersion`` beside
``airflowVersion``; Houston API 1.0.1 takes ``runtimeVersion`` only
(shared/houston houston-facts.md section 2, the ``Mutation.updateDeploymentImage``
row: CLI ``DeploymentImageUpdateRequest`` keys 0.25.0 and 1.0.1).

Red team 12, F5: ``rename_version_argument`` used to migrate ``airflowVersion:
"2.3.4-11"`` to ``runtimeVersion: "5.5.0"`` and leave ``image:
"quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"`` beside it, so the script told
Houston the Deployment runs Runtime 5.5.0 while deploying an AC image.  The two
must change together or not at all.  This tool chooses *not at all, and review*,
for these reasons:

* The version argument describes the image sent with it: the Astro CLI reads it
  from the image's own labels (``io.astronomer.docker.runtime.version`` /
  ``io.astronomer.docker.airflow.version``, ``apc/deploy/deploy.go``;
  houston-facts.md section 3, item 6) and sends the two together.  It is the
  image, not the text of the version, that decides what runs.
* On this endpoint the image is one the customer's own registry serves (docs'
  custom-image-registry example ``image: "<host>/<image-name>:<tag>"``, with
  ``runtimeVersion: "<runtime-version-number>"``: houston-example-documents.md X03;
  the endpoint must be enabled with ``enableUpdateDeploymentImageEndpoint``).  The
  Dockerfile rule's mapping (``ac_images.runtime_reference``) gives
  ``quay.io/astronomer/astro-runtime:R``, an image that registry may not hold (a
  mirror, an air-gapped install), and the docs' migration deploys an image *built*
  FROM astro-runtime (migrate-to-runtime, steps 2 and 3): a build and a push,
  which no edit of a string can do or check.  Writing the mapped reference would
  make the script deploy an image that may not exist, silently.

So, when ``image:`` is an AC image reference (``ac_images.REFERENCE``: any
repository ending in ``ap-airflow``) written in the document, sent for its
variable, or bound to a name that is sent, ``airflowVersion`` is not migrated and
both places get ``review-ac-image-with-version``, naming the Runtime image of the
same release when the mapping knows it.  Any other image (the project's own
build, whose ``FROM`` the Dockerfile rule migrates, or a value that cannot be
read) leaves the version migration as before.  The same check runs when the field
already passes ``runtimeVersion`` (a file rewritten before this rule, or written
so by hand): ``check`` after ``rewrite`` keeps saying it.
"""

from __future__ import annotations

import ast
import re
from typing import Optional

from graphql import StringValueNode, VariableNode

from ..sources import cli_defaults
from ..sources.forwarded_variables import caller_arguments
from .ac_images import REFERENCE, runtime_reference
from .context import REVIEW, DocumentContext
from .sent_values import operation_of, sent_values, string_of, variable_definition

IMAGE_ARGUMENT = "image"
CODE = "review-ac-image-with-version"
LONE_CODE = "review-ac-image"  # the Dockerfile / compose / CI rules' code for an AC image


def review_ac_image_beside(ctx: DocumentContext, field, version_argument) -> bool:
    """Review ``version_argument`` and the AC image sent beside it in ``field``; False when there is none."""
    image = next((a for a in field.arguments or () if a.name.value == IMAGE_ARGUMENT), None)
    if image is None:
        return False
    found = _ac_image(ctx, image.value)
    if found is None:
        return _review_held_build(ctx, field, version_argument)
    reference, place, where = found
    new, reason = runtime_reference(reference, ctx.versions)
    if new is not None:
        version = new.rsplit(":", 1)[1]
        version = version[: -len("-base")] if version.endswith("-base") else version
        todo = f"build and push an image FROM {new} (the same Airflow release), then send it with runtimeVersion: {version!r}"
    else:
        todo = f"choose an Astro Runtime image by hand ({reason}), then send it with its runtimeVersion"
    label = f"{field.name.value}({version_argument.name.value}:)"
    ctx.review(
        version_argument,
        CODE,
        f"{label} is sent beside image {reference!r}{where}, an Astronomer Certified image: the version describes "
        f"the image deployed, so the two change together or not at all; neither is changed: {todo}",
    )
    message = (
        f"{reference!r} is an Astronomer Certified image sent to {field.name.value}(image:) with "
        f"{version_argument.name.value}: neither is changed: {todo}"
    )
    _review_at(ctx, place, CODE, message)
    return True


def _review_held_build(ctx: DocumentContext, field, version_argument) -> bool:
    """Red team 20 (report 13), F3: the image beside the version is not AC, but the script builds it from a
    Dockerfile whose AC ``FROM`` this tool only reviews (:mod:`built_images`): the version stays, reviewed."""
    from .built_images import held_build

    held = held_build(ctx)
    if held is None:
        return False
    dockerfile, line, old, built_on = held
    ctx.review(
        version_argument,
        CODE,
        f"{field.name.value}({version_argument.name.value}:) is sent beside the image this script builds (docker "
        f"build on line {built_on}) from {dockerfile}, whose FROM {old!r} (line {line}) is an Astronomer Certified "
        "image this tool does not migrate: the version describes the image deployed, so the two change together "
        f"or not at all; neither is changed: migrate the FROM of {dockerfile} to an Astro Runtime image first, then "
        "send its runtimeVersion",
    )
    return True


def review_lone_ac_image(ctx: DocumentContext, field) -> bool:
    """Red team 20 (report 13), F14: ``updateDeploymentImage(releaseName:, image: <AC image>)`` with no
    version argument deploys an AC image as surely as one beside ``airflowVersion``, and Houston 1.0.1
    runs no AC image; nothing was reported, by ``rewrite`` or ``check --houston-version 1.0.1``.  The
    image (written in the document, sent for its variable, bound to a name that is sent) is reviewed,
    naming the Runtime image of the same release when the mapping knows it; never edited (the registry
    the endpoint deploys from may not hold that image, see above).  False when there is no AC image."""
    image = next((a for a in field.arguments or () if a.name.value == IMAGE_ARGUMENT), None)
    found = _ac_image(ctx, image.value) if image is not None else None
    if found is None:
        return False
    reference, place, where = found
    new, reason = runtime_reference(reference, ctx.versions)
    if new is not None:
        version = new.rsplit(":", 1)[1]
        version = version[: -len("-base")] if version.endswith("-base") else version
        todo = f"build and push an image FROM {new} (the same Airflow release) and deploy that (runtimeVersion: {version!r})"
    else:
        todo = f"choose an Astro Runtime image by hand ({reason})"
    message = (
        f"{reference!r}{where} is an Astronomer Certified image deployed by {field.name.value}(image:), "
        f"which Houston 1.0.1 does not run: not changed: {todo}"
    )
    _review_at(ctx, place, LONE_CODE, message)
    return True


def _ac_image(ctx: DocumentContext, value):
    """(reference, where it is (a node, or a file span), how it is reached) for an AC image value, else None.

    Red team 14 (report 13), F7: an image that is not one plain literal but whose readable
    pieces name ``ap-airflow`` (an f-string, ``%``, ``+``, ``"/".join``, ``.format``, a
    parameter default, an ``os.environ.get`` default, a ``$image`` default, a template hole
    in the document's own image text) is an AC image as far as the version beside it goes:
    the version is held and reviewed, never migrated beside it.
    """
    if isinstance(value, StringValueNode):
        if ctx.hole_in(value) is None:
            return (value.value, value, "") if REFERENCE.fullmatch(value.value) else None
        if AC_PIECE.search(value.value):
            return value.value, value, " (a template whose text names ap-airflow)"
        return None
    if not isinstance(value, VariableNode):
        return None
    operation = operation_of(ctx, value)
    if ctx.python is not None:
        values, _unread = sent_values(ctx, value.name.value, operation)
        for sent in values:
            found: Optional[tuple] = string_of(ctx.python, sent, lambda text: REFERENCE.fullmatch(text) is not None)
            start, end = ctx.python.span_of(sent)
            line = ctx.file.line_col(start)[0]
            if found is not None:
                return found[0], (start, end), f" (sent as ${value.name.value} on line {line}{found[1]})"
            piece = ac_piece(ctx.python, sent)
            if piece is not None:
                return (
                    piece,
                    (start, end),
                    f" (sent as ${value.name.value} on line {line}: {ctx.python.code_of(sent)!r} is built from a piece "
                    "naming ap-airflow, so it is read as an AC image)",
                )
    definition = variable_definition(operation, value.name.value)
    default = getattr(definition, "default_value", None)
    if isinstance(default, StringValueNode) and (REFERENCE.fullmatch(default.value) or AC_PIECE.search(default.value)):
        return default.value, default, f" (the default of ${value.name.value})"
    return None


# ``ap-airflow`` as a repository name component inside a piece of an image's text ("/ap-airflow:",
# "ap-airflow:2.3.4").  Linear: fixed-width lookarounds only.
AC_PIECE = re.compile(r"(?<![\w.-])ap-airflow(?![\w.-])")
_PIECE_BUDGET = 256  # nodes looked at per image value
_PIECE_DEPTH = 8  # how far names and pieces are followed: enough for real code, bounded on any input


def ac_piece(finder, value: ast.AST, depth: int = 0, budget: Optional[list] = None) -> Optional[str]:
    """The first readable string piece of ``value`` naming ``ap-airflow``, else None.

    Pieces are string constants of f-strings, ``+``/``%`` operands, ``.join``/``.format``
    arguments and receivers, ``os.environ.get``/``os.getenv`` defaults, ``x if c else y``
    branches, the entries of a container a subscript picks from (``IMAGES[env]``), and what a plain name is bound to in its scope (assignments, parameter
    defaults).  The walk is bounded (``_PIECE_DEPTH`` levels and ``_PIECE_BUDGET`` nodes per
    value), so its cost is a constant on any input.
    """
    budget = [_PIECE_BUDGET] if budget is None else budget
    if depth > _PIECE_DEPTH or value is None or budget[0] <= 0:
        return None
    budget[0] -= 1
    if isinstance(value, ast.Constant):
        return value.value if isinstance(value.value, str) and AC_PIECE.search(value.value) else None
    children: list = []
    if isinstance(value, ast.JoinedStr):
        children = list(value.values)
    elif isinstance(value, ast.FormattedValue):
        children = [value.value]
    elif isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Mod)):
        children = [value.left, value.right]
    elif isinstance(value, ast.IfExp):
        children = [value.body, value.orelse]
    elif isinstance(value, ast.BoolOp):  # image or DEFAULT_IMG: either may be sent (red team 17, report 13, F18)
        children = list(value.values)
    elif isinstance(value, ast.Attribute):  # args.image: an argparse option's default (F18)
        children = cli_defaults.attribute_defaults(finder, value) + _class_attributes(finder, value)
    elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        children = list(value.elts)
    elif isinstance(value, ast.Dict):
        children = list(value.values)
    elif isinstance(value, ast.Subscript):  # IMAGES[env]: any entry of the container may be the one sent
        children = [value.value]
    elif isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr in ("join", "format", "strip", "lower", "replace"):
            children = [func.value, *value.args, *(k.value for k in value.keywords)]
        elif isinstance(func, ast.Attribute) and func.attr in ("get", "getenv") and len(value.args) >= 2:
            children = [value.args[1]]  # os.environ.get(NAME, default) / os.getenv(NAME, default)
        elif isinstance(func, ast.Attribute) and func.attr == "getenv":
            children = [k.value for k in value.keywords if k.arg == "default"]
        elif isinstance(func, ast.Attribute) and func.attr in ("items", "values") and not value.args:
            children = [func.value]  # for env, (repo, tag) in IMAGES.items() (red team 28, report 13, f13)
    elif isinstance(value, ast.Name):
        children = _bindings(finder, value)
        # def main(image) under @click.option("--image", default=...): what the command runs with (F18)
        children = children + cli_defaults.parameter_defaults(finder, finder.names.scope_of(value), value.id)
        if not children:
            # from settings import AIRFLOW_IMAGE: a constant of another module of the run, read there (F18)
            imported = (getattr(finder.file, "imported_constants", None) or {}).get(value.id)
            text = imported[0][:2000] if imported and isinstance(imported[0], str) else ""
            if AC_PIECE.search(text):
                return text
    for child in children:
        found = ac_piece(finder, child, depth + 1, budget)
        if found is not None:
            return found
    return None


def _bindings(finder, name: ast.Name) -> list:
    """What ``name`` is bound to in its own scope (or the module's): assigned values, parameter defaults."""
    names = finder.names
    scope = names.scope_of(name)
    memo = finder.memo.setdefault("image_argument.bindings", {})  # each name's stores grouped once per module
    key = (name.id, id(scope))
    if key in memo:
        return memo[key]
    if name.id not in memo:
        by_scope: dict = {}
        for store in names.get(name.id).stores:
            by_scope.setdefault(id(names.scope_of(store)), []).append(store)
        memo[name.id] = by_scope
    by_scope = memo[name.id]
    stores = by_scope.get(id(scope)) or by_scope.get(id(names.root)) or []
    found = []
    for store in stores[:_PIECE_DEPTH]:
        parent = names.parent(store)
        # red team 28, report 13, f13/f14: a name unpacked from a value (repo, tag = IMAGES[env]) or bound by a
        # loop (for row in ROWS, for env, (repo, tag) in IMAGES.items()) may be any piece of that value
        unpacked = 0
        while isinstance(parent, (ast.Tuple, ast.List, ast.Starred)) and unpacked < _PIECE_DEPTH:
            store, parent, unpacked = parent, names.parent(parent), unpacked + 1
        if isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)) and parent.target is store:
            found.append(parent.iter)
        elif isinstance(parent, ast.Assign) and any(target is store for target in parent.targets):
            found.append(parent.value)
        elif isinstance(parent, ast.AnnAssign) and parent.target is store:
            found.append(parent.value)
        elif isinstance(store, ast.arg) and isinstance(parent, ast.arguments):
            found.append(_default_of(parent, store))
            # red team 20 (report 13), F10: what the module's calls of the function pass for it
            found.extend(caller_arguments(finder, names.parent(parent), store.arg)[:_PIECE_DEPTH])
    memo[key] = found
    return found


def _class_attributes(finder, value: ast.Attribute) -> list:
    """What a class of the module binds ``value``'s attribute to in its body, for ``self.IMAGE`` in one of its
    methods or ``t.image`` of ``t = Target()`` (a NamedTuple's or dataclass's field default): red team 28,
    report 13, f14.  Bounded: the class body's statements, at most _PIECE_BUDGET of them."""
    names = finder.names
    base = value.value
    owner = None
    if isinstance(base, ast.Name) and base.id == "self":
        scope = names.scope_of(value)
        while isinstance(scope, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            scope = names.scope_of(scope)
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            owner = names.scope_of(scope)
    elif isinstance(base, ast.Name):
        for bound in _bindings(finder, base)[:_PIECE_DEPTH]:
            if isinstance(bound, ast.Call) and isinstance(bound.func, ast.Name):
                classes = [s for s in names.get(bound.func.id).stores if isinstance(s, ast.ClassDef)]
                owner = classes[0] if len(classes) == 1 else None
                break
    if not isinstance(owner, ast.ClassDef):
        return []
    found = []
    for statement in owner.body[:_PIECE_BUDGET]:
        if isinstance(statement, ast.Assign) and any(isinstance(t, ast.Name) and t.id == value.attr for t in statement.targets):
            found.append(statement.value)
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.target.id == value.attr:
            found.append(statement.value)
    return found


def _default_of(arguments: ast.arguments, arg: ast.arg):
    """The default value of parameter ``arg``, or None."""
    positional = [*arguments.posonlyargs, *arguments.args]
    if arg in positional:
        index = positional.index(arg) - (len(positional) - len(arguments.defaults))
        return arguments.defaults[index] if index >= 0 else None
    if arg in arguments.kwonlyargs:
        return arguments.kw_defaults[arguments.kwonlyargs.index(arg)]
    return None


def _review_at(ctx: DocumentContext, place, code: str, message: str) -> None:
    """A review at ``place``: a document node, or a (start, end) span of the file (the caller's literal)."""
    if isinstance(place, tuple):
        ctx.finding_at_file(place[0], place[1], REVIEW, code, message)
    else:
        ctx.review(place, code, message)


def image_read_by_script(ctx: DocumentContext) -> str:
    """The AC image files of the run this script reads (held for it, see ``sources.image_readers``), as a review
    names them (``docker-compose.yml, named on line 10``), or ""."""
    images = getattr(ctx.file, "image_files_read", None) or ()
    return "; ".join(f"{image}, named on {where}" for image, where in list(images)[:3])


def unreadable_value(ctx: DocumentContext, value: ast.AST) -> bool:
    """A value sent for a version that the tool reads as no literal at all: a call's result (``target_version()``),
    an attribute, a parameter, a name bound to such a value."""
    from . import ac_format_reads, one_step_values

    finder = ctx.python
    if string_of(finder, value, lambda text: True) is not None:
        return False
    if ac_format_reads.value_texts(finder.module, finder.memo, value, ac_format_reads.imported_of(finder.file)):
        return False
    return not one_step_values.texts(finder, value)


def held_for_image_read(ctx: DocumentContext, variable, argument) -> bool:
    """Red team 27, report 13, f4: ``deploy.py`` cuts the tag out of ``docker-compose.yml``'s AC image (an image
    file held because the script reads it) and sends it as ``desiredAirflowVersion``.  Migrating the argument
    alone made the script send ``2.3.4-11`` as a Runtime version.  As for a script building its image from a
    held Dockerfile, the version is held too when a value sent for it cannot be read (it may be that tag):
    ``review-ac-image-with-version`` at the argument and at each such value.  True when held."""
    images = image_read_by_script(ctx)
    if not images or ctx.python is None:
        return False
    name = variable.name.value
    operation = operation_of(ctx, variable)
    values, unread = sent_values(ctx, name, operation)
    unreadable = [value for value in values if unreadable_value(ctx, value)]
    if not unreadable and not unread:
        return False
    label = f"{argument.name.value}: ${name}" if argument is not None else f"${name}"
    finder = ctx.python
    shown = ", ".join(f"{finder.code_of(v)} on line {v.lineno}" for v in unreadable[:3]) or unread
    ctx.review(
        argument or variable,
        CODE,
        f"{label} is not migrated: this script reads the Astronomer Certified image of {images}, which is left "
        f"as it is for it, and the value it sends here ({shown}) cannot be read, so it may be that image's AC tag: "
        "the version describes the image deployed, so the two change together or not at all; neither is changed: "
        "migrate the image file and what the script takes from it, then send an Astro Runtime version",
    )
    for value in unreadable:
        _review_unreadable(ctx, value, name, images)
    return True


def review_image_read_value(ctx: DocumentContext, value: ast.AST, key: str, label: str) -> bool:
    """``check`` on a file already sending such a value to a Runtime argument (migrated by an earlier build or by
    hand): the same review at the value.  True when given."""
    images = image_read_by_script(ctx)
    if not images or not unreadable_value(ctx, value):
        return False
    _review_unreadable(ctx, value, key, images, label)
    return True


def _review_unreadable(ctx: DocumentContext, value: ast.AST, key: str, images: str, label: str = "") -> None:
    finder = ctx.python
    start, end = finder.span_of(value)
    feeds = f", which feeds {label}," if label else ""
    ctx.finding_at_file(
        start, end, REVIEW, CODE,
        f"the value sent as '{key}' ({finder.code_of(value)}){feeds} cannot be read, and this script reads the "
        f"Astronomer Certified image of {images}, left as it is: it may be that image's AC tag; the version and "
        "the image change together: migrate the image and what the script takes from it, then send an Astro "
        "Runtime version",
    )
