"""``python -m dotterel.cli``: the command line."""

from dotterel.cli import main

main()
