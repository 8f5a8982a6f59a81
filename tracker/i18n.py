"""Every dashboard label in Chinese and English, in one place; quotes from the sources are never translated."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from tracker import errors
from tracker.vocabulary import NO_REPORT as NO_REPORT  # the status words, labelled below
from tracker.vocabulary import STATUS_ORDER as STATUS_ORDER

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


_STATUS_EN = {
    "未填报": "No report yet",
    "未启动": "Not started",
    "推进中": "In progress",
    "滞后": "Behind",
    "待销号": "Awaiting sign-off",
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
    "page_meetings": ("会议与文件", "Meetings and documents"),
    "page_figures": ("指标", "Figures"),
    "page_upload": ("添加报告", "Add reports"),
    "page_review": ("审核", "Review"),
    "language_toggle": ("English", "English"),
    # sidebar filters
    "filters": ("筛选", "Filters"),
    "filter_period": ("时间段", "Period"),
    "filter_period_all": ("全部时间", "All dates"),
    "filter_meeting": ("会议与文件", "Meeting or document"),
    "filter_meeting_all": ("全部会议和文件", "All meetings and documents"),
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
    "metric_meetings": ("会议与文件", "Meetings and documents"),
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
    "axis_meetings": ("会议数", "meetings"),
    "axis_unit": ("单位", "Unit"),
    "axis_status": ("状态", "Status"),
    "axis_value": ("数值（对数刻度）", "Value (log scale)"),
    "axis_department": ("部门", "Department"),
    "axis_town": ("乡镇（街道）", "Town"),
    "axis_meeting": ("会议", "Meeting"),
    "chart_no_data": ("暂无数据", "No data"),
    "downloads": ("下载图表", "Download chart"),
    # unit pages
    "units_with_items": (
        "{n} 个{kind}有事项（牵头、负责或配合），{blank} 个暂无事项（空白也是信息）。",
        "{n} {kind} have items (lead, responsible or support), {blank} have none (a blank is information).",
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
    "units_count_holders": (
        "每个单位计入它牵头、负责和配合的全部事项：一项事项有几个责任单位，就在几个单位下各计一次。",
        "Each unit counts every commitment it leads, is responsible for or supports: a commitment held by several "
        "units counts once under each.",
    ),
    "unit_roles": (
        "其中牵头 {lead} 项、负责 {responsible} 项、配合 {support} 项。",
        "Of these it leads {lead}, is responsible for {responsible} and supports {support}.",
    ),
    "col_role": ("承担方式", "Role"),
    "role_lead": ("牵头", "Lead"),
    "role_responsible": ("负责", "Responsible"),
    "role_support": ("配合", "Support"),
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
    "pack_more_overdue": (
        "另有 {n} 项未列出（完整名单见跟踪清单导出）",
        "{n} more not listed (the follow-up list export has them all)",
    ),
    "pack_more_sources": ("另有 {n} 次会议未列出", "{n} more meetings not listed"),
    "brief_recent_default": (
        "会议很多，时段默认从最近一次会议往前 {days} 天；可按需要修改。",
        "There are many meetings: the period starts {days} days before the latest one; change it as you need.",
    ),
    "table_page": ("页码（共 {n} 页）", "Page (of {n})"),
    "table_rows": ("第 {a}–{b} 条，共 {n} 条", "rows {a}–{b} of {n}"),
    "chart_top_n": (
        "只画出数量最多的 {shown} 个，其余 {rest} 个合并为“其他”。",
        "Only the {shown} largest are drawn; the other {rest} are grouped as “others”.",
    ),
    "others_group": ("其他（{n} 个）", "others ({n})"),
    "chart_by_month": ("会议较多（{n} 次），按月汇总。", "Many meetings ({n}): counted per month."),
    "month_label": ("{y}年{m}月", "{m}/{y}"),
    "meetings_latest": (
        "列出最近的 {shown} 次会议（共 {n} 次）；用侧栏的时段筛选查看更早的会议。",
        "The latest {shown} of {n} meetings are listed; choose a period in the sidebar for earlier ones.",
    ),
    "figures_top": (
        "图中只画出条数最多的 {measures} 种计量单位中各自最大的 {per} 项（共 {n} 项指标）。",
        "The chart shows the {per} largest figures of the {measures} measure words with the most figures ({n} figures in all).",
    ),
    "figure_group_pick": ("查看分组", "Group to show"),
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
    "pick_meeting": ("选择会议或文件", "Choose a meeting or document"),
    "date_unknown": ("日期不详", "date unknown"),
    "doc_caption": (
        "文件：{title}；文号：{doc_no}；发文单位：{issuer}；日期：{date}（{how}）",
        "Document: {title}; number: {doc_no}; issued by: {issuer}; date: {date} ({how})",
    ),
    "doc_date_text": ("文件所署日期", "as the document dates itself"),
    "doc_date_source": ("文件未署日期，取报告来源的日期", "undated; the date of the source"),
    "doc_date_unknown": ("文件未署日期，来源也没有日期", "undated, and the source gives no date"),
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
    # 简报 Briefing page (issue 5, pages/briefing.py); the pack follows the language of the screen (issue 12)
    "page_briefing": ("简报", "Briefing"),
    "brief_intro": (
        "为选定的时间段、会议和单位生成汇报材料：16:9 幻灯片（PPTX）和 A4 打印版（PDF）。内容全部来自数据，"
        "图表在服务器上生成，每张图都注明来源。",
        "Make a briefing pack for a period, meetings and units: 16:9 slides (PPTX) and an A4 handout (PDF). "
        "Everything comes from the data, charts are rendered on the server and each names its sources. "
        "The pack is written in the language of this screen.",
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
        "{file}：找不到来源文件；请检查配置中这个来源的“path”",
        "{file}: source file not found; check the 'path' of this source in the config",
    ),
    "source_is_folder": (
        "{file}：这是一个文件夹，不是文本文件；请在配置的“path”中写出文件名",
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
    "action_signoff": ("审核销号", "sign items off"),
    "action_extension": ("申请延期", "ask for an extension"),
    "action_extension_decide": ("审批延期申请", "decide extension requests"),
    "action_remind": ("催办", "send reminders"),
    "action_assign": ("交办", "issue assignment sheets"),
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
    "oidc_unverified": (
        "已通过身份认证登录为 {email}，但身份提供方没有确认这个邮箱（email_verified 不为 true），不能据此对应账号，"
        "只能查看。请在身份提供方确认邮箱，或请管理员按主体标识对应账号：python -m tracker users add 名称 --role … "
        "--oidc {sub}。",
        "Signed in as {email}, but the provider has not verified this e-mail (email_verified is not true), so it "
        "cannot name an account and you can only view. Verify the e-mail at the provider, or ask an administrator "
        "to map the subject instead: python -m tracker users add NAME --role … --oidc {sub}.",
    ),
    "oidc_unknown": (
        "已通过身份认证登录为 {identity}，但没有对应的账号，只能查看。请管理员运行 "
        "python -m tracker users add 名称 --role … --oidc {identity}。",
        "Signed in as {identity}, but no account maps to it, so you can only view. Ask an administrator to run "
        "python -m tracker users add NAME --role … --oidc {identity}.",
    ),
    "login_to_view": (
        "请先登录后查看本看板（在左侧边栏登录）。",
        "Sign in to view this dashboard (in the sidebar).",
    ),
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
    "v_not_a_hash": (
        "不是 argon2 密码散列；密码只能用 python -m tracker users passwd 设置，不能直接写进文件",
        "is not an argon2 hash; set passwords with python -m tracker users passwd, never in the file",
    ),
    "v_editor_units": (
        "单位填报员至少要在 units 下写一个单位",
        "a unit editor needs at least one unit under 'units'",
    ),
    "v_units_role": (
        "只有单位填报员有单位，{role}没有 units",
        "only unit editors hold units; a {role} has none",
    ),
    "v_no_way_in": (
        "账号需要密码（password）或统一身份认证身份（oidc）才能登录",
        "an account needs a password or an 'oidc' identity to sign in with",
    ),
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
    "file_read": (
        "{path}：无法读取账号文件（{error}）。",
        "{path}: cannot read the accounts file ({error}).",
    ),
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
    "password_short": (
        "密码至少要 {n} 个字符；未更改。",
        "The password needs at least {n} characters; nothing changed.",
    ),
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
    "cli_no_accounts_review": (
        "{path} 中还没有账号，不能审核：先用 python -m tracker users add 名称 --role admin 创建。",
        "No accounts in {path}, so nobody can review: create one with python -m tracker users add NAME --role admin.",
    ),
    "cli_need_user_review": (
        "审核需要账号：加上 --user 账号名（密码在提示时输入，脚本中放在环境变量 TRACKER_PASSWORD）。",
        "Reviewing needs an account: add --user NAME (the password is prompted for, or read from the "
        "environment variable TRACKER_PASSWORD in scripts).",
    ),
    "cli_no_accounts_add": (
        "{path} 中还没有账号，不能添加报告：先用 python -m tracker users add 名称 --role admin 创建管理员。",
        "No accounts in {path}, so nobody can add reports: create an administrator with "
        "python -m tracker users add NAME --role admin.",
    ),
    "cli_need_user_add": (
        "添加报告会修改配置，需要管理员账号：加上 --user 账号名（密码在提示时输入，脚本中放在环境变量 TRACKER_PASSWORD）。",
        "Adding reports changes the config, so it needs an administrator's account: add --user NAME (the password "
        "is prompted for, or read from the environment variable TRACKER_PASSWORD in scripts).",
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
    "cli_users_desc": (
        "管理本地账号（见 docs/accounts.md）。",
        "Manage the local accounts (docs/accounts.md).",
    ),
    "cli_users_add": ("添加账号", "add an account"),
    "cli_users_remove": ("删除账号", "remove an account"),
    "cli_users_list": ("列出账号（从不显示密码）", "list the accounts (never their passwords)"),
    "cli_users_passwd": ("设置账号的密码", "set an account's password"),
    "cli_help_account_id": (
        "登录用的账号名（字母、数字、汉字和 . _ - @）",
        "the name used to sign in (letters, digits, . _ - @)",
    ),
    "cli_help_role": (
        "角色：admin 管理员、editor 单位填报员、viewer 查看者",
        "role: admin, editor (unit editor), viewer",
    ),
    "cli_help_unit": ("单位填报员负责的单位（可多次）", "a unit the editor reports for (repeat for several)"),
    "cli_help_display_name": ("显示的名字（默认为账号名）", "display name (default: the account name)"),
    "cli_help_oidc": (
        "以此账号登录的统一身份认证邮箱或 sub（可多次）",
        "an OIDC e-mail or subject that signs in as this account (repeat for several)",
    ),
    "cli_help_password_stdin": (
        "从标准输入读一行作为密码",
        "read the password from one line of standard input",
    ),
    "cli_help_no_password": (
        "不设密码，只能通过统一身份认证登录（需 --oidc）",
        "no password: OIDC sign-in only (needs --oidc)",
    ),
    "cli_serve_usage": (
        "用法：python -m tracker serve [streamlit 选项]\n\n启动看板（用 streamlit 运行 dashboard.py）。默认只在本机"
        "（127.0.0.1）访问；--server.address 指定其他地址前，须先设置账号或统一身份认证（见 docs/accounts.md"
        "“在办公网络上提供服务”）。",
        "usage: python -m tracker serve [streamlit options]\n\nStart the dashboard (streamlit run dashboard.py). "
        "It listens on this machine only (127.0.0.1); another --server.address needs accounts or OIDC sign-in "
        "first (docs/accounts.md, 'Serving to an office network').",
    ),
    "cli_mv_account": ("账号", "ACCOUNT"),
    "cli_help_user": (
        "以此账号记录（密码在提示时输入，脚本中用环境变量 TRACKER_PASSWORD；见 docs/accounts.md）",
        "write as this account (the password is prompted for, or TRACKER_PASSWORD in scripts; see docs/accounts.md)",
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
    "serve_oidc_incomplete": (
        "拒绝启动：secrets.toml 的 [auth] 不完整，缺少 {keys}，统一身份认证登录无法使用。请补全（见 docs/accounts.md"
        "“统一身份认证”），或删去 [auth] 改用本地账号。",
        "Refusing to start: the [auth] section of secrets.toml is incomplete (missing {keys}), so OIDC sign-in "
        "would not work. Complete it (docs/accounts.md, 'OIDC'), or remove [auth] to use local accounts.",
    ),
    "oidc_incomplete": (
        "统一身份认证未启用：secrets.toml 的 [auth] 缺少 {keys}。暂用本地账号登录。",
        "OIDC sign-in is off: the [auth] section of secrets.toml lacks {keys}. Local accounts are used instead.",
    ),
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


def t(key: str, lang: Lang | None = None, /, **fields: object) -> str:
    """The label `key` in `lang` (default: the current language), with {fields} filled in; fields that are
    messages or user errors are rendered in the same language."""
    lang = lang or current_language()
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    if not fields:
        return text
    return text.format(**{k: _field(v, lang) for k, v in fields.items()})


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


def role_label(role: str | None, lang: Lang = "zh") -> str:
    """How a unit holds a commitment (lead / responsible / support) for display."""
    return t(f"role_{role}", lang) if role in ("lead", "responsible", "support") else ""


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


# ---------------------------------------------------------------- issue 12: the current language and messages
# A message a person will read is made as `msg(key, **fields)` and rendered when shown, in the reader's
# language: an error raised in the background build thread is shown in Chinese to one session and in English
# to another. `UserError(msg(...))` prints in the current language (str(e) is str of its one argument).

LANG_ENV = "TRACKER_LANG"  # zh or en: overrides the config's language for command lines and tests
_CURRENT: ContextVar[Lang | None] = ContextVar("tracker_language", default=None)


def normalise_language(lang: object) -> Lang | None:
    """'zh'/'en' (any case, zh-CN, en_US …) as a Lang, else None."""
    text = str(lang or "").strip().lower()
    if text.startswith("zh"):
        return "zh"
    if text.startswith("en"):
        return "en"
    return None


def current_language() -> Lang:
    """The language messages are rendered in: set_language() in this context, else $TRACKER_LANG, else zh."""
    return _CURRENT.get() or normalise_language(os.environ.get(LANG_ENV)) or "zh"


def set_language(lang: object) -> Lang:
    """Make `lang` the current language of this thread/context (unknown values mean zh); returns it."""
    chosen: Lang = normalise_language(lang) or "zh"
    _CURRENT.set(chosen)
    return chosen


@contextmanager
def language(lang: object) -> Iterator[Lang]:
    """Render messages in `lang` inside the block."""
    token = _CURRENT.set(normalise_language(lang) or "zh")
    try:
        yield current_language()
    finally:
        _CURRENT.reset(token)


@dataclass(frozen=True, eq=False)
class Msg:
    """A message for a person: a LABELS key and its fields, rendered in the reader's language when shown."""

    key: str
    fields: tuple[tuple[str, object], ...] = ()

    def text(self, lang: Lang | None = None) -> str:
        """The message in `lang` (default: the current language)."""
        return t(self.key, lang, **dict(self.fields))

    def __str__(self) -> str:
        return self.text()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self) -> int:
        return hash((self.key, tuple((k, str(v)) for k, v in self.fields)))


def msg(key: str, /, **fields: object) -> Msg:
    """A message to render later (see Msg); unknown keys fail here, where the message is made."""
    if key not in LABELS:
        raise KeyError(f"no label {key!r} in tracker.i18n")
    return Msg(key, tuple(fields.items()))


def localize(obj: object, lang: Lang | None = None) -> str:
    """Text of a message, a user error (or anything with .localized(lang)) in `lang`; str() for the rest."""
    if isinstance(obj, Msg):
        return obj.text(lang)
    if isinstance(obj, errors.UserError):
        return obj.text(lang)
    if isinstance(obj, BaseException) and len(obj.args) == 1 and isinstance(obj.args[0], Msg):
        return obj.args[0].text(lang)
    localized = getattr(obj, "localized", None)
    if callable(localized):
        return str(localized(lang or current_language()))
    return str(obj)


def _field(value: object, lang: Lang) -> object:
    if isinstance(value, (Msg, BaseException)) or callable(getattr(value, "localized", None)):
        return localize(value, lang)
    return value


def join(items: Iterable[object], lang: Lang | None = None) -> str:
    """Items as a list in running text: 甲、乙、丙 or a, b, c."""
    sep = "、" if (lang or current_language()) == "zh" else ", "
    return sep.join(localize(i, lang) for i in items)


@dataclass(frozen=True)
class InLanguage:
    """Text that exists in one language only (a library's English message): shown to readers of that
    language and left out for the others, so a Chinese screen never carries an English fragment."""

    lang: Lang
    text: str

    def localized(self, lang: Lang) -> str:
        """The text for readers of its language, else nothing."""
        return self.text if lang == self.lang else ""


# ---------------------------------------------------------------- issue 12: config errors (tracker/config.py)
_CONFIG_MESSAGES: dict[str, tuple[str, str]] = {
    "cfg_not_found": (
        "{path}：找不到配置文件；请用 --config 指定正确的路径",
        "{path}: config file not found; pass --config with the right path",
    ),
    "cfg_not_utf8": (
        "{path}：第 {byte} 字节处不是有效的 UTF-8；请把文件另存为 UTF-8 编码",
        "{path}: not valid UTF-8 at byte {byte}; save the file as UTF-8",
    ),
    "cfg_not_mapping": (
        "{path}：文件应是一组“键: 值”设置，而不是{kind}",
        "{path}: the file must be a mapping of settings, not {kind}",
    ),
    "cfg_type_list": ("一个列表", "a list"),
    "cfg_type_str": ("一段文字", "text"),
    "cfg_type_other": ("其他内容", "something else"),
    "cfg_unknown_setting": (
        "{path}：没有“{key}”这个设置；请检查拼写（见 README 的配置表）",
        "{path}: Setting '{key}' is not a known setting; check its spelling (see the README's config table)",
    ),
    "cfg_missing_setting": ("{path}：缺少必填设置“{key}”", "{path}: Setting '{key}' is required but missing"),
    "cfg_problem": ("{path}：{problem}", "{path}: {problem}"),
    "cfg_bad_value": (
        "{path}：设置“{key}”的值 {value} 不对：{reason}",
        "{path}: Setting '{key}' has a bad value {value}: {reason}",
    ),
    "cfg_more_problems": ("{first}（另有 {n} 个问题）", "{first} (and {n} more to fix)"),
    "cfg_reason_literal": ("可选值为 {expected}", "Input should be {expected}"),
    "cfg_reason_too_short": (
        "至少要 {min_length} 个字符",
        "String should have at least {min_length} characters",
    ),
    "cfg_reason_int": ("应为整数", "Input should be a valid integer"),
    "cfg_reason_number": ("应为数字", "Input should be a valid number"),
    "cfg_reason_ge": ("不能小于 {ge}", "Input should be greater than or equal to {ge}"),
    "cfg_reason_gt": ("应大于 {gt}", "Input should be greater than {gt}"),
    "cfg_reason_le": ("不能大于 {le}", "Input should be less than or equal to {le}"),
    "cfg_reason_pattern": ("只能包含字母、数字和 - _ .", "use only letters, digits and - _ ."),
    "cfg_reason_date": (
        "应为日期，写作 YYYY-MM-DD（例如 2024-02-26）",
        "Input should be a valid date, written YYYY-MM-DD (e.g. 2024-02-26)",
    ),
    "cfg_reason_bool": ("应为 true 或 false", "Input should be true or false"),
    "cfg_reason_text": ("应为文字", "Input should be a valid string"),
    "cfg_reason_list": (
        "应为列表（[甲, 乙]，或每行一个“- 项”）",
        "Input should be a list ([a, b], or one '- item' per line)",
    ),
    "cfg_reason_mapping": ("应为一组“键: 值”设置", "Input should be a mapping of 'key: value' settings"),
    "cfg_reason_path": ("应为文件路径", "Input should be a file path"),
    "cfg_reason_other": ("取值不合要求{detail}", "{detail}"),
    "cfg_town_kind_suffix": (
        "乡镇名称“{name}”应以其类型“{kind}”结尾",
        "town name '{name}' should end with its kind '{kind}'",
    ),
    "cfg_source_path_empty": (
        "路径不能为空，应指向报道文件（.txt、.docx、.pdf 或 .html）",
        "path must name a report file (.txt, .docx, .pdf or .html)",
    ),
    "cfg_due_rule": (
        "请用 {keywords} 之一，或会后天数（整数）",
        "use one of {keywords} or a whole number of days after the meeting",
    ),
    "cfg_due_negative": ("会后天数不能为负数", "a number of days after the meeting cannot be negative"),
    "cfg_behind_order": (
        "behind_yellow_points（{yellow}）不能大于 behind_red_points（{red}）",
        "behind_yellow_points ({yellow}) must not exceed behind_red_points ({red})",
    ),
    "cfg_ranking_weights": (
        "completion、timeliness、reporting 至少有一个要大于 0",
        "at least one of completion, timeliness, reporting must be above 0",
    ),
    "cfg_duplicate_source_id": (
        "{where} 的“id”值“{id}”已被 {other} 使用；请给其中一个另起一个“id”",
        "{where} has id '{id}', already used by {other}; give one of them a distinct 'id'",
    ),
    "cfg_duplicate_name": (
        "{where} 使用的名称“{name}”已被 {other} 使用；每个名称或别名只能属于一个单位",
        "{where} uses the name '{name}', already used by {other}; each name or alias may belong to one unit only",
    ),
    "cfg_yaml_where": ("第 {line} 行第 {column} 列：", "line {line}, column {column}: "),
    "cfg_yaml_error": (
        "{path}：{where}YAML 格式错误{problem}（{what}）。{hint}",
        "{path}: {where}YAML syntax error: {problem} ({what}). {hint}",
    ),
    "cfg_yaml_tab": ("用了制表符 Tab", "a tab character"),
    "cfg_yaml_colon": ("可能缺少冒号", "probably a missing colon"),
    "cfg_yaml_indent": ("缩进不对", "indentation"),
    "cfg_yaml_bracket": ("括号没有闭合", "an unclosed bracket"),
    "cfg_yaml_quote": ("引号没有闭合", "an unclosed quote"),
    "cfg_yaml_other": ("格式不对", "a syntax problem"),
    "cfg_yaml_hint_tab": (
        "请把 Tab 换成空格：YAML 只能用空格缩进。",
        "Hint: replace the tab with spaces; YAML indents with spaces only.",
    ),
    "cfg_yaml_hint_colon": (
        "请检查第 {line} 行：每个设置写成“键: 值”，用半角冒号，冒号后加一个空格。",
        "Hint: check line {line}: write each setting as 'key: value', with a colon and a space after it.",
    ),
    "cfg_yaml_hint_indent": (
        "请检查缩进：同一层的设置左端对齐，下一层比上一层多缩进（只用空格）；值里有冒号时给值加引号。",
        "Hint: check the indentation: settings of one level start in the same column, nested ones further "
        "right (spaces only); put quotes around a value that contains a colon.",
    ),
    "cfg_yaml_hint_bracket": (
        "请检查方括号 [ ] 和花括号 {{ }} 是否成对，以及列表项之间的逗号。",
        "Hint: check that every [ ] and {{ }} is closed and that list items are separated by commas.",
    ),
    "cfg_yaml_hint_quote": ("请检查引号是否成对。", "Hint: check that every quote is closed."),
    "cfg_yaml_hint_other": (
        "请检查缩进（只用空格，同层对齐）、每个“键: 值”的冒号和冒号后的空格，以及括号、引号是否成对。",
        "Hint: check the indentation (spaces only, one column per level), the colon and space in each "
        "'key: value', and that brackets and quotes are closed.",
    ),
}
LABELS.update(_CONFIG_MESSAGES)


# ---------------------------------------------------------------- issue 12: source and build messages
_BUILD_MESSAGES: dict[str, tuple[str, str]] = {
    "src_unknown_encoding": (
        "{path}：配置里的编码“{encoding}”不存在；请改正这个来源的“encoding”设置",
        "{path}: unknown encoding '{encoding}' in the config",
    ),
    "src_bad_encoding": (
        "{path}：无法按 {encoding} 解码（第 {byte} 字节）；请改正这个来源的“encoding”设置",
        "{path}: cannot be decoded as {encoding} (byte {byte}); fix the 'encoding' setting",
    ),
    "src_bad_bom": (
        "{path}：文件开头标明是 {encoding} 编码，但第 {byte} 字节有误；请重新保存为 UTF-8",
        "{path}: has a {encoding} byte-order mark but bad bytes at {byte}",
    ),
    "src_not_text": (
        "{path}：不是 UTF-8、GB18030 或 UTF-16 编码的文本文件；请另存为 UTF-8，或在配置里为这个来源设置“encoding”",
        "{path}: not a text file in UTF-8, GB18030 or UTF-16; "
        "save it as UTF-8 or set 'encoding' for this source in the config",
    ),
    "src_not_found": (
        "{path}：找不到来源文件；请检查配置里这个来源的“path”",
        "{path}: source file not found; check the 'path' of this source in the config",
    ),
    "src_is_folder": ("{path}：这是一个文件夹，不是报道文件", "{path}: is a folder, not a report file"),
    "src_unreadable": ("{path}：无法读取{detail}", "{path}: cannot be read{detail}"),
    "build_extracting": ("正在提取 {path}", "extracting {path}"),
    "build_writing": ("正在写入数据库", "writing database"),
    "build_evidence": ("正在比对各报告之间的进展线索", "matching evidence across reports"),
    "build_up_to_date": ("数据库已是最新，无需重建", "the database is up to date; nothing to rebuild"),
    "build_done": ("完成", "done"),
    "build_review": ("正在应用审核结果", "applying the review"),
    "build.source_failed": (
        "{file}：提取失败（步骤 {step}：{error}），本报告未入库，其他报告照常生成；请检查文件，或把这行提示告知维护人员",
        "{file}: extraction failed (step {step}: {error}); this report was left out and every other report was "
        "built; check the file, or pass this line to the maintainers",
    ),
    "build.source_too_long": (
        "用时超过 {seconds} 秒的上限（配置 limits.source_seconds），已停止；可调高上限后用 --force 重建",
        "took longer than the {seconds} s limit (limits.source_seconds in the config) and was stopped; raise the "
        "limit and rebuild with --force",
    ),
    "build_all_failed": (
        "所有 {n} 份报告都提取失败，数据库里没有事项；请看上面每份报告的提示",
        "all {n} reports failed to extract, so the database holds no items; see the line for each report above",
    ),
    "build_internal_error": (
        "内部错误（{kind}）{detail}；详情已写入服务器日志，请告知维护人员",
        "internal error ({kind}){detail}; the details are in the server log, please tell the maintainers",
    ),
}
LABELS.update(_BUILD_MESSAGES)


# ---------------------------------------------------------------- issue 12: command lines (tracker/cli)
_CLI_MESSAGES: dict[str, tuple[str, str]] = {
    "cli_error": ("错误：{error}", "error: {error}"),
    "cli_warning": ("警告：{warning}", "warning: {warning}"),
    "cli_help_help": ("显示本帮助并退出", "show this help message and exit"),
    "cli_arg_error": (
        "{prog}：{message}（参见 {prog_full} --help）",
        "{prog}: {message} (see {prog_full} --help)",
    ),
    "cli_usage": ("用法：python -m tracker {{{commands}}} …", "usage: python -m tracker {{{commands}}} ..."),
    "cli_commands": ("命令：", "commands:"),
    "cli_cmd_brief": ("生成简报（PPTX 或 PDF）", "write a briefing pack (PPTX or PDF)"),
    "cli_cmd_chart": ("导出一张图表（PNG、SVG 或 PDF）", "export one chart (PNG, SVG or PDF)"),
    "cli_cmd_serve": (
        "启动看板（默认只在本机访问；对外提供服务前须先设置账号）",
        "start the dashboard (this machine only until accounts are set up)",
    ),
    "cli_cmd_users": (
        "管理本地账号：添加、删除、列出、改密码",
        "manage the local accounts: add, remove, list, passwd",
    ),
    "cli_cmd_review": (
        "审核提取结果：确认、驳回、修改、添加、合并；表格导出导入",
        "review extracted items: confirm, reject, edit, add, merge; spreadsheet export and import",
    ),
    "cli_cmd_progress": (
        "导入、记录、列出进展；模板和督办清单",
        "import, record and list progress; templates, follow-up",
    ),
    "cli_unknown_command": (
        "未知命令“{name}”；可用的命令：{commands}",
        "unknown command '{name}'; choose one of: {commands}",
    ),
    "cli_mv_file": ("文件", "FILE"),
    "cli_mv_date": ("日期", "DATE"),
    "cli_mv_name": ("名称", "NAME"),
    "cli_mv_id": ("编号", "ID"),
    "cli_mv_n": ("倍数", "N"),
    "cli_mv_year": ("年份", "YEAR"),
    "cli_mv_who": ("填报人", "WHO"),
    "cli_mv_text": ("文字", "TEXT"),
    "cli_mv_link": ("链接", "LINK"),
    "cli_mv_status": ("状态", "STATUS"),
    "cli_mv_percent": ("进度", "PERCENT"),
    "cli_bad_date": ("“{text}”不是日期；请写成 YYYY-MM-DD", "'{text}' is not a date; write it as YYYY-MM-DD"),
    "cli_db_missing": (
        "--db {path}：找不到文件；请先构建：python -m extract --db {path}",
        "--db {path}: file not found; build it with: python -m extract --db {path}",
    ),
    "cli_building": (
        "正在根据 {config} 中的来源构建 {path} …",
        "building {path} from the sources in {config} …",
    ),
    "cli_db_unreadable": (
        "{path}：无法打开数据库{detail}；请用 python -m extract 重建",
        "{path}: cannot open the database{detail}; rebuild it with python -m extract",
    ),
    "cli_out_suffix": ("--out “{path}”：文件名应以 {suffixes} 结尾", "--out '{path}' must end in {suffixes}"),
    "cli_out_folder": (
        "--out “{path}”：文件夹“{folder}”不存在；请先创建",
        "--out '{path}': folder '{folder}' does not exist; create it first",
    ),
    "cli_wrote": ("已写入 {path}", "wrote {path}"),
    "cli_wrote_items": ("已写入 {path}（{n}项）", "wrote {path} ({n} items)"),
    # python -m extract
    "cli_extract_desc": (
        "根据 config.yaml 构建看板数据库；或者先试提取报道文件，再把它加入配置。",
        "Build the tracker database from config.yaml, or try report files before adding them.",
    ),
    "cli_help_config": ("配置文件（默认 config.yaml）", "config file (default: config.yaml)"),
    "cli_help_db_write": (
        "要写入的数据库（默认：配置中的“database”）",
        "database to write (default: the config's 'database')",
    ),
    "cli_help_year": (
        "临时提取的文件中不带年份的日期所用的年份",
        "year for dates written without one, for ad-hoc files",
    ),
    "cli_help_quiet": ("只输出错误", "print only errors"),
    "cli_help_force": (
        "即使数据库已是最新也重建，并重新提取每份报告（不用构建缓存）",
        "rebuild even when the database is up to date, extracting every report again (without the build cache)",
    ),
    "cli_help_progress": (
        "显示进度（标准错误输出是终端时默认显示）",
        "show progress lines (on by default when stderr is a terminal)",
    ),
    "cli_help_files": (
        "要提取的报道文件（代替配置中的来源）",
        "report files to extract instead of the config's sources",
    ),
    "cli_add_desc": (
        "把报道文件（.docx、.pdf、.html、.txt）加入项目：复制到 data/sources/，登记到 config.yaml"
        "（原文件保留为 config.yaml.bak），重建数据库，并列出找到的内容。",
        "Add report files (.docx, .pdf, .html, .txt) to the project: copy them into data/sources/, enter them in "
        "config.yaml (the old file kept as config.yaml.bak), rebuild, and show what was found.",
    ),
    "cli_help_add_files": ("要加入的报道文件", "report files to add"),
    "cli_help_add_id": (
        "来源编号（只加一个文件时；默认取自文件名）",
        "source id (one file only; default: from the file name)",
    ),
    "cli_help_add_title": (
        "显示的标题（只加一个文件时；默认取正文第一行）",
        "display title (one file only; default: the text's first line)",
    ),
    "cli_help_add_date": (
        "发布日期 YYYY-MM-DD（给“3月5日”这样的日期补上年份）",
        "publication date, YYYY-MM-DD (gives the year of dates like 3月5日)",
    ),
    "cli_help_add_dry_run": ("只显示会找到什么，不做任何改动", "show what would be found; change nothing"),
    "cli_help_add_user": (
        "以哪个管理员账号添加（密码从提示或 TRACKER_PASSWORD 读取；--dry-run 不需要）",
        "the administrator account adding the files (password at a prompt or from TRACKER_PASSWORD; not needed "
        "with --dry-run)",
    ),
    "cli_adhoc_needs_db": (
        "提取报道文件时必须给出 --db，以免替换看板的数据库",
        "--db is required with report files, so the dashboard's database is not replaced",
    ),
    "cli_wrote_db": ("已写入 {path}：{summary}", "wrote {path}: {summary}"),
    "cli_db_up_to_date": (
        "{path} 已是最新（配置和报告都没有变化），未重建；要重新提取请加 --force",
        "{path} is up to date (neither the config nor a report changed); nothing rebuilt. Add --force to extract again",
    ),
    "cli_count_sources": ("{n}个来源", "{n} sources"),
    "cli_count_meetings": ("{n}次会议", "{n} meetings"),
    "cli_count_commitments": ("{n}项事项", "{n} commitments"),
    "cli_count_figures": ("{n}项指标", "{n} figures"),
    "cli_count_units": ("{n}个单位", "{n} units"),
    # python -m tracker brief / chart
    "cli_brief_desc": (
        "为一个时间段、若干会议和单位生成简报（16:9 PPTX 或 A4 PDF），语言随配置。",
        "Write a briefing pack (PPTX 16:9 or A4 PDF) for a period, meetings and units, in the configured language.",
    ),
    "cli_help_out_pack": ("输出文件：.pptx 或 .pdf", "output file: .pptx or .pdf"),
    "cli_help_charts": (
        "要包含的图表，按顺序（默认全部：{names}）",
        "charts to include, in order (default all: {names})",
    ),
    "cli_help_db_read": (
        "数据库文件（默认：配置中的；缺失或过期时先构建）",
        "database file (default: the config's; built first when missing or out of date)",
    ),
    "cli_help_from": ("最早的会议日期（YYYY-MM-DD）", "first meeting date (YYYY-MM-DD)"),
    "cli_help_to": ("最晚的会议日期（YYYY-MM-DD）", "last meeting date (YYYY-MM-DD)"),
    "cli_help_unit": ("单位名称或别名，可多个", "unit name(s) or alias(es)"),
    "cli_help_meeting": ("会议编号，可多个", "meeting id(s)"),
    "cli_help_as_of": (
        "统计截至日期：按这一天已知的情况统计（之后的会议、填报和报道证据都不计；默认今天）",
        "count as known on this day: later meetings, progress entries and report evidence are left out "
        "(default today)",
    ),
    "cli_wrote_brief": (
        "已写入 {path}（{slides}页幻灯片，{charts}张图表，{red}项红色或逾期事项）",
        "wrote {path} ({slides} slides, {charts} charts, {red} red/overdue items)",
    ),
    "cli_wrote_brief_pdf": (
        "已写入 {path}（{pages}页，{charts}张图表，{red}项红色或逾期事项）",
        "wrote {path} ({pages} pages, {charts} charts, {red} red/overdue items)",
    ),
    "cli_chart_desc": (
        "把一张图表导出为 PNG、SVG 或 PDF。\n\n图表：\n{charts}",
        "Export one chart as PNG, SVG or PDF.\n\ncharts:\n{charts}",
    ),
    "cli_help_chart_name": ("图表名称（见 --list）", "chart name (see --list)"),
    "cli_help_out_image": ("输出文件：.png、.svg 或 .pdf", "output file: .png, .svg or .pdf"),
    "cli_help_scale": ("PNG 像素倍数（默认 2）", "PNG pixel scale (default 2)"),
    "cli_help_list": ("列出图表名称后退出", "list chart names and exit"),
    "cli_chart_need_name": (
        "chart：请给出图表名称；可选：{names}",
        "chart: give a chart NAME; choose from: {names}",
    ),
    "cli_chart_need_out": (
        "chart：必须给出 --out 文件（.png、.svg 或 .pdf）",
        "chart: --out FILE is required (FILE.png, FILE.svg or FILE.pdf)",
    ),
    "cli_chart_scale": (
        "chart：--scale {scale} 超出范围；请用 1 到 6",
        "chart: --scale {scale} is out of range; use 1 to 6",
    ),
    # python -m tracker progress
    "cli_progress_desc": ("记录和列出事项进展。", "Record and list progress on commitments."),
    "cli_help_log": (
        "使用这个 JSONL 进展日志文件（默认：配置中的日志，progress.log 或 PostgreSQL；migrate 时为 JSONL 一方）",
        "use this JSONL progress log file (default: the config's log, progress.log or PostgreSQL; for migrate, the "
        "JSONL side)",
    ),
    "cli_help_import": (
        "检查 CSV/XLSX 文件，并追加其中的行（要么全部写入，要么一行也不写）",
        "check a CSV/XLSX file and append its rows (all or nothing)",
    ),
    "cli_help_import_file": ("要导入的 CSV 或 XLSX 文件", "the CSV or XLSX file to import"),
    "cli_help_by": ("填报人（默认：登录名）", "who is entering (default: the login name)"),
    "cli_help_dry_run": (
        "只检查并列出将要写入的行，不写入",
        "check and list the rows it would write; write nothing",
    ),
    "cli_help_again": ("再次导入已导入过的同一文件", "import a file that was imported before, again"),
    "cli_list_reported": ("（填报人：{name}）", " (reported by {name})"),
    "cli_help_add": ("记录一条进展", "record one update"),
    "cli_help_cid": ("事项编号", "commitment id"),
    "cli_help_percent": (
        "完成进度 0-100（不填时：已完成为 100，未启动为 0）",
        "0-100 (100 for 已完成, 0 for 未启动 when left out)",
    ),
    "cli_help_add_as_of": ("进展所指的日期（默认今天）", "date the status refers to (default today)"),
    "cli_help_note": ("进展说明", "note"),
    "cli_help_evidence": ("佐证材料的链接", "a link to a document or photo"),
    "cli_help_template": (
        "写出导入模板：每个事项一行，带完成时限及其来源",
        "write the import template: one row per commitment, with its due date and where the date comes from",
    ),
    "cli_help_out_sheet": (".csv 或 .xlsx 文件", ".csv or .xlsx file"),
    "cli_help_list_cmd": ("列出进展记录（全部，或一个事项的）", "list entries (all, or for one commitment)"),
    "cli_help_follow_up": (
        "写出督办清单（未完成的红灯、黄灯事项）",
        "write the follow-up list of open red/yellow items",
    ),
    "cli_help_fu_unit": ("单位名称（默认：全部单位）", "a unit name (default: every unit)"),
    "cli_progress_no_db": (
        "{path}：找不到数据库；请先构建：python -m extract --config {config}",
        "{path}: database not found; build it first with: python -m extract --config {config}",
    ),
    "cli_option_problem": ("{option} {value}：{reason}", "{option} {value}: {reason}"),
    "cli_recorded": (
        "已为 {cid} 记录“{status} {percent}%”，写入 {log}",
        "recorded {status} {percent}% for {cid} in {log}",
    ),
    "cli_sheet_suffix": (
        "{path}：输出文件应以 .csv 或 .xlsx 结尾",
        "{path}: the output must end in .csv or .xlsx",
    ),
    "cli_list_was": ("（原为 {old}）", " (was {old})"),
    "cli_list_line": (
        "{as_of}  {cid}  {status}  {who} 经{source}录入于 {at}  {note}",
        "{as_of}  {cid}  {status}  {who} via {source} at {at}  {note}",
    ),
    "cli_source_form": ("看板表单", "form"),
    "cli_source_cli": ("命令行", "cli"),
    "cli_source_import": ("导入", "import"),
    "cli_file_not_found": ("{path}：找不到文件", "{path}: file not found"),
    "cli_file_unreadable": ("{path}：无法读取文件{detail}", "{path}: cannot read the file{detail}"),
    "cli_skipped_blank": ("跳过了 {n} 个空行", "skipped {n} blank row(s)"),
    "cli_ignored_columns": ("忽略的列：{columns}", "ignored column(s): {columns}"),
    "cli_appended": ("已向 {log} 追加 {n} 条记录", "appended {n} entries to {log}"),
    "cli_dry_run_header": ("将写入以下 {n} 条：", "These {n} updates would be written:"),
    "cli_dry_run_row": (
        "  第 {row} 行  {cid}  {unit}  {title}  →  {status} {percent}%  截至 {as_of}  {note}",
        "  row {row}  {cid}  {unit}  {title}  ->  {status} {percent}%  as of {as_of}  {note}",
    ),
    "cli_dry_run_nothing_written": ("试运行：什么都没有写入。", "Dry run: nothing was written."),
    "cli_fu_no_unit": (
        "--unit {unit}：这个单位没有事项；有事项的单位：{names}",
        "--unit {unit}: no commitments for this unit; units with items: {names}",
    ),
}
LABELS.update(_CLI_MESSAGES)


# ---------------------------------------------------------------- issue 12: progress imports and their problems
_IMPORT_MESSAGES: dict[str, tuple[str, str]] = {
    "problem": ("“{column}”{value}：{reason}", "column '{column}'{value}: {reason}"),
    "problem_row": (
        "第 {row} 行，“{column}”列{value}：{reason}",
        "row {row}, column '{column}'{value}: {reason}",
    ),
    "rsn_cid_empty": (
        "为空；请从模板或看板复制事项编号",
        "is empty; copy the commitment's id from the template or the dashboard",
    ),
    "rsn_cid_unknown": (
        "不是已知的事项；请下载新模板，使用当前的编号",
        "is not a known commitment; download a fresh template for the current ids",
    ),
    "rsn_status_empty": ("为空；请填 {statuses} 之一", "is empty; use one of {statuses}"),
    "rsn_status_bad": ("不是有效的状态；请填 {statuses} 之一", "is not a status; use one of {statuses}"),
    "rsn_percent_empty": (
        "为空；状态为“{status}”时请填写完成进度（0-100）",
        "is empty; give the percent complete (0-100) for status {status}",
    ),
    "rsn_percent_nan": (
        "不是数字；请填写 0 到 100 之间的完成进度，例如 60",
        "is not a number; give the percent complete from 0 to 100, e.g. 60",
    ),
    "rsn_percent_range": ("应在 0 到 100 之间", "must be between 0 and 100"),
    "rsn_percent_done": (
        "状态为已完成时应为 100；请修改状态或进度",
        "must be 100 when the status is 已完成; change the status or the percent",
    ),
    "rsn_percent_not_started": (
        "状态为未启动时应为 0；已经开始的工作请用“推进中”",
        "must be 0 when the status is 未启动; use 推进中 for work that has started",
    ),
    "rsn_as_of_empty": (
        "为空；请填写进展所指的日期，格式 YYYY-MM-DD",
        "is empty; give the date the status refers to, as YYYY-MM-DD",
    ),
    "rsn_as_of_bad": (
        "不是日期；请写成 YYYY-MM-DD，例如 2024-03-31",
        "is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31",
    ),
    "rsn_as_of_future": (
        "晚于今天（今天是 {today}）；请填写今天或更早的日期",
        "is in the future (today is {today}); report progress as of today or earlier",
    ),
    "rsn_note_long": ("有 {n} 个字；请控制在 {max} 字以内", "is {n} characters long; keep it under {max}"),
    "rsn_evidence_long": (
        "有 {n} 个字符；请给出 {max} 个字符以内的链接",
        "is {n} characters long; give a link under {max} characters",
    ),
    "rsn_evidence_spaces": (
        "含有空格；请只给一个链接（http://…）或文件路径",
        "contains spaces; give a single link (http://…) or file path",
    ),
    "rsn_duplicate": (
        "{date} 有第二条进展（第 {other} 行已有一条）；请只保留一行",
        "has a second update for {date} (row {other} has one); keep one row",
    ),
    "imp_unsupported": (
        "{name}：不支持的文件类型“{suffix}”；请把表格另存为 .csv 或 .xlsx",
        "{name}: unsupported file type '{suffix}'; save the sheet as .csv or .xlsx",
    ),
    "imp_undecodable": (
        "{name}：无法按 UTF-8 或 GB18030 解码；请另存为“CSV UTF-8”",
        "{name}: cannot decode the file as UTF-8 or GB18030; save it as 'CSV UTF-8'",
    ),
    "imp_bad_csv": (
        "{name}：不是可读的 CSV 文件{detail}；请重新另存为 CSV",
        "{name}: not a readable CSV file{detail}; save it again as CSV",
    ),
    "imp_empty": (
        "{name}：文件是空的；请从导入模板开始填写",
        "{name}: the file is empty; start from the template (progress template)",
    ),
    "imp_bad_xlsx": (
        "{name}：不是可读的 .xlsx 工作簿{detail}；请在 Excel 中重新保存",
        "{name}: not a readable .xlsx workbook{detail}; save it again from Excel",
    ),
    "imp_empty_sheet": (
        "{name}：第一个工作表是空的；请从导入模板开始填写",
        "{name}: the first sheet is empty; start from the template (progress template)",
    ),
    "imp_missing_columns": (
        "{name}：表头缺少 {columns} 列；文件需要 {required} 这几列（可下载导入模板）",
        "{name}: missing column(s) {columns} in the header; the file needs {required} (download the template)",
    ),
    "imp_duplicate_columns": (
        "{name}：表头中 {columns} 出现了不止一次；请只保留一列",
        "{name}: column {columns} appears more than once in the header row; keep one",
    ),
    "imp_too_many_rows": (
        "{name}：共 {n} 行，超过 {max} 行；请拆成几个文件",
        "{name}: {n} rows is more than {max}; split the file",
    ),
    "imp_summary_bad": (
        "{name}：{bad} 行有误（共 {problems} 个问题），整个文件都未写入；请改正后重新导入",
        "{name}: {bad} bad row(s) ({problems} problem(s)); nothing was written — fix them and import the file again",
    ),
    "imp_summary_none": (
        "{name}：没有要导入的进展（空行已跳过）",
        "{name}: no rows with progress to import (blank rows are skipped)",
    ),
    "imp_summary_ready": ("{name}：{n} 条进展可以导入", "{name}: {n} update(s) ready to import"),
    "imp_reason": ("{reason}", "{reason}"),
    "imp_col_row": ("行号", "Row"),
    "imp_col_column": ("列", "Column"),
    "imp_col_value": ("填写的内容", "Value"),
    "imp_col_reason": ("问题及改法", "Problem and fix"),
    "imp_col_commitment_id": ("事项编号", "Commitment id"),
    "imp_col_status": ("状态", "Status"),
    "imp_col_percent": ("完成进度", "Percent"),
    "imp_col_as_of": ("截至日期", "As of"),
    "imp_col_note": ("进展说明", "Note"),
    "imp_col_evidence": ("佐证链接", "Evidence"),
    "imp_col_reported_by": ("填报人", "Reported by"),
    "imp_header_commitment_id": ("事项编号", "commitment_id"),
    "imp_header_unit": ("责任单位", "unit"),
    "imp_header_title": ("事项", "title"),
    "imp_header_due_date": ("完成时限", "due_date"),
    "imp_header_due_source": ("时限来源", "due_source"),
    "imp_header_status": ("状态", "status"),
    "imp_header_percent": ("完成进度", "percent"),
    "imp_header_as_of": ("截至日期", "as_of"),
    "imp_header_note": ("进展说明", "note"),
    "imp_header_evidence": ("佐证链接", "evidence"),
    "imp_header_reported_by": ("填报人", "reported_by"),
    "imp_sheet_template": ("进展填报", "progress"),
    "imp_sheet_help": ("说明", "help"),
    "imp_help_id": ("事项编号，请勿修改", "the commitment's id; do not change it"),
    "imp_help_reference": (
        "责任单位、事项、完成时限及其来源（原文写明，或按配置的默认规则推定）仅供参考，导入时忽略",
        "unit, title, due date and where it comes from (stated in the text, or assumed by the config's "
        "default rule): for reference, ignored on import",
    ),
    "imp_help_status": ("状态：{statuses}", "status: {statuses}"),
    "imp_help_percent": (
        "完成进度 0-100；已完成=100，未启动=0",
        "percent complete 0-100; 已完成 = 100, 未启动 = 0",
    ),
    "imp_help_as_of": (
        "截至日期，YYYY-MM-DD，不晚于今天",
        "the date the status refers to, YYYY-MM-DD, not after today",
    ),
    "imp_help_note": ("进展说明", "what was done"),
    "imp_help_evidence": ("佐证链接（可选）", "a link to evidence (optional)"),
    "imp_help_reported_by": (
        "填报人（可选，仅作记录；录入人是导入文件的登录用户）",
        "who reported it (optional, kept as a note; the entry is recorded as the signed-in user who imports)",
    ),
    "imp_help_rules": (
        "状态、进度、日期、说明都为空的行会被跳过；任何一行有误，整个文件都不写入。",
        "Rows with status, percent, date and note all blank are skipped; if any row is wrong, nothing is written.",
    ),
}
LABELS.update(_IMPORT_MESSAGES)


# ---------------------------------------------------------------- issue 12: due dates, rankings, follow-up lists
_STATUS_MESSAGES: dict[str, tuple[str, str]] = {
    "due_rule_year_end": ("年底", "year end"),
    "due_rule_half_year_end": ("半年末", "end of the half-year"),
    "due_rule_quarter_end": ("季末", "end of the quarter"),
    "due_rule_none": ("不设默认时限", "no default"),
    "due_rule_days": ("会后{n}天", "{n} days after the meeting"),
    "due_rule_part": ("{kind}：{rule}", "{kind}: {rule}"),
    "due_src_text": ("原文写明", "stated in the text"),
    "due_src_review": ("审核确定", "set in review"),
    "due_src_default": ("默认：{rule}", "assumed: {rule}"),
    "rank_tied": ("并列{rank}", "tied {rank}"),
    "avg_of_reported": (
        "{mean}%（{items}项中{reported}项已填报）",
        "{mean}% ({reported} of {items} reported)",
    ),
    "avg_none": ("未填报（{items}项中{reported}项已填报）", "no report ({reported} of {items} reported)"),
    "fu_sheet": ("督办清单", "follow-up"),
    "fu_col_unit_name": ("责任单位", "Unit"),
    "fu_col_title": ("事项", "Commitment"),
    "fu_col_meeting_title": ("会议", "Meeting"),
    "fu_col_meeting_date": ("会议日期", "Meeting date"),
    "fu_col_due_date": ("完成时限", "Due"),
    "fu_col_due_note": ("时限来源", "Due date from"),
    "fu_col_status": ("状态", "Status"),
    "fu_col_percent": ("进度(%)", "Percent"),
    "fu_col_colour": ("预警", "Warning"),
    "fu_col_reasons": ("原因", "Why"),
    "fu_col_last_update": ("最后更新", "Last update"),
    "fu_col_days_silent": ("未更新天数", "Days silent"),
    "fu_col_days_overdue": ("逾期天数", "Days overdue"),
    "fu_col_quote": ("原文", "Quote"),
    "fu_col_commitment_id": ("事项编号", "Commitment id"),
}
LABELS.update(_STATUS_MESSAGES)


# ---------------------------------------------------------------- issue 12: chart labels
_CHART_LABELS: dict[str, tuple[str, str]] = {
    "measure_panel": ("以“{measure}”计（{n}项）", "counted in {measure} ({n})"),
    "no_measure": ("无量词", "none"),
}
LABELS.update(_CHART_LABELS)


# ---------------------------------------------------------------- issue 12: briefing packs (tracker/reports/brief)
_PACK_LABELS: dict[str, tuple[str, str]] = {
    "brief_unknown_unit": (
        "--unit 的单位“{name}”不存在；请用数据库中的单位名称：{known}",
        "unknown unit '{name}' for --unit; use a unit name from the database: {known}",
    ),
    "brief_from_after_to": (
        "--from {a} 晚于 --to {b}；请交换两者或放宽时间段",
        "--from {a} is after --to {b}; swap them or widen the period",
    ),
    "brief_unknown_meeting": (
        "--meeting 的会议编号“{id}”不存在；已有的会议：{known}",
        "unknown meeting id '{id}' for --meeting; known meetings: {known}",
    ),
    "brief_span": ("，日期从 {a} 到 {b}", ", dated {a} to {b}"),
    "brief_no_meetings": (
        "所选时间段和会议中没有会议；请放宽 --from/--to 或检查 --meeting（数据库共有 {n} 次会议{span}）",
        "no meetings match the chosen period and meetings; widen --from/--to or check --meeting "
        "(the database has {n} meeting(s){span})",
    ),
    "brief_unknown_chart": (
        "没有名为“{name}”的图表；可选：{names}",
        "unknown chart '{name}'; choose from: {names}",
    ),
    "pack_title": ("{city}重点工作督查简报", "{city} work tracker briefing"),
    "pack_overview": ("工作概况", "Overview"),
    "pack_red_title": ("红色及逾期事项", "Red and overdue items"),
    "pack_sources_title": ("资料来源", "Sources"),
    "pack_page_of": ("（{i}/{n}）", " ({i}/{n})"),
    "pack_period": ("期间：{period}", "Period: {period}"),
    "pack_as_of": ("统计截至：{date}", "As of: {date}"),
    "pack_period_range": ("{a}至{b}", "{a} to {b}"),
    "pack_period_all": ("全部", "all dates"),
    "pack_short_all": ("全部时间", "all dates"),
    "pack_undated": ("日期不详", "date unknown"),
    "pack_scope_meetings": ("会议：{names}", "Meetings: {names}"),
    "pack_scope_units": ("单位：{names}", "Units: {names}"),
    "pack_scope_all": ("范围：全部会议、全部单位", "Scope: all meetings, all units"),
    "pack_h_meetings": ("会议与文件", "Meetings and documents"),
    "pack_h_commitments": ("事项", "Commitments"),
    "pack_h_units": ("有事项的单位（部门、乡镇）", "Units with items (departments, towns)"),
    "pack_h_done": ("已完成", "Done"),
    "pack_h_overdue": ("逾期", "Overdue"),
    "pack_h_figures": ("报道指标", "Figures reported"),
    "pack_n_meetings": ("{n}个", "{n}"),
    "pack_n_items": ("{n}项", "{n}"),
    "pack_n_units": ("{n}个", "{n}"),
    "pack_no_report": ("未填报", "no reports"),
    "pack_kind_count": ("{kind}{n}项", "{n} {kind}"),
    "pack_note_items": ("{m}次会议共提出事项{n}项", "{m} meeting(s) raised {n} commitments"),
    "pack_note_unmet": ("，另有{n}项未归入具体会议", "; {n} more are not tied to a meeting"),
    "pack_note_kinds": ("；合计{total}项：{parts}。", "; {total} in all: {parts}."),
    "pack_note_none": ("所选范围内没有提取到事项。", "No commitments were extracted in this selection."),
    "pack_note_no_progress": (
        "尚无进展填报：各事项状态均为“未填报”，本简报不对完成情况作任何估计。",
        "No progress has been reported yet: every item is 'No report yet', and this pack makes no estimate of completion.",
    ),
    "pack_note_reported": (
        "已填报进展{r}项，未填报{n}项。",
        "{r} items have a progress report, {n} have none.",
    ),
    "pack_note_assumed": (
        "{n}项事项的完成时限是按默认规则推定的，原文并未写明（默认规则：{rules}）；表中标“（默认）”。",
        "{n} due dates are assumed by the default rule, not stated in the text (rules: {rules}); tables mark them "
        "'(assumed)'.",
    ),
    "pack_note_overdue": (
        "截至{date}，逾期{n}项，其中{k}项的时限为默认推定；红色或逾期事项共{red}项，详见“红色及逾期事项”表。",
        "As of {date}, {n} items are overdue, {k} of them against an assumed due date; {red} items are red or "
        "overdue, listed in 'Red and overdue items'.",
    ),
    "pack_note_no_red": ("截至{date}，没有红色或逾期事项。", "As of {date}, nothing is red or overdue."),
    "pack_note_skipped": (
        "以下图表在所选范围内没有数据，未列出：{names}。",
        "Left out for lack of data in this selection: {names}.",
    ),
    "pack_col_title": ("事项", "Commitment"),
    "pack_col_unit": ("责任单位", "Unit"),
    "pack_col_due": ("到期日", "Due"),
    "pack_col_status": ("状态", "Status"),
    "pack_col_meeting": ("会议", "Meeting"),
    "pack_col_date": ("日期", "Date"),
    "pack_col_file": ("来源文件", "Source file"),
    "pack_col_report": ("报道", "Report"),
    "pack_overdue_tag": ("·逾期", " · overdue"),
    "pack_assumed_footnote": (
        "（默认）：原文未写明完成时限，按配置的默认规则推定（{rules}）。",
        "(assumed): the text gives no due date; it is assumed by the configured default rule ({rules}).",
    ),
    "pack_source_note": (
        "来源：{meetings}{more}（报道原文：{files}）。统计截至{date}。",
        "Source: {meetings}{more} (report files: {files}). As of {date}.",
    ),
    "pack_source_meeting": ("{title}（{date}）", "{title} ({date})"),
    "pack_source_more": ("等{n}次会议", " and others, {n} meetings in all"),
    "pack_page": ("第{n}页", "page {n}"),
    "pack_chart_title": ("{what}（{period}）", "{what} ({period})"),
    "pack_chart_status": ("事项状态分布", "Commitments by status"),
    "pack_chart_status_about": ("各状态的事项数", "commitments per status"),
    "pack_chart_units": ("各单位承担事项", "Commitments per unit"),
    "pack_chart_units_about": (
        "每个责任单位的事项数，按状态分色",
        "commitments per responsible unit, by status",
    ),
    "pack_chart_towns": ("各乡镇（街道）承担事项", "Commitments per town"),
    "pack_chart_towns_about": (
        "全部乡镇（街道），含暂无事项的",
        "every town, including those with nothing assigned",
    ),
    "pack_chart_departments": ("各部门承担事项", "Commitments per department"),
    "pack_chart_departments_about": ("每个部门的事项数，按状态分色", "commitments per department, by status"),
    "pack_chart_links": ("部门与乡镇共同事项", "Commitments linking departments and towns"),
    "pack_chart_links_about": ("部门 × 乡镇（街道）", "department × town"),
    "pack_chart_meetings": ("各会议提出事项", "Commitments per meeting"),
    "pack_chart_meetings_about": ("每次会议的事项数", "commitments raised at each meeting"),
    "pack_chart_kinds": ("事项类型", "Commitments by kind"),
    "pack_chart_kinds_about": (
        "领导要求、重点领域、项目、任务、诉求",
        "requirements, focus areas, projects, tasks, requests",
    ),
    "pack_chart_due": ("事项到期时间", "Due dates"),
    "pack_chart_due_about": (
        "按到期月份的事项数，分原文写明和默认推定",
        "commitments per due month, stated or assumed",
    ),
    "pack_chart_overdue": ("红色及逾期事项分布", "Red and overdue items per unit"),
    "pack_chart_overdue_about": ("各单位的红色/逾期事项", "red and overdue items of each unit"),
    "pack_chart_progress": ("各单位平均完成进度", "Average progress per unit"),
    "pack_chart_progress_about": (
        "只计已填报的事项，并注明覆盖几项",
        "reported items only, with how many they cover",
    ),
    "pack_chart_figures": ("报道中的数字指标", "Figures in the reports"),
    "pack_chart_figures_about": (
        "报道给出的数字，每种量词一栏",
        "figures from the reports, one panel per measure word",
    ),
    "pack_axis_due_month": ("到期月份", "Due month"),
    "pack_axis_progress": ("平均完成进度（%，仅计已填报事项）", "Average progress (%, reported items only)"),
    "pack_progress_empty": (
        "尚无进展填报，暂无完成率（不作任何估算）",
        "No progress reported yet: no completion rate (nothing is estimated)",
    ),
    "pack_no_unit": ("未落实到单位", "No unit named"),
    "pack_figure": ("指标", "figure"),
    "pack_pair": ("{a}与{b}", "{a} and {b}"),
    "due_series_text": ("原文写明的时限", "Due date stated in the text"),
    "due_series_default": ("默认推定的时限", "Due date assumed by default"),
    "what_units": ("单位", "units"),
    "what_town": ("乡镇（街道）", "towns"),
    "what_department": ("部门", "departments"),
    "tk_end": ("。", "."),
    "tk_none": ("所选范围内没有事项。", "No commitments in this selection."),
    "tk_status_no_progress": (
        "共{n}项事项，均尚未填报进展，完成情况暂无法统计。",
        "{n} commitments, none with a progress report yet: completion cannot be counted.",
    ),
    "tk_status": (
        "共{n}项事项，已完成{done}项（{pct}），{none}项尚未填报进展。",
        "{n} commitments: {done} done ({pct}), {none} without a progress report.",
    ),
    "tk_units_none": (
        "所选范围内没有落实到{what}的事项",
        "No commitments are assigned to {what} in this selection",
    ),
    "tk_units_top": (
        "{n}个{what}有事项，{top}最多（{k}项）",
        "{n} {what} have commitments; {top} has the most ({k})",
    ),
    "tk_units_tie": (
        "{n}个{what}有事项，{tops}并列最多（各{k}项）",
        "{n} {what} have commitments; {tops} tie for the most ({k} each)",
    ),
    "tk_towns_idle": ("；{n}个乡镇（街道）暂无事项", "; {n} towns have none"),
    "tk_towns_all": ("；所有乡镇（街道）均有事项", "; every town has some"),
    "tk_meetings_none": (
        "所选会议没有提取到事项。",
        "No commitments were extracted from the selected meetings.",
    ),
    "tk_meetings": (
        "{m}次会议共提出{n}项事项，{top}最多（{k}项）",
        "{m} meeting(s) raised {n} commitments; {top} raised the most ({k})",
    ),
    "tk_meetings_tie": (
        "{m}次会议共提出{n}项事项，{tops}并列最多（各{k}项）",
        "{m} meeting(s) raised {n} commitments; {tops} tie for the most ({k} each)",
    ),
    "tk_meetings_unmet": ("；另有{n}项未归入具体会议", "; {n} more are not tied to a meeting"),
    "tk_kinds": ("共{n}项事项：{parts}。", "{n} commitments: {parts}."),
    "tk_due_none": ("所选事项均未设定到期日。", "None of the selected commitments has a due date."),
    "tk_due": (
        "{n}项有到期日（{span}），其中{assumed}项为默认推定；截至{date}已到期{passed}项",
        "{n} have a due date ({span}), {assumed} of them assumed by default; {passed} have passed as of {date}",
    ),
    "tk_due_missing": ("；另有{n}项未设定到期日", "; {n} more have none"),
    "tk_overdue_none": ("截至{date}，没有红色或逾期事项。", "As of {date}, nothing is red or overdue."),
    "tk_overdue": ("截至{date}，红色或逾期事项{n}项", "As of {date}, {n} items are red or overdue"),
    "tk_overdue_top": ("，{top}最多（{k}项）", "; {top} has the most ({k})"),
    "tk_overdue_tie": ("，{tops}并列最多（各{k}项）", "; {tops} tie for the most ({k} each)"),
    "tk_overdue_unowned": ("；其中{n}项未落实到具体单位", "; {n} of them have no single responsible unit"),
    "tk_progress_none": ("尚无进展填报，暂无完成率。", "No progress reported yet: no completion rate."),
    "tk_progress": (
        "{u}个单位填报了{r}项事项的进展；平均进度只计已填报的事项，括号内注明覆盖几项",
        "{u} units reported on {r} items; each average counts reported items only, and says how many it covers",
    ),
    "tk_progress_silent": (
        "；{n}个单位有事项但尚未填报：{names}",
        "; {n} units with items have not reported: {names}",
    ),
    "tk_figures_none": (
        "所选会议的报道中没有数字指标。",
        "The reports of the selected meetings give no figures.",
    ),
    "tk_figures": (
        "报道给出{n}项数字指标，涉及{m}种量词，最大为{what}{text}",
        "The reports give {n} figures in {m} measure words; the largest is {what} {text}",
    ),
    "tk_figures_cut": (
        "；图中分{panels}栏、每栏最多{k}项，共画出{shown}项",
        "; the chart shows {panels} panels of at most {k}, {shown} figures in all",
    ),
    "tk_links_none": (
        "所选范围内没有同时涉及部门和乡镇（街道）的事项。",
        "No commitment in this selection involves both a department and a town.",
    ),
    "tk_links": (
        "{towns}个乡镇（街道）与部门有共同事项，最多的是{top}（{k}项）。",
        "{towns} towns share commitments with departments; most: {top} ({k}).",
    ),
    "tk_links_tie": (
        "{towns}个乡镇（街道）与部门有共同事项，{tops}并列最多（各{k}项）。",
        "{towns} towns share commitments with departments; {tops} tie for the most ({k} each).",
    ),
}
LABELS.update(_PACK_LABELS)


# ---------------------------------------------------------------- issue 12: chart export (tracker/reports/render.py)
_EXPORT_MESSAGES: dict[str, tuple[str, str]] = {
    "export_bad_format": (
        "未知的图片格式“{fmt}”；可选：{formats}",
        "unknown image format '{fmt}'; use one of: {formats}",
    ),
    "export_no_suffix": (
        "“{path}”没有扩展名；文件名请以 .png、.svg 或 .pdf 结尾",
        "'{path}' has no extension; end the file name with .png, .svg or .pdf",
    ),
    "export_no_chromium": (
        "服务器上未找到 Chromium，无法导出图片。安装：sudo apt-get install chromium fonts-noto-cjk"
        "（或设置环境变量 BROWSER_PATH 指向 Chromium）。图表右上角工具栏的相机按钮仍可在浏览器中保存 PNG。",
        "Chromium was not found on the server, so charts cannot be exported. Install it with "
        "'sudo apt-get install chromium fonts-noto-cjk' (or set BROWSER_PATH to a Chromium binary); "
        "the camera button in the chart's toolbar still saves a PNG from the browser.",
    ),
    "export_failed": (
        "Chromium 导出图表失败{detail}；请重试",
        "chart export failed in Chromium{detail}; try again",
    ),
    "export_no_folder": (
        "文件夹“{folder}”不存在；请先创建，或换一个 --out 路径",
        "folder '{folder}' does not exist; create it or choose another --out path",
    ),
}
LABELS.update(_EXPORT_MESSAGES)


# ---------------------------------------------------------------- issue 12: dashboard (assumed dates, rankings, overview)
_DASHBOARD_LABELS: dict[str, tuple[str, str]] = {
    "due_assumed_suffix": ("（默认）", " (assumed)"),
    "due_none": ("无完成时限", "no due date"),
    "choose_one": ("请选择", "Choose one"),
    "choose_many": ("请选择（可多选）", "Choose any"),
    "choose_none": ("（无）", "(none)"),
    "upload_button": ("选择文件", "Choose files"),
    "upload_note": (
        "可把文件拖到上面的框里，或点“选择文件”；每个文件不超过 {mb}MB，格式：{types}",
        "Drop files on the box above or press the button; up to {mb} MB per file; formats: {types}",
    ),
    "due_legend": (
        "灰色、标“（默认）”的截止日期是按默认规则推定的，原文并未写明：{rules}（config.yaml 的 progress.due_defaults）。",
        "Due dates in grey marked '(assumed)' are not stated in the text; the default rule set them: "
        "{rules} (progress.due_defaults in config.yaml).",
    ),
    "metric_units_responsible": ("有事项的单位", "Units with items"),
    "metric_units_help": (
        "牵头、负责或配合至少一项所选事项的部门和乡镇（街道），每个单位计一次；“各乡镇”等统称不计。部门页、乡镇页和简报按同一口径计数。",
        "Departments and towns that lead, are responsible for or support at least one selected item, each counted "
        "once; collective addressees such as 'every town' are not counted. The unit pages and packs count the same.",
    ),
    "overdue_split": (
        "逾期 {n} 项：原文写明时限的 {stated} 项，按默认时限推定的 {assumed} 项。",
        "{n} overdue: {stated} against a due date stated in the text, {assumed} against an assumed one.",
    ),
    "due_assumed_note": (
        "{n} 项事项的截止日期是按默认规则推定的（原文未写明）：{rules}。",
        "{n} due dates are assumed by the default rule (the text gives none): {rules}.",
    ),
    "overdue_stated_tab": ("原文写明时限（{n}）", "Stated in the text ({n})"),
    "overdue_assumed_tab": ("默认推定时限（{n}）", "Assumed by default ({n})"),
    "no_overdue_here": ("这一类没有逾期事项。", "Nothing of this kind is overdue."),
}
LABELS.update(_DASHBOARD_LABELS)
_PROGRESS_LABELS_12: dict[str, tuple[str, str]] = {
    "col_avg": ("平均进度（已填报事项）", "Average progress (reported items)"),
    "not_reporting": (
        "有事项但尚未填报的单位（{n}个，不参与排名）",
        "Units with items but no report ({n}, not ranked)",
    ),
    "no_items_note": (
        "另有 {n} 个单位在当前筛选下没有事项，不参与排名。",
        "{n} more units have no items under these filters and are not ranked.",
    ),
    "ranking_rule": (
        "只有填报过进展的单位参与排名；得分相同为并列。计分方法见 docs/progress.md。",
        "Only units that have reported are ranked; equal scores are ties. How scores are computed: docs/progress.md.",
    ),
}
LABELS.update({f"progress.{k}": v for k, v in _PROGRESS_LABELS_12.items()})


# ---------------------------------------------------------------- issue 14: the logs in PostgreSQL (tracker/store/pglog.py,
# tracker/store/logs.py, `python -m tracker progress migrate`), as 'safe.<key>'
_PG_LOG_MESSAGES: dict[str, tuple[str, str]] = {
    "log_pg_bad_url": (
        "{where}：PostgreSQL 地址无效；请在 config.yaml 的 logs.postgres_url 写成 postgresql://用户@主机:5432/数据库",
        "{where}: not a valid PostgreSQL address; write logs.postgres_url in config.yaml as "
        "postgresql://user@host:5432/database",
    ),
    "log_pg_unreachable": (
        "{where}：无法连接日志数据库（{cause}）{detail}；未读写任何记录。请检查 logs.postgres_url、服务器是否在运行，"
        "以及密码（环境变量 PGPASSWORD 或 ~/.pgpass 文件）",
        "{where}: cannot connect to the log database ({cause}){detail}; nothing was read or written. Check "
        "logs.postgres_url, that the server is running, and the password (PGPASSWORD or ~/.pgpass)",
    ),
    "log_pg_cannot_read": (
        "{where}：无法读取日志{detail}；请检查数据库用户的权限",
        "{where}: cannot read the log{detail}; check the database user's privileges",
    ),
    "log_pg_cannot_write": (
        "{where}：写入日志失败{detail}，未保存任何内容；请检查数据库用户的权限和磁盘空间",
        "{where}: could not write the log{detail}; nothing new was saved. Check the database user's privileges "
        "and the server's disk space",
    ),
    "log_pg_busy": (
        "{where}：另一个写入者占用日志超过 {seconds} 秒，未保存任何内容；请稍后重试（数据库中可能有未结束的事务）",
        "{where}: another writer held the log for more than {seconds} s; nothing was saved. Try again later (a "
        "transaction may have been left open in the database)",
    ),
    "pg_cause_refused": (
        "服务器拒绝连接：没有运行，或主机、端口不对",
        "the server refused: not running, or wrong host or port",
    ),
    "pg_cause_timeout": ("连接超时", "timed out"),
    "pg_cause_host": ("找不到这个主机名", "unknown host name"),
    "pg_cause_password": ("密码不对或没有提供密码", "wrong or missing password"),
    "pg_cause_database": ("数据库或用户不存在", "no such database or user"),
    "pg_cause_other": ("连接失败", "connection failed"),
    "config_pg_no_url": (
        "{file}：logs.store 为 postgres 时必须设置 logs.postgres_url（例如 postgresql://tracker@db.example:5432/tracker）",
        "{file}: logs.store is postgres, so logs.postgres_url must be set (e.g. "
        "postgresql://tracker@db.example:5432/tracker)",
    ),
    "config_pg_bad_url": (
        "{file}：logs.postgres_url 不是有效的 PostgreSQL 地址；请写成 postgresql://用户@主机:5432/数据库",
        "{file}: logs.postgres_url is not a valid PostgreSQL address; write it as postgresql://user@host:5432/database",
    ),
    "config_pg_password": (
        "{file}：logs.postgres_url 中不能写密码（配置文件会进入版本库和备份）；请删去密码，改用环境变量 PGPASSWORD "
        "或 ~/.pgpass 文件",
        "{file}: logs.postgres_url must not contain a password (the config goes into version control and "
        "backups); remove it and use the PGPASSWORD environment variable or a ~/.pgpass file",
    ),
    # python -m tracker progress migrate
    "cli_help_migrate": (
        "在 JSONL 文件和 PostgreSQL 之间复制进展日志（每条记录原样复制，编号、批次和顺序不变）",
        "copy the progress log between its JSONL file and PostgreSQL (every record as stored: ids, batches and "
        "order kept)",
    ),
    "cli_help_migrate_to": (
        "目标：postgres（从 JSONL 文件复制到 logs.postgres_url）或 jsonl（从 PostgreSQL 复制回文件）",
        "target: postgres (from the JSONL file into logs.postgres_url) or jsonl (from PostgreSQL back to the file)",
    ),
    "cli_help_migrate_append": (
        "目标已有记录时仍然复制：追加在后面，目标中已有的批次（同一批次编号）跳过",
        "copy into a target that already has records: append after them, skipping batches already there (same "
        "batch id)",
    ),
    "cli_help_migrate_skip_bad": (
        "跳过来源中无法读成 JSON 记录的行（原文件不变）",
        "skip lines of the source that cannot be read as JSON records (the source is left as it is)",
    ),
    "migrate_no_url": (
        "{file}：迁移需要 logs.postgres_url；请先在 config.yaml 中设置（例如 postgresql://tracker@db.example:5432/tracker）",
        "{file}: migrating needs logs.postgres_url; set it in config.yaml first (e.g. "
        "postgresql://tracker@db.example:5432/tracker)",
    ),
    "migrate_not_empty": (
        "{target} 中已有 {n} 条记录，未复制任何内容；确需合并请加 --append（已有的批次会跳过）",
        "{target} already holds {n} records; nothing was copied. To merge into it, add --append (batches already "
        "there are skipped)",
    ),
    "migrate_bad_lines": (
        "{source} 中有 {n} 行不是 JSON 记录（{first}），未复制任何内容；请修正这些行，或加 --skip-bad 跳过它们",
        "{source} has {n} lines that are not JSON records ({first}); nothing was copied. Fix them, or add "
        "--skip-bad to leave them out",
    ),
    "migrate_done": (
        "已从 {source} 向 {target} 复制 {n} 条记录（{batches} 批）{skipped}",
        "copied {n} records ({batches} batches) from {source} to {target}{skipped}",
    ),
    "migrate_skipped": ("；跳过了目标中已有的 {n} 条", "; skipped {n} already in the target"),
    "migrate_skipped_bad": ("；跳过了 {n} 行无法读取的行", "; left out {n} unreadable lines"),
    "migrate_check": (
        "目标中可读的记录：{entries} 条；跳过的记录或批次：{problems} 个",
        "readable records in the target: {entries}; records or batches skipped: {problems}",
    ),
    "migrate_next": (
        "要让看板和命令行使用它，请在 config.yaml 中设置 logs.store: {store}，然后重启看板",
        "to make the dashboard and the command lines use it, set logs.store: {store} in config.yaml and restart "
        "the dashboard",
    ),
}
LABELS.update({f"safe.{k}": v for k, v in _PG_LOG_MESSAGES.items()})


# ---------------------------------------------------------------- keyed user errors (UserError(code=…))


def use_language(lang: str) -> None:
    """Make this command's messages come out in `lang` (the config's language) unless $TRACKER_LANG is set."""
    if not os.environ.get(LANG_ENV) and normalise_language(lang):
        set_language(lang)


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


# ---------------------------------------------------------------- issue 10: review (tracker/review, the 审核 page)
_REVIEW_LABELS: dict[str, tuple[str, str]] = {
    # states, actions, roles
    "state_unreviewed": ("待审核", "awaiting review"),
    "state_confirmed": ("已确认", "confirmed"),
    "state_edited": ("已修改", "edited"),
    "state_added": ("人工添加", "added"),
    "state_rejected": ("已驳回", "rejected"),
    "state_merged": ("已合并", "merged"),
    "action_confirm": ("确认", "confirm"),
    "action_reject": ("驳回", "reject"),
    "action_edit": ("修改", "edit"),
    "action_add": ("添加", "add"),
    "action_merge": ("合并", "merge"),
    "action_reopen": ("恢复", "reopen"),
    "action_reattach": ("重新挂接", "re-attach"),
    "action_orphan": ("无法挂接", "orphaned"),
    "action_close": ("关闭", "close"),
    "role_lead": ("牵头", "lead"),
    "role_responsible": ("责任", "responsible"),
    "role_support": ("配合", "support"),
    "owner_role": ("{unit}（{role}）", "{unit} ({role})"),
    "by_build": ("（构建时自动）", "(the build)"),
    "oral": ("（口头提出，无原文）", "(given orally: no words in the source)"),
    "quote_unknown": ("（原文未知）", "(words unknown)"),
    "orphan_vanished": (
        "来源或提取程序变化后找不到对应事项",
        "no item matches it since the source or the extractor changed",
    ),
    "orphan_add_not_found": (
        "人工添加的原文已不在来源中",
        "the words of this added item are no longer in its source",
    ),
    "field_title": ("事项", "title"),
    "field_kind": ("类型", "kind"),
    "field_owners": ("责任单位", "owners"),
    "field_due_date": ("完成时限", "due date"),
    "field_parent_id": ("上级事项", "parent"),
    "field_ordinal": ("序号", "ordinal"),
    "field_source_id": ("来源", "source"),
    "field_quote": ("原文", "quote"),
    "field_char_start": ("起", "start"),
    "field_char_end": ("止", "end"),
    "field_meeting_id": ("会议", "meeting"),
    "field_into": ("合并到", "into"),
    "field_score": ("相似度", "score"),
    # problems with one action (column, value, then one of these)
    "refused": ("审核未保存：{n} 处有误", "review not saved: {n} problem(s)"),
    "rsn_unknown_id": (
        "不是已知的事项；请用 review list 或审核页面上的编号",
        "is not a known item; use an id from review list or the review page",
    ),
    "rsn_twice": (
        "同一事项出现了两次（另见第 {other} 行）；每个事项只填一行",
        "the same item appears twice (see also row {other}); one row per item",
    ),
    "rsn_why_reject": (
        "驳回时请说明原因（--why 或“审核说明”）",
        "say why it is rejected (--why, or the 'why' column)",
    ),
    "rsn_why_close": ("关闭时请说明原因（--why）", "say why it is closed (--why)"),
    "rsn_not_rejected": ("没有被驳回或合并，无需恢复", "is neither rejected nor merged: nothing to reopen"),
    "rsn_not_live": (
        "当前状态为“{state}”，不能修改或合并；请先恢复（review reopen）",
        "is {state}: reopen it first (review reopen)",
    ),
    "rsn_nothing_to_edit": (
        "没有要修改的内容；请给出 --title、--kind、--owner、--due、--parent 或 --ordinal",
        "nothing to change: give --title, --kind, --owner, --due, --parent or --ordinal",
    ),
    "rsn_into_self": (
        "请用 --into 给出要合并到的另一个事项",
        "give the other item to merge into with --into",
    ),
    "rsn_into_unknown": (
        "不是可用的事项（不存在、已驳回或已合并）",
        "is not an item that can take it (unknown, rejected or merged)",
    ),
    "rsn_not_orphan": (
        "不在无法挂接的清单中（review orphans）",
        "is not in the list of orphans (review orphans)",
    ),
    "rsn_title_empty": ("事项名称不能为空", "the title cannot be empty"),
    "rsn_too_long": ("太长（{n} 字，最多 {max} 字）", "is too long ({n} characters, at most {max})"),
    "rsn_kind": ("不是事项类型；请用 {kinds} 之一", "is not a kind; use one of {kinds}"),
    "rsn_role": (
        "“{role}”不是单位角色；请用 牵头/责任/配合（{roles}）",
        "'{role}' is not a role; use {roles} (牵头/责任/配合)",
    ),
    "rsn_unit": (
        "“{unit}”不是已知的单位，也不像单位名称（应以 局、委、办、镇、乡、街道 等结尾）；请检查名称或在 config.yaml 的 departments 中加上它",
        "'{unit}' is not a known unit and does not look like one (it should end in 局, 委, 办, 镇, 乡, 街道 …); check the name or add it to departments in config.yaml",
    ),
    "rsn_unit_twice": ("单位“{unit}”出现了两次", "the unit '{unit}' is given twice"),
    "rsn_two_leads": ("只能有一个牵头单位", "there can be only one lead unit"),
    "rsn_date": (
        "不是日期；请写成 2024-06-30、2024/6/30 或 2024年6月30日，或写 none 清除",
        "is not a date; write 2024-06-30, 2024/6/30 or 2024年6月30日, or none to clear it",
    ),
    "rsn_parent_unknown": (
        "不是可用的上级事项（不存在、已驳回或已合并）",
        "is not an item that can be a parent (unknown, rejected or merged)",
    ),
    "rsn_parent_other_source": ("上级事项须出自同一来源", "the parent must come from the same source"),
    "rsn_parent_cycle": (
        "上级事项不能是它自己或它的下级",
        "the parent cannot be the item itself or one of its children",
    ),
    "rsn_ordinal": ("序号应为不小于 0 的整数", "the ordinal should be a whole number, 0 or more"),
    "rsn_source": ("不是已知的来源；可用的有 {sources}", "is not a known source; the sources are {sources}"),
    "rsn_not_in_source": (
        "在来源 {source} 中找不到这段文字；请从原文中复制",
        "these words are not in the source {source}; copy them from the source text",
    ),
    "rsn_already_item": (
        "这段文字已是事项 {id}；请直接审核它",
        "these words are already the item {id}; review it instead",
    ),
    "rsn_oral_needs_title": (
        "口头提出的事项（没有原文）需要 --title",
        "an item given orally (no words from the source) needs --title",
    ),
    "rsn_meeting": ("不是已知的会议", "is not a known meeting"),
    "rsn_changed_since": (
        "导出后已被 {by} 审核过；请重新导出，在新表上填写",
        "was reviewed by {by} after this sheet was exported; export again and fill in the new sheet",
    ),
    "rsn_decision": (
        "不是审核决定；请填 {words} 之一，或留空",
        "is not a decision; use one of {words}, or leave it empty",
    ),
    # the review sheet
    "col_commitment_id": ("事项编号", "commitment_id"),
    "col_meeting": ("会议", "meeting"),
    "col_quote": ("原文", "quote"),
    "col_kind": ("类型", "kind"),
    "col_title": ("事项", "title"),
    "col_owners": ("责任单位", "owners"),
    "col_due_date": ("完成时限", "due_date"),
    "col_parent_id": ("上级事项", "parent_id"),
    "col_state": ("审核状态", "state"),
    "col_decision": ("审核决定", "decision"),
    "col_merge_into": ("合并到", "merge_into"),
    "col_why": ("审核说明", "why"),
    "col_version": ("版本", "version"),
    "sheet_name": ("事项审核", "Review"),
    "sheet_help_name": ("填写说明", "How to fill in"),
    "sheet_help_decision": (
        "审核决定：确认（是事项）、驳回（不是事项，请在“审核说明”中写明原因）、合并（与“合并到”列中的事项重复，进展记录转到该事项）、恢复（撤销驳回或合并）；不改的行留空。",
        "decision: confirm (it is a commitment), reject (it is not; say why in the 'why' column), merge (a duplicate of the item in 'merge_into', whose progress it joins) or reopen (undo a rejection or merge); leave it empty to change nothing.",
    ),
    "sheet_help_edit": (
        "修改：直接改“类型”“事项”“责任单位”“完成时限”“上级事项”单元格即为修改。责任单位写作 红山街道（牵头）、公安局（配合）；角色为 牵头/责任/配合。完成时限留空即清除。",
        "edit: change the kind, title, owners, due_date or parent_id cell. Owners are written 红山街道（牵头）、公安局（配合） or with the roles lead/responsible/support; an empty due date clears it.",
    ),
    "sheet_help_version": (
        "版本：请勿修改。导出后若有人在看板或命令行中审核过某事项，该行会被拒绝，请重新导出。",
        "version: leave it as it is. A row whose item was reviewed elsewhere after the export is refused: export again.",
    ),
    "sheet_help_all": (
        "导入时逐行检查；只要有一行有误，整个文件都不写入，错误按行号列出。命令：python -m tracker review import 文件.xlsx",
        "Every row is checked on import; if any row is wrong nothing is written and every problem is listed by row number. Command: python -m tracker review import FILE.xlsx",
    ),
    "sheet_missing_columns": (
        "{name}：表头缺少 {columns} 列；请从 review export 导出的表格开始填写",
        "{name}: the header lacks the column(s) {columns}; start from a sheet made by review export",
    ),
    "sheet_refused": (
        "{name}：{bad} 行有误（共 {problems} 个问题），整个文件都未写入；请改正后重新导入",
        "{name}: {bad} bad row(s) ({problems} problem(s)); nothing was written — fix them and import the file again",
    ),
    "sheet_ready": (
        "{name}：{n} 项审核待写入（{skipped} 行未改动，已跳过）",
        "{name}: {n} review action(s) to write ({skipped} unchanged row(s) skipped)",
    ),
    "sheet_written": (
        "已写入 {n} 项审核，数据库已更新：{path}",
        "wrote {n} review action(s); the database is up to date: {path}",
    ),
    "sheet_preview_row": (
        "第 {row} 行  {id}  {title}  {action}  {values}",
        "row {row}  {id}  {title}  {action}  {values}",
    ),
    # command line
    "cli_desc": (
        "事项审核：确认、驳回、修改、添加、合并，以及表格批量审核",
        "Review: confirm, reject, edit, add and merge items; bulk review in a spreadsheet",
    ),
    "cli_help_list": ("列出事项及其审核状态", "list items with their review state"),
    "cli_help_confirm": ("确认事项（是事项）", "confirm items (they are commitments)"),
    "cli_help_reject": ("驳回事项（不是事项），需 --why", "reject items (not commitments); needs --why"),
    "cli_help_reopen": ("恢复被驳回或合并的事项", "reopen rejected or merged items"),
    "cli_help_edit": (
        "修改事项的名称、类型、责任单位、时限、上级或序号",
        "edit an item's title, kind, owners, due date, parent or ordinal",
    ),
    "cli_help_add": (
        "添加提取遗漏的事项：给出来源和原文（口头提出的可不给原文）",
        "add an item the extractor missed: its source and words (none for one given orally)",
    ),
    "cli_help_merge": (
        "把重复的事项合并到另一事项，进展记录随之转移",
        "merge a duplicate into another item; its progress moves along",
    ),
    "cli_help_orphans": (
        "列出来源变化后无法挂接的审核和进展记录",
        "list review and progress entries left without an item after a source changed",
    ),
    "cli_help_reattach": ("把无法挂接的记录挂到指定事项", "re-attach an orphan's entries to an item"),
    "cli_help_close": (
        "关闭无法挂接的记录（不再列出），需 --why",
        "close an orphan (no longer listed); needs --why",
    ),
    "cli_help_export": (
        "导出审核表（.xlsx 或 .csv），每个事项一行",
        "write the review sheet (.xlsx or .csv), one row per item",
    ),
    "cli_help_import": (
        "导入填好的审核表：逐行检查，全部写入或全不写入",
        "apply a filled-in review sheet: every row checked, all or nothing",
    ),
    "cli_help_log": ("显示审核日志", "print the review log"),
    "cli_help_by": ("审核人（默认为当前登录名）", "who decides (default: your login name)"),
    "cli_help_why": ("原因或说明", "why (a note kept with the decision)"),
    "cli_help_title": ("新的事项名称", "the new title"),
    "cli_mv_kind": ("类型", "KIND"),
    "cli_help_kind": (
        "requirement/focus_area/project/task/request（或 要求/重点领域/项目/任务/诉求）",
        "requirement/focus_area/project/task/request",
    ),
    "cli_mv_owner": ("单位[:角色]", "UNIT[:ROLE]"),
    "cli_help_owner": (
        "责任单位，可多次给出；角色 lead/responsible/support（牵头/责任/配合），第一个默认牵头",
        "an owner unit, repeatable; role lead/responsible/support (the first leads by default)",
    ),
    "cli_help_due": ("完成时限（YYYY-MM-DD；none 清除）", "due date (YYYY-MM-DD; none clears it)"),
    "cli_help_parent": ("上级事项编号（none：无上级）", "the parent item's id (none: top level)"),
    "cli_help_ordinal": ("序号", "ordinal"),
    "cli_help_state": ("只列出这一审核状态的事项", "only items in this review state"),
    "cli_help_meeting_filter": ("只列出这次会议的事项（会议编号）", "only this meeting's items (meeting id)"),
    "cli_help_format": ("输出格式：text 或 csv", "output: text or csv"),
    "cli_help_source": (
        "来源编号（config.yaml 中 sources 的 id）",
        "the source's id (sources[].id in config.yaml)",
    ),
    "cli_help_quote": (
        "从原文复制的文字（会在来源中查找并标出位置）",
        "the words copied from the source (found and located in it)",
    ),
    "cli_help_meeting": (
        "所属会议编号（默认按原文位置判断）",
        "the meeting's id (default: from where the words are)",
    ),
    "cli_help_into": ("合并到的事项编号", "the item to merge into"),
    "cli_help_orphan_id": ("无法挂接的编号（见 review orphans）", "the orphaned id (see review orphans)"),
    "cli_help_to": ("挂接到的事项编号", "the item to re-attach to"),
    "cli_help_export_file": ("输出文件（.xlsx 或 .csv）", "output file (.xlsx or .csv)"),
    "cli_help_import_file": ("填好的审核表（.xlsx 或 .csv）", "the filled-in review sheet (.xlsx or .csv)"),
    "cli_db_updated": ("数据库已更新：{path}", "the database is up to date: {path}"),
    "cli_not_shown": (
        "审核已写入日志，但数据库中看不到 {ids}；请运行 python -m extract 重建",
        "the review is in the log but the database does not show {ids}; rebuild with python -m extract",
    ),
    "cli_done_confirm": ("已确认 {id}“{title}”（{state}）", "confirmed {id} '{title}' ({state})"),
    "cli_done_reject": (
        "已驳回 {id}“{title}”，它不再计入任何统计",
        "rejected {id} '{title}': it no longer counts anywhere",
    ),
    "cli_done_reopen": ("已恢复 {id}“{title}”（{state}）", "reopened {id} '{title}' ({state})"),
    "cli_done_edit": ("已修改 {id}“{title}”（{state}）", "edited {id} '{title}' ({state})"),
    "cli_done_add": (
        "已添加 {id}“{title}”（来源 {source} 第 {a}–{b} 字）",
        "added {id} '{title}' (source {source}, characters {a}–{b})",
    ),
    "cli_done_merge": (
        "已将 {id} 合并到 {into}“{title}”，其进展记录计入 {into}",
        "merged {id} into {into} '{title}'; its progress now counts for {into}",
    ),
    "cli_done_reattach": ("已把 {id} 的记录挂接到 {into}", "re-attached the entries of {id} to {into}"),
    "cli_done_close": ("已关闭 {id}，不再列为无法挂接", "closed {id}; it is no longer listed as orphaned"),
    "cli_list_line": (
        "{state}\t{id}\t{kind}\t{title}\t{owners}\t{due}",
        "{state}\t{id}\t{kind}\t{title}\t{owners}\t{due}",
    ),
    "cli_list_total": ("共 {n} 项", "{n} item(s)"),
    "cli_no_orphans": ("没有无法挂接的记录。", "No orphaned entries."),
    "cli_orphan_line": (
        "{id}：{reason}；来源 {source}，原文“{quote}”；审核记录 {n_review} 条，进展记录 {n_progress} 条",
        "{id}: {reason}; source {source}, words '{quote}'; {n_review} review and {n_progress} progress entries",
    ),
    "cli_candidate": ("    候选 {id}（相似度 {score}）{title}", "    candidate {id} (score {score}) {title}"),
    "cli_orphans_hint": (
        "用 review reattach 编号 --to 事项编号 挂接，或 review close 编号 --why 原因 关闭。",
        "Re-attach with review reattach ID --to ITEM, or close with review close ID --why TEXT.",
    ),
    "cli_log_line": (
        "{at}\t{who}\t{action}\t{id}\t{values}\t{why}",
        "{at}\t{who}\t{action}\t{id}\t{values}\t{why}",
    ),
    # the 审核 page (tracker/app/review.py)
    "ui_intro": (
        "逐次会议核对提取出的事项：确认、驳回（不是事项）、修改、合并重复项，或粘贴原文添加遗漏的事项。每次操作都记入审核日志，重建数据库后依然有效。",
        "Check the items found in each meeting: confirm, reject (not a commitment), edit, merge duplicates, or add a missed item by pasting its words. Every decision goes into the review log and lasts through rebuilds.",
    ),
    "ui_who": ("审核人", "Reviewer"),
    "ui_who_help": ("记入审核日志的姓名或单位", "the name recorded in the review log"),
    "ui_need_name": (
        "请先在“审核人”中填写姓名，审核记录需要写明是谁做出的决定。",
        "Enter your name under 'Reviewer' first: every decision records who made it.",
    ),
    "ui_updating": ("正在更新数据库…", "Updating the database…"),
    "ui_not_saved": ("未保存：", "Not saved:"),
    "ui_meeting": ("会议", "Meeting"),
    "ui_waiting_n": ("待审核 {n} 项", "{n} awaiting review"),
    "ui_no_meeting": ("{source}（未归入会议的事项）", "{source} (items outside any meeting)"),
    "ui_show": ("显示", "Show"),
    "ui_show_unreviewed": ("待审核", "Awaiting review"),
    "ui_show_all": ("全部事项", "All items"),
    "ui_show_out": ("已驳回或合并", "Rejected or merged"),
    "ui_nothing_here": ("这里没有事项。", "No items here."),
    "ui_items": ("事项（{n}）", "Items ({n})"),
    "ui_pick": ("选中", "Select"),
    "ui_confirm_picked": ("确认所选", "Confirm selected"),
    "ui_reject_picked": ("驳回所选", "Reject selected"),
    "ui_picked_n": ("已选 {n} 项", "{n} selected"),
    "ui_reject_why": ("驳回原因", "Why rejected"),
    "ui_reject_default": ("不是事项", "not a commitment"),
    "ui_was": ("原提取为“{title}”", "extracted as '{title}'"),
    "ui_no_due": ("无完成时限", "no due date"),
    "ui_quote": ("原文", "Quote"),
    "ui_top_level": ("（无上级）", "(top level)"),
    "ui_merge_into": ("与此事项重复，合并到", "A duplicate: merge into"),
    "ui_no_merge": ("（不合并）", "(do not merge)"),
    "ui_why": ("说明", "Why"),
    "ui_save": ("保存", "Save"),
    "ui_nothing_changed": ("没有改动。", "Nothing changed."),
    "ui_add_title": ("添加遗漏的事项", "Add a missed item"),
    "ui_add_words": ("粘贴原文中的文字", "Paste the words from the source"),
    "ui_add_help": (
        "从右侧原文复制；空格和换行不必一致",
        "copy them from the source on the right; spaces and line breaks need not match",
    ),
    "ui_add_not_found": (
        "在这次会议的来源中找不到这段文字；请从原文中复制。",
        "These words are not in this meeting's source; copy them from the text.",
    ),
    "ui_found_at": ("已在原文第 {a}–{b} 字找到", "found at characters {a}–{b}"),
    "ui_found_exact": ("完全一致", "exact"),
    "ui_found_spacing": ("仅空格或换行不同", "spacing differs"),
    "ui_found_approximate": ("近似匹配（相似度 {score}）", "approximate (score {score})"),
    "ui_add": ("添加", "Add"),
    "ui_orphans_title": ("无法挂接的记录（{n}）", "Orphaned entries ({n})"),
    "ui_orphans_help": (
        "来源文字或提取程序变化后，这些审核或进展记录找不到明确对应的事项。请挂接到正确的事项，或说明原因后关闭。",
        "After a source or the extractor changed, these review or progress entries have no clear item. Re-attach each to the right item, or close it with a reason.",
    ),
    "ui_orphan_counts": ("审核记录 {r} 条，进展记录 {p} 条", "{r} review and {p} progress entries"),
    "ui_reattach_to": ("挂接到", "Re-attach to"),
    "ui_done_confirm": ("已确认 {n} 项。", "Confirmed {n} item(s)."),
    "ui_done_reject": ("已驳回 {n} 项，不再计入统计。", "Rejected {n} item(s); they no longer count."),
    "ui_done_reopen": ("已恢复“{title}”。", "Reopened '{title}'."),
    "ui_done_edit": ("已保存对“{title}”的修改。", "Saved the changes to '{title}'."),
    "ui_done_add": ("已添加“{title}”。", "Added '{title}'."),
    "ui_done_reattach": ("已挂接。", "Re-attached."),
    "ui_done_close": ("已关闭。", "Closed."),
    "metric_unreviewed": ("待审核", "Awaiting review"),
    "col_reviewed": ("已审核", "Reviewed"),
    "cli_help_migrate_log": (
        "JSONL 文件（默认为 review.log 配置的文件）",
        "the JSONL file (default: the one review.log names)",
    ),
    "cli_help_migrate": (
        "在 JSONL 文件与 PostgreSQL 之间复制审核日志（逐条原样复制）",
        "copy the review log between its JSONL file and PostgreSQL, record for record",
    ),
    "orphans_admin_only": (
        "账号 {user} 不能处理失联记录：挂接或关闭失联的审核和进度记录只能由管理员操作。",
        "Account {user} cannot settle orphaned records: only an administrator re-attaches or closes them.",
    ),
    "meetings_waiting": ("本次会议待审核 {n} 项", "{n} item(s) of this meeting await review"),
    "waiting_per_meeting": ("各会议待审核事项", "Items awaiting review, per meeting"),
    # review.required
    "waiting_note": (
        "另有 {n} 项尚待审核，未计入以上统计（review.required）。",
        "{n} more item(s) are still waiting for review and are not counted here (review.required).",
    ),
}
LABELS.update({f"review.{k}": v for k, v in _REVIEW_LABELS.items()})
LABELS.update(
    {
        "safe.why_review_edit_values": (
            "修改须给出 title、kind、owners、due_date、parent_id 或 ordinal",
            "an edit sets title, kind, owners, due_date, parent_id or ordinal",
        ),
        "safe.why_review_add_values": (
            "添加须给出 source_id、quote 和 char_start",
            "an add needs source_id, quote and char_start",
        ),
        "safe.why_review_into": ("合并或挂接须给出 into", "a merge or re-attachment needs 'into'"),
        "safe.why_review_into_self": ("事项不能合并到它自己", "an item cannot be merged into itself"),
        "safe.why_review_no_values": ("这一操作不带 values", "this action has no values"),
    }
)


# ---------------------------------------------------------------- the supervision loop: 销号, 延期, 催办 (tracker/progress/
# signoff.py, extension.py, tracker/cli/loop.py, tracker/app/loop.py), as 'loop.<key>'
_LOOP_LABELS: dict[str, tuple[str, str]] = {
    "return_needs_reason": (
        "事项 {cid}：退回须写明理由（--reason）",
        "item {cid}: a return needs a reason (--reason)",
    ),
    "reason_long": (
        "理由太长（{n} 字）；最多 {max} 字",
        "the reason is too long ({n} characters); at most {max}",
    ),
    "nothing_waits": (
        "事项 {cid} 没有待销号的进展：只有单位填报的“已完成”需要销号",
        "item {cid} has no report awaiting sign-off: only a unit's 'done' needs signing off",
    ),
    "already_decided": (
        "事项 {cid} 的这条进展已由 {by} 审核过，未再记录",
        "this report of item {cid} was already decided by {by}; nothing recorded",
    ),
    "ext_needs_reason": (
        "事项 {cid}：延期申请须写明理由（--reason）",
        "item {cid}: an extension request needs a reason (--reason)",
    ),
    "ext_not_later": (
        "事项 {cid}：申请的新时限 {new} 不晚于现在的时限 {due}；请填写更晚的日期",
        "item {cid}: the requested date {new} is not after the current due date {due}; give a later date",
    ),
    "ext_already_waiting": (
        "事项 {cid} 已有一份延期申请在等待审批；请等管理员处理后再申请",
        "item {cid} already has an extension request waiting; wait for an administrator to decide it",
    ),
    "ext_nothing_waits": (
        "事项 {cid} 没有等待审批的延期申请",
        "item {cid} has no extension request waiting",
    ),
    "due_src_extended": ("已延期", "extended"),
    "originally": ("原定 {date}", "originally {date}"),
    # sign-off states of a 已完成 report
    "signoff_pending": ("待销号", "awaiting sign-off"),
    "signoff_signed": ("已销号", "signed off"),
    "signoff_returned": ("已退回", "returned"),
    "signoff_not_needed": (
        "无需销号（管理员填报或未启用销号）",
        "no sign-off needed (an administrator's report, or sign-off off)",
    ),
    "signoff_before": (
        "启用销号前填报，视同已销号",
        "reported before sign-off was turned on; counts as signed off",
    ),
    "step_claimed": ("报告已完成", "reported done"),
    "step_signoff": ("销号", "signed off"),
    "step_return": ("退回", "returned"),
    "ext_request": ("延期申请", "extension requested"),
    "ext_approve": ("批准延期", "extension approved"),
    "ext_refuse": ("不予延期", "extension refused"),
    "ui_signoff_title": ("审核销号", "Sign-off"),
    "ui_col_when": ("时间", "When"),
    "ui_col_step": ("步骤", "Step"),
    "ui_col_who": ("操作人", "By"),
    "ui_col_reason": ("理由", "Reason"),
    "ui_waiting": (
        "待销号：{who} 于 {at} 报告已完成（截至 {as_of}），等待管理员审核。",
        "Awaiting sign-off: {who} reported it done at {at} (as of {as_of}); an administrator checks it.",
    ),
    "ui_admin_signs": ("只有管理员可以销号或退回。", "Only an administrator can sign it off or return it."),
    "ui_sign": ("销号", "Sign off"),
    "ui_return": ("退回", "Return"),
    "ui_return_reason": ("退回理由", "Reason for returning"),
    "ui_signed": ("已销号。", "Signed off."),
    "ui_returned": ("已退回，事项回到“推进中”。", "Returned; the item is in progress again."),
    "ui_extended": ("时限已延期至 {due}（原定 {old}）", "Due date extended to {due} (originally {old})"),
    "ui_ext_note": ("审批意见（可不填）", "Note on the decision (optional)"),
    "ui_ext_approve": ("批准延期", "Approve"),
    "ui_ext_refuse": ("不予延期", "Refuse"),
    "ui_ext_approved": ("已批准，时限改为 {new}。", "Approved: now due {new}."),
    "ui_ext_refused": ("已不予延期。", "Refused."),
    "ui_ext_title": ("申请延期", "Ask for an extension"),
    "ui_ext_new_due": ("申请的新时限", "New due date"),
    "ui_ext_reason": ("延期理由", "Reason"),
    "ui_ext_send": ("提交申请", "Send the request"),
    "ui_ext_sent": ("延期申请已提交，等待管理员审批。", "Request sent; an administrator will decide it."),
    "attach_empty": ("佐证材料 {name} 是空文件", "evidence file {name} is empty"),
    "attach_too_big": (
        "佐证材料 {name} 有 {mb} MB，超过上限 {max} MB（config.yaml 的 attachments.max_mb）",
        "evidence file {name} is {mb} MB, over the limit of {max} MB (attachments.max_mb in config.yaml)",
    ),
    "attach_type": (
        "佐证材料 {name} 不是可接受的文件：按内容识别，只接受{allowed}（PNG/JPEG/GIF/WebP 图片、PDF、.docx、.xlsx）",
        "evidence file {name} is not a file that is taken: by its content, only {allowed} (PNG/JPEG/GIF/WebP images, PDF, .docx, .xlsx)",
    ),
    "attach_legacy": (
        "佐证材料 {name} 是旧版 Office 文件（.doc/.xls）；请另存为 .docx 或 .xlsx 后再上传",
        "evidence file {name} is an old Office file (.doc/.xls); save it as .docx or .xlsx and upload that",
    ),
    "attach_type_off": (
        "佐证材料 {name} 是{kind}，本系统只接受{allowed}（config.yaml 的 attachments.types）",
        "evidence file {name} is {kind}; this tracker takes only {allowed} (attachments.types in config.yaml)",
    ),
    "attach_too_many": (
        "一次填报最多 {max} 个佐证材料，这里有 {n} 个",
        "one report carries at most {max} evidence files; here are {n}",
    ),
    "attach_tampered": (
        "佐证材料 {sha}… 的内容与记录的哈希不符（{where}），可能已被改动，不予提供",
        "evidence file {sha}… does not match its recorded hash ({where}); it may have been changed and is not served",
    ),
    "attach_missing": (
        "佐证材料 {sha}… 不在存储中（{where}）",
        "evidence file {sha}… is not in the store ({where})",
    ),
    "attach_col": ("佐证材料", "Evidence files"),
    "attach_download": ("下载 {name}", "Download {name}"),
    "cli_help_attach": (
        "佐证材料文件（图片、PDF、Word、Excel），可给多个",
        "evidence files (images, PDF, Word, Excel); several may be given",
    ),
    "cli_mv_email": ("邮箱", "EMAIL"),
    "cli_help_email": ("接收催办邮件的地址", "the address reminders go to"),
    "bad_email": ("'{email}' 不是有效的邮箱地址", "'{email}' is not an e-mail address"),
    "cli_remind_desc": (
        "催办：按单位发送即将到期、已逾期和长期未更新事项的提醒（邮件、企业微信或钉钉群机器人）",
        "reminders: per unit, items due soon, overdue or silent, by e-mail and group robots (WeCom, DingTalk)",
    ),
    "cli_remind_dry_run": (
        "只列出将要发送的提醒，不发送、不记录",
        "list the reminders that would be sent; send and record nothing",
    ),
    "cli_remind_as_of": ("按这一天计算（默认今天）", "the day to compute for (default today)"),
    "cli_remind_unit": ("只提醒这个单位（可重复）", "remind only this unit (may repeat)"),
    "remind_unknown_unit": ("没有名为 {name} 的单位", "there is no unit named {name}"),
    "remind_head": (
        "【催办】{city}督查室提醒 {unit}：截至 {day}，以下 {n} 项事项需要关注：",
        "[Reminder] The {city} supervision office to {unit}: as of {day}, {n} item(s) need attention:",
    ),
    "remind_line": ("{n}. 【{why}】{title}（完成时限 {due}）", "{n}. [{why}] {title} (due {due})"),
    "remind_assumed": ("，默认推定", ", assumed"),
    "remind_overdue": ("已逾期 {days} 天", "overdue by {days} days"),
    "remind_due_soon": ("{days} 天内到期", "due in {days} days"),
    "remind_silent": ("已 {days} 天未更新", "no update for {days} days"),
    "remind_tail": (
        "请及时推进，并在督查系统中填报进展。",
        "Please move them forward and report progress in the tracker.",
    ),
    "remind_subject": ("【催办】{unit}：{n} 项事项需要关注", "[Reminder] {unit}: {n} item(s) need attention"),
    "remind_no_smtp": (
        "未设置邮件服务器：config.yaml 中需要 remind.smtp.host 和 remind.sender",
        "no mail server: set remind.smtp.host and remind.sender in config.yaml",
    ),
    "remind_no_env": ("环境变量 {name} 未设置", "the environment variable {name} is not set"),
    "remind_bad_answer": ("机器人地址的回答不是 JSON", "the robot's answer is not JSON"),
    "remind_would": ("将发送", "would send"),
    "remind_sent": ("已发送", "sent"),
    "remind_failed": ("发送失败", "failed"),
    "remind_summary": (
        "{unit}  {channel}  {target}  {n} 项  {state}",
        "{unit}  {channel}  {target}  {n} item(s)  {state}",
    ),
    "remind_failed_line": (
        "催办发送失败：{unit}（{channel}）：{error}；下次运行时会重发",
        "reminder not sent: {unit} ({channel}): {error}; the next run tries again",
    ),
    "remind_total": ("{day}：{n} 条提醒，其中 {failed} 条失败", "{day}: {n} reminder(s), {failed} failed"),
    "ui_remind": ("催办", "Send reminders"),
    "ui_todo": ("待办", "To do"),
    "ui_todo_signoff": ("待销号", "Awaiting sign-off"),
    "ui_todo_ext": ("延期申请待审批", "Extension requests"),
    "ui_todo_failed": ("催办发送失败", "Failed reminders"),
    "ui_col_what": ("事项类别", "What"),
    "ui_col_item": ("事项/单位", "Item / unit"),
    "assign_nothing": (
        "没有可交办的事项：这个单位（和会议）没有承担的事项",
        "nothing to assign: the unit (and meeting) holds no items",
    ),
    "assign_title": ("{city}督查督办事项交办单", "{city} supervision: assignment sheet"),
    "assign_office": ("{city}督查室", "{city} supervision office"),
    "assign_to": ("承办单位：{unit}（共 {n} 项）", "To: {unit} ({n} items)"),
    "assign_meta": ("交办单位：{office}    交办日期：{day}", "From: {office}    Date: {day}"),
    "assign_col_n": ("序号", "No."),
    "assign_col_item": ("事项", "Item"),
    "assign_col_quote": ("原文", "As written"),
    "assign_col_role": ("角色", "Role"),
    "assign_col_due": ("完成时限", "Due"),
    "assign_col_meeting": ("会议及来源", "Meeting and source"),
    "assign_stated": ("（原文写明）", " (stated)"),
    "assign_assumed": ("（默认推定，原文未写明）", " (assumed: not stated in the text)"),
    "assign_extended": ("（已批准延期）", " (extended)"),
    "assign_no_due": ("未定", "none"),
    "assign_note": (
        "请按时限推进，并在督查系统中填报进展、上传佐证材料；如需延期，请在时限前提出申请。",
        "Please work to the due dates, report progress and evidence in the tracker, and ask for any extension before the date.",
    ),
    "cli_assign_desc": (
        "交办单：按单位（和会议）生成 Word 或 PDF，并记录为已交办",
        "assignment sheets: per unit (and meeting), as Word or PDF, recorded as assigned",
    ),
    "cli_assign_unit": (
        "单位名称（可重复；不写则为所有单位）",
        "a unit's name (may repeat; none: every unit)",
    ),
    "cli_assign_meeting": ("只含这次会议的事项（会议编号）", "only this meeting's items (meeting id)"),
    "cli_assign_out": ("输出文件 .docx 或 .pdf", "output file .docx or .pdf"),
    "cli_assigned": (
        "已写入 {path}：{units} 个单位，{n} 项事项；已记录为已交办",
        "wrote {path}: {units} unit(s), {n} item(s); recorded as assigned",
    ),
    "ui_assign": ("交办单", "Assignment sheet"),
    "kind_image": ("图片", "images"),
    "kind_pdf": ("PDF", "PDF"),
    "kind_word": ("Word 文档", "Word documents"),
    "kind_excel": ("Excel 表格", "Excel workbooks"),
    "attach_more": ("另有 {n} 个文件未列出", "{n} more files not listed"),
    "attach_annex": ("附件：佐证材料清单", "Annex: evidence files"),
    "attach_col_item": ("事项", "Item"),
    "attach_col_unit": ("单位", "Unit"),
    "attach_col_file": ("文件", "File"),
    "attach_col_date": ("填报截至", "Report as of"),
    "attach_col_hash": ("SHA-256（前12位）", "SHA-256 (first 12)"),
    "unknown_item": ("没有编号为 {cid} 的事项", "there is no item {cid}"),
    "cli_signoff_desc": (
        "审核销号：单位报告“已完成”的事项，由管理员销号或退回",
        "sign-off: an administrator signs off or returns items a unit reported done",
    ),
    "cli_signoff_list": ("列出待销号的事项", "list the items awaiting sign-off"),
    "cli_signoff_history": ("一个事项的销号记录", "the sign-off steps of one item"),
    "cli_signoff_sign": (
        "销号：确认事项已完成（仅管理员）",
        "sign off: confirm the item is done (administrators only)",
    ),
    "cli_signoff_return": (
        "退回：须写理由，事项回到“推进中”（仅管理员）",
        "return: with a reason, the item goes back to in progress (administrators only)",
    ),
    "cli_help_reason": ("理由", "the reason"),
    "cli_waiting_line": (
        "{cid}  {title}  截至 {as_of}  {who} 于 {at} 报告已完成",
        "{cid}  {title}  as of {as_of}  reported done by {who} at {at}",
    ),
    "cli_waiting_total": ("共 {n} 项待销号", "{n} item(s) awaiting sign-off"),
    "cli_done_signoff": ("已销号：{cid}（{who}）", "signed off: {cid} ({who})"),
    "cli_done_return": (
        "已退回：{cid}（{who}），事项回到“推进中”",
        "returned: {cid} ({who}); the item is in progress again",
    ),
    "cli_ext_desc": (
        "延期申请：单位申请推迟事项时限，管理员批准或不予批准",
        "extension requests: a unit asks to move an item's deadline; an administrator approves or refuses",
    ),
    "cli_ext_list": ("列出等待审批的延期申请", "list the extension requests waiting"),
    "cli_ext_request": (
        "申请延期（本单位的事项）：--to 新时限 --reason 理由",
        "ask for an extension (your unit's item): --to NEW-DATE --reason REASON",
    ),
    "cli_ext_approve": ("批准延期申请（仅管理员）", "approve the waiting request (administrators only)"),
    "cli_ext_refuse": ("不批准延期申请（仅管理员）", "refuse the waiting request (administrators only)"),
    "cli_help_to": ("新的完成时限 YYYY-MM-DD", "the new due date YYYY-MM-DD"),
    "cli_ext_line": (
        "{cid}  {title}  原定 {old} → 申请 {new}  {who}：{reason}",
        "{cid}  {title}  originally {old} → asked {new}  {who}: {reason}",
    ),
    "cli_ext_total": ("共 {n} 份延期申请待审批", "{n} extension request(s) waiting"),
    "cli_ext_asked": (
        "已提交延期申请：{cid} 原定 {old}，申请改到 {new}；等待管理员审批",
        "extension requested: {cid} from {old} to {new}; waiting for an administrator",
    ),
    "cli_ext_approved": (
        "已批准延期：{cid} 时限改为 {new}（原定 {old}）",
        "extension approved: {cid} is now due {new} (originally {old})",
    ),
    "cli_ext_refused": ("已不予延期：{cid} 时限仍为 {old}", "extension refused: {cid} stays due {old}"),
    "ext_waiting": (
        "延期申请待审批：申请改到 {new}（{who}，{at}）：{reason}",
        "extension request waiting: to {new} ({who}, {at}): {reason}",
    ),
}
LABELS.update({f"loop.{k}": v for k, v in _LOOP_LABELS.items()})
LABELS.update(
    {
        "cli_cmd_assign": ("交办单：按单位和会议生成并记录", "assignment sheets per unit and meeting"),
        "cli_cmd_remind": (
            "催办：发送到期、逾期和长期未更新事项的提醒",
            "reminders: items due soon, overdue or silent",
        ),
        "cli_cmd_signoff": ("审核销号（列出、销号、退回）", "sign-off (list, sign off, return)"),
        "cli_cmd_extension": (
            "延期申请（申请、批准、不予批准）",
            "extension requests (ask, approve, refuse)",
        ),
        "auth.cli_no_accounts_loop": (
            "{path} 中还没有账号：先用 python -m tracker users add 名称 --role admin 创建。",
            "No accounts in {path}: create one with python -m tracker users add NAME --role admin.",
        ),
        "auth.cli_need_user_loop": (
            "这一操作需要账号：加上 --user 账号名（密码在提示时输入，脚本中放在环境变量 TRACKER_PASSWORD）。",
            "This needs an account: add --user NAME (the password is prompted for, or read from the "
            "environment variable TRACKER_PASSWORD in scripts).",
        ),
    }
)


# ---------------------------------------------------------------- reliability: limits, add, review-sheet signatures
# config values
LABELS.update(
    {
        "cfg_date_range": (
            "日期的年份应在 {low} 到 {high} 之间（与 year 相同）",
            "the date's year should be between {low} and {high} (as for 'year')",
        ),
        "cfg_due_too_many": (
            "会后天数最多 {max} 天（十年）；更长的期限请在事项上写明完成时限",
            "at most {max} days (ten years) after the meeting; give longer deadlines on the item itself",
        ),
        "cfg_empty": (
            "{path}：文件是空的（或只有注释）；请写入设置（可从项目自带的 config.yaml 开始），或删去这个文件以使用默认设置",
            "{path}: the file is empty (or only comments); write the settings (start from the project's "
            "config.yaml), or delete the file to use the defaults",
        ),
    }
)
_RELIABILITY_MESSAGES: dict[str, tuple[str, str]] = {
    # limits on what a reader accepts (config `limits:`)
    "source_too_big": (
        "{file}：文件有 {size} MB，超过上限 {max} MB（limits.max_file_mb）；请拆分文件，或在 config.yaml 中调高这个上限",
        "{file}: the file is {size} MB, over the limit of {max} MB (limits.max_file_mb); split it, or raise "
        "the limit in config.yaml",
    ),
    "zip_too_many": (
        "{file}：压缩包内有 {n} 个文件，超过上限 {max} 个（limits.max_zip_entries）；请在 Word 或 Excel 中另存一份再试",
        "{file}: the archive holds {n} files, over the limit of {max} (limits.max_zip_entries); save a fresh "
        "copy from Word or Excel and retry",
    ),
    "zip_too_big": (
        "{file}：解压后共 {size} MB，超过上限 {max} MB（limits.max_unpacked_mb），可能是“压缩炸弹”；请确认文件来源，"
        "或在 config.yaml 中调高这个上限",
        "{file}: unpacks to {size} MB, over the limit of {max} MB (limits.max_unpacked_mb) — possibly a zip "
        "bomb; check where the file came from, or raise the limit in config.yaml",
    ),
    "pdf_too_many_pages": (
        "{file}：PDF 有 {n} 页，超过上限 {max} 页（limits.max_pdf_pages）；请拆分文件，或在 config.yaml 中调高这个上限",
        "{file}: the PDF has {n} pages, over the limit of {max} (limits.max_pdf_pages); split it, or raise "
        "the limit in config.yaml",
    ),
    "html_too_big": (
        "{file}：网页有 {size} MB，超过上限 {max} MB（limits.max_html_mb）；请把正文复制到 .txt 文件",
        "{file}: the web page is {size} MB, over the limit of {max} MB (limits.max_html_mb); copy the article "
        "into a .txt file",
    ),
    "html_too_deep": (
        "{file}：网页的标签嵌套超过 {max} 层（limits.max_html_depth），无法可靠读取；请把正文复制到 .txt 文件",
        "{file}: the web page nests its elements more than {max} deep (limits.max_html_depth) and cannot be "
        "read reliably; copy the article into a .txt file",
    ),
    # readers: files that are not what they say
    "zip_not_docx": (
        "{file}：是 ZIP 压缩包，但不是 Word .docx 文档；请把报告另存为 .docx、.pdf、.html 或 .txt",
        "{file}: is a ZIP archive but not a Word .docx document; save the report as .docx, .pdf, .html or .txt",
    ),
    "old_doc": (
        "{file}：是旧版 Word .doc（或其他 Office 97-2003）文件，无法读取；请在 Word 或 WPS 中打开并另存为 .docx",
        "{file}: is an old Word .doc (or other Office 97-2003) file, which cannot be read; open it in Word or "
        "WPS and save it as .docx",
    ),
    "name_not_content": (
        "{file}：文件名表明是 {kind}，但内容不是 {kind} 文件；请确认下载已完成，或改正文件的扩展名",
        "{file}: the name says {kind} but the content is not a {kind} file; check that the download finished, "
        "or give the file its right extension",
    ),
    "docx_unreadable": (
        "{file}：不是可读的 Word .docx 文档（{detail}）；请在 Word 或 WPS 中打开并重新另存为 .docx",
        "{file}: is not a readable Word .docx document ({detail}); open it in Word or WPS and save it again "
        "as .docx",
    ),
    "pdf_locked": (
        "{file}：PDF 设有密码保护；请保存一份不加密的 PDF 再添加",
        "{file}: is protected by a password; save an unprotected copy of the PDF and add that",
    ),
    "pdf_unreadable": (
        "{file}：无法作为 PDF 读取（文件损坏或不完整）；请重新保存或重新下载后再试",
        "{file}: cannot be read as a PDF (damaged or incomplete); save or download it again and retry",
    ),
    "pdf_no_text": (
        "{file}：PDF 没有文字层（可能是扫描图片），读不出文字；请先做文字识别（OCR），或索取生成它的 Word 或 PDF 原件",
        "{file}: the PDF has no text layer (a scanned image?), so no text can be read; run it through OCR "
        "first, or ask for the Word or PDF original the document was made from",
    ),
    "html_no_text": (
        "{file}：网页中找不到正文；请在页面完全加载后再保存，或把正文复制到 .txt 文件",
        "{file}: no article text found in this web page; save the page after it has fully loaded, or copy the "
        "article into a .txt file",
    ),
    # python -m extract add and the upload page
    "add_no_file": (
        "没有要添加的文件；请给出一个或多个 .docx、.pdf、.html 或 .txt 文件",
        "no file to add; name one or more .docx, .pdf, .html or .txt files",
    ),
    "add_id_one": (
        "--id 和 --title 只能用于一个文件；要分别命名，请一次添加一个文件",
        "--id and --title name one source; add files one at a time to give each its own",
    ),
    "add_bad_id": (
        "--id '{id}' 只能用字母、数字和 - _ .（例如 2024-03-changwei）",
        "--id '{id}' may only use letters, digits and - _ . (e.g. 2024-03-changwei)",
    ),
    "add_bad_year": (
        "--year {year} 不是 1949 到 2100 之间的年份",
        "--year {year} is not a year between 1949 and 2100",
    ),
    "add_already": (
        "{file}：这个文件已作为来源 '{id}' 添加过；未做任何改动",
        "{file}: this file was already added as source '{id}'; nothing was changed",
    ),
    "add_no_text": (
        "{file}：文件中没有文字；请确认是不是要添加的报告",
        "{file}: no text found in the file; check that it is the right report",
    ),
    "add_id_taken": (
        "--id '{id}' 已被配置中的另一个来源使用；请换一个",
        "--id '{id}' is already used by another source in the config; choose another id",
    ),
    "add_dest_exists": (
        "{file}：项目中已有 {dest}；请换一个 --id，或先移走旧文件",
        "{file}: {dest} already exists in the project; choose another --id or remove the old file",
    ),
    "add_dest_reserved": (
        "{file}：{dest} 是数据库、进度日志或配置文件；请换一个 --id",
        "{file}: {dest} is the database, progress log or config file; choose another --id",
    ),
    "add_config_missing": (
        "{file}：找不到配置文件；请在项目文件夹中运行命令，或用 --config 指定",
        "{file}: config file not found; run the command in the project folder or pass --config",
    ),
    "add_not_found": (
        "{file}：找不到文件；请检查文件名和所在文件夹",
        "{file}: file not found; check the name and the folder",
    ),
    "add_is_folder": (
        "{file}：这是一个文件夹；请写出其中的报告文件",
        "{file}: is a folder; name the report files in it",
    ),
    "add_unreadable": ("{file}：无法读取（{reason}）", "{file}: cannot be read ({reason})"),
    "add_yaml": (
        "{file}：{where}YAML 格式错误：{problem}",
        "{file}: {where}YAML syntax error: {problem}",
    ),
    "add_yaml_where": ("第 {line} 行第 {column} 列：", "line {line}, column {column}: "),
    "add_not_mapping": (
        "{file}：文件应是一组“键: 值”设置",
        "{file}: the file must be a mapping of settings",
    ),
    "add_changes_other": (
        "{file}：添加来源会改动这个文件的其他设置，因此未做改动；请在 sources: 下手工添加（见 README“添加会议”）",
        "{file}: adding the source would change other settings of this file, so it was left as it was; add "
        "the entry under 'sources:' by hand (see the README, 'Adding a meeting')",
    ),
    # logs
    "log_duplicate": (
        "{file} 第 {line} 行：与第 {first} 行是同一条记录（entry_id {id} 重复），只计一次；请删去重复的一行",
        "{file}, line {line}: the same entry as line {first} (entry_id {id} twice); counted once — delete the "
        "duplicate line",
    ),
}
LABELS.update({f"safe.{k}": v for k, v in _RELIABILITY_MESSAGES.items()})
LABELS.update(
    {
        "review.col_signature": ("签名", "signature"),
        "review.rsn_signature": (
            "事项编号、版本与签名不符：这一行的编号或版本被改动，或被复制到了别的行；请勿修改这三列，必要时重新导出",
            "the id and version do not match the row's signature: the id or version was changed, or the row was "
            "copied from another; leave these three columns as exported, or export again",
        ),
        "review.rsn_quote": (
            "原文与事项 {id} 的原文不符：这一行可能属于另一个事项；请勿修改原文列，必要时重新导出",
            "the quote is not item {id}'s: the row may belong to another item; leave the quote as exported, or "
            "export again",
        ),
        "review.rsn_duplicate": (
            "与第 {first} 行是同一事项；每个事项只能占一行，请删去重复的一行",
            "the same item as row {first}; each item may have one row — delete the duplicate",
        ),
        "review.sheet_help_signature": (
            "签名：请勿修改。它把每一行绑定到导出时的事项编号、版本和原文；编号被改动或整行被复制到别处时，该行会被拒绝。",
            "signature: leave it as it is. It binds each row to the id, version and quote it was exported with; a "
            "row whose id was changed, or that was copied elsewhere, is refused.",
        ),
    }
)
LABELS.update(
    {
        "review.sheet_key_unreadable": (
            "{path}：无法读取审核表签名密钥（{detail}）；请检查文件权限（见 docs/review.md）",
            "{path}: cannot read the review sheets' signing key ({detail}); check the file's permissions (see "
            "docs/review.md)",
        ),
    }
)
# File primitives (tracker/store/files.py): a lock another process holds too long.
LABELS.update(
    {
        "safe.lock_timeout": (
            "{file}：另一个进程占用它已超过 {seconds} 秒，未做任何改动；请等那个进程（另一次构建、添加或写入）结束后重试",
            "{file}: another process has held it for more than {seconds} s, so nothing was changed; try again "
            "when that process (another build, add or write) has finished",
        ),
    }
)
