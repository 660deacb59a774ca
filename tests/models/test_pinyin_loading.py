"""models.matching.pinyin: pypinyin's phrases loaded in pieces read every text as pypinyin itself does."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TEXTS = ["重庆银行", "朝鲜", "金正恩", "陈美香", "长城", "中国人民银行", "曾国藩", "朝阳贸易有限公司", "乐山", "银行行长"]


def test_the_readings_and_phrase_table_are_pypinyins_own():
    probe = ("import json, sys; from pypinyin import lazy_pinyin; from pypinyin.constants import PHRASES_DICT;"
             f"print(json.dumps([[lazy_pinyin(t) for t in {TEXTS!r}], len(PHRASES_DICT)]))")
    expected, size = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                               check=True).stdout)
    code = ("import json, sys; from models.matching.pinyin import lazy_pinyin;"
            f"readings = [lazy_pinyin(t) for t in {TEXTS!r}];"
            "from pypinyin.constants import PHRASES_DICT; print(json.dumps([readings, len(PHRASES_DICT)]))")
    got, loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                            cwd=Path(__file__).resolve().parents[2]).stdout)
    assert loaded == size > 40000
    assert got == expected
    assert expected[0] == ["chong", "qing", "yin", "hang"]      # the phrase reading (重 alone: zhong)


def test_pieces_are_the_whole_object():
    from models.matching.pinyin import pieces

    text = '{\n"一丁": [\n[\n"yī"\n],\n[\n"dīng"\n]\n],\n"阿爸": [\n[\n"ā"\n],\n[\n"bà"\n]\n],\n"zz": [\n[\n"z"\n]\n]\n}'
    merged: dict = {}
    for piece in pieces(text, count=2):
        merged.update(piece)
    assert merged == json.loads(text)
    assert list(pieces('{"a": [["x"]]}')) == [{"a": [["x"]]}]      # another layout: parsed at once
