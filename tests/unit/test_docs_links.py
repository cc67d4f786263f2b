"""Every picture and page that the README and the user guides link to is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
ROLES = ("nurse", "pharmacist", "investigator", "monitor", "data-manager")


def _local_links(page: Path) -> list[str]:
    found = LINK.findall(page.read_text("utf-8"))
    return [link for link in found if "://" not in link and not link.startswith("#")]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_local_link_resolves(page: Path) -> None:
    missing = [
        link for link in _local_links(page) if not (page.parent / link.split("#")[0]).exists()
    ]
    assert missing == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_has_a_guide_in_both_languages_with_the_same_pictures(role: str) -> None:
    english = ROOT / "docs" / "guides" / f"{role}.md"
    chinese = ROOT / "docs" / "guides" / f"{role}.zh_CN.md"
    pictures = {link for link in _local_links(english) if link.endswith(".png")}
    assert pictures == {link for link in _local_links(chinese) if link.endswith(".png")}
    assert re.search(r"[\u4e00-\u9fff]", chinese.read_text("utf-8"))
