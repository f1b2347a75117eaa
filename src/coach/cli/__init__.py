"""The command line: thin Typer commands over the repositories; the only place that prints."""
