"""The 学校名册 file format (columns, what each holds), the rows read from it and the preview of what
importing it would change."""

from __future__ import annotations

from dataclasses import dataclass, field


from ingest.issues import Issue
from kpis.orgs import SCHOOL_TYPE_LABELS
from core.errors import Invalid

SHEET = "学校名册"
CODE, NAME, DISTRICT, OWNERSHIP, INCLUSIVE, OPENED, CLOSED = (
    "学校标识码", "学校名称", "所属片区", "办学性质", "普惠性", "开办年月", "停办年月")
CONTACT, PHONE = "联系人", "联系电话"  # who 催报 reaches at the school (填报进度, notifications)
COLUMNS = [CODE, NAME, DISTRICT, OWNERSHIP, INCLUSIVE, OPENED, CLOSED, CONTACT, PHONE]
REQUIRED = [CODE, NAME, DISTRICT, OWNERSHIP]
# Field of the model ← column; an optional column left out of the file leaves its field as it is.
FIELDS = {NAME: "name", DISTRICT: "district", OWNERSHIP: "ownership", INCLUSIVE: "inclusive",
          OPENED: "opened_on", CLOSED: "closed_on", CONTACT: "contact_person", PHONE: "contact_phone"}
OWNERSHIPS = ("公办", "民办")
TYPES_TEXT = "、".join(f"{k} {v}" for k, v in SCHOOL_TYPE_LABELS.items())
MAX_NAME = 200
MAX_CONTACT = 50
# A phone as people write it: digits with spaces, dashes, brackets, an extension, a leading +.
PHONE_PATTERN = r"^\+?[0-9（）()\-\s]{5,24}(转[0-9]{1,6})?$"


# The fields of a school the roster sets, in column order.
SCHOOL_FIELDS = ("name", "district", "ownership", "inclusive", "opened_on", "closed_on", "contact_person",
                 "contact_phone")


class RosterRejected(Invalid):
    """The roster has errors; nothing was written. ``preview`` holds every issue."""

    def __init__(self, preview: "RosterPreview"):
        super().__init__("；".join(i.message for i in preview.errors))
        self.preview = preview


@dataclass(frozen=True)
class RosterRow:
    """One school as the file gives it (row = the spreadsheet row number)."""

    row: int
    code: str
    name: str
    district: str
    ownership: str
    inclusive: bool | None  # None: the column is not in the file
    opened_on: str | None
    closed_on: str | None
    given: frozenset[str]  # model fields the file's columns give
    contact_person: str | None = None
    contact_phone: str | None = None

    @property
    def school_type(self) -> str:
        return self.code[:2]

    def values(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in SCHOOL_FIELDS if f in self.given}


@dataclass(frozen=True)
class FieldChange:
    field: str  # model field
    label: str  # the column's Chinese name
    before: object
    after: object


@dataclass(frozen=True)
class SchoolChange:
    code: str
    name: str
    district: str
    action: str  # 新增 | 修改 | 不变 | 名册中未列出
    changes: tuple[FieldChange, ...] = ()


@dataclass
class RosterPreview:
    bureau_code: str
    bureau_name: str
    filename: str
    added: list[SchoolChange] = field(default_factory=list)
    changed: list[SchoolChange] = field(default_factory=list)
    unchanged: list[SchoolChange] = field(default_factory=list)
    unlisted: list[SchoolChange] = field(default_factory=list)  # in the database, not in the file
    new_districts: list[str] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: list[RosterRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed)

    @property
    def summary(self) -> str:
        if self.errors:
            return f"名册有 {len(self.errors)} 处错误，未导入任何内容。请逐条修改后重新上传。"
        text = (f"新增 {len(self.added)} 所、修改 {len(self.changed)} 所、不变 {len(self.unchanged)} 所学校")
        if self.new_districts:
            text += f"；新建片区 {len(self.new_districts)} 个（{'、'.join(self.new_districts)}）"
        if self.unlisted:
            text += f"；另有 {len(self.unlisted)} 所学校在系统中但名册中未列出（不会删除）"
        return text + "。"

    def change_table(self) -> list[dict[str, str]]:
        """One row per school that is added, changed or not listed; changes field by field."""
        out = []
        for c in self.added:
            out.append({"操作": "新增", "学校标识码": c.code, "学校名称": c.name, "所属片区": c.district,
                        "变更内容": "；".join(f"{f.label}：{show_field(f.field, f.after)}" for f in c.changes)})
        for c in self.changed:
            out.append({"操作": "修改", "学校标识码": c.code, "学校名称": c.name, "所属片区": c.district,
                        "变更内容": "；".join(f"{f.label}：{show_field(f.field, f.before)} → {show_field(f.field, f.after)}"
                                          for f in c.changes)})
        for c in self.unlisted:
            out.append({"操作": "名册中未列出", "学校标识码": c.code, "学校名称": c.name, "所属片区": c.district,
                        "变更内容": "保留不变；如已停办，请在名册中列出并填写停办年月"})
        return out


def show_field(name: str, value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
