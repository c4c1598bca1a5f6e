"""Error kinds of the shared ``sync`` code (signing, tokens, registries), in es-MX and English.

``sync`` must not import ``desktop`` (the server deploys without it), so these mirror the shape
of ``desktop.errors.Problem`` — ``es``, ``en``, ``hint_es``, ``hint_en``, :meth:`text` — and the
desktop adapts them at its boundary (:func:`desktop.core.signing.as_problem`): an
:class:`InputRefused` becomes ``InvalidInput``, an :class:`EnvironmentUnusable` becomes
``EnvironmentProblem`` and a ``SignatureRejected`` becomes the desktop's ``SignatureRejected``.
"""

from __future__ import annotations


class BilingualError(Exception):
    """An expected failure with a message for a person, in es-MX and English."""

    def __init__(self, es: str, en: str, *, hint_es: str = "", hint_en: str = "") -> None:
        super().__init__(en)
        self.es = es
        self.en = en
        self.hint_es = hint_es
        self.hint_en = hint_en

    def text(self, lang: str = "es") -> str:
        """The message and the hint, in ``lang`` ("es" or "en")."""
        if lang.startswith("en"):
            return f"{self.en}\n{self.hint_en}".strip()
        return f"{self.es}\n{self.hint_es}".strip()


class InputRefused(BilingualError):
    """What was given is refused: a malformed key, URL, key list or signed document."""


class EnvironmentUnusable(BilingualError):
    """The machine cannot do it as it is (no keyring, a key file that cannot be written)."""
