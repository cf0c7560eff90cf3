"""The product team's web routes: status changes, merges, links, the demand page and exports."""

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.core.errors import DomainError, ValidationError
from app.core.permissions import Perm, require
from app.core.web import form_error
from app.ideas import demand, services, workflow
from app.ideas.forms import EmptyForm, LinkForm, MergeForm, StatusForm
from app.ideas.labels import STATUS_LABELS
from app.ideas.routes import bp, me, render_idea

# The page shows the most wanted ideas; the exports carry the whole view.
PAGE_ROWS = 200


def _guard(perm: Perm = Perm.MANAGE_IDEAS) -> None:
    require(me(), perm)


@bp.post("/<int:idea_id>/status")
@login_required
def change_status(idea_id):
    idea = services.get_idea(idea_id)
    _guard()
    form = StatusForm()
    # Unknown values are the service's to reject (a clear message naming the field), not a bare 400.
    form.status.validate_choice = False
    if form.validate_on_submit():
        try:
            workflow.change_status(me(), idea, form.status.data, form.response.data)
        except DomainError as exc:
            form_error(form, exc)
            return render_idea(idea, exc.status, status_form=form)
        flash(_("Status changed to %(status)s.", status=STATUS_LABELS[idea.status]), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id))
    return render_idea(idea, 400, status_form=form)


@bp.post("/<int:idea_id>/merge")
@login_required
def merge(idea_id):
    idea = services.get_idea(idea_id)
    _guard()
    form = MergeForm()
    if form.validate_on_submit():
        try:
            record = workflow.merge(me(), idea, form.into.data)
        except DomainError as exc:
            form_error(form, exc)
            return render_idea(idea, exc.status, merge_form=form)
        flash(_("Merged into idea #%(id)s. You can undo this on the idea page.", id=record.target_id), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id))
    return render_idea(idea, 400, merge_form=form)


@bp.post("/merges/<int:merge_id>/undo")
@login_required
def undo_merge(merge_id):
    _guard()
    record = workflow.get_merge(merge_id)
    if not EmptyForm().validate_on_submit():
        return render_idea(record.source, 400, error=_("The form expired. Please try again."))
    try:
        workflow.undo_merge(me(), record)
    except DomainError as exc:
        return render_idea(record.source, exc.status, error=exc.message)
    flash(_("The merge is undone."), "success")
    return redirect(url_for("ideas.show", idea_id=record.source_id))


@bp.post("/<int:idea_id>/links")
@login_required
def link(idea_id):
    idea = services.get_idea(idea_id)
    if not (workflow.can_link(me()) or workflow.can_link_ticket(me())):
        _guard()
    form = LinkForm()
    if form.validate_on_submit():
        try:
            if form.ticket_id.data:
                workflow.link_ticket(me(), idea, form.ticket_id.data)
            elif form.question_id.data:
                workflow.link_question(me(), idea, form.question_id.data)
            else:
                raise ValidationError(fields={"question_id": _("Give the number of a question or a ticket.")})
        except DomainError as exc:
            form_error(form, exc)
            return render_idea(idea, exc.status, link_form=form)
        flash(_("Link added."), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id))
    return render_idea(idea, 400, link_form=form)


@bp.post("/<int:idea_id>/links/<int:link_id>/delete")
@login_required
def unlink(idea_id, link_id):
    idea = services.get_idea(idea_id)
    if not (workflow.can_link(me()) or workflow.can_link_ticket(me())):
        _guard()
    if not EmptyForm().validate_on_submit():
        return render_idea(idea, 400, error=_("The form expired. Please try again."))
    workflow.unlink(me(), idea, link_id)
    flash(_("Link removed."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id))


@bp.get("/manage")
@login_required
def manage():
    _guard()
    filters = demand.parse_filters(request.args)
    rows = demand.demand_rows(me(), filters)
    return render_template(
        "ideas/manage.html",
        rows=rows[:PAGE_ROWS],
        total=len(rows),
        filters=filters,
        boards=services.list_boards(),
        organizations=demand.organizations(),
        statuses=STATUS_LABELS,
        tiers=demand.TIERS,
        sorts=demand.MANAGE_SORTS,
    )


@bp.get("/manage/export.<fmt>")
@login_required
def export(fmt):
    _guard()
    if fmt not in ("csv", "json"):
        return render_template("error.html", status=404, title=_("Page not found"), message=""), 404
    filters = demand.parse_filters(request.args)
    rows = demand.demand_rows(me(), filters)
    if fmt == "csv":
        body, mimetype = demand.export_csv(rows), "text/csv; charset=utf-8"
    else:
        body, mimetype = json.dumps(demand.export_json(rows, filters), ensure_ascii=False, indent=2), "application/json"
    headers = {"Content-Disposition": f'attachment; filename="idea-demand.{fmt}"'}
    return Response(body, mimetype=mimetype, headers=headers)
