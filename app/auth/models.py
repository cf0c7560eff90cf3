"""Organizations, users and their credentials."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.permissions import Role
from app.core.timeutil import UTCDateTime, utcnow
from app.extensions import db


class Tier(enum.StrEnum):
    STANDARD = "standard"
    GOLD = "gold"
    PLATINUM = "platinum"


class Organization(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    tier: Mapped[str] = mapped_column(String(16), default=Tier.STANDARD.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The staff member who looks after this customer, and the channel partner that resells to it.
    # use_alter: user and organization point at each other, so this key is added after both tables.
    account_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL", use_alter=True), index=True
    )
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"), index=True)

    members: Mapped[list["User"]] = relationship(back_populates="organization", foreign_keys="User.organization_id")
    account_manager: Mapped["User | None"] = relationship(foreign_keys=[account_manager_id])
    partner: Mapped["Organization | None"] = relationship(remote_side=[id], foreign_keys=[partner_id])
    domains: Mapped[list["OrganizationDomain"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="OrganizationDomain.domain"
    )

    def weight(self, weights: dict[str, int]) -> int:
        """This organization's demand weight under the configured tier weights."""
        return int(weights.get(self.tier, 1))


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(24), default=Role.CUSTOMER.value)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    is_suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str | None] = mapped_column(String(16))
    # Bumped on logout and password change: every older session stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organization: Mapped[Organization | None] = relationship(back_populates="members", foreign_keys=[organization_id])

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return not self.is_suspended

    @property
    def tier(self) -> str:
        return self.organization.tier if self.organization else Tier.STANDARD.value

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class OrganizationDomain(db.Model):
    """An email domain whose new sign-ups join the organization."""

    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)

    organization: Mapped[Organization] = relationship(back_populates="domains")


class ApiToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Personal tokens have a name and scopes; None (sign-in tokens, older rows): the user's full rights.
    name: Mapped[str | None] = mapped_column(String(64))
    scopes: Mapped[list | None] = mapped_column(JSON)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class PasswordResetToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
