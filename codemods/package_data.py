"""The files of ``schema/``, shipped inside the package as ``codemods.bundled``."""

from __future__ import annotations

from pathlib import Path


def read_text(name: str) -> str:
    """A bundled file's text: from the installed package, or from a plain checkout.

    Running ``python -m codemods`` from a checkout that was never installed finds
    no ``codemods.bundled`` (setuptools maps ``schema/`` onto it at install
    time), so the checkout's own ``schema/`` is read instead.
    """
    from importlib import resources

    try:
        return resources.files("codemods.bundled").joinpath(name).read_text("utf-8")
    except ModuleNotFoundError:
        return (Path(__file__).resolve().parent.parent / "schema" / name).read_text("utf-8")
