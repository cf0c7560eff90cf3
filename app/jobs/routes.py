from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.permissions import Perm, require
from app.jobs import runner
from app.jobs.status import every_text, job_statuses

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs", template_folder="templates")


@bp.get("/")
@login_required
def index():
    require(current_user, Perm.ADMIN)
    return render_template("jobs/index.html", jobs=job_statuses(), every_text=every_text)


@bp.post("/<name>/run")
@login_required
def run_now(name: str):
    """Make a job due now; the runner starts it on its next round."""
    require(current_user, Perm.ADMIN)
    if not runner.request_run(name):
        abort(404)
    flash(_("The job will run within a few seconds."), "success")
    return redirect(url_for("jobs.index"))
