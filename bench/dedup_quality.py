"""Near-duplicate quality on a syndication set built from real article bodies.

From the gold bodies of `../shared/corpus` (gne: Chinese news and government pages, aeb: English
news), each article is published once by its "site" (one HTML template for all of them: distinct
articles from the same site and template), then republished by other outlets in other templates
with, per copy: nothing else; a credit line added; a paragraph dropped; full-width/half-width
punctuation swapped; a share of the tokens (up to 10 %) substituted, inserted or deleted; and
all of these at once. Every page goes through `pressbot.extract`, `pressbot.dedup.near_keys` and a
fresh SQLite dedup store exactly as in a crawl (near keys only for bodies of 50+ tokens; SimHash
within k bits, then MinHash with estimated Jaccard >= the threshold).

Prints recall on copies (dropped as a duplicate of their own original) per transformation and
overall, how many of them only stage 2 (MinHash) caught, and false matches: an original dropped
as a copy of another, or a copy attributed to the wrong original; plus the margins: the smallest
SimHash distance and the highest MinHash estimate between two distinct articles.

    python bench/dedup_quality.py [--corpus ../shared/corpus] [--seed 1] [--jaccard 0.5]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pressbot.dedup import near_keys
from pressbot.dedup.keys import band_keys, hamming, jaccard_estimate, tokens
from pressbot.dedup.sqlite import SQLiteDedupStore
from pressbot.evaluate import gold_pages
from pressbot.extract import extract

_PIECE = re.compile(r"[\u3400-\u9fff]|\w+|\W+")
_WORD = re.compile(r"\w")
_FULL = "，。！？：；（）“”"
_HALF = ',.!?:;()""'
TEMPLATES = [
    (
        '<div class="top"><a href="/">首页 Home</a> <a href="/news/">新闻 News</a></div>'
        '<div class="main"><h1>{title}</h1><div class="meta">发布时间：2026-03-02 10:00</div>'
        '<div class="content">{body}</div></div>'
        '<ul class="related"><li><a href="/a/1.html">相关阅读 Related story one</a></li>'
        '<li><a href="/a/2.html">热点 Another headline here</a></li></ul>'
        "<footer>版权所有 Copyright 2026 Site One</footer>"
    ),
    (
        '<header><nav><a href="/">Portal</a> | <a href="/world/">World 国际</a></nav></header>'
        '<article><h2 class="headline">{title}</h2><p class="byline">2026-03-03 08:15</p>'
        '<section class="story">{body}</section></article>'
        '<aside><h3>Most read 最多阅读</h3><a href="/x.html">Something else entirely</a></aside>'
        "<footer>Portal Media 门户网 All rights reserved</footer>"
    ),
    (
        '<table><tr><td class="side"><a href="/">网站首页</a><br><a href="/b/">Business</a></td>'
        '<td class="body"><div class="title">{title}</div><div class="time">2026-03-04</div>'
        '<div id="zoom">{body}</div></td></tr></table><div class="foot">主办单位 Copyright</div>'
    ),
]


def render(template: int, title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    page = TEMPLATES[template].format(title=title, body=paragraphs)
    head = f'<head><meta charset="utf-8"><title>{title}</title></head>'
    return f"<html>{head}<body>{page}</body></html>".encode()


def credit(body: str, zh: bool) -> str:
    line = (
        "（来源：南方日报 编辑：王晓明 责任编辑：李华）"
        if zh
        else "(Source: Daily Post. Editor: J. Smith)"
    )
    return f"{body}\n{line}"


def drop_paragraph(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n")
    if len(paragraphs) >= 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    return "\n".join(paragraphs)


def swap_punctuation(body: str, zh: bool) -> str:
    return body.translate(str.maketrans(_FULL, _HALF) if zh else str.maketrans(_HALF, _FULL))


def edit(body: str, rng: random.Random, vocab: list[str], share: float) -> str:
    pieces = _PIECE.findall(body)
    words = [i for i, p in enumerate(pieces) if _WORD.match(p)]
    for i in rng.sample(words, int(len(words) * share)):
        op, token = rng.random(), rng.choice(vocab)
        sep = "" if re.match(r"[\u3400-\u9fff]", token) else " "
        if op < 0.5:
            pieces[i] = token
        elif op < 0.75:
            pieces[i] = f"{pieces[i]}{sep}{token}"
        else:
            pieces[i] = ""
    return "".join(pieces)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus")
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--distance", type=int, default=3)
    parser.add_argument("--jaccard", type=float, default=0.5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles: list[tuple[str, str, str, bool]] = []  # id, title, body, zh
    seen_bodies: set[str] = set()
    for folder in ("gne", "aeb"):
        for gold, _ in gold_pages(Path(args.corpus) / folder):
            body = (gold.get("body") or "").strip()
            if body and body not in seen_bodies:
                seen_bodies.add(body)
                zh = gold.get("language") == "zh"
                articles.append((gold["id"], gold.get("title") or gold["id"], body, zh))
    if not articles:
        sys.exit(f"no gold pages under {args.corpus}")
    vocab = {
        zh: [t for _, _, b, z in articles if z == zh for t in tokens(b)] for zh in (True, False)
    }

    copies: list[tuple[str, str, str, bytes]] = []  # original id, transformation, url, page
    for art_id, title, body, zh in articles:
        other = 1 + rng.randrange(2)
        share = rng.uniform(0.01, 0.10)
        variants = {
            "template": body,
            "credit line": credit(body, zh),
            "paragraph dropped": drop_paragraph(body, rng),
            "punctuation swapped": swap_punctuation(body, zh),
            "edited <=10%": edit(body, rng, vocab[zh], share),
            "all of these": edit(
                swap_punctuation(credit(drop_paragraph(body, rng), zh), zh), rng, vocab[zh], share
            ),
        }
        for name, text in variants.items():
            url = f"http://copy{other}.example/{art_id}/{len(copies)}.html"
            copies.append((art_id, name, url, render(other, title, text)))

    false_matches: list[str] = []
    found: Counter[str] = Counter()
    stage2: Counter[str] = Counter()
    total: Counter[str] = Counter()
    fingerprints: dict[str, int] = {}
    signatures: dict[str, bytes] = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        SQLiteDedupStore(
            Path(folder) / "state.sqlite3", distance=args.distance, jaccard=args.jaccard
        ) as store,
    ):
        url_of = {}
        for art_id, title, body, _ in articles:
            url = f"http://site.example/{art_id}.html"
            url_of[url] = art_id
            page = extract(render(0, title, body), url)
            near = near_keys(page.body, page.simhash)
            if page.simhash:
                fingerprints[art_id] = int(page.simhash, 16)
            if near.signature:
                signatures[art_id] = near.signature
            result = store.check_and_add(
                url, page.content_hash, url, near.simhash, signature=near.signature
            )
            if result is not None:
                false_matches.append(f"original {art_id} dropped as {result[0]} of {result[1]}")
        for art_id, name, url, raw in copies:
            page = extract(raw, url)
            near = near_keys(page.body, page.simhash)
            by_simhash = near.simhash is not None and store.find_near(int(near.simhash, 16))
            result = store.check_and_add(
                url, page.content_hash, url, near.simhash, signature=near.signature
            )
            total[name] += 1
            if result is None:
                url_of[url] = art_id  # a missed copy is a new "first" of its own story
            elif url_of.get(result[1]) == art_id:
                found[name] += 1
                stage2[name] += result[0] == "duplicate_near" and not by_simhash
            else:
                false_matches.append(f"{name} copy of {art_id} attributed to {result[1]}")

    distinct = [hamming(a, b) for a, b in itertools.combinations(fingerprints.values(), 2)]
    by_site: dict[str, list[int]] = defaultdict(list)
    for art_id, fp in fingerprints.items():
        by_site[art_id.rsplit("-", 1)[0]].append(fp)
    same_site = [
        hamming(a, b) for fps in by_site.values() for a, b in itertools.combinations(fps, 2)
    ]
    estimates = [
        (jaccard_estimate(a, b), bool(set(band_keys(a)) & set(band_keys(b))))
        for a, b in itertools.combinations(signatures.values(), 2)
    ]
    print(
        f"{len(articles)} distinct articles ({sum(a[3] for a in articles)} zh), "
        f"{len(copies)} copies, distance k={args.distance}, Jaccard >= {args.jaccard}, "
        f"seed {args.seed}"
    )
    for name in total:
        print(
            f"  recall {name:<22} {found[name] / total[name]:.3f}  ({found[name]}/{total[name]}; "
            f"stage 2 only: {stage2[name]})"
        )
    recall = sum(found.values()) / sum(total.values())
    print(f"RECALL on copies: {recall:.3f} ({sum(found.values())}/{sum(total.values())})")
    print(f"caught by stage 2 (MinHash) beyond stage 1 (SimHash): {sum(stage2.values())}")
    print(f"FALSE MATCHES: {len(false_matches)}")
    for line in false_matches:
        print(f"  {line}")
    print(
        f"distinct articles: {len(distinct)} pairs, smallest SimHash distance {min(distinct)}, "
        f"pairs within k: {sum(d <= args.distance for d in distinct)}; same site: "
        f"{len(same_site)} pairs, smallest {min(same_site, default='-')}"
    )
    print(
        f"MARGIN: highest MinHash estimate between distinct articles "
        f"{max(e for e, _ in estimates):.3f} (sharing a band: "
        f"{max((e for e, shared in estimates if shared), default=0):.3f}; "
        f"{sum(shared for _, shared in estimates)} of {len(estimates)} pairs share one), "
        f"threshold {args.jaccard}"
    )


if __name__ == "__main__":
    main()
