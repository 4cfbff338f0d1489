"""Excel templates generated from the KPI definitions: one school, or one row per school of a district.

A “说明” sheet lists each field, its unit, range and the deadline; the “数据” sheet has locked
headers and identifier cells, unlocked input cells, 是/否 dropdowns, number validation from each
element's plausible range and last period's values beside for reference."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select

from auth import scope
from auth.principal import Principal
from db.models import OrgUnit
from db.session import read_session
from ingest import store
from ingest.upload import load_context
from ingest.values import ElementRule
from kpis.deadlines import show as show_deadline
from kpis.periods import is_period, label, previous_period

HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")
NA_FILL = PatternFill("solid", fgColor="BFBFBF")
REF_FONT = Font(color="808080")
PREFILL_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: a value already in force
PREFILLED_NOTE = ("本表已预填本期已报送、当前生效的数值（浅黄色单元格）。更正时只需改动填错的单元格，"
                  "其余保持不变；整行留空表示不修改该校数据。")


def template_filename(org_code: str, period: str) -> str:
    return f"{org_code}_{period}_填报模板.xlsx"


def build_template(principal: Principal, org_code: str, period: str, engine: Engine | None = None) -> bytes:
    """The template for a school (one row) or a district (a row per school). Raises PermissionDenied,
    or ValueError with a Chinese message for an unknown unit or a malformed period."""
    if not is_period(period):
        raise ValueError(f"期间格式应为 YYYY-MM（如 2025-03），收到：{period}")
    with read_session(engine) as s:
        org = s.scalar(select(OrgUnit).where(OrgUnit.code == org_code))
        if org is None or org.level not in ("school", "district"):
            raise ValueError(f"未找到学校或片区：{org_code}")
        facts = scope.OrgFacts(org.id, org.level, org.parent_id, org.bureau_id)
        if org.level == "school":
            scope.require(scope.can_submit_for(principal, facts), f"您无权下载“{org.name}”的模板。")
            orgs = [org]
        else:
            scope.require(scope.can_view_org(principal, facts) and principal.role in ("district", "admin"),
                          f"您无权下载“{org.name}”的模板。")
            orgs = list(s.scalars(select(OrgUnit).where(OrgUnit.parent_id == org.id, OrgUnit.level == "school")
                                  .order_by(OrgUnit.code)))
        rules, schools, element_ids = load_context(s, int(org.bureau_id or 0), {o.code for o in orgs})
        infos = [schools[o.code] for o in orgs if o.code in schools]
        used = set().union(*(i.elements for i in infos)) if infos else set()
        rules = [r for r in rules if r.code in used]
        last = store.current_values(s, [i.id for i in infos], previous_period(period))
        held = store.current_values(s, [i.id for i in infos], period)
        deadline = store.deadline_of(s, int(org.bureau_id or 0), period)
    wb = Workbook()
    guide = wb.active
    guide.title = "说明"
    data = wb.create_sheet("数据")
    _guide_sheet(guide, org, period, deadline, rules, prefilled=bool(held))
    _data_sheet(data, org, period, infos, rules, last, element_ids, held)
    for ws in (guide, data):
        _print_on_a4(ws)
    wb.active = 1
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _print_on_a4(ws) -> None:  # noqa: ANN001 - an openpyxl worksheet
    """Print the used range on A4 landscape, one page wide (a school's sheet printed on 7 pages
    before); the title and header rows repeat on every page of a long district sheet."""
    ws.print_area = ws.dimensions
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    if ws.title == "数据":
        ws.print_title_rows = "1:2"


def _guide_sheet(ws, org: OrgUnit, period: str, deadline, rules: list[ElementRule], prefilled: bool = False) -> None:
    due = deadline.astimezone(store.CHINA)
    ws.append([f"{org.name} {label(period)} 数据填报说明"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"报送截止时间：{show_deadline(due)}（北京时间）"])
    ws.append(["填写方法：在“数据”工作表的白色单元格中填写本期数值；灰色单元格（学校标识码、学校名称、期间、上期数值）不能修改。"])
    ws.append(["是/否项目请从下拉列表中选择；数字请直接填写阿拉伯数字，不要带单位；深灰色单元格表示该校不填报此项，请留空。"])
    ws.append(["保存为 Excel 工作簿（.xlsx）后，在“数据填报”页面上传。"])
    if prefilled:
        ws.append([PREFILLED_NOTE])
        ws.cell(ws.max_row, 1).fill = PREFILL_FILL
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append(["多校工作簿：哪所学校的行有错误，只拒收那所学校，其余照常接收；整行留空的学校表示“本文件不含该校”，其原有数据不变。"
               "如需删除某一行，请先点“审阅”→“撤销工作表保护”（无密码）。"])
    ws.append([])
    ws.append(["填报项目", "单位", "类型", "填写要求", "代码"])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
        c.fill = HEAD_FILL
    for r in rules:
        ws.append([r.name, r.unit or ("%" if r.type == "percent" else "—"), {"int": "整数", "float": "数值", "bool": "是/否",
                   "percent": "百分比"}.get(r.type, r.type), r.expected(), r.code])
    for col, width in zip("ABCDE", (28, 10, 10, 46, 22)):
        ws.column_dimensions[col].width = width


def _data_sheet(ws, org: OrgUnit, period: str, infos, rules: list[ElementRule], last: dict, element_ids: dict,
                held: dict | None = None) -> None:
    ws.append([f"{org.name} {label(period)} 数据填报表（灰色单元格不可修改）"])
    ws["A1"].font = Font(bold=True, size=13)
    headers = ["学校标识码", "学校名称", "期间"] + [r.header for r in rules] + [f"上期 {r.header}" for r in rules]
    ws.append(headers)
    for c in ws[2]:
        c.font = Font(bold=True)
        c.fill = HEAD_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
    n = len(rules)
    for i, info in enumerate(infos):
        row = 3 + i
        ws.cell(row, 1, info.code).number_format = "@"
        ws.cell(row, 2, info.name)
        ws.cell(row, 3, period).number_format = "@"
        for c in range(1, 4):
            ws.cell(row, c).fill = FIXED_FILL
        for j, r in enumerate(rules):
            cell = ws.cell(row, 4 + j)
            if r.code in info.elements:
                cell.protection = Protection(locked=False)
                now = (held or {}).get(info.id, {}).get(element_ids[r.code])
                if now is not None:  # a correction: the value in force, to be changed where wrong
                    cell.value = ("是" if now else "否") if r.type == "bool" else (int(now) if r.type == "int" else now)
                    cell.fill = PREFILL_FILL
                prev = last.get(info.id, {}).get(element_ids[r.code])
                ref = ws.cell(row, 4 + n + j, None if prev is None else ("是" if prev else "否") if r.type == "bool" else prev)
                ref.font = REF_FONT
                ref.fill = FIXED_FILL
            else:
                cell.fill = NA_FILL
    last_row = 2 + max(1, len(infos))
    for j, r in enumerate(rules):
        col = get_column_letter(4 + j)
        if r.type == "bool":
            dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        else:
            dv = DataValidation(type="whole" if r.type == "int" else "decimal", operator="between",
                                formula1=f"{r.min_value if r.min_value is not None else 0:g}",
                                formula2=f"{r.max_value if r.max_value is not None else 1e12:.15g}", allow_blank=True)
        dv.error, dv.errorTitle = f"应填写{r.expected()}", "数值不符合要求"
        dv.prompt, dv.promptTitle = r.expected(), r.name[:32]
        dv.showErrorMessage = dv.showInputMessage = True
        dv.add(f"{col}3:{col}{last_row}")
        ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 10
    for j in range(2 * n):
        ws.column_dimensions[get_column_letter(4 + j)].width = 16
    ws.row_dimensions[2].height = 45
    ws.freeze_panes = "D3"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may still be changed
    ws.protection.formatRows = False
