"""``python -m dotterel``: the command line."""

from dotterel.cli import main

main()
