"""Closing a campaign: charge every saved card exactly once, or release them all.

This is a job, not a request: it commits after each step so that a crash
leaves a record of how far it got, and running it again finishes the same
close without charging anybody twice:

1. The campaign goes from live to closing, and whether the minimum was reached
   is decided and stored once.
2. Success: for each saved card, the idempotency key (from the pledge) is
   stored and committed *before* the charge is sent. A pledge found "charging"
   on a rerun is looked up at Stripe (by its intent, or among its customer's
   intents) before anything is sent again. Offline promises become due.
   Failure: nobody is charged; pledges are released and backers told (the
   ``release_cards`` job detaches the cards at Stripe).
3. The project moves on through the engine (to realisation, or back to planning),
   and the team is told the result.

Before each batch of charges the close checks that the round is still closing:
a project paused meanwhile makes the close wait (it resumes with the project);
a project cancelled meanwhile ends it: what Stripe already charged stays on
record (for a refund), everything else is released.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.db import db, unit_of_work, utcnow
from stedskaping.engine.machine import EngineError
from stedskaping.funding.charges import apply_charge, mail, mail_receipts
from stedskaping.funding.models import (
    CARD,
    OFFLINE,
    PLEDGE_MOVES,
    Campaign,
    CampaignStatus,
    Pledge,
    PledgeStatus,
    move,
)
from stedskaping.funding.operations import crowdfunding_stage
from stedskaping.funding.totals import totals
from stedskaping.notifications.operations import queue_mail
from stedskaping.payments.gateway import ChargeResult, gateway, interpret
from stedskaping.projects import events, process
from stedskaping.projects.models import Project

log = logging.getLogger(__name__)


@dataclass
class CloseReport:
    campaign_id: int
    minimum_reached: bool | None = None
    paid: int = 0
    failed: int = 0
    action_required: int = 0
    released: int = 0
    already_closed: bool = False
    waiting: bool = False  # the project is paused: the close waits
    stopped: bool = False  # the project was cancelled or paused while charging
    project_state: str | None = None
    notes: list[str] = field(default_factory=list)


def close_campaign(campaign_id: int) -> CloseReport:
    """Close a campaign (at its closing date, or after an early close was asked for);
    safe to rerun. Runs in the scheduler's job (or `flask funding close`), never in a
    request: it talks to Stripe and commits as it goes."""
    report = CloseReport(campaign_id)
    with unit_of_work():
        campaign = _locked(campaign_id)
        leftover = (campaign.status == CampaignStatus.FAILED
                    and _pledge_ids(campaign_id, (PledgeStatus.CHARGING,)))
        if campaign.status not in (CampaignStatus.LIVE, CampaignStatus.CLOSING):
            report.already_closed = True
        elif _project_waits(campaign.project):
            report.waiting = True
        else:
            if campaign.status == CampaignStatus.LIVE:
                sums = totals(campaign)
                move(campaign, CampaignStatus.CLOSING)
                campaign.closed_dt = utcnow()
                campaign.is_minimum_reached = sums.minimum_reached
                campaign.counted_amount = sums.counted
            report.minimum_reached = campaign.is_minimum_reached
    if report.already_closed or report.waiting:
        if leftover:  # cancelled while a close was charging: finish what was started
            _abandon_charging(campaign_id, report)
        return report
    if report.minimum_reached:
        _charge_all(campaign_id, report)
    else:
        _release_all(campaign_id, report)
    if not report.stopped:
        _finish(campaign_id, report)
    return report


def _project_waits(project) -> bool:
    """A paused project's close waits until it is resumed."""
    workflow = process.workflow_for(project).workflow
    return bool(workflow.side_state(project.state)) and not workflow.is_final(project.state)


def _locked(campaign_id: int) -> Campaign:
    return db.session.scalar(sa.select(Campaign).where(Campaign.id == campaign_id)
                             .with_for_update().execution_options(populate_existing=True))


def _pledge_ids(campaign_id: int, statuses, kind=CARD) -> list[int]:
    return list(db.session.scalars(sa.select(Pledge.id).where(
        Pledge.campaign_id == campaign_id, Pledge.kind == kind,
        Pledge.status.in_(statuses)).order_by(Pledge.id)))


def _charge_all(campaign_id: int, report: CloseReport) -> None:
    with unit_of_work():  # every key is stored before any charge is sent
        resumed = set(_pledge_ids(campaign_id, (PledgeStatus.CHARGING,)))
        _mark_charging(campaign_id)
    calls = db.session.execute(sa.select(
        Pledge.id, Pledge.stripe_customer_id, Pledge.stripe_payment_method_id, Pledge.amount,
        Pledge.idempotency_key, Pledge.stripe_payment_intent_id, Campaign.currency,
    ).join(Campaign).where(Pledge.campaign_id == campaign_id, Pledge.kind == CARD,
                           Pledge.status == PledgeStatus.CHARGING).order_by(Pledge.id)).all()
    db.session.rollback()  # end the read; each batch below is its own transaction
    for start in range(0, len(calls), RECORD_BATCH):
        if not _still_closing(campaign_id):  # cancelled or paused meanwhile: stop charging
            report.stopped = True
            if _campaign_status(campaign_id) == CampaignStatus.FAILED:
                _abandon_charging(campaign_id, report)
            return
        outcomes: list[tuple[int, ChargeResult]] = []
        for pledge_id, customer, method, amount, key, intent, currency in \
                calls[start:start + RECORD_BATCH]:
            # Only a pledge an earlier run left "charging" may already be charged: look first.
            result = (_earlier_attempt(intent, customer, pledge_id)
                      if pledge_id in resumed else None)
            if result is None:
                result = gateway().charge(customer_id=customer, payment_method_id=method,
                                          amount=amount, currency=currency,
                                          idempotency_key=key, pledge_id=pledge_id)
            outcomes.append((pledge_id, result))
        _record(outcomes, report)
    with unit_of_work():
        for pledge in db.session.scalars(sa.select(Pledge).where(
                Pledge.campaign_id == campaign_id, Pledge.kind == OFFLINE,
                Pledge.status == PledgeStatus.PROMISED)):
            move(pledge, PledgeStatus.DUE)
            mail(pledge, "pledge_due", _l("Time to pay your pledge"))
        for pledge in db.session.scalars(sa.select(Pledge).where(
                Pledge.campaign_id == campaign_id, Pledge.kind == CARD,
                Pledge.status == PledgeStatus.PENDING_SETUP)):
            move(pledge, PledgeStatus.RELEASED)  # never saved: nothing to charge
            pledge.matched_amount = 0


def _mark_charging(campaign_id: int) -> None:
    """Store each saved card's idempotency key and move it to charging: a bulk move,
    so only from the table's sources of charging."""
    db.session.execute(
        sa.update(Pledge)
        .where(Pledge.campaign_id == campaign_id, Pledge.kind == CARD,
               Pledge.status.in_(PLEDGE_MOVES[CARD].sources(PledgeStatus.CHARGING)))
        .values(status=PledgeStatus.CHARGING, idempotency_key=sa.literal("pledge-")
                + sa.cast(Pledge.id, sa.String) + sa.literal("-charge"))
        .execution_options(synchronize_session=False))


# Outcomes are written in batches: a crash loses at most one batch of answers, and
# those pledges, still "charging", are looked up at Stripe on the next run. Before each
# batch the close checks that the project was not cancelled or paused meanwhile.
RECORD_BATCH = 50


def _campaign_status(campaign_id: int) -> CampaignStatus:
    status = db.session.scalar(sa.select(Campaign.status).where(Campaign.id == campaign_id))
    db.session.rollback()  # end the read: Stripe calls follow
    return status


def _still_closing(campaign_id: int) -> bool:
    with unit_of_work():
        campaign = db.session.get(Campaign, campaign_id, populate_existing=True)
        return campaign.status == CampaignStatus.CLOSING and not _project_waits(campaign.project)


def _abandon_charging(campaign_id: int, report: CloseReport) -> None:
    """The round ended while charges were under way: keep what Stripe charged (on
    record, for a refund), release every pledge that was not charged."""
    rows = db.session.execute(sa.select(
        Pledge.id, Pledge.stripe_payment_intent_id, Pledge.stripe_customer_id).where(
        Pledge.campaign_id == campaign_id, Pledge.status == PledgeStatus.CHARGING)).all()
    db.session.rollback()
    outcomes = []
    for pledge_id, intent, customer in rows:
        result = _earlier_attempt(intent, customer, pledge_id)
        if result is not None:
            outcomes.append((pledge_id, result))
    _record(outcomes, report)
    charged = {pid for pid, _r in outcomes}
    with unit_of_work():
        for pledge in db.session.scalars(sa.select(Pledge).where(
                Pledge.campaign_id == campaign_id, Pledge.status == PledgeStatus.CHARGING)):
            if pledge.id in charged:
                continue
            move(pledge, PledgeStatus.RELEASED)  # its card: the release_cards job
            pledge.matched_amount = 0
            report.released += 1


def _record(outcomes: list[tuple[int, ChargeResult]], report: CloseReport) -> None:
    if not outcomes:
        return
    with unit_of_work():
        intents = {pid: result.intent_id for pid, result in outcomes
                   if result.status == "succeeded"}
        # A bulk move to paid, only from the table's sources of paid (never from refunded).
        sources = PLEDGE_MOVES[CARD].sources(PledgeStatus.PAID)
        # Lock the rows first: a webhook marking one of them paid at the same time waits,
        # then finds it paid, so each backer gets exactly one receipt.
        newly_paid = list(db.session.scalars(sa.select(Pledge.id).where(
            Pledge.id.in_(list(intents)), Pledge.status.in_(sources)).with_for_update()
        )) if intents else []
        if newly_paid:
            table = Pledge.__table__
            db.session.execute(  # through the session: the page cache hears of it
                table.update()
                .where(table.c.id == sa.bindparam("pid"),  # executemany: no expanding IN
                       sa.or_(*(table.c.status == source for source in sources)))
                .values(status=PledgeStatus.PAID, stripe_payment_intent_id=sa.bindparam("intent"),
                        paid_dt=utcnow(), failure_reason=None, stripe_client_secret=None,
                        browser_confirmed_dt=None),
                [{"pid": pid, "intent": intents[pid]} for pid in newly_paid])
            mail_receipts(newly_paid)
        for pid, result in outcomes:
            if result.status != "succeeded":  # declines and 3-D Secure: mail the backer
                apply_charge(db.session.get(Pledge, pid, with_for_update=True), result)
    for _pid, result in outcomes:
        if result.status == "succeeded":
            report.paid += 1
        elif result.status == "requires_action":
            report.action_required += 1
        else:
            report.failed += 1


def _earlier_attempt(intent_id: str | None, customer_id: str, pledge_id: int):
    """What a crashed earlier run already did at Stripe for this pledge, if anything."""
    pay = gateway()
    if intent_id:
        return interpret(pay.payment_intent(intent_id))
    for intent in pay.payment_intents_of(customer_id):
        metadata = intent.metadata.to_dict() if intent.metadata else {}
        if metadata.get("pledge_id") == str(pledge_id):
            return interpret(intent)
    return None


def _release_all(campaign_id: int, report: CloseReport) -> None:
    with unit_of_work():  # saved cards are detached by the release_cards job
        for pledge in db.session.scalars(sa.select(Pledge).where(
                Pledge.campaign_id == campaign_id,
                # Offers of materials and hours go too: a new round asks again.
                Pledge.status.in_((PledgeStatus.SAVED, PledgeStatus.PENDING_SETUP,
                                   PledgeStatus.PROMISED, PledgeStatus.OFFERED,
                                   PledgeStatus.ACCEPTED)))):
            move(pledge, PledgeStatus.RELEASED)
            pledge.matched_amount = 0
            mail(pledge, "campaign_failed", _l("The campaign did not reach its minimum"))
            report.released += 1


def _finish(campaign_id: int, report: CloseReport) -> None:
    with unit_of_work():
        campaign = _locked(campaign_id)
        if campaign.status != CampaignStatus.CLOSING:
            return
        project = campaign.project
        workflow = process.workflow_for(project).workflow
        trigger = workflow.role("campaign_succeeded" if campaign.is_minimum_reached
                                else "campaign_failed")
        stage = crowdfunding_stage(project)
        if trigger and project.state == stage:
            try:
                dest = process.advance(project, trigger, process.SYSTEM, campaign.close_reason)
            except EngineError as error:  # recorded; the close itself is complete
                report.notes.append(str(error))
            else:  # in the project's activity, as a step by hand would be
                events.record(project, None, "transition", stage_key=dest,
                              source=stage, trigger=trigger,
                              comment=campaign.close_reason)
        move(campaign, CampaignStatus.SUCCEEDED if campaign.is_minimum_reached
             else CampaignStatus.FAILED)
        report.project_state = project.state
        _tell_team(campaign)


def _tell_team(campaign: Campaign) -> None:
    project = campaign.project
    # After a success, what the charges really brought in (declines count no more).
    counted = totals(campaign).counted if campaign.is_minimum_reached else \
        campaign.counted_amount or 0
    for member in project.members:
        user = member.user
        queue_mail(kind="campaign_closed", recipient=user.email, user_id=user.id,
                   locale=user.locale, template="campaign_closed", project=project,
                   campaign=campaign, counted=counted,
                   subject=_l("The campaign for %(title)s reached its minimum",
                              title=project.title) if campaign.is_minimum_reached else
                   _l("The campaign for %(title)s did not reach its minimum",
                      title=project.title))


def due_campaigns(today: date) -> list[int]:
    """Campaigns whose closing date has passed, whose close was asked for or interrupted
    (unless the project is paused), and ended rounds with charges still to settle."""
    charging = sa.exists().where(Pledge.campaign_id == Campaign.id,
                                 Pledge.status == PledgeStatus.CHARGING)
    return list(db.session.scalars(
        sa.select(Campaign.id).join(Project, Project.id == Campaign.project_id).where(sa.or_(
            sa.and_(Campaign.status == CampaignStatus.LIVE, Campaign.closes_on < today),
            sa.and_(Campaign.status == CampaignStatus.CLOSING, Project.paused_from.is_(None)),
            sa.and_(Campaign.status == CampaignStatus.FAILED, charging)))
        .order_by(Campaign.id)))
