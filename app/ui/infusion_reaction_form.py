"""The adverse-event form started as an infusion reaction, from "Stop the infusion?".

It is the ordinary adverse-event form, filled in with what the service proposes for a
reaction (:func:`app.services.infusion_reaction.reaction_entry`: the term, the onset,
the stop criteria met) and linked to the infusion; the nurse grades and saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.protocol.infusion import StopCriterion
from app.services.infusion_reaction import reaction_entry
from app.ui.forms.ae_form import AeForm


class ReactionAeForm(AeForm):
    """:class:`AeForm` that can start from an infusion's reaction."""

    def start_from(
        self, infusion_id: str, criteria: Sequence[StopCriterion], onset_at: datetime
    ) -> None:
        """A new event: the reaction's term, onset and description, linked to the infusion."""
        self.load(None)
        entry = reaction_entry(infusion_id, criteria, onset_at)
        self.load_values(self.values_of(entry), None)
        self._infusion_id = infusion_id  # the link the form saves with the event
        self._dirty = True  # proposed, not saved: leaving keeps it as a draft
