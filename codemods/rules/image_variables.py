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

Red team 9, F6: an image a job INHERITS (``default: image:``, the top-level
``image:`` or ``services:``) is expanded by GitLab with that job's variables,
and a variable may also be set by ``rules: - if: ... variables:`` of a job or
of ``workflow:``.  :meth:`GitlabVariables.variants` gives every set of values
an image place can be expanded with (each job that inherits it, each rule
that may apply), so the image rule edits only when all of them agree and
otherwise gives the review the differing value gets.

Red team 11 (report 11), F3 and F3b: GitLab merges the files of ``include:``
into the ``.gitlab-ci.yml`` and runs one job per ``parallel: matrix:`` value
with it as a job variable.  ``include: local:`` files of the repository are
read (their top-level ``variables:``, and the jobs they define for
``extends:``); each matrix value is one more way the image can run.  An
include the tool does not read, or a job extended from nowhere it reads, may
set any variable: such a value is unknown, so the image is reviewed.
"""

from __future__ import annotations

import os
import re
import stat
from collections import deque
from bisect import bisect_right
from dataclasses import dataclass
from itertools import product
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from ..sources.compose_interpolation import Escape as _Escape, Text as _Text, parse as parse_interpolation

# Known.where of a variable another file may set that the tool cannot read (registry_variable words the review)
from .registry_variable import MAY_BE_SET

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
    raw: Optional[str] = None  # GitLab: the written value when it holds $ (expanded by :meth:`GitlabVariables.lookup`)
    through: Tuple[str, ...] = ()  # the variables its value was expanded through (IMG: $AC -> ("AC",))
    # red team 17 (report 13), F7: its expansion went past MAX_EXPANDED_CHARS / MAX_ENV_THROUGH or the
    # file's budget, so it was not made: unknown, and reviewed like an AC image (never guessed)
    capped: bool = False


# red team 17 (report 13), F7: ".env" values interpolating earlier ones (A1=${A0}${A0}, A2=${A1}${A1},
# ...) doubled at each line, so a 400-byte file expanded to gigabytes, and a plain chain
# (A1=${A0}x, A2=${A1}x, ...) cost quadratic time.  An expanded value only has to be read as (a piece
# of) an image reference, which docker caps far below this (255-character name, 128-character tag):
# a longer one, one going through more variables, or any once the whole file's budget is spent, is
# not made (Known.capped).  Every value then costs at most its own length plus these constants.
MAX_EXPANDED_CHARS = 2048
MAX_ENV_THROUGH = 64  # distinct variables one value is expanded through (nesting included)
ENV_BUDGET_FACTOR = 8  # the whole file expands to at most this many times its size (+ a floor)
ENV_BUDGET_FLOOR = 64 * 1024


def dotenv(compose_path: Optional[str]) -> Dict[str, Known]:
    """NAME -> value of the ``.env`` beside a compose file (empty when there is none or it cannot be read)."""
    if not compose_path or compose_path == "-":
        return {}
    text = _read(os.path.join(os.path.dirname(os.path.abspath(compose_path)), ENV_FILE))
    if text is None:
        return {}
    found: Dict[str, Known] = {}
    budget = [ENV_BUDGET_FACTOR * len(text) + ENV_BUDGET_FLOOR]  # characters all expansions may still make
    for line in text.splitlines():
        match = _ENV_LINE.fullmatch(line)
        if match is None:
            continue
        raw_value = match.group("value").strip(" \t")
        value = _env_value(match.group("value"))
        if value is not None and "$" in value:
            # red team 14 F4: compose interpolates unquoted and double-quoted .env values with the
            # values set above them (IMG=${BASE}/ap-airflow:... , TAG=${T2:-2.2.5}); single-quoted
            # ones are literal, and are not decided here
            found[match.group("name")] = (
                _expanded_env(value, found, budget) if raw_value[:1] != "'" else Known(None, ENV_FILE, raw=value)
            )
            continue
        found[match.group("name")] = Known(value, ENV_FILE)
    return found


def _expanded_env(value: str, earlier: Dict[str, Known], budget: List[int]) -> Known:
    """A ``.env`` value holding ``$``, expanded as compose does with the values set above it.

    A variable ``.env`` does not set above takes its written default (``${T2:-2.2.5}``); one with
    none, or any form this cannot decide, leaves the value unknown (``value`` None, ``raw`` kept so
    a review can still name what is written).  ``through`` names every variable the value went
    through: such a value is ground for a review only, never for an edit (the environment may set
    any of them).

    Bounded (red team 17, F7): past MAX_EXPANDED_CHARS characters, MAX_ENV_THROUGH variables or the
    file's ``budget`` (one shared counter, spent by each value made), or through a value that was
    itself capped, the value is unknown and ``capped``; the work per value is its length plus those
    constants, and a value is never copied more than once into another."""
    parts = parse_interpolation(value)
    unknown = Known(None, ENV_FILE, raw=value)
    capped = Known(None, ENV_FILE, raw=value, capped=True)
    if parts is None:
        return unknown
    if budget[0] <= 0:
        return capped
    out: List[str] = []
    size = 0
    through: Dict[str, None] = {}
    stack = [iter(parts)]
    while stack:  # no recursion: nested defaults are walked with a stack
        part = next(stack[-1], None)
        if part is None:
            stack.pop()
            continue
        if isinstance(part, _Text):
            out.append(value[part.start : part.end])
            size += part.end - part.start
            continue
        if isinstance(part, _Escape):
            out.append("$")
            size += 1
            continue
        through[part.name] = None
        known = earlier.get(part.name)
        if known is not None and known.value is None:
            return capped if known.capped else unknown
        text = known.value if known is not None else None
        through.update(dict.fromkeys(known.through if known is not None else ()))
        if len(through) > MAX_ENV_THROUGH:
            return capped
        operator = part.operator
        if operator in (":-", "-") and not (text if operator == ":-" else known is not None):
            stack.append(iter(part.argument))
        elif operator in (":+", "+"):
            if text if operator == ":+" else known is not None:
                stack.append(iter(part.argument))
        elif operator in (":?", "?") and not (text if operator == ":?" else known is not None):
            return unknown
        elif text is not None:
            if size + len(text) > MAX_EXPANDED_CHARS:
                return capped
            out.append(text)
            size += len(text)
        else:
            return unknown  # unset above, no default: the environment decides
        if size > MAX_EXPANDED_CHARS:
            return capped
    if size > MAX_EXPANDED_CHARS or size > budget[0]:
        return capped
    budget[0] -= size
    return Known("".join(out), ENV_FILE, raw=value, through=tuple(through))


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


@dataclass
class _Job:
    name: str
    start: int
    end: int
    variables: List[Tuple[object, str]]  # (variables: mapping, where), its own first, then what it extends
    rules: List[Tuple[object, str]]  # (variables: mapping, where) of each of its rules: entries that has one
    own: frozenset  # which of "image", "services" it sets itself (or through extends:)
    inherits: frozenset  # which of "image", "services" it takes from default: / the top level
    written: Tuple[Tuple[int, int, str], ...] = ()  # (start, end, kind) of the image / services it writes itself
    # red team 11, F3: why its variables are not all known (it extends a job no file the tool reads defines)
    unknown: Optional[str] = None
    matrix: Tuple[object, ...] = ()  # the mapping entries of its parallel: matrix: (red team 11, F3b)


INHERITED = ("image", "services")
MAX_EXPANSIONS = 16  # variables looked up to expand one value (nesting included)
MAX_INCLUDES = 16  # files read through include: local: (nested ones too) for one .gitlab-ci.yml
_GITLAB_VARIABLE = re.compile(r"\$\$|\$\{(\w+)\}|\$(\w+)")  # one token each: linear
MAX_VARIANTS = 64  # distinct value sets reported for one image place (each is one way it can run)


class GitlabVariables:
    """The ``variables:`` a ``.gitlab-ci.yml`` gives the image at a file offset (parsed on first use).

    A ``variables:`` mapping is asked for one name at a time through
    :class:`yaml_aliases.MergedKeys`, never copied into each job: jobs that merge or extend the
    same variables, or chains of merged mappings, cost each mapping once per name asked."""

    def __init__(self, text: str, path: Optional[str] = None) -> None:
        from .yaml_aliases import MergedKeys

        self.text = text
        self.path = path  # the file's place, to read its include: local: files (red team 11, F3)
        self._unread: Optional[str] = None  # an include: the tool does not read (remote, project ...), said so
        self._includer: Optional[str] = None  # the .gitlab-ci.yml including this file ("" none; None not asked)
        # variables: of trigger: jobs whose child pipeline includes this very file (red team 11, F3 gl2/n)
        self._downstream: List[Tuple[object, str]] = []
        self._ready = False
        self._keys = MergedKeys()
        self._global: List[Tuple[object, str]] = []
        self._workflow: List[Tuple[object, str]] = []
        self._workflow_options: Dict[str, List[Known]] = {}
        self._places: List[Tuple[int, int, str]] = []  # top-level / default: image and services, by kind
        self._starts: List[int] = []
        self._jobs: List[_Job] = []
        # (job name, kind) -> the jobs that take that job's image / services through extends: (red team 10, F4b)
        self._extenders: Dict[Tuple[str, str], List[_Job]] = {}

    def __call__(self, offset: int, name: str) -> Optional[Known]:
        return self.lookup(offset, name)

    def lookup(self, offset: int, name: str) -> Optional[Known]:
        job = self._job_at(offset)
        sources = (job.variables if job is not None else []) + self._global
        known = self._value(job.variables, name) if job is not None else None
        if known is None and job is not None and job.unknown:
            known = Known(None, MAY_BE_SET + job.unknown)
        if known is None:
            known = self._global_value(name)
        return self._expanded(known, sources) if known is not None and known.raw is not None else known

    def _global_value(self, name: str) -> Optional[Known]:
        """The file's (and its local includes') top-level value, else, when an include the tool does not
        read may set it, an unknown value saying so (red team 11, F3: review, never an edit)."""
        known = self._value(self._global, name)
        if known is None and self._unread:
            known = Known(None, MAY_BE_SET + self._unread)
        if known is None and self._includer is None and self.path and os.path.basename(self.path).lower() != ".gitlab-ci.yml":
            from ..gitlab_includes import included_by_gitlab

            self._includer = included_by_gitlab(self.path) or ""
        if known is None and self._includer:
            # red team 14 F9: a file a .gitlab-ci.yml includes takes that file's variables: and its jobs'
            # (a job there may extend the template here); none is decided here: review, never an edit
            known = Known(None, MAY_BE_SET + f"{os.path.basename(self._includer)}, which includes this file")
        return known

    def _matrix_values(self, job: _Job, name: str) -> List[Known]:
        """Each value ``parallel: matrix:`` gives ``name`` in ``job`` (red team 11, F3b: GitLab runs one job
        per value, with it as a job variable)."""
        import yaml

        found = []
        for entry in job.matrix:
            value = self._keys.get(entry, name)
            items = value.value if isinstance(value, yaml.SequenceNode) else [value] if value is not None else []
            for item in items:
                found.append(_known(self._keys.get, item, f"parallel: matrix: of job {job.name}"))
        return found

    def _expanded(self, known: Known, sources: List[Tuple[object, str]]) -> Known:
        """Red team 10, F11: GitLab expands variables used in other variables (``IMG: $AC``), with the
        job's own values (GitLab 14.3 "variables inside other variables", gitlab-runner#1809; expanded
        recursively before the job is sent, gitlab#293674).  ``$NAME`` / ``${NAME}`` are put in from
        ``sources`` (nearest first), ``$$`` is a literal ``$``; anything unset, or more than
        :data:`MAX_EXPANSIONS` lookups, leaves the value undecided (None).  Bounded work per lookup."""
        budget = [MAX_EXPANSIONS]
        through: List[str] = []

        def expand(raw: str, depth: int) -> Optional[str]:
            out, at = [], 0
            for match in _GITLAB_VARIABLE.finditer(raw):
                out.append(raw[at:match.start()])
                at = match.end()
                if match.group() == "$$":
                    out.append("$")
                    continue
                name = match.group(1) or match.group(2)
                budget[0] -= 1
                if budget[0] < 0 or depth >= MAX_EXPANSIONS:
                    return None
                inner = self._value(sources, name)
                if inner is None:
                    return None
                through.append(name)
                value = inner.value if inner.raw is None else expand(inner.raw, depth + 1)
                if value is None:
                    return None
                out.append(value)
            out.append(raw[at:])
            return "".join(out)

        value = expand(known.raw, 0)
        if value is None:
            return known
        return Known(value, known.where, through=tuple(dict.fromkeys(through)))

    def _value(self, sources: List[Tuple[object, str]], name: str) -> Optional[Known]:
        """The first of ``sources`` (``variables:`` mappings, nearest first) that sets ``name``."""
        for node, where in sources:
            value = self._keys.get(node, name)
            if value is not None:
                return _known(self._keys.get, value, where)
        return None

    def _job_at(self, offset: int) -> Optional[_Job]:
        if not self._ready:
            self._ready = True
            self._parse()
        at = bisect_right(self._starts, offset) - 1
        if at >= 0 and self._jobs[at].start <= offset < self._jobs[at].end:
            return self._jobs[at]
        return None

    def variants(self, offset: int, names: Iterable[str]) -> List[Callable[[str], Optional[Known]]]:
        """Every distinct set of values ``names`` can have where GitLab expands the image at ``offset``:
        the first is :meth:`lookup`'s; then, for an image in a job, each of its and ``workflow:``'s
        ``rules:`` that sets one of them; for ``default:`` / top-level ``image:`` or ``services:``,
        the same for every job that inherits it (no own ``image:``, not ``inherit: default:``
        excluding it).  At most :data:`MAX_VARIANTS` (each extra one can only turn an edit into a review)."""
        names = list(dict.fromkeys(names))
        job = self._job_at(offset)
        if job is not None:
            # and every job that extends this one and so runs this image with its own variables: (F4b)
            kind = next((kind for start, end, kind in job.written if start <= offset < end), None)
            scopes: Iterable[_Job] = [job] + [j for j in self._extenders.get((job.name, kind), [])
                                              if not j.name.startswith(".")]
        else:
            kind = next((kind for start, end, kind in self._places if start <= offset < end), None)
            scopes = [j for j in self._jobs if kind is not None and kind not in j.own and kind in j.inherits
                      and not j.name.startswith(".")]  # a hidden job never runs
        first = tuple(self.lookup(offset, name) for name in names)
        found, signatures = [first], {tuple(k.value if k else None for k in first)}
        for scope in scopes:
            choices = []
            for name in names:
                options = [known for node, where in scope.rules for known in [self._value([(node, where)], name)] if known]
                options.extend(self._matrix_values(scope, name))
                own = self._value(scope.variables, name)
                if own is None and scope.unknown:
                    own = Known(None, MAY_BE_SET + scope.unknown)
                if own is not None:
                    options.append(own)
                else:
                    options.append(self._global_value(name))
                    options.extend(self._workflow_values(name))
                # a parent's trigger: passes its variables to every job of the child pipeline, above the file's
                options.extend(known for known in (self._value([source], name) for source in self._downstream) if known)
                choices.append(_distinct(options, scope, job is None or scope is not job))
            for combination in product(*choices):
                signature = tuple(k.value if k else None for k in combination)
                if signature not in signatures:
                    signatures.add(signature)
                    found.append(combination)
                    if len(found) >= MAX_VARIANTS:
                        return [_fixed(names, values) for values in found]
        return [_fixed(names, values) for values in found]

    def _workflow_values(self, name: str) -> List[Known]:
        if name not in self._workflow_options:  # once per name, not once per job
            values = (self._value([source], name) for source in self._workflow)
            self._workflow_options[name] = _distinct([k for k in values if k is not None], None, False)
        return self._workflow_options[name]

    def _parse(self) -> None:
        import yaml

        try:
            root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
            return
        if not isinstance(root, yaml.MappingNode):
            return
        get = self._keys.get
        top = {key.value: value for key, value in _entries(root) if isinstance(key, yaml.ScalarNode)}
        self._global = [(top.get("variables"), "the file's variables:")]
        known_jobs = dict(top)  # with the jobs and templates of the include: local: files (the file's own win)
        self._include(top.get("include"), known_jobs, [0], set())
        self._workflow = _rule_variables(get, get(top.get("workflow"), "rules"), "variables: of a workflow:rules entry")
        default = top.get("default")
        for kind in INHERITED:
            for node in (top.get(kind), get(default, kind)):
                if isinstance(node, yaml.Node):
                    self._places.append((node.start_mark.index, node.end_mark.index, kind))
        jobs = []
        rules_memo: Dict[int, List[Tuple[object, str]]] = {}
        for name, job in top.items():
            if name in GITLAB_NOT_JOBS or not isinstance(job, yaml.MappingNode):
                continue
            missing: List[str] = []
            chain = _extended(get, name, known_jobs, missing)
            variables = [(_dereferenced(get, get(known_jobs[source], "variables"), known_jobs),
                          f"variables: of job {name}" if source == name
                          else f"variables: of {source} (extended by {name})") for source in chain]

            def nearest(key, chain=chain):
                return next((n for n in (get(known_jobs[source], key) for source in chain) if n is not None), None)

            rules_node = nearest("rules")
            if id(rules_node) not in rules_memo:  # rules: shared by many jobs (an anchor) are read once
                rules_memo[id(rules_node)] = _rule_variables(get, rules_node, "variables: of a rules: entry of job {}")
            rules = [(node, where.format(name)) for node, where in rules_memo[id(rules_node)]]
            own = frozenset(kind for kind in INHERITED if nearest(kind) is not None)
            written = tuple((n.start_mark.index, n.end_mark.index, kind) for kind in INHERITED
                            for n in [get(job, kind)] if isinstance(n, yaml.Node))
            if self._triggers_this_file(get(job, "trigger")):
                self._downstream.append((get(job, "variables"), f"variables: of trigger job {name}, passed to the "
                                         "child pipeline that runs this file"))
            unknown = None
            if missing:
                unknown = f"job {missing[0]} (extended by {name}), which no file the tool reads defines"
            matrix = get(nearest("parallel"), "matrix")
            entries = tuple(n for n in matrix.value if isinstance(n, yaml.MappingNode)) if isinstance(
                matrix, yaml.SequenceNode) else ()
            entry = _Job(name, job.start_mark.index, job.end_mark.index, variables, rules, own,
                         _inherits(get, nearest("inherit")), written, unknown, entries)
            jobs.append(entry)
            for kind in own:
                provider = next(source for source in chain if get(known_jobs[source], kind) is not None)
                if provider != name:
                    self._extenders.setdefault((provider, kind), []).append(entry)
                # red team 18 (report 13), F1: ``image: !reference [.base, image]`` copies the job whose
                # text holds the image into this one, which GitLab expands with this job's variables:
                writer = _referenced_writer(get, provider, kind, known_jobs)
                if writer is not None and writer != name:
                    self._extenders.setdefault((writer, kind), []).append(entry)
        jobs.sort(key=lambda job: job.start)
        self._jobs = jobs
        self._starts = [job.start for job in jobs]


    def _include(self, include, known_jobs: Dict[str, object], count: List[int], visited: set) -> None:
        """Red team 11, F3: GitLab merges the files of ``include:`` into this one (this file's keys win).
        ``local:`` files of the repository are read (nested includes too, each once, at most
        :data:`MAX_INCLUDES`): their top-level ``variables:`` follow the file's own, their jobs and
        templates can be ``extends:``-ed.  Any other include (remote, project, template, component, a
        wildcard, a file that cannot be read or parsed) is noted as unread: a variable it may set is
        unknown, so the image is reviewed, never edited."""
        import yaml

        items = include.value if isinstance(include, yaml.SequenceNode) else [include] if include is not None else []
        for item in items:
            local = None
            if isinstance(item, yaml.ScalarNode):
                local = None if "://" in item.value else item.value
            elif isinstance(item, yaml.MappingNode):
                node = self._keys.get(item, "local")
                local = node.value if isinstance(node, yaml.ScalarNode) else None
            root = self._read_include(local, count, visited) if local else None
            if root is None:
                if not self._unread:
                    if isinstance(item, yaml.MappingNode):
                        what = ", ".join(f"{k.value}: {v.value}" for k, v in item.value[:2]
                                         if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode))
                    else:
                        what = item.value if isinstance(item, yaml.ScalarNode) else ""
                    self._unread = f"include: {what[:200] or 'entry'}, a file the tool does not read"
                continue
            if root is True:
                continue  # read already
            top = {key.value: value for key, value in _entries(root) if isinstance(key, yaml.ScalarNode)}
            self._global.append((top.get("variables"), f"the variables: of {local} (included)"))
            for name, value in top.items():
                if name not in GITLAB_NOT_JOBS:
                    known_jobs.setdefault(name, value)
            self._include(top.get("include"), known_jobs, count, visited)

    def _triggers_this_file(self, trigger) -> bool:
        """``trigger: include:`` naming this file (a path from the repository root, or ``local:``)."""
        import yaml

        include = self._keys.get(trigger, "include")
        items = include.value if isinstance(include, yaml.SequenceNode) else [include] if include is not None else []
        if not items or not self.path or self.path == "-":
            return False
        here = os.path.normpath(os.path.abspath(self.path))
        folder = os.path.dirname(here)
        for item in items:
            node = self._keys.get(item, "local") if isinstance(item, yaml.MappingNode) else item
            if isinstance(node, yaml.ScalarNode) and "://" not in node.value:
                if os.path.normpath(os.path.join(folder, node.value.strip().lstrip("/"))) == here:
                    return True
        return False

    def _read_include(self, local: str, count: List[int], visited: set):
        """The parsed ``include: local:`` file (a path from the repository's root, the folder of this file
        or its git work tree), True when read already, None when it cannot be read."""
        import yaml

        from ..files import git_work_tree

        if not self.path or self.path == "-" or any(c in local for c in "*?[$"):
            return None
        folder = os.path.dirname(os.path.abspath(self.path))
        roots = [folder] + [r for r in [git_work_tree(folder)] if r and r != folder]
        for root in roots:
            candidate = os.path.normpath(os.path.join(root, local.strip().lstrip("/")))
            if not candidate.startswith(root + os.sep):
                continue
            if candidate in visited:
                return True
            text = _read(candidate) if count[0] < MAX_INCLUDES else None
            if text is None:
                continue
            count[0] += 1
            visited.add(candidate)
            try:
                root_node = yaml.compose(text, Loader=yaml.SafeLoader)
            except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
                return None
            return root_node if isinstance(root_node, yaml.MappingNode) else None
        return None


def _dereferenced(get, node, top, depth: int = 0):
    """``variables: !reference [.vars, variables]`` (red team 10, F7): the mapping GitLab puts there.

    GitLab's ``!reference [job, key, ...]`` tag names a node of another job by its path; a reference
    to a reference is followed a few levels (GitLab allows 10).  Anything else is returned as it is;
    a path that leads nowhere gives None (nothing known, as for a job without ``variables:``).
    """
    import yaml

    while isinstance(node, yaml.SequenceNode) and node.tag == "!reference" and depth < 10:
        depth += 1
        path = [item.value for item in node.value if isinstance(item, yaml.ScalarNode)]
        if len(path) != len(node.value) or not path or path[0] not in top:
            return None
        node = top[path[0]]
        for key in path[1:]:
            node = _dereferenced(get, get(node, key), top, depth)
            if node is None:
                return None
    return node


def _referenced_writer(get, provider: str, kind: str, top) -> Optional[str]:
    """The job whose text holds the ``kind`` value ``provider`` sets with ``!reference [job, kind]``
    (through that job's ``extends:`` and further references, at most 10), or None when it sets its
    own value or the path is anything else (``!reference [.x, y, image]`` is not followed)."""
    import yaml

    current, seen = provider, set()
    for _ in range(10):
        node = get(top.get(current), kind)
        if not (isinstance(node, yaml.SequenceNode) and node.tag == "!reference"):
            return current if current != provider else None
        path = [item.value for item in node.value if isinstance(item, yaml.ScalarNode)]
        if len(path) != 2 or len(node.value) != 2 or path[1] != kind or path[0] not in top or path[0] in seen:
            return None
        seen.add(path[0])
        chain = _extended(get, path[0], top)
        current = next((source for source in chain if get(top[source], kind) is not None), None)
        if current is None:
            return None
    return None


def _fixed(names: List[str], values) -> Callable[[str], Optional[Known]]:
    table = dict(zip(names, values))
    return table.get


def _distinct(options: List[Optional[Known]], scope: Optional[_Job], inherited: bool) -> List[Optional[Known]]:
    """Each value once (the first place naming it); for an inherited image, where says which job."""
    seen, out = set(), []
    for known in options:
        value = known.value if known else None
        if value in seen:
            continue
        seen.add(value)
        if known is not None and inherited and scope is not None:
            if known.where.endswith(f"job {scope.name}") or f"(extended by {scope.name})" in known.where:
                known = Known(known.value, f"{known.where}, which inherits this image")
            else:
                known = Known(known.value, f"{known.where}, for job {scope.name} that inherits this image")
        out.append(known)
    return out


def _known(get, value, where: str) -> Known:
    """A variables: entry's value as :class:`Known` (``{value: ..., description: ...}`` read)."""
    import yaml

    if isinstance(value, yaml.MappingNode):
        value = get(value, "value")
    literal = value.value if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:str" else None
    if literal is not None and "$" in literal:
        return Known(None, where, raw=literal)
    return Known(literal, where)


def _rule_variables(get, rules, where: str) -> List[Tuple[object, str]]:
    """(variables: mapping, where) of each ``rules:`` entry that has one (``rules: - if: ... variables:``)."""
    import yaml

    if not isinstance(rules, yaml.SequenceNode):
        return []
    found = []
    for rule in rules.value:
        variables = get(rule, "variables")
        if isinstance(variables, yaml.MappingNode):
            found.append((variables, where))
    return found


def _inherits(get, inherit) -> frozenset:
    """Which of image / services a job takes from ``default:`` given its ``inherit:`` (GitLab's
    ``inherit:default: false`` or a list of the keywords it keeps; anything else unread: all)."""
    import yaml

    node = get(inherit, "default")
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return frozenset(INHERITED) if node.value.lower() == "true" else frozenset()
    if isinstance(node, yaml.SequenceNode):
        return frozenset(n.value for n in node.value if isinstance(n, yaml.ScalarNode) and n.value in INHERITED)
    return frozenset(INHERITED)


def _extended(get, name: str, top, missing: Optional[List[str]] = None) -> List[str]:
    """``name`` and the jobs it ``extends:`` (nearest first), each once, at most MAX_EXTENDS levels;
    ``missing`` gets the names extended that ``top`` does not define."""
    import yaml

    order: List[str] = []
    pending = deque([name])
    while pending and len(order) <= MAX_EXTENDS:
        current = pending.popleft()
        if current not in top and missing is not None:
            missing.append(current)
        if current in order or not isinstance(top.get(current), yaml.MappingNode):
            continue
        order.append(current)
        extends = get(top[current], "extends")
        if isinstance(extends, yaml.ScalarNode):
            pending.append(extends.value)
        elif isinstance(extends, yaml.SequenceNode):
            # the last one listed wins (is nearest); only the nearest MAX_EXTENDS + 1 can be read
            pending.extend(reversed([n.value for n in extends.value[-(MAX_EXTENDS + 1):] if isinstance(n, yaml.ScalarNode)]))
    return order


def _entries(mapping):
    """A mapping's entries, ``<<`` merges followed (each merged mapping once), one per name: a
    mapping's own entries win over what it merges, the first merged over the later ones
    (:func:`yaml_aliases.merged_entries` gives them in that order), and within one mapping a
    repeated key's last entry wins, as PyYAML reads it."""
    from .yaml_aliases import merged_entries

    found: Dict[object, Tuple[object, object]] = {}
    layer: Dict[object, Tuple[object, object]] = {}
    owner = None
    for current, key, value in merged_entries(mapping):
        if current is not owner:
            found.update((n, entry) for n, entry in layer.items() if n not in found)
            layer, owner = {}, current
        name = getattr(key, "value", None)
        layer[name if isinstance(name, str) else id(key)] = (key, value)
    found.update((n, entry) for n, entry in layer.items() if n not in found)
    return list(found.values())
