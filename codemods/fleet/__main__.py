"""``python -m codemods.fleet``: the same as ``houston-codemod fleet``."""

from ..guard import run_as_main
from . import main

if __name__ == "__main__":  # worker processes may import this module again
    run_as_main(lambda: main(prog="python -m codemods.fleet"))
