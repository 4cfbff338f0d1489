"""The closed vocabularies of KPIs, as StrEnums whose values are the strings stored in the database and
the catalog files (so nothing was migrated): a member compares equal to its string, and a typo in a
member's name fails at import instead of silently matching nothing."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How a KPI stands in a period (kpis.compute.status)."""

    MET = "达标"
    WARN = "预警"
    BEHIND = "滞后"
    NOT_DUE = "未到期"
    NO_DATA = "无数据"


class KpiKind(StrEnum):
    """How a KPI's value is computed."""

    RATIO = "ratio"                        # Σ numerator ÷ Σ denominator × factor
    SUM = "sum"
    MEAN = "mean"
    SHARE_OF_SCHOOLS = "share_of_schools"  # schools meeting a condition ÷ reporting schools
    DISPERSION = "dispersion"              # student-weighted 差异系数
    BUREAU_COUNT = "bureau_count"          # a figure a 科室 enters
    MILESTONE = "milestone"                # 1 = 已完成 / 0 = 未完成, entered by a 科室


class Comparator(StrEnum):
    """How a value meets its target; the relative ones compare the change from a baseline."""

    GE = ">="
    LE = "<="
    EQ = "=="
    DECREASE_BY = "decrease_by"
    INCREASE_BY = "increase_by"


class DataPath(StrEnum):
    """Where a KPI's figures come from: school uploads, or a 科室's bureau-level entry."""

    SCHOOL = "school"
    BUREAU = "bureau"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class Pace(StrEnum):
    LEVEL = "level"              # a level to hold all year
    LINEAR = "linear"            # a cumulative count expected pro rata through the year
    END_OF_YEAR = "end_of_year"  # judged at year end


SCHOOL_KINDS = (KpiKind.RATIO, KpiKind.SUM, KpiKind.MEAN, KpiKind.SHARE_OF_SCHOOLS, KpiKind.DISPERSION)
BUREAU_KINDS = (KpiKind.BUREAU_COUNT, KpiKind.MILESTONE)
RELATIVE = (Comparator.DECREASE_BY, Comparator.INCREASE_BY)

# Shown instead of a status at one school whose type or ownership lies outside a KPI's formula
# (kpis.applicability). Not a Status member: it is no judgement and is never counted, and code
# that iterates Status (status counts, the briefing's panels) means the five judged statuses.
NOT_APPLICABLE = "不适用"
