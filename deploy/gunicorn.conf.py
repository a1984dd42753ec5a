"""gunicorn's settings for stedskaping-web.service (docs/deploy.md).

    gunicorn --config /etc/stedskaping/gunicorn.conf.py 'stedskaping:create_app()'
"""

import multiprocessing
import os

bind = os.environ.get("STEDSKAPING_BIND", "127.0.0.1:8000")
# Workers are processes with one thread each: the app keeps nothing in memory between
# requests, so any number of them, on any number of hosts, can serve any request.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A worker silent for 20 s is ended and replaced: the backstop for what no other limit
# catches (a database server that hangs while its host still acknowledges the packets).
# The database timeouts (connect 5 s, statement 10 s, pool 5 s) answer a 503 before it.
timeout = 20
graceful_timeout = 30
keepalive = 5
# Replace each worker now and then, so that slow growth in memory cannot pile up.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# Only the local reverse proxy may say which client and scheme a request came from
# (the app reads X-Forwarded-* itself with STEDSKAPING_PROXY_FIX_COUNT=1).
forwarded_allow_ips = "127.0.0.1"
