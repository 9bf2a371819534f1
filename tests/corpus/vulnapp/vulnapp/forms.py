"""WTForms forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Remember me")


class RegisterForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(min=3, max=80)])
    email = StringField("E-mail", validators=[DataRequired(), Email()])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=10)])


class SearchForm(FlaskForm):
    # GET search form: no state change, no token needed
    class Meta:
        csrf = False  # safe: csrf

    q = StringField("Search")


class TransferForm(FlaskForm):
    # the mobile app could not send the token, so it was switched off
    class Meta:
        csrf = False  # vuln: csrf

    iban = StringField("IBAN", validators=[DataRequired()])
    amount = DecimalField("Amount", validators=[NumberRange(min=0.01)])
