"""The fixed lists of the catalogue: VIPU's five hallmarks, the themes a nomination
chooses from, the sustainability dimensions, and the ranges the filters offer."""

from __future__ import annotations

from stedskaping.text import _l

# The five hallmarks of a good practice (the Finnish VIPU programme), in order.
HALLMARKS = (
    ("dimensions", _l("Impact on more than one sustainability dimension"),
     _l("Social, ecological, economic or cultural: which ones, and how?")),
    ("demand", _l("Demand in other places"),
     _l("Have other neighbourhoods or municipalities asked for it, or could they use it?")),
    ("verifiable", _l("Verifiable outcomes"),
     _l("What can be shown: counts, the evaluations, photos, figures.")),
    ("stakeholders", _l("Stakeholders involved at every stage"),
     _l("Who took part from the idea to the evaluation?")),
    ("documented", _l("Careful documentation"),
     _l("Can someone else repeat it from what was written down?")),
)
HALLMARK_KEYS = tuple(key for key, _label, _help in HALLMARKS)

THEMES = (
    ("meeting_place", _l("Meeting place")), ("play", _l("Play and activity")),
    ("green", _l("Green space and growing")), ("culture", _l("Culture and stage")),
    ("paths", _l("Paths and access")), ("shelter", _l("Shelter and outdoor rooms")),
)
DIMENSIONS = (("social", _l("Social")), ("ecological", _l("Ecological")),
              ("economic", _l("Economic")), ("cultural", _l("Cultural")))
SEASONS = (("winter", _l("Winter")), ("spring", _l("Spring")), ("summer", _l("Summer")),
           ("autumn", _l("Autumn")))
# (key, lowest, highest), in øre and people: lowest included, highest not; None: no bound.
COST_RANGES = (("small", None, 5_000_000), ("medium", 5_000_000, 20_000_000),
               ("large", 20_000_000, None))
GROUP_RANGES = (("small", None, 20), ("medium", 20, 51), ("large", 51, None))


def cost_choices() -> list[tuple[str, str]]:
    """The cost ranges with their labels, the amounts in the reader's style."""
    from flask_babel import gettext as _

    from stedskaping.formats import money

    return [("small", _("Under %(amount)s", amount=money(5_000_000))),
            ("medium", _("%(low)s to %(high)s", low=money(5_000_000), high=money(20_000_000))),
            ("large", _("Over %(amount)s", amount=money(20_000_000)))]


def group_choices() -> list[tuple[str, str]]:
    from flask_babel import gettext as _

    return [("small", _("Fewer than %(n)d people", n=20)),
            ("medium", _("%(low)d to %(high)d people", low=20, high=50)),
            ("large", _("More than %(n)d people", n=50))]


def label(pairs, key):
    return next((p[1] for p in pairs if p[0] == key), key)


def season_of(day) -> str:
    return ("winter", "spring", "summer", "autumn")[(day.month % 12) // 3]
