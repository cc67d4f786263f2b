"""Participants as the screens see them: the list, a barcode lookup, one record, Today.

Everything here returns plain frozen dataclasses read in one short session, so a
widget never holds a database session. Nothing here knows the arm: the only way
to it is :func:`allocated_arms`, which refuses every blinded role. An audited value
sealed under the blinding key (``bk1.…``) reads "(blinded)" on the timeline.

The list and lookups are in :mod:`~app.services.participant_rows`, one participant in
:mod:`~app.services.participant_detail`, Today in :mod:`~app.services.participant_today`;
this module gathers them for the screens and the command line.
"""

from __future__ import annotations

from app.services.participant_detail import (
    FIELD_NAMES as FIELD_NAMES,
)
from app.services.participant_detail import (
    FORM_MODELS as FORM_MODELS,
)
from app.services.participant_detail import (
    HIDDEN_FIELDS as HIDDEN_FIELDS,
)
from app.services.participant_detail import (
    RECORD_KINDS as RECORD_KINDS,
)
from app.services.participant_detail import (
    SHOWN_ELSEWHERE as SHOWN_ELSEWHERE,
)
from app.services.participant_detail import (
    TIMELINE_TABLES as TIMELINE_TABLES,
)
from app.services.participant_detail import (
    ParticipantDetail as ParticipantDetail,
)
from app.services.participant_detail import (
    TimelineEntry as TimelineEntry,
)
from app.services.participant_detail import (
    _value as _value,
)
from app.services.participant_detail import (
    participant_detail as participant_detail,
)
from app.services.participant_detail import (
    vitals_summary as vitals_summary,
)
from app.services.participant_rows import (
    BLINDED_PREFIX as BLINDED_PREFIX,
)
from app.services.participant_rows import (
    ON_STUDY as ON_STUDY,
)
from app.services.participant_rows import (
    STATUS_WORDS as STATUS_WORDS,
)
from app.services.participant_rows import (
    ParticipantRow as ParticipantRow,
)
from app.services.participant_rows import (
    age_on as age_on,
)
from app.services.participant_rows import (
    allocated_arms as allocated_arms,
)
from app.services.participant_rows import (
    find_by_code as find_by_code,
)
from app.services.participant_rows import (
    list_participants as list_participants,
)
from app.services.participant_rows import (
    normalise_code as normalise_code,
)
from app.services.participant_rows import (
    status_word as status_word,
)
from app.services.participant_today import (
    AwaitingSignature as AwaitingSignature,
)
from app.services.participant_today import (
    DueVisit as DueVisit,
)
from app.services.participant_today import (
    awaiting_signature as awaiting_signature,
)
from app.services.participant_today import (
    start_of_day as start_of_day,
)
from app.services.participant_today import (
    today as today,
)
from app.services.participant_today import (
    visit_due as visit_due,
)
from app.services.participant_today import (
    vitals_today as vitals_today,
)
