"""`bedside user language CODE`: each person's own interface language, through argv."""

from __future__ import annotations

from app.roles import Role
from app.store.store import Store
from app.ui.i18n import person_language
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore, run_cli


def test_a_person_chooses_their_own_language_and_the_device_keeps_its_own(
    opened: OpenStore,
) -> None:
    opened.actor(Role.NURSE)
    opened.store.close()
    done = run_cli("user", "language", "zh_CN", data_dir=opened.data_dir, user="nurse",
                   password=PASSWORDS[Role.NURSE])  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Your screens will be in 简体中文 from your next login or unlock."
    with Store.open(opened.data_dir) as store:
        store.unlock("admin", ADMIN_PASSWORD)
        assert person_language(store, "nurse") == "zh_CN"
        assert person_language(store, "admin") == "en"  # the device's, unchanged


def test_an_unknown_language_is_one_line_and_changes_nothing(opened: OpenStore) -> None:
    opened.actor(Role.NURSE)
    opened.store.close()
    done = run_cli("user", "language", "klingon", data_dir=opened.data_dir, user="nurse",
                   password=PASSWORDS[Role.NURSE])  # fmt: skip
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Unknown language 'klingon'" in lines[0]
    with Store.open(opened.data_dir) as store:
        store.unlock("admin", ADMIN_PASSWORD)
        assert person_language(store, "nurse") == "en"
