"""Device settings: pure checks, defaults, admin-only changes, audited like data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.errors import InvalidInput, NotPermitted
from app.models import AuditEntry
from app.roles import Role
from app.services import settings
from tests.conftest import OpenStore


@pytest.mark.parametrize("value", [1, 5, "15", " 60 "])
def test_idle_minutes_in_range_are_accepted(value: object) -> None:
    assert settings.check_idle_minutes(value) == int(str(value).strip())


@pytest.mark.parametrize("value", [0, 61, "-3", "2.5", "five", "", True, None])
def test_idle_minutes_out_of_range_or_not_whole_are_refused_with_a_sentence(value: object) -> None:
    with pytest.raises(InvalidInput, match="minutes"):
        settings.check_idle_minutes(value)


@given(st.integers())
def test_idle_minutes_check_accepts_exactly_the_allowed_range(minutes: int) -> None:
    allowed = settings.MIN_IDLE_MINUTES <= minutes <= settings.MAX_IDLE_MINUTES
    if allowed:
        assert settings.check_idle_minutes(minutes) == minutes
    else:
        with pytest.raises(InvalidInput):
            settings.check_idle_minutes(minutes)


def test_only_known_languages_are_accepted() -> None:
    assert settings.check_language("zh_CN") == "zh_CN"
    assert settings.check_language("en") == "en"
    with pytest.raises(InvalidInput, match="English"):
        settings.check_language("fr")


def test_a_new_store_has_the_default_timeout_and_english(opened: OpenStore) -> None:
    assert settings.get_idle_timeout_minutes(opened.store) == settings.DEFAULT_IDLE_MINUTES == 5
    assert settings.get_language(opened.store) == "en"


def test_an_admin_changes_the_timeout_and_language_and_both_are_audited(
    opened: OpenStore,
) -> None:
    settings.set_idle_timeout_minutes(opened.store, opened.admin, 10)
    settings.set_idle_timeout_minutes(opened.store, opened.admin, "3")
    settings.set_language(opened.store, opened.admin, "zh_CN")
    assert settings.get_idle_timeout_minutes(opened.store) == 3
    assert settings.get_language(opened.store) == "zh_CN"
    with opened.store.read() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == "settings", AuditEntry.field == "value")
            .order_by(AuditEntry.seq)
        ).all()
    assert [(r.old_value, r.new_value) for r in rows] == [
        (None, "10"),
        ("10", "3"),
        (None, "zh_CN"),
    ]
    assert rows[1].user_name == "admin" and rows[1].reason


def test_a_nurse_cannot_change_settings_and_nothing_is_saved(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    with pytest.raises(NotPermitted):
        settings.set_idle_timeout_minutes(opened.store, nurse, 30)
    assert settings.get_idle_timeout_minutes(opened.store) == 5


def test_a_refused_value_saves_nothing(opened: OpenStore) -> None:
    with pytest.raises(InvalidInput):
        settings.set_idle_timeout_minutes(opened.store, opened.admin, 0)
    assert settings.get_idle_timeout_minutes(opened.store) == 5


def test_device_information_names_site_device_store_and_versions(opened: OpenStore) -> None:
    info = settings.device_info(opened.store)
    assert (info.site, info.device) == ("WH01", "WARD_LAPTOP_1")
    assert info.store_id == opened.store.store_id
    assert info.sqlcipher_version[0].isdigit()
    assert info.bedside_version
