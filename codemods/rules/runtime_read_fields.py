"""Deployment.airflowVersion / desiredAirflowVersion  ->  the Runtime fields, aliased to the old names.

Houston change: Software 0.29 adds ``Deployment.runtimeVersion``,
``desiredRuntimeVersion`` and ``runtimeAirflowVersion``; Houston API 1.0.1 no
longer serves ``Deployment.airflowVersion`` nor ``desiredAirflowVersion``.
Evidence: shared/houston houston-facts.md section 2, "Deployment output
fields" (``airflowVersion`` is ``""`` on Runtime deployments; astro-cli's
1.0.1 documents, commit 0da8d524, stop selecting both AC fields;
``runtimeAirflowVersion`` is "the Airflow version inside the Runtime image",
e.g. Runtime 4.2.4 -> 2.2.5); the bundled schema's provenance on
``Deployment`` ([CLI-0.29] ``runtimeAirflowVersion``/``desiredRuntimeVersion``
``@since 0.29.0``; ``desiredRuntimeVersion`` is still served on 1.0.1 because
astro-cli HEAD still selects it from ``updateDeploymentRuntime``).

The response keeps its shape: ``airflowVersion`` becomes
``airflowVersion: runtimeAirflowVersion`` and an existing alias is kept
(``v: airflowVersion`` -> ``v: runtimeAirflowVersion``), so
``d["airflowVersion"]`` goes on working.  What changes is the value:

* ``airflowVersion`` now holds the Airflow version of the Runtime image,
  which has no AC hotfix suffix (``"2.3.4"``, never ``"2.3.4-11"``): an info
  finding says so, and a comparison of that key with an AC-format literal in
  the same Python module is reported for review, as is a string operation on
  it that looks for the suffix (red team 6, F10: ``v, hotfix =
  d["airflowVersion"].split("-")`` raises on the Runtime value): ``split``,
  ``rsplit``, ``partition``, ``endswith``, ``find``, ``index``, ``in`` ... with a
  literal holding ``-``, or ``re.match``/``search``/... with such a pattern;
  the field then gets a review too.  Red team 7 (F8) added reads through a
  name bound in the reading scope, keyword forms (``split(sep="-")``),
  membership in a constant of AC versions, ``match``/``case`` and lookups in a
  table keyed by AC versions: ``ac_format_reads`` finds them all in one walk
  of the module.
* ``desiredAirflowVersion`` now holds a Runtime version (``"5.5.0"``): a
  review finding says so wherever it is migrated.

A document that still sends an AC version (an argument the version rules
could not migrate, e.g. AC 2.1.4 has no Runtime equivalent) creates or
upgrades an AC Deployment: its reads are left as they are, for review.  A
field selected beside its replacement or any other Runtime field
(``airflowVersion runtimeVersion``: code that tells AC from Runtime
Deployments apart, as astro-cli's own 0.29 documents do) is not rewritten, and
a response key another field already answers is not reused: both are left for
review.  Nothing happens
where the platform schema has no Runtime fields (before 0.29).

"Beside" is everything GraphQL merges into one response object (red team pass
4: a fragment's ``airflowVersion`` was aliased while the selection spreading it
read ``runtimeAirflowVersion``, or kept an ``airflowVersion`` of its own that
could not be renamed).  ``merged_fields`` gives, for each field, the fields
answering under the same key wherever it lands, through inline fragments,
fragment spreads and, in a Python module, the other documents sharing or
spreading its fragment.  Such a group is renamed all at once or not at all, so
every merged pair stays mergeable (same field, same key) and the response keeps
its keys and nesting; otherwise each of its fields gets this rule's review,
naming the fragment and the field that holds the group back.
"""

from __future__ import annotations

import ast
import re
import weakref
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

from graphql import FieldNode, TypeInfo, TypeInfoVisitor, Visitor, visit

from . import ac_format_reads
from .context import INFO, REVIEW, DocumentContext
from .merged_fields import FieldRef, MergeGraph

TYPE_NAME = "Deployment"
REPLACEMENTS = {"airflowVersion": "runtimeAirflowVersion", "desiredAirflowVersion": "desiredRuntimeVersion"}
# A selection that already reads one of these tells AC from Runtime Deployments itself
# (astro-cli's 0.29 GetDeployment selects airflowVersion beside runtimeVersion to print
# "Astronomer-Certified-..." or "Runtime-..."): aliasing its AC field would hide the AC side.
RUNTIME_FIELDS = frozenset({"runtimeVersion", "runtimeAirflowVersion", "desiredRuntimeVersion"})
MIGRATED = "migrate-read-field"
DESIRED_VALUE = "review-desired-runtime-version"
ALREADY_SELECTED = "review-read-field-replacement-selected"
KEY_TAKEN = "review-read-field-key-taken"
NOT_EDITABLE = "review-read-field-template"
AC_COMPARISON = "review-ac-version-comparison"
STILL_AC = "review-read-field-ac-deployment"
FRAGMENT_UNKNOWN = "review-read-field-fragment-unseen"
AC_SUFFIX_READ = "review-ac-version-suffix-read"
AC_IMAGE_READ = "review-ac-image-from-read"
EMPTY_ON_AC = "review-read-empty-on-ac-deployment"  # red team 18 (report 13) F7


def run(ctx: DocumentContext) -> None:
    text = ctx.source.text
    if "irflowVersion" not in text:
        return
    deployment = ctx.schema.schema.get_type(TYPE_NAME)
    fields = getattr(deployment, "fields", None) or {}
    served = {old: new for old, new in REPLACEMENTS.items() if new in fields}
    if not served:
        return  # a platform before 0.29: nothing to read instead
    _report_already_migrated(ctx, served)
    view = merge_view(ctx)
    mine = view.candidates_in_document(served)
    if not mine:
        return
    held = held_definitions(ctx)
    if held:
        # Red team 22, report 13, f1: decided per operation, not per document.  An operation of a
        # .graphql file (or of one string sent with operationName) that sends no AC version is
        # migrated even when another operation beside it still creates an AC Deployment; a fragment
        # is held when an operation that still sends one spreads it.
        starts = sorted(d.loc.start for d in ctx.document.definitions if d.loc is not None)
        rest = []
        for node, ref in mine:
            why = held.get(_top_start(starts, node), "") if node.loc is not None else ""
            if not why:
                rest.append((node, ref))
                continue
            view.held[ref.offset] = why
            view.review(
                ref,
                node,
                STILL_AC,
                f"{why}, so it reads {node.name.value} as it is: migrate that first, then select "
                f"{served[node.name.value]} under this name",
            )
        mine = rest
        if not mine:
            return
    # This document's own fields, by merge group, in document order (never a walk of a whole
    # group per document: a fragment shared by thousands of documents would make that quadratic).
    by_group: Dict[object, List[Tuple[FieldNode, FieldRef]]] = {}
    for node, ref in mine:
        by_group.setdefault(view.root_of(ref, served), []).append((node, ref))
    for here in by_group.values():
        _migrate_group(ctx, view, view.group_of(here[0][1], served), here, served)


def _migrate_group(
    ctx: DocumentContext, view: "MergeView", group: "Group", here: List[Tuple[FieldNode, FieldRef]], served: Dict[str, str]
) -> None:
    """Rename every field of one merge group in this document (``here``), or none of them."""
    if group.blocked is not None:
        for node, member in here:
            view.review(member, node, *group.reason_for(member, ctx))
        return
    marks = len(ctx.edits), len(ctx.document_edits), len(ctx.findings)
    done: List[Tuple[FieldNode, FieldRef, int, int]] = []
    for node, member in here:
        new = served[member.name]
        renamed = new if node.alias else f"{member.name}: {new}"
        if view.claimed(member.offset):
            # The same characters were already rewritten (through another document, or another
            # copy of a constant spliced twice): this copy of the text changes with them, and
            # the document's validation sees it so.
            ctx.document_edits.append((node.name.loc.start, node.name.loc.end, renamed))
            continue
        since = len(ctx.edits)
        if not ctx.replace_node(node.name, renamed):
            if view.editable_elsewhere(member, new):
                # Another document holds these characters as its own literal and renames them.
                ctx.document_edits.append((node.name.loc.start, node.name.loc.end, renamed))
                continue
            del ctx.edits[marks[0]:], ctx.document_edits[marks[1]:], ctx.findings[marks[2]:]
            for _node, renamed_member, _start, _end in done:
                view.unclaim(renamed_member.offset)
            for other_node, other in here:
                if other is member:
                    view.review(other, other_node, NOT_EDITABLE, _not_editable(other, new))
                else:
                    view.review(other, other_node, NOT_EDITABLE, _merged_with_left(ctx, other, member, "it is written outside this literal"))
            return
        view.claim(member.offset)
        done.append((node, member, since, len(ctx.edits)))
    mark = len(ctx.findings)
    for node, member, start, end in done:
        _report_migrated(ctx, node, member, served[member.name], tuple(ctx.edits[start:end]))
    for finding in ctx.findings[mark:]:
        # Each says what the renamed field now holds: true only of the migrated file.  If the
        # document's edits are taken back, it says so (red team 22, report 13, f7).
        if finding.severity != INFO and not finding.held:
            finding.held = f"once this document is migrated: {finding.message}"


def _report_migrated(ctx: DocumentContext, node: FieldNode, member: FieldRef, new: str, fix) -> None:
    old, key = member.name, member.key
    if fix:
        ctx.finding_at(
            node.loc.start,
            node.loc.end,
            INFO,
            MIGRATED,
            f"{TYPE_NAME}.{old} becomes {key}: {new}: same response key, but the value is now {_value_of(new)}"
            + (_EMPTY_NOTE if new == "runtimeAirflowVersion" and _serves_ac(ctx) else ""),
            fix,
        )
    if old == "desiredAirflowVersion":
        ctx.review(
            node,
            DESIRED_VALUE,
            f"{key!r} now holds the pending Astro Runtime version (such as \"5.5.0\"), not an AC version: "
            "check the code that reads it",
        )
    _report_reads(ctx, node, key, new)


def _report_already_migrated(ctx: DocumentContext, served: Dict[str, str]) -> None:
    """Red team 11 F5: a field this rule already migrated (``airflowVersion: runtimeAirflowVersion``,
    ``v: desiredRuntimeVersion``: an alias on a Runtime field) keeps its AC-format read reviews, so
    ``check`` after ``rewrite`` still reports a script comparing the key with ``"2.4.3-6"`` or looking
    for its hotfix suffix.  The reads come from the same one walk per module (``_reads``)."""
    if ctx.python is None and not getattr(ctx.file, "reader_reads", None):
        return
    text = ctx.source.text
    new_names = {new for new in served.values() if new in text}
    if not new_names:
        return
    for node, _siblings in fields_on_type(ctx, TYPE_NAME, new_names):
        if node.alias is not None:
            _report_reads(ctx, node, node.alias.value, node.name.value)


def _report_reads(ctx: DocumentContext, node: FieldNode, key: str, new: str) -> None:
    """The reviews of the module's (or a reading script's) AC-format reads of ``key``, at the field."""
    if getattr(ctx.file, "reader_reads", None):  # also a module whose imported helper hands out the response (RT15 11b F1)
        _report_reader_reads(ctx, node, key, new)
    if ctx.python is not None:
        seen_lines: Set[int] = set()  # lines already reviewed for this key (F7 reviews them no more)
        for compare, literal, how in _ac_comparisons(ctx.python, key):
            seen_lines.add(compare.lineno)
            start, end = ctx.python.span_of(compare)
            ctx.finding_at_file(
                start,
                end,
                REVIEW,
                AC_COMPARISON,
                f"compares {key!r} with the AC version {literal!r}{how}, but it now holds {_value_of(new)}: "
                "compare with that instead",
            )
        for compare, texts in _value_comparisons(ctx.python, key, seen_lines):
            # red team 25 (report 13), f6: e["ver"] != d["airflowVersion"] with e a row of EXPECTED = [{"ver":
            # "2.3.4-11"}, ...]: the value the module compares with, read as a version argument's value is
            seen_lines.add(compare.lineno)
            start, end = ctx.python.span_of(compare)
            others = ", ".join(repr(text) for text in texts[1:])
            ctx.finding_at_file(
                start, end, REVIEW, AC_COMPARISON,
                f"compares {key!r} with the AC version {texts[0]!r} ({ctx.python.code_of(_other_side(ctx.python, compare, key))}"
                f"{'; it may also be ' + others if others else ''}), but it now holds {_value_of(new)}: compare with that instead",
            )
        if key in _gates(ctx.python)[_QUOTED]:
            counterpart = _counterpart_keys(ctx, new)
            for read in _reads(ctx.python, key, ac_format_reads.CROSS, lambda r: r.detail in counterpart or r.detail == _CATALOGUE):  # red team 9, F11
                start, end = ctx.python.span_of(read.node)
                seen_lines.add(read.node.lineno)
                if read.detail == _CATALOGUE:  # red team 18 (report 13) F4
                    ctx.finding_at_file(start, end, REVIEW, AC_COMPARISON, _catalogue_message(key, new))
                    continue
                ctx.finding_at_file(
                    start, end, REVIEW, AC_COMPARISON,
                    f"compares {key!r} with {read.how.strip(' ()') if read.how else repr(read.detail)}, but once migrated one holds the Airflow version of "
                    f"the Runtime image (\"2.3.4\") and the other a Runtime version (\"5.5.0\"): they never match; "
                    + ("select runtimeVersion and compare it with that value instead" if read.how
                       else "compare runtimeVersion with desiredRuntimeVersion instead"),
                )
        reads = _suffix_reads(ctx.python, key)
        for read, what in reads:
            seen_lines.add(read.lineno)
            start, end = ctx.python.span_of(read)
            ctx.finding_at_file(
                start,
                end,
                REVIEW,
                AC_SUFFIX_READ,
                f"{what} of {key!r} looks for an AC version's hotfix suffix (\"2.3.4-11\"), but it now holds "
                f"{_value_of(new)}: this read no longer finds one",
            )
        if reads:
            ctx.review(
                node,
                AC_SUFFIX_READ,
                f"{key!r} now holds {_value_of(new)}, but the module reads it for a hotfix suffix "
                f"(line {ctx.python.file.line_col(ctx.python.span_of(reads[0][0])[0])[0]}"
                f"{' and more' if len(reads) > 1 else ''})",
            )
        if key in _gates(ctx.python)[_QUOTED] and new == "runtimeAirflowVersion" and _serves_ac(ctx):
            _report_empty_reads(ctx, key, new, seen_lines)
        if key in _gates(ctx.python)[_QUOTED]:
            for read in _reads(ctx.python, key, ac_format_reads.IMAGE):  # red team 12 F6
                start, end = ctx.python.span_of(read.node)
                ctx.finding_at_file(
                    start, end, REVIEW, AC_IMAGE_READ, _image_message(key, new, f"writes it into an {_AC_IMAGE} image reference ({read.detail})"),
                )


# Red team 18 (report 13) F7: what the info says on a platform still serving AC Deployments.
_EMPTY_NOTE = (
    "; a Deployment still on AC answers it empty (\"\" or null) until it is migrated "
    "(astro deployment runtime migrate)"
)


def _serves_ac(ctx: DocumentContext) -> bool:
    """The platform still serves AC Deployments beside Runtime ones (its Deployment has ``airflowVersion``:
    0.29 .. 1.0.0, the default ``--houston-version``)."""
    deployment = ctx.schema.schema.get_type(TYPE_NAME)
    return "airflowVersion" in (getattr(deployment, "fields", None) or {})


def _report_empty_reads(ctx: DocumentContext, key: str, new: str, seen_lines: Set[int]) -> None:
    """Red team 18 (report 13) F7: reads of the migrated key that fail on an empty value (``.split(".")``,
    ``Version(v)``, ``v[:3]``).  A Deployment still on AC answers the Runtime fields empty (``runtimeVersion``
    is ``""`` on AC Deployments: shared/houston houston-facts.md section 2; ``runtimeAirflowVersion`` is a
    nullable ``String``), so on a platform serving both the key is ``""`` or null for it until it is migrated.
    A line already reviewed for this key (a suffix read, a comparison) is not reviewed again."""
    finder = ctx.python
    for read in _reads(finder, key, ac_format_reads.EMPTY):
        start, end = finder.span_of(read.node)
        if read.node.lineno in seen_lines:
            continue
        if read.detail == ac_format_reads.TRUTH_TEST:  # red team 20 (report 11b) F10: if d["airflowVersion"]
            ctx.finding_at_file(
                start, end, REVIEW, EMPTY_ON_AC,
                f"{read.detail} of {key!r} takes another branch on an empty value, and which Deployments answer it empty is "
                f"reversed: before, {key!r} was empty on Runtime Deployments and set on AC ones; now {new} is empty on a "
                "Deployment still on AC (before Houston 1.0.1, until it is migrated) and set on Runtime ones, so this test "
                "selects the opposite Deployments: tell them apart by runtimeVersion instead",
            )
            continue
        ctx.finding_at_file(
            start, end, REVIEW, EMPTY_ON_AC,
            f"{read.detail} of {key!r} fails (or takes another branch) on an empty value: on a platform serving AC and Runtime Deployments "
            f"side by side (before Houston 1.0.1) a Deployment still on AC answers {new} empty (\"\" or null) until "
            "it is migrated (astro deployment runtime migrate); skip those Deployments (if not v: ...) before this read",
        )


# The field each migrated field is never equal to once migrated (red team 9 F11), by its new name.
_COUNTERPARTS = {
    "runtimeAirflowVersion": ("desiredAirflowVersion", "desiredRuntimeVersion"),
    "desiredRuntimeVersion": ("airflowVersion", "runtimeAirflowVersion"),
}


def _counterpart_keys(ctx: DocumentContext, new: str) -> frozenset:
    """The response keys the other version field answers under: its own name (another document of the
    module may select it unaliased) and every alias this document gives it (red team 11 F1/F2:
    ``ver: airflowVersion`` compared with ``want: desiredAirflowVersion``).  One visit per document."""
    cache = ctx.__dict__.setdefault("_counterpart_keys", {})
    if new not in cache:
        names = _COUNTERPARTS.get(new, ())
        keys = {names[0]} if names else set()
        if names:
            for field, _siblings in fields_on_type(ctx, TYPE_NAME, set(names)):
                keys.add(field.alias.value if field.alias is not None else field.name.value)
        cache[new] = frozenset(keys)
    return cache[new]


_AC_IMAGE = ac_format_reads.AC_IMAGE
_CATALOGUE = ac_format_reads.CATALOGUE


def _catalogue_message(key: str, new: str, where: str = "") -> str:
    return (
        f"{key!r} is looked up in the AC catalogue deploymentConfig.airflowVersions{where}, which lists AC versions "
        f"(\"2.3.4-11\"), but it now holds {_value_of(new)}: it is never found there; check it against "
        "runtimeReleases' versions instead"
    )


def _image_message(key: str, new: str, where: str) -> str:
    return (
        f"{key!r} now holds {_value_of(new)}, but the code {where}: the tag no longer names the AC image it "
        f"did ({_AC_IMAGE}:{'5.5.0' if new == 'desiredRuntimeVersion' else '2.3.4'} has no hotfix, or does not exist); "
        "a Runtime Deployment runs quay.io/astronomer/astro-runtime:<runtimeVersion>"
    )


def _report_reader_reads(ctx: DocumentContext, node: FieldNode, key: str, new: str) -> None:
    """Red team 10 F2: a ``.graphql`` file's field, read by scripts of the run that compare the value
    with an AC version or look for its hotfix suffix (``sources.cross_module`` found them, once per
    script): the same two reviews an inline document gets, at the field, naming each read's line."""
    compared, suffix, image = [], [], []
    for reader, reads in ctx.file.reader_reads:
        for read_key, reason, line, detail, how in reads:
            if read_key != key:
                continue
            if reason == ac_format_reads.SUFFIX:
                suffix.append(f"{reader} line {line}: {detail}")
            elif reason == ac_format_reads.IMAGE:
                image.append(f"{reader} line {line}")
            elif reason == ac_format_reads.COMPARED:
                compared.append(f"{reader} line {line}: compared with the AC version {detail!r}{how}")
            elif detail == _CATALOGUE:  # red team 18 (report 13) F4
                compared.append(f"{reader} line {line}: looked up in the AC catalogue deploymentConfig.airflowVersions")
            elif detail in _counterpart_keys(ctx, new):
                compared.append(f"{reader} line {line}: compared with {detail!r} (never equal once migrated)")
    if compared:
        ctx.review(
            node, AC_COMPARISON,
            f"{key!r} now holds {_value_of(new)}, but a script reading this file compares it with an AC "
            f"version ({'; '.join(compared)}): compare with the new value instead",
        )
    if image:
        ctx.review(node, AC_IMAGE_READ, _image_message(key, new, f"of a script reading this file writes it into an {_AC_IMAGE} image reference ({'; '.join(image)})"))
    if suffix:
        ctx.review(
            node, AC_SUFFIX_READ,
            f"{key!r} now holds {_value_of(new)}, but a script reading this file reads it for a hotfix suffix "
            f"({'; '.join(suffix)}): that read no longer finds one",
        )


def _not_editable(member: FieldRef, new: str) -> str:
    return (
        f"{member.name} is written outside this literal (a template hole or a shared constant): "
        f"select {member.key}: {new} there instead"
    )


def _where(ctx: DocumentContext, ref: FieldRef) -> str:
    line = ctx.file.line_col(ref.offset)[0]
    return f"line {line}, {ref.owner.label}" if ref.owner.fragment else f"line {line}"


def _merged_with_left(ctx: DocumentContext, member: FieldRef, cause: FieldRef, why: str) -> str:
    return (
        f"{member.name}{_in_fragment(member)} answers as {member.key!r} in the same response object as "
        f"{cause.name} ({_where(ctx, cause)}), which is left as it is ({why}): renaming only one of them would "
        f"make the two conflict, so neither is rewritten; migrate them together by hand"
    )


def _in_fragment(ref: FieldRef) -> str:
    return f" (in {ref.owner.label})" if ref.owner.fragment else ""


# -- merge groups: what a rename changes beside the field itself -----------------------------------
@dataclass
class Group:
    """Fields that answer under one response key in some response object (see merged_fields)."""

    members: List[FieldRef]
    # The first member that cannot be rewritten, with its code and message, or None.
    blocked: Optional[Tuple[FieldRef, str, str]] = None

    def reason_for(self, member: FieldRef, ctx: DocumentContext) -> Tuple[str, str]:
        cause, code, message = self.blocked
        if member is cause:
            return code, message
        return code, _merged_with_left(ctx, member, cause, _SHORT_REASON.get(code, "see its review"))


_SHORT_REASON = {
    ALREADY_SELECTED: "it is selected beside a Runtime field",
    KEY_TAKEN: "its key is taken by another field",
    NOT_EDITABLE: "it is written outside its literal",
    STILL_AC: "an operation it lands in still sends an AC version",
    FRAGMENT_UNKNOWN: "what it is merged with cannot be seen",
}


class _Tables:
    """What one merge graph says about the read fields in it, worked out once per graph."""

    def __init__(self, graph: MergeGraph, served: Dict[str, str], shared: "Optional[_FileState]" = None) -> None:
        keys = {r.key for r in graph.fields.values() if r.parent == TYPE_NAME and r.name in served}
        self.groups = graph.key_groups(keys)
        self.members: Dict[object, List[FieldRef]] = {}
        self.by_document: Dict[int, List[Tuple[FieldNode, FieldRef]]] = {}
        for ref in graph.fields.values():
            if ref.key in keys:
                self.members.setdefault(self.groups.find(("field", ref.offset)), []).append(ref)
            if ref.parent == TYPE_NAME and ref.name in served:
                for index, node in ref.occurrences:
                    self.by_document.setdefault(index, []).append((node, ref))
        for found in self.by_document.values():
            found.sort(key=lambda pair: pair[0].loc.start)
        self.runtime = graph.merged_with(_reads_runtime_side)
        self.holes = graph.merged_with(_template_hole)
        self.open = graph.open_contexts()
        # Owner -> (document index, its unmigrated AC argument): a document its fields land in
        # that would still create or update an AC Deployment (only when several are judged together).
        self.still_ac: Dict[object, object] = {}
        if shared is not None:
            self.still_ac = graph.upward(lambda owner: _first_still_ac(shared, owner.tops))
        self.decided: Dict[object, Group] = {}


class MergeView:
    """The merge graph a document's read fields are judged in, and what the judging remembers."""

    def __init__(self, ctx: DocumentContext, graph: MergeGraph, index: int, sources, shared: "Optional[_FileState]") -> None:
        self.ctx, self.graph, self.index, self.sources = ctx, graph, index, sources
        self.shared = shared  # per-module state when several documents are judged together
        self._tables: Optional[_Tables] = None
        # Spots renamed and reviews made: the module's when shared, else this document's (the
        # same constant spliced twice into one document is still one spot in the file).
        self._claimed: Set[int] = shared.claimed if shared is not None else set()
        self._reported: Set[Tuple[int, str]] = shared.reported if shared is not None else set()
        # Field offset -> why: this document's fields that land in an operation still sending an
        # AC version (``held_definitions``); they hold back every field merged with them.
        self.held: Dict[int, str] = {}

    def tables(self, served: Dict[str, str]) -> _Tables:
        if self.shared is not None:
            if self.shared.tables is None:
                self.shared.tables = _Tables(self.graph, served, self.shared)
            return self.shared.tables
        if self._tables is None:
            self._tables = _Tables(self.graph, served)
        return self._tables

    def candidates_in_document(self, served: Dict[str, str]) -> List[Tuple[FieldNode, FieldRef]]:
        return self.tables(served).by_document.get(self.index, [])

    # -- what is merged with what ------------------------------------------------------------------
    def root_of(self, ref: FieldRef, served: Dict[str, str]) -> object:
        return self.tables(served).groups.find(("field", ref.offset))

    def group_of(self, ref: FieldRef, served: Dict[str, str]) -> Group:
        tables = self.tables(served)
        root = tables.groups.find(("field", ref.offset))
        group = tables.decided.get(root)
        if group is None:
            members = sorted(tables.members.get(root, [ref]), key=lambda r: r.offset)
            group = tables.decided[root] = Group(members)
            candidates = [m for m in members if m.parent == TYPE_NAME and m.name in served]
            clash = _clash(candidates, members, served)
            # The field asked about first: its own reason is the one its review names.
            for member in [ref] + [m for m in candidates if m is not ref]:
                reason = self._reason(member, tables, served)
                if reason is None and member is ref and clash is not None:
                    reason = KEY_TAKEN, self._key_taken(ref, clash, served)
                if reason is not None:
                    group.blocked = (member, *reason)
                    break
        return group

    def _key_taken(self, member: FieldRef, other: FieldRef, served: Dict[str, str]) -> str:
        old, key, new = member.name, member.key, served[member.name]
        if _share_owner(other, member):
            return (
                f"another field of this selection already answers as {key!r}: select {new} under a free alias "
                f"instead of {old} and read that key"
            )
        return (
            f"{other.name} ({_where(self.ctx, other)}) already answers as {key!r} in the same response object as "
            f"{old}{_in_fragment(member)}: select {new} under a free alias instead of {old} and read that key"
        )

    def _reason(self, member: FieldRef, tables: _Tables, served: Dict[str, str]) -> Optional[Tuple[str, str]]:
        ctx, graph = self.ctx, self.graph
        old, key = member.name, member.key
        new = served[old]
        owners = member.owners
        if (graph.cyclic or graph.overflow) and graph.involves_fragments(member):
            why = "spread each other in a cycle" if graph.cyclic else "are combined in too many ways to check"
            return FRAGMENT_UNKNOWN, (
                f"{old}{_in_fragment(member)} is merged through fragments that {why}: what it answers beside "
                f"cannot be told, so it is left as it is; select {key}: {new} by hand"
            )
        cause = next((tables.open[o.anchor] for o in owners if o.anchor in tables.open), None)
        if cause is not None:
            name, offset = cause
            line = ctx.file.line_col(offset)[0]
            if graph.unparsed_spreads.get(name) == offset:
                what = (
                    f"is merged with the fields of a document on line {line} that spreads fragment {name} but "
                    "could not be read as GraphQL"
                )
            else:
                what = (
                    f"lands in the same response object as fragment {name} (spread on line {line}), which is "
                    f"defined nowhere in {'this file' if self.shared else 'this document'}"
                )
            return FRAGMENT_UNKNOWN, (
                f"{old}{_in_fragment(member)} {what}: the fields it is merged with cannot be seen, so it is left "
                f"as it is; once they are checked, select {key}: {new}"
            )
        runtime = {name: ref for o in owners for name, ref in (tables.runtime.get(o.anchor) or {}).items()}
        if runtime:
            names = ", ".join(sorted(runtime))
            outside = sorted({_where(ctx, r) for r in runtime.values() if not _share_owner(r, member)})
            via = f" ({'; '.join(outside)})" if outside else ""
            return ALREADY_SELECTED, (
                f"{old}{_in_fragment(member)} is selected beside {names}{via}: this selection already reads the "
                f"Runtime side, so {old} is left as it is; Houston 1.0.1 no longer serves it: delete it once no "
                f"Deployment runs AC, or read {new} ({_value_of(new)})"
            )
        holes = {name: ref for o in owners for name, ref in (tables.holes.get(o.anchor) or {}).items()}
        if holes:
            # Red team 9, F2: a template hole among the fields (`{extra}`, `%s` from a local or a
            # parameter) may add runtimeVersion at run time; aliasing would then hide the AC side.
            where = sorted({_where(ctx, r) for r in holes.values()})
            return ALREADY_SELECTED, (
                f"{old}{_in_fragment(member)} is selected beside a template hole ({'; '.join(where)}) that may "
                f"add a Runtime field (runtimeVersion) at run time: then this selection already reads the Runtime "
                f"side and aliasing would hide the AC one, so {old} is left as it is; if the hole never holds a "
                f"Runtime field, select {key}: {new} by hand ({_value_of(new)})"
            )
        why = self.held.get(member.offset)
        if why:
            return STILL_AC, (
                f"{old}{_in_fragment(member)} lands where {why}: migrate that first, then select {key}: {new}"
            )
        if self.shared is None:
            if not all(_editable(ctx, node, new) for _index, node in member.occurrences):
                return NOT_EDITABLE, _not_editable(member, new)
            return None
        found = next((tables.still_ac[o.anchor] for o in owners if o.anchor in tables.still_ac), None)
        if found is not None:
            index, still_ac = found
            line = ctx.file.line_col(self.sources[index].start)[0]
            whole = "this document "  # its one operation: "the document ..., which still creates ..."
            where = f", which {still_ac[len(whole):]}" if still_ac.startswith(whole) else f", where {still_ac}"
            return STILL_AC, (
                f"{old}{_in_fragment(member)} is also read by the document on line {line}{where}: "
                f"migrate that first, then select {key}: {new}"
            )
        if not any(self.shared.editor(index, node, new, self.index) for index, node in member.occurrences):
            return NOT_EDITABLE, _not_editable(member, new)
        return None

    # -- editing once, reporting once --------------------------------------------------------------
    def claimed(self, offset: int) -> bool:
        return offset in self._claimed

    def claim(self, offset: int) -> None:
        self._claimed.add(offset)

    def unclaim(self, offset: int) -> None:
        self._claimed.discard(offset)

    def editable_elsewhere(self, member: FieldRef, new: str) -> bool:
        """Will another document, one the rules run on, rename these same characters as its own literal?"""
        return self.shared is not None and any(
            index != self.index and self.shared.editor(index, node, new, self.index) for index, node in member.occurrences
        )

    def review(self, ref: FieldRef, node: FieldNode, code: str, message: str) -> None:
        """A review at the field, once per spot in the file (documents sharing a literal see it alike)."""
        if (ref.offset, code) in self._reported:
            return
        self._reported.add((ref.offset, code))
        self.ctx.review(node, code, message)


def _share_owner(a: FieldRef, b: FieldRef) -> bool:
    """Are the two written in one selection set (not only merged into one through fragments)?"""
    return any(x is y for x in a.owners for y in b.owners)


def _first_still_ac(shared: "_FileState", tops) -> Optional[Tuple[int, str]]:
    """(document index, why) for the first operation or fragment holding the owner that lands in an
    operation still sending an AC version (red team 22, report 13, f1: per operation, not per document)."""
    for index, start in sorted(tops):
        why = shared.still_ac(index).get(start)
        if why:
            return index, why
    return None


def _clash(candidates: List[FieldRef], members: List[FieldRef], served: Dict[str, str]) -> Optional[FieldRef]:
    """A member that would still differ from the others once the candidates are renamed (None: they merge).

    After the rename every candidate reads ``key: <new>``; a member already in
    that form merges with them, anything else under the same key does not.
    """
    if not candidates:
        return None
    old = candidates[0].name
    allowed = {old, served[old]}
    for member in members:
        if member.parent != TYPE_NAME or member.name not in allowed:
            return member
    return None


def _reads_runtime_side(ref: FieldRef) -> bool:
    """A Runtime field that tells Runtime from AC, not one this rule made (``airflowVersion: runtimeAirflowVersion``).

    A field already in its migrated form hides the AC side just as the rename
    would, so it does not stop the rest of its selection from being migrated
    (a second run finishes what the first left, never the reverse).
    """
    return ref.parent == TYPE_NAME and ref.name in RUNTIME_FIELDS and REPLACEMENTS.get(ref.key) != ref.name


# A template hole read as a field name (templates.placeholder): reserved by GraphQL (leading "__").
_HOLE_NAME = re.compile(r"__hole[0-9]+__")


def _template_hole(ref: FieldRef) -> bool:
    """A field that is a template hole in a Deployment selection: what it holds is only known at run time."""
    return ref.parent == TYPE_NAME and _HOLE_NAME.fullmatch(ref.name) is not None


def _editable(ctx: DocumentContext, node: FieldNode, new: str) -> bool:
    """Could this document's copy of the field be renamed in place (no hole, no shared constant, escapable)?"""
    start, end = node.name.loc.start, node.name.loc.end
    text = new if node.alias else f"{node.name.value}: {new}"
    return (
        ctx.source.text_map.hole_at(start, end) is None
        and ctx.shared_binding(start, end, alone=True) is None
        and ctx.can_write(start, end, text)
    )


class _FileState:
    """What the documents of one Python module share: their merge graph, edits and reviews made."""

    def __init__(self, ctx: DocumentContext, graph: MergeGraph, sources, documents) -> None:
        self.graph, self.sources, self.documents = graph, sources, documents
        self.index_of: Dict[int, int] = {id(source): index for index, source in enumerate(sources)}
        self.file, self.schema, self.versions, self.python = ctx.file, ctx.schema, ctx.versions, ctx.python
        self.claimed: Set[int] = set()
        self.reported: Set[Tuple[int, str]] = set()
        self._still_ac: Dict[int, Dict[int, str]] = {}
        self._contexts: Dict[int, DocumentContext] = {}
        self._rules_run: Dict[int, bool] = {}
        self._facts = None
        self.tables: Optional[_Tables] = None

    def _context(self, index: int) -> DocumentContext:
        found = self._contexts.get(index)
        if found is None:
            found = self._contexts[index] = DocumentContext(
                self.file, self.sources[index], self.documents[index], self.schema, self.versions, python=self.python
            )
        return found

    def editor(self, index: int, node: FieldNode, new: str, current: int) -> bool:
        """Can document ``index`` rename its copy of the field, and will the rules run on it?

        The rules run on a document only when it is bound for Houston and not
        ignored: the same verdict the pipeline gives it (``current`` is running).
        """
        return (index == current or self._runs_rules(index)) and _editable(self._context(index), node, new)

    def _runs_rules(self, index: int) -> bool:
        if index not in self._rules_run:
            from ..destination import FileFacts, decide

            source = self.sources[index]
            if self._facts is None:
                self._facts = FileFacts.gather(self.file, self.python)
            self._rules_run[index] = not source.ignored and decide(self.documents[index], source, self._facts).houston is True
        return self._rules_run[index]

    def still_ac(self, index: int) -> Dict[int, str]:
        """Which definitions of another document would land in an operation still sending an AC
        version once the version rules ran on it (``held_definitions``)?

        Judged on a scratch copy: the version rules run on it exactly as they will
        in that document's own turn, and what they edit or report is dropped.
        """
        if index not in self._still_ac:
            if self.documents[index] is None or "irflowVersion" not in self.sources[index].text:
                return {}  # not parsed, or no AC argument to leave: nothing to run
            from . import rename_version_argument, update_deployment_runtime

            scratch = DocumentContext(
                self.file, self.sources[index], self.documents[index], self.schema, self.versions, python=self.python
            )
            rename_version_argument.run(scratch)
            update_deployment_runtime.run(scratch)
            self._still_ac[index] = held_definitions(scratch)
        return self._still_ac[index]


# finder -> the module's shared state (built once, when a document first needs it).
_FILES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# A spread in a document that could not be parsed: three dots, then a name (linear: no nesting).
_SPREAD = re.compile(r"\.\.\.[ \t\r\n,]*([_A-Za-z][_0-9A-Za-z]*)")


def merge_view(ctx: DocumentContext) -> MergeView:
    """The graph this document is judged in: its own, or its module's when fragments cross documents.

    In a Python module whose documents mention fragments, a fragment constant
    can be concatenated into several queries or sent beside them: all the
    module's documents that spread or define fragments are judged together.
    """
    finder = ctx.python
    found = getattr(finder, "found", None) or []
    if finder is not None and len(found) > 1 and _shares_fragments(ctx.source.text):
        state = _FILES.get(finder)
        if state is None:  # once per module: a scan of the file per document would be quadratic
            state = _FILES[finder] = _file_state(ctx, found) if "fragment" in ctx.file.text else False
        index = state.index_of.get(id(ctx.source)) if state else None
        if index is not None and state.documents[index] is not None:
            return MergeView(ctx, state.graph, index, found, state)
    graph = MergeGraph()
    graph.add_document(0, ctx.document, ctx.schema.schema, ctx.source.text_map.file_offset, _on_deployment)
    return MergeView(ctx, graph, 0, [ctx.source], None)


def _on_deployment(parent: Optional[str], _node: FieldNode) -> bool:
    """The only fields this rule asks about: candidates, Runtime fields and their key-mates are all here."""
    return parent == TYPE_NAME


def _shares_fragments(text: str) -> bool:
    """Could this document take part in a fragment another document defines or spreads?"""
    return "fragment" in text or any(m.group(1) != "on" for m in _SPREAD.finditer(text))


def _file_state(ctx: DocumentContext, found) -> _FileState:
    from graphql import GraphQLError, parse

    graph = MergeGraph()
    documents: List[object] = [None] * len(found)
    for index, source in enumerate(found):
        text = source.text
        if not _shares_fragments(text):
            continue
        try:
            documents[index] = parse(text)
        except (GraphQLError, RecursionError):
            text_map = source.text_map
            graph.add_unparsed_spreads(
                (m.group(1), text_map.file_offset(m.start(1))) for m in _SPREAD.finditer(text) if m.group(1) != "on"
            )
            continue
        graph.add_document(index, documents[index], ctx.schema.schema, source.text_map.file_offset, _on_deployment)
    return _FileState(ctx, graph, found, documents)


def _ac_writes(ctx: DocumentContext) -> List[Tuple[FieldNode, str]]:
    """The AC version arguments the earlier rules left in this document, each with its field.

    Such an operation creates or upgrades an AC Deployment, whose Runtime fields are empty:
    aliasing its reads would turn the versions it reads into "".
    """
    from .walk import fields_with_definitions

    edited = sorted(start for start, _end, _new in ctx.document_edits)
    found = []
    for node, definition in fields_with_definitions(ctx):
        for argument in node.arguments or ():
            name = argument.name.value
            ac_write = (name == "airflowVersion" and definition is not None and "runtimeVersion" in definition.args) or (
                name == "desiredAirflowVersion" and node.name.value == "updateDeploymentAirflow"
            )
            if not ac_write or argument.name.loc is None:
                continue
            span = argument.name.loc
            at = bisect_left(edited, span.start)
            if at < len(edited) and edited[at] < span.end:
                continue  # the rules migrated it
            found.append((node, f"{node.name.value}({name}:)"))
    return found


def _top_start(starts: List[int], node) -> int:
    """The document offset of the top-level definition ``node`` is written in (``starts`` sorted)."""
    at = bisect_right(starts, node.loc.start) - 1
    return starts[at] if at >= 0 else -1


def held_definitions(ctx: DocumentContext) -> Dict[int, str]:
    """Top-level definitions whose fields land in an operation still sending an AC version: start -> why.

    Red team 22, report 13, f1: a .graphql file of three operations, one of them a create with
    AC 2.1.4 (no Runtime equivalent), had the reads of the other two held, "this document still
    creates or updates the Deployment with an AC version", although one only read and the other
    had just been migrated.  Decided per operation: an operation is held when it, or a fragment
    it spreads (at any depth, in this document), still sends an AC version; a fragment when such
    an operation spreads it or it sends one itself; a fragment no operation of this document
    spreads lands elsewhere, so it is held when anything in the document still sends one.
    ``why`` completes "..., so it reads airflowVersion as it is".
    """
    from graphql import FragmentDefinitionNode, FragmentSpreadNode, OperationDefinitionNode

    writes = _ac_writes(ctx)
    if not writes:
        return {}
    definitions = [d for d in ctx.document.definitions if d.loc is not None]
    starts = [d.loc.start for d in definitions]
    direct: Dict[int, str] = {}
    for node, argument in writes:
        if node.loc is not None:
            direct.setdefault(_top_start(starts, node), argument)
    spreads: Dict[int, List[str]] = {}

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_args) -> None:
            if node.loc is not None:
                spreads.setdefault(_top_start(starts, node), []).append(node.name.value)

    visit(ctx.document, Spreads())
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    held: Dict[int, str] = {}
    reached: Set[int] = set()
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if len(operations) == 1:
            label = "this document"  # its one operation: what the review always said
        else:
            label = f"operation {operation.name.value}" if operation.name else "this operation"
        # The fragments it spreads, at any depth (each once: a cycle ends).
        seen: List[FragmentDefinitionNode] = []
        names, pending = set(), list(spreads.get(operation.loc.start, ()))
        while pending:
            name = pending.pop()
            fragment = fragments.get(name)
            if name in names or fragment is None:
                continue
            names.add(name)
            seen.append(fragment)
            pending.extend(spreads.get(fragment.loc.start, ()))
        reached.update(f.loc.start for f in seen)
        argument = direct.get(operation.loc.start) or next((direct[f.loc.start] for f in seen if f.loc.start in direct), "")
        if not argument:
            continue
        why = f"{label} still creates or updates the Deployment with an AC version (see the review on {argument})"
        held[operation.loc.start] = why
        for fragment in seen:
            held.setdefault(
                fragment.loc.start,
                why if len(operations) == 1 else
                f"fragment {fragment.name.value} is spread by {label}, which still creates or updates the Deployment "
                f"with an AC version (see the review on {argument})",
            )
    first = writes[0][1]
    for name, fragment in fragments.items():
        start = fragment.loc.start
        if start in held:
            continue
        if start in direct:
            held[start] = (
                f"fragment {name} still creates or updates the Deployment with an AC version (see the review on "
                f"{direct[start]})"
            )
        elif start not in reached:
            held[start] = (
                f"this document still creates or updates the Deployment with an AC version (see the review on {first})"
            )
    return held


def _value_of(new: str) -> str:
    if new == "runtimeAirflowVersion":
        return "the Airflow version of the Deployment's Runtime image, with no AC hotfix suffix (\"2.3.4\", not \"2.3.4-11\")"
    return "a Runtime version (\"5.5.0\"), not an AC version"


# -- walking the document --------------------------------------------------------------------------
class _Collector(Visitor):
    def __init__(self, type_info: TypeInfo, type_name: str, names) -> None:
        super().__init__()
        self.type_info, self.type_name, self.names = type_info, type_name, names
        self.found: List[Tuple[FieldNode, List[FieldNode]]] = []

    def enter_field(self, node: FieldNode, _key, parent, *_args) -> None:
        if node.name.value not in self.names:
            return
        parent_type = self.type_info.get_parent_type()
        if parent_type is None or parent_type.name != self.type_name:
            return
        siblings = [s for s in parent if isinstance(s, FieldNode)] if isinstance(parent, (list, tuple)) else [node]
        self.found.append((node, siblings))


def fields_on_type(ctx: DocumentContext, type_name: str, names) -> List[Tuple[FieldNode, List[FieldNode]]]:
    """Fields named ``names`` selected on ``type_name``, each with the fields of its own selection set.

    The parent type comes from the schema walk, so it is known even where the
    field itself is gone from the schema (``--houston-version 1.0.1``).
    """
    from .walk import RuleTypeInfo

    type_info = RuleTypeInfo(ctx.schema.schema)
    collector = _Collector(type_info, type_name, names)
    visit(ctx.document, TypeInfoVisitor(type_info, collector))
    return collector.found


# -- reads in the Python that depend on the AC format (see ac_format_reads) ------------------------
# finder -> ({response key: [Read] not reported yet} per reason, ids of the nodes reported).
_READS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# finder -> {None: holds an AC-format literal, _QUOTED: the quoted names}: the cheap gates, per module.
_GATES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _gates(finder) -> dict:
    gates = _GATES.get(finder)
    if gates is None:  # once per module, not once per document (a scan of the file each: quadratic)
        gates = _GATES[finder] = {None: _AC_LITERAL.search(finder.file.text) is not None or _imports_ac(finder.file)}
    if _QUOTED not in gates:  # once per module: a scan of the file per key asked was quadratic (red team 5, F12)
        gates[_QUOTED] = _quoted_names(finder.file.text)
    return gates


def _imports_ac(source_file) -> bool:
    """Red team 18 (report 13) F11: the module imports an AC version from a module of the run (a string
    constant, or a container ``SUPPORTED_AC = {...}``): its text need hold no AC literal to compare with one."""
    imported = ac_format_reads.imported_of(source_file) or {}
    return any(
        ac_format_reads.AC_FORMAT.fullmatch(entry[0]) if isinstance(entry, (list, tuple)) and entry and isinstance(entry[0], str)
        else any(ac_format_reads.AC_FORMAT.fullmatch(t) for t in (*getattr(entry, "keys", ()), *getattr(entry, "values", ())))
        for entry in imported.values()
    )


def _reads(finder, key: str, reason: str, keep=None) -> List[ac_format_reads.Read]:
    """The module's reads of ``key`` for ``reason``, each returned once per module.

    One walk of the module, kept per module: linear however many documents and
    keys ask.  Taken out when reported, so the next document asking for the key
    does no work (filtering the reported ones out again was documents x reads);
    a node read for two keys is reported for the first asked only.
    """
    entry = _READS.get(finder)
    if entry is None:
        by_key = ac_format_reads.index(finder.module, ac_format_reads.imported_of(finder.file))
        split: Dict[str, Dict[str, List[ac_format_reads.Read]]] = {
            ac_format_reads.COMPARED: {}, ac_format_reads.SUFFIX: {}, ac_format_reads.CROSS: {},
            ac_format_reads.IMAGE: {}, ac_format_reads.EMPTY: {},
        }
        for read_key, reads in by_key.items():
            for read in reads:
                split[read.reason].setdefault(read_key, []).append(read)
        entry = _READS[finder] = (split, set())
    split, reported = entry
    found = [read for read in split[reason].pop(key, []) if (reason, id(read.node)) not in reported]
    if keep is not None:  # the reads ``keep`` refuses stay for a later document asking
        left = [read for read in found if not keep(read)]
        if left:
            split[reason][key] = left
        found = [read for read in found if keep(read)]
    reported.update((reason, id(read.node)) for read in found)
    return found


def _ac_comparisons(finder, key: str) -> List[Tuple[ast.AST, str, str]]:
    """Comparisons of a read of ``key`` with an AC-format literal: (node, literal, how it is met)."""
    gates = _gates(finder)
    if not gates[None] or key not in gates[_QUOTED]:
        return []  # the module never writes an AC-format literal, or never that key: no walk
    return [(read.node, read.detail, read.how) for read in _reads(finder, key, ac_format_reads.COMPARED)]


_EQUALITY = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)


def _value_comparisons(finder, key: str, seen_lines: Set[int]) -> List[Tuple[ast.AST, List[str]]]:
    """Red team 25 (report 13), f6: ``==`` / ``!=`` / ``in`` between a read of ``key`` and a value the version
    reader (``one_step_values``, the one the version arguments' reviews use) reads as AC versions with a
    hotfix suffix (a dict row's entry ``e["ver"]``, a list's element, an alias...), which a migrated key never
    equals: (the comparison, those versions).  The module's comparisons are listed once per module and those
    of a key once, given to the first document asking (as ``_reads`` gives the reads); those on a line
    already reviewed are left."""
    from . import one_step_values

    if key not in _gates(finder)[_QUOTED]:
        return []
    memo = finder.memo.get("runtime_read_fields.value_comparisons")
    if memo is None:
        compares = [n for n in ast.walk(finder.module) if isinstance(n, ast.Compare) and len(n.ops) == 1 and isinstance(n.ops[0], _EQUALITY)]
        memo = finder.memo["runtime_read_fields.value_comparisons"] = (compares, set(), set())
    compares, given, asked = memo
    if key in asked:
        return []
    asked.add(key)
    imported = ac_format_reads.imported_of(finder.file)
    found = []
    for compare in compares:
        if id(compare) in given or compare.lineno in seen_lines:
            continue
        side = _other_side(finder, compare, key, imported)
        if side is None:
            continue
        among = isinstance(compare.ops[0], (ast.In, ast.NotIn)) and side is compare.comparators[0]
        read = one_step_values.elements(finder, side) if among else one_step_values.texts(finder, side)
        texts = [text for text in read if _hotfixed(text)]
        if texts:
            given.add(id(compare))
            found.append((compare, texts))
    return found


def _hotfixed(text: str) -> bool:
    """An AC version with its hotfix suffix (``2.3.4-11``), which no migrated Airflow version has."""
    from ..versions import AC_VERSION

    parsed = AC_VERSION.fullmatch(text)
    return parsed is not None and parsed.group("hotfix") is not None and parsed.group("major") in ("1", "2")


def _other_side(finder, compare: ast.Compare, key: str, imported=None) -> Optional[ast.AST]:
    """The side of ``compare`` that is not a read of ``key`` (the other one is), else None."""
    left, right = compare.left, compare.comparators[0]
    for read, other in ((left, right), (right, left)):
        if isinstance(other, ast.Constant):
            continue  # a literal: the module's AC-format comparisons review it
        if key in ac_format_reads.value_keys(finder.module, finder.memo, read, imported or ac_format_reads.imported_of(finder.file)):
            return other
    return None


def _suffix_reads(finder, key: str) -> List[Tuple[ast.AST, str]]:
    """String operations on a read of ``key`` that look for the hotfix suffix: (node, what)."""
    if key not in _gates(finder)[_QUOTED]:
        return []
    return [(read.node, read.detail) for read in _reads(finder, key, ac_format_reads.SUFFIX)]


# Cheap gates before walking the module: an AC-format string literal, and a read of the key.
# Also f"2.3.4-{11}" (red team 12 F7) and "2.3.4" + "-11" (red team 13 F1).  Linear: a match starts only at
# a quote, and each run of digits or spaces after it is read once.
# Also the first item of a list written as one string ("2.3.4-11 2.4.3-6".split(), "2.3.4-11,2.4.3-6": red team 17,
# report 13, F4): a separator may follow it where the closing quote does.
_AC_LITERAL = re.compile(r"[\"']\d+\.\d+\.\d+(?:-(?:\d+|\{\d+\})[\"',;| ]|[\"'] *\+ *[\"']-\d+[\"'])")


# A maximal run of name characters: each character of the file is looked at once.
_NAME_RUN = re.compile(r"[_A-Za-z0-9]+")
_QUOTED = object()  # the gates' entry holding _quoted_names of the module


def _quoted_names(text: str) -> frozenset:
    """Every ``"name"`` / ``'name'`` written in the module (the same quote on both sides).

    One linear pass for the whole module, where asking per key (``'"key"' in
    text``) scanned the file once for each response key: keys x file size.  A
    key written as ``"key"`` is a whole run of name characters with the same
    quote right before and after it, so the runs so bounded are exactly the
    keys the per-key test would have found.  A name read as an attribute (``.key``: the
    response turned into objects, red team 9 F5) counts too.
    """
    found = set()
    for run in _NAME_RUN.finditer(text):
        start, end = run.span()
        if start > 0 and end < len(text) and text[start - 1] == text[end] and text[end] in "\"'":
            found.add(run.group())
        elif start > 0 and text[start - 1] == "." and not text[start].isdigit():
            found.add(run.group())
    return frozenset(found)


__all__ = ["run", "fields_on_type", "INFO"]
