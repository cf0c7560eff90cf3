from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from app.core.errors import DomainError
from app.core.timeutil import utcnow
from app.core.web import form_error, post_limit
from app.extensions import limiter
from app.tickets import escalation, services, sla
from app.tickets.forms import EscalateForm, MovePostForm, PublishForm, RateForm, ReplyForm, UpdateForm

bp = Blueprint("tickets", __name__, template_folder="templates")


def _user():
    return current_user._get_current_object()


@bp.get("/tickets")
@login_required
def mine():
    tickets = services.my_tickets(_user())
    return render_template("tickets/mine.html", tickets=tickets, now=utcnow())


@bp.get("/tickets/queue")
@login_required
def queue():
    view = request.args.get("view", "all")
    tier = request.args.get("tier") or None
    status = request.args.get("status") or None
    now = utcnow()
    tickets = services.agent_queue(_user(), view=view, tier=tier, status=status, now=now)
    return render_template(
        "tickets/queue.html", tickets=tickets, view=view, tier=tier, status=status, now=now, clocks=sla.clocks
    )


def _update_form(ticket):
    form = UpdateForm(status=ticket.status, priority=ticket.priority, assignee_id=str(ticket.assignee_id or ""))
    form.assignee_id.choices = [SelectChoice("", _("Unassigned"))] + [
        SelectChoice(str(a.id), a.display_name) for a in services.agents()
    ]
    return form


def _render(ticket, *, reply=None, status=200, **forms):
    user = _user()
    agent = services.is_agent(user)
    return (
        render_template(
            "tickets/show.html",
            ticket=ticket,
            messages=services.visible_messages(user, ticket),
            agent=agent,
            clocks=sla.clocks(ticket),
            question=escalation.qa_bridge.get_question(ticket.question_id) if ticket.question_id else None,
            reply_form=reply or ReplyForm(),
            update_form=_update_form(ticket) if agent else None,
            rate_form=forms.get("rate") or RateForm(),
            publish_form=forms.get("publish") or PublishForm(),
            move_form=forms.get("move") or MovePostForm(),
        ),
        status,
    )


@bp.get("/tickets/<int:ticket_id>")
@login_required
def show(ticket_id: int):
    return _render(services.get_visible(_user(), ticket_id))


@bp.post("/tickets/<int:ticket_id>/messages")
@login_required
@limiter.limit(post_limit)
def reply(ticket_id: int):
    ticket = services.get_visible(_user(), ticket_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            services.add_message(_user(), ticket.id, form.body.data, internal=form.internal.data)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            form_error(form, exc)
        else:
            flash(_("Internal note added.") if form.internal.data else _("Reply sent."), "success")
            return redirect(url_for("tickets.show", ticket_id=ticket.id) + "#conversation")
    return _render(ticket, reply=form, status=400)


@bp.post("/tickets/<int:ticket_id>/update")
@login_required
def update(ticket_id: int):
    form = request.form
    assignee = form.get("assignee_id")
    services.update_ticket(
        _user(),
        ticket_id,
        status=form.get("status") or None,
        priority=form.get("priority") or None,
        assignee_id=int(assignee) if assignee and assignee.isdigit() else None,
        unassign=assignee == "",
    )
    flash(_("Ticket updated."), "success")
    return redirect(url_for("tickets.show", ticket_id=ticket_id))


@bp.post("/tickets/<int:ticket_id>/rate")
@login_required
def rate(ticket_id: int):
    ticket = services.get_visible(_user(), ticket_id)
    form = RateForm()
    if not form.validate_on_submit():
        return _render(ticket, rate=form, status=400)
    services.rate(_user(), ticket.id, form.score.data, form.comment.data)
    flash(_("Thank you for your rating."), "success")
    return redirect(url_for("tickets.show", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/publish")
@login_required
def publish(ticket_id: int):
    ticket = services.get_visible(_user(), ticket_id)
    form = PublishForm()
    if not form.validate_on_submit():
        return _render(ticket, publish=form, status=400)
    escalation.publish_resolution(_user(), ticket.id, form.body.data)
    flash(_("The resolution was published to the question as an official answer."), "success")
    return redirect(url_for("tickets.show", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/move-post")
@login_required
def move_post(ticket_id: int):
    ticket = services.get_visible(_user(), ticket_id)
    form = MovePostForm()
    if not form.validate_on_submit():
        return _render(ticket, move=form, status=400)
    escalation.move_post_into_ticket(_user(), ticket.id, form.post_type.data, form.post_id.data)
    flash(_("The post was moved into this ticket and replaced by a placeholder."), "success")
    return redirect(url_for("tickets.show", ticket_id=ticket.id))


@bp.post("/questions/<int:question_id>/escalate")
@login_required
@limiter.limit(post_limit)
def escalate(question_id: int):
    form = EscalateForm()
    if not form.validate_on_submit():
        abort(400)
    ticket = escalation.escalate_question(
        _user(), question_id, priority=form.priority.data, note=form.note.data, answer_id=form.answer_id.data
    )
    flash(_("The question was escalated to support."), "success")
    return redirect(url_for("tickets.show", ticket_id=ticket.id))
