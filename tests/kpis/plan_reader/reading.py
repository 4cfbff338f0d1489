"""What the plan reader accepts from a text: (value, unit, comparator) of every candidate at or above the review
page's pre-tick threshold, in reading order. Shared by the rule tests of each round."""

from kpis.plan_reader import ACCEPT_THRESHOLD, extract


def accepted(text):
    return [(c.value, c.unit, c.comparator) for c in extract(text)[1] if c.confidence >= ACCEPT_THRESHOLD]
