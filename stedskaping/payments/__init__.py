"""Payment gateways behind one interface: Stripe when keys are configured, else offline."""
