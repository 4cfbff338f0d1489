"""Word documents built for the tests: automatic list numbering (numbering.xml) and tracked changes, which python-docx
cannot write itself. Shared by the reader's tests and the plan import's browser test."""

import io

from docx.oxml import parse_xml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def add_list(document, abstract_id, levels, num_ids=(), overrides=None):
    """An abstractNum of (numFmt, lvlText, lvlRestart or None) levels and the w:num lists that use it."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        + (f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else "")
        + '<w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text, restart) in enumerate(levels))
    root = document.part.numbering_part.element
    root.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    for num_id in num_ids:
        start = (overrides or {}).get(num_id)
        override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                    if start is not None else "")
        root.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}'
                              '</w:num>'))


def numbered(paragraph, num_id, ilvl):
    paragraph._p.get_or_add_pPr().insert(
        0, parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def saved(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def tracked_change(paragraph, deleted: str, inserted: str):
    """Append a tracked replacement (修订模式): `deleted` struck out, `inserted` in its place."""
    paragraph._p.append(parse_xml(f'<w:del {W} w:id="901" w:author="科员"><w:r><w:delText>{deleted}</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {W} w:id="902" w:author="科员"><w:r><w:t>{inserted}</w:t></w:r></w:ins>'))
    return paragraph
