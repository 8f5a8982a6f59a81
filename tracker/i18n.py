"""Every dashboard label in Chinese and English, in one place; quotes from the sources are never translated."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Literal

from tracker import errors

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

# --- issue 11 (safety): input errors, warnings and log problems, looked up as 'safe.<key>' ---------------
# One block, so other message work merges without conflicts; docs/errors.md lists where each appears.
_SAFETY_MESSAGES: dict[str, tuple[str, str]] = {
    # record logs (tracker/store/logfile.py): skipped lines and batches, files that cannot be used
    "log_torn": (
        "{file} 第 {line} 行：最后一行不完整（写入被中断？），已忽略",
        "{file}, line {line}: the last line is incomplete (an interrupted write?); it is ignored",
    ),
    "log_not_utf8": (
        "{file} 第 {line} 行：不是 UTF-8 文本，已跳过；请勿用其他编码保存日志",
        "{file}, line {line}: is not UTF-8 text; it is skipped (save the log as UTF-8)",
    ),
    "log_not_json": (
        "{file} 第 {line} 行：不是完整的 JSON 记录（写入被中断或被手工改动），已跳过",
        "{file}, line {line}: is not a complete JSON entry (an interrupted write or a hand edit); it is skipped",
    ),
    "log_not_object": (
        "{file} 第 {line} 行：不是一条记录（应为 JSON 对象），已跳过",
        "{file}, line {line}: is not an entry (a JSON object is expected); it is skipped",
    ),
    "log_missing_field": (
        "{file} 第 {line} 行：缺少字段 {field}，已跳过",
        "{file}, line {line}: the field {field} is missing; the line is skipped",
    ),
    "log_bad_field": (
        "{file} 第 {line} 行：字段 {field} 的值 {value} 无效（{reason}），已跳过",
        "{file}, line {line}: the field {field} has a bad value {value} ({reason}); the line is skipped",
    ),
    "log_partial_batch": (
        "{file} 第 {line} 行：所属的一批 {size} 条记录只写入了 {count} 条（写入被中断？），整批已忽略，请重新录入或导入",
        "{file}, line {line}: belongs to a batch of {size} entries of which only {count} were written "
        "(an interrupted write?); the whole batch is ignored, enter or import it again",
    ),
    "log_is_folder": (
        "{file}：这是一个文件夹，不是日志文件；请在配置中改正日志路径",
        "{file}: is a folder, not a log file; fix the log's path in the config",
    ),
    "log_cannot_open": (
        "{file}：无法打开日志进行写入（{reason}），未保存任何内容；请检查文件夹权限",
        "{file}: cannot open the log for writing ({reason}); nothing was saved; check the folder's permissions",
    ),
    "log_cannot_read": (
        "{file}：无法读取日志（{reason}）；请检查文件权限",
        "{file}: cannot read the log ({reason}); check the file's permissions",
    ),
    "log_cannot_write": (
        "{file}：写入日志失败（{reason}），未保存任何内容",
        "{file}: could not write the log ({reason}); nothing new was saved",
    ),
    # why a field's value is bad (pydantic error types; others are shown in pydantic's English)
    "why_missing": ("缺少", "missing"),
    "why_float_type": ("应为数字", "should be a number"),
    "why_int_type": ("应为整数", "should be a whole number"),
    "why_string_type": ("应为文字", "should be text"),
    "why_literal_error": ("应为 {expected}", "should be {expected}"),
    "why_greater_than_equal": ("应不小于 {ge}", "should be at least {ge}"),
    "why_less_than_equal": ("应不大于 {le}", "should be at most {le}"),
    "why_finite_number": ("应为有限的数", "should be a finite number"),
    "why_string_too_short": ("不能为空", "should not be empty"),
    "why_iso_date": ("应为 YYYY-MM-DD 格式的日期", "should be a date written YYYY-MM-DD"),
    "why_iso_time": (
        "应为 2024-06-02T09:15:00+08:00 这样的时间",
        "should be a time like 2024-06-02T09:15:00+08:00",
    ),
    "why_control_chars": (
        "路径中不能有控制字符（例如 NUL 字节）；请重新输入",
        "a path must not contain control characters such as a NUL byte; retype it",
    ),
    "why_not_text_encoding": (
        "不是已知的文本编码；请写 utf-8、gb18030 或 utf-16，或删去此项",
        "not a known text encoding; use e.g. utf-8, gb18030 or utf-16, or leave it out",
    ),
    "why_int_parsing": ("应为整数", "should be a whole number"),
    "why_float_parsing": ("应为数字", "should be a number"),
    "why_bool_parsing": ("应为 true 或 false", "should be true or false"),
    "why_date_parsing": ("应为 YYYY-MM-DD 格式的日期", "should be a date written YYYY-MM-DD"),
    "why_date_from_datetime_parsing": ("应为 YYYY-MM-DD 格式的日期", "should be a date written YYYY-MM-DD"),
    "why_date_type": ("应为 YYYY-MM-DD 格式的日期", "should be a date written YYYY-MM-DD"),
    "why_tuple_type": ("应为列表（每项以 - 开头）", "should be a list (one '- ' item per line)"),
    "why_model_type": ("应为“名称: 值”形式的设置组", "should be a group of 'name: value' settings"),
    "why_model_attributes_type": (
        "应为“名称: 值”形式的设置组",
        "should be a group of 'name: value' settings",
    ),
    "why_string_pattern_mismatch": ("只能包含字母、数字和 - _ .", "may hold only letters, digits and - _ ."),
    "and_more": ("（另有 {n} 处问题）", " (and {n} more)"),
    # the dashboard
    "page_failed": (
        "页面出错了，请刷新重试；如果反复出现，请把错误编号 {incident} 告诉管理员。",
        "Something went wrong on this page. Reload to try again; if it keeps happening, give the administrator "
        "the incident number {incident}.",
    ),
    "data_warnings": ("数据有 {n} 处需要注意：", "{n} things in the data need attention:"),
    "and_n_more": ("……另有 {n} 处", "… and {n} more"),
    "import_again_box": (
        "再次导入（确认这个文件要重复写入）",
        "Import again (I mean to write this file twice)",
    ),
    "reported_by": ("填报", "reported by"),
    "warning": ("警告：{text}", "warning: {text}"),
    # config.yaml (tracker/config.py)
    "config_not_found": (
        "{file}：找不到配置文件；请用 --config 指定正确的路径",
        "{file}: config file not found; pass --config with the right path",
    ),
    "config_unreadable": (
        "{file}：无法读取配置文件（{reason}）",
        "{file}: cannot read the config file ({reason})",
    ),
    "config_not_utf8": (
        "{file}：第 {byte} 字节处不是有效的 UTF-8；请把文件另存为 UTF-8",
        "{file}: not valid UTF-8 at byte {byte}; save the file as UTF-8",
    ),
    "config_yaml_at": (
        "{file}：第 {line} 行第 {column} 列 YAML 语法错误：{problem}",
        "{file}: line {line}, column {column}: YAML syntax error: {problem}",
    ),
    "config_yaml": ("{file}：YAML 语法错误：{problem}", "{file}: YAML syntax error: {problem}"),
    "config_duplicate_key": (
        "{file} 第 {line} 行：键 '{key}' 重复（第 {first} 行已有）；YAML 只会保留其中一个，请删除或合并",
        "{file}, line {line}: the key '{key}' appears a second time (first on line {first}); YAML would keep only "
        "one, so remove or merge them",
    ),
    "config_key_not_text": (
        "{file} 第 {line} 行：键 {key} 不是文字；设置项名称必须是文字（数字、yes/no、日期作名称时请加引号）",
        "{file}, line {line}: the key {key} is not text; setting names must be text (quote numbers, yes/no and "
        "dates used as names)",
    ),
    "config_bad_date": (
        "{file} 第 {line} 行：{value} 不是有效的日期；请写成 YYYY-MM-DD，例如 2024-02-26",
        "{file}, line {line}: {value} is not a real date; write it as YYYY-MM-DD, e.g. 2024-02-26",
    ),
    "config_not_mapping": (
        "{file}：文件内容必须是“设置项: 值”的映射，而不是 {kind}",
        "{file}: the file must be a mapping of settings, not {kind}",
    ),
    "config_unknown_setting": (
        "{file}：没有设置项 '{key}'；请检查拼写（见 README 的配置表）{more}",
        "{file}: Setting '{key}' is not a known setting; check its spelling (see the README's config table){more}",
    ),
    "config_missing_setting": (
        "{file}：缺少必填的设置项 '{key}'{more}",
        "{file}: Setting '{key}' is required but missing{more}",
    ),
    "config_bad_value": (
        "{file}：设置项 '{key}' 的值 {value} 有误：{reason}{more}",
        "{file}: Setting '{key}' has a bad value {value}: {reason}{more}",
    ),
    "config_problem": ("{file}：{reason}{more}", "{file}: {reason}{more}"),
    "config_outside": (
        "{file}：设置项 {setting} 指向项目文件夹 {home} 之外的 {path}；请把文件放进项目文件夹，或在 allowed_folders "
        "中列出它所在的文件夹",
        "{file}: Setting {setting} points to {path}, outside the project folder {home}; move the file into the "
        "project folder or list its folder under allowed_folders",
    ),
    "config_same_file": (
        "{file}：{first} 和 {second} 是同一个文件（{path}）；数据库、进度日志、审核日志、配置文件和每个来源必须是"
        "不同的文件，否则构建会覆盖其中之一",
        "{file}: {first} and {second} are the same file ({path}); the database, the progress log, the review log, "
        "the config and every source must be different files, or a build would overwrite one of them",
    ),
    # source files (extract/decode.py) and the build (tracker/build, tracker/store/db.py)
    "source_not_found": (
        "{file}：找不到来源文件；请检查配置中这个来源的 path",
        "{file}: source file not found; check the 'path' of this source in the config",
    ),
    "source_is_folder": (
        "{file}：这是一个文件夹，不是文本文件；请在配置的 path 中写出文件名",
        "{file}: is a folder, not a text file; name the file in the source's 'path'",
    ),
    "source_unreadable": ("{file}：无法读取（{reason}）", "{file}: cannot be read ({reason})"),
    "source_unknown_encoding": (
        "{file}：配置中的编码 '{encoding}' 不是已知的文本编码；请写 utf-8、gb18030 或 utf-16",
        "{file}: the encoding '{encoding}' in the config is not a known text encoding; use utf-8, gb18030 or utf-16",
    ),
    "source_wrong_encoding": (
        "{file}：无法按 {encoding} 解码（第 {byte} 字节）；请改正这个来源的 encoding 设置",
        "{file}: cannot be decoded as {encoding} (byte {byte}); fix the 'encoding' setting of this source",
    ),
    "source_bad_bom": (
        "{file}：文件开头标明是 {encoding}，但第 {byte} 字节处内容有误；请重新保存为 UTF-8",
        "{file}: starts with a {encoding} byte-order mark but has bad bytes at {byte}; save it again as UTF-8",
    ),
    "source_not_text": (
        "{file}：不是文本文件（按 UTF-8、GB18030、UTF-16 都读不出正常文字，可能是图片或其他二进制文件）；"
        "请另存为 UTF-8 文本，或在配置中为它设置 encoding",
        "{file}: not a text file (it does not read as text in UTF-8, GB18030 or UTF-16; an image or another "
        "binary file?); save it as UTF-8 text or set 'encoding' for this source in the config",
    ),
    "source_not_text_as": (
        "{file}：按 {encoding} 解码后含有大量控制字符，不像文本；请检查文件和 encoding 设置",
        "{file}: decoded as {encoding} it is full of control characters, not text; check the file and the "
        "'encoding' setting",
    ),
    "source_empty": (
        "{file}：来源文件是空的（或只有空白），没有提取到任何内容",
        "{file}: the source file is empty (or only white space); nothing was extracted from it",
    ),
    "build_warnings": ("构建警告：", "Build warnings:"),
    "db_is_folder": (
        "{file}：数据库路径是一个文件夹；请在配置的 database 中写一个文件名，例如 data/tracker.duckdb",
        "{file}: the database path is a folder; set 'database' in the config to a file, e.g. data/tracker.duckdb",
    ),
    "db_not_duckdb": (
        "{file}：已存在且不是 DuckDB 数据库，构建不会覆盖它；请在配置的 database 中换一个文件名",
        "{file}: exists and is not a DuckDB database, so the build will not overwrite it; choose another "
        "'database' file in the config",
    ),
    "db_cannot_write": (
        "{file}：无法写入数据库（{reason}），原有数据库保持不变；请检查文件夹权限和磁盘空间",
        "{file}: cannot write the database ({reason}); the old one is unchanged; check the folder's permissions "
        "and free space",
    ),
    # progress imports
    "import_unsupported_type": (
        "{file}：不支持的文件类型 {suffix}；请把表格另存为 .csv 或 .xlsx",
        "{file}: unsupported file type {suffix}; save the sheet as .csv or .xlsx",
    ),
    "csv_undecodable": (
        "{file}：无法按 UTF-8 或 GB18030 读取；请在 Excel 中另存为“CSV UTF-8”",
        "{file}: cannot be read as UTF-8 or GB18030; save it from Excel as 'CSV UTF-8'",
    ),
    "csv_unreadable": (
        "{file}：不是可读的 CSV 文件（{detail}）；文件可能不完整，请重新保存为 CSV",
        "{file}: not a readable CSV file ({detail}); it may be incomplete, save it again as CSV",
    ),
    "import_empty": (
        "{file}：文件是空的；请从模板开始填写（python -m tracker progress template）",
        "{file}: the file is empty; start from the template (python -m tracker progress template)",
    ),
    "xlsx_unreadable": (
        "{file}：不是可读的 .xlsx 工作簿（{detail}）；请在 Excel 中重新保存",
        "{file}: not a readable .xlsx workbook ({detail}); save it again from Excel",
    ),
    "xlsx_empty": (
        "{file}：第一个工作表是空的；请从模板开始填写",
        "{file}: the first sheet is empty; start from the template",
    ),
    "import_missing_columns": (
        "{file}：表头缺少列 {columns}；文件需要 {needed} 这几列（请下载模板）",
        "{file}: the header lacks the column(s) {columns}; the file needs {needed} (download the template)",
    ),
    "import_duplicate_columns": (
        "{file}：表头中列 {columns} 出现了不止一次；请只保留一列",
        "{file}: the column(s) {columns} appear more than once in the header; keep one",
    ),
    "import_too_many_rows": (
        "{file}：共 {n} 行，超过上限 {max} 行；请拆分成几个文件",
        "{file}: {n} rows is more than {max}; split the file",
    ),
    "csv_cut_short": (
        "只有 {n} 列（表头有 {m} 列）且没有换行结尾：文件在这一行被截断了；请重新保存完整的文件再导入",
        "has only {n} of the header's {m} columns and no line end: the file was cut off in this row; "
        "save the whole file again and import it",
    ),
    "import_bad_rows": (
        "{file}：有 {rows} 行有误（共 {problems} 处问题），整个文件都未写入；请改正后重新导入",
        "{file}: {rows} bad row(s) ({problems} problem(s)); nothing was written — fix them and import the file again",
    ),
    "import_nothing": (
        "{file}：没有可导入的进展（空行已跳过）",
        "{file}: no rows with progress to import (blank rows are skipped)",
    ),
    "import_ready": ("{file}：{n} 条进展可以导入", "{file}: {n} update(s) ready to import"),
    "row_problem": (
        "第 {row} 行，列 '{column}'{shown}：{reason}",
        "row {row}, column '{column}'{shown}: {reason}",
    ),
    "value_problem": ("'{column}'{shown}：{reason}", "'{column}'{shown}: {reason}"),
    "second_update": (
        "同一事项在 {date} 有第二条进展（第 {first} 行已有）；请只保留一行",
        "has a second update for {date} (row {first} has one); keep one row",
    ),
    # checks of one update (form, CLI, import rows): what is wrong with the value and how to fix it
    "id_empty": (
        "为空；请从模板或看板复制事项编号",
        "is empty; copy the commitment's id from the template or the dashboard",
    ),
    "id_unknown": (
        "不是已知的事项；请下载新模板获取当前的事项编号",
        "is not a known commitment; download a fresh template for the current ids",
    ),
    "status_empty": ("为空；请填写 {statuses} 之一", "is empty; use one of {statuses}"),
    "status_unknown": ("不是状态；请填写 {statuses} 之一", "is not a status; use one of {statuses}"),
    "percent_empty": (
        "为空；状态为 {status} 时请填写完成进度（0-100）",
        "is empty; give the percent complete (0-100) for status {status}",
    ),
    "percent_not_number": (
        "不是数字；请填写 0 到 100 之间的完成进度，例如 60",
        "is not a number; give the percent complete from 0 to 100, e.g. 60",
    ),
    "percent_range": ("必须在 0 到 100 之间", "must be between 0 and 100"),
    "percent_done": (
        "状态为已完成时必须是 100；请修改状态或进度",
        "must be 100 when the status is 已完成; change the status or the percent",
    ),
    "percent_not_started": (
        "状态为未启动时必须是 0；已开始的工作请用推进中",
        "must be 0 when the status is 未启动; use 推进中 for work that has started",
    ),
    "as_of_empty": (
        "为空；请填写进展对应的日期，格式 YYYY-MM-DD",
        "is empty; give the date the status refers to, as YYYY-MM-DD",
    ),
    "as_of_not_date": (
        "不是日期；请写成 YYYY-MM-DD，例如 2024-03-31",
        "is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31",
    ),
    "as_of_future": (
        "是将来的日期（今天是 {today}）；请填报截至今天或更早的进展",
        "is in the future (today is {today}); report progress as of today or earlier",
    ),
    "note_long": ("有 {n} 个字，请控制在 {max} 字以内", "is {n} characters long; keep it under {max}"),
    "evidence_long": (
        "有 {n} 个字符；请给出 {max} 字符以内的链接",
        "is {n} characters long; give a link under {max} characters",
    ),
    "evidence_spaces": (
        "含有空格；请只填一个链接（http://…）或文件路径",
        "contains spaces; give a single link (http://…) or file path",
    ),
    "import_again": (
        "{file}：这个文件（内容相同）已于 {when} 由 {by} 导入过，本次未写入；确需再次导入请加 --again（命令行）"
        "或勾选“再次导入”（看板）",
        "{file}: this file (same content) was already imported on {when} by {by}; nothing was written. To "
        "import it again, add --again (command line) or tick 'Import again' (dashboard)",
    ),
}
LABELS.update({f"safe.{k}": v for k, v in _SAFETY_MESSAGES.items()})
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


def t(key: str, lang: Lang = "zh", /, **fields: object) -> str:
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


# --- the language of messages outside the dashboard (CLI errors and warnings) -------------------------

LANG_ENV = "TRACKER_LANG"  # zh or en: overrides the config's language for command-line messages
_LANG: ContextVar[Lang | None] = ContextVar("tracker_lang", default=None)


def current_language() -> Lang:
    """$TRACKER_LANG when set, else the language a command chose (use_language), else zh."""
    env = os.environ.get(LANG_ENV, "")
    if env in LANGS:
        return env  # type: ignore[return-value]
    return _LANG.get() or "zh"


def use_language(lang: str) -> None:
    """Make messages of this command (this context) come out in `lang` (the config's language)."""
    if lang in LANGS:
        _LANG.set(lang)  # type: ignore[arg-type]


def message(key: str, lang: str | None = None, /, **fields: object) -> str:
    """A message in `lang` (None: the current language); unknown keys come back as they are.

    Fields `why` (a pydantic error type) and `ctx` replace `reason` with its translation where there is one;
    `more` (a count of further problems) becomes a short suffix.
    """
    if key not in LABELS:
        return key
    chosen: Lang = lang if lang in LANGS else current_language()  # type: ignore[assignment]
    why, ctx = fields.pop("why", None), fields.pop("ctx", None) or {}
    if f"safe.why_{why}" in LABELS:
        shown = {k: " / ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in ctx.items()}
        fields["reason"] = t(f"safe.why_{why}", chosen, **shown)
    if "more" in fields:
        more = fields["more"]
        fields["more"] = t("safe.and_more", chosen, n=more) if isinstance(more, int) and more > 0 else ""
    return t(key, chosen, **fields)


def error_text(e: BaseException, lang: str | None = None) -> str:
    """A user error in `lang` (keyed errors are translated; plain ones are shown as written)."""
    return e.text(lang) if isinstance(e, errors.UserError) else str(e)


def _translate(key: str, fields: Mapping[str, object], lang: str | None) -> str:
    return message(key, lang, **fields)


errors.set_translator(_translate)
