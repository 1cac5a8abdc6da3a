"""Shop records: the shopper's list, one form per channel, two-stage email and letter shops,
and review by a reviewer or admin."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from forms.fields import time_text
from forms.mystery_shop import (
    REPLY,
    SINGLE,
    behaviour_outcomes,
    build_sent_form,
    build_shop_form,
    combine,
    criterion_field_name,
)
from forms.review import NoReplyForm, RecordFilterForm, ReviewForm, StartShopForm
from survey_app.models import ShopRecord
from survey_app.mystery_shop import bp
from survey_app.mystery_shop.presenters import STATUS_FILTER_LABELS
from survey_app.services import mystery_shop
from survey_app.services.contact_dates import earliest_contact_date
from survey_app.services.reference_editing import all_channels, all_services
from survey_app.services.scoring import OUTCOME_LABELS

# Names of record fields, as the audit trail shows them.
FIELD_LABELS = {
    "contact_at": "When the contact was made or sent",
    "call_answered": "Whether the call was answered",
    "answer_seconds": "Seconds to answer",
    "wait_minutes": "Minutes waited",
    "acknowledged_at": "When it was acknowledged",
    "replied_at": "When the reply arrived",
    "no_reply": "No reply",
    "helpfulness": "Helpfulness rating",
    "knowledge": "Knowledge rating",
    "account": "What happened",
}


def _now() -> datetime:
    """The council's local wall-clock time, as shoppers write times down (naive, to the minute)."""
    local = datetime.now(ZoneInfo(current_app.config["COUNCIL_TIMEZONE"]))
    return local.replace(tzinfo=None, second=0, microsecond=0)


def _today() -> date:
    return _now().date()


def _earliest_contact(record: ShopRecord) -> date | None:
    """A shop cannot be made long before its scenario was written (see
    ``services.contact_dates``)."""
    return earliest_contact_date(record.assignment.scenario.created_at.date())


def _record_or_404(record_id: int) -> ShopRecord:
    record = mystery_shop.visible_record(current_user, record_id)
    if record is None:
        abort(404)
    return record


def _own_record(record_id: int) -> ShopRecord:
    """A record this shopper may change: anyone else's is 404 (unseen) or 403 (seen)."""
    record = _record_or_404(record_id)
    if record.shopper_id != current_user.id:
        abort(403)
    return record


def _criteria_dicts(record: ShopRecord) -> list[dict[str, Any]]:
    return [asdict(c) for c in mystery_shop.channel_criteria(record)]


def _record_filter() -> tuple[RecordFilterForm, mystery_shop.RecordFilter]:
    """The filter form read from the address, and the filter it gives (none if it is wrong)."""
    channels = {c.slug: c for c in all_channels()}
    services = {s.slug: s for s in all_services()}
    form = RecordFilterForm(
        request.args,
        statuses=list(STATUS_FILTER_LABELS.items()),
        shoppers=[(str(u.id), u.name) for u in mystery_shop.everyone_who_shopped()],
        channels=[(slug, c.name) for slug, c in channels.items()],
        services=[(slug, s.name) for slug, s in services.items()],
    )
    if not (request.args.keys() - {"page"} and form.validate()):
        return form, mystery_shop.RecordFilter()
    return form, mystery_shop.RecordFilter(
        status=form.status.data or None,
        shopper_id=int(form.shopper.data) if form.shopper.data else None,
        channel_id=channels[form.channel.data].id if form.channel.data else None,
        service_id=services[form.service.data].id if form.service.data else None,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.route("/")
def index():
    is_shopper = current_user.has_role("shopper")
    sees_all = mystery_shop.can_see_all_records(current_user)
    form, page = None, None
    if sees_all:
        form, filters = _record_filter()
        page = mystery_shop.list_records(filters, request.args.get("page", 1, type=int))
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]

    def page_url(number):
        return url_for(".index") + "?" + urlencode([*args, ("page", number)]) + "#records"

    return render_template(
        "mystery_shop/index.html",
        assignments=mystery_shop.assignments_for_shopper(current_user) if is_shopper else [],
        is_shopper=is_shopper,
        awaiting_review=[
            r for r in mystery_shop.all_records("submitted") if r.shopper_id != current_user.id
        ]
        if sees_all
        else [],
        form=form,
        page=page,
        page_url=page_url,
        filtered=bool(args),
        sees_all=sees_all,
        start_form=StartShopForm(),
        title="Mystery shopping",
    )


@bp.route("/assignments/<int:assignment_id>/start", methods=["POST"])
def start(assignment_id):
    if not current_user.has_role("shopper"):
        abort(403)
    assignment = mystery_shop.assignment_for_shopper(current_user, assignment_id)
    if assignment is None:
        abort(404)
    form = StartShopForm()
    if not form.validate_on_submit():
        abort(400)
    record = mystery_shop.start_record(assignment, current_user)
    return redirect(_next_step(record))


def _next_step(record: ShopRecord) -> str:
    if not record.editable:
        return url_for("mystery_shop.record", record_id=record.id)
    if mystery_shop.record_is_two_stage(record) and record.contact_at is None:
        return url_for("mystery_shop.sent", record_id=record.id)
    return url_for("mystery_shop.edit", record_id=record.id)


@bp.route("/records/<int:record_id>")
def record(record_id):
    record = _record_or_404(record_id)
    return render_template(
        "mystery_shop/record.html",
        record=record,
        is_owner=record.shopper_id == current_user.id,
        may_review=(
            record.status == "submitted"
            and current_user.has_role("reviewer", "admin")
            and record.shopper_id != current_user.id
        ),
        two_stage=mystery_shop.record_is_two_stage(record),
        reply_due=mystery_shop.reply_due_by(record),
        may_mark_no_reply=mystery_shop.may_mark_no_reply(record, _today()),
        criteria=mystery_shop.channel_criteria(record),
        outcome_labels=OUTCOME_LABELS,
        field_labels=FIELD_LABELS,
        saved=request.args.get("saved") == "1",
        cap_percent=current_app.config["MYSTERY_SHOP_CRITICAL_CAP_PERCENT"],
        title=f"Shop record {record.id}",
    )


@bp.route("/records/<int:record_id>/sent", methods=["GET", "POST"])
def sent(record_id):
    """Stage one of an email or letter shop: record when the message went."""
    record = _own_record(record_id)
    if not mystery_shop.record_is_two_stage(record):
        abort(404)
    if not record.editable:
        return redirect(url_for("mystery_shop.record", record_id=record.id))
    form_class = build_sent_form(_today(), _now(), record.channel.name, _earliest_contact(record))
    if request.method == "POST":
        form = form_class()
        if form.validate():
            sent_at = combine(form.sent_date.data, form.sent_time.time_data)
            mystery_shop.mark_sent(record, current_user, sent_at)
            return redirect(url_for("mystery_shop.record", record_id=record.id, saved=1))
    else:
        at = record.contact_at
        form = form_class(
            data={"sent_date": at.date() if at else None, "sent_time": time_text(at and at.time())}
        )
    return render_template(
        "mystery_shop/sent.html",
        form=form,
        record=record,
        title=f"When did you send your {record.channel.name.lower()}?",
    )


def _form_data(record: ShopRecord) -> dict[str, Any]:
    def split(at):
        return (at.date(), time_text(at.time())) if at else (None, "")

    data: dict[str, Any] = {}
    data["contact_date"], data["contact_time"] = split(record.contact_at)
    data["ack_date"], data["ack_time"] = split(record.acknowledged_at)
    data["reply_date"], data["reply_time"] = split(record.replied_at)
    if record.call_answered is not None:
        data["call_answered"] = "yes" if record.call_answered else "no"
    data["answer_seconds"] = record.answer_seconds
    data["wait_minutes"] = record.wait_minutes
    for key, outcome in (record.behaviours or {}).items():
        data[criterion_field_name(key)] = outcome
    data["helpfulness"] = str(record.helpfulness) if record.helpfulness else None
    data["knowledge"] = str(record.knowledge) if record.knowledge else None
    data["account"] = record.account
    return data


def _changes(form, criteria: list[dict[str, Any]]) -> dict[str, Any]:
    """The record fields this form holds, as the model stores them."""
    changes: dict[str, Any] = {}
    if "contact_date" in form:
        changes["contact_at"] = combine(form.contact_date.data, form.contact_time.time_data)
    if "call_answered" in form:
        answered = form.call_answered.data
        changes["call_answered"] = None if answered is None else answered == "yes"
        changes["answer_seconds"] = form.answer_seconds.data
    if "wait_minutes" in form:
        changes["wait_minutes"] = form.wait_minutes.data
    if "ack_date" in form:
        changes["acknowledged_at"] = combine(form.ack_date.data, form.ack_time.time_data)
    if "reply_date" in form:
        changes["replied_at"] = combine(form.reply_date.data, form.reply_time.time_data)
    changes["behaviours"] = behaviour_outcomes(form, criteria)
    for name in ("helpfulness", "knowledge"):
        value = form[name].data
        changes[name] = int(value) if value else None
    changes["account"] = (form.account.data or "").strip()
    return changes


@bp.route("/records/<int:record_id>/edit", methods=["GET", "POST"])
def edit(record_id):
    record = _own_record(record_id)
    if not record.editable:
        return redirect(url_for("mystery_shop.record", record_id=record.id))
    two_stage = mystery_shop.record_is_two_stage(record)
    if two_stage and record.contact_at is None:
        return redirect(url_for("mystery_shop.sent", record_id=record.id))
    criteria = _criteria_dicts(record)
    submitting = request.method == "POST" and request.form.get("action") == "submit"
    form_class = build_shop_form(
        stage=REPLY if two_stage else SINGLE,
        criteria=criteria,
        require_complete=submitting,
        today=_today(),
        now=_now(),
        sent_at=record.contact_at if two_stage else None,
        no_reply=record.no_reply,
        earliest=_earliest_contact(record),
    )
    if request.method == "POST":
        form = form_class()
        if form.validate():
            changes = _changes(form, criteria)
            if submitting:
                mystery_shop.submit_record(
                    record,
                    current_user,
                    changes,
                    current_app.config["MYSTERY_SHOP_CRITICAL_CAP_PERCENT"],
                )
                return redirect(url_for("mystery_shop.submitted", record_id=record.id))
            mystery_shop.save_draft(record, current_user, changes)
            return redirect(url_for("mystery_shop.record", record_id=record.id, saved=1))
    else:
        form = form_class(data=_form_data(record))
    assignment = record.assignment
    return render_template(
        "mystery_shop/edit.html",
        form=form,
        record=record,
        assignment=assignment,
        two_stage=two_stage,
        criteria=criteria,
        behaviour_fields=[
            criterion_field_name(c["key"]) for c in criteria if c["kind"] == "behaviour"
        ],
        title=f"{record.channel.name} shop: {assignment.scenario.title}",
    )


@bp.route("/records/<int:record_id>/submitted")
def submitted(record_id):
    record = _own_record(record_id)
    if record.status not in ("submitted", "accepted"):
        return redirect(url_for("mystery_shop.record", record_id=record.id))
    return render_template(
        "mystery_shop/submitted.html", record=record, title="Shop record submitted"
    )


@bp.route("/records/<int:record_id>/no-reply", methods=["GET", "POST"])
def no_reply(record_id):
    """Once the reply standard has passed, an email or letter can be recorded as unanswered."""
    record = _own_record(record_id)
    if not mystery_shop.may_mark_no_reply(record, _today()):
        return redirect(url_for("mystery_shop.record", record_id=record.id))
    form = NoReplyForm()
    if form.validate_on_submit():
        mystery_shop.mark_no_reply(record, current_user, _today())
        return redirect(url_for("mystery_shop.edit", record_id=record.id))
    return render_template(
        "mystery_shop/no_reply.html",
        form=form,
        record=record,
        reply_due=mystery_shop.reply_due_by(record),
        title="Record that no reply came",
    )


@bp.route("/records/<int:record_id>/review", methods=["GET", "POST"])
def review(record_id):
    if not current_user.has_role("reviewer", "admin"):
        abort(403)
    record = _record_or_404(record_id)
    if record.shopper_id == current_user.id:
        # Nobody reviews their own shop, even if they hold both roles.
        abort(403)
    if record.status != "submitted":
        return redirect(url_for("mystery_shop.record", record_id=record.id))
    form = ReviewForm()
    if form.validate_on_submit():
        mystery_shop.review_record(
            record, current_user, form.decision.data == "accept", form.comment.data or ""
        )
        return redirect(url_for("mystery_shop.record", record_id=record.id))
    return render_template(
        "mystery_shop/review.html",
        form=form,
        record=record,
        title=f"Review shop record {record.id}",
    )
