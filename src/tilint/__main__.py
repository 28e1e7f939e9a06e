"""Run tilint as ``python -m tilint``."""

from tilint.cli import main

main(prog_name="tilint")
