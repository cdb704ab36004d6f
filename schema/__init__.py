"""Houston schema SDL and the AC to Runtime version table, shipped as package data.

Installed as ``codemods.bundled`` (see ``pyproject.toml``); read it through
``codemods.houston_schema`` and ``codemods.versions``, never by path.
"""
