"""The values a compose or GitLab CI file's own project gives the variables in an image reference.

Red team pass 7, F7: ``image: $REG/astronomer/ap-airflow:2.3.4`` was decided
as if REG had no value, so a mirror registry set in the same project was
migrated as if it were quay.io.  Two places set such values, and the tool
reads both (never writes them):

* GitLab CI: the file's own ``variables:``, at the top level (every job) and
  in a job (that job only, and it wins over the top level; a job's
  ``extends:`` and ``<<`` merges bring their ``variables:`` too), as the
  ``.gitlab-ci.yml`` keyword reference defines them.  A value is a string or
  ``{value: ..., description: ...}``.  The job-level value wins over the
  top-level one (GitLab "CI/CD variable precedence"); variables set in the
  project's settings or for a pipeline still win over both, so a migration
  says so.
* docker compose: the ``.env`` file in the compose file's folder, which
  compose reads for interpolation ("Set, use, and manage variables in a
  container with Docker Compose": the project directory's ``.env``; a
  variable set in the shell wins over it).  Lines ``NAME=value`` (or ``NAME: value``), an optional
  ``export``, ``#`` comments, single- or double-quoted values, and an inline
  `` #`` comment after an unquoted value.

A value holding ``$`` is itself interpolated: it is returned as not literal
(the caller reviews).  Only a regular file under a size cap is read; a file
that cannot be read or parsed counts as absent (the finding then says the
registry has no value, as before).  Linear: one pass over each file.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

MAX_BYTES = 1024 * 1024
ENV_FILE = ".env"
# NAME=value, and NAME: value (red team 10, F7): compose-go's dotenv parser ends a name at "=" or ":"
# ("library also supports yaml-style value declaration", compose-spec/compose-go dotenv/parser.go
# locateKeyName at 04217348).  Linear: the name stops at the first character outside its class.
_ENV_LINE = re.compile(r"[ \t]*(?:export[ \t]+)?(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:](?P<value>[^\r\n]*)")
GITLAB_NOT_JOBS = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "spec"}
)
MAX_EXTENDS = 11  # GitLab allows 11 levels of extends


@dataclass
class Known:
    """A variable's value where the file's tool takes it from: ``value`` None when it is itself interpolated."""

    value: Optional[str]
    where: str  # ".env", "the file's variables:", "variables: of job build"


def dotenv(compose_path: Optional[str]) -> Dict[str, Known]:
    """NAME -> value of the ``.env`` beside a compose file (empty when there is none or it cannot be read)."""
    if not compose_path or compose_path == "-":
        return {}
    text = _read(os.path.join(os.path.dirname(os.path.abspath(compose_path)), ENV_FILE))
    if text is None:
        return {}
    found: Dict[str, Known] = {}
    for line in text.splitlines():
        match = _ENV_LINE.fullmatch(line)
        if match is None:
            continue
        value = _env_value(match.group("value"))
        found[match.group("name")] = Known(None if value is None or "$" in value else value, ENV_FILE)
    return found


def _env_value(raw: str) -> Optional[str]:
    raw = raw.strip(" \t")
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        if end < 0:
            return None  # a multi-line or unclosed value: not read
        value = raw[1:end]
        if raw[0] == '"' and "\\" in value:
            return None  # escapes: not decided here
        return value
    comment = re.search(r"[ \t]#", raw)
    return (raw[: comment.start()] if comment else raw).rstrip(" \t")


def _read(path: str) -> Optional[str]:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES).decode("utf-8-sig")  # an editor's BOM is not part of the first name
    except (OSError, UnicodeDecodeError):
        return None


class GitlabVariables:
    """The ``variables:`` a ``.gitlab-ci.yml`` gives the image at a file offset (parsed on first use)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ready = False
        self._global: Dict[str, Known] = {}
        self._starts: List[int] = []
        self._jobs: List[Tuple[int, int, Dict[str, Known]]] = []

    def lookup(self, offset: int, name: str) -> Optional[Known]:
        if not self._ready:
            self._ready = True
            self._parse()
        at = bisect_right(self._starts, offset) - 1
        if at >= 0:
            start, end, values = self._jobs[at]
            if start <= offset < end and name in values:
                return values[name]
        return self._global.get(name)

    def _parse(self) -> None:
        import yaml

        try:
            root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
            return
        if not isinstance(root, yaml.MappingNode):
            return
        top = {key.value: value for key, value in _entries(root) if isinstance(key, yaml.ScalarNode)}
        self._global = _variables(top.get("variables"), "the file's variables:")
        jobs = []
        for name, job in top.items():
            if name in GITLAB_NOT_JOBS or not isinstance(job, yaml.MappingNode):
                continue
            values: Dict[str, Known] = {}
            for source in reversed(_extended(name, top)):  # the job's own values are read last and win
                values.update(_variables(_key(top[source], "variables"), f"variables: of job {name}"
                                         if source == name else f"variables: of {source} (extended by {name})"))
            jobs.append((job.start_mark.index, job.end_mark.index, values))
        jobs.sort(key=lambda job: job[0])
        self._jobs = jobs
        self._starts = [start for start, _, _ in jobs]


def _extended(name: str, top) -> List[str]:
    """``name`` and the jobs it ``extends:`` (nearest first), each once, at most MAX_EXTENDS levels."""
    import yaml

    order, pending = [], [name]
    while pending and len(order) <= MAX_EXTENDS:
        current = pending.pop(0)
        if current in order or not isinstance(top.get(current), yaml.MappingNode):
            continue
        order.append(current)
        extends = _key(top[current], "extends")
        if isinstance(extends, yaml.ScalarNode):
            pending.append(extends.value)
        elif isinstance(extends, yaml.SequenceNode):
            pending.extend(reversed([n.value for n in extends.value if isinstance(n, yaml.ScalarNode)]))
    return order


def _variables(node, where: str) -> Dict[str, Known]:
    import yaml

    found: Dict[str, Known] = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    for key, value in _entries(node):
        if not isinstance(key, yaml.ScalarNode):
            continue
        if isinstance(value, yaml.MappingNode):
            value = _key(value, "value")
        literal = value.value if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:str" else None
        found[key.value] = Known(None if literal is None or "$" in literal else literal, where)
    return found


def _key(mapping, name: str):
    for key, value in _entries(mapping):
        if getattr(key, "value", None) == name:
            return value
    return None


def _entries(mapping):
    """A mapping's entries, ``<<`` merges followed (each merged mapping once), one per name: the
    first in YAML's merge precedence (:func:`yaml_aliases.merged_entries`), so its own entries win."""
    from .yaml_aliases import merged_entries

    names, found = set(), []
    for _owner, key, value in merged_entries(mapping):
        name = getattr(key, "value", None)
        if not isinstance(name, str) or name not in names:
            names.add(name)
            found.append((key, value))
    return found
