"""The roster as an .xlsx to download: the bureau's schools (or an empty template) with a 说明 sheet."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from auth.principal import Principal
from ingest.roster.model import CONTACT, MAX_CONTACT, PHONE
from ingest.roster.model import (CLOSED, CODE, COLUMNS, DISTRICT, INCLUSIVE, MAX_NAME, NAME, OPENED, OWNERSHIP,
                                 SHEET, TYPES_TEXT)
from ingest.roster.schools import bureau_for, list_schools

_EXPLANATION = [
    ("列", "填写要求"),
    (CODE, "必填。10 位数字，前两位是学校类型：" + TYPES_TEXT + "。已有学校的标识码不要改动；一个标识码只能出现一次。"),
    (NAME, f"必填。学校全称，不超过 {MAX_NAME} 个字。"),
    (DISTRICT, "必填。学校所属的片区、街道或乡镇的名称。填写系统中没有的名称时，导入会在本局下新建该片区。"),
    (OWNERSHIP, "必填。公办 或 民办。"),
    (INCLUSIVE, "是 或 否，只对民办幼儿园有意义（普惠性民办园）；其他学校留空或填“否”。"),
    (OPENED, "选填。年-月，如 2021-09。"),
    (CLOSED, "选填。年-月，如 2025-07；学校停办后填写，停办年月不能早于开办年月。"),
    (CONTACT, f"选填。学校的数据填报联系人，不超过 {MAX_CONTACT} 个字；催报名单和催报消息会列出。"),
    (PHONE, "选填。联系人的电话，如 0576-86123456 或 13812345678（以文本格式填写）。"),
    ("", ""),
    ("使用方法", "下载本名册 → 在 Excel 或 WPS 中修改或在末尾增加学校行 → 保存为 .xlsx → 在“学校与填报期”页面上传，"
                 "核对预览后点“确认导入”。"),
    ("", "导入按学校标识码对应：名册中的新标识码会新增学校，已有标识码只修改填写不同的字段。"),
    ("", "系统中有而名册中没有的学校不会被删除，只在预览中列为“名册中未列出”；学校停办请填写停办年月。"),
    ("", "名册有任何错误时不会导入任何内容，预览会逐条列出错误所在的行、列和修改方法。"),
]


def export_roster(session: Session, principal: Principal, plan_key: str) -> bytes:
    """The bureau's schools in the import layout (headers only when it has none), with a 说明 sheet."""
    bureau = bureau_for(session, principal, plan_key, write=True)
    schools = list_schools(session, principal, plan_key)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(COLUMNS)
    for s in schools:
        ws.append([s.code, s.name, s.district, s.ownership,
                   ("是" if s.inclusive else "否") if (s.school_type == "11" and s.ownership == "民办") else "",
                   s.opened_on or "", s.closed_on or "", s.contact_person or "", s.contact_phone or ""])
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = head_fill
        c.alignment = Alignment(horizontal="center")
    for letter, width in zip("ABCDEFGHI", (14, 30, 16, 10, 8, 10, 10, 12, 16)):
        ws.column_dimensions[letter].width = width
    last = max(len(schools) + 200, 500)
    for col in ("A", "F", "G", "I"):  # codes, months and phones stay text, so Excel keeps 0s and does not make dates
        for r in range(2, last + 1):
            ws[f"{col}{r}"].number_format = "@"
    for col, options, title in (("D", "公办,民办", OWNERSHIP), ("E", "是,否", INCLUSIVE)):
        dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True, showErrorMessage=True,
                            errorTitle=f"{title}填写有误", error=f"请从列表中选择：{options.replace(',', '、')}")
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    info = wb.create_sheet("说明")
    info.append([f"{bureau.name} 学校名册（共 {len(schools)} 所学校）"])
    info["A1"].font = Font(bold=True, size=13)
    info.append([])
    for row in _EXPLANATION:
        info.append(list(row))
    info["A3"].font = info["B3"].font = Font(bold=True)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 100
    for r in info.iter_rows(min_row=3):
        r[1].alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_filename(bureau_name: str) -> str:
    return f"{bureau_name}_学校名册.xlsx"
