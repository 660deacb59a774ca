"""Sino-Korean readings of the Hanja most used in Korean personal and place names.

Chinese characters in a query are read twice: in Mandarin (pypinyin) for Chinese names, and with
these readings for Korean names written in Hanja (金正恩 -> 김정은 -> KIM JONG UN). The readings are the
standard dictionary ones in their North Korean form (no initial-sound law: 李 리, 龍 룡); 金 as a
surname is 김. Checked against the `hanja` package's table: every entry agrees except the surname
readings 金 김 (table 금), 沈 심 (table 침) and the North Korean 任 림 (table 임). A character missing here leaves the Korean reading out; Mandarin still works.
"""
from __future__ import annotations

READINGS: dict[str, str] = dict(zip(
    "金正恩日成與崔龍海朴奉珠李炳哲英永南洙吉光善哲秀明浩鎭鎮國民勇容鐵石星淑姬熙惠玉順貞愛美"
    "泰東赫賢賢虎虎植澤宅亨賢俊峻元源原載在宰基起吉一二三仁忍用勝承昌昌昌洪洪韓玄蔡趙曺張姜康"
    "尹吳禹延安黃許文孫裵白宋全田鄭申申權千方孔柳劉河廉任林羅徐池車朱周具高梁楊盧魯嚴沈沈元"
    "太大德道斗先平和會學洛萬",
    "김정은일성여최룡해박봉주리병철영영남수길광선철수명호진진국민용용철석성숙희희혜옥순정애미"
    "태동혁현현호호식택택형현준준원원원재재재기기길일이삼인인용승승창창창홍홍한현채조조장강강"
    "윤오우연안황허문손배백송전전정신신권천방공류류하렴림림라서지차주주구고량양로로엄심심원"
    "태대덕도두선평화회학락만"))
