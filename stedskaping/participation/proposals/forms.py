from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.participation.proposals.models import ProposalStatus

ANSWER_LABELS = {
    ProposalStatus.SUBMITTED: _l("Waiting for an answer"),
    ProposalStatus.EVALUATING: _l("Being considered"),
    ProposalStatus.ACCEPTED: _l("Accepted into the concept"),
    ProposalStatus.NOT_POSSIBLE: _l("Not possible"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
}


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        InputRequired(_l("Give the proposal a title.")), Length(max=160)])
    body = TextAreaField(_l("Your proposal"), filters=[strip], validators=[
        InputRequired(_l("Describe your proposal."))])
    location = StringField(_l("Where on the place (optional)"), filters=[strip],
                           validators=[Length(max=200)],
                           description=_l("For example 'by the big oak' or 'the corner by "
                                          "the bus stop'."))
    photo = FileField(_l("Photo (optional)"),
                      description=_l("A PNG or JPEG picture."),
                      render_kw={"accept": "image/png,image/jpeg"})


class AnswerForm(FlaskForm):
    status = RadioField(_l("The team's answer"), choices=[
        SelectChoice(str(s), ANSWER_LABELS[s]) for s in (
            ProposalStatus.EVALUATING, ProposalStatus.ACCEPTED, ProposalStatus.NOT_POSSIBLE)],
        validators=[InputRequired(_l("Choose one of the answers."))])
    text = TextAreaField(_l("Answer to the proposer"), filters=[strip],
                         validators=[Length(max=2000)],
                         description=_l("Required when the proposal is not possible: say why."))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why do you withdraw it?"), filters=[strip], validators=[
        InputRequired(_l("Give a reason.")), Length(max=2000)])
