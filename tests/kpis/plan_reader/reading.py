"""What the plan reader accepts from a text: (value, unit, comparator) of every candidate at or above the review
page's pre-tick threshold, in reading order. Shared by the rule tests of each round."""

from kpis.plan_reader import ACCEPT_THRESHOLD, extract, read_plan


def accepted(text):
    return [(c.value, c.unit, c.comparator) for c in extract(text)[1] if c.confidence >= ACCEPT_THRESHOLD]


def accepted_targets(text):
    """The review page's pre-ticked KPIs as (target, upper, unit, comparator), in a fixed order: for comparing two
    readings of one plan (a PDF copy, a PDF file) whatever order their items come in."""
    return sorted(((k["target"], k["target_upper"], k["unit"], k["comparator"]) for k in read_plan(text)["kpis"]
                   if k["accepted"]), key=str)
