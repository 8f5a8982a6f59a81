"""One report's rows: the report read once (`read_report`), then the steps of `extract.steps` in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from extract.dates import page_date, text_year
from extract.documents import attach as attach_document
from extract.fields import field_records
from extract.meetings import find_people, parse_header_date
from extract.spans import Spans
from extract.steps.bulletins import bulletin_sentences, held_lists
from extract.steps.convener import bare_governments, bare_kinds, convener_owns
from extract.steps.deadlines import deadline_clauses
from extract.steps.lists import lists
from extract.steps.meetings import meetings
from extract.steps.reported import drop_reported
from extract.steps.rows import Article, Assembly, Extraction, Report, norm, unit_id
from extract.steps.tables import record_rows, table_rows
from extract.steps.tasks import charges, covered, figures, offices, requests, tasks
from extract.subjects import (
    assigned,
    division_subjects,
    duty_subjects,
    group_subjects,
    office_subjects,
    offices_of,
)
from extract.text import segment
from extract.units import Gazetteer, Mention, find_units

__all__ = ["Extraction", "extract_text", "norm", "read_report", "unit_id"]


def read_report(
    text: str, source_id: str, gazetteer: Gazetteer, *, year: int | None, published: dt.date | None
) -> Report:
    """Everything known of a report before items are looked for: its paragraphs, the gazetteer for its place,
    the year its dates fall in and its own date. Per-report document metadata (title, issuer, number, date) is
    computed here."""
    doc = segment(text)
    # which place a report is about is read on the simplified view, so a traditional-character report is met alike
    gaz = gazetteer.for_text("\n".join(p.text for p in doc.paragraphs) if doc.traditional else text)
    stamp = published or parse_header_date(doc.meta.get("date")) or page_date(text)
    reference = None
    if year:
        reference = dt.date(year, 1, 1)
    elif stamp:
        reference = stamp
    elif ty := text_year(text):
        reference = dt.date(ty, 1, 1)
    else:
        # no year anywhere (a task row cut out of a table): its deadlines fall in the year it is read, as a
        # meeting's day with no year is the latest such day up to today
        reference = dt.date(dt.date.today().year, 1, 1)
    persons = {p.index: Spans(find_people(p.text), lambda x: x.start, lambda x: x.end) for p in doc.body()}
    return Report(doc, source_id, gaz, {p.index: p for p in doc.paragraphs}, reference, stamp, persons)


def extract_text(
    text: str,
    source_id: str,
    gazetteer: Gazetteer,
    *,
    year: int | None = None,
    published: dt.date | None = None,
) -> Extraction:
    """Run every layer on one decoded report and return rows whose spans point into `text`."""
    report = read_report(text, source_id, gazetteer, year=year, published=published)
    doc = report.doc
    header_date = parse_header_date(doc.meta.get("date")) or page_date(text)
    ctx = Assembly(report)
    mentions: dict[int, Spans[Mention]] = {}
    for p in doc.body():
        found = find_units(p.text, report.gaz)
        found += duty_subjects(p.text, [(m.start, m.end) for m in found])
        found += division_subjects(p.text, [(m.start, m.end) for m in found])
        found += office_subjects(p.text, [(m.start, m.end) for m in found])
        found = group_subjects(p.text, assigned(p.text, offices_of(found)))
        mentions[p.index] = Spans(sorted(found, key=lambda m: m.start), lambda m: m.start, lambda m: m.end)
        for m in mentions[p.index]:
            ctx.mention_row(p.index, m)
    people = {pp.name: pp.full for found in report.persons.values() for pp in found}
    arts: list[Article] = []
    for article in sorted({p.article for p in doc.paragraphs if p.kind in ("body", "caption", "table")}):
        paras = [p for p in doc.article_paragraphs(article) if p.kind in ("body", "caption")]
        art = Article(paras, meetings(ctx, paras, year, published, header_date), mentions, people)
        art.tables = [p for p in doc.article_paragraphs(article) if p.kind == "table"]
        arts.append(art)
        lists(ctx, art)
        tasks(ctx, art, covered(ctx))
        requests(ctx, art)
        charges(ctx, art)
        offices(ctx, art)
        bulletin_sentences(ctx, art)
        held_lists(ctx, art)
        figures(ctx, art)
        convener_owns(ctx, art)
        bare_kinds(ctx, art)
        bare_governments(ctx, art)
    for table, line_para in doc.tables:
        table_rows(ctx, table, line_para)
    record_rows(ctx, field_records(doc.paragraphs))
    for art in arts:  # deadlines once every list, task, table row and field record is read
        deadline_clauses(ctx, art)
        deadline_clauses(ctx, art, art.tables)
    drop_reported(ctx.out)
    if doc.traditional:
        _as_written(ctx.out, doc.as_written)
    # items and figures outside any meeting belong to the document the report is (任务分解方案, 督办通知 …)
    attach_document(ctx.out.meetings, [ctx.out.commitments, ctx.out.figures], text, source_id, report.stamp)
    return ctx.out


def _as_written(out: Extraction, written: Callable[[str], str]) -> None:
    """Names and titles in the report's own characters: a report in traditional characters gets its rows in them."""
    for rows, keys in (
        (out.commitments, ("title", "list_name", "addressee", "issued_by", "leader")),
        (out.meetings, ("title", "organizer")),
        (out.figures, ("label", "topic")),  # a measure word (个, 万元) is a key to sum by: kept simplified
        (out.evidence, ("matched",)),
    ):
        for r in rows:
            for k in keys:
                if isinstance(r.get(k), str):
                    r[k] = written(str(r[k]))
