"""Who is signed in: roles and the `User` value every write is checked against and recorded as."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["admin", "editor", "viewer"]
ROLES: tuple[Role, ...] = ("admin", "editor", "viewer")

# How a user signed in: the dashboard's local form, Streamlit's st.login (OIDC), or a command line.
SignIn = Literal["local", "oidc", "cli"]


@dataclass(frozen=True)
class User:
    """A signed-in person: account id, display name, role, unit names and how they signed in.

    `unit_ids` are the ids of `units` in the current database (resolved at sign-in, or on every dashboard
    run); ownership checks compare them with a commitment's owning units.
    """

    id: str
    name: str
    role: Role
    units: tuple[str, ...] = ()
    via: SignIn = "local"
    unit_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        """'张三 (zhangsan)', or just the id when the display name is the id."""
        return self.id if not self.name or self.name == self.id else f"{self.name} ({self.id})"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"
