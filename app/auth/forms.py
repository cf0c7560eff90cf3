from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length


class LoginForm(FlaskForm):
    login = StringField(
        _l("Email or username"),
        validators=[
            DataRequired(_l("Enter your email or username.")),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(max=128, message=_l("Use at most %(max)d characters.")),
        ],
    )
    remember = BooleanField(_l("Keep me signed in"))


class RegisterForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
        ],
    )
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(_l("Choose a username.")),
            Length(min=2, max=32, message=_l("Use between %(min)d and %(max)d characters.")),
        ],
    )
    display_name = StringField(
        _l("Display name"), validators=[Length(max=64, message=_l("Use at most %(max)d characters."))]
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter a password.")),
            Length(min=8, max=128, message=_l("Use between %(min)d and %(max)d characters.")),
        ],
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a password.")),
            Length(min=8, max=128, message=_l("Use between %(min)d and %(max)d characters.")),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[EqualTo("new_password", _l("The passwords do not match."))]
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
        ],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a password.")),
            Length(min=8, max=128, message=_l("Use between %(min)d and %(max)d characters.")),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[EqualTo("password", _l("The passwords do not match."))]
    )
