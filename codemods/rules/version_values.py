"""Migrating one version value: a string literal, a variable, or a template hole.

Shared by the rules that rename a version argument (``airflowVersion`` and
``desiredAirflowVersion``): the value changes the same way whichever argument
holds it.
"""

from __future__ import annotations

import ast
import re
from typing import Optional

from graphql import ArgumentNode, NullValueNode, StringValueNode, ValueNode, VariableNode

from ..sources import splice
from ..versions import AC_VERSION, numeric_version
from . import ac_format_reads
from . import hole_bindings
from .context import REVIEW, SHARED_CONSTANT, DocumentContext, line_list, review_shared_binding

# "2.2.5-5" (or \"...\" in a Python string) as written in the file: one pass, linear
_WRITTEN_QUOTED = re.compile(r'\\?"([^"\\]*)\\?"')

NO_EQUIVALENT = "review-no-runtime-equivalent"
TEMPLATE_VERSION = "review-template-version"
UNEXPECTED_VALUE = "review-unexpected-version-value"
UNWRITABLE = "review-unwritable-version"


def can_migrate(ctx: DocumentContext, value: ValueNode, argument: Optional[ArgumentNode] = None) -> bool:
    """Report why not when a value cannot become a Runtime version (the argument stays).

    An argument spliced in from a constant that anything else reads
    (``"... airflowVersion: \"" + AC_VERSION + "\" ..."`` where ``AC_VERSION`` also
    pins pip or filters ``runtimeReleases``) is never edited: that is reported
    at the argument and at the constant.
    """
    if review_shared_binding(ctx, argument or value, argument.name.value if argument else "this version"):
        return False
    if isinstance(value, VariableNode):
        from .fragment_scope import held_fragment_variable

        if held_fragment_variable(ctx, value, argument):
            return False  # red team 19, F5: a fragment's variable belongs to every operation spreading it
        if _unmapped_reaching(ctx, value, argument):
            return False
        from .image_argument import held_for_image_read

        return not held_for_image_read(ctx, value, argument)  # red team 27, report 13, f4: an AC image file's tag
    hole = ctx.hole_in(value)
    if hole is not None:
        return _hole_can_migrate(ctx, hole, value, argument)
    if isinstance(value, NullValueNode):
        return True
    if isinstance(value, StringValueNode) and (not value.block or _plain_block(ctx, value)):
        runtime = ctx.versions.runtime_for(value.value)
        if runtime is not None:
            content = splice.graphql_string_content(runtime)
            start, end = _content_span(value)
            if content is not None and ctx.can_write(start, end, content):
                return True
            ctx.review(
                value,
                UNWRITABLE,
                f"the Astro Runtime version for AC {value.value!r}, {runtime!r}, cannot be written into this "
                "literal as it is: migrate this argument by hand",
            )
            return False
        ctx.review(value, NO_EQUIVALENT, why_not_mapped(ctx, value.value))
        return False
    if isinstance(value, StringValueNode):  # a block string whose text is not the value as written
        ctx.review(value, UNEXPECTED_VALUE, "version value is a block string with escapes or indentation: migrate it by hand")
        return False
    ctx.review(value, UNEXPECTED_VALUE, "version value is not a string or variable: migrate it by hand")
    return False


def _content_span(value: StringValueNode):
    """The document span of a string's characters between its quotes (one, or three for a block string)."""
    quotes = 3 if value.block else 1
    return value.loc.start + quotes, value.loc.end - quotes


def _plain_block(ctx: DocumentContext, value: StringValueNode) -> bool:
    """A block string (three double quotes around ``2.3.4-11``) whose characters between the quotes are
    its value as they stand: it migrates like a plain string (red team 21, report 11a, f7: it was "not a
    string")."""
    start, end = _content_span(value)
    return ctx.source.text_map.text[start:end] == value.value


def unmapped_version(ctx: DocumentContext, text) -> bool:
    """An AC version as the tool's grammar reads it (``2.1.4-2``, ``1.10.15-4``, ``2.3.4-11.dev``) that the
    table (or ``--versions-from``) maps to no Astro Runtime version."""
    return (
        isinstance(text, str) and AC_VERSION.fullmatch(text) is not None and not ctx.versions.is_runtime(text)
        and ctx.versions.runtime_for(text) is None
    )


def _unmapped_reaching(ctx: DocumentContext, variable: VariableNode, argument: Optional[ArgumentNode]) -> bool:
    """Red team 16 (report 13) F7: an AC version without a Runtime equivalent that reaches the argument through
    ``variable`` (its default, or a value the module's sends give it) holds the whole argument back, as the
    same version written in the document does: renaming the argument, the variable and the key while the
    value stays AC turns a script that creates an AC Deployment into one Houston rejects.  Each such value
    is reviewed where it is written; True when one was found (nothing is renamed)."""
    from .sent_values import operation_of, sent_values, string_of, variable_definition

    name = variable.name.value
    operation = operation_of(ctx, variable)
    definition = variable_definition(operation, name)
    label = f"{argument.name.value}: ${name}" if argument is not None else f"${name}"
    found = []
    default = definition.default_value if definition is not None else None
    if isinstance(default, StringValueNode) and ctx.hole_in(default) is None and unmapped_version(ctx, default.value):
        found.append(default.value)
        ctx.review(default, NO_EQUIVALENT, f"the default of ${name}, which feeds {label}: {why_not_mapped(ctx, default.value)}")
    finder = ctx.python
    if finder is not None:
        values, _unread = sent_values(ctx, name, operation)
        for sent in values:
            hit = string_of(finder, sent, lambda text: unmapped_version(ctx, text))
            if hit is None and isinstance(sent, ast.Constant):
                continue  # a literal string_of has read: nothing more to find in it
            texts = [hit[0]] if hit is not None else [
                t for t in ac_format_reads.value_texts(finder.module, finder.memo, sent, ac_format_reads.imported_of(finder.file)) if unmapped_version(ctx, t)
            ]
            if not texts:
                continue
            found.append(texts[0])
            start, end = finder.span_of(sent)
            ctx.finding_at_file(
                start, end, REVIEW, NO_EQUIVALENT,
                f"the value sent as '{name}' ({finder.code_of(sent)}), which feeds {label}: "
                f"{why_not_mapped(ctx, texts[0])}",
            )
    if found:
        ctx.review(
            argument or variable, NO_EQUIVALENT,
            f"{label} is not migrated: a value that reaches it ({found[0]!r}) has no Astro Runtime equivalent, so "
            "the argument, the variable and the key its senders use are left as they are (renaming them would send "
            "an AC version as a Runtime one); upgrade the deployment or choose the Runtime version, then migrate them",
        )
    return bool(found)


def why_not_mapped(ctx: DocumentContext, version: str) -> str:
    """The true reason an argument's value is not mapped, from the policy image tags go through too.

    ``versions.VersionTable.mapping`` reads the value exactly: a development,
    nightly, Alpine or ``-pythonX.Y`` build, or text that is not an AC version
    (``" 2.3.4"``), is never taken for the stable release it resembles.
    """
    mapped = ctx.versions.mapping(version)
    if mapped.kind in ("", "no-equivalent"):
        return no_equivalent_reason(ctx, version)
    if mapped.kind == "form":
        return (
            f"{version!r} is not an AC version as written (X.Y.Z, or X.Y.Z-N with a hotfix number; no part "
            "zero-padded, AC never published one): "
            "write the AC version it means, then migrate this argument"
        )
    return f"AC version {version!r} is not migrated: {mapped.reason}"


def no_equivalent_reason(ctx: DocumentContext, version: str) -> str:
    """Why an AC version the table lacks is not mapped, true to where it falls (red team 10, task C).

    The range named is the table's own (its first and last Airflow versions), never a fixed text: a
    version above it (``2.5.0``) is told the table does not know it, since "upgrade to one in range"
    would be a downgrade; only a version below it is told to upgrade first.
    """
    mapped = ctx.versions.mapping(version)
    if getattr(ctx.versions, "url", None):
        # A table asked of a Houston (--versions-from) lists nothing up front: its own answer is the reason
        # (red team 28, report 13, f10: "lists the AC releases that have one (none) ... unknown AC version").
        return f"AC version {version!r} has no Astro Runtime equivalent: {mapped.reason}"
    known = sorted(ctx.versions.equivalent, key=numeric_version)
    parsed = mapped.parsed
    airflow = parsed.group("airflow") if parsed is not None else version
    span = f"{known[0]} to {known[-1]}" if known else "none"
    if known and numeric_version(airflow) < numeric_version(known[0]):
        return (
            f"AC version {version!r} has no Astro Runtime equivalent: upgrade the deployment to "
            f"an AC version that has one ({span}), then migrate this argument"
        )
    return (
        f"AC version {version!r} has no Astro Runtime equivalent: the AC-to-Runtime table lists the AC releases "
        f"that have one ({span}), and not {airflow} (an unknown or unreleased AC version): check the version, "
        "then choose the Astro Runtime version by hand"
    )


def _hole_can_migrate(ctx: DocumentContext, hole, value: ValueNode, argument: Optional[ArgumentNode]) -> bool:
    """A hole may be renamed around unless it reads a name bound to an AC version that cannot change
    with it (``hole_bindings``): then the argument stays, with a review naming the binding."""
    binding = hole_bindings.ac_binding(ctx, hole)
    if binding is None:
        return not _held_one_step(ctx, hole, value, argument)
    if binding.content is not None:
        return True
    what = argument.name.value if argument else "this version"
    equivalent = f"its Astro Runtime equivalent is {binding.runtime!r}" if binding.runtime else why_not_mapped(ctx, binding.version)
    # Name the other uses when they are known (red team 22, report 11b, f2: a class attribute read as
    # ``self.VERSION`` by a pip pin), else say why the name is shared.
    if binding.others is None and binding.runtime is None:
        ctx.review(  # private, but no Runtime version to give it (red team 22, report 11b, f5)
            value,
            NO_EQUIVALENT,
            f"{what} gets the value of {hole.expression}, bound on line {binding.line} to the AC version "
            f"{binding.version!r}: not changed, since the renamed argument would send an AC version; {equivalent}",
        )
        return False
    if binding.why:  # a parameter's default, a class attribute read as self.X, a template filled at several places
        where = binding.why
    elif binding.others:
        where = f"also used on {line_list(list(binding.others))}"
    elif binding.others is None:
        where = "read elsewhere, or a module-level name other modules may import"
    elif binding.class_attribute:
        where = "a class attribute code outside the module may read through its class or instances"
    else:
        where = ctx.python.exported_reason
    ctx.review(
        value,
        SHARED_CONSTANT,
        f"{what} gets the value of {hole.expression}, bound on line {binding.line} to the AC version "
        f"{binding.version!r}, which is not this document's alone ({where}): not changed, since the renamed "
        f"argument would send an AC version; give this document its own Astro Runtime version ({equivalent})",
    )
    return False


def _held_one_step(ctx: DocumentContext, hole, value: ValueNode, argument: Optional[ArgumentNode]) -> bool:
    """Red team 24 (report 11b), f10: a hole whose name may be AC versions one step from literals (a loop over
    literal rows, an ``os.environ.get`` default, branches: ``hole_bindings.one_step_versions``) keeps its
    argument, with a review naming each and its Runtime equivalent: renamed, it sent them as Runtime versions
    (with only "make sure").  True when it is held."""
    from . import one_step_values  # as one_step_versions does

    versions = hole_bindings.one_step_versions(ctx, hole)
    if not versions:
        return False
    what = argument.name.value if argument else "this version"
    named = ", ".join(
        f"{one_step_values.shown(text)} ({f'its Astro Runtime equivalent is {runtime!r}' if runtime else 'no Astro Runtime equivalent'})"
        for text, runtime in versions
    )
    ctx.review(
        value,
        TEMPLATE_VERSION,
        f"{what} gets the value of {hole.expression}, which may be the AC version{'s' if len(versions) > 1 else ''} "
        f"{named}: not changed, since the renamed argument would send an AC version; give this document Astro "
        "Runtime versions where that value comes from, then migrate the argument",
    )
    return True


def written_value(ctx: DocumentContext, node):
    """The text a string value of the document is written as in the file (its quotes taken off), else None."""
    if node is None or node.loc is None or getattr(node, "block", False):
        return None
    text_map = ctx.source.text_map
    start, end = text_map.file_offset(node.loc.start), text_map.file_offset(node.loc.end)
    if start is None or end is None or not 0 <= start < end <= len(ctx.file.text) or end - start > 200:
        return None
    quoted = _WRITTEN_QUOTED.fullmatch(ctx.file.text[start:end])
    return quoted.group(1) if quoted is not None else None


def migrate_value(ctx: DocumentContext, value: ValueNode, new_argument: str, field_label: str) -> None:
    """Call after ``can_migrate`` returned True and the argument was renamed."""
    hole = ctx.hole_in(value)
    binding = hole_bindings.ac_binding(ctx, hole) if hole is not None else None
    if binding is not None and binding.content is not None:
        # the name is this document's alone: its literal becomes the Runtime version with the argument
        ctx.edit_file(binding.content[0], binding.content[1], binding.runtime)
    elif hole is not None and _part_of_ac_value(ctx, value, hole):
        # red team 23 (report 13), f1: the hole is a piece of an AC literal a search looks for
        # (``v.startswith("2.2")`` and ``airflowVersion: "2.2.5-5"``): the value is that literal, not the piece
        whole = written_value(ctx, value)
        runtime = ctx.versions.runtime_for(whole)
        equivalent = f"send its Astro Runtime equivalent {runtime!r}" if runtime is not None else why_not_mapped(ctx, whole)
        ctx.finding_at_file(
            hole.file_start, hole.file_end, "warning", TEMPLATE_VERSION,
            f"{field_label}({new_argument}:) is written as the AC version {whole!r}, kept because {hole.expression}, "
            f"but it takes an Astro Runtime version, so Houston rejects it: {equivalent} (and look for its text there)",
        )
    elif hole is not None:
        ctx.finding_at_file(
            hole.file_start,
            hole.file_end,
            "warning",
            TEMPLATE_VERSION,
            f"{field_label}({new_argument}:) now gets the value of {hole.expression}: "
            f"make sure it is an Astro Runtime version, not an AC version{other_reads(ctx, hole.expression, hole.file_start, hole)}"
            f"{_filled_from(ctx, hole, f'{field_label}({new_argument}:)')}",
        )
    elif isinstance(value, VariableNode):
        ctx.version_variables.append((value, new_argument))
    elif isinstance(value, StringValueNode):
        runtime = ctx.versions.runtime_for(value.value)
        # Only the characters between the GraphQL quotes, escaped for the GraphQL
        # string and then for the literal they sit in (``can_migrate`` checked it can be).
        start, end = _content_span(value)
        ctx.replace(start, end, splice.graphql_string_content(runtime))


def _filled_from(ctx: DocumentContext, hole, label: str) -> str:
    """Red team 24 (report 13), f5: what the rewrite's review of a hole says of the AC versions that reach it.
    The hole's parameter (``def upgrade(dep, version)`` with ``"{version}"``, ``.format(version=version)``)
    passed an AC version by the module's own call (``upgrade("d1", "2.4.3-6")``): that call is reviewed where
    it writes it, naming its Runtime equivalent, as for the parameter sent in a variables dict; a name one step
    from AC literals (``target = "2.4.3-6" if prod else ...``): they are named here, each with its equivalent
    (``one_step_values``, the reading ``check`` gives the migrated file)."""
    from . import one_step_values
    from .runtime_argument_values import hole_value, review_untraced_hole  # that module imports this one

    filled = hole_value(ctx, hole)
    if filled is None or not isinstance(filled, ast.Constant):
        # red team 25 (report 13): a hole the tool cannot read whole, as check reviews it after the rewrite
        review_untraced_hole(ctx, hole, label, filled, migrating=True)
    if filled is None or isinstance(filled, ast.Constant):
        return ""
    one_step_values.review_callers(
        ctx, filled, label, migrating=True, written_into=True, line=ctx.file.line_col(hole.file_start)[0]
    )
    named = []
    for text in dict.fromkeys(one_step_values.texts(ctx.python, filled)):
        runtime = ctx.versions.runtime_for(text)
        if runtime is not None and not ctx.versions.is_runtime(text):
            named.append(f"{one_step_values.shown(text)} (its Astro Runtime equivalent is {runtime!r})")
    return f": it may be {', '.join(named)}" if named else ""


def _part_of_ac_value(ctx: DocumentContext, value, hole) -> bool:
    """Is ``hole`` a strict piece of a string value written as an AC version?"""
    whole = written_value(ctx, value) if isinstance(value, StringValueNode) else None
    if whole is None or AC_VERSION.fullmatch(whole) is None or ctx.versions.is_runtime(whole):
        return False
    return ctx.file.text[hole.file_start : hole.file_end].strip('"\\') != whole


# Response keys of Deployment's Airflow version: an AC version before the migration, the Airflow
# version of the Runtime image after it (runtimeAirflowVersion), never an Astro Runtime version.
AIRFLOW_VERSION_KEYS = ("airflowVersion", "runtimeAirflowVersion")


def airflow_version_read(ctx: DocumentContext, value) -> Optional[str]:
    """Red team 13 F6: why a Python value sent as a Runtime version is an Airflow version, or None.

    ``{"desiredRuntimeVersion": dep["airflowVersion"]}``: the key the value reads is the Deployment's
    Airflow version (an AC version, or once migrated "2.3.4"), which Houston rejects as a Runtime
    version.  A read of another root's or another API's ``airflowVersion`` is not one
    (``ac_format_reads`` follows where the read comes from).  The module is indexed once.
    """
    finder = ctx.python
    if finder is None:
        return None
    keys = ac_format_reads.value_keys(finder.module, finder.memo, value, ac_format_reads.imported_of(finder.file))
    key = next((k for k in AIRFLOW_VERSION_KEYS if k in keys), None)
    if key is None:
        release = ac_format_reads.release_airflow_read(finder.module, finder.memo, value, ac_format_reads.imported_of(finder.file))
        if release is None:
            return None
        return (  # red team 14 (report 13) F8: runtimeReleases' airflowVersion re-sent as a Runtime version
            f"it is a Runtime release's 'airflowVersion' ({release}), the Airflow version inside that Runtime "
            f"release (\"2.3.4\"), not an Astro Runtime version: send the release's 'version' instead"
        )
    return (
        f"it is a read of the response key {key!r} ({finder.code_of(value)}), the Deployment's Airflow version "
        f"(\"2.3.4\" once that field is migrated to runtimeAirflowVersion), not an Astro Runtime version: select "
        f"runtimeVersion and send that"
    )


def other_reads(ctx: DocumentContext, expression: str, at: int, hole=None, name=None) -> str:
    """`` (AC_VERSION is also read on lines 9, 14)`` for a plain name read elsewhere too, else ``""``.

    The name itself is never edited: changing it would change every other reader.  With the
    ``hole`` it is read in, only the reads of that binding count: another function's own local of
    the same spelling is another name (red team 20, report 11b, F6); so with ``name``, the value's own
    ``ast.Name`` (a variables-dict value: red team 20, report 13, F2, which named another function's line).
    The lines of a name are gathered once per binding, and at most three are named (then
    "and K more"): N sends reading one ``version`` would otherwise each list all N lines
    (N*N work and output; red team 8 F2).
    """
    if ctx.python is None or not expression.isidentifier():
        return ""
    here = ctx.file.line_col(at)[0]
    names = ctx.python.names
    name = name if name is not None else hole_bindings.hole_name(ctx, hole) if hole is not None else None
    home = names.home(expression, name) if name is not None else None
    memo = ctx.python.memo.setdefault("other_reads", {})
    key = (expression, id(home))
    if key not in memo:
        if name is not None:
            read = {n.lineno for n in names.loads_of_binding(expression, name)}
        else:
            uses = names.get(expression)
            read = {n.lineno for n in uses.loads + uses.mentions if hasattr(n, "lineno")}
        memo[key] = (sorted(read), read)
    ordered, read = memo[key]
    count = len(read) - (here in read)
    if not count:
        return ""
    shown = [line for line in ordered[:4] if line != here][:3]
    more = f" and {count - len(shown)} more" if count > len(shown) else ""
    return (
        f" ({expression} is also read on line{'s' if count > 1 else ''} {', '.join(map(str, shown))}{more}: "
        f"give this argument its own value instead of changing {expression})"
    )
