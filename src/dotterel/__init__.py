"""dotterel: news text to PLOVER political event records, offline."""

from .coder import Coder, classify, code
from .model import Actor, Article, Event, Location, Trigger
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Coder",
    "Event",
    "Location",
    "Settings",
    "Trigger",
    "__version__",
    "classify",
    "code",
]
