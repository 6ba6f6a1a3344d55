"""``python -m ampeco.cli``: the ``ampeco`` command line."""

from ampeco.cli import main

raise SystemExit(main())
