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


_CONFIG_CALLS = frozenset({"SettingsConfigDict", "ConfigDict", "dict"})
_ALIAS_KEYWORDS = ("validation_alias", "alias", "env")  # the first naming the variable wins, as pydantic-settings reads it


def class_environment(statement: ast.ClassDef) -> Optional[Dict[str, str]]:
    """field -> the environment variable pydantic-settings fills it from (then a blank and its URL default, if
    it has one), for a settings class, else None.

    Red team 23, report 12, f13: ``class HoustonSettings(BaseSettings)`` with ``model_config =
    SettingsConfigDict(env_prefix="HOUSTON_")`` (or ``{"env_prefix": ...}``, a ``class Config: env_prefix = ...``,
    the class keyword ``env_prefix=...``) reads its field ``api_url`` from ``HOUSTON_API_URL``: the send to
    ``settings.api_url`` is a send to that setting, which speaks as ``os.environ["HOUSTON_API_URL"]`` does.  A
    field's own ``Field(validation_alias="X")`` / ``alias=`` / v1 ``env=`` names its variable without the prefix.
    Only a class with an ``env_prefix`` or a base named ``...BaseSettings`` is one.  One pass over its body.
    """
    prefix = next((_text(k.value) for k in statement.keywords if k.arg == "env_prefix"), None)
    for inner in statement.body[: _MAX_FIELDS * 4]:
        if prefix is not None:
            break
        if isinstance(inner, (ast.Assign, ast.AnnAssign)):
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            if any(isinstance(t, ast.Name) and t.id == "model_config" for t in targets):
                prefix = _config_prefix(inner.value)
        elif isinstance(inner, ast.ClassDef) and inner.name == "Config":  # pydantic v1's BaseSettings
            for setting in inner.body[:_MAX_FIELDS]:
                if (isinstance(setting, ast.Assign) and len(setting.targets) == 1 and isinstance(setting.targets[0], ast.Name)
                        and setting.targets[0].id == "env_prefix"):
                    prefix = _text(setting.value)
    settings = prefix is not None or any((getattr(b, "attr", None) or getattr(b, "id", "")).endswith("BaseSettings") for b in statement.bases)
    if not settings:
        return None
    fields: Dict[str, str] = {}
    for inner in statement.body[: _MAX_FIELDS * 4]:
        if not (isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name)) or inner.target.id == "model_config":
            continue
        alias = None
        if isinstance(inner.value, ast.Call) and getattr(inner.value.func, "id", getattr(inner.value.func, "attr", None)) == "Field":
            given = {k.arg: k.value for k in inner.value.keywords}
            alias = next((_text(given[k]) for k in _ALIAS_KEYWORDS if k in given), None)
            if alias is None and any(k in given for k in _ALIAS_KEYWORDS):
                continue  # AliasChoices(...), a computed name: which variable is not read here
        variable = alias if alias is not None else (prefix + inner.target.id).upper() if prefix is not None else None
        if variable is not None:
            default = _url(inner.value) if inner.value is not None else None
            # with a URL default the field is os.environ.get(VARIABLE, URL): both are read, as in the script
            fields[inner.target.id] = variable if default is None else f"{variable} {default}"
        if len(fields) >= _MAX_FIELDS:
            break
    return fields or None


def _config_prefix(value) -> Optional[str]:
    """``env_prefix`` of ``SettingsConfigDict(env_prefix="X")`` / ``ConfigDict(...)`` / ``dict(...)`` / ``{"env_prefix": "X"}``."""
    if isinstance(value, ast.Call) and (getattr(value.func, "id", None) or getattr(value.func, "attr", None)) in _CONFIG_CALLS:
        return next((_text(k.value) for k in value.keywords if k.arg == "env_prefix"), None)
    if isinstance(value, ast.Dict):
        return next((_text(v) for k, v in zip(value.keys, value.values) if isinstance(k, ast.Constant) and k.value == "env_prefix"), None)
    return None


def _text(value) -> Optional[str]:
    """A short string literal that may name an environment variable (or its prefix), else None."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and len(value.value) <= 100:
        text = value.value
        return text if text.replace("_", "a").isalnum() or text == "" else None
    return None


def environment_classes(module: Optional[ast.Module]) -> Dict[str, Dict[str, str]]:
    """class name -> :func:`class_environment`, for each settings class at the module's top level."""
    found: Dict[str, Dict[str, str]] = {}
    for statement in getattr(module, "body", ()):
        if isinstance(statement, ast.ClassDef):
            fields = class_environment(statement)
            if fields:
                found[statement.name] = fields
    return found


def instance_environment(module: Optional[ast.Module]) -> Dict[str, Tuple[str, Dict[str, str], int]]:
    """instance name -> (its class, field -> environment variable, line), for each module-level ``NAME = Class(...)``
    (bound once) of a settings class of the module (:func:`class_environment`; red team 23, report 12, f13)."""
    classes = environment_classes(module)
    if not classes:
        return {}
    bound: Dict[str, int] = {}
    found: Dict[str, Tuple[str, Dict[str, str], int]] = {}
    for statement in module.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target] if isinstance(statement, ast.AnnAssign) else []
        value = getattr(statement, "value", None)
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            bound[target.id] = bound.get(target.id, 0) + 1
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in classes:
                # a keyword of the construction gives the field its value: no longer the variable's
                given = {k.arg for k in value.keywords}
                fields = {field: name for field, name in classes[value.func.id].items() if field not in given}
                if fields:
                    found[target.id] = (value.func.id, fields, statement.lineno)
    return {name: entry for name, entry in found.items() if bound.get(name) == 1}
