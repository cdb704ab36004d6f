"""Images an ignored compose service or CI job inherits from elsewhere in its file (red team 19, report 19, F2).

Houston change: none of its own; this serves the ignore marker of the image rules
(:mod:`project_images`).  ``# houston-codemod: ignore`` on a compose service or a GitLab job skips the
lines of that service or job (:mod:`codemods.ignore_header`).  Its image need not be written there:

* a YAML alias or ``<<`` merge on those lines reads a node written elsewhere (``<<: *airflow`` with
  ``x-airflow: &airflow {image: <AC image>}``, ``image: *img``, a whole service ``legacy: *web``);
* compose ``extends: base`` (a service of the same file) gives the service ``base``'s ``image:`` when it
  has none of its own (Docker's "Extend" reference);
* a GitLab job gets its image from the jobs it ``extends:`` (the last listed winning), then from
  ``default: image:`` and the top-level ``image:`` unless ``inherit: default:`` leaves it out; and
  ``image: !reference [job, image]`` copies another job's (the ``.gitlab-ci.yml`` keyword reference).

Rewriting that shared source changed the ignored service or job all the same.  So every image place the
ignored consumer reads from outside its own lines is held: its migration becomes a review naming the
consumer and how it inherits the image (:func:`held_spans`).  The same goes for ``services:`` a GitLab job
inherits.  GitLab merges the files a ``.gitlab-ci.yml`` includes by ``include: local:`` into it, so an
image of an included file an ignored job of the including file inherits is held in the included file
(:func:`including_gitlab`); likewise the service of a compose file another compose file of its folder
``extends: {file: ..., service: ...}`` in an ignored service (:func:`extending_compose`).

One compose of the file (only when it holds a marker and an edit is left), each mapping's merges walked
once (:class:`yaml_aliases.MergedKeys`), each ``extends:`` chain resolved once: linear in the file.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

HELD = (
    "{old} is also the image of {consumer}, which a '# houston-codemod: ignore' marker skips, through "
    "{how}: editing it here would change that {kind} too; leave it, or give the other users their own image "
    "and migrate theirs by hand to {new}"
)
_MAX_EXTENDS = 16  # GitLab resolves extends: 11 levels deep; a deeper chain is not followed (no unbounded recursion)
_GITLAB_GLOBALS = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "spec"}
)


def held_spans(text: str, grammar: str, marked, path: Optional[str] = None) -> List[Tuple[int, int, str]]:
    """``(start, end, reason)`` of each node an ignored service or job reads its image from (``reason`` has
    ``{old}`` / ``{new}`` left for the caller); ``marked``: the 0-based lines the file's markers cover;
    ``path``: the file's, so a ``.gitlab-ci.yml`` including it is read for its ignored jobs."""
    import yaml

    from .yaml_aliases import compose_recording

    including = including_gitlab(path) if grammar == "gitlab" else None
    outside = extending_compose(path) if grammar == "compose" else []
    if not marked and including is None and not outside:
        return []  # no ignored consumer here nor in the file merging this one: nothing composed
    try:
        documents, loader = compose_recording(text)
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
        return []  # a file that does not parse is reported as such, nothing of it edited
    held: List[Tuple[int, int, str]] = []
    kind = "job" if grammar in ("gitlab", "none") else "service"
    # 1. aliases and merges written on the ignored lines: the node they read is the consumer's too
    nodes = {}
    for root in documents:
        _index_nodes(root, nodes)
    for node_id, uses in loader.alias_uses.items():
        node = nodes.get(node_id)
        if node is None:
            continue
        for use in uses:
            if use.line - 1 in marked and not _inside(node, marked):
                held.append((node.start_mark.index, node.end_mark.index, HELD.replace("{consumer}", f"the {kind} on line {use.line}")
                             .replace("{how}", f"'{use.text}'").replace("{kind}", kind)))
                break
    # 2. inheritance by name: compose extends:, GitLab extends: / default: / top-level image: / !reference
    for root in documents:
        if not isinstance(root, yaml.MappingNode):
            continue
        if grammar == "compose":
            held.extend(_compose(root, marked, outside))
        elif grammar == "gitlab":
            layers = [(root, marked, "")]
            if including is not None:  # the .gitlab-ci.yml including this file: its jobs win, and may be ignored
                layers.append(including)
            held.extend((start, end, why) for layer, start, end, why in _gitlab(layers) if layer == 0)
    return held


def _marked_yaml(text: str):
    """The 0-based lines a YAML file's markers cover (as :func:`project_images._not_ignored` reads them)."""
    from ..ignore_header import marked_comment_lines, unit_spans

    comments = marked_comment_lines(text, "yaml")
    marked = set()
    for number in comments:
        marked.update((number, number + 1))
    for first, last in unit_spans(text, "yaml", comments):
        marked.update(range(first, last + 1))
    return marked


def _read_marked(path: str):
    """``(text, root)`` of a YAML file holding an ignore marker, else None (at most 1 MiB read)."""
    import yaml

    from ..ignore_header import IGNORE_MARKER

    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read(1024 * 1024 + 1)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if len(text) > 1024 * 1024 or IGNORE_MARKER.search(text) is None:
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
        return None
    return (text, root) if isinstance(root, yaml.MappingNode) else None


def extending_compose(path: Optional[str]) -> List[Tuple[str, str]]:
    """``(service of this file, consumer)`` for each ignored service of the compose file whose ``extends:
    {file: <this file>, service: ...}`` gives it that service's image (it has none of its own)."""
    import os

    import yaml

    from ..compose_extends import extended_by_compose
    from .yaml_aliases import MergedKeys

    if not path or path == "-":
        return []
    extender = extended_by_compose(path)
    read = _read_marked(extender) if extender is not None else None
    if read is None:
        return []
    text, root = read
    marked = _marked_yaml(text)
    keys = MergedKeys()
    services = keys.get(root, "services")
    here = os.path.normpath(os.path.abspath(path))
    found = []
    for key, service in services.value if isinstance(services, yaml.MappingNode) else ():
        if not isinstance(key, yaml.ScalarNode) or key.start_mark.line not in marked or keys.get(service, "image") is not None:
            continue
        extends = keys.get(service, "extends")
        named, target = keys.get(extends, "file"), keys.get(extends, "service")
        if not (isinstance(named, yaml.ScalarNode) and isinstance(target, yaml.ScalarNode)):
            continue
        if os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(extender)), named.value)) == here:
            found.append((target.value.strip(), f"service {key.value!r} ({os.path.basename(extender)} line "
                                                 f"{key.start_mark.line + 1})"))
    return found


def including_gitlab(path: Optional[str]):
    """``(root, marked lines, name)`` of the ``.gitlab-ci.yml`` that includes the file at ``path`` by
    ``include: local:`` when it holds an ignore marker (its ignored jobs may inherit this file's images:
    GitLab merges the two), else None.  Read once per file (the includer is memoised by
    :mod:`gitlab_includes`)."""
    import os

    from ..gitlab_includes import included_by_gitlab

    if not path or path == "-":
        return None
    includer = included_by_gitlab(path)
    read = _read_marked(includer) if includer is not None else None
    if read is None:
        return None
    text, root = read
    marked = _marked_yaml(text)
    return root, marked, os.path.basename(includer)


def _index_nodes(root, nodes: Dict[int, object]) -> None:
    from .yaml_aliases import each_node

    for node in each_node([root]):
        nodes[id(node)] = node


def _inside(node, marked) -> bool:
    """The node's own lines are all ignored already (nothing to hold)."""
    return all(line in marked for line in range(node.start_mark.line, node.end_mark.line + 1))


def _compose(root, marked, outside=()) -> List[Tuple[int, int, str]]:
    """The images ignored services inherit by ``extends:`` of a service of the file; ``outside``:
    ``(service, consumer)`` of ignored services of another compose file extending one of this file's."""
    import yaml

    from .yaml_aliases import MergedKeys

    keys = MergedKeys()
    services = keys.get(root, "services")
    if not isinstance(services, yaml.MappingNode):
        return []
    by_name = {}
    for key, service in services.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(service, yaml.MappingNode):
            by_name.setdefault(key.value, (key, service))
    resolved: Dict[str, Optional[Tuple[object, str]]] = {}  # name -> (the image it inherits, the extends: line)

    def inherited(start: str) -> Optional[Tuple[object, str]]:
        """The ``image:`` service ``start`` gets through its ``extends:`` chain, each chain walked once."""
        chain, current = [], start
        found: Optional[Tuple[object, str]] = None
        while current not in resolved:
            resolved[current] = None  # a loop reads as not set
            chain.append(current)
            extends = keys.get(by_name[current][1], "extends")
            target = None
            if isinstance(extends, yaml.ScalarNode):
                target = extends.value.strip()
            elif isinstance(extends, yaml.MappingNode):
                values = {k.value: v for k, v in extends.value if isinstance(k, yaml.ScalarNode)}
                if "file" not in values and isinstance(values.get("service"), yaml.ScalarNode):
                    target = values["service"].value.strip()
            if target is None or target not in by_name:
                break
            image = keys.get(by_name[target][1], "image")
            if image is not None:
                found = (image, f"extends: {target} (line {extends.start_mark.line + 1})")
                break
            current = target
        else:
            found = resolved[current]
        for name in chain:
            resolved[name] = found
        return found

    held = []
    for name, (key, service) in by_name.items():
        if key.start_mark.line not in marked or keys.get(service, "image") is not None:
            continue
        found = inherited(name)
        if found is not None and not _inside(found[0], marked):
            held.append(_held(found[0], f"service {name!r} (line {key.start_mark.line + 1})", found[1], "service"))
    for name, consumer in outside:  # extends: {file: <this file>, service: name} in an ignored service
        if name not in by_name:
            continue
        image = keys.get(by_name[name][1], "image")
        found = (image, f"extends: {{file: ..., service: {name}}}") if image is not None else inherited(name)
        if found is not None:
            held.append(_held(found[0], consumer, found[1], "service"))
    return held


def _held(node, consumer: str, how: str, kind: str) -> Tuple[int, int, str]:
    return (
        node.start_mark.index, node.end_mark.index,
        HELD.replace("{consumer}", consumer).replace("{how}", how).replace("{kind}", kind),
    )


def _gitlab(layers) -> List[Tuple[int, int, int, str]]:
    """``(layer, start, end, reason)``: ``layers`` are ``(root, marked, name)`` of the files GitLab merges, an
    included file first, the file including it last (its keys win); ``layer`` is the index of the file
    holding the node to hold."""
    import yaml

    from .yaml_aliases import MergedKeys, each_node

    keys = MergedKeys()
    jobs = {}
    top = {}
    owner: Dict[int, int] = {}
    for index in reversed(range(len(layers))):  # the including file first: setdefault keeps its keys
        root = layers[index][0]
        for node in each_node([root]):
            owner.setdefault(id(node), index)
        for key, value in root.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value in _GITLAB_GLOBALS:
                top.setdefault(key.value, value)
            elif isinstance(value, yaml.MappingNode):
                jobs.setdefault(key.value, (key, value))
    default = top.get("default")
    memo: Dict[Tuple[str, str], Optional[Tuple[object, str]]] = {}

    def own_or_extended(name: str, what: str, on_chain: Set[str]) -> Optional[Tuple[object, str]]:
        """(node, how) of ``what`` (image / services) job ``name`` has itself or through extends:."""
        if (name, what) in memo or len(on_chain) > _MAX_EXTENDS:
            return memo.get((name, what))
        memo[(name, what)] = None  # a loop reads as not set
        _key, job = jobs[name]
        found = None
        value = keys.get(job, what)
        if value is not None:
            found = (value, "")
            if getattr(value, "tag", "") == "!reference" and isinstance(value, yaml.SequenceNode):
                target = [item.value for item in value.value if isinstance(item, yaml.ScalarNode)]
                if len(target) >= 2 and target[0] in jobs and target[1] == what and target[0] not in on_chain:
                    copied = own_or_extended(target[0], what, on_chain | {target[0]})
                    if copied is not None:
                        found = (copied[0], f"!reference [{target[0]}, {what}] (line {value.start_mark.line + 1})")
        else:
            extends = keys.get(job, "extends")
            listed = []
            if isinstance(extends, yaml.ScalarNode):
                listed = [extends]
            elif isinstance(extends, yaml.SequenceNode):
                listed = [item for item in extends.value if isinstance(item, yaml.ScalarNode)]
            for item in reversed(listed):  # the last one listed wins
                target = item.value.strip()
                if target in jobs and target not in on_chain:
                    inherited = own_or_extended(target, what, on_chain | {target})
                    if inherited is not None:
                        found = (inherited[0], inherited[1] or f"extends: {target} (line {item.start_mark.line + 1})")
                        break
        memo[(name, what)] = found
        return found

    held = []
    for name, (key, job) in jobs.items():
        layer = owner.get(id(key), 0)
        _root, marked, file_name = layers[layer]
        if key.start_mark.line not in marked or name.startswith("."):
            continue
        consumer = f"job {name!r} ({file_name + ' ' if file_name else ''}line {key.start_mark.line + 1})"
        for what in ("image", "services"):
            found = own_or_extended(name, what, {name})
            if found is None:
                found = _from_default(job, what, default, top, keys)
            if found is None or not found[1]:
                continue
            source = owner.get(id(found[0]), 0)
            if source != layer or not _inside(found[0], marked):
                held.append((source,) + _held(found[0], consumer, found[1], "job"))
    return held


def _from_default(job, what: str, default, top, keys) -> Optional[Tuple[object, str]]:
    """``default: <what>`` or the top-level ``<what>``, unless the job's ``inherit: default:`` leaves it out."""
    import yaml

    inherit = keys.get(job, "inherit")
    allowed = keys.get(inherit, "default") if isinstance(inherit, yaml.MappingNode) else None
    if isinstance(allowed, yaml.ScalarNode) and allowed.value.strip().lower() == "false":
        return None
    if isinstance(allowed, yaml.SequenceNode) and not any(
        isinstance(item, yaml.ScalarNode) and item.value == what for item in allowed.value
    ):
        return None
    if isinstance(default, yaml.MappingNode):
        value = keys.get(default, what)
        if value is not None:
            return value, f"default: {what}: (line {value.start_mark.line + 1})"
    value = top.get(what)
    if value is not None:
        return value, f"the top-level {what}: (line {value.start_mark.line + 1})"
    return None
