"""python -m kpis init [--demo]"""

import argparse

from seed import bootstrap


def run(args: argparse.Namespace) -> int:
    report = bootstrap.initialise(with_demo=args.demo)
    c = report.catalog
    if c.nothing_changed:
        print("数据库已是最新：目录无变化。")
    else:
        print(f"已载入目录：新增计划 {c.plans_added} 个、指标 {c.kpis_added} 项、"
              f"数据元素 {c.elements_added} 个、定义新版本 {c.versions_added} 个。")
    for plan, d in report.demo.items():
        if d.schools:
            print(f"演示数据 {plan}：片区 {d.districts} 个、学校 {d.schools} 所、"
                  f"报送 {d.submissions} 份、数据 {d.values} 条、科室进展 {d.updates} 条。")
        else:
            print(f"演示数据 {plan}：已存在，未重复生成。")
    if report.accounts:
        print("演示账户（仅用于演示，正式使用前请停用）：")
        for a in report.accounts:
            print(f"  {a.username}\t{a.role_label}\t{a.scope}\t密码：{a.password}")
        if not bootstrap.demo_mode_default():
            print("注意：演示模式未开启（EDUKPI_DEMO=0 或使用外部数据库），演示账户不能登录。"
                  "请用 `python -m kpis users add --username 用户名 --role admin --scope 教育局编码` 创建管理员。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("init", help="创建或升级数据库并载入指标目录")
    s.add_argument("--demo", action="store_true", help="同时生成演示数据（片区、学校、12个月数据）")
    s.set_defaults(func=run)
