"""``python -m codemods.fleet``: the same as ``houston-codemod fleet``."""

import sys

from . import main

if __name__ == "__main__":  # worker processes may import this module again
    sys.exit(main(prog="python -m codemods.fleet"))
