"""Every dashboard label in Chinese and English, in one place; quotes from the sources are never translated."""

from __future__ import annotations

import datetime as dt
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# Status values as stored (the progress log and commitment_status use these Chinese words).
NO_REPORT = "未填报"
STATUS_ORDER: tuple[str, ...] = ("未填报", "未启动", "推进中", "滞后", "已完成")

_STATUS_EN = {
    "未填报": "No report yet",
    "未启动": "Not started",
    "推进中": "In progress",
    "滞后": "Behind",
    "已完成": "Done",
}

_KIND_LABELS: dict[str, tuple[str, str]] = {
    "requirement": ("要求", "Requirement"),
    "focus_area": ("重点领域", "Focus area"),
    "project": ("项目/清单事项", "Project / list item"),
    "task": ("单位任务", "Unit task"),
    "request": ("单位诉求", "Request to the city"),
}

_UNIT_KIND_LABELS: dict[str, tuple[str, str]] = {
    "town": ("乡镇（街道）", "Towns"),
    "department": ("部门", "Departments"),
}

_COLOUR_LABELS: dict[str, tuple[str, str]] = {
    "red": ("红灯", "Red"),
    "yellow": ("黄灯", "Yellow"),
    "green": ("绿灯", "Green"),
}

# key -> (zh, en). Templates use str.format fields.
LABELS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("{city}工作推进看板", "{city} work tracker"),
    "page_overview": ("总览", "Overview"),
    "page_departments": ("部门", "By department"),
    "page_towns": ("乡镇", "By town"),
    "page_commitments": ("事项", "Commitments"),
    "page_meetings": ("会议", "Meetings"),
    "page_figures": ("指标", "Figures"),
    "page_upload": ("添加报告", "Add reports"),
    "language_toggle": ("English", "English"),
    # sidebar filters
    "filters": ("筛选", "Filters"),
    "filter_period": ("时间段", "Period"),
    "filter_period_all": ("全部时间", "All dates"),
    "filter_meeting": ("会议", "Meeting"),
    "filter_meeting_all": ("全部会议", "All meetings"),
    "filter_unit_kind": ("单位类型", "Unit kind"),
    "filter_unit_kind_all": ("全部类型", "All kinds"),
    "filter_unit": ("单位", "Unit"),
    "filter_unit_all": ("全部单位", "All units"),
    "filter_status": ("状态", "Status"),
    "filter_status_all": ("全部状态", "All statuses"),
    "filter_reset": ("清除筛选", "Clear filters"),
    "filter_link_hint": (
        "筛选条件已写入网址，复制浏览器地址即可分享当前视图。",
        "The filters are in the address bar: copy the URL to share this view.",
    ),
    "filters_active": ("当前筛选：{text}", "Filtered: {text}"),
    "period_year": ("{y}年", "{y}"),
    "period_quarter": ("{y}年第{q}季度", "Q{q} {y}"),
    "period_month": ("{y}年{m}月", "{mon} {y}"),
    # data state
    "data_as_of": ("数据构建于 {when}", "Data built {when}"),
    "building_first": (
        "首次启动：正在从 config.yaml 构建数据库…",
        "First start: building the database from config.yaml…",
    ),
    "rebuilding": (
        "数据已过期（配置、来源文件或提取程序有变化），正在后台重建…",
        "The data is out of date (config, a source or the extractor changed): rebuilding in the background…",
    ),
    "rebuild_done": ("数据库已重建，新数据已载入。", "Rebuilt: the new data is loaded."),
    "rebuild_failed": (
        "重建失败，仍显示上一版数据。原因：{error}",
        "The rebuild failed; the previous data stays on screen. Reason: {error}",
    ),
    "config_failed": (
        "配置文件有误，仍使用上一版配置与数据。原因：{error}",
        "The config file has a problem; the previous config and data stay in use. Reason: {error}",
    ),
    "build_failed_no_data": (
        "无法构建数据库，看板暂无数据可显示。原因：{error}",
        "The database could not be built, so there is nothing to show yet. Reason: {error}",
    ),
    "no_builder": (
        "数据库不存在，且数据提取模块不可用。请先运行 python -m extract。",
        "The database is missing and the extractor is not available. Run python -m extract first.",
    ),
    "empty_db": ("数据库中还没有任何会议或事项。", "The database holds no meetings or commitments yet."),
    # overview
    "overview_title": ("总览", "Overview"),
    "metric_meetings": ("会议", "Meetings"),
    "metric_commitments": ("事项", "Commitments"),
    "metric_units": ("涉及单位", "Units covered"),
    "metric_figures": ("数据指标", "Figures"),
    "metric_overdue": ("已逾期", "Overdue"),
    "metric_no_update": ("从未更新", "Never updated"),
    "recent_meetings": ("最近会议", "Most recent meetings"),
    "overdue_title": ("逾期事项", "Overdue commitments"),
    "no_update_title": ("尚无进展报告的事项", "Commitments with no progress report yet"),
    "no_overdue": ("没有逾期事项。", "Nothing is overdue."),
    "no_due_dates": (
        "其中 {n} 项没有截止日期（原文未写明），无法判断是否逾期。",
        "{n} of them have no due date (the text gives none), so they cannot be overdue.",
    ),
    "all_updated": ("所有事项都已有进展报告。", "Every commitment has a progress report."),
    "no_update_note": (
        "共 {n} 项尚未填报进展（状态“未填报”）。",
        "{n} commitments have no progress report yet (status 'No report yet').",
    ),
    "no_progress_yet": (
        "尚无任何进展填报：以下状态均为“未填报”，不是估计值。",
        "No progress has been reported yet: every status below is 'No report yet', not an estimate.",
    ),
    # charts
    "chart_status_title": ("事项状态分布", "Commitments by status"),
    "chart_units_title": ("{kind}事项数（按状态）", "Commitments per unit by status: {kind}"),
    "chart_heatmap_title": ("部门 × 乡镇 共同涉及的事项数", "Commitments linking a department and a town"),
    "chart_figures_title": ("报告中的数据指标", "Figures reported"),
    "chart_meetings_title": ("各次会议的事项数", "Commitments per meeting"),
    "as_of": ("截至{date}", "as of {date}"),
    "meetings_between": ("{a}至{b}会议", "meetings {a} to {b}"),
    "meetings_on": ("{a}会议", "meeting of {a}"),
    "no_meetings_span": ("无会议日期", "no meeting dates"),
    "axis_commitments": ("事项数", "Commitments"),
    "axis_unit": ("单位", "Unit"),
    "axis_status": ("状态", "Status"),
    "axis_value": ("数值（对数刻度）", "Value (log scale)"),
    "axis_department": ("部门", "Department"),
    "axis_town": ("乡镇（街道）", "Town"),
    "axis_meeting": ("会议", "Meeting"),
    "chart_no_data": ("暂无数据", "No data"),
    "downloads": ("下载图表", "Download chart"),
    # unit pages
    "units_none_assigned": (
        "{n} 个单位暂无事项（空白也是信息）。",
        "{n} units have nothing assigned (a blank is information).",
    ),
    "heatmap_caption": (
        "每格为同一条事项中同时涉及该部门和该乡镇的次数：事项由其中一方承担，原文中提到另一方。",
        "Each cell counts commitments that involve both: owned by one of them, with the other named in its text.",
    ),
    "heatmap_empty": (
        "当前数据中没有同时涉及部门和乡镇的事项。",
        "No commitment in the current data involves both a department and a town.",
    ),
    "pick_unit": ("查看单位的事项清单", "Show the list of a unit"),
    "pick_unit_help": ("也可以点击上图中的条形来选择单位。", "You can also click a bar in the chart above."),
    "unit_list_title": ("{unit}的事项", "Commitments of {unit}"),
    "unit_no_commitments": (
        "{unit}在当前筛选下没有事项。",
        "{unit} has no commitments under the current filters.",
    ),
    "kind_filter_ignored": (
        "本页只显示{kind}；侧栏的“单位类型”筛选在此页不适用。",
        "This page shows {kind} only; the sidebar's unit-kind filter does not apply here.",
    ),
    "no_units_of_kind": ("配置和数据中都没有{kind}。", "Neither the config nor the data lists any {kind}."),
    # commitments page
    "search": ("搜索（事项、原文、单位、会议）", "Search (title, quote, unit, meeting)"),
    "n_rows": ("共 {n} 条", "{n} rows"),
    "no_rows": ("没有符合条件的事项。", "No commitment matches these filters."),
    "select_row_hint": ("选中一行查看原文出处。", "Select a row to see its source."),
    "source_context": ("原文出处", "Where it comes from"),
    "open_in_meeting": ("在会议原文中查看", "Open in the meeting's source text"),
    "chars": ("第 {a}–{b} 字", "characters {a}–{b}"),
    # columns
    "col_date": ("日期", "Date"),
    "col_meeting": ("会议", "Meeting"),
    "col_unit": ("单位", "Unit"),
    "col_unit_kind": ("单位类型", "Unit kind"),
    "col_kind": ("类别", "Kind"),
    "col_status": ("状态", "Status"),
    "col_title": ("事项", "Commitment"),
    "col_quote": ("原文", "Quote (original)"),
    "col_parent": ("上级要求", "Under"),
    "col_ordinal": ("序号", "No."),
    "col_due": ("截止日期", "Due"),
    "col_percent": ("完成%", "Done %"),
    "col_last_update": ("最近更新", "Last update"),
    "col_source": ("来源", "Source"),
    "col_value": ("数值", "Value"),
    "col_number_text": ("原文数字", "As written"),
    "col_measure": ("量词", "Measure"),
    "col_qualifier": ("约数词", "Qualifier"),
    "col_label": ("指标", "What it counts"),
    "col_title_meeting": ("会议名称", "Meeting"),
    "col_organizer": ("主办", "Organizer"),
    "col_n_commitments": ("事项数", "Commitments"),
    "col_n_figures": ("指标数", "Figures"),
    "col_n": ("数量", "Count"),
    "col_span": ("类型", "Type"),
    # meetings page
    "pick_meeting": ("选择会议", "Choose a meeting"),
    "no_meetings": ("当前筛选下没有会议。", "No meeting matches these filters."),
    "requirements_tree": ("要求与事项（层级）", "Requirements and items (tree)"),
    "no_commitments_in_meeting": (
        "这次会议没有提取到事项。",
        "No commitments were extracted from this meeting.",
    ),
    "source_text": ("来源原文（已标出所有提取片段）", "Source text (every extracted span highlighted)"),
    "legend": ("图例", "Legend"),
    "span_meeting": ("会议", "Meeting"),
    "span_commitment": ("事项", "Commitment"),
    "span_figure": ("指标", "Figure"),
    "whole_source": ("显示整篇原文", "Show the whole source"),
    "spans_table": ("提取片段清单", "Extracted spans"),
    "back_to_text": ("↑原文", "↑text"),
    "no_source_text": ("找不到这次会议的来源原文。", "The source text of this meeting is missing."),
    "meeting_header": ("{date} {title}", "{date} {title}"),
    "no_figures_in_meeting": ("这次会议没有数据指标。", "This meeting reported no figures."),
    # figures page
    "group_by": ("分组方式", "Group by"),
    "group_topic": ("主题（报道标题）", "Topic (article headline)"),
    "group_meeting": ("会议/来源", "Meeting / source"),
    "group_unit": ("单位", "Unit"),
    "group_measure": ("量词", "Measure word"),
    "no_figures": ("当前筛选下没有数据指标。", "No figures match these filters."),
    "not_in_meeting": ("（未归入会议：{source}）", "(not tied to a meeting: {source})"),
    "no_unit": ("（未指明单位）", "(no unit named)"),
    "status_filter_ignored": (
        "指标没有状态，侧栏的“状态”筛选在此页不适用。",
        "Figures have no status; the sidebar's status filter does not apply here.",
    ),
    "hover_quote": ("原文", "Quote"),
    "none": ("—", "—"),
    # 简报 Briefing page (issue 5, pages/briefing.py); the pack itself is always in Chinese
    "page_briefing": ("简报", "Briefing"),
    "brief_intro": (
        "为选定的时间段、会议和单位生成汇报材料：16:9 幻灯片（PPTX）和 A4 打印版（PDF）。内容全部来自数据，"
        "图表在服务器上生成，每张图都注明来源。",
        "Make a briefing pack for a period, meetings and units: 16:9 slides (PPTX) and an A4 handout (PDF). "
        "Everything comes from the data, charts are rendered on the server and each names its sources. "
        "The pack itself is in Chinese.",
    ),
    "brief_period": ("时间段（按会议日期）", "Period (meeting dates)"),
    "brief_meetings": ("会议", "Meetings"),
    "brief_units": ("单位", "Units"),
    "brief_units_all": ("全部单位", "All units"),
    "brief_as_of": ("统计截至", "As of"),
    "brief_charts": ("图表", "Charts"),
    "brief_nothing": ("无法生成简报：{error}", "Cannot make a pack: {error}"),
    "brief_download_pptx": ("下载 PPTX", "Download PPTX"),
    "brief_download_pdf": ("下载 PDF", "Download PDF"),
    "brief_preview": ("内容预览", "Preview"),
    "brief_slide_count": ("共 {n} 页幻灯片", "{n} slides"),
    "brief_show_charts": ("显示图表", "Show charts"),
    "brief_overdue": ("红色及逾期事项（{n}项）", "Red and overdue items ({n})"),
    "brief_no_overdue": ("没有红色或逾期事项。", "No red or overdue items."),
    "brief_sources": ("资料来源", "Sources"),
}

# The progress widgets' labels (tracker/app/progress.py), looked up as 'progress.<key>'.
_PROGRESS_LABELS: dict[str, tuple[str, str]] = {
    "update_title": ("填报进展", "Report progress"),
    "quote": ("原文", "Quote"),
    "current": (
        "当前状态：{status}，进度 {percent}，完成时限 {due}",
        "Now: {status}, {percent} done, due {due}",
    ),
    "status": ("状态", "Status"),
    "percent": ("完成进度（%）", "Percent complete"),
    "as_of": ("截至日期", "As of"),
    "note": ("进展说明", "Note"),
    "evidence": ("佐证链接（可选）", "Evidence link (optional)"),
    "entered_by": ("填报人", "Entered by"),
    "submit": ("保存", "Save"),
    "saved": ("已保存：{status} {percent}%（{as_of}）", "Saved: {status} {percent}% (as of {as_of})"),
    "not_saved": ("未保存，请修改后重试：", "Not saved; fix and try again:"),
    "timeline": ("进展记录", "Timeline"),
    "no_history": ("尚无填报记录。", "No updates yet."),
    "import_title": ("批量导入（CSV/XLSX）", "Bulk import (CSV/XLSX)"),
    "template_csv": ("下载模板（CSV）", "Template (CSV)"),
    "template_xlsx": ("下载模板（Excel）", "Template (Excel)"),
    "upload": ("上传填好的文件", "Upload the filled-in file"),
    "preview": ("预览：将写入 {n} 条", "Preview: {n} updates will be written"),
    "bad_rows": (
        "以下行有误，整个文件都未写入：",
        "These rows are wrong; nothing from the file was written:",
    ),
    "confirm": ("确认导入 {n} 条", "Import {n} updates"),
    "imported": ("已导入 {n} 条。", "Imported {n} updates."),
    "already": ("这个文件已导入过。", "This file was already imported."),
    "skipped": ("跳过空行：{rows}", "Blank rows skipped: {rows}"),
    "follow_up": ("督办清单（未完成的红、黄灯事项）", "Follow-up list (open red and yellow items)"),
    "follow_up_empty": ("没有需要督办的事项。", "Nothing to follow up."),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "rankings": ("单位排名（进位争先）", "Unit ranking"),
    "no_report_note": (
        "尚无人填报进展：状态均为“未填报”，不是估计。",
        "Nobody has reported progress yet: every status is 'No report yet', not an estimate.",
    ),
    "from_report": ("来自报道（非正式填报）", "From reports (not an official status)"),
    "created": ("在会议上提出", "Raised at the meeting"),
    "update": ("填报", "Update"),
    "hint": ("原文提示", "Hint in the text"),
    "evidence:figure": ("后续报道·数据", "Later report: figure"),
    "evidence:completion": ("后续报道·完成", "Later report: completion"),
    "evidence:restatement": ("后续报道·重申", "Later report: restated"),
    "hint_done": ("文中称已完成", "text says done"),
    "hint_in_progress": ("文中称正在推进", "text says under way"),
    "hint_planned": ("文中为计划/要求", "text states a plan"),
    "reason_overdue": ("逾期", "overdue"),
    "reason_late": ("滞后", "late"),
    "reason_behind": ("进度落后", "behind schedule"),
    "reason_silent": ("长期未更新", "no recent update"),
    "reason_due_soon": ("临近时限", "due soon"),
    "reason_done": ("已完成", "done"),
    "reason_on_track": ("正常", "on track"),
    "reason_no_report": ("未填报", "no report"),
    "col_date": ("日期", "Date"),
    "col_event": ("事件", "Event"),
    "col_text": ("内容", "Text"),
    "col_change": ("变更", "Change"),
    "col_who": ("填报人/来源", "Who / source"),
    "col_unit": ("单位", "Unit"),
    "col_title": ("事项", "Commitment"),
    "col_due": ("完成时限", "Due"),
    "col_colour": ("预警", "Warning"),
    "col_reasons": ("原因", "Why"),
    "col_days_silent": ("未更新天数", "Days silent"),
    "col_days_overdue": ("逾期天数", "Days overdue"),
    "col_rank": ("名次", "Rank"),
    "col_score": ("得分", "Score"),
    "col_items": ("事项数", "Items"),
    "col_done": ("已完成", "Done"),
    "col_overdue": ("逾期", "Overdue"),
    "col_reported": ("已填报", "Reported"),
}
LABELS.update({f"progress.{k}": v for k, v in _PROGRESS_LABELS.items()})

# `python -m extract add` and the upload page (tracker/build/add.py, tracker/app/upload.py), as 'add.<key>'.
_ADD_LABELS: dict[str, tuple[str, str]] = {
    "added": ("已添加 {id}：{name}（{reader}）→ {dest}", "Added {id}: {name} ({reader}) → {dest}"),
    "would_add": ("将添加 {id}：{name}（{reader}）→ {dest}", "Would add {id}: {name} ({reader}) → {dest}"),
    "meetings": ("  会议 {n} 个：{list}", "  {n} meetings: {list}"),
    "no_meetings": (
        "  未发现会议（事项和指标仍会显示在看板上）",
        "  No meeting found (items and figures still show)",
    ),
    "items": (
        "  事项 {n} 条：{kinds}；其中 {due} 条写明了完成时限",
        "  {n} items: {kinds}; {due} with a deadline",
    ),
    "no_items": ("  未发现事项", "  No items found"),
    "figures": ("  指标 {n} 个：{list}", "  {n} figures: {list}"),
    "owners": ("  责任单位 {n} 个：{list}", "  {n} owners: {list}"),
    "no_owners": ("  未发现责任单位", "  No owning unit found"),
    "written": (
        "已更新 {config}（原配置备份为 {backup}），数据库已重建。",
        "Updated {config} (the old one is kept as {backup}); the database is rebuilt.",
    ),
    "dry_run": ("试运行：以上为预览，未更改任何文件。", "Dry run: a preview only; no file was changed."),
    "more": ("等", "…"),
    # upload page
    "page": ("添加报告", "Add reports"),
    "intro": (
        "上传会议报道、任务清单或通知（Word .docx、PDF、网页 .html、文本 .txt），先预览提取结果，确认后写入"
        "配置并重建数据库。与命令 python -m extract add 相同。",
        "Upload meeting reports, task lists or notices (Word .docx, PDF, web page .html, text .txt), preview "
        "what is extracted, then confirm to add them to the config and rebuild. Same as python -m extract add.",
    ),
    "files": ("选择文件（可多选）", "Files (several allowed)"),
    "title": ("标题（可选，仅单个文件）", "Title (optional, one file only)"),
    "id": ("来源编号（可选，仅单个文件）", "Source id (optional, one file only)"),
    "date": ("发布日期（可选）", "Publication date (optional)"),
    "year": ("年份（可选，用于只写月日的日期）", "Year (optional, for dates written without one)"),
    "preview": ("预览提取结果", "Preview"),
    "preview_title": ("预览（尚未写入）", "Preview (nothing written yet)"),
    "confirm": ("确认添加", "Add these reports"),
    "done": ("已添加 {n} 份报告，数据库已重建。", "Added {n} reports; the database is rebuilt."),
    "failed": ("未添加，原因：{error}", "Not added: {error}"),
    "admin_only": ("只有管理员可以添加报告。", "Only an administrator can add reports."),
    "text_preview": ("提取用的文本（前 {n} 字）", "Text the extractor reads (first {n} characters)"),
    "sources_title": ("来源文件", "Source files"),
    "col_reader": ("读取方式", "Read as"),
    "col_original": ("原文件", "Original file"),
    "col_text_path": ("提取文本", "Derived text"),
}
LABELS.update({f"add.{k}": v for k, v in _ADD_LABELS.items()})

# accounts, roles and sign-in (tracker/auth, tracker/app/auth.py, python -m tracker users|serve), as 'auth.<key>'.
_AUTH_LABELS: dict[str, tuple[str, str]] = {
    "role_admin": ("管理员", "administrator"),
    "role_editor": ("单位填报员", "unit editor"),
    "role_viewer": ("查看者", "viewer"),
    "action_progress": ("记录进度", "record progress"),
    "action_import": ("导入进度", "import progress"),
    "action_review": ("审核提取结果", "review extracted rows"),
    "action_upload": ("添加报告", "add reports"),
    "action_config": ("更改配置", "change the configuration"),
    "action_users": ("管理账号", "manage accounts"),
    "units_sep": ("、", ", "),
    "no_unit": ("（无责任单位）", "(no unit)"),
    "need_sign_in": ("请先登录再{action}。", "Sign in to {action}."),
    "viewer_refused": (
        "账号 {user} 是查看者，不能{action}；如需填报，请管理员把它改为单位填报员。",
        "Account {user} is a viewer and cannot {action}; ask an administrator to make it a unit editor.",
    ),
    "admin_only": (
        "只有管理员可以{action}；账号 {user} 是{role}。",
        "Only an administrator can {action}; account {user} is a {role}.",
    ),
    "other_unit": (
        "账号 {user} 只能为 {mine} 的事项{action}；事项 {commitment} 属于 {owners}，未保存。",
        "Account {user} can {action} only for commitments of {mine}; {commitment} belongs to {owners}. "
        "Nothing was saved.",
    ),
    "other_unit_rows": (
        "账号 {user} 只能为 {mine} 的事项{action}；文件第 {rows} 行的事项属于 {owners}，整个文件未导入。"
        "请删去这些行，或请该单位或管理员导入。",
        "Account {user} can {action} only for commitments of {mine}; rows {rows} of the file belong to "
        "{owners}, so nothing was imported. Remove those rows, or ask that unit or an administrator.",
    ),
    # sidebar
    "account": ("账号", "Account"),
    "signed_in": ("已登录：{user} · {role}", "Signed in: {user} · {role}"),
    "signed_in_units": ("已登录：{user} · {role}（{units}）", "Signed in: {user} · {role} ({units})"),
    "sign_out": ("退出登录", "Sign out"),
    "sign_in": ("登录", "Sign in"),
    "sign_in_title": ("登录（记录进度需要登录）", "Sign in (needed to record progress)"),
    "sign_in_with": ("通过 {provider} 登录", "Sign in with {provider}"),
    "sign_in_oidc": ("通过统一身份认证登录", "Sign in with your organisation account"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "bad_login": ("用户名或密码不正确。", "Wrong user name or password."),
    "throttled": (
        "该账号登录失败次数过多，请 {minutes} 分钟后再试。",
        "Too many failed sign-ins for this account; try again in {minutes} minutes.",
    ),
    "no_accounts": (
        "尚未设置账号，暂时不能记录进度。管理员可在服务器上运行 python -m tracker users add 名称 --role admin"
        "（见 docs/accounts.md）。",
        "No accounts yet, so nobody can record progress. An administrator creates one on the server with "
        "python -m tracker users add NAME --role admin (see docs/accounts.md).",
    ),
    "accounts_broken": (
        "账号文件有误，暂时无法登录：{error}",
        "The accounts file has a problem, so nobody can sign in: {error}",
    ),
    "oidc_unknown": (
        "已通过身份认证登录为 {identity}，但没有对应的账号，只能查看。请管理员运行 "
        "python -m tracker users add 名称 --role … --oidc {identity}。",
        "Signed in as {identity}, but no account maps to it, so you can only view. Ask an administrator to run "
        "python -m tracker users add NAME --role … --oidc {identity}.",
    ),
    "login_to_view": ("请先登录后查看本看板（在左侧边栏登录）。", "Sign in to view this dashboard (in the sidebar)."),
    "form_as": ("保存时记录为：{user}", "Saved as: {user}"),
    "form_sign_in": ("登录后可记录进度（左侧边栏）。", "Sign in (in the sidebar) to record progress."),
    # the accounts file and `python -m tracker users`
    "file_yaml": (
        "{path}：第 {line} 行第 {column} 列 YAML 语法错误：{problem}；请修正该行，或删除文件后用 "
        "python -m tracker users add 重新创建账号。",
        "{path}: line {line}, column {column}: YAML syntax error: {problem}; fix the line, or delete the file "
        "and create the accounts again with python -m tracker users add.",
    ),
    "file_shape": (
        "{path}：文件应只有 users: 一项，下面是账号列表（见 docs/accounts.md）。",
        "{path}: the file must hold one key, 'users:', with a list of accounts (see docs/accounts.md).",
    ),
    "file_entry": ("{path}：{where} 有误：{problem}", "{path}: {where} is wrong: {problem}"),
    "unknown_key": (
        "不是账号的字段（可用 id、name、role、units、password、oidc）",
        "is not a field of an account (use id, name, role, units, password, oidc)",
    ),
    "file_dup_id": (
        "{path}：账号 {id} 出现了不止一次；删除其中一个。",
        "{path}: account {id} appears more than once; remove one of them.",
    ),
    "file_dup_oidc": (
        "{path}：身份 {identity} 同时属于账号 {a} 和 {b}；一个身份只能对应一个账号。",
        "{path}: identity {identity} belongs to both {a} and {b}; an identity may map to one account only.",
    ),
    "file_read": ("{path}：无法读取账号文件（{error}）。", "{path}: cannot read the accounts file ({error})."),
    "unknown_user": (
        "没有账号 {id}；用 python -m tracker users list 查看现有账号。",
        "There is no account {id}; see the accounts with python -m tracker users list.",
    ),
    "exists": (
        "账号 {id} 已存在；改密码用 python -m tracker users passwd {id}，改角色或单位先 remove 再 add。",
        "Account {id} exists already; change its password with python -m tracker users passwd {id}, or remove "
        "and add it again to change its role or units.",
    ),
    "bad_id": (
        "账号名 {id!r} 不可用：只能用字母、数字、汉字和 . _ - @，1 到 64 个字符。",
        "Account name {id!r} is not allowed: use letters, digits, . _ - @ (1 to 64 characters).",
    ),
    "editor_needs_unit": (
        "单位填报员至少要有一个单位：加上 --unit 单位名（可多次）。",
        "A unit editor needs at least one unit: add --unit NAME (several allowed).",
    ),
    "units_not_for_role": (
        "只有单位填报员有单位；{role}不需要 --unit。",
        "Only unit editors hold units; a {role} takes no --unit.",
    ),
    "unknown_unit": (
        "单位 {unit} 既不在配置的乡镇/部门名单中，也不在数据库中；可用的单位：{known}",
        "Unit {unit} is neither in the config's towns and departments nor in the database; known units: {known}",
    ),
    "password_short": ("密码至少要 {n} 个字符；未更改。", "The password needs at least {n} characters; nothing changed."),
    "password_mismatch": ("两次输入的密码不一致；未更改。", "The two passwords differ; nothing changed."),
    "password_on_command_line": (
        "密码不能写在命令行上（会留在命令历史和进程列表中）：用提示输入，或 --password-stdin 从标准输入读取。",
        "A password never goes on the command line (it stays in the shell history and the process list): "
        "type it at the prompt, or use --password-stdin.",
    ),
    "password_prompt": ("账号 {id} 的密码：", "Password for {id}: "),
    "password_again": ("再输入一次：", "Again: "),
    "no_tty": (
        "无法提示输入密码（标准输入不是终端）：用 --password-stdin 从标准输入读一行密码。",
        "Cannot prompt for a password (standard input is not a terminal): use --password-stdin to read one line.",
    ),
    "no_password_needs_oidc": (
        "--no-password 的账号只能通过统一身份认证登录：同时给出 --oidc 身份（邮箱或 sub）。",
        "An account with --no-password can only sign in through OIDC: give --oidc IDENTITY (e-mail or sub) too.",
    ),
    "last_admin": (
        "{id} 是最后一个管理员，不能删除；先添加另一个管理员。",
        "{id} is the last administrator and cannot be removed; add another administrator first.",
    ),
    "added": ("已添加账号 {id}（{role}）到 {path}", "Added account {id} ({role}) to {path}"),
    "removed": ("已删除账号 {id}（{path}）", "Removed account {id} ({path})"),
    "password_set": ("已更改账号 {id} 的密码（{path}）", "Changed the password of {id} ({path})"),
    "list_empty": (
        "{path} 中还没有账号；用 python -m tracker users add 名称 --role admin 创建第一个。",
        "No accounts in {path} yet; create the first with python -m tracker users add NAME --role admin.",
    ),
    # `python -m tracker progress add|import --user`
    "cli_no_accounts": (
        "{path} 中还没有账号，不能记录进度：先用 python -m tracker users add 名称 --role admin 创建。",
        "No accounts in {path}, so nobody can record progress: create one with "
        "python -m tracker users add NAME --role admin.",
    ),
    "cli_need_user": (
        "记录进度需要账号：加上 --user 账号名（密码在提示时输入，脚本中放在环境变量 TRACKER_PASSWORD）。",
        "Recording progress needs an account: add --user NAME (the password is prompted for, or read from "
        "the environment variable TRACKER_PASSWORD in scripts).",
    ),
    "cli_bad_login": (
        "账号 {id} 不存在或密码不正确；未写入任何内容。",
        "No account {id}, or a wrong password; nothing was written.",
    ),
    "cli_no_password": (
        "没有密码：在终端中运行以便输入密码，或在脚本中设置环境变量 TRACKER_PASSWORD。",
        "No password: run it in a terminal to be asked for it, or set TRACKER_PASSWORD in scripts.",
    ),
    "cli_by_removed": (
        "--by 已取消：进度记录为登录的账号，请用 --user 账号名。",
        "--by is gone: progress is recorded as the signed-in account; use --user NAME.",
    ),
    # `python -m tracker serve` (scripts/start.sh)
    "serve_refused": (
        "拒绝在 {address} 上对外提供服务：{path} 中没有账号，也没有配置统一身份认证（secrets.toml 的 [auth]），"
        "任何能访问此端口的人都无法登录也无法被识别。请先按 docs/accounts.md“在办公网络上提供服务”设置账号；"
        "或去掉 --server.address，只在本机访问。",
        "Refusing to serve on {address}: there are no accounts in {path} and no OIDC sign-in ([auth] in "
        "secrets.toml). Set up accounts first (docs/accounts.md, 'Serving to an office network'), or leave out "
        "--server.address to serve this machine only.",
    ),
    "every_interface": ("所有网络接口", "every network interface"),
}
LABELS.update({f"auth.{k}": v for k, v in _AUTH_LABELS.items()})

# how each reader is named for people (extract/readers)
_READER_LABELS: dict[str, tuple[str, str]] = {
    "txt": ("文本文件", "plain text"),
    "docx": ("Word 文档", "Word document"),
    "pdf": ("PDF 文件", "PDF"),
    "html": ("网页", "web page"),
}


def reader_label(reader: str | None, lang: Lang = "zh") -> str:
    """Which reader made a source's text (txt, docx, pdf, html), for display."""
    pair = _READER_LABELS.get(reader or "txt")
    return (pair[0] if lang == "zh" else pair[1]) if pair else str(reader)


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def t(key: str, lang: Lang = "zh", **fields: object) -> str:
    """The label `key` in `lang`, with {fields} filled in."""
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def status_label(status: str, lang: Lang = "zh") -> str:
    """A status for display: the stored Chinese word, or its English name."""
    return status if lang == "zh" else _STATUS_EN.get(status, status)


def kind_label(kind: str | None, lang: Lang = "zh") -> str:
    """A commitment kind (requirement, task …) for display."""
    if not kind:
        return LABELS["none"][0]
    pair = _KIND_LABELS.get(kind)
    return (pair[0] if lang == "zh" else pair[1]) if pair else kind


def unit_kind_label(kind: str | None, lang: Lang = "zh") -> str:
    """A unit kind ('town'/'department') for display."""
    if not kind:
        return LABELS["none"][0]
    pair = _UNIT_KIND_LABELS.get(kind)
    return (pair[0] if lang == "zh" else pair[1]) if pair else kind


def colour_label(colour: str | None, lang: Lang = "zh") -> str:
    """A warning colour (red/yellow/green) for display."""
    if not colour:
        return ""
    pair = _COLOUR_LABELS.get(colour)
    return (pair[0] if lang == "zh" else pair[1]) if pair else colour


def format_date(d: dt.date | None, lang: Lang = "zh") -> str:
    """A date as 2024年2月20日 or 20 Feb 2024."""
    if d is None:
        return LABELS["none"][0]
    if lang == "zh":
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def period_label(code: str, lang: Lang = "zh") -> str:
    """A period code ('2024', '2024-Q1', '2024-02') for display."""
    if "-Q" in code:
        y, q = code.split("-Q")
        return t("period_quarter", lang, y=y, q=q)
    if "-" in code:
        y, m = code.split("-")
        return t("period_month", lang, y=y, m=int(m), mon=_MONTHS_EN[int(m) - 1])
    return t("period_year", lang, y=code)


def span_label(first: dt.date | None, last: dt.date | None, lang: Lang = "zh") -> str:
    """The 'when' of a chart title: the dates of the meetings it covers."""
    if first is None or last is None:
        return t("no_meetings_span", lang)
    if first == last:
        return t("meetings_on", lang, a=format_date(first, lang))
    return t("meetings_between", lang, a=format_date(first, lang), b=format_date(last, lang))


def chart_title(
    what_key: str, lang: Lang, first: dt.date | None, last: dt.date | None, today: dt.date, **fields: object
) -> str:
    """A chart title that says what and when: '<what> · <meeting dates> · as of <today>'."""
    return " · ".join(
        (
            t(what_key, lang, **fields),
            span_label(first, last, lang),
            t("as_of", lang, date=format_date(today, lang)),
        )
    )
