"""What a user reads of the dashboards' HTML parts (pages/html_parts.py) in AppTest: the tables as
DataFrames of the texts shown, and the headline figures as label → value. Pages that still use
st.dataframe or st.metric are read the same way, so a test does not care which one draws."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import pandas as pd


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.metrics: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._metric_part: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "table" and "ek-table" in cls:
            self.tables.append({"label": dict(attrs).get("aria-label") or "", "head": [], "rows": []})
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "div" and "ek-metric" in cls.split():
            self.metrics.append({"label": "", "value": "", "note": None})
        elif tag == "div" and cls in ("ek-mlabel", "ek-mvalue", "ek-mdelta"):
            self._metric_part = cls

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            t = self.tables[-1]
            if t["head"]:
                t["rows"].append(self._row)
            else:
                t["head"] = self._row
            self._row = None
        elif tag == "div" and self._metric_part:
            self._metric_part = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._metric_part and self.metrics:
            key = {"ek-mlabel": "label", "ek-mvalue": "value", "ek-mdelta": "note"}[self._metric_part]
            self.metrics[-1][key] = (self.metrics[-1][key] or "") + data


def _read(at) -> _Reader:  # noqa: ANN001 - an AppTest
    reader = _Reader()
    for block in at.html:
        reader.feed(block.proto.body)
    return reader


def tables(at) -> list[pd.DataFrame]:  # noqa: ANN001 - an AppTest
    """Every table on the page: st.dataframe's values, then the HTML tables (cells as shown, text)."""
    out = [d.value for d in at.dataframe]
    for t in _read(at).tables:
        frame = pd.DataFrame(t["rows"], columns=t["head"]) if t["rows"] else pd.DataFrame(columns=t["head"])
        frame.attrs["label"] = t["label"]
        out.append(frame)
    return out


def metrics(at) -> dict[str, str]:  # noqa: ANN001 - an AppTest
    """Headline figures, label → value (st.metric and html_parts.metrics alike)."""
    out = {m.label: m.value for m in at.metric}
    out.update({m["label"]: m["value"] for m in _read(at).metrics})
    return out


def metric_notes(at) -> dict[str, str | None]:  # noqa: ANN001 - an AppTest
    """The line under each figure (st.metric's delta)."""
    out = {m.label: m.delta for m in at.metric}
    out.update({m["label"]: m["note"] for m in _read(at).metrics})
    return out


def sidebar_links(at) -> dict[str, dict[str, str]]:  # noqa: ANN001 - an AppTest
    """The sidebar's page links (pages/nav.py): label → the query parameters they carry."""
    import re
    from urllib.parse import parse_qsl, urlsplit

    out = {}
    for block in at.sidebar.get("html"):
        for href, label in re.findall(r'<a data-inapp href="([^"]*)"[^>]*>.*?<span class="ek-label">(.*?)</span></a>',
                                      block.proto.body):
            out[unescape(label)] = dict(parse_qsl(urlsplit(unescape(href)).query))
    return out


def link_labels(at) -> list[str]:  # noqa: ANN001 - an AppTest
    """Every link's label: the sidebar's and any st.page_link on the page."""
    return [*sidebar_links(at), *(str(p.proto.label) for p in at.get("page_link"))]
