"""Rewrite rules, one module each.  A rule reads a DocumentContext and edits or reports.

Order matters: the argument rules record variable values that
``rename_version_variable`` then follows into the document and the Python code.
"""

from . import (
    deployment_config_images,
    fill_arguments,
    hole_fields,
    rename_version_argument,
    rename_version_variable,
    runtime_argument_values,
    runtime_read_fields,
    update_deployment_runtime,
)

RULES = (
    rename_version_argument.run,
    update_deployment_runtime.run,
    rename_version_variable.run,
    runtime_argument_values.run,
    fill_arguments.run,
    runtime_read_fields.run,
    hole_fields.run,
    deployment_config_images.run,
)
