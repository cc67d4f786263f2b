"""The bedside product check: each hard stop names what does not match, and is recorded;
an interrupted check starts again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.errors import InvalidInput
from app.models import CheckResult, PreparationStatus, ProductCheck
from app.services.infusion import ProductCheckRefused, check_product, start_infusion
from tests.conftest import OpenStore
from tests.infusion_helper import T0, nurse, randomised
from tests.reports_helper import kit_code

NOW = T0 + timedelta(hours=1)


def _checks(opened: OpenStore) -> list[tuple[str, str | None]]:
    with opened.store.read() as session:
        rows = session.scalars(select(ProductCheck).order_by(ProductCheck.checked_at)).all()
        return [(r.result, r.reason) for r in rows]


def test_a_matching_wristband_and_label_pass_and_name_the_product_blinded(
    opened: OpenStore,
) -> None:
    d = randomised(opened, 1)
    view = check_product(opened.store, nurse(opened), d.participant_id, d.study_id, d.kit, NOW)
    assert view.kit_code == d.kit and view.preparation_id == d.preparation_id
    assert view.product_en == f"Study product, kit {d.kit}"
    assert view.volume_ml == "100"
    assert view.valid_until == NOW + timedelta(minutes=30)
    assert _checks(opened) == [(CheckResult.OK, None)]


def test_scanner_whitespace_around_the_codes_is_not_a_mismatch(opened: OpenStore) -> None:
    d = randomised(opened, 1)
    check_product(opened.store, nurse(opened), d.participant_id, f" {d.study_id}\n", d.kit, NOW)
    with opened.store.read() as session:
        assert session.scalars(select(ProductCheck.wristband_text)).one() == d.study_id


def _refused(opened: OpenStore, participant_id: str, wristband: str, label: str) -> str:
    with pytest.raises(ProductCheckRefused) as caught:
        check_product(opened.store, nurse(opened), participant_id, wristband, label, NOW)
    assert _checks(opened)[-1] == (CheckResult.REFUSED, caught.value.sentence)
    return caught.value.sentence


def test_the_wrong_participants_wristband_is_a_hard_stop_naming_whose_it_is(
    opened: OpenStore,
) -> None:
    d1, d2 = randomised(opened, 1), randomised(opened, 2)
    sentence = _refused(opened, d1.participant_id, d2.study_id, d1.kit)
    assert sentence == (
        "The wristband belongs to S-002, not S-001: check you are with the right person."
    )
    assert "is not a study ID here" in _refused(opened, d1.participant_id, "S-999", d1.kit)


def test_the_wrong_kit_is_a_hard_stop_naming_both_kits(opened: OpenStore) -> None:
    d1, d2 = randomised(opened, 1), randomised(opened, 2)
    sentence = _refused(opened, d1.participant_id, d1.study_id, d2.kit)
    assert sentence == (
        f"The bag is kit {d2.kit}, but S-001 is allocated kit {d1.kit}: do not give it."
    )


def test_a_misread_kit_code_says_a_character_was_misread(opened: OpenStore) -> None:
    d = randomised(opened, 1)
    misread = d.kit[:-1] + ("2" if d.kit[-1] != "2" else "3")
    sentence = _refused(opened, d.participant_id, d.study_id, misread)
    assert sentence == "That kit code's check character does not match: a character was misread."
    assert "characters" in _refused(opened, d.participant_id, d.study_id, d.kit[:-1])


def test_an_unreleased_product_is_a_hard_stop(opened: OpenStore) -> None:
    d = randomised(opened, 1, status=PreparationStatus.PREPARED)
    sentence = _refused(opened, d.participant_id, d.study_id, d.kit)
    assert sentence == f"Kit {d.kit} has not been released by the pharmacy: do not give it yet."


def test_a_discarded_product_is_a_hard_stop(opened: OpenStore) -> None:
    d = randomised(opened, 1, status=PreparationStatus.DISCARDED)
    sentence = _refused(opened, d.participant_id, d.study_id, d.kit)
    assert sentence == f"Kit {d.kit} was discarded by the pharmacy: do not give it."


def test_no_preparation_yet_is_a_hard_stop(opened: OpenStore) -> None:
    d = randomised(opened, 1, with_preparation=False)
    sentence = _refused(opened, d.participant_id, d.study_id, d.kit)
    assert sentence == f"The pharmacy has not prepared kit {d.kit} yet: there is nothing to give."


@pytest.mark.parametrize("past_by", [timedelta(microseconds=1), timedelta(hours=3)])
def test_a_product_past_its_use_by_is_a_hard_stop(opened: OpenStore, past_by: timedelta) -> None:
    # A lot's expiry is sealed: the pharmacy caps the use-by at it, so an expired lot's
    # bag is past its use-by here.
    d = randomised(opened, 1, use_by=NOW - past_by)
    sentence = _refused(opened, d.participant_id, d.study_id, d.kit)
    assert sentence.startswith(f"Kit {d.kit} was to be used by ")
    assert sentence.endswith(": do not give it, call the pharmacy.")


def test_at_the_use_by_minute_itself_the_product_passes(opened: OpenStore) -> None:
    d = randomised(opened, 1, use_by=NOW)
    check_product(opened.store, nurse(opened), d.participant_id, d.study_id, d.kit, NOW)


def test_a_participant_not_randomised_has_no_kit(opened: OpenStore) -> None:
    from tests.reports_helper import add_participant

    pid = add_participant(
        opened.store, nurse(opened), screening_number="SCR-9", study_id="S-009", kit=None
    )
    sentence = _refused(opened, pid, "S-009", kit_code("AAAAAAA"))
    assert sentence == "S-009 has not been randomised: there is no kit to give."


def test_text_too_long_or_empty_is_refused_and_not_recorded(opened: OpenStore) -> None:
    d = randomised(opened, 1)
    with pytest.raises(InvalidInput, match="too long"):
        check_product(opened.store, nurse(opened), d.participant_id, "S" * 65, d.kit, NOW)
    with pytest.raises(InvalidInput, match="Scan or type the kit label"):
        check_product(opened.store, nurse(opened), d.participant_id, d.study_id, "  ", NOW)
    assert _checks(opened) == []


def _start(opened: OpenStore, pid: str, check_id: str, minutes: float) -> str:
    at = NOW + timedelta(minutes=minutes)
    return start_infusion(opened.store, nurse(opened), pid, check_id, at, "150", "peripheral IV",
                          "left forearm", now=at)  # fmt: skip


def test_a_refusal_in_between_means_the_check_starts_again(opened: OpenStore) -> None:
    d1, d2 = randomised(opened, 1), randomised(opened, 2)
    ok = check_product(opened.store, nurse(opened), d1.participant_id, d1.study_id, d1.kit, NOW)
    with pytest.raises(ProductCheckRefused):
        later = NOW + timedelta(minutes=1)
        check_product(opened.store, nurse(opened), d1.participant_id, d1.study_id, d2.kit, later)
    with pytest.raises(InvalidInput, match="check the product again"):
        _start(opened, d1.participant_id, ok.id, 2)
    again = check_product(
        opened.store, nurse(opened), d1.participant_id, d1.study_id, d1.kit,
        NOW + timedelta(minutes=3),
    )  # fmt: skip
    assert _start(opened, d1.participant_id, again.id, 4)


def test_a_refused_check_cannot_start_an_infusion(opened: OpenStore) -> None:
    d = randomised(opened, 1, status=PreparationStatus.PREPARED)
    with pytest.raises(ProductCheckRefused) as caught:
        check_product(opened.store, nurse(opened), d.participant_id, d.study_id, d.kit, NOW)
    with pytest.raises(InvalidInput, match="refused: check the product again"):
        _start(opened, d.participant_id, caught.value.check_id, 1)


def test_the_check_is_valid_for_the_protocols_minutes_and_no_longer(opened: OpenStore) -> None:
    d1, d2 = randomised(opened, 1), randomised(opened, 2)
    c1 = check_product(opened.store, nurse(opened), d1.participant_id, d1.study_id, d1.kit, NOW)
    assert _start(opened, d1.participant_id, c1.id, 30)  # exactly 30 minutes: still valid
    c2 = check_product(opened.store, nurse(opened), d2.participant_id, d2.study_id, d2.kit, NOW)
    with pytest.raises(InvalidInput) as caught:
        _start(opened, d2.participant_id, c2.id, 30.02)
    assert str(caught.value) == (
        "The product was checked more than 30 minutes before the start: check the product again."
    )


def test_one_check_starts_one_infusion_and_a_given_kit_is_not_given_again(
    opened: OpenStore,
) -> None:
    d = randomised(opened, 1)
    c = check_product(opened.store, nurse(opened), d.participant_id, d.study_id, d.kit, NOW)
    _start(opened, d.participant_id, c.id, 1)
    sentence = _refused(opened, d.participant_id, d.study_id, d.kit)
    assert sentence == f"Kit {d.kit} has already been given: do not give it again."
