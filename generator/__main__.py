"""`python -m generator` is the `factsite` command."""

from .cli import main

raise SystemExit(main())
