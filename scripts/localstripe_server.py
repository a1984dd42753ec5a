"""Run localstripe (a fake Stripe, from PyPI) on 127.0.0.1 for trying card pledges locally.

Usage: python scripts/localstripe_server.py PORT WEBHOOK_URL WEBHOOK_SECRET
Used by `make run STRIPE=local`. It keeps nothing on disk and sends its
webhooks to WEBHOOK_URL, signed with WEBHOOK_SECRET.
"""

import sys

from aiohttp import web
from localstripe import resources
from localstripe.server import app
from localstripe.webhooks import register_webhook


def main() -> None:
    port, webhook_url, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    resources.Store.dump_to_disk = lambda self: None
    resources.Store.try_load_from_disk = lambda self: None
    register_webhook("stedskaping", webhook_url, secret, None)
    web.run_app(app, host="127.0.0.1", port=port, print=lambda *_: None)


if __name__ == "__main__":
    main()
