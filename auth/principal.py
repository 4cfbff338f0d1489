"""Who is acting: a signed-in user reduced to what permission checks need.

Every service function that reads or writes scoped data takes a Principal and checks it with
auth.scope, because a hidden page is not security."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = {
    "leader": "局领导",
    "department": "科室",
    "school": "学校填报员",
    "district": "片区/街道",
    "admin": "管理员",
}


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    username: str
    role: str  # one of ROLES
    bureau_id: int | None  # the bureau the user belongs to; None only for a system-wide admin
    scope_org_id: int | None = None  # school (school role) or district (district role)
    department: str | None = None  # 科室 name (department role)
    display_name: str = ""

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def is_system_admin(self) -> bool:
        return self.role == "admin" and self.bureau_id is None


# The CLI and background jobs act as the system; it may do anything an admin may.
SYSTEM = Principal(user_id=None, username="system", role="admin", bureau_id=None, display_name="系统")
