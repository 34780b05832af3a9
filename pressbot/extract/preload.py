"""Imported by what starts extraction workers, before they start: the extraction code, with its
patterns compiled (from the cache of compiled patterns where there is one: `_page`), so that
no worker compiles them itself. The crawl's forkserver imports it (`spiders.extraction`), and
`pressbot parse` through `pressbot.offline.work` (its workers fork from that process, or from a
forkserver that imported it)."""

from pressbot.extract import _page

_page()
