"""The audit trail page."""

from urllib.parse import urlencode

from flask import render_template, request, url_for

from forms.survey_admin import AuditFilterForm
from survey_app.admin import bp
from survey_app.services import audit


@bp.route("/audit")
def audit_log():
    users = audit.users_for_filter()
    form = AuditFilterForm(
        request.args,
        actions=[(a, audit.action_label(a)) for a in audit.recorded_actions()],
        users=[(str(u.id), f"{u.name} ({u.email})") for u in users],
    )
    filters = audit.AuditFilter()
    if request.args and form.validate():
        filters = audit.AuditFilter(
            action=form.action.data or None,
            user_id=int(form.user.data) if form.user.data else None,
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
    page = audit.list_events(filters, page=request.args.get("page", 1, type=int))
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]

    def page_url(number):
        return url_for(".audit_log") + "?" + urlencode([*args, ("page", number)])

    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        page_url=page_url,
        filtered=bool(args),
        action_label=audit.action_label,
        title="Audit log",
    )
