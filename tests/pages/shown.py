"""What a user reads of a markdown body that escapes user text (pages.common.md_escape):
AppTest hands back the markdown source, in which "本校.xlsx" is "本校\\.xlsx"."""

import re


def shown(markdown: str) -> str:
    """The text without markdown backslash escapes."""
    return re.sub(r"\\([\\`*_{}\[\]<>()#+\-.!|~$=])", r"\1", markdown).replace("\u2060", "")
