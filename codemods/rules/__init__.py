"""Rewrite rules, one module each.  A rule reads a DocumentContext and edits or reports.

Order matters only where one rule's edit would overlap another's; none do today.
"""

from . import rename_version_argument

RULES = (rename_version_argument.run,)
