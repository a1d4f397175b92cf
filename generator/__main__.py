"""`python -m generator` is the `factsite` command."""

from generator.cli.main import main

raise SystemExit(main())
