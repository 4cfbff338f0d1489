"""The catalog: KPI definitions and their versions, the data elements they use, milestones,
owner 科室, reading and syncing the reviewed catalog files, revisions and plan import."""
