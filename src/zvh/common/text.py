"""Text normalisation shared by search and matching."""

import re
import unicodedata

_NON_LETTERS = re.compile(r"[^a-z]")


def name_key(text: str) -> str:
    """Lower-case ASCII letters only: 'Van den Berg-Çelik' -> 'vandenbergcelik'.

    Stored beside a person's name so lists and the "already known" check can match names
    without caring for accents, case, spaces or hyphens.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _NON_LETTERS.sub("", decomposed.encode("ascii", "ignore").decode())
