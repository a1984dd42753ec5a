"""The payment gateway: Stripe (stripe-python) when configured, otherwise none.

Only what crowdfunding needs: a customer per card pledge, a SetupIntent to save
the card (confirmed by Stripe.js in the browser), an off-session PaymentIntent
to charge it at the close, refunds, and look-ups for reconciliation.

Every call runs in a job or a command, after the commit of the request that asked
for it (docs/architecture.md, "The commit boundary"). A call made while a request
is being handled is a bug: it raises ``StripeInRequest`` when the app is testing,
and is logged as an error in production (and still made, so nobody's payment is
lost to the check).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, request

from stedskaping.links import handling_request

log = logging.getLogger(__name__)

# stripe-python is imported only when Stripe is configured (it takes a while to import):
# StripeGateway imports it, and `gateway.StripeError` and the like load it on first use.
# Errors of a call to Stripe: `StripeError`; the TRANSIENT ones are tried again by the
# next run of the job (with the same idempotency key), the others are Stripe's answer.
_STRIPE_NAMES = {"StripeError", "CardError", "SignatureVerificationError", "Webhook"}


def __getattr__(name: str):
    if name in _STRIPE_NAMES:
        import stripe

        return getattr(stripe, name)
    if name == "TRANSIENT":
        import stripe

        return (stripe.APIConnectionError, stripe.RateLimitError)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class GatewayUnavailable(RuntimeError):
    """Card payments are not configured (the embedded default)."""


class StripeInRequest(RuntimeError):
    """A Stripe call made while a request is being handled (see the module's docstring)."""


def outside_requests(what: str) -> None:
    """Refuse (testing) or log (production) a Stripe call inside a request."""
    if not handling_request():
        return
    message = f"Stripe call {what} inside the request {request.method} {request.path}"
    if current_app.testing:
        raise StripeInRequest(message)
    log.error("%s: Stripe calls belong in jobs (docs/architecture.md)", message)


@dataclass(frozen=True)
class ChargeResult:
    intent_id: str | None
    status: str  # succeeded, requires_action, failed
    error_code: str | None = None
    message: str | None = None
    client_secret: str | None = None


class OfflineGateway:
    enabled = False

    def __getattr__(self, name):
        raise GatewayUnavailable("card payments are not configured")


class StripeGateway:
    """Stripe through stripe-python; ``api_base`` points it at localstripe in tests."""

    enabled = True

    def __init__(self, secret_key: str, publishable_key: str, js_url: str,
                 api_base: str | None = None, timing=None):
        import stripe

        options = {"base_addresses": {"api": api_base}} if api_base else {}
        self.client = stripe.StripeClient(secret_key, **options)
        self.publishable_key = publishable_key
        self.js_url = js_url
        # Time spent waiting for Stripe (benchmarks/campaign_close.py reads it).
        self.seconds_in_stripe = 0.0

    def _timed(self, call, *args, **kwargs):
        outside_requests(getattr(call, "__qualname__", repr(call)))
        start = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            self.seconds_in_stripe += time.perf_counter() - start

    def create_customer(self, *, email: str, name: str, pledge_id: int) -> str:
        customer = self._timed(self.client.v1.customers.create, params={
            "email": email, "name": name, "metadata": {"pledge_id": str(pledge_id)}},
            options={"idempotency_key": f"pledge-{pledge_id}-customer"})
        return customer.id

    def create_setup_intent(self, *, customer_id: str, pledge_id: int) -> tuple[str, str]:
        intent = self._timed(self.client.v1.setup_intents.create, params={
            "customer": customer_id, "usage": "off_session",
            "payment_method_types": ["card"], "metadata": {"pledge_id": str(pledge_id)}},
            options={"idempotency_key": f"pledge-{pledge_id}-setup"})
        return intent.id, intent.client_secret

    def setup_intent(self, intent_id: str):
        return self._timed(self.client.v1.setup_intents.retrieve, intent_id)

    def payment_intent(self, intent_id: str):
        return self._timed(self.client.v1.payment_intents.retrieve, intent_id)

    def payment_intents_of(self, customer_id: str) -> list:
        """The intents already charged to a customer (found through its charges)."""
        charges = self._timed(self.client.v1.charges.list,
                              params={"customer": customer_id, "limit": 10}).data
        ids = dict.fromkeys(c.payment_intent for c in charges if c.payment_intent)
        return [self.payment_intent(intent_id) for intent_id in ids]

    def charge(self, *, customer_id: str, payment_method_id: str, amount: int, currency: str,
               idempotency_key: str, pledge_id: int) -> ChargeResult:
        """Charge a saved card off-session; a decline is a result, not an exception."""
        import stripe

        try:
            intent = self._timed(self.client.v1.payment_intents.create, params={
                "amount": amount, "currency": currency.lower(), "customer": customer_id,
                "payment_method": payment_method_id, "off_session": True, "confirm": True,
                "metadata": {"pledge_id": str(pledge_id)}},
                options={"idempotency_key": idempotency_key})
        except stripe.CardError as error:
            err = error.error
            intent = getattr(err, "payment_intent", None)
            code = getattr(err, "code", None) or "card_declined"
            status = "requires_action" if code == "authentication_required" else "failed"
            return ChargeResult(intent_id=getattr(intent, "id", None), status=status,
                                error_code=code, message=getattr(err, "message", None),
                                client_secret=getattr(intent, "client_secret", None))
        return interpret(intent)

    def refund(self, *, payment_intent_id: str, amount: int, idempotency_key: str,
               refund_id: int) -> str:
        refund = self._timed(self.client.v1.refunds.create, params={
            "payment_intent": payment_intent_id, "amount": amount,
            "metadata": {"refund_id": str(refund_id)}},
            options={"idempotency_key": idempotency_key})
        return refund.id

    def refund_made(self, *, payment_intent_id: str, refund_id: int) -> str | None:
        """The Stripe id of our refund ``refund_id`` if an earlier attempt made it."""
        refunds = self._timed(self.client.v1.refunds.list, params={
            "payment_intent": payment_intent_id, "limit": 100}).data
        for result in refunds:
            metadata = result.metadata.to_dict() if result.metadata else {}
            if metadata.get("refund_id") == str(refund_id) and result.status != "failed":
                return result.id
        return None

    def cancel_payment(self, payment_intent_id: str) -> None:
        """Cancel a payment that waits for the backer, so it can no longer succeed."""
        self._timed(self.client.v1.payment_intents.cancel, payment_intent_id)

    def cancel_setup(self, setup_intent_id: str) -> None:
        """Cancel a SetupIntent never confirmed, so the card form can no longer save it."""
        self._timed(self.client.v1.setup_intents.cancel, setup_intent_id)

    def release(self, payment_method_id: str) -> None:
        """Forget a saved card (the campaign failed or the pledge was cancelled)."""
        self._timed(self.client.v1.payment_methods.detach, payment_method_id)


def interpret(intent) -> ChargeResult:
    status = intent.status
    error = getattr(intent, "last_payment_error", None)
    code = getattr(error, "code", None) if error else None
    if status == "succeeded":
        return ChargeResult(intent.id, "succeeded")
    if status == "requires_action" or code == "authentication_required":
        return ChargeResult(intent.id, "requires_action", code, None, intent.client_secret)
    if status in ("processing", "requires_capture"):
        return ChargeResult(intent.id, "processing")
    return ChargeResult(intent.id, "failed", code or "card_declined",
                        getattr(error, "message", None) if error else None)


def gateway():
    return current_app.extensions["stedskaping.payments"]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def init_app(app) -> None:
    cfg = app.config
    if cfg.get("STRIPE_SECRET_KEY") and cfg.get("STRIPE_PUBLISHABLE_KEY"):
        app.extensions["stedskaping.payments"] = StripeGateway(
            cfg["STRIPE_SECRET_KEY"], cfg["STRIPE_PUBLISHABLE_KEY"], cfg["STRIPE_JS_URL"],
            cfg.get("STRIPE_API_BASE"))
        # Stripe.js runs in the page and talks to Stripe: allow exactly those origins.
        js, api = origin(cfg["STRIPE_JS_URL"]), origin(cfg.get("STRIPE_API_BASE")
                                                       or "https://api.stripe.com")
        cfg["CSP_EXTRA_SCRIPT_SRC"] = (*cfg["CSP_EXTRA_SCRIPT_SRC"], js)
        cfg["CSP_EXTRA_FRAME_SRC"] = (*cfg["CSP_EXTRA_FRAME_SRC"], js, "https://hooks.stripe.com")
        cfg["CSP_EXTRA_CONNECT_SRC"] = (*cfg["CSP_EXTRA_CONNECT_SRC"], api, js)
    else:
        app.extensions["stedskaping.payments"] = OfflineGateway()
