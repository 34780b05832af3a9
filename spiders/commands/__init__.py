"""Project commands (`COMMANDS_MODULE`): `crawl` with an exit status that says whether the run
was healthy."""
