from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import limits, services
from app.auth.forms import ChangePasswordForm, LoginForm, RegisterForm, ResetPasswordForm, ResetRequestForm
from app.core.errors import DomainError
from app.core.security import safe_next
from app.core.web import form_error
from app.extensions import limiter

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if not current_app.config["REGISTRATION_OPEN"]:
        flash(_("Registration is closed."), "warning")
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(
                email=form.email.data,
                username=form.username.data,
                password=form.password.data,
                display_name=form.display_name.data,
                locale=session.get("locale"),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            login_user(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/register.html", form=form), 400 if form.errors or form.form_errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limits.login_per_account
@limits.login_per_address
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.login.data, form.password.data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            login_user(user, remember=form.remember.data)
            flash(_("Signed in."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    services.end_all_sessions(current_user)
    logout_user()
    flash(_("You are signed out on every device."), "success")
    return redirect(url_for("main.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            login_user(current_user._get_current_object())  # keep this session; every other one ends
            flash(_("Your password was changed. Other sessions were signed out."), "success")
            return redirect(url_for("auth.account"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/account.html", form=form), status


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(limits.reset_limit, key_func=limits.account_key, methods=["POST"])
@limiter.limit(limits.reset_address_limit, key_func=limits.address_key, methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        try:
            services.request_password_reset(form.email.data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("If an account uses that address, we sent it a link to reset the password."), "success")
            return redirect(url_for("auth.login"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/reset_request.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    services.check_reset_token(token)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Your password was reset. Please sign in."), "success")
            return redirect(url_for("auth.login"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/reset_password.html", form=form), status
