"""python -m kpis notify channel add|list|test|disable|enable|remove, notify rule list|set,
notify run --at, notify log, notify worker.

Secrets given with --secret (钉钉 signing secret, SMTP password) are stored encrypted and never
printed; `--secret -` reads it from the first line of standard input instead, so it stays out of the
shell history and the process list."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from cli.commands import print_json
from core.errors import EduKPIError
from db.session import read_session, write_session
from kpis.deadlines import DeadlineError, parse_deadline
from briefing import for_notify
from followup.for_notify import reminders as followup_reminders
from notify import channels, outbox, rules, worker
from notify.vocab import RULE_LABELS, ChannelKind, RuleKind


def _secret(value: str | None) -> str | None:
    if value == "-":
        return sys.stdin.readline().rstrip("\r\n")
    return value


def _channel(args: argparse.Namespace) -> int:
    if args.action == "list":
        with read_session() as s:
            rows = channels.list_channels(s, SYSTEM, args.plan)
        if args.json:
            print_json([r.as_json() for r in rows])
            return 0
        for r in rows:
            state = "启用" if r.active else "停用"
            print(f"{r.name}\t{r.kind.label}\t{r.scope_level.label} {r.scope_name}\t{r.target_hint}\t{state}")
        if not rows:
            print("还没有通知渠道。用 python -m kpis notify channel add --plan ID --name 名称 --kind wecom --target URL 添加。")
        return 0
    if not args.name:
        print("请用 --name 指定渠道名称。", file=sys.stderr)
        return 2
    if args.action == "add":
        if not (args.plan and args.kind and args.target):
            print("添加渠道需要 --plan、--kind（wecom、dingtalk 或 email）和 --target（Webhook 地址或收件地址）。",
                  file=sys.stderr)
            return 2
        smtp = {"host": args.smtp_host, "port": args.smtp_port, "starttls": not args.no_starttls,
                "sender": args.sender, "username": args.smtp_user}
        with write_session() as s:
            view = channels.add_channel(s, SYSTEM, args.plan, args.name, args.kind, args.target,
                                        _secret(args.secret), args.scope, smtp)
        print(f"已添加渠道“{view.name}”（{view.kind.label}，{view.scope_level.label} {view.scope_name}，"
              f"{view.target_hint}）。密钥已加密保存，不会再显示。")
        return 0
    if args.action == "test":
        from notify.test_message import send_test

        result = send_test(SYSTEM, args.name, args.plan)
        print(result.line())
        return 0 if result.status.value == "sent" else 1
    with write_session() as s:
        row = channels.find(s, SYSTEM, args.name, args.plan)
        if args.action == "remove":
            channels.remove(s, SYSTEM, row.id)
        else:
            channels.set_active(s, SYSTEM, row.id, args.action == "enable")
    print({"remove": "已删除", "enable": "已启用", "disable": "已停用"}[args.action] + f"渠道“{args.name}”。")
    return 0


def _rule(args: argparse.Namespace) -> int:
    if not args.plan:
        print("请用 --plan 指定计划（其所属教育局的规则）。", file=sys.stderr)
        return 2
    if args.action == "set":
        if not args.kind:
            print("请用 --kind 指定规则：" + "、".join(f"{k.value}（{k.label}）" for k in RuleKind) + "。", file=sys.stderr)
            return 2
        params = {k: v for k, v in (("days_before", args.days_before), ("days_after", args.days_after),
                                    ("day_of_month", args.day_of_month)) if v is not None}
        enabled = True if args.on else False if args.off else None
        with write_session() as s:
            r = rules.set_rule(s, SYSTEM, args.plan, args.kind, enabled, args.time, params)
        print(f"{r.kind.label}：{'启用' if r.enabled else '停用'}，{r.describe()}。")
        return 0
    with read_session() as s:
        bureau = channels.bureau_of_plan(s, SYSTEM, args.plan)
        settings_ = rules.rules_for(s, bureau.id)
    if args.json:
        print_json([{"kind": k.value, "enabled": r.enabled, "schedule": r.schedule, "params": r.params}
                    for k, r in settings_.items()])
        return 0
    for k, r in settings_.items():
        print(f"{k.value}\t{k.label}\t{'启用' if r.enabled else '停用'}\t{r.describe()}")
    return 0


def _run(args: argparse.Namespace) -> int:
    try:
        at = parse_deadline(args.at)
    except DeadlineError:
        print(f"时间“{args.at}”无效：请写成 \"YYYY-MM-DD HH:MM\"（北京时间）。", file=sys.stderr)
        return 2
    outcomes = worker.run(at, wait=args.wait, briefings=for_notify.tools(), reminders=followup_reminders)
    for o in outcomes:
        print(o.line())
    if not outcomes:
        print("没有需要发送的通知。")
    return 1 if any(o.status.value == "failed" for o in outcomes) else 0


def _log(args: argparse.Namespace) -> int:
    with read_session() as s:
        bureau_id = channels.bureau_of_plan(s, SYSTEM, args.plan).id if args.plan else None
        rows = outbox.log_rows(s, SYSTEM, bureau_id, args.status, args.limit)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        print(f"{r.id}\t{r.status.label}\t{r.channel}\t{r.rule_label}\t{r.scope_code}\t{r.period or ''}\t"
              f"第{r.attempts}次\t{r.text.splitlines()[0] if r.text else ''}" + (f"\t{r.error}" if r.error else ""))
    return 0


def _worker(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker.serve(stop, exit_when_idle=args.exit_when_idle, briefings=for_notify.tools(), reminders=followup_reminders)
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        return {"channel": _channel, "rule": _rule, "run": _run, "log": _log, "worker": _worker}[args.what](args)
    except (EduKPIError, PermissionDenied) as exc:
        print(str(exc), file=sys.stderr)
        return getattr(exc, "exit_code", 2)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("notify", help="通知：渠道（企业微信、钉钉、邮件）、规则、发送、记录和投递进程")
    what = p.add_subparsers(dest="what", required=True, metavar="对象")
    c = what.add_parser("channel", help="通知渠道：add 添加、list 列出、test 发送测试消息、disable/enable 停用/启用、remove 删除")
    c.add_argument("action", choices=["add", "list", "test", "disable", "enable", "remove"], metavar="操作")
    c.add_argument("--plan", help="计划编号，如 2025-taizhou（渠道属于其所属教育局）")
    c.add_argument("--name", help="渠道名称，如 太平街道催报群")
    c.add_argument("--kind", choices=[k.value for k in ChannelKind], metavar="类型",
                   help="wecom（企业微信群机器人）、dingtalk（钉钉群机器人）或 email（电子邮件）")
    c.add_argument("--target", help="机器人的 Webhook 地址，或收件人邮箱（多个用逗号分隔）")
    c.add_argument("--secret", help="钉钉加签密钥（SEC 开头）或 SMTP 密码；写 - 则从标准输入读取")
    c.add_argument("--scope", help="范围：教育局、片区或学校的机构编码，或科室名称；默认全局")
    c.add_argument("--smtp-host", help="邮件服务器地址（email）")
    c.add_argument("--smtp-port", type=int, help="邮件服务器端口（默认 STARTTLS 587，否则 25）")
    c.add_argument("--no-starttls", action="store_true", help="不使用 STARTTLS（仅限内网邮件服务器）")
    c.add_argument("--sender", help="发件人地址（email）")
    c.add_argument("--smtp-user", help="SMTP 登录用户名（email，可不填）")
    c.add_argument("--json", action="store_true", help="list 以 JSON 输出")
    c.set_defaults(func=run)
    r = what.add_parser("rule", help="通知规则：list 列出、set 修改（启停、发送时间、天数）")
    r.add_argument("action", choices=["list", "set"], metavar="操作")
    r.add_argument("--plan", help="计划编号（用其所属教育局）")
    r.add_argument("--kind", choices=[k.value for k in RuleKind], metavar="规则",
                   help="、".join(f"{k.value}（{RULE_LABELS[k.value]}）" for k in RuleKind))
    r.add_argument("--on", action="store_true", help="启用")
    r.add_argument("--off", action="store_true", help="停用")
    r.add_argument("--time", help="发送时间 HH:MM（北京时间），或五段式 cron 表达式")
    r.add_argument("--days-before", type=int, help="催报：截止前几天提醒（另在截止前一天再提醒一次）")
    r.add_argument("--days-after", type=int, help="逾期名单、状态变化：截止后第几天发送")
    r.add_argument("--day-of-month", type=int, help="月度简报：每月几日自动生成上月简报并发送")
    r.add_argument("--json", action="store_true", help="list 以 JSON 输出")
    r.set_defaults(func=run)
    n = what.add_parser("run", help="按给定的北京时间评估全部规则，发送到期的通知后退出（供 cron 与测试）")
    n.add_argument("--at", required=True, metavar="时间", help="\"YYYY-MM-DD HH:MM\"，北京时间")
    n.add_argument("--wait", type=float, default=120, help="等待重试的最长秒数（默认 120）")
    n.set_defaults(func=run)
    g = what.add_parser("log", help="通知记录：每条消息的渠道、规则、状态、尝试次数和内容")
    g.add_argument("--plan", help="只列该计划所属教育局的通知")
    g.add_argument("--status", choices=["sent", "failed", "pending"], help="只列某一状态")
    g.add_argument("--limit", type=int, default=1000, help="最多列出多少条（默认 1000）")
    g.add_argument("--json", action="store_true", help="以 JSON 输出")
    g.set_defaults(func=run)
    w = what.add_parser("worker", help="长期运行的通知投递进程（每分钟评估规则，随时发送到期的通知）")
    w.add_argument("--exit-when-idle", action="store_true", help="没有待发送的通知时退出（测试用）")
    w.set_defaults(func=run)
