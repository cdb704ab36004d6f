"""Environment variables that set a value: a blank one is an error, never the default.

README (Safety) has one rule for blank environment values: a variable that grants
something (``HOUSTON_API_TOKEN``, ``GITHUB_TOKEN``, ``HOUSTON_URL``) counts as not
set when blank, so it grants nothing; one that sets a value (a timeout, a directory,
a URL, a login) is one line and exit 2 when blank.  An unset CI variable expanded
into it (``HOUSTON_CODEMOD_CACHE_DIR=$CACHE``) must not silently mean the default
place (red team 18, report 11a, F2): the person named a value and got none.
"""

from __future__ import annotations

import os
from typing import Optional


class BlankSetting(ValueError):
    """A value-setting environment variable that is set but blank; the message is the one line."""


def setting(name: str) -> Optional[str]:
    """``name``'s value; None when unset; ``BlankSetting`` when it is empty or only whitespace."""
    value = os.environ.get(name)
    if value is None:
        return None
    if not value.strip():
        raise BlankSetting(f"{name} is empty: give it a value, or unset it for its default")
    return value
