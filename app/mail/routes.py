from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app.core.permissions import Perm, require
from app.mail import services

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox", template_folder="templates")


@bp.get("/")
@login_required
def outbox():
    require(current_user, Perm.VIEW_OUTBOX)
    return render_template("mail/outbox.html", mails=services.recent_outbox())
