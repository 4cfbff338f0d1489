"""学校名册: the admin keeps a bureau's schools (and the districts/towns they belong to) by spreadsheet.

Workflow: ``export_roster`` gives the bureau's current schools as an .xlsx (a template when there are
none) → the admin edits it in Excel/WPS → ``preview_roster`` says what would be added, changed (field
by field) and left as it is, and which schools in the database the file does not list → ``apply_roster``
checks the file again and writes it in the caller's transaction with one audit row, or raises
``RosterRejected`` and writes nothing. Schools are never deleted: one that closed gets a 停办年月.

Files are read by the upload machinery (ingest.safety / ingest.read), and problems are ingest Issues
(sheet, row, column, value, what was expected, how to fix it).

The package splits along the workflow: model (file format, rows, preview), schools (the bureau's
schools), export (download), reading (file → rows and Issues), apply (preview and write)."""

from ingest.roster.apply import apply_roster, preview_roster
from ingest.roster.export import export_filename, export_roster
from ingest.roster.model import (CLOSED, CODE, COLUMNS, DISTRICT, FIELDS, INCLUSIVE, NAME, OPENED, OWNERSHIP,
                                 REQUIRED, SHEET, FieldChange, RosterPreview, RosterRejected, RosterRow,
                                 SchoolChange, show_field)
from ingest.roster.reading import read_roster
from ingest.roster.schools import SchoolInfo, counts_by_district, list_schools

__all__ = ["apply_roster", "preview_roster", "export_filename", "export_roster", "read_roster", "list_schools",
           "counts_by_district", "SchoolInfo", "RosterPreview", "RosterRejected", "RosterRow", "FieldChange",
           "SchoolChange", "show_field", "SHEET", "COLUMNS", "REQUIRED", "FIELDS", "CODE", "NAME", "DISTRICT",
           "OWNERSHIP", "INCLUSIVE", "OPENED", "CLOSED"]
