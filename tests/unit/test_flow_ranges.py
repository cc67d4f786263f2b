"""Oxygen flow per device, from the protocol file: what a device cannot deliver is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.clinical.errors import Severity
from app.clinical.fio2 import check_flow
from app.protocol import OxygenDevice, load_default
from app.services.observation_checks import VitalSignsEntry, check_vital_signs
from app.services.oxygenation import OxygenationEntry, assess_oxygenation

PROTOCOL = load_default()
RULES = PROTOCOL.oxygenation
AT = datetime(2026, 1, 1, 9, tzinfo=UTC)
NC = OxygenDevice.NASAL_CANNULA


def _severity(device: OxygenDevice, flow: str) -> Severity | None:
    found = check_flow(device, Decimal(flow), RULES, "o2_flow_l_min")
    return None if found is None else found.severity


def test_every_device_but_room_air_has_a_flow_range() -> None:
    for device in OxygenDevice:
        rng = RULES.flow_range(device)
        if device is OxygenDevice.ROOM_AIR:
            assert rng is None
        else:
            assert rng is not None and rng.hard_min <= rng.soft_min <= rng.soft_max <= rng.hard_max


@pytest.mark.parametrize(
    ("flow", "expected"),
    [("0.4", Severity.HARD), ("0.5", Severity.SOFT), ("1", None), ("6", None),
     ("6.5", Severity.SOFT), ("15", Severity.SOFT), ("15.1", Severity.HARD),
     ("20", Severity.HARD)],
)  # fmt: skip
def test_nasal_cannula_flow_at_its_boundaries(flow: str, expected: Severity | None) -> None:
    assert _severity(NC, flow) is expected


def test_a_nasal_cannula_at_20_l_min_is_refused_naming_high_flow_instead() -> None:
    found = check_flow(NC, Decimal(20), RULES, "o2_flow_l_min")
    assert found is not None and found.code == "flow_device"
    assert found.text == (
        "A nasal cannula delivers at most 15 L/min: at 20 L/min record a high-flow nasal "
        "cannula instead, or check the flow."
    )


@pytest.mark.parametrize(
    ("device", "flow", "expected"),
    [(OxygenDevice.HIGH_FLOW_NASAL_CANNULA, "20", None),
     (OxygenDevice.HIGH_FLOW_NASAL_CANNULA, "60", None),
     (OxygenDevice.HIGH_FLOW_NASAL_CANNULA, "61", Severity.SOFT),
     (OxygenDevice.HIGH_FLOW_NASAL_CANNULA, "81", Severity.HARD),
     (OxygenDevice.HIGH_FLOW_NASAL_CANNULA, "4", Severity.HARD),
     (OxygenDevice.SIMPLE_MASK, "10", None),
     (OxygenDevice.SIMPLE_MASK, "16", Severity.HARD),
     (OxygenDevice.NON_REBREATHER_MASK, "15", None),
     (OxygenDevice.NON_REBREATHER_MASK, "26", Severity.HARD),
     (OxygenDevice.ROOM_AIR, "0", None),
     (OxygenDevice.ROOM_AIR, "2", Severity.HARD)],
)  # fmt: skip
def test_other_devices_at_their_boundaries(
    device: OxygenDevice, flow: str, expected: Severity | None
) -> None:
    assert _severity(device, flow) is expected


def test_the_oxygenation_form_check_refuses_a_cannula_at_20_l_min() -> None:
    entry = OxygenationEntry(measured_at=AT, o2_device="nasal_cannula", o2_flow_l_min="20",
                             spo2_percent="92", at_rest=True)  # fmt: skip
    found = assess_oxygenation(PROTOCOL, entry, now=AT)
    assert found.refused
    assert [m.code for m in found.messages if m.field == "o2_flow_l_min"] == ["flow_device"]


def test_vital_signs_refuse_a_cannula_at_20_l_min_and_ask_at_10() -> None:
    def codes(flow: str) -> list[tuple[str, Severity]]:
        entry = VitalSignsEntry("D7", AT, spo2_percent="92", o2_device="nasal_cannula",
                                o2_flow_l_min=flow)  # fmt: skip
        return [(m.code, m.severity) for m in check_vital_signs(PROTOCOL, entry, now=AT)
                if m.field == "o2_flow_l_min"]  # fmt: skip

    assert codes("20") == [("flow_device", Severity.HARD)]
    assert codes("10") == [("flow_soft", Severity.SOFT)]
    assert codes("4") == []
