"""Adverse-event and con-med rules: grade and seriousness apart, one sentence per refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.clinical.adverse_events import (
    ACTIONS,
    CAUSALITY,
    EXPECTEDNESS,
    OUTCOMES,
    SERIOUSNESS,
    AeEntry,
    check_ae,
    is_infusion_reaction,
    load_ctcae_terms,
)
from app.clinical.conmeds import ConMedEntry, check_conmed
from app.clinical.errors import Message

TERMS = load_ctcae_terms()
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ONSET = NOW - timedelta(hours=10)


def ae(**values: object) -> AeEntry:
    base: dict[str, object] = {"term_code": "fever", "term_text": "", "onset_at": ONSET,
                               "grade": 1, "outcome": "recovering"}  # fmt: skip
    base.update(values)
    return AeEntry(**base)  # type: ignore[arg-type]


def codes(messages: list[Message]) -> set[str]:
    return {m.code for m in messages}


def test_the_curated_list_holds_the_terms_likely_in_this_trial() -> None:
    wanted = {"infusion_related_reaction", "allergic_reaction", "anaphylaxis", "fever",
              "chills", "hypotension", "hypertension", "sinus_tachycardia", "hypoxia",
              "dyspnea", "thromboembolic_event", "rash_maculo_papular", "nausea",
              "headache", "alt_increased", "ast_increased"}  # fmt: skip
    assert wanted <= {t.code for t in TERMS.terms}
    assert TERMS.version == "5.0"


def test_grade_help_is_the_terms_own_wording_or_the_general_one() -> None:
    assert TERMS.grade_wording("fever", 2).startswith(">39.0 - 40.0 degrees C")
    assert TERMS.grade_wording(None, 4).startswith("Life-threatening")
    assert "no grade 1" in TERMS.grade_wording("anaphylaxis", 1)


def test_a_clean_event_has_no_message() -> None:
    assert check_ae(ae(), TERMS, NOW) == []


def test_grade_and_seriousness_are_validated_independently() -> None:
    # A grade-3 event need not be serious, and a grade-2 event can be.
    assert check_ae(ae(grade=3), TERMS, NOW) == []
    serious2 = ae(grade=2, seriousness=frozenset({"hospitalisation"}), aware_at=ONSET)
    assert check_ae(serious2, TERMS, NOW) == []
    assert codes(check_ae(ae(grade=7), TERMS, NOW)) == {"grade_range"}
    bad_criterion = ae(seriousness=frozenset({"scary"}), aware_at=ONSET)
    assert codes(check_ae(bad_criterion, TERMS, NOW)) == {"unknown_criterion"}


def test_each_refusal_has_its_own_sentence() -> None:
    cases = {
        "end_before_onset": ae(end_at=ONSET - timedelta(hours=1), outcome="recovered"),
        "grade5_not_fatal": ae(term_code="hypotension", grade=5, outcome="recovering"),
        "fatal_not_grade5": ae(
            term_code="hypotension",
            grade=4,
            outcome="fatal",
            end_at=ONSET,
            seriousness=frozenset({"death"}),
            aware_at=ONSET,
        ),
        "grade_not_defined": ae(term_code="anaphylaxis", grade=1),
        "aware_blank": ae(seriousness=frozenset({"life_threatening"})),
        "term_blank": ae(term_code=None, term_text="  "),
        "future": ae(onset_at=NOW + timedelta(hours=2)),
        "ongoing_with_end": ae(ongoing=True, end_at=NOW),
    }
    sentences = set()
    for code, entry in cases.items():
        found = check_ae(entry, TERMS, NOW)
        assert code in codes(found), (code, found)
        sentences.add(next(m.text for m in found if m.code == code))
    assert len(sentences) == len(cases)


def test_a_blank_causality_is_refused_at_signoff_only() -> None:
    entry = ae(causality_procedures="not_related")
    assert check_ae(entry, TERMS, NOW) == []
    found = check_ae(entry, TERMS, NOW, for_signoff=True)
    assert [(m.field, m.code) for m in found] == [("causality_product", "causality_blank")]


def test_death_needs_grade_five_the_fatal_outcome_and_the_death_criterion() -> None:
    fatal = ae(term_code="hypotension", grade=5, outcome="fatal", end_at=NOW - timedelta(hours=1),
               seriousness=frozenset({"death"}), aware_at=NOW - timedelta(hours=1))  # fmt: skip
    assert check_ae(fatal, TERMS, NOW) == []
    unticked = ae(term_code="hypotension", grade=5, outcome="fatal", end_at=NOW)
    assert "fatal_not_serious" in codes(check_ae(unticked, TERMS, NOW))


def test_an_event_linked_by_its_own_field_or_term_is_an_infusion_reaction() -> None:
    assert is_infusion_reaction(ae(term_code="chills", infusion_related=True), TERMS)
    assert is_infusion_reaction(ae(term_code="infusion_related_reaction"), TERMS)
    assert not is_infusion_reaction(ae(term_code="chills", infusion_id="x"), TERMS)


def test_conmed_dates_dose_and_unit_are_checked() -> None:
    today = date(2026, 11, 30)
    good = ConMedEntry("Dexamethasone", "6", "mg", "iv", "once daily", date(2026, 11, 20),
                       indication="COVID-19", conventional=True)  # fmt: skip
    assert check_conmed(good, today) == []
    assert codes(check_conmed(ConMedEntry("X", "abc", "mg", start_on=today), today)) == {
        "not_a_number"
    }
    backwards = ConMedEntry("X", start_on=today, stop_on=today - timedelta(days=1))
    assert codes(check_conmed(backwards, today)) == {"stop_before_start"}
    assert codes(check_conmed(ConMedEntry("X", "0,5", None, start_on=today), today)) == {
        "unit_blank"
    }


_text = st.one_of(st.none(), st.text(max_size=300))
_moment = st.one_of(
    st.none(),
    st.datetimes(timezones=st.sampled_from([UTC, None])),
)


def _choice(options: dict[str, str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), st.sampled_from(sorted(options)), st.text(max_size=20))


@settings(max_examples=300, deadline=None)
@given(
    term_code=st.one_of(st.none(), st.sampled_from([t.code for t in TERMS.terms]), st.text()),
    term_text=st.text(max_size=300),
    onset_at=_moment, end_at=_moment, aware_at=_moment, ongoing=st.booleans(),
    grade=st.one_of(st.none(), st.integers(-10, 10)),
    seriousness=st.frozensets(st.one_of(st.sampled_from(sorted(SERIOUSNESS)), st.text())),
    causality=_choice(CAUSALITY), expectedness=_choice(EXPECTEDNESS),
    action=_choice(ACTIONS), outcome=_choice(OUTCOMES), signoff=st.booleans(),
)  # fmt: skip
def test_the_ae_validator_only_ever_returns_messages(
    term_code: str | None, term_text: str, onset_at: datetime | None, end_at: datetime | None,
    aware_at: datetime | None, ongoing: bool, grade: int | None, seriousness: frozenset[str],
    causality: str | None, expectedness: str | None, action: str | None, outcome: str | None,
    signoff: bool,
) -> None:  # fmt: skip
    entry = AeEntry(term_code, term_text, onset_at, end_at, ongoing, grade, seriousness,
                    aware_at, causality, causality, expectedness, action, outcome)  # fmt: skip
    for message in check_ae(entry, TERMS, NOW, for_signoff=signoff):
        assert isinstance(message, Message) and message.text.endswith(".")


@settings(max_examples=300, deadline=None)
@given(
    drug=st.text(max_size=300), dose=_text, unit=_text, route=_text, frequency=_text,
    start=st.one_of(st.none(), st.dates()), stop=st.one_of(st.none(), st.dates()),
    ongoing=st.booleans(), indication=_text,
)  # fmt: skip
def test_the_conmed_validator_only_ever_returns_messages(
    drug: str, dose: str | None, unit: str | None, route: str | None, frequency: str | None,
    start: date | None, stop: date | None, ongoing: bool, indication: str | None,
) -> None:  # fmt: skip
    entry = ConMedEntry(drug, dose, unit, route, frequency, start, stop, ongoing, indication)
    for message in check_conmed(entry, date(2026, 11, 30)):
        assert isinstance(message, Message) and message.text.endswith(".")
