"""A synthetic news corpus for scale runs: Chinese articles about medical-device parks, firms,
investors, hospitals and universities, composed from this project's own sentence templates.

Every name is invented here (brands from syllables, places from a short list of cities); nothing
comes from ../shared. Names are reused the way news reuses them: a pick is a new name now and
then (the long tail, and new names keep arriving over time), otherwise an existing one with a
Zipf-like preference for the well known. Some files are Traditional-script, some GBK-encoded
text, some HTML or JSONL; a few articles are reprints of earlier ones with small changes.
The same seed and size give the same files, byte for byte.

    python benchmarks/synthetic_corpus.py OUT --articles 10000 [--seed 7]
"""
from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from pathlib import Path

import opencc

CITIES = ("上海", "苏州", "深圳", "杭州", "南京", "成都", "武汉", "广州", "天津", "重庆", "西安", "合肥", "长沙", "厦门")
SYLLABLES = "衡知瑞澜泽川禾曜楷珩翊骁铂岚霁朗昀澄璟芮沣钧航睿博远拓溪屿峦桐森熠晗旭晟栎琨淼"
INDUSTRIES = ("医疗科技", "生物科技", "医疗器械", "医学影像", "智能医疗", "生命科学")
LEGAL = ("有限公司", "股份有限公司")
PARK_HEADS = ("医疗器械产业园", "生物医药产业园", "医疗器械创新港", "生命健康产业园", "高端医疗器械产业基地")
INVESTOR_HEADS = ("资本", "创投", "投资", "产业投资基金")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明华建国志强晓东海燕丽萍文博思远嘉怡子涵浩然"
SEGMENTS = ("体外诊断", "医学影像", "手术机器人", "心血管介入", "骨科植入", "超声", "内窥镜", "康复辅具",
            "可穿戴监护设备", "医用材料", "神经介入", "口腔医疗", "眼科医疗器械", "分子诊断")
ROUNDS = ("天使轮", "Pre-A轮", "A轮", "A+轮", "B轮", "C轮", "战略")
FILLER = ("会上，与会嘉宾围绕产业协同发展进行了深入交流。", "业内人士认为，国产替代正在加速推进。",
          "据了解，相关项目预计明年投产。", "活动吸引了来自全国各地的企业代表参加。",
          "该负责人表示，将持续优化营商环境，服务企业发展。")
KINDS = (("json", 0.55), ("jsonl", 0.12), ("txt", 0.12), ("html", 0.08), ("traditional", 0.08), ("gbk", 0.05))
ZIPF_TAIL = 0.3  # P(rank >= k) ~ k^-0.3: the best-known name is in one pick of five
NEW_NAME = 0.12  # share of picks that name something not seen before
REPRINT = 0.04  # share of articles that reprint an earlier one with small changes
WIDEN_AFTER = 100  # names tried in a row that were all taken: a kind's brands get a syllable longer


@dataclass
class Pool:
    """Names of one kind in the order they first appeared; picks favour the early ones."""

    make: object  # (rng, width) -> a new name, its brand `width` syllables long
    names: list[str] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    width: int = 2

    def pick(self, rng: random.Random) -> str:
        if not self.names or rng.random() < NEW_NAME:
            return self._new(rng)
        while True:  # Zipf-like: a few names in most articles, most names in a few
            rank = int(rng.paretovariate(ZIPF_TAIL)) - 1
            if rank < len(self.names):
                return self.names[rank]

    def _new(self, rng: random.Random) -> str:
        taken = 0
        while True:
            name = self.make(rng, self.width)  # type: ignore[operator]
            if name not in self.taken:
                self.taken.add(name)
                self.names.append(name)
                return name
            taken += 1
            if taken == WIDEN_AFTER:  # the names of this width are (nearly) all taken: longer brands
                self.width, taken = self.width + 1, 0


def _brand(rng: random.Random, width: int = 2) -> str:
    return "".join(rng.sample(SYLLABLES, width))


def _company(rng: random.Random, width: int = 2) -> str:
    return f"{rng.choice(CITIES)}{_brand(rng, width)}{rng.choice(INDUSTRIES)}{rng.choice(LEGAL)}"


def _park(rng: random.Random, width: int = 2) -> str:
    return f"{rng.choice(CITIES)}{_brand(rng, width)}{rng.choice(PARK_HEADS)}"


def _investor(rng: random.Random, width: int = 2) -> str:
    return f"{_brand(rng, width)}{rng.choice(INVESTOR_HEADS)}"


def _hospital(rng: random.Random, width: int = 2) -> str:
    return rng.choice((f"{_brand(rng, width)}大学附属第{rng.randint(1, 9)}医院",
                       f"{rng.choice(CITIES)}市{_brand(rng, width)}医院"))


def _university(rng: random.Random, width: int = 2) -> str:
    return f"{_brand(rng, width)}{rng.choice(('大学', '理工大学', '医科大学'))}"


def _person(rng: random.Random, width: int = 2) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice(range(1, width + 1))))


def short_name(company: str) -> str:
    """上海衡知医疗科技有限公司 → 衡知医疗 (how later sentences name the firm)."""
    core = company[2:]
    for form in LEGAL[::-1]:
        core = core.removesuffix(form)
    return core[:-4] + core[-4:-2]  # the brand (two syllables or more) and its industry's first word


class Writer:
    """Articles from the templates, with the name pools they share."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.pools = {kind: Pool(make) for kind, make in (
            ("company", _company), ("park", _park), ("investor", _investor), ("hospital", _hospital),
            ("university", _university), ("person", _person))}
        self.written: list[dict] = []

    def pick(self, kind: str, besides: str = "") -> str:
        while True:
            name = self.pools[kind].pick(self.rng)
            if name != besides:
                return name

    def article(self, index: int, day: date) -> dict:
        rng = self.rng
        if self.written and rng.random() < REPRINT:
            return self._reprint(index, rng.choice(self.written[-500:]))
        company, park = self.pick("company"), self.pick("park")
        short, segment = short_name(company), rng.choice(SEGMENTS)
        sentences = [f"{day.year}年{day.month}月{day.day}日，{company}（以下简称“{short}”）正式落户{park}，"
                     f"项目总投资{rng.randint(2, 60)}亿元，主要从事{segment}产品的研发与生产。"]
        for _ in range(rng.randint(3, 7)):
            sentences.append(self._sentence(company, short, park, segment))
        sentences.insert(rng.randint(1, len(sentences)), rng.choice(FILLER))
        title = rng.choice((f"{short}落户{park}", f"{park}再添新成员：{short}", f"{segment}企业{short}签约入驻"))
        record = {"url": f"https://news.example.cn/{day:%Y%m%d}/{index:07d}.html", "title": title,
                  "date": day.isoformat(), "text": "".join(sentences)}
        self.written.append(record)
        return record

    def _sentence(self, company: str, short: str, park: str, segment: str) -> str:
        rng = self.rng
        choice = rng.randrange(6)
        if choice == 0:
            lead = self.pick("investor")
            follow = self.pick("investor", besides=lead)
            return (f"近日，{short}宣布完成{rng.randint(1, 9)}亿元{rng.choice(ROUNDS)}融资，由{lead}领投，"
                    f"{follow}跟投，资金将用于{segment}产品的临床试验。")
        if choice == 1:
            return f"{short}与{self.pick('hospital')}签署战略合作协议，双方将在{segment}领域开展临床研究。"
        if choice == 2:
            return f"{short}董事长{self.pick('person')}表示，公司将依托{park}的产业生态加快产品上市。"
        if choice == 3:
            return f"{self.pick('university')}与{short}共建{segment}联合实验室。"
        if choice == 4:
            others = list(dict.fromkeys(short_name(self.pick("company")) for _ in range(rng.randint(2, 5))))
            segments = "、".join(rng.sample(SEGMENTS, 3))
            return f"目前，{park}聚焦{segments}等领域，已集聚{'、'.join(others)}等{len(others)}家企业。"
        return f"{short}向{self.pick('company', besides=company)}供应{segment}核心部件。"

    def _reprint(self, index: int, original: dict) -> dict:
        """An earlier article carried by another site: its own URL and title, a sentence added."""
        rng = self.rng
        text = original["text"] + rng.choice(FILLER) + f"（来源：{_brand(rng)}日报）"
        return {**original, "url": f"https://m.example.cn/reprint/{index:07d}.html",
                "title": original["title"] + rng.choice(("（转载）", " | 产业动态", "")), "text": text}


def generate(out: Path, articles: int, seed: int = 7, start: date = date(2019, 1, 1)) -> list[Path]:
    """Write `articles` articles under `out` (in folders of 1,000) and return the files written."""
    writer = Writer(seed)
    rng = random.Random(seed + 1)
    to_traditional = opencc.OpenCC("s2t")
    days = 6 * 365  # new names arrive over six years of news
    files: list[Path] = []
    pending: list[dict] = []
    for index in range(articles):
        day = start + timedelta(days=index * days // max(1, articles))
        record = writer.article(index, day)
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        folder = out / f"{index // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        if kind == "jsonl":
            pending.append(record)
            if len(pending) == 20 or index == articles - 1:
                files.append(_write(folder / f"{index:07d}.jsonl",
                                    "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pending).encode()))
                pending = []
            continue
        files.append(_write_one(folder, index, kind, record, to_traditional))
    if pending:
        files.append(_write(out / f"{articles:07d}.jsonl",
                            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pending).encode()))
    return files


def _write_one(folder: Path, index: int, kind: str, record: dict, to_traditional: opencc.OpenCC) -> Path:
    name = f"{index:07d}"
    if kind == "json":
        return _write(folder / f"{name}.json", json.dumps(record, ensure_ascii=False).encode())
    if kind == "txt":
        return _write(folder / f"{name}.txt", f"{record['title']}\n{record['date']}\n{record['text']}\n".encode())
    if kind == "gbk":
        return _write(folder / f"{name}.txt", f"{record['title']}\n{record['text']}\n".encode("gbk"))
    if kind == "traditional":
        converted = {**record, "title": to_traditional.convert(record["title"]),
                     "text": to_traditional.convert(record["text"])}
        return _write(folder / f"{name}.json", json.dumps(converted, ensure_ascii=False).encode())
    paragraphs = "".join(f"<p>{escape(s)}。</p>" for s in record["text"].split("。") if s)
    page = (f"<html><head><meta charset='utf-8'><title>{escape(record['title'])}_产业新闻网</title></head>"
            f"<body><nav>首页 | 产业 | 园区</nav><article><h1>{escape(record['title'])}</h1>"
            f"<time>{record['date']}</time>{paragraphs}</article><footer>版权所有 产业新闻网</footer></body></html>")
    return _write(folder / f"{name}.html", page.encode())


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = generate(args.out, args.articles, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{args.articles:,} articles in {len(files):,} files, {size / 1e6:.1f} MB under {args.out}")


if __name__ == "__main__":
    main()
