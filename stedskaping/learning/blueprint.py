"""The one blueprint of the learning pages; each part adds its views to it."""

from flask import Blueprint

bp = Blueprint("learning", __name__)
