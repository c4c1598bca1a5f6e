"""Allow ``python -m desktop`` as an alias of the ``verifica`` command."""

from desktop.cli import main

raise SystemExit(main())
