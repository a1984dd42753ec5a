"""Translatable text for code that must not depend on Flask (the engine).

``_l("Required tasks are still open: %(tasks)s.", tasks=...)`` marks a message
for extraction (babel.cfg reads ``_l``) and returns a lazy string, translated
when it is turned into text, in the language of that moment. The app factory
plugs in the translation (Flask-Babel's ``gettext``) with ``use_translator``;
without one (a script, a benchmark) messages stay in English. It behaves like
Flask-Babel's ``lazy_gettext``, so pages and forms treat both alike.
"""

from __future__ import annotations

from collections.abc import Callable

from babel.support import LazyProxy


def _untranslated(message: str, **variables) -> str:
    return message % variables if variables else message


_translator: Callable[..., str] = _untranslated


def use_translator(translate: Callable[..., str]) -> None:
    """Set ``translate(message, **variables) -> str`` (done once by the app factory)."""
    global _translator
    _translator = translate


def _translate(message: str, variables: dict) -> str:
    return _translator(message, **variables)


def lazy_gettext(message: str, **variables) -> LazyProxy:
    """A message translated when it is shown (see the module docstring)."""
    return LazyProxy(_translate, message, variables, enable_cache=False)


_l = lazy_gettext


# --- msgids translated later -------------------------------------------------------------
# A notice is stored as its kind and parameters and rendered when it is read, in the
# reader's language of that moment, so its texts are declared as bare msgids:
# ``mark.gettext("...")`` and ``mark.ngettext("one", "many")`` return them untranslated
# and are found by pybabel's default keywords (gettext, ngettext).


class Plural(tuple):
    """A msgid with its plural: ``(singular, plural)``, chosen by the ``num`` parameter."""

    __slots__ = ()

    def __new__(cls, singular: str, plural: str):
        return super().__new__(cls, (singular, plural))


class _Mark:
    @staticmethod
    def gettext(message: str) -> str:
        return message

    @staticmethod
    def ngettext(singular: str, plural: str) -> Plural:
        return Plural(singular, plural)


mark = _Mark()
