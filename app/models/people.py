"""People who log in. Passwords are not here: they live only in key slots."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime
from app.roles import Role


class User(Audited, Base):
    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class PersonKey(Audited, Base):
    """A person's enrolled public signing key (Ed25519, base64) and age recipient.

    Rows are written by an admin's transaction (enrolment, role change, disabling)
    or, when a person sets their own password for the first time, by that person's
    transaction signed with the key being replaced (rotation). The seal on the
    transaction is the enrolment's signature; the hub checks it before it trusts
    any row the key signs.
    """

    __tablename__ = "person_keys"

    user_name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    public_key: Mapped[str] = mapped_column(String(44))
    active: Mapped[bool] = mapped_column(default=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The person's age (X25519) recipient, derived from the same slot as the signing
    # key: the hub encrypts a device's allocation part to its pharmacists' recipients.
    # Kept after ``public_key`` so its audit row follows the key's in one enrolment.
    age_recipient: Mapped[str | None] = mapped_column(String(90))
