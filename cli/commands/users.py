"""python -m kpis users add|list|disable|enable|reset-password

Passwords are read from a prompt (getpass, typed twice) or, when standard input is not a terminal,
from its first line; never from the command line, where ps and the shell history would keep them."""

import argparse
import getpass
import sys

from auth import passwords, users
from auth.principal import ROLES, SYSTEM
from auth.scope import PermissionDenied
from db.session import read_session, write_session
from cli.commands import print_json


def read_password(prompt: str = "新密码：") -> str | None:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        second = getpass.getpass("再输入一次：")
        if first != second:
            print("两次输入的密码不一致，未做任何修改。", file=sys.stderr)
            return None
        return first
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _act(fn) -> int:  # noqa: ANN001
    try:
        with write_session() as s:
            fn(s)
    except (users.UserError, passwords.WeakPassword, PermissionDenied) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        with read_session() as s:
            rows = users.list_users(s, SYSTEM)
        if args.json:
            print_json([{"username": r.username, "display_name": r.display_name, "role": r.role,
                         "scope": r.scope_code, "department": r.department, "active": r.active} for r in rows])
            return 0
        for r in rows:
            state = "启用" if r.active else "停用"
            dept = f" · {r.department}" if r.department else ""
            print(f"{r.username}\t{r.role_label}\t{r.scope_name}{dept}\t{state}")
        if not rows:
            print("还没有任何用户。用 python -m kpis users add --username 用户名 --role admin 创建第一位管理员。")
        return 0
    if not args.username:
        print("请用 --username 指定用户名。", file=sys.stderr)
        return 2
    if args.action == "disable":
        code = _act(lambda s: users.set_active(s, SYSTEM, args.username, False))
        if code == 0:
            print(f"已停用用户 {args.username}，其所有登录会话已结束。")
        return code
    if args.action == "enable":
        code = _act(lambda s: users.set_active(s, SYSTEM, args.username, True))
        if code == 0:
            print(f"已启用用户 {args.username}。")
        return code
    if args.action == "add" and not args.role:
        print("请用 --role 指定角色：" + "、".join(f"{k}（{v}）" for k, v in ROLES.items()) + "。", file=sys.stderr)
        return 2
    password = read_password()
    if password is None:
        return 2
    if args.action == "add":
        code = _act(lambda s: users.create_user(s, SYSTEM, args.username, password, args.role, args.scope,
                                                args.department, args.display_name or ""))
        if code == 0:
            print(f"已创建用户 {args.username}（{ROLES[args.role]}）。")
        return code
    code = _act(lambda s: users.reset_password(s, SYSTEM, args.username, password))
    if code == 0:
        print(f"已重置用户 {args.username} 的密码，其所有登录会话已结束。")
    return code


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("users", help="管理用户：add 新建、list 列出、disable 停用、enable 启用、reset-password 重置密码")
    s.add_argument("action", choices=["add", "list", "disable", "enable", "reset-password"], metavar="操作",
                   help="add、list、disable、enable 或 reset-password")
    s.add_argument("--username", help="用户名")
    s.add_argument("--role", choices=list(ROLES), metavar="角色",
                   help="角色：" + "、".join(f"{k}（{v}）" for k, v in ROLES.items()))
    s.add_argument("--scope", help="数据范围的机构编码：学校标识码、片区编码或教育局编码；系统管理员可不填")
    s.add_argument("--department", help="所属科室（科室角色必填），如 学前教育科")
    s.add_argument("--display-name", help="姓名")
    s.add_argument("--json", action="store_true", help="list 以 JSON 输出")
    s.set_defaults(func=run)
