"""What the authors' commands write: new pages from the templates and ADR status changes.

Pure: text in, text out (the command line in cli.py reads and writes the files). A command
that cannot be carried out raises Refusal with one line the author can act on, before
anything is written.
"""


class Refusal(ValueError):
    """A command the author asked for that would leave the docs wrong: one line saying why."""
