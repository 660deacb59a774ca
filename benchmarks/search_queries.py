"""The screening evaluation set: queries with known targets, built deterministically from the real lists.

    python benchmarks/search_queries.py          # rewrites benchmarks/search_quality_queries.csv

Names come from OFAC's SDN list of 2024-05-03 (sdn.csv) with the aliases of 2025-12-24 (alt.csv) and
the UN consolidated list (../shared/data). A seeded random generator (SEED) picks entries and writes
each query one way a screener meets the name:

- typo: one letter deleted, inserted, replaced or two swapped, in a word of 5+ letters;
- romanisation_korean: DPRK-programme names rewritten syllable by syllable from McCune-Reischauer (as
  OFAC spells them) to Revised Romanization or the common South Korean spelling (MR_TO_RR);
- romanisation_chinese: Pinyin names rewritten in Wade-Giles (pinyin_to_wade_giles), and Wade-Giles
  ones in Pinyin;
- company_form: CORPORATION <-> CORP, COMPANY LIMITED <-> Co., Ltd., SHIPPING <-> SHPG ...;
- word_order: words rotated (surname last) and "of" inserted or dropped;
- run_together: two words written as one (SergeiLavrov, Sugil);
- script_hangul: DPRK names written in Hangul through MR_TO_RR's Hangul column;
- script_chinese: Korean names written in Hanja (real, published ones, HANJA_NAMES) and Chinese names
  in characters (HANZI);
- script_cyrillic: the UN list's own Cyrillic original-script names (the benchmark store leaves those
  aliases out) and Russian names written back in Cyrillic (LATIN_TO_CYRILLIC);
- issue: the examples quoted in issue 17.

A query's targets are the entry it was made from plus any entry (OFAC or UN) whose name is the same
once folded: the same person on both lists.
"""
from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data"
SDN = SHARED / "ofac" / "2024-05-03" / "sdn.csv"
ALT = SHARED / "ofac" / "2025-12-24" / "alt.csv"
UN = SHARED / "un" / "consolidated.xml"
OUT = Path(__file__).resolve().parent / "search_quality_queries.csv"
SEED = 17

# McCune-Reischauer syllable (OFAC's spelling) -> (Revised Romanization / common spelling, Hangul)
MR_TO_RR: dict[str, tuple[str, str]] = {
    "KWANG": ("Gwang", "광"), "SON": ("Seon", "선"), "CHOL": ("Cheol", "철"), "JONG": ("Jeong", "정"),
    "KYONG": ("Gyeong", "경"), "THAEK": ("Taek", "택"), "HYON": ("Hyeon", "현"), "YONG": ("Yeong", "영"),
    "PYONG": ("Pyeong", "평"), "MYONG": ("Myeong", "명"), "SONG": ("Seong", "성"), "CHON": ("Cheon", "천"),
    "HYOK": ("Hyeok", "혁"), "RYONG": ("Ryong", "룡"), "SOK": ("Seok", "석"), "KUK": ("Guk", "국"),
    "KIL": ("Gil", "길"), "GIL": ("Gil", "길"), "KUM": ("Geum", "금"), "TONG": ("Dong", "동"), "KO": ("Go", "고"),
    "KU": ("Gu", "구"), "KANG": ("Gang", "강"), "PAK": ("Park", "박"), "CHOE": ("Choi", "최"), "RI": ("Lee", "리"),
    "CHO": ("Jo", "조"), "CHU": ("Ju", "주"), "CHANG": ("Jang", "장"), "CHIN": ("Jin", "진"), "TOK": ("Deok", "덕"),
    "PONG": ("Bong", "봉"), "POK": ("Bok", "복"), "KON": ("Geon", "건"), "KI": ("Gi", "기"), "TU": ("Du", "두"),
    "TO": ("Do", "도"), "PU": ("Bu", "부"), "CHI": ("Ji", "지"), "KWON": ("Gwon", "권"), "SU": ("Su", "수"),
    "IL": ("Il", "일"), "HO": ("Ho", "호"), "NAM": ("Nam", "남"), "JIN": ("Jin", "진"), "UN": ("Eun", "은"),
    "HUI": ("Hui", "희"), "HWA": ("Hwa", "화"), "SIK": ("Sik", "식"), "SUN": ("Sun", "순"), "BONG": ("Bong", "봉"),
    "MIN": ("Min", "민"), "HAN": ("Han", "한"), "YUN": ("Yun", "윤"), "O": ("Oh", "오"), "SO": ("Seo", "서"),
    "SIN": ("Shin", "신"), "HWANG": ("Hwang", "황"), "AN": ("An", "안"), "HONG": ("Hong", "홍"),
    "JON": ("Jeon", "전"), "MUN": ("Mun", "문"), "YANG": ("Yang", "양"), "PAEK": ("Baek", "백"),
    "RYU": ("Ryu", "류"), "CHA": ("Cha", "차"), "JU": ("Ju", "주"), "JANG": ("Jang", "장"), "HYE": ("Hye", "혜"),
    "YO": ("Yeo", "여"), "KYU": ("Gyu", "규"), "KWAN": ("Gwan", "관"), "HAK": ("Hak", "학"),
    "HYONG": ("Hyeong", "형"), "RIM": ("Rim", "림"), "JO": ("Jo", "조"), "JAE": ("Jae", "재"), "U": ("U", "우"),
    "WON": ("Won", "원"), "CHUN": ("Chun", "춘"), "RAK": ("Rak", "락"), "HUN": ("Hun", "훈"),
    "HUNG": ("Heung", "흥"), "PHIL": ("Pil", "필"), "PIL": ("Pil", "필"), "SAM": ("Sam", "삼"), "KIM": ("Kim", "김"),
    "HYOK": ("Hyeok", "혁"), "YOL": ("Yeol", "열"), "RYOL": ("Ryeol", "렬"), "MYON": ("Myeon", "면"),
    "CHAN": ("Chan", "찬"), "THAE": ("Tae", "태"), "TAE": ("Dae", "대"), "HAE": ("Hae", "해"),
    "SONGS": ("", ""),
}
MR_TO_RR.pop("SONGS")
# Real, published Hanja names of DPRK officials on the lists -> the OFAC name they should find.
HANJA_NAMES = {"金正恩": "KIM, Jong Un", "金與正": "KIM, Yo Jong", "崔龍海": "CHOE, Ryong Hae",
               "朴奉珠": "PAK, Pong Ju", "李炳哲": "RI, Pyong Chol", "金英哲": "KIM, Yong Chol",
               "崔善姬": "CHOE, Son Hui", "李善權": "RI, Son Gwon"}
# A common character for each Pinyin syllable used in Chinese names (for script_chinese queries).
HANZI = {"chen": "陈", "wang": "王", "li": "李", "zhang": "张", "liu": "刘", "yang": "杨", "huang": "黄",
         "zhao": "赵", "wu": "吴", "zhou": "周", "xu": "徐", "sun": "孙", "ma": "马", "zhu": "朱", "hu": "胡",
         "guo": "郭", "he": "何", "lin": "林", "gao": "高", "luo": "罗", "zheng": "郑", "liang": "梁", "xie": "谢",
         "song": "宋", "tang": "唐", "han": "韩", "feng": "冯", "deng": "邓", "cao": "曹", "peng": "彭",
         "xiao": "肖", "tian": "田", "dong": "董", "pan": "潘", "yuan": "袁", "cai": "蔡", "jiang": "江",
         "yu": "于", "du": "杜", "ye": "叶", "wei": "伟", "su": "苏", "lu": "陆", "ding": "丁", "shen": "沈",
         "jin": "金", "fang": "方", "shi": "石", "qin": "秦", "mei": "美", "xiang": "香", "hua": "华",
         "ming": "明", "jian": "建", "jun": "军", "hong": "红", "ping": "平", "hai": "海", "yong": "勇",
         "jie": "杰", "tao": "涛", "bin": "斌", "hui": "辉", "qiang": "强", "yan": "燕", "xin": "新",
         "ling": "玲", "qing": "青", "wen": "文", "zhi": "志", "yi": "一", "fei": "飞", "long": "龙", "bo": "波",
         "yun": "云", "kai": "凯", "sheng": "生", "de": "德", "ning": "宁", "rong": "荣", "bao": "宝",
         "an": "安", "hao": "浩", "xiong": "雄", "fu": "福", "guang": "光", "xiu": "秀", "juan": "娟",
         "min": "敏", "qi": "琪", "xia": "霞", "dan": "丹", "chun": "春", "lei": "磊", "gang": "刚",
         "zhen": "珍", "zi": "子", "xue": "雪", "kun": "坤", "yuan2": "元", "jia": "佳", "lan": "兰",
         "mao": "毛", "ren": "任", "shan": "山", "ying": "英", "cheng": "成", "xing": "星", "di": "迪",
         "qiu": "秋", "yao": "姚", "tong": "同", "liao": "廖", "fan": "范", "meng": "孟", "bai": "白"}
HANZI.pop("yuan2")
WG_INITIALS = [("zh", "ch"), ("ch", "ch'"), ("sh", "sh"), ("b", "p"), ("p", "p'"), ("d", "t"), ("t", "t'"),
               ("g", "k"), ("k", "k'"), ("j", "ch"), ("q", "ch'"), ("x", "hs"), ("z", "ts"), ("c", "ts'"),
               ("r", "j")]
WG_FINALS = [("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("ie", "ieh"), ("ui", "uei"), ("uo", "o")]
LATIN_TO_CYRILLIC = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
                     ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("iy", "ий"), ("ey", "ей"),
                     ("ay", "ай"), ("oy", "ой"), ("ei", "ей"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
                     ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("y", "ы"), ("k", "к"), ("l", "л"),
                     ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"),
                     ("u", "у"), ("f", "ф"), ("h", "х")]
COMPANY_SWAPS = [("CORPORATION", "Corp."), ("CORP", "Corporation"), ("COMPANY LIMITED", "Co., Ltd."),
                 ("CO LTD", "Company Limited"), ("CO., LTD.", "Company Limited"), ("SHIPPING", "Shpg"),
                 ("SHPG", "Shipping"), ("LIMITED", "Ltd"), ("LTD", "Limited"), ("COMPANY", "Co."),
                 ("TRADING", "Trdg"), ("INTERNATIONAL", "Intl"), ("INCORPORATED", "Inc."),
                 ("LIMITED LIABILITY COMPANY", "LLC"), ("JOINT STOCK COMPANY", "JSC"), ("JSC", "Joint Stock Company"),
                 ("LLC", "Limited Liability Company")]
ISSUE = [("Kim Su Gill", "KIM, Su Gil"), ("Reconnaisance General Bureau", "RECONNAISSANCE GENERAL BUREAU"),
         ("VLADIMR PUTIN", "PUTIN, Vladimir Vladimirovich"), ("Korea Gwangseon Banking Corp", "KOREA KWANGSON BANKING CORP"),
         ("Joseon Expo", "CHOSUN EXPO"), ("Goryeo Bank", "KORYO BANK"), ("Jeong Gyeong-taek", "JONG, Kyong Thaek"),
         ("Chen Meixiang", "CHEN, Mei Hsiang"), ("Korea Kwangson Banking Corporation", "KOREA KWANGSON BANKING CORP"),
         ("General Bureau of Reconnaissance", "RECONNAISSANCE GENERAL BUREAU"), ("SergeiLavrov", "LAVROV, Sergei Viktorovich"),
         ("Korean Polish Shipping Co., Ltd.", "KOREAN POLISH SHPG CO LTD"), ("김정은", "KIM, Jong Un"),
         ("金正恩", "KIM, Jong Un"), ("Путин", "PUTIN, Vladimir Vladimirovich")]
QUOTAS = {"typo": 40, "romanisation_korean": 35, "romanisation_chinese": 15, "company_form": 30, "word_order": 25,
          "run_together": 20, "script_hangul": 15, "script_chinese": 12, "script_cyrillic": 20}


def load_entries():
    """[(key, name, type, programs, aliases)] for OFAC (2024-05-03 + 2025-12-24 aliases) and the UN list."""
    from models.importers.ofac_csv import parse_ofac_csv
    from models.importers.un_xml import parse_un_xml

    ofac = parse_ofac_csv(SDN, {"ofac_alt_csv": ALT}, "2024-05-03").entries
    un = parse_un_xml(UN, None).entries
    return [(f"OFAC:{e.source_id}", e) for e in ofac] + [(f"UN:{e.source_id}", e) for e in un]


def folded_words(text: str) -> tuple[str, ...]:
    from models.matching.normalise import fold

    return tuple(sorted(fold(text).split()))


def segment(word: str, table) -> list[str] | None:
    """Split an upper-case word into table syllables (longest first), or None."""
    if not word:
        return []
    for n in range(min(6, len(word)), 0, -1):
        if word[:n] in table:
            rest = segment(word[n:], table)
            if rest is not None:
                return [word[:n]] + rest
    return None


def pinyin_to_wade_giles(syllable: str) -> str:
    s = syllable.lower()
    special = {"zhi": "chih", "chi": "ch'ih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tz'u", "si": "ssu",
               "you": "yu", "yan": "yen", "ye": "yeh", "yong": "yung", "he": "ho", "ke": "k'o", "ge": "ko", "e": "o"}
    if s in special:
        return special[s]
    initial = ""
    for a, b in WG_INITIALS:
        if s.startswith(a):
            initial, s = b, s[len(a):]
            break
    for a, b in WG_FINALS:
        if s.endswith(a):
            s = s[: -len(a)] + b
            break
    return initial + s


def to_cyrillic(word: str) -> str:
    w, out = word.lower(), ""
    while w:
        for a, b in LATIN_TO_CYRILLIC:
            if w.startswith(a):
                out, w = out + b, w[len(a):]
                break
        else:
            out, w = out + w[0], w[1:]
    return out.capitalize()


def natural(name: str) -> str:
    """'KIM, Su Gil' -> 'Su Gil KIM' (as people write it outside lists)."""
    if "," in name:
        last, first = name.split(",", 1)
        return f"{first.strip()} {last.strip()}"
    return name


def typo(rng: random.Random, name: str) -> str | None:
    words = name.split()
    long_ = [i for i, w in enumerate(words) if len(re.sub(r"[^A-Za-z]", "", w)) >= 5 and w.isalpha()]
    if not long_:
        return None
    i = rng.choice(long_)
    w = words[i]
    p = rng.randrange(1, len(w) - 1)
    op = rng.choice(["delete", "insert", "replace", "swap"])
    letter = rng.choice("aeioulnrst").upper() if w.isupper() else rng.choice("aeioulnrst")
    w = {"delete": w[:p] + w[p + 1:], "insert": w[:p] + letter + w[p:], "replace": w[:p] + letter + w[p + 1:],
         "swap": w[:p - 1] + w[p] + w[p - 1] + w[p + 1:]}[op]
    if w == words[i]:
        return None
    words[i] = w
    return " ".join(words)


def romanise_korean(name: str, script: bool = False) -> str | None:
    words = re.sub(r"[,]", " ", name).replace("-", " ").split()
    out, changed = [], False
    for word in words:
        parts = segment(word.upper().replace("'", ""), MR_TO_RR)
        if parts is None:
            return None
        spelled = [MR_TO_RR[p][1 if script else 0] for p in parts]
        changed |= any(MR_TO_RR[p][0].upper() != p for p in parts)
        out.append("".join(spelled) if script else "".join(spelled).capitalize())
    if script:
        surname, given = out[0], "".join(out[1:])
        return surname + given
    return " ".join(out) if changed else None


def company(name: str) -> str | None:
    upper = name.upper()
    for a, b in COMPANY_SWAPS:
        if re.search(rf"(?<![A-Z]){re.escape(a)}(?![A-Z])", upper):
            return re.sub(rf"(?<![A-Z]){re.escape(a)}(?![A-Z])", b, upper, count=1).title()
    return None


def word_order(rng: random.Random, name: str, kind: str) -> str | None:
    if kind == "individual" and "," in name:
        return natural(name)
    words = name.replace(",", " ").split()
    if len(words) < 3:
        return None
    if "OF" in words:
        return " ".join(w for w in words if w != "OF")
    k = rng.randrange(1, len(words))
    return " ".join(words[k:] + ["of"] + words[:k]).title()


def run_together(rng: random.Random, name: str) -> str | None:
    words = natural(name).replace("-", " ").split()
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return None
    i = rng.randrange(len(words) - 1)
    joined = words[i].capitalize() + words[i + 1].capitalize() if rng.random() < 0.5 else \
        (words[i] + words[i + 1]).lower()
    return " ".join(words[:i] + [joined] + words[i + 2:])


def build() -> list[dict]:
    from pypinyin import lazy_pinyin

    rng = random.Random(SEED)
    entries = load_entries()
    by_words: dict[tuple, list[str]] = {}
    for key, e in entries:
        by_words.setdefault(folded_words(e.name), []).append(key)

    def targets(key: str, name: str) -> str:
        return "|".join(sorted(set([key] + by_words.get(folded_words(name), []))))

    by_name = {e.name: key for key, e in entries}
    rows: list[dict] = []
    used: set[str] = set()

    def add(kind: str, query: str, key: str, name: str) -> None:
        rows.append({"kind": kind, "query": query, "targets": targets(key, name), "target_name": name})
        used.add(key)

    for query, name in ISSUE:
        if name in by_name:
            add("issue", query, by_name[name], name)
    ofac = [(k, e) for k, e in entries if k.startswith("OFAC:")]
    order = list(range(len(ofac)))
    rng.shuffle(order)
    pool = [ofac[i] for i in order]
    dprk = [(k, e) for k, e in pool if any(p.startswith("DPRK") for p in e.programs)]
    counts = dict.fromkeys(QUOTAS, 0)

    def take(kind: str, candidates, make) -> None:
        for key, e in candidates:
            if counts[kind] >= QUOTAS[kind]:
                return
            if key in used or e.type in ("vessel", "aircraft") and kind not in ("typo",):
                continue
            query = make(e)
            if query and folded_words(query) != folded_words(e.name):
                add(kind, query, key, e.name)
                counts[kind] += 1

    take("typo", pool, lambda e: typo(rng, natural(e.name) if rng.random() < 0.5 else e.name))
    take("romanisation_korean", [x for x in dprk if x[1].type == "individual" or "KOR" in x[1].name.upper()],
         lambda e: romanise_korean(e.name))
    pinyin_words = {s for s in HANZI}
    chinese = [(k, e) for k, e in pool if e.type == "individual" and "," in e.name
               and all(segment(w.lower(), pinyin_words) for w in e.name.replace(",", " ").replace("-", " ").split())]
    take("romanisation_chinese", chinese, lambda e: " ".join(
        "".join(pinyin_to_wade_giles(s) for s in segment(w.lower(), pinyin_words)).capitalize()
        for w in natural(e.name).replace("-", " ").split()))
    take("company_form", [x for x in pool if x[1].type == "entity"], lambda e: company(e.name))
    take("word_order", pool, lambda e: word_order(rng, e.name, e.type))
    take("run_together", [x for x in pool if x[1].type == "individual"], lambda e: run_together(rng, e.name))
    take("script_hangul", [x for x in dprk if x[1].type == "individual"], lambda e: romanise_korean(e.name, True))
    for hanja, name in HANJA_NAMES.items():
        if name in by_name and counts["script_chinese"] < QUOTAS["script_chinese"]:
            add("script_chinese", hanja, by_name[name], name)
            counts["script_chinese"] += 1

    def hanzi(e) -> str | None:
        last, first = e.name.split(",", 1)
        syllables = [s for w in (last + " " + first).replace("-", " ").split() for s in segment(w.lower(), pinyin_words)]
        text = "".join(HANZI[s] for s in syllables)
        return text if lazy_pinyin(text) == syllables else None
    take("script_chinese", chinese, hanzi)
    un_cyrillic = [(k, e) for k, e in entries if k.startswith("UN:")]
    for key, e in un_cyrillic:
        for alias, kind, _q in e.aliases:
            if kind == "original script" and re.search("[\u0400-\u04ff]", alias) and e.type == "individual":
                add("script_cyrillic", alias, key, e.name)
                counts["script_cyrillic"] += 1
    russian = [(k, e) for k, e in pool if e.type == "individual" and any("RUSSIA" in p for p in e.programs)
               and "," in e.name and all(w.isalpha() for w in e.name.replace(",", " ").split())]
    take("script_cyrillic", russian, lambda e: " ".join(to_cyrillic(w) for w in natural(e.name).split()))
    return rows


def main() -> int:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["kind", "query", "targets", "target_name"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"wrote {len(rows)} queries to {OUT.name}: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
