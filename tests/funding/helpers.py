from stedskaping.funding import operations
from stedskaping.payments.gateway import gateway

VISA = "4242424242424242"
DECLINED = "4000000000000341"
AUTHENTICATE = "4000002500003155"


def card_pledge(campaign, backer, amount, number=VISA, **kwargs):
    """A card pledge as the browser makes it: SetupIntent, card confirmed, server checks."""
    record = operations.pledge(campaign, backer, operations.NewPledge(
        kind="card", amount=amount, **kwargs))
    operations.card_setup(record)
    client = gateway().client
    method = client.v1.payment_methods.create(params={"type": "card", "card": {
        "number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}})
    intent = client.v1.setup_intents.confirm(record.stripe_setup_intent_id,
                                             params={"payment_method": method.id})
    if intent.status == "requires_action":  # 3-D Secure: the backer confirms in the browser
        client.v1.setup_intents.confirm(record.stripe_setup_intent_id)
    operations.card_saved(record)
    return record


def charges_of(record) -> list:
    """Succeeded charges Stripe holds for the pledge's customer."""
    charges = gateway().client.v1.charges.list(params={"customer": record.stripe_customer_id})
    return [c for c in charges.data if c.status == "succeeded"]
