"""通知设置 (admins): the bureau's channels (企业微信/钉钉 robots, email) with a test button, the rules
(on/off, time, days) and the messages that failed. Secrets are typed once and never shown again."""

import pandas as pd
import streamlit as st

from auth.scope import PermissionDenied
from core.errors import EduKPIError
from db.session import read_session, write_session
from kpis import clock, figures
from notify import channels, outbox, rules
from notify.test_message import send_test
from notify.vocab import ChannelKind, Status
from pages.common import md_escape, require_plan, require_principal, time_column

st.title("通知设置")
st.caption("把催报、逾期名单、指标状态变化和月度简报自动发到企业微信群、钉钉群或邮箱。"
           "机器人地址和密钥加密保存，保存后不再显示。")

me = require_principal()
if me.role != "admin":
    st.error("只有管理员可以设置通知。")
    st.stop()
plan = require_plan()

flash = st.session_state.pop("_notify_flash", None)
if flash:
    st.success(md_escape(flash))


def act(fn, done: str) -> bool:  # noqa: ANN001
    try:
        with write_session() as s:
            fn(s)
    except (EduKPIError, PermissionDenied) as exc:
        st.error(md_escape(str(exc)))
        return False
    st.session_state["_notify_flash"] = done
    st.rerun()
    return True


with read_session() as s:
    views = channels.list_channels(s, me, plan.key)
    rule_settings = rules.rules_for(s, channels.bureau_of_plan(s, me, plan.key).id)
    options = figures.scope_options(s, me, plan.key)
    failed = [r for r in outbox.log_rows(s, me, views[0].bureau_id if views else None, Status.FAILED.value)
              if not r.acknowledged] if views else []

tab_channels, tab_rules, tab_failed = st.tabs(["通知渠道", "发送规则", f"发送失败（{len(failed)}）"])

with tab_channels:
    if views:
        st.dataframe(pd.DataFrame([{
            "名称": v.name, "类型": v.kind.label, "范围": f"{v.scope_level.label} · {v.scope_name}",
            "地址": v.target_hint, "加签": "是" if v.signed else "", "邮件服务器": v.smtp,
            "状态": "启用" if v.active else "停用"} for v in views]), hide_index=True, width="stretch")
    else:
        st.info("还没有通知渠道。请在下方添加本局、各片区/街道或科室的群机器人。")

    st.subheader("添加渠道")
    kind = st.selectbox("渠道类型", list(ChannelKind), format_func=lambda k: k.label, key="nf_kind")
    scope_labels = {"": f"全局 · {plan.bureau}"}
    scope_labels.update({code: f"片区/街道 · {name}" for code, name in options["districts"]})
    scope_labels.update({d: f"科室 · {d}" for d in channels.departments()})
    with st.form("nf_add", clear_on_submit=True):
        name = st.text_input("渠道名称", max_chars=100, placeholder="如 太平街道催报群")
        scope = st.selectbox("发送范围", list(scope_labels), format_func=lambda c: scope_labels[c], key="nf_scope")
        school = st.text_input("或指定一所学校（学校标识码，可不填）", max_chars=10, placeholder="如 2110810001")
        if kind is ChannelKind.EMAIL:
            target = st.text_input("收件地址", placeholder="多个地址用逗号分隔，如 a@example.edu.cn")
            c1, c2 = st.columns(2)
            host = c1.text_input("邮件服务器（SMTP）", placeholder="如 smtp.example.edu.cn")
            port = c2.number_input("端口", min_value=1, max_value=65535, value=587, step=1)
            starttls = st.checkbox("使用 STARTTLS 加密", value=True)
            sender = c1.text_input("发件人地址", placeholder="如 kpi@example.edu.cn")
            user = c2.text_input("SMTP 用户名（可不填）")
            secret = st.text_input("SMTP 密码（可不填）", type="password")
        else:
            target = st.text_input("Webhook 地址", type="password",
                                   placeholder="在群设置 → 群机器人 → 机器人详情中复制完整地址")
            secret = (st.text_input("加签密钥（SEC 开头）", type="password",
                                    placeholder="在机器人安全设置中选择“加签”后复制")
                      if kind is ChannelKind.DINGTALK else None)
            host = sender = user = None
            port, starttls = 587, True
        if st.form_submit_button("保存渠道", type="primary"):
            smtp = {"host": host, "port": port, "starttls": starttls, "sender": sender, "username": user}
            act(lambda s: channels.add_channel(s, me, plan.key, name, kind.value, target, secret,
                                               school.strip() or scope, smtp),
                f"已保存渠道“{name.strip()}”。地址和密钥已加密保存，不会再显示。")

    if views:
        st.subheader("测试与管理")
        by_id = {v.id: v for v in views}
        picked = st.selectbox("渠道", list(by_id), format_func=lambda i: f"{by_id[i].name}（{by_id[i].kind.label}）",
                              key="nf_pick")
        c1, c2, c3 = st.columns(3)
        if c1.button("发送测试消息", type="primary", key="nf_test"):
            try:
                result = send_test(me, channel_id=picked)
            except (EduKPIError, PermissionDenied) as exc:
                st.error(md_escape(str(exc)))
            else:
                if result.status is Status.SENT:
                    st.success(f"测试消息已送达“{md_escape(result.channel)}”，请在群或邮箱中查看“EduKPI 测试消息”。")
                else:
                    st.error(f"测试消息未送达：{md_escape(result.error or result.status.label)}")
        chosen = by_id[picked]
        if c2.button("停用" if chosen.active else "启用", key="nf_toggle"):
            act(lambda s: channels.set_active(s, me, picked, not chosen.active),
                f"已{'停用' if chosen.active else '启用'}渠道“{chosen.name}”。")
        if c3.button("删除渠道", key="nf_remove"):
            act(lambda s: channels.remove(s, me, picked), f"已删除渠道“{chosen.name}”及其通知记录。")

with tab_rules:
    st.caption("发送时间为北京时间；同一条消息（规则、范围、期间、日期相同）只发送一次。")
    for kind, rule in rule_settings.items():
        with st.form(f"nf_rule_{kind.value}"):
            st.markdown(f"**{kind.label}**　{md_escape(rule.describe())}")
            enabled = st.checkbox("启用", value=rule.enabled, key=f"nf_on_{kind.value}")
            cols = st.columns(2)
            when = (cols[0].text_input("发送时间", value=rule.time_text, key=f"nf_time_{kind.value}",
                                       help="HH:MM，如 09:00；也可写五段式 cron 表达式") if rule.schedule else None)
            params = {}
            if "days_before" in rule.params:
                params["days_before"] = int(cols[1].number_input("截止前几天提醒（另在前一天再提醒）", 1, 30,
                                                                 int(rule.params["days_before"]),
                                                                 key=f"nf_db_{kind.value}"))
            if "days_after" in rule.params:
                params["days_after"] = int(cols[1].number_input("截止后第几天发送", 1, 30, int(rule.params["days_after"]),
                                                                key=f"nf_da_{kind.value}"))
            if "day_of_month" in rule.params:
                dom = cols[1].number_input("每月几日自动生成上月简报（0 为不自动生成）", 0, 28,
                                           int(rule.params["day_of_month"] or 0), key=f"nf_dom_{kind.value}")
                params["day_of_month"] = int(dom) or None
            if st.form_submit_button("保存"):
                act(lambda s, k=kind, e=enabled, w=when, p=params: rules.set_rule(s, me, plan.key, k.value, e, w, p),
                    f"已保存规则“{kind.label}”。")

with tab_failed:
    if not failed:
        st.info("没有未处理的发送失败。")
    else:
        st.warning(f"有 {len(failed)} 条通知最终发送失败。请检查渠道后重新发送，或标记为已处理。")
        st.dataframe(pd.DataFrame([{
            "编号": r.id, "时间": clock.local(r.created_at), "渠道": r.channel, "规则": r.rule_label,
            "范围": r.scope_code, "尝试次数": r.attempts, "错误": r.error or "", "内容": r.text} for r in failed]),
            hide_index=True, width="stretch", column_config={"时间": time_column("时间")})
        ids = [r.id for r in failed]
        pick = st.selectbox("通知编号", ids, key="nf_failed_pick")
        c1, c2 = st.columns(2)
        if c1.button("重新发送", key="nf_resend"):
            act(lambda s: outbox.resend(s, me, pick), f"已将第 {pick} 条通知重新排队发送。")
        if c2.button("标记已处理", key="nf_ack"):
            act(lambda s: outbox.acknowledge(s, me, pick), f"已将第 {pick} 条通知标记为已处理。")
