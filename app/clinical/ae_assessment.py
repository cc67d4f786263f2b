"""The investigator's assessment of an adverse event: the answers each question offers.

Causality (to the study product and to the study procedures), expectedness against the
reference safety information, the action taken with the product and the outcome. Each
table maps the stored key to its English wording; :func:`choice_word` shows it in the
installed language.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.sentences import QT_TRANSLATE_NOOP, Template

CAUSALITY = {
    "not_related": QT_TRANSLATE_NOOP("AdverseEvents", "Not related"),
    "unlikely": QT_TRANSLATE_NOOP("AdverseEvents", "Unlikely related"),
    "possibly": QT_TRANSLATE_NOOP("AdverseEvents", "Possibly related"),
    "probably": QT_TRANSLATE_NOOP("AdverseEvents", "Probably related"),
    "definitely": QT_TRANSLATE_NOOP("AdverseEvents", "Definitely related"),
}
# "Possibly" or stronger counts as related (clinical.md §5).
RELATED = frozenset({"possibly", "probably", "definitely"})
EXPECTEDNESS = {
    "expected": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Expected (listed in the reference safety information)"
    ),
    "unexpected": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Unexpected (not consistent with the reference safety information)"
    ),
}
ACTIONS = {
    "none": QT_TRANSLATE_NOOP("AdverseEvents", "No action with the study product"),
    "interrupted": QT_TRANSLATE_NOOP("AdverseEvents", "Infusion interrupted"),
    "rate_reduced": QT_TRANSLATE_NOOP("AdverseEvents", "Infusion rate reduced"),
    "stopped": QT_TRANSLATE_NOOP("AdverseEvents", "Infusion stopped"),
    "not_applicable": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Not applicable (no infusion under way or due)"
    ),
}
OUTCOMES = {
    "recovered": QT_TRANSLATE_NOOP("AdverseEvents", "Recovered / resolved"),
    "recovering": QT_TRANSLATE_NOOP("AdverseEvents", "Recovering / resolving"),
    "not_recovered": QT_TRANSLATE_NOOP("AdverseEvents", "Not recovered / not resolved"),
    "recovered_with_sequelae": QT_TRANSLATE_NOOP("AdverseEvents", "Recovered with sequelae"),
    "fatal": QT_TRANSLATE_NOOP("AdverseEvents", "Fatal"),
    "unknown": QT_TRANSLATE_NOOP("AdverseEvents", "Unknown"),
}


def choice_word(choices: Mapping[str, str], key: str) -> str:
    """The shown word of ``key`` in one of the answer tables (SERIOUSNESS, CAUSALITY, …),
    in the installed language; the tables' own values stay the English."""
    word = choices.get(key)
    if isinstance(word, Template):
        return word.said()
    return key if word is None else word
