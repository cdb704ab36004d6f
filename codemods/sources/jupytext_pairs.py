"""Jupytext-paired notebooks: a notebook and its text twin are edited together or not at all.

Red team 12 (report 11), F8.  Jupytext pairs ``deploy.ipynb`` with ``deploy.py`` (the notebook's
``metadata.jupytext.formats``, e.g. ``"ipynb,py:percent"``; the text file's ``# ---`` /
``# jupyter:`` / ``#   jupytext:`` header says the same).  When the notebook opens, Jupytext takes
its inputs from the text file, so an edit made to one side only is lost, or conflicts, the next
time the pair is opened or synced.  The two sides were read separately: a constant the notebook's
other cells do not name was migrated in the ``.ipynb`` while the ``.py`` (a module, whose
module-level names are never edited) was reviewed.

Why neither side is edited, rather than both: editing both would need the two rewrites to agree
character for character under Jupytext's own mapping (cell markers, magics commented out as
``# %env``, the header, a cell split differently), which the tool cannot prove; any mismatch is
the very disagreement this prevents.  Holding both is byte-exact by construction: each migrate
item becomes a review (``review-jupytext-pair``) naming the pair, and nothing is written.  Run
the migration on one side by hand (or on the ``.py``, then ``jupytext --sync``).

A side is paired when its own text says so (the notebook's ``formats`` names a text format; the
text file's header names ``ipynb``), or when its twin beside it does: a same-stem ``.py`` with a
Jupytext header next to the notebook, or a same-stem ``.ipynb`` next to a ``.py`` with one.
Only regular files are looked at, and only the first 4 KB of a text twin.

Red team 13 (report 11), F8: Jupytext also pairs every notebook of a tree from a configuration
file, the first one found in the notebook's folder or above it (``jupytext.toml``, ``.jupytext``,
``.jupytext.toml``, ``jupytext.yml``/``.yaml``/``.json`` and their dot forms, ``.jupytext.py`` (its
literal assignments, read with ``ast``, never run), or a ``[tool.jupytext]`` table of ``pyproject.toml``), with a ``formats`` such as ``"ipynb,py:percent"`` or the tree form
``"notebooks///ipynb,scripts///py:percent"`` (``notebooks/a.ipynb`` with ``scripts/a.py``).  Such a
setup writes no header into the text file and no metadata into the notebook (``-all`` filters), so
only the configuration says the two files are one.  Under a configuration pairing ``ipynb`` with a
text format, every notebook is held (its twin may be in another folder); a text file of a paired
extension is held when its twin notebook is where the formats put it (beside it, or, for the tree
form, at the same place under the notebook root).  The search stops at the work tree's root (the
folder holding ``.git``); each folder is looked at once per run.
"""

from __future__ import annotations

import json
import os
import stat
from functools import lru_cache
from typing import Optional, Tuple


JUPYTEXT_PAIR = "review-jupytext-pair"
_HEAD = 4096


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def _header(text: str) -> Optional[str]:
    """The Jupytext header's lines (``# ---`` ... ``# ---``, after an optional shebang), or None."""
    lines = text[:_HEAD].splitlines()
    if lines and lines[0].startswith("#!"):
        lines = lines[1:]
    if not lines or lines[0].rstrip() != "# ---":
        return None
    for number in range(1, len(lines)):
        if lines[number].rstrip() == "# ---":
            header = "\n".join(lines[1:number])
            return header if "jupytext:" in header else None
        if not lines[number].startswith("#"):
            return None
    return None


def _header_of(path: str) -> Optional[str]:
    if not _regular(path):
        return None
    try:
        with open(path, "rb") as handle:
            return _header(handle.read(_HEAD).decode("utf-8", errors="replace"))
    except OSError:
        return None


def _text_formats(formats) -> list:
    """The non-notebook formats of a Jupytext ``formats`` value ("ipynb,py:percent" -> ["py:percent"])."""
    if isinstance(formats, list):
        formats = ",".join(str(f) for f in formats)
    if not isinstance(formats, str):
        return []
    found = []
    for entry in formats.split(","):
        extension = entry.split(":")[0].rsplit("/", 1)[-1].lstrip(".")
        if extension and extension != "ipynb":
            found.append(entry.strip())
    return found


# Jupytext's configuration files, in the order it looks for them in a folder (pyproject.toml last).
CONFIG_FILES = (
    "jupytext", "jupytext.toml", "jupytext.yml", "jupytext.yaml", "jupytext.json",
    ".jupytext", ".jupytext.toml", ".jupytext.yml", ".jupytext.yaml", ".jupytext.json", ".jupytext.py",
)
_CONFIG_BYTES = 65536


def _config_formats(path: str) -> Optional[list]:
    """The ``formats`` entries a Jupytext configuration file sets (a list of strings), or None."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(_CONFIG_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    name = os.path.basename(path)
    data = None
    try:
        if name.endswith(".json"):
            data = json.loads(text)
        elif name.endswith(".py"):  # red team 16 (report 11b), F7: a traitlets file, read, never run
            data = _python_config(text)
        elif not name.endswith((".yml", ".yaml")):
            try:
                import tomllib
            except ImportError:  # Python < 3.11
                import tomli as tomllib
            data = tomllib.loads(text)
            if name == "pyproject.toml":
                data = (data.get("tool") or {}).get("jupytext")
    except (ValueError, RecursionError, AttributeError):
        data = None
    if isinstance(data, dict):
        formats = data.get("formats", data.get("default_jupytext_formats"))
    else:  # YAML (no reader here) or a file that did not read: its ``formats`` line, as written
        formats = None
        for line in text.splitlines():
            key, _, value = line.strip().partition(":")
            if key.strip("\"' ") in ("formats", "default_jupytext_formats") and value.strip():
                formats = value.strip().strip("\"'")
    if isinstance(formats, dict):  # [formats] "notebooks/" = "ipynb", "scripts/" = "py:percent"
        # Red team 14 (report 11b), F7: a folder key is a tree root, as "notebooks///ipynb,scripts///py:percent"
        # (Jupytext's docs give the two as the same pairing); another key is a file-name prefix ("nb_" + value)
        formats = [f"{prefix}//{value}" if str(prefix).endswith("/") else f"{prefix}{value}" for prefix, value in formats.items()]
    if isinstance(formats, str):
        formats = formats.split(",")
    if not isinstance(formats, list):
        return None
    return [str(entry).strip() for entry in formats if str(entry).strip()]


def _python_config(text: str) -> dict:
    """The literal settings of a ``.jupytext.py`` file (``c.formats = "ipynb,py:percent"``, or a bare
    ``formats = ...``): plain assignments of literals at the module level, read with ``ast``; the file is
    never executed, and a value computed at run time is not read (red team 16, report 11b, F7)."""
    import ast

    try:
        module = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return {}
    data = {}
    for statement in module.body:
        if not isinstance(statement, (ast.Assign, ast.AnnAssign)) or statement.value is None:
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            key = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if key not in ("formats", "default_jupytext_formats"):
                continue
            try:
                data[key] = ast.literal_eval(statement.value)
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                continue
    return data


@lru_cache(maxsize=4096)
def project_config(folder: str) -> Optional[Tuple[str, Tuple[str, ...]]]:
    """(the configuration file, its formats) Jupytext uses for notebooks in ``folder``, or None.

    The first configuration file in ``folder`` or above it, up to the work tree's root.  A loop, not a
    call per folder: a file 600 folders deep ended in "internal error: RecursionError" (red team 25,
    report 11a, f2).  Each folder's own answer is cached (``_own_config``), so siblings share the walk.
    """
    here = folder
    while True:
        found = _own_config(here)
        if found is not None:
            return found
        parent = os.path.dirname(here)
        if parent == here or os.path.lexists(os.path.join(here, ".git")):
            return None
        here = parent


@lru_cache(maxsize=4096)
def _own_config(folder: str) -> Optional[Tuple[str, Tuple[str, ...]]]:
    """The Jupytext configuration file in ``folder`` itself, with its formats, or None."""
    for name in CONFIG_FILES + ("pyproject.toml",):
        candidate = os.path.join(folder, name)
        if _regular(candidate):
            formats = _config_formats(candidate)
            if formats is not None or name != "pyproject.toml":
                return (candidate, tuple(formats or ()))
    return None


def _paired_config(path: str) -> Optional[Tuple[str, Tuple[str, ...]]]:
    """The project configuration pairing notebooks with a text format, for the file ``path``."""
    found = project_config(os.path.dirname(os.path.abspath(path)))
    if found is None or not _text_formats(list(found[1])) or not any(_extension(e) == "ipynb" for e in found[1]):
        return None
    return found


def _extension(entry: str) -> str:
    return entry.split(":")[0].rsplit("/", 1)[-1].rsplit(".", 1)[-1]


def _pairs_extension(entry: str, extension: str) -> bool:
    """Does the format ``entry`` name text files of ``extension``?  Red team 15 (report 11b), F7:
    Jupytext's ``auto`` is the notebook's language extension (``.py`` for Python): taken as naming
    every script extension, since holding a file too many only turns edits into reviews."""
    found = _extension(entry)
    return found == extension or (found == "auto" and extension != "ipynb" and extension in _SCRIPT_EXTENSIONS)


_SCRIPT_EXTENSIONS = frozenset(("py", "R", "r", "jl", "sh", "scala", "js", "ts", "ps1", "q", "m", "rs", "cpp", "java"))
# a notebook's language -> the extension Jupytext's ``auto`` gives its text twin
_LANGUAGE_EXTENSIONS = {"python": "py", "r": "R", "julia": "jl", "bash": "sh", "sh": "sh", "scala": "scala"}


def _split_prefix(entry: str) -> Optional[Tuple[str, str, str]]:
    """A Jupytext format entry as (folder prefix, file-name prefix, extension): ``scripts//py:percent``
    -> ("scripts", "", "py"), ``nb_/py`` -> ("", "nb_", "py"), ``ipynb`` -> ("", "", "ipynb"); None for
    the tree form (``///``, read from the configuration) and for what Jupytext would not resolve here."""
    spec = entry.split(":")[0].strip()
    if "///" in spec:
        return None
    prefix, _, extension = spec.rpartition("/") if "/" in spec else ("", "", spec)
    folder, _, name = prefix.rpartition("/")
    return (folder.strip("/"), name, extension.lstrip("."))


def notebook_twins(notebook: str, entries, language: str = "py") -> list:
    """Red team 15 (report 11b), F3/F7: the text files the formats ``entries`` pair the notebook
    ``notebook`` with (absolute, normalised), as Jupytext resolves a prefix (``notebooks//ipynb,
    scripts//py:percent``: the notebook's folder without ``notebooks``, then ``scripts/``) and
    ``auto`` (``language``, the notebook's script extension)."""
    parts = [_split_prefix(str(e)) for e in entries]
    own = [p for p in parts if p is not None and p[2] == "ipynb"]
    if not own:
        return []
    folder_prefix, name_prefix, _ = own[0]
    folder = os.path.dirname(os.path.normpath(os.path.abspath(notebook)))
    name = os.path.splitext(os.path.basename(notebook))[0]
    if name_prefix:
        if not name.startswith(name_prefix):
            return []
        name = name[len(name_prefix) :]
    if folder_prefix:
        tail = os.sep + os.path.normpath(folder_prefix)
        if ".." in folder_prefix.split("/") or not folder.endswith(tail):
            return []
        folder = folder[: -len(tail)] or os.sep
    found = []
    for part in parts:
        if part is None or part[2] == "ipynb":
            continue
        extension = language if part[2] == "auto" else part[2]
        found.append(os.path.normpath(os.path.join(folder, part[0], part[1] + name + "." + extension)))
    return found


@lru_cache(maxsize=1024)
def _notebooks_near(folder: str) -> dict:
    """stem -> notebooks in ``folder`` and in each folder directly below it (one listing each, kept
    for the run): where a prefix pair's notebook may be, seen from its text twin."""
    found: dict = {}
    try:
        with os.scandir(folder) as entries:
            subfolders = []
            for entry in entries:
                if entry.name.endswith(".ipynb") and entry.is_file(follow_symlinks=False):
                    found.setdefault(entry.name[:-6], []).append(entry.path)
                elif entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                    subfolders.append(entry.path)
    except (OSError, ValueError):
        return found
    for sub in sorted(subfolders)[:_MAX_SUBFOLDERS]:
        try:
            with os.scandir(sub) as entries:
                for entry in entries:
                    if entry.name.endswith(".ipynb") and entry.is_file(follow_symlinks=False):
                        found.setdefault(entry.name[:-6], []).append(entry.path)
        except (OSError, ValueError):
            continue
    return found


_MAX_SUBFOLDERS = 256  # folders below one folder looked into for a prefix pair's notebook


def _prefix_twin(path: str, config_entries=None) -> Optional[str]:
    """The notebook near the text file ``path`` (its folder, the one above, and the folders directly
    below either) whose formats (its own metadata's, else ``config_entries``) pair it with ``path``
    through a prefix or ``auto`` (red team 15, report 11b, F3/F7)."""
    target = os.path.normpath(os.path.abspath(path))
    folder = os.path.dirname(target)
    stem = os.path.splitext(os.path.basename(target))[0]
    candidates: dict = {}
    for near in (folder, os.path.dirname(folder)):
        for notebook in _notebooks_near(near).get(stem, ()):
            candidates.setdefault(os.path.normpath(notebook), None)
    for notebook in candidates:
        entries, language = _declared_entries(notebook)
        if not entries and config_entries:
            entries = list(config_entries)
        if target in notebook_twins(notebook, entries, language):
            return notebook
    return None


def _configured_twin(path: str, config: Tuple[str, Tuple[str, ...]]) -> Optional[str]:
    """The notebook the configuration pairs the text file ``path`` with, when it is there."""
    entries = config[1]
    extension = os.path.splitext(path)[1].lstrip(".")
    stem = os.path.splitext(path)[0]
    texts = [e for e in entries if _pairs_extension(e, extension)]
    if not texts:
        return None
    if _regular(stem + ".ipynb"):
        return stem + ".ipynb"
    root = os.path.dirname(config[0])
    relative = os.path.relpath(os.path.abspath(path), root)
    for notebook in (e for e in entries if _extension(e) == "ipynb" and "///" in e):
        for text in (e for e in texts if "///" in e):
            text_folder, notebook_folder = text.split("///")[0], notebook.split("///")[0]
            if relative.startswith(text_folder + os.sep):
                twin = os.path.join(root, notebook_folder, os.path.splitext(relative[len(text_folder) + 1 :])[0] + ".ipynb")
                if _regular(twin):
                    return twin
    return _prefix_twin(path, entries)  # red team 15 (report 11b), F3/F7: scripts//py, auto


def notebook_pair(path: str, text: str) -> Optional[str]:
    """Why this notebook is paired with a text file (in words), or None."""
    config = _paired_config(path)
    if config is not None:
        return f"Jupytext pairs it with its {', '.join(_text_formats(list(config[1])))} twin (formats in {config[0]})"
    twin = os.path.splitext(path)[0] + ".py"
    if '"jupytext"' in text:
        try:
            metadata = json.loads(text).get("metadata") or {}
            formats = (metadata.get("jupytext") or {}).get("formats")
        except (ValueError, AttributeError, RecursionError):
            formats = None
        paired = _text_formats(formats)
        if paired:
            beside = f" ({os.path.basename(twin)} beside it)" if _regular(twin) else ""
            return f"Jupytext pairs it with its {', '.join(paired)} twin{beside} (metadata.jupytext.formats)"
    if _header_of(twin) is not None:
        return f"{os.path.basename(twin)} beside it is its Jupytext text twin"
    return None


def twin_context(path: str) -> Optional[str]:
    """What of the other file of a possible pair this file's result depends on, for the result
    cache's key: the ``.py`` twin's Jupytext header for a notebook, the ``.ipynb`` twin's
    presence for a module (a twin added or removed later must not reuse an older result)."""
    stem, suffix = os.path.splitext(path)
    config = _paired_config(path) if suffix.lower() in (".ipynb", ".py") else None
    if config is not None:  # the project's configuration (and, for a text file, where its twin is)
        twin = _configured_twin(path, config) if suffix.lower() == ".py" else None
        return f"config {config[0]} {','.join(config[1])} {twin}"
    if suffix.lower() == ".ipynb":
        return _header_of(stem + ".py")
    if suffix.lower() == ".py" and _regular(stem + ".ipynb"):
        # what the notebook declares decides (F11): its formats are part of the key
        return f"notebook twin beside it {','.join(_declared_formats(stem + '.ipynb'))}"
    if suffix.lower() == ".py":  # a notebook elsewhere naming it by a prefix (red team 15, report 11b, F3)
        twin = _prefix_twin(path)
        return None if twin is None else f"notebook twin {twin}"
    return None


_NOTEBOOK_BYTES = 64 * 1024 * 1024  # a notebook beside a .py read for its metadata (larger: not read)


def _declared_formats(notebook: str) -> list:
    """The text formats the notebook ``notebook``'s own ``metadata.jupytext.formats`` pairs it with,
    or [] when it declares none or does not read.  Asked only for a text file with a same-stem
    notebook beside it (rare), so read each time: the answer follows an edited notebook."""
    return _text_formats(_declared_entries(notebook)[0])


def _declared_entries(notebook: str) -> Tuple[list, str]:
    """Every entry of the notebook's own ``metadata.jupytext.formats`` ([] when none or it does not
    read), and its language's script extension (what ``auto`` stands for; ``py`` when unsaid)."""
    try:
        if not _regular(notebook) or os.stat(notebook).st_size > _NOTEBOOK_BYTES:
            return [], "py"
        with open(notebook, "rb") as handle:
            text = handle.read(_NOTEBOOK_BYTES).decode("utf-8-sig", errors="replace")
        if '"jupytext"' not in text:
            return [], "py"
        metadata = json.loads(text).get("metadata") or {}
        formats = (metadata.get("jupytext") or {}).get("formats")
        if isinstance(formats, list):
            formats = ",".join(str(f) for f in formats)
        entries = [e.strip() for e in formats.split(",") if e.strip()] if isinstance(formats, str) else []
        info = metadata.get("language_info") or {}
        language = str(info.get("file_extension") or "").lstrip(".")
        if not language:
            spoken = str((metadata.get("kernelspec") or {}).get("language") or "python").lower()
            language = _LANGUAGE_EXTENSIONS.get(spoken, "py")
        return entries, language
    except (OSError, ValueError, AttributeError, RecursionError):
        return [], "py"


def _declared_twin(path: str) -> Optional[str]:
    """Red team 14 (report 13), F11: the notebook beside the text file ``path`` whose own metadata
    pairs it with a text format of ``path``'s extension (``"ipynb,py:percent"``): Jupytext writes the
    text side without a header under ``notebook_metadata_filter: -all``, so only the notebook says
    the two are one.  A format naming another folder (``scripts//py``) does not pair this one."""
    stem, extension = os.path.splitext(path)
    notebook = stem + ".ipynb"
    for entry in _declared_formats(notebook):
        if "/" not in entry and _pairs_extension(entry, extension.lstrip(".")):
            return notebook
    return _prefix_twin(path)  # red team 15 (report 11b), F3/F7: "notebooks//ipynb,scripts//py:percent"


def text_pair(path: str, text: str) -> Optional[str]:
    """Why this ``.py`` is a paired notebook's text twin (in words), or None."""
    config = _paired_config(path)
    twin = _configured_twin(path, config) if config is not None else None
    if twin is not None:
        return f"it is the Jupytext text twin of {os.path.relpath(twin, os.path.dirname(os.path.abspath(path)))} (formats in {config[0]})"
    header = _header(text)
    if header is None:
        declared = _declared_twin(path)
        if declared is not None:
            where = os.path.relpath(declared, os.path.dirname(os.path.abspath(path)))
            beside = " beside it" if os.sep not in where else ""
            return f"it is the Jupytext text twin of {where}{beside} (its metadata.jupytext.formats)"
        return None
    twin = os.path.splitext(path)[0] + ".ipynb"
    if _regular(twin):
        return f"it is the Jupytext text twin of {os.path.basename(twin)} beside it"
    for line in header.splitlines():
        key, _, value = line.lstrip("#").strip().partition(":")
        if key == "formats" and "ipynb" in value:
            return f"its Jupytext header pairs it with a notebook ({value.strip()})"
    return None


def hold(result, why: str) -> None:
    """Nothing of this file is written; every migrate item (and fix) becomes a review naming the pair."""
    if not any(f.fix or f.code.startswith("migrate-") for f in result.findings) and not result.changed:
        return
    result.new_text = None
    note = f"not rewritten: {why}; a Jupytext pair is migrated on both sides together (edit one, then jupytext --sync)"
    result.findings = [f.withdrawn(JUPYTEXT_PAIR, note) if f.migrates else f for f in result.findings]


def settle(result, kind: str, path: str, text: str) -> None:
    """Hold a paired notebook's or text twin's edits (called after the file's rules ran)."""
    if kind == "notebook":
        why = notebook_pair(path, text)
    elif kind == "python" and (any(f.fix or f.code.startswith("migrate-") for f in result.findings) or result.changed) and (
        text.startswith(("# ---", "#!")) or _paired_config(path) is not None or _declared_twin(path) is not None
    ):  # only a file with something to hold looks for its notebook (folders listed then, once per run)
        why = text_pair(path, text)
    else:
        return
    if why is not None:
        hold(result, why)
