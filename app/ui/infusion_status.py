"""What the Infusion tab says about an infusion: its name among the doses, where it
stands, and the next timed check with the countdown to it.

Blinded like the rest of the tab: the product is "study product, kit K" in either arm.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.services import infusion as service
from app.ui.i18n import pick
from app.ui.infusion_timepoints import countdown, hhmm, next_point

DOSE_STATES = {
    "in_progress": QT_TRANSLATE_NOOP("InfusionPanel", "running"),
    "completed": QT_TRANSLATE_NOOP("InfusionPanel", "completed"),
    "stopped_early": QT_TRANSLATE_NOOP("InfusionPanel", "stopped early"),
}


def dose_title(view: service.InfusionView) -> str:
    """How an infusion is named in the choice of doses: its number, day and state."""
    state = DOSE_STATES.get(view.status)
    said = QCoreApplication.translate("InfusionPanel", str(state)) if state else view.status
    day = view.started_at.astimezone().strftime(
        QCoreApplication.translate("InfusionPanel", "%d %b")
    )
    return QCoreApplication.translate("InfusionPanel", "Dose {number} · {day} · {state}").format(
        number=view.dose_number, day=day, state=said
    )


def status_sentence(view: service.InfusionView | None) -> str:
    """Where the infusion stands: running or paused, completed or stopped early, and how."""
    if view is None:
        return QCoreApplication.translate(
            "InfusionPanel", "No infusion yet: start with the bedside product check."
        )
    how = f"{view.rate_ml_h} mL/h · {view.line} · {view.site}"
    pauses = "".join(
        QCoreApplication.translate("InfusionPanel", " Paused {start}–{end} ({reason}).").format(
            start=hhmm(p.interrupted_at),
            end=hhmm(p.restarted_at)
            if p.restarted_at
            else QCoreApplication.translate("InfusionPanel", "now"),
            reason=p.reason,
        )
        for p in view.interruptions
    )
    said = {"product": pick(view.product_en, view.product_zh), "how": how, "pauses": pauses}
    if view.status == "in_progress":
        if view.paused:
            text = QCoreApplication.translate(
                "InfusionPanel", "{product}: paused, started {start} · {how}.{pauses}"
            )
        else:
            text = QCoreApplication.translate(
                "InfusionPanel", "{product}: running, started {start} · {how}.{pauses}"
            )
        return text.format(start=hhmm(view.started_at), **said)
    volume = (
        QCoreApplication.translate("InfusionPanel", " · {volume} mL infused").format(
            volume=view.volume_infused_ml
        )
        if view.volume_infused_ml
        else ""
    )
    span = f"{hhmm(view.started_at)}–{hhmm(view.stopped_at)}"
    if view.status == "stopped_early":
        text = QCoreApplication.translate(
            "InfusionPanel", "{product}: stopped early ({reason}), {span}{volume} · {how}.{pauses}"
        )
        return text.format(reason=view.stopped_early_reason, span=span, volume=volume, **said)
    text = QCoreApplication.translate(
        "InfusionPanel", "{product}: completed {span}{volume} · {how}.{pauses}"
    )
    return text.format(span=span, volume=volume, **said)


def next_check_sentence(infusion: service.InfusionView | None, now: datetime) -> str:
    """The next timed check of ``infusion`` and the countdown to it."""
    if infusion is None:
        return ""
    point = next_point(infusion)
    if point is None:
        return QCoreApplication.translate(
            "InfusionPanel", "Every timed check is recorded or skipped."
        )
    if point.target_at is None:
        return QCoreApplication.translate(
            "InfusionPanel", "Next check: {label}, when the infusion ends."
        ).format(label=pick(point.label_en, point.label_zh))
    late = (
        QCoreApplication.translate("InfusionPanel", " — OVERDUE")
        if point.status == "overdue"
        else ""
    )
    return QCoreApplication.translate(
        "InfusionPanel", "Next check: {label} at {at} ({countdown}){late}."
    ).format(
        label=pick(point.label_en, point.label_zh),
        at=hhmm(point.target_at),
        countdown=countdown(point.target_at, now),
        late=late,
    )
