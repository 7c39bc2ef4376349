"""The ``kb`` command line: argument parsing (``main``), the subcommands (``commands``) and diagnostic formats (``report``).

It only parses and prints; everything it runs lives in the library.
"""

from .main import main

__all__ = ["main"]
