"""The committee report: /results/report (to print) and /results/report.docx (Word).

Both are built from one ``report_content.build`` for the chosen period and filters; the
reviewer picks which (redacted) comments go in with ``comment`` arguments, so a report's
address says everything it holds.
"""

from flask import abort, current_app, render_template, request, send_file, url_for

from survey_app.results import bp, presenters, report_content, report_docx
from survey_app.results.routes import _download, _read_filters
from survey_app.services import audit, report_comments

TITLE = "Customer care review: results for the committee"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_CHOSEN = 20


def _chosen_comments() -> list[int]:
    ids = []
    for value in request.args.getlist("comment")[:MAX_CHOSEN]:
        if value.isascii() and value.isdigit() and len(value) <= 9:
            ids.append(int(value))
    return ids


@bp.route("/report")
def report():
    form, filters = _read_filters(hide=("compare",))
    download = request.args.get("download")
    if download:
        if filters is None:
            abort(404)
        content = report_content.build(filters, [])
        sections = [section for part in content.parts for section in part.sections]
        return _download(download, sections, TITLE, filters)
    content = None
    offered = []
    threshold = current_app.config["SUPPRESSION_THRESHOLD"]
    if filters is not None:
        content = report_content.build(filters, _chosen_comments())
        offered = [
            {
                **row,
                "text": presenters.redact(row["text"]),
                "month": report_content._month(row["month"]),
            }
            for row in report_comments.offered(filters, threshold)
        ]
    return render_template(
        "results/report.html",
        title=f"{TITLE}, {content.period}" if content else TITLE,
        heading=TITLE,
        form=form,
        filters=filters,
        report=content,
        headline=content.headline if content else None,
        offered=offered,
        chosen=set(_chosen_comments()),
        hidden_filters=("compare",),
        filter_args=presenters.filter_args(),
        threshold=threshold,
        date_range=content.period if content else "",
        docx_url=url_for("results.report_docx_file", **request.args.to_dict(flat=False)),
    )


@bp.route("/report.docx")
def report_docx_file():
    _form, filters = _read_filters(hide=("compare",))
    if filters is None:
        # Bad filters: the page itself shows what is wrong with them.
        return report()
    content = report_content.build(filters, _chosen_comments())
    payload = report_docx.committee_report_docx(
        content, charts=current_app.config.get("REPORT_CHART_IMAGES", True)
    )
    audit.record_event("results.report_downloaded", f"report.docx ({filters.describe()})")
    return send_file(
        payload, mimetype=DOCX, as_attachment=True, download_name="committee-report.docx"
    )
