"""One module per `wirewatch` subcommand: `register(subparsers)` adds it, `handler` runs it."""
