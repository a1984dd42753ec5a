"""Garbage to every form, query string and address of the app never answers 500.

For each role (anonymous, backer, team member, initiator, facilitator, admin) the
test crawls the pages it can reach and parses every form on them (tests/fuzz/crawl.py).
Then, always with a valid CSRF token:

1. the sweep: each distinct form once, each field in turn set to the worst values for
   its kind (NUL, whitespace only, 10^30, 99 999 999 999, CR/LF, 20 001 characters,
   0001-01-01, 9999-12-31, unknown options) while the other fields stay plausible;
2. hypothesis: every form of every role, one to three fields replaced by generated
   garbage, missing or sent twice, now and then an unknown field;
3. every query string seen (and ?lang= and ?next= everywhere) with garbage;
4. every POST action of the URL map with real ids, whether this role or the
   project's state offers it or not;
5. every integer in an address past the 32- and 64-bit range, and NUL, CR/LF and
   long text in every other part of an address.

Every answer must be below 500. Each request runs in a savepoint rolled back after it,
so no example depends on another. The normal suite runs a few hypothesis examples per
form, derandomised; FUZZ_EXAMPLES=200 runs that many per form with a random seed.
A failure lists each (endpoint, error) once with the role, the address and the data.
"""

from __future__ import annotations

import os
import random
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from stedskaping.projects.process import workflows
from tests.fuzz import crawl, values, world
from tests.fuzz.harness import Harness

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 0)
FORM_EXAMPLES = EXAMPLES or 2  # per form and role
QUERY_EXAMPLES = EXAMPLES or 2  # per endpoint with a query string, per role
SWEEP_ORDER = ("initiator", "team_member", "facilitator", "backer", "anonymous", "admin")
BIG_INTS = ("0", "2147483647", "2147483648", "9223372036854775808", "1" + "0" * 30,
            "9" * 5000)
BAD_SEGMENTS = ("a\x00b", "%00", "x%0d%0ay", "..", "æøå", "z" * 500)


def _settings(examples: int):
    # The harness records failures rather than raising, so there is nothing to shrink.
    return settings(max_examples=examples, deadline=None, database=None,
                    derandomize=not EXAMPLES, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def site(stripe_app, stripe_ctx, db, monkeypatch):
    from localstripe import resources

    # Hypothesis seeds the global random module for each example; localstripe makes its
    # ids with it, so two examples would make the same refund id ("409 Conflict").
    monkeypatch.setattr(resources, "random", random.SystemRandom())
    data = world.build(stripe_app)
    harness = Harness(stripe_app)
    for role in world.ROLES:
        harness.sign_in(role, data.users[role])
    seeds = [*data.extra_urls, "/", *crawl.outbox_links(),
             *(url for _rule, url in crawl.rule_urls(stripe_app, {"GET"}))]
    sites = {role: crawl.crawl(stripe_app, harness.clients[role], seeds)
             for role in world.ROLES}
    harness.keep_cookies()
    return harness, sites


def _token(found, method):
    return found.csrf_token if method == "POST" else None


def _send(harness, role, method, url, pairs, token):
    harness.attempt(role, method, url, values.to_multidict(pairs, token), values.show(pairs))


def _sweep(harness, sites, today):
    """Each distinct form once, by the first role in SWEEP_ORDER that was offered it."""
    done = set()
    for role in SWEEP_ORDER:
        found = sites[role]
        for form in found.forms:
            key = (form.method, form.action.split("?")[0], form.names)
            if key not in done:
                done.add(key)
                for pairs in values.sweep(form, today):
                    _send(harness, role, form.method, form.action, pairs,
                          _token(found, form.method))


def _each_target(harness, role, targets, examples, make):
    """About ``examples`` hypothesis examples for each target, in one run (a run per
    target costs more than its requests). ``make(target)`` gives (strategy, send)."""
    if not targets:
        return

    @_settings(examples * len(targets))
    @given(st.integers(0, len(targets) - 1), st.data())
    def run(index, data):
        strategy, send = make(targets[index])
        send(data.draw(strategy))

    run()


def _fuzz_forms(harness, role, found, today):
    def make(form):
        return values.form_data(form, today), lambda pairs: _send(
            harness, role, form.method, form.action, pairs, _token(found, form.method))

    _each_target(harness, role, found.forms, FORM_EXAMPLES, make)


def _fuzz_queries(harness, role, found):
    def make(target):
        path, names = target
        keys = sorted(names | {"lang", "next"})
        strategy = st.lists(st.tuples(st.sampled_from(keys), values.garbage()), min_size=1,
                            max_size=4)
        return strategy, lambda pairs: harness.attempt(
            role, "GET", path + "?" + urlencode(pairs), shown=values.show(pairs))

    _each_target(harness, role, list(found.queries.values()), QUERY_EXAMPLES, make)


def _string_pools() -> dict[str, list[str]]:
    """Real values for the text parts of addresses, from the workflows."""
    triggers, stages, tasks = set(), set(), set()
    for compiled in workflows().all():
        workflow = compiled.workflow
        triggers |= {t.trigger for t in workflow.transitions}
        for stage in workflow.stages:
            stages.add(stage.key)
            tasks |= {t.key for t in stage.tasks}
    return {"trigger": sorted(triggers), "stage_key": sorted(stages),
            "task_key": sorted(tasks)[:2]}


def _every_action(harness, app, role, token):
    """POST each action of the URL map with real ids, offered to this role or not."""
    pools = _string_pools()
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("static", "funding.stripe_webhook"):
            continue
        ints = crawl.int_arguments(rule)
        combos = [{}]
        for name in rule.arguments:
            choices = crawl.ids_for(name, 3) if name in ints else pools.get(name, ["demo"])
            combos = [{**c, name: v} for c in combos for v in choices]
        for args in combos[::max(1, len(combos) // 8)]:
            url = rule.build(args, append_unknown=False)[1]
            harness.attempt(role, "POST", url, {"csrf_token": token or "", "comment": "x",
                                                "decision": "approve", "answer": "accept"})


def _bad_addresses(harness, app, role, token):
    """Integers past the column range and NUL / CR LF in every kind of address part."""
    marker, number = "FUZZMARK", 7777777
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments:
            continue
        ints = crawl.int_arguments(rule)
        method = "GET" if "GET" in rule.methods else "POST"
        data = {"csrf_token": token or ""} if method == "POST" else None
        for name in rule.arguments:
            args = {n: (crawl.ids_for(n, 1)[0] if n in ints else "demo") for n in rule.arguments}
            args[name] = number if name in ints else marker
            url = rule.build(args, append_unknown=False)[1]
            for bad in BIG_INTS if name in ints else BAD_SEGMENTS:
                typed = bad if bad.startswith("%") else quote(bad, safe="")
                harness.attempt(role, method, url.replace(marker, typed).replace(
                    str(number), typed), data)


def test_no_answer_is_a_server_error(site, stripe_app):
    harness, sites = site
    today = date.today()
    _sweep(harness, sites, today)
    for role, found in sites.items():
        assert found.forms, f"{role} found no form"
        _fuzz_forms(harness, role, found, today)
        _fuzz_queries(harness, role, found)
        _every_action(harness, stripe_app, role, found.csrf_token)
    _bad_addresses(harness, stripe_app, "admin", sites["admin"].csrf_token)
    print(f"\n{harness.requests} requests; forms per role:",
          {role: len(found.forms) for role, found in sites.items()})
    assert not harness.failures, harness.report()
