"""督办: follow-up items for KPIs that are 滞后 or 预警 — cause, measures, the owning 科室 or district,
a due date, the owner's progress and the leader's acceptance (docs/architecture.md, "督办")."""

from followup.items import (
    accept, ask_extension, attachment_file, decide_extension, open_item, progress, send_back, submit,
)
from followup.queries import (
    ItemDetail, TodoItem, badges, due_soon, item_detail, list_items, overdue_items, owner_choices, todo_items,
    untracked,
)
from followup.rules import Action, FollowupError

__all__ = ["Action", "FollowupError", "ItemDetail", "TodoItem", "accept", "ask_extension", "attachment_file",
           "badges", "decide_extension", "due_soon", "item_detail", "list_items", "open_item", "overdue_items",
           "owner_choices", "progress", "send_back", "submit", "todo_items", "untracked"]
