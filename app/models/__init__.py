"""The typed ORM (SQLAlchemy 2): every table Bedside keeps."""

from app.models.adverse_events import AdverseEvent, ConMed, SaeReport
from app.models.allocation import (
    AllocationPart,
    AllocationSlot,
    BlindingGrant,
    CodeBreak,
    Preparation,
    PreparationStatus,
    Unblinding,
)
from app.models.audit import AuditEntry, AuditSeal
from app.models.base import Audited, Base, new_id
from app.models.clinical import (
    ChestImaging,
    Disposition,
    EligibilityAssessment,
    LabResult,
    NucleicAcidTest,
    Oxygenation,
    Symptom,
    WhoScaleScore,
)
from app.models.drafts import Draft
from app.models.infusion import (
    CheckResult,
    Infusion,
    InfusionInterruption,
    InfusionStatus,
    InfusionVitals,
    ProductCheck,
)
from app.models.participants import LatestVitals, Participant, ParticipantStatus, VitalSigns
from app.models.people import PersonKey, User
from app.models.settings import Setting, StoreInfo
from app.models.signatures import Signature
from app.models.sync import DeviceKey, HubPin, OutboxBundle

__all__ = [
    "AdverseEvent",
    "AllocationPart",
    "AllocationSlot",
    "AuditEntry",
    "AuditSeal",
    "Audited",
    "Base",
    "BlindingGrant",
    "CheckResult",
    "ChestImaging",
    "CodeBreak",
    "ConMed",
    "DeviceKey",
    "Disposition",
    "Draft",
    "EligibilityAssessment",
    "HubPin",
    "Infusion",
    "InfusionInterruption",
    "InfusionStatus",
    "InfusionVitals",
    "LabResult",
    "LatestVitals",
    "NucleicAcidTest",
    "OutboxBundle",
    "Oxygenation",
    "Participant",
    "ParticipantStatus",
    "PersonKey",
    "Preparation",
    "PreparationStatus",
    "ProductCheck",
    "SaeReport",
    "Setting",
    "Signature",
    "StoreInfo",
    "Symptom",
    "Unblinding",
    "User",
    "VitalSigns",
    "WhoScaleScore",
    "new_id",
]
