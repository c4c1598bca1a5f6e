"""Domain rules and use-cases. No Qt here: the server, the CLI and the tests import it freely."""
