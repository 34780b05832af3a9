"""SimHash and its block-permutation index keys: the guarantees the stores rely on."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pressbot.dedup.index import BlockScheme
from pressbot.dedup.keys import (
    _TOKEN,
    _split,
    body_keys,
    content_hash,
    hamming,
    nfkc,
    simhash,
    to_signed64,
    to_unsigned64,
    tokens,
)

ARTICLE = (
    "6月4日，港城市2020年老旧小区改造工作全面启动。今年全市计划改造2000年以前建成的老旧小区146个，"
    "涉及居民3.1万户，总投资约9.8亿元，年底前全部完成主体改造。\n"
    "本轮改造分为基础类、完善类和提升类三类内容。基础类重点解决供水、排水、供电、燃气等管网老化和"
    "屋面渗漏问题；完善类包括加装电梯、增设停车位、建设充电设施和无障碍设施。\n"
    "市住房和城乡建设局有关负责人表示，老旧小区改造要坚持先地下、后地上，合理安排施工时序，"
    "最大限度减少对居民生活的影响。"
)
OTHER = (
    "记者从港城市人力资源和社会保障局获悉，港城2020年夏季大型招聘会将于6月20日在市国际会展中心举办，"
    "届时将有320余家用人单位提供就业岗位8000余个，涵盖制造、信息技术、金融、教育等多个行业。\n"
    "今年的招聘会首次采用线上加线下同步举办的方式，求职者可通过手机投递简历、预约面试。"
)

fingerprints = st.integers(min_value=0, max_value=(1 << 64) - 1)


@given(fingerprints, st.lists(st.integers(0, 63), max_size=3), st.sampled_from([0, 4, 5]))
def test_a_fingerprint_within_distance_shares_a_key(
    fingerprint: int, bits: list[int], parts: int
) -> None:
    scheme = BlockScheme(3, parts)
    near = fingerprint
    for bit in bits:
        near ^= 1 << bit
    assert set(scheme.keys(fingerprint)) & set(scheme.keys(near))


@given(fingerprints)
def test_each_table_has_its_own_key_space(fingerprint: int) -> None:
    scheme = BlockScheme(3, 5)
    assert scheme.tables == 10
    keys = scheme.keys(fingerprint)
    assert len({key >> 48 for key in keys}) == 10
    assert all(0 <= key < 1 << 63 for key in keys), "keys fit SQLite's signed integers"


@given(fingerprints)
def test_signed_storage_round_trips(fingerprint: int) -> None:
    signed = to_signed64(fingerprint)
    assert -(1 << 63) <= signed < 1 << 63
    assert to_unsigned64(signed) == fingerprint


@pytest.mark.parametrize(("distance", "parts"), [(-1, 0), (3, 3), (40, 0)])
def test_impossible_schemes_are_refused(distance: int, parts: int) -> None:
    with pytest.raises(ValueError, match=r"distance|blocks"):
        BlockScheme(distance, parts)


def test_width_and_spacing_do_not_change_the_fingerprint() -> None:
    swapped = ARTICLE.replace("，", ",").replace("。", ".").replace("、", ",")
    assert simhash(swapped) == simhash(ARTICLE)
    assert simhash(ARTICLE.replace("\n", "\n\n  ")) == simhash(ARTICLE)


def test_a_credit_line_or_a_changed_word_keeps_a_copy_near() -> None:
    assert hamming(simhash(ARTICLE), simhash(ARTICLE + "\n（责任编辑：王晓明）")) <= 3
    assert hamming(simhash(ARTICLE), simhash(ARTICLE.replace("全面启动", "正式开始"))) <= 3


def test_different_articles_are_far_apart() -> None:
    assert hamming(simhash(ARTICLE), simhash(OTHER)) > 10
    assert simhash("") == 0


def test_tokens_lower_letters_whose_case_depends_on_context_word_by_word() -> None:
    # Lowering the whole text would make the sigma before "'" medial (σ) and split "İ" off
    # as "i" + a combining dot; stored fingerprints were made word by word.
    assert tokens("ΟΔΟΣ'Α") == ["οδος", "α"]
    assert tokens("İSTANBUL Press") == ["i\u0307stanbul", "press"]
    assert tokens("ABC Ünï 新华") == ["abc", "ünï", "新", "华"]


_TRICKY = (
    "ab_Z9 ,.-\n\u00e9\u0661\u00b2\u2160\u0300\u200b"  # words, digits of other scripts, marks
    "\u4e00\u3400\u4dbf\u9fff\uf900\ufa6d\ufa6e\ufaff"  # CJK, with unassigned ones at the ends
    "\u3040\u3041\u3099\u309b\u30a0\u30fb\u30ff\uac00\ud7a4\u3007\uff0c\uff21"  # kana marks, Hangul
)


_ENGLISH = "ab_Z9 ,.-'\n\t\x0b\x1f\u00e9\u2019\u2018\u201c\u201d\u2014\u2013"
"""English text's characters, its curly quotes and dashes among them (a faster path)."""


@given(
    st.text(alphabet=_TRICKY, max_size=40)
    | st.text(alphabet=_ENGLISH, max_size=40)
    | st.text(max_size=40)
)
def test_split_finds_the_tokens_of_the_token_regex(text: str) -> None:
    # Stored fingerprints were made with the regex: the fast split must find the very same
    # tokens, also around CJK-range characters that are no word characters (・, ゛, U+FA6E).
    assert _split(text) == _TOKEN.findall(text)


@given(st.text(max_size=80))
def test_body_keys_are_the_content_hash_and_simhash_of_the_body(body: str) -> None:
    assert body_keys(body) == (content_hash(body), f"{simhash(body):016x}")


_NORMALIZING = (
    "，：；！？（）％\u3000Ａａ１ﬁé=<,:(%e\u0301\u0338\u3099\u309a\u1100\u1161\u11a8か字 "
)
"""Full-width marks, with combining marks and jamo after them (which compose with some
characters), and characters NFKC leaves alone."""


@given(st.text(alphabet=_NORMALIZING, max_size=30) | st.text(max_size=30))
def test_nfkc_is_unicodedatas(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
