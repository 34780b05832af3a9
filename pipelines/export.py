"""The feed's JSON lines: Scrapy's `JsonLinesItemExporter`, with a record built in one step.

Scrapy's exporter reads an item field by field through `ItemAdapter`, then serialises the nested
`extraction` through a second adapter: 0.3 ms of the crawl process per record, where the whole
record costs it about 2. For an `Article` whose fields have no serializer, this one takes
`Article.to_dict()` and writes the same bytes (`fields_to_export` and the encoder options
included); any other item goes Scrapy's way. Registered for the jsonlines formats in
`FEED_EXPORTERS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from scrapy.exporters import BaseItemExporter, JsonLinesItemExporter

from pressbot.items import Article

_PLAIN = not any("serializer" in f.metadata for f in fields(Article))
_RECORD_ORDER = Article.field_names()


class RecordExporter(JsonLinesItemExporter):
    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        # A serializer anywhere (a field's metadata, an override here) means Scrapy's way.
        self._plain = _PLAIN and type(self).serialize_field is BaseItemExporter.serialize_field

    def export_item(self, item: Any) -> None:
        if type(item) is not Article or not self._plain:
            super().export_item(item)
            return
        record = item.to_dict(copy=False)
        wanted = self.fields_to_export
        if wanted is None or wanted == _RECORD_ORDER:  # the project's feeds: the whole record
            chosen = record
        else:  # as `get_serialized_fields`: renames, and absent fields only if asked for
            pairs = (
                wanted.items()
                if isinstance(wanted, Mapping)
                else ((name, name) if isinstance(name, str) else name for name in wanted)
            )
            chosen = {
                out: record.get(name)
                for name, out in pairs
                if self.export_empty_fields or name in record
            }
        self.file.write((self.encoder.encode(chosen) + "\n").encode(self.encoding or "utf-8"))
