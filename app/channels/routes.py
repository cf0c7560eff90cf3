"""Admin pages for webhook endpoints: list and add, one endpoint's deliveries, its buttons."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.channels import webhooks
from app.channels.forms import ActionForm, EndpointForm
from app.core.errors import ValidationError
from app.core.permissions import Perm, require

bp = Blueprint("channels", __name__, template_folder="templates")


def _checked_action() -> None:
    require(current_user, Perm.ADMIN)
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.route("/admin/webhooks", methods=["GET", "POST"])
@login_required
def endpoints():
    found = webhooks.list_endpoints(current_user)
    form = EndpointForm()
    if form.validate_on_submit():
        try:
            endpoint, secret = webhooks.create_endpoint(
                current_user,
                url=form.url.data,
                description=form.description.data,
                event_kinds=form.event_kinds.data,
                include_staff=form.include_staff.data,
            )
        except ValidationError as exc:
            for name, message in exc.fields.items():
                getattr(form, name).errors = [*getattr(form, name).errors, str(message)]
        else:
            return render_template("channels/secret.html", endpoint=endpoint, secret=secret), 201
    status = 400 if form.errors else 200
    return render_template("channels/endpoints.html", endpoints=found, form=form), status


@bp.get("/admin/webhooks/<int:endpoint_id>")
@login_required
def endpoint(endpoint_id: int):
    item = webhooks.get_endpoint(current_user, endpoint_id)
    deliveries = webhooks.recent_deliveries(current_user, item.id)
    return render_template("channels/endpoint.html", endpoint=item, deliveries=deliveries, action=ActionForm())


@bp.post("/admin/webhooks/<int:endpoint_id>/<any(enable, disable):change>")
@login_required
def toggle(endpoint_id: int, change: str):
    _checked_action()
    webhooks.set_active(current_user, endpoint_id, change == "enable")
    flash(_("Endpoint enabled.") if change == "enable" else _("Endpoint disabled."), "success")
    return redirect(url_for("channels.endpoint", endpoint_id=endpoint_id))


@bp.post("/admin/webhooks/<int:endpoint_id>/rotate")
@login_required
def rotate(endpoint_id: int):
    _checked_action()
    secret = webhooks.rotate_secret(current_user, endpoint_id)
    item = webhooks.get_endpoint(current_user, endpoint_id)
    return render_template("channels/secret.html", endpoint=item, secret=secret, rotated=True)


@bp.post("/admin/webhooks/<int:endpoint_id>/delete")
@login_required
def delete(endpoint_id: int):
    _checked_action()
    webhooks.delete_endpoint(current_user, endpoint_id)
    flash(_("Endpoint deleted."), "success")
    return redirect(url_for("channels.endpoints"))


@bp.post("/admin/webhooks/deliveries/<int:delivery_id>/redeliver")
@login_required
def redeliver(delivery_id: int):
    _checked_action()
    delivery = webhooks.redeliver(current_user, delivery_id)
    flash(_("The delivery will be sent again within a minute."), "success")
    return redirect(url_for("channels.endpoint", endpoint_id=delivery.endpoint_id))
