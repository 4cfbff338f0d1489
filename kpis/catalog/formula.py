"""What a KPI formula refers to. Pure: used by the catalog check, the computation and the uploads."""

from __future__ import annotations


def formula_elements(formula: dict | None) -> list[str]:
    """The element codes a formula names, in order of first mention, each once."""
    f = formula or {}
    out: list[str] = []
    for key in ("numerator", "denominator", "terms"):
        val = f.get(key)
        if isinstance(val, list):
            out += [t["element"] for t in val if isinstance(t, dict) and "element" in t]
        elif isinstance(val, str):
            out.append(val)
    if isinstance(f.get("element"), str):
        out.append(f["element"])
    return list(dict.fromkeys(out))
