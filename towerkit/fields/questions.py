"""A question as the noun phrase it asks for: what a questionnaire's item names.

``What is the monthly rent?`` names the monthly rent; ``On what date was the permit issued?`` the date
the permit was issued (``permit issued date``); ``When does this permit expire?`` a date too;
``Which firm performed the inspection?`` a firm; ``Who performed the work?`` whoever it was performed by.
The phrase is then compared with the catalog's wordings like any label. English question syntax, no
form's wording: a label that asks nothing is returned as it was.
"""

from __future__ import annotations

WH_WORDS = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "how"})
"""Words that open a question."""
AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "does", "do", "did", "has", "have", "had", "will", "shall", "should"}
)
"""Verbs a question puts before its subject (``is``, ``does``): no part of what it asks for."""
LEAD_PREPOSITIONS = frozenset({"on", "by", "in", "at", "for", "from", "to", "under"})
"""Prepositions a question may open with before its wh-word (``On what date``, ``By what name``)."""
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "each", "every", "any"})
"""Words before the subject a question asks about (``the current lease term``)."""
WHEN_NOUN = "date"
"""What ``when`` asks for."""
HOW_WORDS = frozenset({"long", "many", "much", "often", "far"})
"""Words after ``how`` that ask for a quantity, which the rest of the question names."""


def asked(key: str) -> str:
    """The noun phrase a question's label key asks for (see the module docstring), else the key unchanged."""
    words = key.split()
    start = 1 if len(words) > 1 and words[0] in LEAD_PREPOSITIONS and words[1] in WH_WORDS else 0
    if len(words) < start + 2 or words[start] not in WH_WORDS:
        return key
    wh, rest = words[start], words[start + 1 :]
    noun: list[str] = []
    if wh == "how" and rest[0] in HOW_WORDS:  # "How long is the term", "How much notice is required"
        wh, rest = "what", rest[1:]
    if not rest:
        return key
    if wh in ("what", "which", "whose") and rest[0] not in AUXILIARIES:
        k = next((i for i, w in enumerate(rest) if w in AUXILIARIES), None)
        if k is None:  # "Which firm performed the inspection": the noun, then its verb's phrase
            noun, rest = rest[:1], rest[1:]
        else:  # "What date was the permit issued": the nouns up to the verb
            noun, rest = rest[:k], rest[k:]
    elif wh == "when":
        noun = [WHEN_NOUN]
    elif wh in ("who", "whom") and rest[0] not in AUXILIARIES:
        return " ".join([rest[0], "by"])  # "Who performed the work": performed by
    if rest and rest[0] in AUXILIARIES:
        rest = rest[1:]
    while rest and rest[0] in DETERMINERS:
        rest = rest[1:]
    return " ".join([*rest, *noun]) or key
