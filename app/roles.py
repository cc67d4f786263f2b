"""Roles and what each may do.

The pharmacist is the only unblinded role. The monitor reads everything blinded
and changes nothing. There are no shared accounts: every person logs in as
themselves.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    NURSE = "nurse"
    INVESTIGATOR = "investigator"
    PHARMACIST = "pharmacist"
    MONITOR = "monitor"
    ADMIN = "admin"


class Permission(StrEnum):
    ENTER_DATA = "enter_data"
    SIGN = "sign"
    SEE_ARM = "see_arm"
    EMERGENCY_UNBLIND = "emergency_unblind"
    MANAGE_USERS = "manage_users"
    MANAGE_DEVICE = "manage_device"
    READ = "read"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.NURSE: frozenset({Permission.READ, Permission.ENTER_DATA}),
    Role.INVESTIGATOR: frozenset(
        {Permission.READ, Permission.ENTER_DATA, Permission.SIGN, Permission.EMERGENCY_UNBLIND}
    ),
    Role.PHARMACIST: frozenset(
        {Permission.READ, Permission.ENTER_DATA, Permission.SIGN, Permission.SEE_ARM}
    ),
    Role.MONITOR: frozenset({Permission.READ}),
    Role.ADMIN: frozenset({Permission.READ, Permission.MANAGE_USERS, Permission.MANAGE_DEVICE}),
}

ROLE_NAMES = ", ".join(r.value for r in Role)


def parse_role(text: str) -> Role:
    """The role called ``text``; a :class:`~app.errors.InvalidInput` otherwise."""
    from app.errors import InvalidInput

    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidInput(f"Unknown role {text!r}: choose one of {ROLE_NAMES}.") from None


def can(role: Role, permission: Permission) -> bool:
    return permission in PERMISSIONS[role]
