"""Names in the order a Spanish reader expects, whatever the database: accents and case do
not count (Álvaro comes before Teresa, and élite beside elite), and ñ comes after n.

Sorting in Python keeps SQLite and PostgreSQL alike (their collations differ: SQLite's
default puts every accented capital after Z)."""

import unicodedata

_AFTER_N = "n\U0010ffff"  # ñ sorts after every n…, before o


def name_key(text: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFC", text).casefold().replace("ñ", _AFTER_N)
    decomposed = unicodedata.normalize("NFKD", folded)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base, text
