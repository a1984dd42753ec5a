"""The one blueprint of the participation pages; each part adds its views to it."""

from flask import Blueprint

bp = Blueprint("participation", __name__)
