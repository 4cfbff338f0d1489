"""Issue 15: district workbooks accepted school by school, blank rows left alone, templates prefilled
for corrections, rules between numbers on uploads and the web form, outlier references, late
submissions and corrections, and the preview's wording. Hand-made workbooks; the database checked."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import openpyxl
from sqlalchemy import select

from auth.principal import SYSTEM
from db.models import AuditLog, OrgUnit, Submission
from db.session import read_session
from ingest import store
from ingest.form import Source, field_errors, form_spec, submit_form
from ingest.markup import marked_copy
from ingest.template import PREFILLED_NOTE, build_template
from ingest.upload import history, upload
from pages.upload_form import preview_frame, timing_note
from tests.ingest.helpers import DISTRICT, KINDERGARTEN, PRIMARY, PRIMARY_STORED, SCHOOL, column_of, fill
from tests.stored_values import values_by_element

KG = {"在园幼儿数": 200, "优质园在园幼儿数": 150}
SECOND_PRIMARY = "2110810002"


def stored(code: str, period: str) -> dict[str, float]:
    with read_session() as s:
        return values_by_element(s, code, period)


def district_schools() -> dict[str, str]:
    with read_session() as s:
        d = s.scalar(select(OrgUnit).where(OrgUnit.code == DISTRICT))
        return {o.code: o.name for o in s.scalars(select(OrgUnit).where(OrgUnit.parent_id == d.id))}


def test_district_workbook_with_two_bad_rows_stores_the_other_twelve(district_officer, demo_db):
    period = "2019-03"  # no demo data, no other test
    schools = district_schools()
    assert len(schools) == 14
    content = fill(build_template(district_officer, DISTRICT, period), default=dict(PRIMARY, **KG),
                   rows={KINDERGARTEN: {"在园幼儿数": "很多"}, SECOND_PRIMARY: {"近视学生数": 900}})
    preview = upload(district_officer, "片区.xlsx", content, period=period, org_code=DISTRICT)
    assert preview.status == "ready" and preview.schools == 12 and stored(SCHOOL, period) == {}
    r = upload(district_officer, "片区.xlsx", content, period=period, org_code=DISTRICT, commit=True)
    assert r.status == "accepted" and r.schools == 12
    assert r.refused_schools == [schools[KINDERGARTEN], schools[SECOND_PRIMARY]]
    rule = next(i for i in r.refused if i.school == schools[SECOND_PRIMARY])
    assert rule.column == "近视学生数（人）" and rule.related == "视力筛查学生数（人）" and rule.row == 9
    assert rule.problem.startswith("“近视学生数”为 900 人，多于“视力筛查学生数”的 800 人")
    # Row by row: twelve schools hold what they sent, the two refused hold nothing.
    for code in schools:
        got = stored(code, period)
        if code in (KINDERGARTEN, SECOND_PRIMARY):
            assert got == {}, code
        else:
            assert got, code
    assert stored(SCHOOL, period) == PRIMARY_STORED
    with read_session() as s:
        children = s.scalars(select(Submission).where(Submission.parent_id == r.submission_id)).all()
        by_status = {}
        for c in children:
            by_status.setdefault(c.status, set()).add(c.org_unit_id)
        ids = {o.code: o.id for o in s.scalars(select(OrgUnit).where(OrgUnit.code.in_(list(schools))))}
        assert by_status["rejected"] == {ids[KINDERGARTEN], ids[SECOND_PRIMARY]}
        assert len(by_status["accepted"]) == 12
        bad = next(c for c in children if c.org_unit_id == ids[SECOND_PRIMARY])
        assert "视力筛查学生数" in bad.errors[0]["message"]
        assert s.scalar(select(AuditLog).where(AuditLog.action == "upload_rows_refused",
                                               AuditLog.entity_id == str(r.submission_id))) is not None
    # The school's own history shows the refusal.
    assert [h["status"] for h in history(district_officer, SECOND_PRIMARY, period)] == ["rejected"]
    # The marked-up copy: both cells of the rule red with a comment, protection lifted.
    ws = openpyxl.load_workbook(io.BytesIO(marked_copy("片区.xlsx", content, r.refused)))["数据"]
    for prefix in ("近视学生数", "视力筛查学生数"):
        cell = ws.cell(9, column_of(ws, prefix))
        assert cell.fill.fgColor.rgb.endswith("FFC7CE") and "900" in cell.comment.text
    assert ws.protection.sheet is False


def test_blank_row_leaves_a_school_that_reported_itself_alone(school_officer, district_officer, demo_db):
    period = "2019-04"
    own = upload(school_officer, "本校.xlsx", fill(build_template(SYSTEM, SCHOOL, period), default=PRIMARY),
                 period=period, commit=True)
    assert own.status == "accepted"
    template = build_template(district_officer, DISTRICT, period)
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["数据"]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == SCHOOL)
    assert ws.cell(row, column_of(ws, "近视学生数")).value == 301  # prefilled with what the school reported
    assert ws.cell(row, column_of(ws, "是否建成智慧校园")).value == "是"
    assert PREFILLED_NOTE in [c.value for c in wb["说明"]["A"]]

    def blank_own(wb, ws):
        for c in range(4, ws.max_column + 1):
            if not ws.cell(row, c).protection.locked:
                ws.cell(row, c).value = None
    content = fill(template, default=dict(PRIMARY, **KG, 近视学生数=250), edit=blank_own)
    r = upload(district_officer, "片区.xlsx", content, period=period, org_code=DISTRICT, commit=True)
    assert r.status == "accepted" and r.schools == 13 and r.blank == ["太平第一小学"]
    assert stored(SCHOOL, period) == PRIMARY_STORED  # 301, not 250 and not zero
    with read_session() as s:
        assert s.get(Submission, own.submission_id).status == "accepted"


def test_correction_template_is_prefilled_and_one_change_is_one_change(school_officer, demo_db):
    period = "2019-05"
    upload(school_officer, "一.xlsx", fill(build_template(SYSTEM, SCHOOL, period), default=PRIMARY),
           period=period, commit=True)
    template = build_template(SYSTEM, SCHOOL, period)
    again = fill(template, rows={SCHOOL: {"近视学生数": 299}})  # only one cell typed
    r = upload(school_officer, "二.xlsx", again, period=period, commit=True)
    assert (r.status, r.values, r.changed) == ("accepted", 7, 1)
    assert stored(SCHOOL, period) == dict(PRIMARY_STORED, myopia_students=299.0)


def test_web_form_refuses_myopia_above_screened_naming_both_fields(school_officer, demo_db):
    period = "2017-06"
    spec = form_spec(school_officer, SCHOOL, period)
    assert [f.code for f in spec.fields][:3] == ["students", "vision_screened", "myopia_students"]
    assert not spec.correcting
    values = {f.code: PRIMARY_STORED[f.code] for f in spec.fields}
    values["myopia_students"] = 600.0
    values["vision_screened"] = 560.0
    r = submit_form(school_officer, spec, values, commit=True)
    assert r.status == "rejected" and stored(SCHOOL, period) == {}
    errors = field_errors(r, spec)
    assert set(errors) == {"myopia_students", "vision_screened"}
    assert errors["myopia_students"][0].startswith("“近视学生数”为 600 人，多于“视力筛查学生数”的 560 人")
    # A soft rule is a warning only: 6 psychology teachers, 5 teachers is accepted (elements of 2025-taizhou).
    values["myopia_students"] = 300.0
    preview = submit_form(school_officer, spec, values)
    assert preview.status == "ready" and not preview.errors


def test_web_form_submits_through_the_upload_path_with_source_form(school_officer, demo_db):
    period = "2019-07"
    spec = form_spec(school_officer, SCHOOL, period)
    values = {f.code: PRIMARY_STORED[f.code] for f in spec.fields}
    preview = submit_form(school_officer, spec, values)
    frame = preview_frame(preview, with_school=False).set_index("项目")
    assert frame.loc["是否建成智慧校园", "本期填报"] == "是" and frame.loc["是否“四个100%”全面达标", "本期填报"] == "否"
    assert set(frame["本期原有数据"]) == {"新填报"}
    r = submit_form(school_officer, spec, values, commit=True)
    assert r.status == "accepted" and stored(SCHOOL, period) == PRIMARY_STORED
    with read_session() as s:
        sub = s.get(Submission, r.submission_id)
        assert sub.source == Source.FORM and sub.filename == f"网页填报_{SCHOOL}_{period}.csv"
        assert s.scalar(select(AuditLog).where(AuditLog.action == "submit_values",
                                               AuditLog.entity_id == str(sub.id))).after["values"]["students"] == 812.0
    # Correcting: the form comes back prefilled; one value changed; the same values again are caught.
    spec2 = form_spec(school_officer, SCHOOL, period)
    assert spec2.correcting and {f.code: f.in_force for f in spec2.fields} == PRIMARY_STORED
    same = submit_form(school_officer, spec2, {f.code: f.in_force for f in spec2.fields})
    assert same.status == "identical"
    fixed = submit_form(school_officer, spec2, dict({f.code: f.in_force for f in spec2.fields}, students=815.0),
                        commit=True)
    assert (fixed.status, fixed.changed) == ("accepted", 1)
    assert [h["source"] for h in history(school_officer, SCHOOL, period)] == ["form", "form"]


def test_correction_from_580_to_1580_is_flagged_against_the_value_in_force(school_officer, demo_db):
    period = "2018-05"  # the month before has no data
    values = dict(PRIMARY, 在校学生数=580, 视力筛查学生数=560, 近视学生数=200, 随迁子女在校生数=50)
    upload(school_officer, "一.xlsx", fill(build_template(SYSTEM, SCHOOL, period), default=values),
           period=period, commit=True)
    r = upload(school_officer, "二.xlsx", fill(build_template(SYSTEM, SCHOOL, period), rows={SCHOOL: {"在校学生数": 1580}}),
               period=period)
    assert [(l.element, l.reference) for l in r.outliers] == [("在校学生数", "本期已报为 580人")]
    assert any(w.message.startswith("“太平第一小学”的“在校学生数”本期为 1580人，本期已报为 580人，变化较大") for w in r.warnings)


def test_late_submission_previewed_and_an_on_time_correction_stays_on_time(school_officer, district_officer, demo_db):
    period = "2018-06"
    due = store.default_deadline(period)
    before, after = due - timedelta(days=1), due + timedelta(days=3)
    template = build_template(SYSTEM, SCHOOL, period)
    first = upload(school_officer, "一.xlsx", fill(template, default=PRIMARY), period=period, commit=True, now=before)
    assert first.on_time is True
    fix = fill(template, default=dict(PRIMARY, 近视学生数=299))
    preview = upload(school_officer, "二.xlsx", fix, period=period, now=after)
    assert preview.on_time is False and preview.kept_on_time == 1
    assert timing_note(preview)[0] == "info" and "仍记为按时报送" in timing_note(preview)[1]
    r = upload(school_officer, "二.xlsx", fix, period=period, commit=True, now=after)
    with read_session() as s:
        assert s.get(Submission, r.submission_id).on_time is True
    # A school that never reported, after the deadline: the preview says it will be late.
    other = "2110810003"
    late = upload(district_officer, "三.xlsx", fill(build_template(SYSTEM, other, period), default=PRIMARY),
                  period=period, org_code=other, now=datetime.now(timezone.utc))
    kind, text = timing_note(late)
    assert kind == "warning" and text == "已过报送截止时间（2018年7月10日 23:59），提交后将记为迟报。"
