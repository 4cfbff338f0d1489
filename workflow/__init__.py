"""The monthly reporting cycle (issue 14): each school's report for a period moves 未提交 → 已提交 →
片区已审核 → 已确认 (or 已退回 with a reason); a bureau confirms and locks the period; 我的待办 lists what
each role has to do. Ingest calls in here on every accepted submission and before writing anything."""
