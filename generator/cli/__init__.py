"""The `factsite` command: main.py parses the arguments and runs one module per command."""
