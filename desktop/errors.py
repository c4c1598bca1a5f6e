"""Error kinds shared by every layer.

Two families, handled differently by the UI and the CLI (STYLE.md, point 10):

* ``Problem`` and its subclasses are *expected*: the environment is wrong (disk full, read-only
  folder, a file that is not a database) or the input is refused (an illegal transition). They carry
  a plain message in es-MX and English plus what to do next, and are shown as they are.
* Any other exception is a *bug*: it is logged with context, the user sees a short apology, and no
  data is discarded.

Messages here cannot go through Qt's translation system (this layer has no Qt), so each one is
written in both languages; :func:`Problem.text` picks one.
"""

from __future__ import annotations

from sync.errors import BilingualError


class Problem(BilingualError):
    """An expected failure with a message for a person, in es-MX and English.

    The shape (``es``, ``en``, ``hint_es``, ``hint_en``, :meth:`text`) comes from
    :class:`sync.errors.BilingualError`, shared with the server-side code.
    """


class EnvironmentProblem(Problem):
    """The machine or the data folder is not usable as it is (tell the user what to do)."""


class StoreUnavailable(EnvironmentProblem):
    """The database cannot be opened: not SQLite, newer schema, read-only folder, corrupt."""


class InvalidInput(Problem):
    """The request was refused because of what was asked (illegal transition, missing reason)."""


class AuthenticationFailed(Problem):
    """Wrong user name or password, or an inactive account."""


class NotAllowed(Problem):
    """The signed-in user's role may not do this (e.g. a clerk suspending an inspector)."""
