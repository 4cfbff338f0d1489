"""The closed vocabularies of notifications, with their Chinese labels."""

from __future__ import annotations

from enum import StrEnum


class ChannelKind(StrEnum):
    WECOM = "wecom"
    DINGTALK = "dingtalk"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return {"wecom": "企业微信群机器人", "dingtalk": "钉钉群机器人", "email": "电子邮件"}[self.value]

    @property
    def per_minute(self) -> int:
        """How many messages the channel accepts a minute: 企业微信 and 钉钉 robots 20 each (their
        documented limits); an SMTP server has no such rule, 60 keeps a burst polite."""
        return {"wecom": 20, "dingtalk": 20, "email": 60}[self.value]


class ScopeLevel(StrEnum):
    BUREAU = "bureau"
    DISTRICT = "district"
    SCHOOL = "school"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        return {"bureau": "全局", "district": "片区/街道", "school": "学校", "department": "科室"}[self.value]


class RuleKind(StrEnum):
    CHASE = "chase"  # 催报: N days and the day before a deadline
    LATE = "late"  # 逾期名单: after the deadline
    RETURNED = "returned"  # 退回修改 (from the reporting cycle)
    AWAITING_REVIEW = "awaiting_review"  # 待审核 (from the reporting cycle)
    STATUS_CHANGE = "status_change"  # a KPI turned 滞后 or 预警 this month
    BRIEFING = "briefing"  # the monthly briefing
    FOLLOWUP = "followup"  # 督办: a new item, N days before its due date, and once it is overdue

    @property
    def label(self) -> str:
        return RULE_LABELS[self.value]


RULE_LABELS = {
    "chase": "催报提醒", "late": "逾期名单", "returned": "退回修改", "awaiting_review": "待审核提醒",
    "status_change": "指标状态变化", "briefing": "月度简报", "followup": "督办提醒", "test": "测试消息",
}


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"pending": "待发送", "sending": "发送中", "sent": "已送达", "failed": "失败"}[self.value]

    @property
    def public(self) -> str:
        """What `notify log --json` says: sent / failed / pending (a message under way is pending)."""
        return "pending" if self is Status.SENDING else self.value


TEST_RULE = "test"
TEST_TEXT = "EduKPI 测试消息"
