"""The export mapping of safety data: adverse events, SAE reports and con-meds.

These tables join :data:`app.hub.export_mapping.EXPORT_TABLES` like any form: the ODM
and CSV exporters write them from this mapping alone. Every column is blinded-safe
(no arm, nothing that differs between arms), so none is marked unblinded.

An SAE report belongs to its adverse event, not directly to a participant:
:data:`SUBJECT_VIA` says so, and the exporters find the participant through the event.
Grade (CTCAE) and seriousness (the six ICH E2A criteria, one flag each as in SDTM:
AESDTH, AESLIFE, AESHOSP, AESDISAB, AESCONG, AESMIE) are separate items.
"""

from __future__ import annotations

from app.clinical.adverse_events import ACTIONS, CAUSALITY, EXPECTEDNESS, OUTCOMES
from app.clinical.conmeds import ROUTES
from app.hub.export_model import CodeList, Column, DataType, ExportTable, OdmForm

SAE_REPORT_TABLE = "sae_reports"
AE_TABLE = "adverse_events"
# Table → (the table its subject column points into, that table's participant column).
SUBJECT_VIA: dict[str, tuple[str, str]] = {SAE_REPORT_TABLE: (AE_TABLE, "participant_id")}
REPORT_METHODS = (("fax", "Fax"), ("email", "E-mail"), ("phone", "Telephone"),
                  ("edc", "Sponsor's EDC"), ("other", "Other"))  # fmt: skip

SAFETY_CODELISTS: dict[str, CodeList] = {
    "causality": CodeList("CL.CAUSALITY", "Causality", tuple(CAUSALITY.items())),
    "expectedness": CodeList("CL.EXPECTEDNESS", "Expectedness", tuple(EXPECTEDNESS.items())),
    "ae_action": CodeList(
        "CL.AE_ACTION", "Action taken with the study product", tuple(ACTIONS.items())
    ),
    "ae_outcome": CodeList("CL.AE_OUTCOME", "Outcome of the event", tuple(OUTCOMES.items())),
    "sae_report_method": CodeList(
        "CL.SAE_REPORT_METHOD", "How the report was sent", REPORT_METHODS
    ),
    "route": CodeList("CL.ROUTE", "Route of administration", tuple(ROUTES.items())),
}

_TEXT, _INT, _DATE = DataType.TEXT, DataType.INTEGER, DataType.DATE
_INSTANT, _BOOL = DataType.DATETIME, DataType.BOOLEAN
_OWNER = Column("participant_id", "Participant record", _TEXT, mandatory=True, in_odm=False)


def _log_form(stem: str, name: str, domain: str | None, subject: str, sort: str) -> OdmForm:
    """A repeating form in the log event (not tied to a visit)."""
    return OdmForm(stem, name, domain, repeating=True, event="LOG", subject_column=subject,
                   sort_column=sort)  # fmt: skip


SAFETY_TABLES: tuple[ExportTable, ...] = (
    ExportTable(
        AE_TABLE,
        (
            _OWNER,
            Column("term_code", "CTCAE term code (empty: free text to be coded)", _TEXT),
            Column("term_text", "Reported term", _TEXT, mandatory=True),
            Column("ctcae_version", "CTCAE version", _TEXT, mandatory=True),
            Column("description", "Description", _TEXT),
            Column("onset_at", "Onset (UTC)", _INSTANT, mandatory=True),
            Column("end_at", "End (UTC)", _INSTANT),
            Column("ongoing", "Ongoing", _BOOL),
            Column("grade", "CTCAE grade", _INT, mandatory=True),
            Column("serious", "Serious (any ICH E2A criterion)", _BOOL),
            Column("serious_death", "Serious: results in death", _BOOL),
            Column("serious_life_threatening", "Serious: life-threatening", _BOOL),
            Column(
                "serious_hospitalisation", "Serious: requires or prolongs hospitalisation", _BOOL
            ),
            Column("serious_disability", "Serious: persistent or significant disability", _BOOL),
            Column("serious_congenital_anomaly", "Serious: congenital anomaly", _BOOL),
            Column(
                "serious_medically_important", "Serious: other medically important event", _BOOL
            ),
            Column("aware_at", "Site aware (UTC)", _INSTANT),
            Column("clock_started_at", "SAE reporting clock started (UTC)", _INSTANT),
            Column(
                "causality_product", "Causality to the study product", _TEXT, codelist="causality"
            ),
            Column(
                "causality_procedures",
                "Causality to the study procedures",
                _TEXT,
                codelist="causality",
            ),
            Column("expectedness", "Expectedness", _TEXT, codelist="expectedness"),
            Column("rsi_version", "Reference safety information judged against", _TEXT),
            Column("action_taken", "Action taken", _TEXT, codelist="ae_action"),
            Column("outcome", "Outcome", _TEXT, codelist="ae_outcome"),
            Column("infusion_id", "Infusion record", _TEXT),
            Column("infusion_related", "Infusion-related reaction", _BOOL),
            Column("entered_by", "Entered by", _TEXT, mandatory=True),
            Column("entered_at", "Entered (UTC)", _INSTANT, mandatory=True),
        ),
        _log_form("AE", "Adverse event", "AE", "participant_id", "onset_at"),
    ),
    ExportTable(
        SAE_REPORT_TABLE,
        (
            Column("adverse_event_id", "Adverse event record", _TEXT, mandatory=True),
            Column("number", "Report number (0: initial, then follow-ups)", _INT, mandatory=True),
            Column("reported_at", "Reported to the sponsor (UTC)", _INSTANT, mandatory=True),
            Column("reported_by", "Reported by", _TEXT, mandatory=True),
            Column(
                "method", "How it was sent", _TEXT, mandatory=True, codelist="sae_report_method"
            ),
            Column("note", "Note", _TEXT),
        ),
        _log_form("SAER", "Serious adverse event report", None, "adverse_event_id", "reported_at"),
    ),
    ExportTable(
        "con_meds",
        (
            _OWNER,
            Column("drug", "Medication", _TEXT, mandatory=True),
            Column("dose", "Dose (as entered)", _TEXT),
            Column("dose_unit", "Dose unit", _TEXT),
            Column("route", "Route", _TEXT, codelist="route"),
            Column("frequency", "Frequency", _TEXT),
            Column("start_on", "Started on", _DATE, mandatory=True),
            Column("stop_on", "Stopped on", _DATE),
            Column("ongoing", "Ongoing", _BOOL),
            Column("indication", "Indication", _TEXT),
            Column("conventional", "Part of the conventional treatment", _BOOL),
        ),
        _log_form("CM", "Concomitant medication", "CM", "participant_id", "start_on"),
    ),
)
