"""Default owning 科室 by KPI category, used when the plan text names none.

Plans rarely say which 科室 owns a target; the admin can set it on the KPI. Until then the
department that usually owns the category is shown, so every KPI has someone to chase."""

DEFAULT_OWNER = {
    "党建": "组织人事科", "队伍": "组织人事科", "德育": "德育科", "学前": "学前教育科",
    "义务": "基础教育科", "高中": "基础教育科", "特教": "基础教育科", "民办": "民办教育科",
    "职教": "职业与成人教育科", "终身": "职业与成人教育科", "体育": "体卫艺科", "健康": "体卫艺科",
    "数字化": "教育技术装备中心", "安全": "安全稳定科", "项目": "发展规划与基建科", "督导": "教育督导室",
    "民生": "发展规划与基建科", "经费": "计划财务科",
}


def owner_of(owner: str | None, category: str) -> str:
    return owner or DEFAULT_OWNER.get(category, "办公室")
