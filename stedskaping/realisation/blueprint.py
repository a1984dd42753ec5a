"""The one blueprint of the realisation pages; each part adds its views to it."""

from flask import Blueprint

bp = Blueprint("realisation", __name__)
