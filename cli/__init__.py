"""The command line `python -m kpis …` (started through kpis/__main__.py): argument parsing, one
module per sub-command under cli/commands/, Chinese messages and exit codes. Sits above every domain."""
