"""One module per `wirewatch` subcommand: `register(subparsers)` adds it, `handler` runs it.

`wirewatch --help` builds every command's parser, so a command module imports at module level
only the standard library and argparse-level helpers (bot.durations); everything else (the
settings models, the store, the summarizer, feeds, rich, discord.py) is imported inside the
handler that needs it, or under TYPE_CHECKING for annotations.
tests/cli/test_startup.py checks this.
"""
