"""The states of a school's report in the monthly cycle, and the errors of the cycle."""

from __future__ import annotations

from enum import StrEnum

from core.errors import Invalid


class State(StrEnum):
    """Stored in reporting_state.state (no row = 未提交); the values are what people read."""

    NOT_SUBMITTED = "未提交"
    SUBMITTED = "已提交"
    RETURNED = "已退回"
    REVIEWED = "片区已审核"
    CONFIRMED = "已确认"


STATES = tuple(State)
# What coverage calls 待审: figures are in, but the bureau has not confirmed them.
AWAITING = (State.SUBMITTED, State.RETURNED, State.REVIEWED)
MAX_REASON = 500


class TransitionRefused(Invalid):
    """An impossible step (approving what was never submitted, returning what is confirmed)."""


class StaleReview(Invalid):
    """The school submitted again after the reviewer opened its figures: the approval named a
    submission that is no longer the one under review, so nothing changed."""


def clean_reason(reason: str | None, what: str = "退回") -> str:
    """A reason is required and kept short enough to read in a list."""
    text = (reason or "").strip()
    if not text:
        raise Invalid(f"请填写{what}原因：告诉对方哪里有问题、怎样改正。")
    if len(text) > MAX_REASON:
        raise Invalid(f"{what}原因过长（{len(text)} 字），请控制在 {MAX_REASON} 字以内。")
    return text
