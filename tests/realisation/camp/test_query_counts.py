"""The camp pages ask the database a fixed number of times, whatever the number of
activities, shifts and volunteers (the programme, a shift's check-in, the ledger)."""

from stedskaping.realisation.shifts import signups
from tests.fixtures.factories import make_user
from tests.realisation.camp.helpers import on_day, plan_activity, plan_shift


def _grow(cast, activities: int, people: int):
    shifts = []
    for n in range(activities):
        activity = plan_activity(cast, day_number=n % 6 + 1, title=f"Activity {n}")
        shift = plan_shift(cast, activity, capacity=people, lead_id=cast["member"].id,
                           is_safety=n == 0)
        for _ in range(people):
            signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())
        shifts.append(shift)
    return shifts


def _count(count_queries, client, url):
    client.get(url)  # warm: the language, the session
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_cost_the_same_with_more_data(cast, login_as, client, count_queries, clock):
    first = _grow(cast, activities=1, people=1)[0]
    on_day(clock, cast["days"][0])  # check-in is open
    login_as(cast["initiator"])
    base = f"/projects/{cast['project'].id}"
    urls = [f"{base}/camp", f"{base}/camp/shifts/{first.id}",
            f"{base}/camp/shifts/{first.id}/check-in", f"{base}/ledger", base]
    small = {url: _count(count_queries, client, url) for url in urls}
    _grow(cast, activities=8, people=4)
    for _ in range(3):
        signups.sign_up(first, cast["project"], make_user(), signups.SignUp())  # waitlisted
    large = {url: _count(count_queries, client, url) for url in urls}
    assert large == small
