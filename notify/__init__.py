"""Notifications (issue 16): reminders and pushes to 企业微信 and 钉钉 group robots and email.

vocab      the closed vocabularies (channel kinds, scopes, rules, message states)
vault      encrypts channel secrets with a key kept in a file outside the database
channels   the admin's channels per scope (add, list, test, remove)
messages   robot JSON bodies (企业微信 / 钉钉 text and image), the 钉钉 signature, texts cut to size
transport  one delivery over HTTP (httpx) or SMTP (smtplib); errors sorted into retry / give up
outbox     queue (deduplicated), claim (FOR UPDATE SKIP LOCKED), record results, rate limits, the log
chase      which schools of each district have not submitted at a given time (kpis.progress)
rules      the rules an admin switches on and times (croniter) and what each queues when due
events     enqueue(session, …) for events other code raises in its own transaction
worker     deliver what is due; `notify run --at` and the long-running `notify worker`
"""
