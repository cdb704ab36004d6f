"""AC images in docker compose files and CI files  ->  the same Runtime image the Dockerfile rule picks.

Houston change: as for the Dockerfile (:mod:`dockerfile_from`): what runs or
builds the project must use the Runtime image of the Deployment's Runtime
version.  An Astro project pins its image in more places than the
Dockerfile: ``docker-compose*.yml`` / ``compose*.yaml`` services
(``image:``), GitHub workflow jobs and services (``container:`` /
``image:``), GitLab CI jobs (``image:``).  The mapping and its evidence are
:mod:`ac_images`'.

Only the image reference's own characters are replaced, so quoting,
comments, anchors and layout stay as written.  A value is taken from an
``image:`` or ``container:`` key written on one line (plain, single- or
double-quoted scalar), or GitLab's ``image: name:``.  An AC image anywhere
else in the file (a ``run: |`` script, a build argument) is reported for
review with the image to use, never edited.

Interpolation (red team pass 4): a value holding ``$`` is read with the
file's own grammar.  Compose files: compose-spec interpolation, parsed
exactly by :mod:`sources.compose_interpolation`.  The value is edited only
when it is ``${VAR:-<AC image>}`` / ``${VAR-<AC image>}`` (nesting allowed:
``${A:-${B-<AC image>}}``), i.e. the default IS the whole image, or when the
registry alone is a variable (``${REG:-quay.io}/astronomer/ap-airflow:TAG``,
decided by :mod:`registry_variable`).  A ``:?`` / ``?`` error message, a
``:+`` / ``+`` replacement, ``$$``-escaped literal text, a default beside
other text and an interpolation compose rejects are reviewed, never edited.
GitLab CI expands only ``$VAR`` / ``${VAR}`` (so only the registry form
migrates there); GitHub workflows expand no ``$`` in an image (only
``${{ }}`` expressions), so any ``$`` there is reviewed.

Two steps: a line scanner PROPOSES edits (cheap, finds every reference), and
PyYAML's composer CONFIRMS each one: an edit stays only if its span lies
inside a one-line plain or quoted ScalarNode that is the value of an
``image`` / ``container`` key (or ``name`` in an ``image`` mapping) AT A PATH
the file's tool reads as an image (red team pass 5, F7: ``environment:``,
``labels:``, a step's ``env:`` / ``with:`` may hold a key named ``image``
that is only a string): compose ``services.<name>.image``; GitHub
``jobs.<id>.container``, ``jobs.<id>.container.image``,
``jobs.<id>.services.<name>.image`` (the workflow syntax reference); GitLab
``image`` / ``image:name`` at the top level, in ``default:`` and in a job,
and ``name`` of a ``services:`` entry (the ``.gitlab-ci.yml`` keyword
reference).  A ``<<`` merge of an anchored mapping into a service or job
counts as written there.  Every other AC image is a review.  Hand
scanning alone misread YAML's block, flow and multi-line scalar grammar
(``- |`` items, ``!!str |``, multi-line quoted scalars, ``? |`` keys) and
rewrote script text; the parser knows that grammar.  A file PyYAML cannot
parse gets no edits: each AC image in it is reported for review, naming the
parse error.  The parse runs once per file, and only when the scanner
proposed an edit.

Red team pass 6: a step's ``uses: docker://<image>`` runs that image, so the
reference after the scheme is migrated like ``container:`` (F8; only at
``jobs.<id>.steps[*].uses``, the workflow syntax reference).  Two values at an
image place are still never edited, only reviewed: the ``image:`` of a compose
service that has ``build:`` (its own or merged), which names the image compose
builds and tags, so the base to migrate is the Dockerfile's FROM (F6; Docker's
``docker compose build`` reference: the built image is tagged with the service's
``image`` name; the Compose Build Specification, "Using build and image": with no
``pull_policy`` compose first tries to pull that name and builds only if it is not
found, so a Runtime name there would run Astronomer's image instead of the build); and a
value read elsewhere through a YAML alias (``image: &img ...`` with
``AC_IMAGE: *img``, or an anchored mapping merged where no image is read),
since the edit would change that read too (F7, :mod:`yaml_aliases`).  An
alias that is itself an image place (``image: *img`` in another service, a
``<<`` merge into a service) is an image read, and the edit stands.

Red team 12: the ``build:`` may come from another compose file of the folder (the
override file compose merges, ``-f``, or a building service that ``extends: file:``
this one), and a service without ``build:`` may name the tag another builds (F2,
F4; :mod:`compose_neighbours`): reviewed like F6.  A GitLab ``services:`` entry
without ``alias:`` is reached at hostnames GitLab derives from its image name
(``quay.io__astronomer__ap-airflow``, ``quay.io-astronomer-ap-airflow``; the
``.gitlab-ci.yml`` reference, "services:alias"), so renaming the image renames
the host (F3): reviewed, naming the ``alias:`` to add.  The tool does not add
the ``alias:`` itself: that is a new line in the user's YAML, whose place and
indentation depend on the entry's style (flow, ``<<`` merged, anchored and
shared with other jobs), and GitLab gives the service two default names while
one alias keeps only one, so no insertion is byte-safe in every case.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Dict, List, Optional, Set, Tuple

from ..versions import VersionTable
from ..sources.compose_interpolation import (
    DEFAULT_OPERATORS,
    MESSAGE_OPERATORS,
    REPLACEMENT_OPERATORS,
    Escape,
    Text,
    Variable,
    parse,
    texts,
    unset_value,
    whole_default,
)
from ..prefilter import may_spell_ac_image
from ..sources.yaml_double_quoted import decode
from ..sources import launcher_env  # variables a Makefile / script exports before docker compose (RT22 11b f9)
from .ac_images import REFERENCE, ImageMigration, runtime_reference
from .image_variables import ENV_FILE, MAX_ENV_THROUGH, MAX_EXPANDED_CHARS, GitlabVariables, Known, dotenv
from .registry_variable import NAMES_AC_REPOSITORY, NO_DEFAULT, decide

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_KEY = re.compile(r"(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[\w.-]+|\"[^\"]*\"|'[^']*')[ \t]*:(?:[ \t]+|$)(?P<value>(?:[^ \t].*)?)")  # value: from its first non-blank (linear)
_BLOCK_INDICATOR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?")
_PROPERTIES = re.compile(r"(?:[&!][^ \t]*[ \t]+)*")  # each property ends at its blank: linear
IMAGE_KEYS = frozenset({"image", "container"})
_FLOW = re.compile(r"(?:-[ \t]+)?[{\[]")  # a flow mapping or sequence starts the value (or the list item)
FLOW_CONTENT = "in flow content ({...} or [...]), which this tool reviews and never edits"
NEXT_LINE_VALUE = "the value of an image key written on the line below the key, which this tool reviews and never edits"
LIST_ITEM = "a list item under an image or services key, which this tool reviews and never edits"


def migrations(
    text: str, versions: VersionTable, grammar: str = "compose", path: Optional[str] = None
) -> List[ImageMigration]:
    """Every AC image in the file; ``grammar`` is how the file expands ``$``: "compose" (compose-spec
    interpolation), "gitlab" (``$VAR`` / ``${VAR}`` only) or "none" (GitHub workflows: ``${{ }}`` only).
    ``path`` locates the compose file's ``.env`` (:mod:`image_variables`)."""
    found: List[ImageMigration] = []
    if not may_spell_ac_image(text) and not (grammar == "compose" and "$" in text and _dotenv_spells_ac(path)):
        return found  # (an AC image may be held whole in .env: image: ${IMG}, red team 9 F6)
    known = _known_values(text, grammar, path)
    block_indent = -1  # inside a block scalar whose key sat at this indentation
    block_reason = ""  # what the review of an AC image inside that block scalar says it is
    image_indent = -1  # inside an "image:" / "container:" mapping (GitLab's image: name:) at this indentation
    skip_to = 0  # the end of a multi-line double-quoted image value already read whole
    for match in _LINE.finditer(text):
        line, start = match.group().rstrip("\n").rstrip("\r"), match.start()
        if start < skip_to:
            continue
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if block_indent >= 0:
            if not stripped or indent > block_indent:
                found.extend(_review_all(line, start, versions, block_reason))
                continue
            block_indent = -1
        if not stripped or stripped.startswith("#"):
            continue
        key = _KEY.fullmatch(line)
        if key is None:
            if image_indent >= 0 and indent > image_indent and not _FLOW.match(stripped):
                # image:\n  <reference> (red team 10, F13), or a GitLab services: list item
                where = LIST_ITEM if stripped.startswith("-") else NEXT_LINE_VALUE
            else:
                where = FLOW_CONTENT if _FLOW.match(stripped) else "not under an image or container key"
            found.extend(_review_all(line, start, versions, where))
            continue
        value = key.group("value")
        if _BLOCK_INDICATOR.fullmatch(value):
            block_indent = len(key.group("indent"))
            # image: >- with the reference on the next line is an image written as a block scalar, not a
            # script (a reviewer of red team 25, report 11b: the review called it "a script")
            opened = key.group("key").strip("\"'")
            block_reason = (f"the value of '{opened}:' written as a block scalar" if opened in IMAGE_KEYS
                            else "inside a block scalar (a script)")
            continue
        name = key.group("key").strip("\"'")
        if _FLOW.match(value[_PROPERTIES.match(value).end():]):
            # {image: ...} / [..., docker://...] (red team 10, F1 and F13): flow content is reviewed,
            # never edited, and the reason says so (not "under the key 'k'")
            found.extend(_review_all(line, start, versions, f"under the key {name!r}, {FLOW_CONTENT}"))
            continue
        if image_indent >= 0 and len(key.group("indent")) <= image_indent:
            image_indent = -1
        if (name in IMAGE_KEYS or (grammar == "gitlab" and name == "services")) and not _without_comment(value).strip():
            image_indent = len(key.group("indent"))  # GitLab's services: entries name an image too
        elif name in IMAGE_KEYS or (name == "name" and image_indent >= 0):
            consumed: List[int] = []
            found.extend(_image_value(line, start, key.start("value"), value, versions, grammar, known, text, consumed))
            skip_to = max(consumed, default=skip_to)
        elif name == "uses" and grammar == "none":
            found.extend(_docker_uses(line, start, key.start("value"), value, versions))
        else:
            found.extend(_review_all(line, start, versions, f"under the key {name!r}, not an image or container key"))
    if any(m.new is not None for m in found) or (
        grammar == "compose" and "build" in text and any(m.new is None for m in found)
    ):
        found = _confirmed(text, found, grammar, path)
    return found


# Where each file kind reads an image (red team 5, F7: a key named ``image`` under
# ``environment:``, ``labels:``, a step's ``env:`` / ``with:`` is a string, not an image).
IMAGE_PLACES = {
    "compose": "services.<name>.image",
    "none": "jobs.<id>.container, jobs.<id>.container.image, jobs.<id>.services.<name>.image, "
    "jobs.<id>.steps[*].uses: docker://<image>",
    "gitlab": "image / image:name at the top level, in default:, in a job, or in a services: entry",
}
# Top-level GitLab keys that are not jobs (a job is any other top-level mapping, hidden ``.x`` ones included).
GITLAB_GLOBAL_KEYS = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "spec"}
)


def _confirmed(
    text: str, proposed: List[ImageMigration], grammar: str = "compose", path: Optional[str] = None
) -> List[ImageMigration]:
    """The scanner's proposals, each edit kept only where the YAML parser confirms it (``path``: where the
    compose file is, so the other compose files of its folder are read, :mod:`compose_neighbours`)."""
    from bisect import bisect_right

    spans, refused, problem = _image_value_places(text, grammar, path)
    ordered = sorted(spans)  # scalars never overlap: the one starting last at or before an edit is the only candidate
    starts = [begin for begin, _ in ordered]
    refused_ordered = sorted(refused)
    refused_starts = [begin for begin, _ in refused_ordered]
    result = []
    for migration in proposed:
        if migration.new is None:
            at = bisect_right(refused_starts, migration.start) - 1
            if at >= 0 and migration.end <= refused_ordered[at][1] and not problem and _names_a_build(refused[refused_ordered[at]]):
                # red team 19 (report 19), F8: an interpolated image: of a build is the build's name too; the
                # review must not advise pointing it at the Runtime image
                reason = refused[refused_ordered[at]].replace(" ({old} -> {new})", "")
                reason = reason.replace("{old}", migration.old).replace("{new}", "the Astro Runtime image")
                migration = ImageMigration(migration.start, migration.end, migration.old, None, reason, migration.code)
            result.append(migration)
            continue
        at = bisect_right(refused_starts, migration.start) - 1
        if at >= 0 and migration.end <= refused_ordered[at][1]:
            reason = refused[refused_ordered[at]].replace("{old}", migration.old).replace("{new}", migration.new)
            result.append(ImageMigration(migration.start, migration.end, migration.old, None, reason))
            continue
        at = bisect_right(starts, migration.start) - 1
        if at >= 0 and migration.end <= ordered[at][1]:
            result.append(migration)
            continue
        if problem:
            where = f"{_UNPARSED}{problem})"
        else:
            where = (
                "not the one-line plain or quoted value of a key the file's tool reads as an image "
                f"({IMAGE_PLACES.get(grammar, IMAGE_PLACES['compose'])})"
            )
        reason = f"{where}: migrate it by hand to {migration.new}"
        result.append(ImageMigration(migration.start, migration.end, migration.old, None, reason))
    return result


def _names_a_build(reason: str) -> bool:
    """A refusal saying the image: is the name of a build (:data:`BUILT_IMAGE` and its kin), not another one."""
    return any(reason.startswith(template.split("{", 1)[0]) for template in (
        BUILT_IMAGE, EXTENDED_IMAGE, BUILT_ELSEWHERE, EXTENDED_ELSEWHERE, EXTENDED_IN_FILE, BUILT_TAG,
    ))


_UNPARSED = "the file is not YAML PyYAML can parse ("  # a review's words, read back by parse_problem
_UNPARSED_END = "): migrate it by hand"
_TOO_DEEP = "nested too deeply"


def parse_problem(text: str, found: List[ImageMigration]) -> Optional[str]:
    """Why the compose or CI file holding the AC images ``found`` (what :func:`migrations` gave) does
    not parse (``line N: cause``), or None (red team 15, report 13, F7: such a file is bad input, exit
    2, not a review at exit 0).  The parser runs at most once per file: where :func:`migrations`
    proposed an edit it already ran, and its failure is in the reviews it made.  A file only too deeply
    nested for PyYAML is valid YAML: None (its images stay reviews)."""
    problem = None
    for migration in found:
        reason = migration.reason or ""
        if reason.startswith(_UNPARSED) and _UNPARSED_END in reason:
            problem = reason[len(_UNPARSED): reason.rindex(_UNPARSED_END)]
            break
    else:
        if not found or any(m.new is not None for m in found):
            return None
        _spans, _refused, problem = _image_value_places(text, "none")
    return None if problem == _TOO_DEEP else problem


def bad_merge(documents) -> Optional[str]:
    """Red team 18 (report 13), F8: a ``<<`` merge of something other than a mapping or a list of
    mappings (``<<: *env`` where ``env`` is a string, ``<<: [5, null]``) composes but cannot be
    loaded (PyYAML's constructor and docker compose both refuse it): ``line N: cause``, else None.
    Each node is visited once (aliases are the same node): linear, never a construction."""
    import yaml

    from .yaml_aliases import MERGE_TAG, each_node

    for node in each_node(documents):
        if not isinstance(node, yaml.MappingNode):
            continue
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag == MERGE_TAG:
                items = value.value if isinstance(value, yaml.SequenceNode) else [value]
                wrong = next((item for item in items if not isinstance(item, yaml.MappingNode)), None)
                if wrong is not None:
                    return (
                        f"line {key.start_mark.line + 1}: expected a mapping or list of mappings "
                        f"for merging, but found {wrong.id}"
                    )
    return None


def _image_value_spans(text: str, grammar: str = "compose") -> Tuple[Set[Tuple[int, int]], Optional[str]]:
    """The editable spans of :func:`_image_value_places` and why the text does not parse (or None)."""
    spans, _refused, problem = _image_value_places(text, grammar)
    return spans, problem


def _image_value_places(
    text: str, grammar: str = "compose", path: Optional[str] = None
) -> Tuple[Set[Tuple[int, int]], Dict[Tuple[int, int], str], Optional[str]]:
    """(start, end) character offsets of every editable image value, and why the text does not parse (or None).

    Editable: a ScalarNode in plain, single- or double-quoted style, on one
    line, written right after its key (not an alias of a node defined
    elsewhere), that is the value of an ``image`` / ``container`` key or of
    ``name`` in an ``image`` mapping, each a block (not flow) mapping, at a path where the
    file's tool reads an image (:data:`IMAGE_PLACES`; ``grammar`` names the tool as
    :func:`migrations` does).  Each place is looked up by its path from the document's
    root, each mapping once (a ``<<`` merge of an anchored mapping counts as the
    mapping it is merged into), so the work is linear in the nodes.

    Also the image values that must not be edited though they sit at such a place, each
    with the review's reason (``{old}`` / ``{new}`` filled in by the caller): the image of a
    compose service that has ``build:`` (red team 6, F6: it names the image compose builds),
    also when the ``build:`` is in another compose file of the folder or a building service
    extends it from there, or when the value is the tag another service builds (red team 12, F2
    and F4: :mod:`compose_neighbours`, read for ``path``); a GitLab ``services:`` entry without
    ``alias:`` (F3, :data:`SERVICE_HOSTNAME`); and a value read elsewhere through a YAML alias (F7,
    :mod:`yaml_aliases`).
    """
    import yaml

    from .yaml_aliases import compose_recording, foreign_uses

    spans: Set[Tuple[int, int]] = set()
    refused: Dict[Tuple[int, int], str] = {}
    try:
        documents, loader = compose_recording(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        cause = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        return spans, refused, (f"line {mark.line + 1}: {cause}" if mark else cause)
    except (yaml.YAMLError, ValueError) as exc:
        return spans, refused, " ".join(str(exc).split())[:200] or type(exc).__name__
    except (RecursionError, MemoryError):
        return spans, refused, _TOO_DEEP
    merge_problem = bad_merge(documents)
    if merge_problem is not None:  # composed, but no loader (nor compose) can build it: bad input
        return spans, refused, merge_problem
    places = []  # (key, value, refusal, nodes whose aliases elsewhere would also read an edit)
    seen: Dict[str, Set[int]] = {}
    edges: Set[Tuple[int, int]] = set()
    around = None
    if grammar == "compose" and path:
        from .compose_neighbours import neighbours

        around = neighbours(path, documents)
    for root in documents:
        for owner, key, value, refusal in _image_places(root, grammar, seen, edges, around):
            if owner.flow_style:
                continue  # `{image: x}`: flow content, reviewed like the scanner reads it
            places.append((owner, key, value, refusal, (value, owner)))
            if isinstance(value, yaml.MappingNode) and not value.flow_style and _is_key(key, ("image",)):
                for inner_key, inner_value in value.value:
                    if _is_key(inner_key, ("name",)):
                        places.append((value, inner_key, inner_value, refusal, (inner_value, value, owner)))
    image_reads = {(id(owner), id(key)) for owner, key, _, refusal, _ in places if refusal is None} | edges
    read_mappings = set().union(*seen.values()) if seen else set()
    memo: Dict[int, List[str]] = {}
    for _owner, key, value, refusal, read_through in places:
        if refusal is None:
            uses = foreign_uses(loader.alias_uses, read_through, image_reads, read_mappings, memo)
            if uses:
                refusal = (
                    "{old} is read elsewhere through a YAML alias (" + "; ".join(uses) + "): editing it here "
                    "changes what that reads too; migrate by hand to {new} where it is an image"
                )
        if refusal is None:
            _add_span(spans, key, value)
        elif isinstance(value, yaml.ScalarNode):
            refused.setdefault((value.start_mark.index, value.end_mark.index), refusal)  # the first place read names it
    return spans, refused, None


def _entries(node, seen: Set[int]):
    """(mapping, key, value) of a block or flow mapping, its ``<<`` merged mappings' entries included; each mapping once."""
    from .yaml_aliases import merged_entries

    return merged_entries(node, seen)


BUILT_IMAGE = (
    "the image: of a service that has build: is the name compose gives the image it BUILDS, not a base "
    "to pull: rewriting it would tag your build as Astronomer's image (and compose would pull that "
    "instead of building); migrate the base image in the "
    "Dockerfile's FROM instead ({old} -> {new}) and rename this tag to your own image's name"
)

# Red team 7, F6: `extends:` takes the other service's keys, `build:` included (Docker's compose
# "Extend" reference), from this file or another one the run may not hold whole, so the image:
# of an extending service may name the image compose builds, like BUILT_IMAGE: reviewed, never edited.
EXTENDED_IMAGE = (
    "the image: of a service that has extends: may be the name compose gives the image it BUILDS (the "
    "extended service's build: applies here too), not a base to pull: if it builds, migrate the base "
    "image in the Dockerfile's FROM instead ({old} -> {new}) and rename this tag to your own image's name; "
    "otherwise migrate it by hand to {new}"
)


def _image_places(
    root, grammar: str, seen: Optional[Dict[str, Set[int]]] = None, edges: Optional[Set[Tuple[int, int]]] = None,
    around=None,
):
    """(mapping, key, value, refusal) of each key at a place the tool reads an image (see :data:`IMAGE_PLACES`);
    ``refusal`` is None, or the review's reason when the value must not be edited (:data:`BUILT_IMAGE`).

    Each role (the services of a compose file, a job, an image holder ...) has its own set
    of mappings already read (``seen``, shared across a file's documents): a mapping reached
    again (an anchor merged into many services) has had its image keys reported already, so
    every mapping is read at most once a role.  ``edges`` gets ``(id(mapping), id(key))`` of every
    entry the walk descends through (``services:``, a service, ``jobs:``, a job, ``container:``
    ...; ``(id(sequence), 0)`` for a list's items), also when the node below was read already:
    an alias written there is read as an image holder, not elsewhere (:func:`_image_value_places`).
    ``around``: what the folder's other compose files say about this file's services
    (:class:`compose_neighbours.Neighbours`), or None.
    """
    import yaml

    if seen is None:
        seen = {}
    if edges is None:
        edges = set()
    for role in ("top", "holders", "holder", "image", "built", "container", "services", "name", "steps", "step"):
        seen.setdefault(role, set())
    if grammar == "compose":
        builds: Dict[int, Optional[str]] = {}  # "build", "extends" or None, by mapping
        listed = []  # (service name, service, builder): read whole first, so a tag built below is known above
        for top, key, services in _entries(root, seen["top"]):
            if _is_key(key, ("services",)):
                edges.add((id(top), id(key)))
                for services_owner, name, service in _entries(services, seen["services"]):
                    edges.add((id(services_owner), id(name)))
                    listed.append((name, service, _merged_key(service, ("build", "extends"), builds)))
        yield from _compose_places(listed, seen, around)
        return
    if grammar == "none":
        for top, key, jobs in _entries(root, seen["top"]):
            if not _is_key(key, ("jobs",)):
                continue
            edges.add((id(top), id(key)))
            for jobs_owner, job_id, job in _entries(jobs, seen["holders"]):
                edges.add((id(jobs_owner), id(job_id)))
                for owner, job_key, value in _entries(job, seen["holder"]):
                    if _is_key(job_key, ("container", "services", "steps")):
                        edges.add((id(owner), id(job_key)))
                    if _is_key(job_key, ("container",)):
                        if isinstance(value, yaml.MappingNode):
                            yield from _unrefused(_keyed(value, ("image",), seen["container"]))
                        else:
                            yield owner, job_key, value, None
                    elif _is_key(job_key, ("services",)):
                        for services_owner, name, service in _entries(value, seen["services"]):
                            edges.add((id(services_owner), id(name)))
                            yield from _unrefused(_keyed(service, ("image",), seen["image"]))
                    elif _is_key(job_key, ("steps",)) and isinstance(value, yaml.SequenceNode):
                        edges.add((id(value), 0))
                        if id(value) in seen["steps"]:
                            continue
                        seen["steps"].add(id(value))
                        for step in value.value:  # uses: docker://<image> (red team 6, F8)
                            yield from _unrefused(_keyed(step, ("uses",), seen["step"]))
        return
    # GitLab: the top level, default:, every job; and the mapping entries of their services: lists.
    holders = [root]
    aliases: Dict[int, Optional[str]] = {}  # services: entries (or what they merge) with alias:
    for top, key, value in _entries(root, seen["top"]):
        if isinstance(key, yaml.ScalarNode) and (key.value == "default" or key.value not in GITLAB_GLOBAL_KEYS):
            edges.add((id(top), id(key)))
            holders.append(value)
    for holder in holders:
        for owner, key, value in _entries(holder, seen["holder"]):
            if _is_key(key, ("image",)):
                yield owner, key, value, None
            elif _is_key(key, ("services",)) and isinstance(value, yaml.SequenceNode):
                edges.update({(id(owner), id(key)), (id(value), 0)})
                if id(value) in seen["services"]:
                    continue
                seen["services"].add(id(value))
                for entry in value.value:
                    # red team 12, F3: without alias: the entry's hostname is derived from its image name
                    aliased = _merged_key(entry, ("alias",), aliases) if isinstance(entry, yaml.MappingNode) else None
                    for owner, name_key, name_value in _keyed(entry, ("name",), seen["name"]):
                        yield owner, name_key, name_value, (None if aliased else _service_hostname(name_value))


SERVICE_HOSTNAME = (
    "a GitLab services: entry without alias: is reached at hostnames GitLab derives from its image name "
    "({hosts}); migrating it to {new} changes them, and the job's script or variables that reach the "
    "service by the old name would fail: add alias: {host} to this entry (or change what reaches it) and "
    "migrate it by hand ({old} -> {new})"
)


def _service_hostname(value) -> str:
    """:data:`SERVICE_HOSTNAME` for a ``services:`` entry's ``name:`` node: GitLab's "Accessing the
    services" reference names a service by its image without tag or digest, ``/`` -> ``__`` and ``-``."""
    import yaml

    text = value.value.strip() if isinstance(value, yaml.ScalarNode) else ""
    image = text.split("@", 1)[0]
    head, _, last = image.rpartition("/")
    image = (head + "/" if head else "") + last.split(":", 1)[0]
    first, second = image.replace("/", "__"), image.replace("/", "-")
    hosts = first if first == second else f"{first} and {second}"
    return SERVICE_HOSTNAME.replace("{hosts}", hosts or "its image name").replace("{host}", first or "<its old hostname>")


def _compose_places(listed, seen: Dict[str, Set[int]], around):
    """The image places of a compose document's services (:func:`_image_places`), each refused when the
    service builds (its own or a merged ``build:``, red team 6 F6), extends, is built or extended
    with a build by another compose file of the folder (red team 12, F2) or of this one (red team 13, F2),
    or when its image is the tag a building service of the file or folder gives its build (F4: its
    ``image:``, inherited through ``extends:`` too, or a ``build.tags:`` entry, red team 13, F3)."""
    import yaml

    from .compose_neighbours import build_tags, extended_image, tag_forms
    from .yaml_aliases import MergedKeys

    tags: Dict[str, str] = dict(around.tags) if around is not None else {}
    env = around.env if around is not None else {}  # red team 19, F8: the names an interpolated tag stands for
    keys = MergedKeys()
    extended_files: Dict[str, object] = {}
    for name, service, builder in listed:
        image = keys.get(service, "image") if builder == "build" else None
        if isinstance(image, yaml.ScalarNode) and image.value.strip() and isinstance(name, yaml.ScalarNode):
            where = f"service {name.value!r} on line {name.start_mark.line + 1} builds it"
            for form in tag_forms(image.value, env):
                tags.setdefault(form, where)
        elif image is None and builder == "build" and isinstance(name, yaml.ScalarNode) and around is not None:
            # red team 16 (report 13), F3: its image: (the build's tag) comes through extends: file:
            inherited = extended_image(around.path, keys.get(service, "extends"), extended_files)
            if inherited is not None and inherited.strip():
                for form in tag_forms(inherited, env):
                    tags.setdefault(form, f"service {name.value!r} on line {name.start_mark.line + 1} "
                                    "builds it (its image: comes through extends: file:)")
        if builder == "build" and isinstance(name, yaml.ScalarNode):
            for tag in build_tags(keys.get(service, "build")):  # red team 13, F3
                for form in tag_forms(tag, env):
                    tags.setdefault(form, f"service {name.value!r} on line {name.start_mark.line + 1} "
                                    "gives its build this tag (build.tags)")
    extended_here = _extended_in_file(listed, keys, tags, env)
    # the building services first: an anchored image both a build and a plain service read is named as the build's
    for name, service, builder in sorted(listed, key=lambda entry: not entry[2]):
        if builder:
            refusal = BUILT_IMAGE if builder == "build" else EXTENDED_IMAGE
            for owner, image_key, value in _keyed(service, ("image",), seen["built"]):
                yield owner, image_key, value, refusal
            continue
        service_name = name.value if isinstance(name, yaml.ScalarNode) else None
        elsewhere = None
        if around is not None and service_name is not None:
            if service_name in around.builds:
                elsewhere = BUILT_ELSEWHERE.replace("{where}", around.builds[service_name])
            elif service_name in around.extended:
                elsewhere = EXTENDED_ELSEWHERE.replace("{where}", around.extended[service_name])
        if elsewhere is None and service_name in extended_here:
            elsewhere = EXTENDED_IN_FILE.replace("{where}", extended_here[service_name])
        for owner, image_key, value in _keyed(service, ("image",), seen["image"]):
            refusal = None
            if elsewhere:
                refusal = elsewhere
            elif isinstance(value, yaml.ScalarNode):
                tagger = next((tags[form] for form in tag_forms(value.value, env) if form in tags), None)
                if tagger is not None:
                    refusal = BUILT_TAG.replace("{tagger}", tagger)
            yield owner, image_key, value, refusal


def _extended_in_file(listed, keys, tags: Dict[str, str], env: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """Same-file ``extends:`` (red team 13, F2 and its addendum): a service that builds, by its own
    ``build:`` or one it inherits through ``extends:`` of a service of the file, gets its ``image:``
    from the first service of its ``extends:`` chain that has one.  That image is its build's tag: it is
    added to ``tags`` (a plain service naming it runs the build), and a service without ``build:`` or
    ``extends:`` holding it is returned (name -> which service builds under it), to be reviewed like the
    cross-file case.  Each chain is walked once (answers kept), a cycle read as ending there."""
    import yaml

    from .compose_neighbours import tag_forms

    services = {}
    for name, service, _builder in listed:
        if isinstance(name, yaml.ScalarNode) and isinstance(service, yaml.MappingNode):
            services.setdefault(name.value, (name, service))
    parent: Dict[str, str] = {}
    for name, service, builder in listed:
        if builder is None or not isinstance(name, yaml.ScalarNode):
            continue
        extends = keys.get(service, "extends")
        target = None
        if isinstance(extends, yaml.ScalarNode):
            target = extends.value.strip()
        elif isinstance(extends, yaml.MappingNode):
            values = {k.value: v for k, v in extends.value if isinstance(k, yaml.ScalarNode)}
            if "file" not in values and isinstance(values.get("service"), yaml.ScalarNode):
                target = values["service"].value.strip()
        if target in services and target != name.value:
            parent[name.value] = target
    # name -> (builds, the service whose image: it has or None), resolved down each chain once
    resolved: Dict[str, Tuple[bool, Optional[str]]] = {}
    for start in services:
        chain, on_chain, current = [], set(), start
        while current is not None and current not in resolved and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            current = parent.get(current)
        builds, holder = resolved.get(current, (False, None)) if current is not None else (False, None)
        for name in reversed(chain):
            service = services[name][1]
            builds = builds or keys.get(service, "build") is not None
            image = keys.get(service, "image")
            if isinstance(image, yaml.ScalarNode) and image.value.strip():
                holder = name
            resolved[name] = (builds, holder)
    found: Dict[str, str] = {}
    for name, (builds, holder) in resolved.items():
        if not builds or holder is None:
            continue
        key = services[name][0]
        where = f"service {name!r} on line {key.start_mark.line + 1}"
        if holder != name:
            image = keys.get(services[holder][1], "image")
            for form in tag_forms(image.value, env):
                tags.setdefault(form, f"{where} builds it (its image: comes through extends:)")
            found.setdefault(holder, f"{where} extends it and builds")
        else:
            for form in tag_forms(keys.get(services[name][1], "image").value, env):
                tags.setdefault(form, f"{where} builds it")
    return found


# Red team 13, F2: the same within one file, ``extends: a`` (or ``{service: a}``) in a building service.
EXTENDED_IN_FILE = (
    "a building service of this file extends this service ({where}), so this image: is the name compose "
    "gives that build, not a base to pull: rewriting it would tag the build as Astronomer's image; migrate "
    "the base image in the Dockerfile's FROM instead ({old} -> {new}) and rename this tag to your own "
    "image's name"
)


# Red team 12, F2: compose merges compose.override.yaml / docker-compose.override.yml into the main
# file by default (and any compose file with -f), and ``extends: file:`` brings a service into a
# building one: the image: is then the built tag, as BUILT_IMAGE says.
BUILT_ELSEWHERE = (
    "this service's build: is in another compose file ({where}; compose merges the override file by "
    "default, and -f, COMPOSE_FILE or include: any other), so this image: is the name compose gives the image it BUILDS, "
    "not a base to pull: rewriting it would tag your build as Astronomer's image; migrate the base "
    "image in the Dockerfile's FROM instead ({old} -> {new}) and rename this tag to your own image's name"
)
EXTENDED_ELSEWHERE = (
    "a building service of another compose file extends this service ({where}), so this image: is the "
    "name compose gives that build, not a base to pull: rewriting it would tag the build as Astronomer's "
    "image; migrate the base image in the Dockerfile's FROM instead ({old} -> {new}) and rename this tag "
    "to your own image's name"
)
# Red team 12, F4: a service without build: whose image: is the tag another service builds runs that build.
BUILT_TAG = (
    "this image: is the tag of the project's own build ({tagger}), not a base to pull: rewriting it "
    "to {new} would run Astronomer's stock image without the project's code (or fail with pull_policy: "
    "never); migrate the base image in the Dockerfile's FROM instead ({old} -> {new}) and keep this "
    "name equal to the build's tag"
)


def _unrefused(places):
    for owner, key, value in places:
        yield owner, key, value, None


def _merged_key(mapping, names: Tuple[str, ...], memo: Dict[int, Optional[str]]) -> Optional[str]:
    """Which of ``names`` ``mapping`` or a mapping it ``<<`` merges (at any depth) has (the earliest
    in ``names`` when several), or None.

    ``memo`` keeps each mapping's answer, so a mapping merged into many services is read
    once, and each key is looked at once for all ``names`` together; an explicit stack (no
    recursion), a merge cycle counted as not having the keys.
    """
    import yaml

    stack = [(mapping, False)]
    while stack:
        node, merged_done = stack.pop()
        if not isinstance(node, yaml.MappingNode):
            continue
        if merged_done:
            merges = [m for k, v in node.value if _is_merge(k) for m in (v.value if isinstance(v, yaml.SequenceNode) else [v])]
            found = {k.value for k, _ in node.value if _is_key(k, names)}
            found.update(memo.get(id(m)) for m in merges)
            memo[id(node)] = next((name for name in names if name in found), None)
            continue
        if id(node) in memo:
            continue
        memo[id(node)] = None  # in progress: a cycle reads as "no"
        stack.append((node, True))
        for key, value in node.value:
            if _is_merge(key):
                stack.extend((merged, False) for merged in (value.value if isinstance(value, yaml.SequenceNode) else [value]))
    return memo.get(id(mapping))


def _is_merge(node) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:merge"


def _keyed(mapping, names, seen: Set[int]):
    """(mapping, key, value) of the entries of ``mapping`` (merges followed) whose key is one of ``names``."""
    for owner, key, value in _entries(mapping, seen):
        if _is_key(key, names):
            yield owner, key, value


def _is_key(node, names) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value in names


def _add_span(spans: Set[Tuple[int, int]], key, value) -> None:
    import yaml

    if (
        isinstance(value, yaml.ScalarNode)
        and value.style in (None, "'", '"')
        # a double-quoted value over several lines is proposed only where its changed characters
        # are literal and side by side (red team 7, F11: :func:`_double_quoted`)
        and (value.start_mark.line == value.end_mark.line or value.style == '"')
        and value.start_mark.index >= key.end_mark.index
    ):
        spans.add((value.start_mark.index, value.end_mark.index))


def _known_values(text: str, grammar: str, path: Optional[str]):
    """``(offset, name) -> Known or None``: the value the project itself gives a variable read at
    ``offset`` (compose: ``.env`` beside the file; GitLab: the file's ``variables:``), read once on
    first use; None for GitHub workflows, which expand no ``$`` in an image."""
    if grammar == "gitlab":
        return GitlabVariables(text, path)  # callable as the lookup, with .variants (red team 9, F6)
    if grammar != "compose":
        return None
    values: List[Dict[str, Known]] = []

    def lookup(_offset: int, name: str) -> Optional[Known]:
        if not values:
            values.append(dotenv(path))
            values.append(launcher_env.values(path))
        known = values[0].get(name)
        set_by = values[1].get(name)
        if not set_by:
            return known
        # red team 22 (report 11b), f9: a Makefile / script / Python launcher of the project exports the name
        # before it runs compose: that value wins over .env and the default (read, never written)
        where = "; ".join(w for _, w in set_by) + " " + LAUNCHED
        # "{": a tox ``{env:X}`` / Taskfile ``{{.X}}`` template or ``sh:`` value (red team 23, 11b, f4/f5)
        if len(set_by) > 1 or (known is not None and known.value != set_by[0][0]) or "$" in set_by[0][0] or "{" in set_by[0][0]:
            return Known(None, where)  # several values, or one interpolated: a review, never an edit
        return Known(set_by[0][0], where)

    return lookup


STILL_WINS = {
    ".env": "a value set in the shell environment still wins over .env",
}
GITLAB_STILL_WINS = "a CI/CD variable set in the project's settings or for the pipeline still wins"
LAUNCHED = "(set before the project runs docker compose)"  # launcher_env's values (red team 22, 11b, f9)
LAUNCHER_STILL_WINS = "running compose another way takes the shell environment or .env instead"


def _double_quoted(text: str, at: int, versions: VersionTable, consumed: Optional[List[int]]) -> List[ImageMigration]:
    """An image value written as a double-quoted scalar with escapes or over several lines (red team 7,
    F11): the parsed value decides what the image is.  Edited only when the characters that change
    (from the repository's last component on) are written literally, side by side, in the file; any
    escape or fold among them is a review."""
    decoded = decode(text, at)
    if decoded is None:
        line_end = text.find("\n", at)
        line = text[at : line_end if line_end >= 0 else len(text)]
        return _review_all(line, at, versions, "a double-quoted value this tool cannot read (unclosed or a bad escape)")
    if consumed is not None:
        consumed.append(decoded.end)
    value = decoded.value
    if not may_spell_ac_image(value):
        return []
    span_end = decoded.end
    match = REFERENCE.fullmatch(value)
    parts = parse(value) if "$" in value else None
    whole = unset_value(value, parts) if parts is not None else None
    if whole is not None and "$" not in whole and REFERENCE.fullmatch(whole):
        # "${REG:-quay.io}/astronomer/ap-airflow:2.3.4\<newline>" (red team 10, F13): built from variables
        reason = (
            "a double-quoted value (its escapes and line folds read) whose image is built from variables, "
            f"which this tool reviews and never edits; with none set it is {whole}: {_hint(whole, versions)}"
        )
        return [ImageMigration(at, span_end, value, None, reason)]
    if match is None or "$" in value:
        where = "a double-quoted value (its escapes and line folds read) that holds more than an image reference"
        found = [
            ImageMigration(at, span_end, m.group(), None, f"{where}: {_hint(m.group(), versions)}")
            for m in REFERENCE.finditer(value)
        ]
        if not found and NAMES_AC_REPOSITORY.search(value):
            found.append(ImageMigration(at, span_end, value, None, f"{where}: choose an Astro Runtime image by hand"))
        return found
    new, note = runtime_reference(value, versions)
    if new is None:
        return [ImageMigration(at, span_end, value, None, f"a double-quoted value (its escapes and line folds read): {note}")]
    component = value.rfind("/", 0, match.end("repository")) + 1
    if value[:component] != new[:component]:
        component = 0
    span = decoded.literal_span(component)
    if span is None:
        reason = (
            "a double-quoted value whose characters that would change are written with escapes or over "
            f"several lines: migrate it by hand to {new}"
        )
        return [ImageMigration(at, span_end, value, None, reason)]
    note = "; ".join(filter(None, (note, "the escapes before the changed characters are kept")))
    return [ImageMigration(span[0], span[1], value, new, note, replacement=new[component:])]


def _hint(reference: str, versions: VersionTable) -> str:
    new, note = runtime_reference(reference, versions)
    return f"migrate it by hand to {new}" if new else note


_NAMED = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def _image_value(
    line: str, start: int, value_start: int, value: str, versions: VersionTable, grammar: str, known=None,
    text: Optional[str] = None, consumed: Optional[List[int]] = None,
) -> List[ImageMigration]:
    """The migrations of one image value.  GitLab (red team 9, F6): a value with ``$`` is read with
    each set of values a job can expand it with (:meth:`GitlabVariables.variants`: the jobs that
    inherit a ``default:`` image, ``rules:`` variables); it is edited only when every one gives
    the same edit, else the first review among them is the finding (nothing is edited)."""
    variants = getattr(known, "variants", None)
    if variants is None or "$" not in value:
        return _one_image_value(line, start, value_start, value, versions, grammar, known, text, consumed)
    lookups = variants(start + value_start, _NAMED.findall(_without_comment(value)))
    results = [
        _one_image_value(line, start, value_start, value, versions, grammar,
                         (lambda _offset, name, look=look: look(name)), text, consumed if at == 0 else None)
        for at, look in enumerate(lookups)
    ]
    edits = {tuple((m.start, m.end, m.new) for m in result) for result in results}
    if len(edits) == 1:
        return _every_value_named(results[0], results) if any(m.new is None for m in results[0]) else results[0]
    reviewed = next((r for r in results if any(m.new is None for m in r)), None)
    if reviewed is not None:
        return _every_value_named(reviewed, results)
    why = "jobs expand this image with different variable values, and the edit differs between them"
    return [ImageMigration(m.start, m.end, m.old, None, f"{why}: {m.reason}" if m.reason else why) for m in results[0]]


_EMPTY_WHEN_UNSET = "an image built from variables whose tag is empty when they are unset"


def _every_value_named(reviewed: List[ImageMigration], results: List[List[ImageMigration]]) -> List[ImageMigration]:
    """Red team 15 (report 13), F2: the review names every value the image can run with, each with
    its Runtime image, not only the first set's (a ``rules:`` override, each ``parallel: matrix:``
    value).  The reviews of the other sets that fall on the same bytes are joined into the first one;
    a set with every variable unset is left out when others name values (GitLab runs those)."""
    if len(reviewed) != 1:
        return reviewed
    first = reviewed[0]
    reasons: List[str] = []
    for result in results:
        for migration in result:
            if (migration.start, migration.end) == (first.start, first.end) and migration.new is None \
                    and migration.reason not in reasons:
                reasons.append(migration.reason)
    named = [r for r in reasons if not r.startswith(_EMPTY_WHEN_UNSET)] or reasons
    if len(named) == 1:
        return [replace(first, reason=named[0])]
    joined = "; ".join(f"({number}) {reason}" for number, reason in enumerate(named, 1))
    return [replace(first, reason=f"{len(named)} sets of values run this image: {joined}")]


def _one_image_value(
    line: str, start: int, value_start: int, value: str, versions: VersionTable, grammar: str, known=None,
    text: Optional[str] = None, consumed: Optional[List[int]] = None,
) -> List[ImageMigration]:
    body = _without_comment(value)
    if text is not None and _PROPERTIES.match(body).end() < len(body) and body[_PROPERTIES.match(body).end()] == '"':
        quote = _PROPERTIES.match(body).end()
        stripped = body[quote:].rstrip(" \t")
        if "\\" in stripped or len(stripped) < 2 or not stripped.endswith('"'):
            return _double_quoted(text, start + value_start + quote, versions, consumed)
    if "ap-airflow" not in body:
        if known is None or "$" not in body or grammar == "none":
            return []
        content, offset = _scalar_content(body)
        parts = parse(content)
        if parts is None or (grammar == "gitlab" and any(v.operator for v in _variables(parts))):
            return []
        base = start + value_start + offset
        return _with_project_values(content, parts, base, versions, lambda name: known(base, name))
    content, offset = _scalar_content(body)
    base = start + value_start + offset
    if "$" not in content:
        if REFERENCE.fullmatch(content):
            new, note = runtime_reference(content, versions)
            return [ImageMigration(base, base + len(content), content, new, note)]
        return _review_text(content, base, versions, "the value holds more than an image reference")
    if grammar == "none":
        where = "GitHub Actions expands no $ variables in an image (only ${{ }} expressions)"
        if "${{" in content:
            where = "part of this image comes from a GitHub Actions ${{ }} expression, known only when the workflow runs"
        return _review_text(content, base, versions, where)
    parts = parse(content)
    if parts is None:
        return _review_text(content, base, versions, "an interpolation docker compose rejects (unclosed or invalid ${...})")
    if grammar == "gitlab" and any(v.operator for v in _variables(parts)):
        where = "GitLab CI expands only $VAR and ${VAR}, not ${VAR:-...} forms"
        return _review_text(content, base, versions, where)
    default = whole_default(parts)
    if default is not None:
        text, around = default
        old = content[text.start : text.end]
        overridden = _set_elsewhere(around, known, base) if known is not None else None
        if overridden is not None and REFERENCE.fullmatch(old) and "$" not in old:
            return [_default_not_used(base + text.start, old, overridden, versions)]
        if REFERENCE.fullmatch(old) and "$" not in old:
            new, note = runtime_reference(old, versions)
            if new is not None:
                names = " and ".join(v.name for v in around) + (" are" if len(around) > 1 else " is")
                wins = f"the default when {names} unset: a value set in the environment or .env still wins"
                note = f"{note}; {wins}" if note else wins
            return [ImageMigration(base + text.start, base + text.end, old, new, note)]
    registry = _registry(content, parts, versions, (lambda name: known(base, name)) if known is not None else None)
    if registry is not None:
        return [_shifted(registry, base)]
    if known is not None:
        found = _with_project_values(content, parts, base, versions, lambda name: known(base, name))
        if found:
            return found
    return _review_parts(content, parts, base, versions)


def _dotenv_spells_ac(path: Optional[str]) -> bool:
    """Does the ``.env`` beside a compose file set a variable to something naming an AC image?"""
    # red team 17 F7: a value too long or nested to expand (Known.capped) may name one: read on
    return any(k.capped or may_spell_ac_image(k.value or k.raw or "") for k in dotenv(path).values())


def _with_project_values(content: str, parts, base: int, versions: VersionTable, known) -> List[ImageMigration]:
    """The image the value names with the values the project itself sets (``.env``, GitLab ``variables:``),
    reviewed when that is an AC image (red team 9, F6 and F12): ``image: ${IMG}`` with ``IMG=<AC image>``
    in ``.env``, ``ap-airflow:${TAG}`` with ``TAG=2.3.4-onbuild``.  Nothing is edited: the value that
    makes it AC is written elsewhere (``.env`` is never edited).  [] when a variable the value needs is
    not set by the project, is itself interpolated, or no AC image results."""
    out: List[str] = []
    used: List[Tuple[str, Known]] = []
    stack = [iter(parts)]
    while stack:  # no recursion: nested defaults are walked with a stack
        part = next(stack[-1], None)
        if part is None:
            stack.pop()
        elif isinstance(part, Text):
            out.append(content[part.start : part.end])
        elif isinstance(part, Escape):
            out.append("$")
        else:
            value = known(part.name)
            if value is not None and value.value is None:
                raw = getattr(value, "raw", None)
                if value.where == ENV_FILE and raw and may_spell_ac_image(raw):
                    # red team 14 F4: .env sets it to an interpolated value naming an AC image whose
                    # variables the tool cannot all resolve: still an AC image, so reviewed
                    reason = (
                        f"{part.name} is set in {value.where} to {raw!r}, which names an AC image once its "
                        "variables are put in: migrate it there by hand to an Astro Runtime image"
                    )
                    return [ImageMigration(base, base + len(content), content, None, reason)]
                if getattr(value, "capped", False):
                    # red team 17 (report 13), F7: too long or too nested to expand (a few hundred
                    # bytes of .env can double to gigabytes): unknown, so reviewed, never guessed
                    reason = (
                        f"{part.name} is set in {value.where} through more interpolation than the tool expands "
                        f"(over {MAX_EXPANDED_CHARS} characters or {MAX_ENV_THROUGH} variables): "
                        "check by hand whether this image is an AC image"
                    )
                    return [ImageMigration(base, base + len(content), content, None, reason)]
                return []  # set to something itself interpolated: not decided here
            if value is not None and all(name != part.name for name, _k in used):
                used.append((part.name, value))
            is_set = value is not None
            text = value.value if is_set else None
            operator = part.operator
            if operator in MESSAGE_OPERATORS and not (text if operator == ":?" else is_set):
                return []
            if operator in DEFAULT_OPERATORS and not (text if operator == ":-" else is_set):
                stack.append(iter(part.argument))
            elif operator in REPLACEMENT_OPERATORS:
                if text if operator == ":+" else is_set:
                    stack.append(iter(part.argument))
            elif is_set:
                out.append(text)
            elif operator not in DEFAULT_OPERATORS:
                return []  # unset, no default: the environment decides
    whole = "".join(out)
    if not used or "$" in whole or not REFERENCE.fullmatch(whole) or not may_spell_ac_image(whole):
        return []
    new, note = runtime_reference(whole, versions)
    if new is None and not note:
        return []
    sets = "; ".join(
        f"{name}={value.value} in {value.where}"
        + (f" (expanded through {', '.join(getattr(value, 'through', ()))})" if getattr(value, "through", ()) else "")
        for name, value in used
    )
    advice = (
        f"use {new}: change {', '.join(name for name, _v in used)} where {'it is' if len(used) == 1 else 'they are'} "
        f"set (and this value if it spells the AC repository)"
        if new else note
    )
    reason = f"with the values the project sets ({sets}) this image is {whole}, an AC image: {advice}"
    return [ImageMigration(base, base + len(content), content, None, reason)]


DOCKER_SCHEME = "docker://"


def _docker_uses(line: str, start: int, value_start: int, value: str, versions: VersionTable) -> List[ImageMigration]:
    """A step's ``uses: docker://<image>`` (red team 6, F8): GitHub runs that image, so the reference
    after the scheme is migrated like a ``container:`` value (the parser confirms it is
    ``jobs.<id>.steps[*].uses``); anything else naming an AC image there is a review."""
    body = _without_comment(value)
    if "ap-airflow" not in body:
        return []
    content, offset = _scalar_content(body)
    if (body[:1] == '"' and "\\" in body) or not content.startswith(DOCKER_SCHEME):
        return _review_text(content, start + value_start + offset, versions, "a uses: value that is not docker://<image>")
    reference = content[len(DOCKER_SCHEME):]
    base = start + value_start + offset + len(DOCKER_SCHEME)
    if "$" in reference or not REFERENCE.fullmatch(reference):
        where = "a docker:// step image holding more than an image reference (GitHub expands no $ in it)"
        return _review_text(reference, base, versions, where)
    new, note = runtime_reference(reference, versions)
    return [ImageMigration(base, base + len(reference), reference, new, note)]


def _scalar_content(body: str) -> Tuple[str, int]:
    """A one-line scalar's characters without its node properties (``&anchor``, ``!tag``), quotes or
    trailing blanks, and where they start."""
    properties = _PROPERTIES.match(body)
    skipped = properties.end()
    body = body[skipped:].rstrip(" \t")
    if len(body) >= 2 and body[0] == body[-1] and body[0] in "\"'":
        return body[1:-1], skipped + 1
    return body, skipped


def _variables(parts):
    stack = list(parts)
    while stack:
        part = stack.pop()
        if isinstance(part, Variable):
            yield part
            stack.extend(part.argument)


def _registry(content: str, parts, versions: VersionTable, known=None) -> Optional[ImageMigration]:
    """``${REG...}/astronomer/ap-airflow:TAG``: the verdict of :mod:`registry_variable`, offsets in ``content``.

    ``known(name)`` gives the value the project sets REG to (``.env``, GitLab ``variables:``), or None;
    with one, the registry is what the file's tool makes of that value (red team 7, F7)."""
    if len(parts) != 2 or not isinstance(parts[0], Variable) or not isinstance(parts[1], Text):
        return None
    variable, after = parts
    operator = variable.operator
    default, literal = NO_DEFAULT, True
    argument = variable.argument
    argument_text: Optional[str] = ""
    if argument:
        argument_text = content[argument[0].start : argument[0].end] if (
            len(argument) == 1 and isinstance(argument[0], Text)) else None
    if operator in DEFAULT_OPERATORS:
        if argument_text is None:
            literal = False
        else:
            default = argument_text
    value = known(variable.name) if known is not None else None
    if value is not None and getattr(value, "through", ()):
        # a registry reached through other variables (REG: $MIRROR, red team 10 F11) is never the
        # ground for an edit: read as interpolated, so a review
        value = Known(None, value.where)
    replacement, value_from = operator in REPLACEMENT_OPERATORS, None
    if value is not None:
        value_from, replacement, literal = value.where, False, value.value is not None
        if value.value is not None:
            set_value = value.value
            if operator == ":-":
                chosen = set_value or argument_text
            elif operator in REPLACEMENT_OPERATORS:
                chosen = argument_text if (set_value or operator == "+") else ""
            else:  # "", "-", ":?", "?": the value itself
                chosen = set_value
            literal = chosen is not None
            default = chosen if chosen is not None else NO_DEFAULT
    verdict = decide(
        content[after.start : after.end], variable.name, default, replacement, versions, literal, value_from
    )
    if verdict is None:
        return None
    reason = verdict.reason
    if value_from is not None and verdict.new is not None:
        reason += "; " + STILL_WINS.get(value_from, LAUNCHER_STILL_WINS if value_from.endswith(LAUNCHED) else GITLAB_STILL_WINS)
    return ImageMigration(after.start + verdict.start, after.start + verdict.end, verdict.old, verdict.new, reason)


def _set_elsewhere(around, known, base: int):
    """The first variable around a whole default that the project sets so that compose uses its value
    instead of the default (``:-`` and an empty value still takes the default): (variable, Known), or None."""
    for variable in around:
        value = known(base, variable.name)
        if value is None:
            return None  # unset: the default (or the next one inside) is the image
        if variable.operator == ":-" and value.value == "":
            continue
        return variable, value
    return None


def _default_not_used(start: int, old: str, overridden, versions: VersionTable) -> ImageMigration:
    """Red team 7, F7: ``${AF_IMG:-<AC image>}`` where ``.env`` sets AF_IMG: the image is that value, not
    this default, so editing the default changes nothing that runs; review (``.env`` is never edited)."""
    variable, value = overridden
    new, note = runtime_reference(old, versions)
    if value.value is None:
        what = f"{variable.name} is set in {value.where} to an interpolated value"
    else:
        what = f"{variable.name} is set to {value.value!r} in {value.where}"
        if REFERENCE.fullmatch(value.value):
            runs, runs_note = runtime_reference(value.value, versions)
            what += f" (an AC image: use {runs})" if runs else f" (an AC image: {runs_note})"
    hint = f"migrate this default to {new}" if new else note
    reason = f"{what}, and compose uses that instead of this default: change the value there by hand; {hint}"
    return ImageMigration(start, start + len(old), old, None, reason)


def _shifted(migration: ImageMigration, base: int) -> ImageMigration:
    return ImageMigration(
        migration.start + base, migration.end + base, migration.old, migration.new, migration.reason, migration.code
    )


def _review_parts(content: str, parts, base: int, versions: VersionTable) -> List[ImageMigration]:
    """Each AC image in an interpolated value that is not a whole default: reviewed, with where it sits."""
    escaped = any(isinstance(p, Escape) for p in parts)
    pieces = list(texts(parts))
    whole = unset_value(content, parts)
    if whole is not None and not escaped and REFERENCE.fullmatch(whole) and "$" not in whole:
        if all(owner is None or owner.operator in DEFAULT_OPERATORS for _text, owner in pieces):
            new, note = runtime_reference(whole, versions)
            hint = f"migrate it by hand to {new}" if new else note
            reason = f"an image built from variables; with none set it is {whole}: {hint}"
            if whole.endswith((":", "@", "/")):  # never print an empty tag as an image (red team 15, F2)
                names = ", ".join(dict.fromkeys(v.name for v in _variables(parts)))
                reason = f"{_EMPTY_WHEN_UNSET} ({names}); set to an AC tag it is an AC image: choose an Astro Runtime image by hand"
            return [ImageMigration(base, base + len(content), content, None, reason)]
    found = []
    for text, owner in pieces:
        piece = content[text.start : text.end]
        if "ap-airflow" not in piece:
            continue
        advice = "migrate it by hand"
        if owner is None:
            where = (
                "literal text beside an escaped $$ (not an interpolation): not an image reference on its own"
                if escaped
                else "part of a value built from variables, not the whole image"
            )
        elif owner.operator in MESSAGE_OPERATORS:
            where = (
                f"the error message of ${{{owner.name}{owner.operator}...}}, not an image (left as written); "
                f"the image comes from {owner.name}"
            )
            advice = f"if it holds this AC image, set {owner.name}"
        elif owner.operator in REPLACEMENT_OPERATORS:
            where = f"the replacement of ${{{owner.name}{owner.operator}...}}, the image whenever {owner.name} is set"
        else:
            where = f"a default of ${{{owner.name}{owner.operator}...}} that is not the whole value"
        found.extend(_review_text(piece, base + text.start, versions, where, advice))
    return found


def _review_text(
    text: str, base: int, versions: VersionTable, where: str, advice: str = "migrate it by hand"
) -> List[ImageMigration]:
    """A review for each AC image in ``text`` (starting at file offset ``base``); one for the whole text
    when it names ap-airflow in a form no reference covers (``${REG}/astronomer/ap-airflow``)."""
    found = _review_all(text, base, versions, where, advice)
    if not found and NAMES_AC_REPOSITORY.search(text):
        reason = f"{where}: an AC image whose reference is built from variables; choose an Astro Runtime image by hand"
        found.append(ImageMigration(base, base + len(text), text, None, reason))
    return found


def _review_all(
    line: str, start: int, versions: VersionTable, where: str, advice: str = "migrate it by hand"
) -> List[ImageMigration]:
    body = _without_comment(line)
    found = []
    for first, last, old in _references(body):
        if body[last:last + 1] == "$" or "$" in old:
            # ap-airflow:${TAG} / :${{ env.V }}: the tag is not written here (red team 10, F11 and F13).
            # The review names the reference as written, variable and all: "ap-airflow::" was a name
            # no file holds (red team 20, report 13, F1).
            last = _written_end(body, last)
            old = body[first:last]
            reason = f"{where}: the tag comes from a variable or expression, so this tool cannot tell the AC " \
                     "version; choose the Astro Runtime image by hand"
            found.append(ImageMigration(start + first, start + last, old, None, reason))
            continue
        new, note = runtime_reference(old, versions)
        reason = f"{where}: {advice}" + (f" to {new}" if new else f" ({note})")
        found.append(ImageMigration(start + first, start + last, old, None, reason))
    return found


def _written_end(body: str, at: int) -> int:
    """Where an image reference whose tag is an expression ends as written: after its ``${...}`` /
    ``${{ ... }}`` parts and the plain text between them, at the first space, quote or end of value."""
    depth = 0
    while at < len(body):
        char = body[at]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and (char.isspace() or char in "\"',]#"):
            break
        at += 1
    return at


def _references(text: str):
    """(start, end, text) of each REFERENCE in ``text``, searched inside each literal piece of its
    interpolation when it has any, so ``${IMG-quay.io/...}`` names ``quay.io/...``, not ``IMG-quay.io/...``."""
    if "ap-airflow" not in text:
        return
    parts = parse(text) if "${" in text else None
    pieces = [(0, len(text))] if parts is None else sorted((p.start, p.end) for p, _owner in texts(parts))
    for first, last in pieces:
        for match in REFERENCE.finditer(text[first:last]):
            yield first + match.start(), first + match.end(), match.group()


def _without_comment(text: str) -> str:
    """The text before a YAML comment (`` #`` outside quotes)."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or text[index - 1] in " \t:[{,-"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index]
    return text
