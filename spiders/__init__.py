"""Spiders: discovery only (start pages, listings, pagination, article links)."""
