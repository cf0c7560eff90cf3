"""Admin pages: people, organizations, settings and root causes (admins only; checked in the services)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.errors import DomainError
from app.core.permissions import Perm, Role, require
from app.insight import organizations, people, root_causes, settings_admin
from app.insight.routes import back, bp


def _fail(exc: DomainError, endpoint: str, **values):
    """Flash a domain error and go back (the services' message names the field)."""
    flash(" ".join(str(m) for m in exc.fields.values()) or str(exc.message), "error")
    return redirect(back(endpoint, **values))


@bp.get("/admin/users")
@login_required
def users():
    args = request.args
    page = people.search_users(
        current_user,
        q=args.get("q"),
        role=args.get("role"),
        organization=args.get("organization"),
        tier=args.get("tier"),
        status=args.get("status"),
        page=args.get("page", 1, type=int),
    )
    filters = {k: v for k, v in args.items() if k != "page" and v}
    return render_template(
        "insight/admin_users.html",
        page=page,
        filters=filters,
        roles=[r.value for r in Role],
        organizations=organizations.list_organizations(),
    )


@bp.post("/admin/users/<int:user_id>")
@login_required
def update_user(user_id: int):
    form = request.form
    try:
        if "role" in form:
            people.change_role(current_user, user_id, form["role"])
        if "organization_id" in form:
            people.set_organization(current_user, user_id, form["organization_id"])
        if "suspended" in form:
            people.set_suspended(current_user, user_id, form["suspended"] == "1")
    except DomainError as exc:
        return _fail(exc, "insight.users")
    flash(_("Your changes were saved."), "success")
    return redirect(back("insight.users"))


@bp.route("/admin/organizations", methods=["GET", "POST"])
@login_required
def organizations_admin():
    require(current_user, Perm.ADMIN)
    if request.method == "POST":
        form = request.form
        try:
            org = organizations.create_organization(
                current_user,
                name=form.get("name"),
                tier=form.get("tier"),
                account_manager_id=form.get("account_manager_id"),
                partner_id=form.get("partner_id"),
            )
        except DomainError as exc:
            return _fail(exc, "insight.organizations_admin")
        flash(_("Organization “%(name)s” created.", name=org.name), "success")
        return redirect(url_for("insight.organization_admin", organization_id=org.id))
    return render_template(
        "insight/admin_organizations.html",
        organizations=organizations.list_organizations(request.args.get("q")),
        counts=organizations.member_counts(),
        staff=_staff(),
        tiers=organizations.TIERS,
    )


def _staff():
    from sqlalchemy import select

    from app.auth.models import User
    from app.core.permissions import STAFF_ROLES
    from app.extensions import db

    stmt = select(User).where(User.role.in_([r.value for r in STAFF_ROLES]), User.is_suspended.is_(False))
    return list(db.session.scalars(stmt.order_by(User.display_name)))


@bp.route("/admin/organizations/<int:organization_id>", methods=["GET", "POST"])
@login_required
def organization_admin(organization_id: int):
    require(current_user, Perm.ADMIN)
    org = organizations.get_organization(organization_id)
    if request.method == "POST":
        form = request.form
        try:
            organizations.update_organization(
                current_user,
                org.id,
                name=form.get("name"),
                tier=form.get("tier"),
                account_manager_id=form.get("account_manager_id"),
                partner_id=form.get("partner_id"),
            )
        except DomainError as exc:
            return _fail(exc, "insight.organization_admin", organization_id=org.id)
        flash(_("Your changes were saved."), "success")
        return redirect(url_for("insight.organization_admin", organization_id=org.id))
    others = [o for o in organizations.list_organizations() if o.id != org.id]
    return render_template(
        "insight/admin_organization.html", org=org, others=others, staff=_staff(), tiers=organizations.TIERS
    )


@bp.post("/admin/organizations/<int:organization_id>/domains")
@login_required
def organization_domains(organization_id: int):
    form = request.form
    try:
        if form.get("remove"):
            organizations.remove_domain(current_user, organization_id, form["remove"])
        else:
            organizations.add_domain(current_user, organization_id, form.get("domain"))
    except DomainError as exc:
        return _fail(exc, "insight.organization_admin", organization_id=organization_id)
    flash(_("Your changes were saved."), "success")
    return redirect(url_for("insight.organization_admin", organization_id=organization_id))


@bp.post("/admin/organizations/<int:organization_id>/merge")
@login_required
def organization_merge(organization_id: int):
    try:
        target = organizations.merge_organizations(current_user, organization_id, request.form.get("target_id"))
    except DomainError as exc:
        return _fail(exc, "insight.organization_admin", organization_id=organization_id)
    flash(_("The organizations were merged into “%(name)s”.", name=target.name), "success")
    return redirect(url_for("insight.organization_admin", organization_id=target.id))


@bp.route("/admin/settings", methods=["GET", "POST"])
@login_required
def settings_page():
    require(current_user, Perm.ADMIN)
    status = 200
    if request.method == "POST":
        try:
            settings_admin.save(current_user, request.form)
        except DomainError as exc:
            flash(" ".join(str(m) for m in exc.fields.values()) or str(exc.message), "error")
            status = 400
        else:
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("insight.settings_page"))
    weights, sla = settings_admin.current()
    return render_template(
        "insight/admin_settings.html",
        weights=weights,
        sla=sla,
        tiers=settings_admin.TIERS,
        priorities=settings_admin.PRIORITIES,
    ), status


@bp.route("/admin/root-causes", methods=["GET", "POST"])
@login_required
def root_causes_admin():
    require(current_user, Perm.ADMIN)
    if request.method == "POST":
        try:
            if request.form.get("id"):
                root_causes.update_root_cause(current_user, request.form["id"], request.form)
            else:
                root_causes.create_root_cause(current_user, request.form)
        except DomainError as exc:
            return _fail(exc, "insight.root_causes_admin")
        flash(_("Your changes were saved."), "success")
        return redirect(url_for("insight.root_causes_admin"))
    return render_template("insight/admin_root_causes.html", causes=root_causes.all_root_causes())


@bp.post("/root-cause")
@login_required
def assign_root_cause():
    """Staff set the root cause of a ticket, question or idea."""
    form = request.form
    subject_type, subject_id = form.get("subject_type"), form.get("subject_id", type=int)
    try:
        _check_subject(subject_type, subject_id)
        root_causes.assign(current_user, subject_type, subject_id, form.get("root_cause_id"))
    except DomainError as exc:
        return _fail(exc, "insight.dashboard")
    flash(_("Root cause saved."), "success")
    return redirect(back("insight.dashboard"))


def _check_subject(subject_type, subject_id) -> None:
    """The subject must exist and be visible to the acting staff member."""
    from app.core.errors import NotFound, ValidationError

    if not subject_id:
        raise ValidationError(fields={"subject_id": _("Choose what the root cause is for.")})
    if subject_type == "ticket":
        from app.tickets.services import get_visible

        get_visible(current_user, subject_id)
    elif subject_type == "question":
        from app.qa.services import get_question

        get_question(current_user, subject_id)
    elif subject_type == "idea":
        from app.extensions import db
        from app.ideas.models import Idea

        if db.session.get(Idea, subject_id) is None:
            raise NotFound()
