"""What the pharmacist types when preparing a dose, checked against the protocol.

Pure rules, no store: :func:`preparation_messages` gives every finding as a
:class:`~app.clinical.errors.Message` (a form shows each next to its field) and
:func:`checked_preparation` turns an entry into the values to keep, or raises
:class:`~app.clinical.errors.ValidationError` with the first refusal.

Values are kept as typed: a number is read into a Decimal to check it and kept as the
text it was typed in (a comma read as the decimal point). The dose is the protocol's
rule (1×10⁶ cells/kg: 65 kg gives 6.5×10⁷ cells) in the protocol's bag volume; a placebo
bag is the same volume of saline and takes no lot, cell count or viability. An expired
lot, or a bag past its use-by (preparation or thaw time + the protocol's hours), is a
hard stop: there is no confirming it away.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.infusion import compute_dose, scientific
from app.clinical.parsing import (
    check_text,
    format_number,
    number_text,
    parse_date_text,
    parse_number_text,
    require_datetime,
)
from app.protocol.model import Protocol
from app.protocol.preparation import PreparationRules
from app.sentences import QT_TRANSLATE_NOOP

LOT_CHARS = 32
CELL_COUNT_CHARS = 24
# A clock a few minutes ahead of the laptop's is not a typo; more than this is.
FUTURE_SLACK = timedelta(minutes=5)
_LOT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_CELLS = re.compile(
    r"(?P<m>\d+(?:\.\d+)?)\s*(?:[eE]\s*(?P<e>\d{1,2})|[×xX*]\s*10\s*\^\s*(?P<p>\d{1,2}))?"
)
CONTENT_FIELDS = ("lot", "lot_expiry", "cell_count", "viability_percent")
"""What an active bag needs and a placebo bag never has."""
LABELS = {
    "weight_kg": "Weight used",
    "prepared_at": "Prepared (thawed) at",
    "lot": "Lot",
    "lot_expiry": "Lot expiry",
    "cell_count": "Cell count",
    "viability_percent": "Viability",
    "appearance_ok": "Appearance",
}


@dataclass(frozen=True)
class PreparationEntry:
    """One dose as the pharmacist typed it (texts as typed; the time already read)."""

    weight_kg: str
    prepared_at: datetime | None
    lot: str = ""
    lot_expiry: str = ""
    cell_count: str = ""
    viability_percent: str = ""
    appearance_ok: bool = False
    dose_number: int = 1


@dataclass(frozen=True)
class CheckedPreparation:
    """An entry that passed: what is kept (texts) and what was computed from it."""

    weight_kg: str
    volume_ml: str
    prepared_at: datetime
    use_by_at: datetime
    dose_cells: str
    """The computed dose in cells for an active bag (plain digits); "" for placebo."""
    dose_text: str
    """The dose as read back: "6.5 × 10⁷ cells in 100 mL", or "100 mL saline"."""
    lot: str
    lot_expiry: str
    cell_count: str
    viability_percent: str
    confirmations: tuple[Message, ...]


def hard(name: str, text: str, code: str = "refused") -> Message:
    return Message(name, text, Severity.HARD, code)


def use_by(prepared_at: datetime, rules: PreparationRules) -> datetime:
    """The latest time the bag may be started: preparation (thaw) + the protocol's hours."""
    return prepared_at + timedelta(hours=rules.use_by_hours)


def clock(moment: datetime) -> str:
    """A time as the ward reads it, in the time zone it was given in."""
    return f"{moment:%Y-%m-%d %H:%M}"


def parse_cell_count(text: object) -> Decimal | None:
    """Cells as a pharmacist writes them: 65000000, 6.5e7, 6,5×10^7 or 6.5×10⁷; blank → None."""
    raw = "" if text is None else str(text)
    typed = check_text(raw, "cell_count", "Cell count", max_chars=CELL_COUNT_CHARS)
    if not typed:
        return None
    plain = unicodedata.normalize("NFKC", re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", _power, typed))
    match = _CELLS.fullmatch(plain.replace(",", "."))
    if match is None or plain.count(",") + plain.count(".") > 1:
        raise ValidationError(
            "cell_count",
            QT_TRANSLATE_NOOP(
                "Preparation", "Cell count: write it as 65000000, 6.5e7 or 6.5×10^7 (total cells)."
            ).said(),
        )
    power = match["e"] or match["p"]
    count = Decimal(match["m"]).scaleb(int(power)) if power else Decimal(match["m"])
    if count <= 0:
        raise ValidationError(
            "cell_count", QT_TRANSLATE_NOOP("Preparation", "Cell count must be above zero.").said()
        )
    return count


def _power(found: re.Match[str]) -> str:
    return "^" + found[0].translate(_SUPERSCRIPTS)


def _dose(entry: PreparationEntry, protocol: Protocol, found: list[Message]) -> Decimal | None:
    """The weight's messages into ``found``; the dose in cells when the weight is usable."""
    try:
        weight = parse_number_text(entry.weight_kg, "weight_kg", LABELS["weight_kg"])
    except ValidationError as exc:
        found.append(hard("weight_kg", exc.message, "typed"))
        return None
    if weight is None:
        found.append(hard("weight_kg", "Enter the weight in kg used for the dose.", "missing"))
        return None
    try:
        dose = compute_dose(weight, protocol)
    except ValidationError as exc:
        found.append(hard("weight_kg", exc.message, "hard_range"))
        return None
    found.extend(dose.confirmations)
    return dose.total_cells


def _time(
    entry: PreparationEntry, rules: PreparationRules, now: datetime, found: list[Message]
) -> datetime | None:
    at = entry.prepared_at
    if at is None:
        found.append(
            hard("prepared_at", "Enter the date and time of preparation (or thaw).", "missing")
        )
        return None
    if at.tzinfo is None or at.utcoffset() is None:
        found.append(hard("prepared_at", "The preparation time must carry a time zone."))
        return None
    if at - now > FUTURE_SLACK:
        found.append(
            hard(
                "prepared_at",
                f"Prepared at {clock(at)} is later than now: check the date and time.",
                "future",
            )
        )
        return None
    try:
        limit = use_by(at, rules)
    except OverflowError:
        found.append(hard("prepared_at", "The preparation time is out of range: check the date."))
        return None
    if now > limit:
        found.append(
            hard(
                "prepared_at",
                f"Past its use-by ({clock(limit.astimezone(at.tzinfo))}): do not give this bag; "
                "discard it and prepare another.",
                "past_use_by",
            )
        )
    return at


def _lot(entry: PreparationEntry, found: list[Message]) -> None:
    try:
        lot = check_text(entry.lot, "lot", LABELS["lot"], max_chars=LOT_CHARS)
    except ValidationError as exc:
        found.append(hard("lot", exc.message, "typed"))
        return
    if not lot:
        found.append(hard("lot", "Enter the lot (batch) number on the cell product.", "missing"))
    elif not _LOT.fullmatch(lot):
        found.append(hard("lot", "Lot: use letters, digits, spaces and . _ / - only.", "typed"))


def _expiry(
    entry: PreparationEntry,
    at: datetime | None,
    limit: datetime | None,
    now: datetime,
    found: list[Message],
) -> None:
    try:
        expiry = parse_date_text(entry.lot_expiry, "lot_expiry", LABELS["lot_expiry"])
    except ValidationError as exc:
        found.append(hard("lot_expiry", exc.message, "typed"))
        return
    if expiry is None:
        found.append(hard("lot_expiry", "Enter the lot's expiry date.", "missing"))
        return
    zone = at.tzinfo if at is not None else None
    today: date = now.astimezone(zone).date()
    if expiry < today:
        found.append(
            hard(
                "lot_expiry",
                f"The lot expired on {expiry.isoformat()}: this product must not be used.",
                "expired",
            )
        )
    elif limit is not None and expiry < limit.astimezone(zone).date():
        found.append(
            hard(
                "lot_expiry",
                f"The lot expires on {expiry.isoformat()}, before the bag's use-by: "
                "this product must not be used.",
                "expired",
            )
        )


def _cells(
    entry: PreparationEntry, dose: Decimal | None, rules: PreparationRules, found: list[Message]
) -> None:
    try:
        count = parse_cell_count(entry.cell_count)
    except ValidationError as exc:
        found.append(hard("cell_count", exc.message, "typed"))
        return
    if count is None:
        found.append(hard("cell_count", "Enter the bag's total cell count.", "missing"))
        return
    if dose is None or dose == 0:
        return  # the weight's own message says why there is no dose to compare with
    off = abs(count - dose) * 100 / dose
    if off > rules.cell_count_tolerance_percent:
        tolerance = format_number(rules.cell_count_tolerance_percent)
        found.append(
            hard(
                "cell_count",
                f"Cell count {scientific(count)} is more than {tolerance} % from the dose of "
                f"{scientific(dose)} cells: check the count and the weight.",
                "off_dose",
            )
        )


def _viability(entry: PreparationEntry, rules: PreparationRules, found: list[Message]) -> None:
    label = LABELS["viability_percent"]
    try:
        value = parse_number_text(entry.viability_percent, "viability_percent", label)
    except ValidationError as exc:
        found.append(hard("viability_percent", exc.message, "typed"))
        return
    if value is None:
        found.append(hard("viability_percent", "Enter the viability in percent.", "missing"))
    elif value > 100:
        found.append(
            hard("viability_percent", "Viability is a percentage: at most 100 %.", "range")
        )
    elif value < rules.viability_min_percent:
        minimum = format_number(rules.viability_min_percent)
        found.append(
            hard(
                "viability_percent",
                f"Viability {number_text(value)} % is below the protocol's minimum of "
                f"{minimum} %: this product is not released.",
                "low_viability",
            )
        )


def preparation_messages(
    entry: PreparationEntry,
    protocol: Protocol,
    rules: PreparationRules,
    *,
    is_placebo: bool,
    now: datetime,
) -> list[Message]:
    """Every finding about ``entry``: hard ones refuse it, soft ones need confirming."""
    require_datetime(now, "now")
    found: list[Message] = []
    dose = _dose(entry, protocol, found)
    at = _time(entry, rules, now, found)
    limit = use_by(at, rules) if at is not None else None
    if is_placebo:
        for name in CONTENT_FIELDS:
            if str(getattr(entry, name) or "").strip():
                found.append(
                    hard(
                        name,
                        f"{LABELS[name]}: a placebo bag (saline) has none; leave it empty.",
                        "placebo",
                    )
                )
    else:
        _lot(entry, found)
        _expiry(entry, at, limit, now, found)
        _cells(entry, dose, rules, found)
        _viability(entry, rules, found)
    if not entry.appearance_ok:
        found.append(
            hard(
                "appearance_ok",
                "Inspect the bag: use it only if it does not leak and shows no clumps or "
                "discolouration.",
                "appearance",
            )
        )
    return found


def checked_preparation(
    entry: PreparationEntry,
    protocol: Protocol,
    rules: PreparationRules,
    *,
    is_placebo: bool,
    now: datetime,
    confirm_unusual: bool = False,
) -> CheckedPreparation:
    """The values to keep for ``entry``; ValidationError with the first refusal.

    A soft finding (an unusual weight) refuses it too unless ``confirm_unusual``.
    """
    found = preparation_messages(entry, protocol, rules, is_placebo=is_placebo, now=now)
    first = next((m for m in found if m.severity is Severity.HARD), None)
    if first is None and not confirm_unusual:
        first = next(iter(found), None)
    if first is not None:
        raise ValidationError(first.field, first.text)
    assert entry.prepared_at is not None
    weight = parse_number_text(entry.weight_kg, "weight_kg", LABELS["weight_kg"])
    assert weight is not None
    dose = protocol.dose
    cells = dose.cells_per_kg * weight
    volume = format_number(dose.placebo_volume_ml if is_placebo else dose.volume_ml)
    viability = parse_number_text(entry.viability_percent, "viability_percent", "Viability")
    expiry = parse_date_text(entry.lot_expiry, "lot_expiry", LABELS["lot_expiry"])
    return CheckedPreparation(
        weight_kg=number_text(weight),
        volume_ml=volume,
        prepared_at=entry.prepared_at,
        use_by_at=use_by(entry.prepared_at, rules),
        dose_cells="" if is_placebo else format_number(cells),
        dose_text=f"{volume} mL {dose.vehicle_en}"
        if is_placebo
        else f"{scientific(cells)} cells in {volume} mL",
        lot="" if is_placebo else entry.lot.strip(),
        lot_expiry="" if expiry is None else expiry.isoformat(),
        cell_count="" if is_placebo else entry.cell_count.strip(),
        viability_percent="" if viability is None else number_text(viability),
        confirmations=tuple(found),
    )
