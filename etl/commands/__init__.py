"""One module per `python -m etl <cmd>`, each exposing HELP, configure(parser) and run(args) -> int.
The registry is etl.cli.COMMANDS."""
