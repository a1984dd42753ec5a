from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, StopValidation, ValidationError

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import IntegerField as WholeNumberField
from stedskaping.fields import MoneyField, parse_kroner
from stedskaping.funding.bank import clean_number, format_account, is_valid_account
from stedskaping.input import NulCheckedForm


def account_number(form, field):
    """A Norwegian account number (11 digits, MOD11); kept as digits only."""
    if not (field.data or "").strip():
        field.data = None
        return
    number = clean_number(field.data)
    # One message, the one that applies: a wrong length first, then the check digit.
    if len(number) != 11 or not number.isdigit() or not number.isascii():
        raise ValidationError(_l("Write an account number of 11 digits, like 8601.11.17947."))
    if not is_valid_account(number):
        raise ValidationError(_l("Check the number: its last digit does not match."))
    field.data = number


class AccountField(StringField):
    """A bank account number, shown as 8601.11.17947 and kept as 11 digits."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_account(self.data) if self.data else ""


def parse_lines(text: str, columns: int) -> list[list[str]]:
    """'Benker; 12 000' lines -> [['Benker', '12 000']]; empty lines are skipped."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if not 2 <= len(parts) <= columns or not parts[0]:
            raise ValidationError(_l("Line %(n)d: write it as “what; amount”.", n=number))
        rows.append(parts)
    return rows


class CampaignForm(NulCheckedForm):
    minimum = MoneyField(_l("Minimum budget (kr)"), validators=[
        InputRequired(_l("Give the minimum budget."))],
        description=_l("All or nothing: cards are charged only if this is reached."))
    optimum = MoneyField(_l("Optimum budget (kr)"), validators=[
        InputRequired(_l("Give the optimum budget."))])
    story = TextAreaField(_l("The story"), filters=[strip], validators=[Length(max=20000)],
                          description=_l("What will be built, why, and what the money buys."))
    cost_plan = TextAreaField(_l("Cost plan"), validators=[Length(max=5000)],
                              description=_l("One line each: what; amount in kr."))
    rewards = TextAreaField(_l("Thank-you rewards (optional)"), validators=[Length(max=5000)],
                            description=_l("One line each: title; smallest pledge in kr; "
                                           "how many (empty: no limit)."))
    match_fund = SelectField(_l("Match fund"), filters=[strip], validators=[Optional()])
    bank_account = AccountField(
        _l("Account for bank transfers (optional)"), filters=[strip],
        validators=[Length(max=40), account_number],
        description=_l("Where backers who promise money pay it. Empty: the municipality's "
                       "account."))

    def validate_cost_plan(self, field):
        field.rows = [{"item": item, "amount": _amount(amount)}
                      for item, amount, *_ in parse_lines(field.data, 2)]

    def validate_rewards(self, field):
        rows = []
        for parts in parse_lines(field.data, 3):
            quantity = parts[2] if len(parts) == 3 else ""
            if quantity and not (quantity.isascii() and quantity.isdigit()
                                 and len(quantity) < 7):
                raise ValidationError(_l("“%(q)s” is not a number of rewards.", q=quantity))
            rows.append((parts[0][:160], _amount(parts[1]), int(quantity) if quantity else None))
        field.rows = rows


def _amount(text: str) -> int:
    try:
        return parse_kroner(text)
    except ValueError as exc:
        raise ValidationError(exc.args[0]) from exc


class PledgeForm(FlaskForm):
    kind = RadioField(_l("What do you want to give?"), validators=[
        InputRequired(_l("Choose what you want to give."))])
    amount = MoneyField(_l("Amount or value (kr)"), validators=[Optional()])
    hours = IntegerField(_l("Hours"), validators=[Optional(), NumberRange(1, 1000)])
    description = TextAreaField(_l("What you offer (materials, tools)"), filters=[strip],
                                validators=[Length(max=2000)])
    reward = SelectField(_l("Thank-you"), filters=[strip], validators=[Optional()])
    is_anonymous = BooleanField(_l("Show me as anonymous on the campaign page"))


def kind_choices(card_enabled: bool):
    choices = [SelectChoice("offline", _l("Money, paid by bank transfer or invoice")),
               SelectChoice("material", _l("Materials or tools")),
               SelectChoice("hours", _l("Volunteer hours"))]
    if card_enabled:
        choices.insert(0, SelectChoice("card", _l("Money by card (charged only if the "
                                                  "campaign succeeds)")))
    return choices


class UpdateForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        InputRequired(_l("Give the update a title.")), Length(max=160)])
    body = TextAreaField(_l("Text"), filters=[strip], validators=[
        InputRequired(_l("Write the update.")), Length(max=8000)])


class CloseForm(FlaskForm):
    reason = TextAreaField(_l("Why close the campaign now?"), filters=[strip], validators=[
        InputRequired(_l("Give a reason for closing the campaign early.")), Length(max=2000)],
        description=_l("The team sees the reason, and it stays in the project's history."))


class RefundForm(FlaskForm):
    amount = MoneyField(_l("Amount to refund (kr)"), validators=[
        InputRequired(_l("Give the amount."))])
    reason = TextAreaField(_l("Reason"), filters=[strip], validators=[
        InputRequired(_l("Give a reason.")), Length(max=2000)])
    # Set by the confirmation page: only a confirmed refund moves money.
    confirmed = HiddenField()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed.data == "yes"


class BankAccountForm(NulCheckedForm):
    """The municipality's account for offline pledges."""

    bank_account = AccountField(
        _l("Account for bank transfers"), filters=[strip],
        validators=[Length(max=40), account_number],
        description=_l("Backers who promise money pay it here with a KID, unless the campaign "
                       "names its own account. Empty: the team tells backers how to pay."))


RATIO_MESSAGE = _l("Write the match ratio as a whole number from 1 to 1000, like 100 or 50.")


class RatioField(WholeNumberField):
    """A match ratio in whole percent, with one message for whatever is wrong with it
    (not "not an integer" run together with "must be between")."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(RATIO_MESSAGE) from exc

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the message above is the whole answer


class MatchFundForm(NulCheckedForm):
    name = StringField(_l("Name of the fund"), filters=[strip], validators=[
        InputRequired(_l("Name the fund.")), Length(max=120)])
    ratio_percent = RatioField(_l("Match ratio (%)"), default=100, validators=[
        InputRequired(RATIO_MESSAGE), NumberRange(1, 1000, RATIO_MESSAGE)],
        description=_l("100 doubles each krone; 50 adds half."))
    cap_per_project = MoneyField(_l("Cap per project (kr)"), validators=[InputRequired()])
    cap_per_pledge = MoneyField(_l("Cap per pledge (kr)"), validators=[InputRequired()])
