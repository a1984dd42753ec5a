"""What pages need to know of card payments: whether cards are taken, and what
Stripe.js in the browser is given. No Stripe client here: views import this module,
never ``payments.gateway`` (tests/core/test_architecture.py checks it)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class CardSettings:
    enabled: bool
    publishable_key: str | None = None
    js_url: str | None = None


def card_settings() -> CardSettings:
    """Cards are taken when both Stripe keys are configured (as ``gateway.init_app``)."""
    cfg = current_app.config
    if not (cfg.get("STRIPE_SECRET_KEY") and cfg.get("STRIPE_PUBLISHABLE_KEY")):
        return CardSettings(False)
    return CardSettings(True, cfg["STRIPE_PUBLISHABLE_KEY"], cfg["STRIPE_JS_URL"])
