"""Coverage-guided fuzz target (atheris) for `pressbot.extract`, run by hand:

    python -m pip install atheris
    python fuzz/extract_target.py -seed_corpus   # writes fuzz/corpus/ from fixtures/ (once)
    python fuzz/extract_target.py fuzz/corpus -max_total_time=600

Any exception escaping `extract(..., raise_errors=True)`, or a published record that breaks the
schema or cannot be written as UTF-8 JSON, is a crash that libFuzzer saves as `crash-*`.
The property tests in tests/test_fuzz.py check the same properties on every CI run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
CORPUS = HERE / "corpus"


def write_seed_corpus() -> int:
    """Seed inputs: every fixture page as served, plus the demo site's pages."""
    CORPUS.mkdir(exist_ok=True)
    pages = sorted(FIXTURES.glob("*/*/body.html")) + sorted(FIXTURES.glob("demo/site/**/*.html"))
    for number, path in enumerate(pages):
        (CORPUS / f"seed-{number:03d}").write_bytes(path.read_bytes())
    print(f"wrote {len(pages)} seed inputs to {CORPUS}")
    return 0


def main() -> int:
    if sys.argv[1:] == ["-seed_corpus"]:
        return write_seed_corpus()
    import atheris  # noqa: PLC0415 - only needed when fuzzing

    with atheris.instrument_imports():  # imports inside: atheris instruments them
        from pressbot import extract  # noqa: PLC0415
        from pressbot.schema import record_errors  # noqa: PLC0415

    def one_input(data: bytes) -> None:
        article = extract(data, "http://example.cn/2020-06/02/c_1.htm", raise_errors=True)
        if article.is_article:
            record = article.to_dict()
            errors = list(record_errors(record))
            if errors:
                raise AssertionError(errors)
            json.dumps(record, ensure_ascii=False).encode("utf-8")

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
