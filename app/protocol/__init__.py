"""The study protocol as data: load a TOML file into typed, frozen, validated objects."""

from app.protocol.loader import default_protocol_path, load_default, load_protocol
from app.protocol.model import (
    PLAUSIBILITY_FIELDS,
    Arm,
    Criterion,
    CriterionKind,
    DoseRule,
    FiO2EstimateTable,
    InfusionVitalsSchedule,
    LabTest,
    LabUnit,
    OutcomeRules,
    OxygenationRules,
    OxygenDevice,
    PlausibilityRange,
    Protocol,
    Study,
    Thresholds,
    VisitDefinition,
)
from app.protocol.reader import ProtocolError

__all__ = [
    "PLAUSIBILITY_FIELDS",
    "Arm",
    "Criterion",
    "CriterionKind",
    "DoseRule",
    "FiO2EstimateTable",
    "InfusionVitalsSchedule",
    "LabTest",
    "LabUnit",
    "OutcomeRules",
    "OxygenDevice",
    "OxygenationRules",
    "PlausibilityRange",
    "Protocol",
    "ProtocolError",
    "Study",
    "Thresholds",
    "VisitDefinition",
    "default_protocol_path",
    "load_default",
    "load_protocol",
]
