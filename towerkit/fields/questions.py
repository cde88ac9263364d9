"""A question as the noun phrase it asks for: what a questionnaire's item names.

``What is the monthly rent?`` names the monthly rent; ``On what date was the permit issued?`` the date
the permit was issued (``permit issued date``); ``When does this permit expire?`` a date too;
``Which firm performed the inspection?`` a firm; ``Who performed the work?`` whoever it was performed by;
``Describe what was found`` what was found.
The phrase is then compared with the catalog's wordings like any label. English question syntax, no
form's wording: a label that asks nothing is returned as it was.

A prompt that describes rather than asks names its noun phrase first and qualifies it after:
``Site number assigned by the tower owner`` is a site number (assigned), ``ASR number, if registered`` an
ASR number, ``Agreement number being amended`` an agreement number (amended), ``Site Known As`` a site name,
``Effective As Of`` an effective date, ``Date the structure was inspected`` a structure inspected date.
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
IMPERATIVES = frozenset({"describe", "state", "list", "give", "enter", "indicate", "specify", "explain", "note"})
"""Verbs a form's prompt opens with before the question it means (``Describe what was found``)."""
WHEN_NOUN = "date"
"""What ``when`` asks for."""
HOW_WORDS = frozenset({"long", "many", "much", "often", "far"})
"""Words after ``how`` that ask for a quantity, which the rest of the question names."""
CONDITIONS = frozenset({"if", "unless"})
"""Words that open a condition on a prompt (``if registered``, ``if any``): no part of what it names."""
AGENT_PREPOSITIONS = frozenset({"by", "to", "for", "from", "on", "at", "in", "under", "with"})
"""Prepositions after a participle that open its agent or place (``assigned by the tower owner``)."""
IRREGULAR_PARTICIPLES = frozenset({"found", "done", "made", "given", "held", "paid", "built", "shown", "set", "seen"})
"""Past participles that do not end in ``-ed``."""
KNOWN_AS = frozenset({"known", "called", "named", "designated", "referred"})
"""Participles by which a thing has a name: ``Site Known As`` asks for the site's name."""
DOING = frozenset({"performed", "conducted", "done", "completed", "carried"})
"""Participles that only say an act was done: ``Inspection Performed By`` is whoever inspected."""
GENERIC_HEADS = frozenset({"date", "name", "number"})
"""Nouns a prompt may open with before the clause that says whose (``Date the structure was inspected``)."""
MIN_PARTICIPLE_CHARS = 5
"""``-ed`` words shorter than this (``red``, ``bed``, ``feed``) are seldom participles."""


def asked(key: str) -> str:
    """The noun phrase a question's label key asks for (see the module docstring), else the key unchanged."""
    key = described(key)
    words = key.split()
    if len(words) > 2 and words[0] in IMPERATIVES and words[1] in WH_WORDS:  # noqa: PLR2004
        words = words[1:]  # "Describe what was found": what was found
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


def described(key: str) -> str:
    """A prompt's noun phrase and its participle, without the condition, agent or ``being`` after them.

    Only past the prompt's second word: a short label's last word (``Date Issued``, ``Permit Issued``) is
    its own. A question is left to ``asked``.
    """
    words = key.split()
    if not words or words[0] in WH_WORDS:
        return key
    if (named := _named(words)) is not None:
        return named
    for k in range(2, len(words)):
        if words[k] in CONDITIONS:
            return " ".join(words[:k])
        if k + 1 < len(words) and _participle(words[k]) and words[k + 1] in AGENT_PREPOSITIONS:
            return " ".join(words[: k + 1])
    return " ".join(w for k, w in enumerate(words) if k < 2 or w != "being")  # noqa: PLR2004


def _named(words: list[str]) -> str | None:
    """What a prompt asks for when its words say it outright: a name, a date, the noun it opens with; else None."""
    if len(words) > 2 and words[-2] in KNOWN_AS and words[-1] == "as":  # noqa: PLR2004 - "Site Known As": its name
        return " ".join([*words[:-2], "name"])
    if len(words) > 2 and words[-2:] == ["as", "of"]:  # noqa: PLR2004 - "Effective As Of": as of a date
        return " ".join([*words[:-2], "date"])
    if len(words) > 2 and words[-1] == "by" and words[-2] in DOING and words[-3].endswith("ion"):  # noqa: PLR2004
        return " ".join([*words[:-3], words[-3][:-3] + "ed", "by"])  # "Inspection Performed By": who inspected
    aux = next((k for k, w in enumerate(words) if w in AUXILIARIES), None)
    if words[0] in GENERIC_HEADS and aux is not None and aux > 1:  # "Date the structure was inspected"
        return " ".join([*(w for w in words[1:aux] if w not in DETERMINERS), *words[aux + 1 :], words[0]])
    return None


def _participle(word: str) -> bool:
    return word in IRREGULAR_PARTICIPLES or (len(word) >= MIN_PARTICIPLE_CHARS and word.endswith("ed"))
