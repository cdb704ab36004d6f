"""The URLs a module-level settings object holds: ``settings = Settings()`` with field defaults.

Red team 17, report 12, F19.  Current Python services keep their endpoints in
a pydantic-settings (or dataclass, or plain) class::

    class Settings(BaseSettings):
        houston_url: str = "https://houston.astro.acme.com/v1"
        catalog_url: str = "https://catalog.acme-corp.net/api"

    settings = Settings()

and another module posts to ``settings.catalog_url`` after ``from settings
import settings``.  That attribute holds the field's default (or the URL the
construction passes for it by keyword), so the importer's send is judged by
that value, as ``import config; config.API_URL`` is: the run-wide index
(``cross_module``) gives the importer ``settings.catalog_url`` -> the URL.

Only whole URLs (``://``) are kept: a field holding a document or a token is
never taken for an endpoint.  One pass over the module's top-level statements
and each class body: linear.
"""

from __future__ import annotations

import ast
from typing import Dict, Optional, Tuple

_MAX_FIELDS = 64  # a settings class of more fields than this keeps its first ones


def _url(value) -> Optional[str]:
    """A whole URL literal, or the URL default of ``os.environ.get(NAME, URL)`` / ``Field(URL)`` / ``Field(default=URL)``."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value[:200] if "://" in value.value[:200] else None
    if isinstance(value, ast.Call):
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", "")
        if name in ("get", "getenv") and len(value.args) == 2:
            return _url(value.args[1])
        if name == "Field":
            given = value.args[0] if value.args else next((k.value for k in value.keywords if k.arg == "default"), None)
            return _url(given) if given is not None else None
    return None


def _class_fields(statement: ast.ClassDef) -> Dict[str, Tuple[str, int]]:
    """field -> (URL, line) for each field of the class body bound to a whole URL."""
    fields: Dict[str, Tuple[str, int]] = {}
    for inner in statement.body[: _MAX_FIELDS * 4]:
        if isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name) and inner.value is not None:
            url = _url(inner.value)
            if url is not None:
                fields[inner.target.id] = (url, inner.lineno)
        elif isinstance(inner, ast.Assign) and len(inner.targets) == 1 and isinstance(inner.targets[0], ast.Name):
            url = _url(inner.value)
            if url is not None:
                fields[inner.targets[0].id] = (url, inner.lineno)
        if len(fields) >= _MAX_FIELDS:
            break
    return fields


def instance_fields(module: Optional[ast.Module]) -> Dict[str, Dict[str, Tuple[str, int]]]:
    """instance name -> field -> (URL, line), for each module-level ``NAME = Class(...)`` of a class of the module.

    A name bound more than once at module level is left out (which binding holds is not known).
    A keyword of the construction naming a field replaces its default when it is a whole URL,
    and removes it when it is anything else (a value known only at run time).
    """
    if module is None:
        return {}
    classes: Dict[str, Dict[str, Tuple[str, int]]] = {}
    bound: Dict[str, int] = {}
    found: Dict[str, Dict[str, Tuple[str, int]]] = {}
    for statement in module.body:
        if isinstance(statement, ast.ClassDef):
            classes[statement.name] = _class_fields(statement)
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target] if isinstance(statement, ast.AnnAssign) else []
        value = getattr(statement, "value", None)
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            bound[target.id] = bound.get(target.id, 0) + 1
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and classes.get(value.func.id):
                fields = dict(classes[value.func.id])
                for keyword in value.keywords:
                    if keyword.arg in fields:
                        url = _url(keyword.value)
                        if url is None:
                            del fields[keyword.arg]
                        else:
                            fields[keyword.arg] = (url, statement.lineno)
                if fields:
                    found[target.id] = fields
    return {name: fields for name, fields in found.items() if bound.get(name) == 1}
