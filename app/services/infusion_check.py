"""The bedside product check: the wristband and the bag's label against the allocation.

Borrowed from the blood-transfusion bedside check: done at the bedside immediately
before starting, wristband and label must match exactly, expiry is checked, and a check
that was interrupted starts again. Every check is recorded and time-stamped, passed or
refused; a refused one names what does not match in one sentence.

Nothing here reads a sealed column: a lot's expiry is sealed, so the pharmacy caps the
use-by (in clear) at it, and a product past its use-by is refused here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.allocation.kit_codes import code_problem
from app.errors import InvalidInput
from app.models import (
    CheckResult,
    Infusion,
    Participant,
    Preparation,
    PreparationStatus,
    ProductCheck,
)
from app.protocol import Protocol, load_default
from app.protocol.infusion import infusion_rules
from app.sentences import QT_TRANSLATE_NOOP, Sentence
from app.services.observations import may_enter, participant_in
from app.store.store import Store
from app.store.uow import Actor, refuse_control_characters

SCAN_LIMIT = 64


WRISTBAND, LABEL = "wristband", "label"
"""Which scan a refusal is about (the field its sentence belongs beside)."""


class ScanRefused(InvalidInput):
    """A scan that cannot be checked at all (empty, too long); ``field`` says which."""

    def __init__(self, sentence: str, field: str) -> None:
        super().__init__(sentence)
        self.field = field


class ProductCheckRefused(InvalidInput):
    """A hard stop at the bedside; the refused check is recorded as ``check_id``.

    ``field`` is the scan that does not match: the wristband or the kit label.
    """

    def __init__(self, sentence: str, check_id: str, field: str = LABEL) -> None:
        super().__init__(sentence)
        self.check_id = check_id
        self.field = field


@dataclass(frozen=True)
class ProductCheckView:
    """A passed check: which product, for whom, and until when it lets the infusion start."""

    id: str
    participant_id: str
    study_id: str
    kit_code: str
    preparation_id: str
    dose_number: int
    volume_ml: str
    use_by_at: datetime
    checked_at: datetime
    checked_by: str
    valid_until: datetime
    product_en: str
    """What a blinded person sees: "Study product, kit K"."""
    product_zh: str


def product_label(protocol: Protocol, kit_code: str) -> tuple[str, str]:
    """The blinded name of a bag in English and Chinese: "Study product, kit K"."""
    study = protocol.study
    return f"{study.blinded_label_en}, kit {kit_code}", f"{study.blinded_label_zh}，药盒 {kit_code}"


def when(moment: datetime) -> str:
    """A time in a message, on the ward's clock: ``25 Nov 14:05``."""
    return moment.astimezone().strftime("%d %b %H:%M")


def _scanned(text: object, what: Sentence, field: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ScanRefused(
            QT_TRANSLATE_NOOP("ProductCheck", "Scan or type the {what}.").format(what=what), field
        )
    # Scanners add a carriage return, a tab or a group separator: those go, nothing else.
    plain = "".join(ch for ch in text if ch.isprintable()).strip()
    if len(plain) > SCAN_LIMIT:
        raise ScanRefused(
            QT_TRANSLATE_NOOP(
                "ProductCheck", "The {what} is too long to be a study code: scan it again."
            ).format(what=what),
            field,
        )
    try:
        refuse_control_characters(what, plain)
    except InvalidInput as exc:
        raise ScanRefused(exc.sentence, field) from exc
    return plain


def given(session: Session, preparation_id: str) -> Infusion | None:
    """The infusion that used this preparation, if one did."""
    return session.scalars(
        select(Infusion).where(Infusion.preparation_id == preparation_id)
    ).first()


def _preparation(
    session: Session, participant: Participant, kit: str, now: datetime
) -> tuple[Preparation | None, Sentence | None]:
    """The released, unused preparation of ``kit`` for ``participant``, or why there is none."""
    rows = session.scalars(
        select(Preparation)
        .where(Preparation.kit_code == kit, Preparation.participant_id == participant.id)
        .order_by(Preparation.prepared_at.desc())
    ).all()
    unused = [p for p in rows if given(session, p.id) is None]
    released = [p for p in unused if p.status == PreparationStatus.RELEASED]
    if released:
        found = released[0]
        if now > found.use_by_at:
            return found, QT_TRANSLATE_NOOP(
                "ProductCheck",
                "Kit {kit} was to be used by {time}: do not give it, call the pharmacy.",
            ).format(kit=kit, time=when(found.use_by_at))
        return found, None
    if any(p.status == PreparationStatus.PREPARED for p in unused):
        return None, QT_TRANSLATE_NOOP(
            "ProductCheck", "Kit {kit} has not been released by the pharmacy: do not give it yet."
        ).format(kit=kit)
    if any(p.status == PreparationStatus.DISCARDED for p in unused):
        return None, QT_TRANSLATE_NOOP(
            "ProductCheck", "Kit {kit} was discarded by the pharmacy: do not give it."
        ).format(kit=kit)
    if rows:
        return None, QT_TRANSLATE_NOOP(
            "ProductCheck", "Kit {kit} has already been given: do not give it again."
        ).format(kit=kit)
    return None, QT_TRANSLATE_NOOP(
        "ProductCheck", "The pharmacy has not prepared kit {kit} yet: there is nothing to give."
    ).format(kit=kit)


def _wristband_problem(
    session: Session, participant: Participant, wristband: str
) -> Sentence | None:
    study_id = participant.study_id or participant.screening_number
    if wristband.upper() == (participant.study_id or "").upper():
        return None
    other = session.scalars(
        select(Participant).where(func.upper(Participant.study_id) == wristband.upper())
    ).first()
    if other is not None:
        return QT_TRANSLATE_NOOP(
            "ProductCheck",
            "The wristband belongs to {other}, not {participant}: check you are with the right "
            "person.",
        ).format(other=other.study_id, participant=study_id)
    return QT_TRANSLATE_NOOP(
        "ProductCheck",
        "The wristband is not a study ID here, not {participant}: check you are with the right "
        "person.",
    ).format(participant=study_id)


def _problem(
    session: Session, participant: Participant, label: str, now: datetime
) -> tuple[Preparation | None, Sentence | None]:
    """The bag's problem, once the wristband matched."""
    study_id = participant.study_id or participant.screening_number
    if participant.kit_code is None:
        return None, QT_TRANSLATE_NOOP(
            "ProductCheck", "{participant} has not been randomised: there is no kit to give."
        ).format(participant=study_id)
    label = label.upper()
    misread = code_problem(label)
    if misread is not None:
        return None, misread
    if label != participant.kit_code:
        return None, QT_TRANSLATE_NOOP(
            "ProductCheck",
            "The bag is kit {label}, but {participant} is allocated kit {kit}: do not give it.",
        ).format(label=label, participant=study_id, kit=participant.kit_code)
    return _preparation(session, participant, label, now)


def check_product(
    store: Store, actor: Actor, participant_id: str, wristband_text: str, label_text: str,
    now: datetime, *, protocol: Protocol | None = None,
) -> ProductCheckView:  # fmt: skip
    """Check the scanned wristband and label for ``participant_id`` at ``now``.

    Returns the passed check, or records the refused one and raises
    :class:`ProductCheckRefused` with the sentence that names the mismatch.
    """
    may_enter(actor)
    wristband = _scanned(
        wristband_text, QT_TRANSLATE_NOOP("ProductCheck", "wristband").said(), WRISTBAND
    )
    label = _scanned(label_text, QT_TRANSLATE_NOOP("ProductCheck", "kit label").said(), LABEL)
    protocol = protocol or load_default()
    rules = infusion_rules(protocol)
    with store.transaction(actor) as session:
        participant = participant_in(session, participant_id)
        problem = _wristband_problem(session, participant, wristband)
        field = WRISTBAND if problem else LABEL
        preparation = None
        if problem is None:
            preparation, problem = _problem(session, participant, label, now)
        row = ProductCheck(
            participant_id=participant.id,
            preparation_id=None if preparation is None else preparation.id,
            wristband_text=wristband,
            label_text=label,
            result=CheckResult.REFUSED if problem else CheckResult.OK,
            reason=None if problem is None else problem.english(),  # kept in English
            checked_at=now,
            checked_by=actor.name,
        )
        session.add(row)
        session.flush()
        check_id = row.id
        view = None
        if problem is None and preparation is not None:
            en, zh = product_label(protocol, preparation.kit_code)
            view = ProductCheckView(
                id=row.id,
                participant_id=participant.id,
                study_id=participant.study_id or "",
                kit_code=preparation.kit_code,
                preparation_id=preparation.id,
                dose_number=preparation.dose_number,
                volume_ml=preparation.volume_ml,
                use_by_at=preparation.use_by_at,
                checked_at=now,
                checked_by=actor.name,
                valid_until=now + timedelta(minutes=rules.product_check_valid_minutes),
                product_en=en,
                product_zh=zh,
            )
    if view is None:
        raise ProductCheckRefused(
            problem or QT_TRANSLATE_NOOP("ProductCheck", "The product check was refused.").said(),
            check_id,
            field,
        )
    return view


def usable_check(
    session: Session, participant_id: str, check_id: str, started_at: datetime,
    valid_minutes: int,
) -> ProductCheck:  # fmt: skip
    """The passed check an infusion may start on, or InvalidInput saying to check again.

    Only the participant's latest check counts: a refused or newer check in between
    means the check was interrupted, and it starts again.
    """
    check = session.get(ProductCheck, check_id)
    if check is None or check.participant_id != participant_id:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "ProductCheck", "There is no product check for this participant: check the product."
            ).said()
        )
    newer = session.scalars(
        select(ProductCheck).where(
            ProductCheck.participant_id == participant_id,
            ProductCheck.checked_at >= check.checked_at,
            ProductCheck.id != check.id,
        )
    ).first()
    if check.result != CheckResult.OK:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "ProductCheck", "That product check was refused: check the product again."
            ).said()
        )
    if newer is not None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "ProductCheck", "A newer product check was made since: check the product again."
            ).said()
        )
    used = session.scalars(select(Infusion).where(Infusion.product_check_id == check.id)).first()
    if used is not None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "ProductCheck",
                "That product check started an infusion already: check the product again.",
            ).said()
        )
    if started_at < check.checked_at - timedelta(minutes=1):
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "ProductCheck", "The infusion cannot start before the product was checked."
            ).said()
        )
    if started_at > check.checked_at + timedelta(minutes=valid_minutes):
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "ProductCheck",
                "The product was checked more than {minutes} minutes before the start: check "
                "the product again.",
            ).format(minutes=valid_minutes)
        )
    return check
