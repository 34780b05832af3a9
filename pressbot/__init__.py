"""pressbot: press releases and news articles to clean, normalised records."""

from pressbot.extract import extract
from pressbot.items import SCHEMA_VERSION, Article

__all__ = ["SCHEMA_VERSION", "Article", "extract"]
__version__ = "0.1.0"
