"""The cue matcher: the Aho-Corasick search gives exactly what ``re.findall`` over the trie regex gives."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.cues import (
    ALERT_CUES,
    ALL_CUE_GROUPS,
    LEXICON,
    NOT_CUES,
    CueScan,
    _group_owners,
    _trie_regex,
    find_cues,
    incident_words,
    is_alert_evidence,
    signal_kind,
    signal_kind_in,
    unique,
)

ALL_WORDS = tuple(sorted({word for words in ALL_CUE_GROUPS.values() for word in words}))
ALERT_WORDS = tuple(sorted({word for words in ALERT_CUES.values() for word in words}))


def reference(text: str, words: tuple[str, ...]) -> list[str]:
    """Leftmost-longest over the words and ``NOT_CUES``, the latter dropped."""
    found = re.findall(_trie_regex(set(words) | NOT_CUES), text) if text else []
    return [word for word in found if word not in NOT_CUES]


# Texts built from pieces of cue words (and of the words that hide one), so overlaps, prefixes and
# words inside words are common.
pieces = st.sampled_from(ALL_WORDS + tuple(sorted(NOT_CUES))).flatmap(
    lambda word: st.integers(0, len(word) - 1).flatmap(
        lambda start: st.integers(start + 1, len(word)).map(lambda end: word[start:end])
    )
)
texts = st.lists(st.one_of(pieces, st.sampled_from(["的", "了", "，", " ", "a"])), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_find_cues_is_leftmost_longest_like_the_regex(text: str) -> None:
    assert find_cues(text, ALL_WORDS) == reference(text, ALL_WORDS)
    assert find_cues(text, ALERT_WORDS) == reference(text, ALERT_WORDS)
    scan = CueScan(text)
    for words in ALL_CUE_GROUPS.values():  # each group's words: a filter of the one shared scan
        assert scan.find(words) == reference(text, words)
        assert scan.first_distinct(words, 3) == unique(reference(text, words))[:3]


def test_longest_word_at_a_position_wins() -> None:
    words = ("拖欠", "拖欠农民工工资", "工资")
    assert find_cues("公司拖欠农民工工资三个月，工资至今未发", words) == ["拖欠农民工工资", "工资"]
    assert find_cues("", words) == [] and find_cues("无关内容", ()) == []
    assert find_cues("墙体开裂楼板坍塌", ("开裂", "新词不在词表")) == ["开裂"]  # beyond the lexicons: a regex


def test_a_word_holding_a_cue_hides_it() -> None:
    """隔离护栏 is a barrier, 全体会议 a plenary session and 安全体系 no 全体 at all; the cue words
    outside them are still found."""
    assert not NOT_CUES & LEXICON
    scan = CueScan("小区门口没有隔离护栏，老人被车撞伤；确诊病例需集中隔离")
    assert scan.find(ALERT_WORDS) == ["确诊", "病例", "隔离"]
    assert find_cues("召开第二次全体会议，健全国家安全体系", ALL_WORDS) == []
    assert find_cues("全体业主和全体会议", ALL_WORDS) == ["全体业主"]
    assert find_cues("人员聚集场所消防通道被堵", ("聚集", "消防通道")) == ["消防通道"]
    assert find_cues("办事少跑路，老板卷款跑路", ("跑路", "卷款")) == ["卷款", "跑路"]
    assert find_cues("设置隔离栏", ("隔离", "新词不在词表")) == []  # the regex path hides them too
    # Barriers and separations of real letters (a gas cylinder by the stove: "没有专门的隔离区域").
    assert find_cues("没有专门的隔离区域；道路中央隔离栅栏；设置物理隔离设施；隔离成小房间出售", ALERT_WORDS) == []
    assert find_cues("讲话引发热烈反响，引发热议；在岗位上发光发热", ALL_WORDS) == []
    # An epidemic as a time or a reason, a test as a formality (real Shangluo letters); not an outbreak.
    assert find_cues("本来去年到期该换证，由于疫情政策推迟一年；没有做核酸住院楼不让进", ALERT_WORDS) == []
    assert find_cues("疫情期间工资停发", ("疫情",)) == [] and find_cues("本轮疫情已扩散", ("疫情",)) == ["疫情"]
    assert find_cues("出现发热症状，设置发热门诊", ALERT_WORDS) == ["发热", "发热"]
    # 上街 is a protest only as one (real letters: a mall, a street, words across a boundary).
    assert find_cues("运河上街爱心驿站无人管理；东门上街摆摊；晚上街面没有路灯", ALERT_WORDS) == []
    assert find_cues("项目违法失信，引发受害人上街游行等群体性事件", ALERT_WORDS) == ["受害人", "上街游行", "群体性"]


def test_find_can_stop_at_a_lead() -> None:
    """``end`` keeps the words that start before it (a headline and its lead), in both search paths."""
    scan = CueScan("昨日发生火灾。" + "无关" * 50 + "三年前曾有洪水")
    assert scan.find(ALERT_WORDS) == ["火灾", "洪水"]
    assert scan.find(ALERT_WORDS, end=7) == ["火灾"] and scan.find(ALERT_WORDS, end=5) == ["火灾"]
    assert scan.find(ALERT_WORDS, end=4) == [] and scan.find(("火灾", "新词不在词表"), end=5) == ["火灾"]
    assert scan.find(("火灾", "新词不在词表"), end=4) == []


def test_alert_evidence() -> None:
    """Who or what is involved (工资, 全体, 转移) is no evidence of a risk; arrears are only where pay is."""
    assert is_alert_evidence("火灾", "一旦发生火灾") and is_alert_evidence("欠薪", "老板欠薪三个月")
    # A disease named as a risk may grow (watch); a fire named as one is a hazard (real Shangluo letter).
    assert not is_alert_evidence("传染", "夏天蚊虫滋生，疾病很容易被传染") and is_alert_evidence("传染", "小区已有多人被传染")
    assert not any(is_alert_evidence(word, "人均工资性收入增长，转移净收入增长") for word in ("工资", "转移"))
    assert not is_alert_evidence("拿不到", "房产证八年拿不到") and is_alert_evidence("拿不到", "工资拿不到")
    assert not is_alert_evidence("多次", "多次反映")  # a watch cue
    # A whole estate in a dispute is a watch (rubric); real tipdm letters: ownership, thanks.
    assert not any(is_alert_evidence("全体业主", text) for text in ("地面停车场所有权应属全体业主所有", "全体业主在此感谢您了"))
    assert not is_alert_evidence("全体教师", "退休的全体教师感谢《问政西地省》等栏目审发帖文")
    # Traffic and medical accidents are watches in the dev set; other accidents stay evidence.
    assert not is_alert_evidence("事故", "路口拐弯看不清，业主多次发生交通事故")
    assert not is_alert_evidence("事故", "手术出了问题，医院不承认是医疗事故")
    assert is_alert_evidence("事故", "工厂昨晚发生安全事故") and is_alert_evidence("事故", "撞车事故后，仓库又发生事故")


def test_group_counts_on_real_texts(data_dir: Path) -> None:
    """Real 12345 messages: the same counts per group as the regex scan."""
    names = tuple(sorted(ALL_CUE_GROUPS))
    pattern = re.compile(_trie_regex(set(ALL_WORDS) | NOT_CUES))
    _, owners = _group_owners(names)
    with (data_dir / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:600]
    assert rows
    for row in rows:
        text = f"{row['留言主题']} {row['留言详情']}"
        expected = [0] * len(names)
        for word in pattern.findall(text):
            for k in owners.get(word, ()):  # NOT_CUES count for no group
                expected[k] += 1
        assert CueScan(text).group_counts(names) == expected


# (word, text, the kind of risk the text makes of it): real letters, shortened, unless said.
SIGNAL_KIND_CASES: list[tuple[str, str, str]] = [
    ("火灾", "消防通道被堵，一旦发生火灾，后果不堪设想", "safety"),
    ("火灾", "存在严重火灾隐患", "safety"),
    ("火灾", "楼道电线老化，易引发火灾", "safety"),
    ("救援", "车辆占满消防通道，严重影响救援", "safety"),
    ("火灾", "昨晚小区发生火灾，多人受伤", "disaster"),
    ("洪水", "受台风影响，多地发生洪水", "disaster"),
    ("事故", "电动车充电引发事故", "disaster"),
    ("火灾", "一旦发生火灾怎么办。昨晚隔壁楼发生火灾", "disaster"),  # one real mention
    # An epidemic named as a risk is a hazard too; 好不容易 is no hypothetical (real Shangluo letters).
    ("传染", "垃圾桶旁夏天蚊虫滋生，疾病很容易被传染", "safety"),
    ("疫情", "一旦出现污染和疫情扩散，后果不堪设想", "safety"),
    ("隔离", "好不容易和医生联系，隔离期满，可以住院", "health"),
    ("确诊", "小区昨天确诊一例", "health"),
    # One person's illness is no outbreak: a diagnosis, an infection, 病例 for 病历 and a radiator's
    # 发热 in texts that name no infectious disease (real Shangluo and tipdm letters).
    ("确诊", "母亲在2013年9月确诊为食管癌，经过治疗，病情复发", ""),
    ("感染", "今年8月份由于感染住院，花费8000多元", ""),
    ("病例", "她给开了证明并在病例本上写明", ""),
    ("发热", "暖气片摸着不发热，室温只有十二度", ""),
    ("确诊", "村医通过抗原测试，确诊为新冠病毒感染", "health"),
    ("病例", "本土病例101例", "health"),
    # 隔离 of a wall or a road's median, and routine testing, are no epidemic (real tipdm, Hangzhou letters).
    ("隔离", "3公里中间设有隔档，完全隔离，而居民日常出行", ""),
    ("隔离", "小区出现新冠病例，居家隔离十四天", "health"),
    ("核酸", "能否减少核酸检测频率，每两周做一次核酸检测", ""),
    ("核酸", "小区发现核酸阳性人员", "health"),
    ("疫情", "2020年疫情期间外出务工交通补贴至今未发放", ""),
    ("疫情", "今年疫情工作不好找，平时都靠在工地干零工", ""),
    ("疫情", "要求小区非疫情管控区间要让外卖送到家门口", ""),
    ("疫情", "小区昨天发现疫情，已经封控", "health"),
    # A clash of rules is no clash of people; a charge of 黑恶 with no threat is no threat (real tipdm letters).
    ("冲突", "暖气费和房产证并不冲突", ""),
    ("冲突", "物业增加保安与业主发生冲突，并上演保安打人", "stability"),
    ("黑恶", "为民众谋福利的政府，不是某些黑恶势力的保护伞", ""),
    ("黑恶", "甚至利用当地黑恶势力威胁", "stability"),
    # Signs only in one use (real tipdm, Shangluo and Hangzhou letters).
    ("钢筋", "通电费用、通水费用、钢筋水泥材料费呢", ""),
    ("钢筋", "主体停工半年造成整个钢筋外露，房屋结构安全", "safety"),
    ("极端", "极端天气业主窗外遮光", ""),
    ("极端", "我妈会为了此事被逼做出极端行为", "stability"),
    ("上百", "垃圾横飞，臭味熏天，上百只苍蝇乱飞", ""),
    ("上百", "关系到我们这里上百人口的生命之桥", "stability"),
    ("数百", "数百名村民无房安置", "stability"),
    ("重伤", "光污染对人体造成严重伤害", ""),
    ("重伤", "被打成重伤二级", "disaster"),
    ("危房", "解决易地搬迁、危房改造、农村饮水安全", ""),
    ("冰冻", "讲排场讲气派的做法，恐怕冰冻三尺非一日之寒", ""),
    # A gathering or a blocked road is unrest where people do it (real Shangluo, tipdm and Hangzhou letters).
    ("堵路", "施工方推卸责任，村民只能最简单的堵路等实施反抗", "stability"),
    ("聚集", "全国各地100多位受害者聚集西地省政府门口", "stability"),
    ("堵路", "建议在城区交通拥堵路段的公交站台加装抓拍设备", "livelihood"),
    ("堵路", "梅溪湖近万居民长期出门、回家全堵路上", "livelihood"),
    ("聚集", "门前拦沙坝导致污水聚集臭气熏天", ""),
    ("拖欠", "物业拖欠水费，几百户居民停水", "dispute"),
    ("拖欠", "装修工钱被拖欠三个月", "arrears"),
    ("拿不到", "房产证八年拿不到", ""),
    # One writer's own pay is a labour dispute; pay owed to many, or by an employer gone, is arrears (real
    # Hangzhou and tipdm letters).
    ("拖欠工资", "本人于2024年八月11日由保安服务有限公司分配到名望府，截止9月30日已拖欠工资6790元。", "dispute"),
    ("欠薪", "本人于2024年7月在佰*贸易有限公司实习，该公司于8月30日发生第一次欠薪，仅支付7月一半工资。", "dispute"),
    ("拖欠", "我于2016年带领十几个工友做内外油漆，拖欠我们工资32万。", "arrears"),
    ("欠薪", "本人于2022年11月入公司从事主播工作，公司欠薪逃走。", "arrears"),
    ("拖欠农民工工资", "我父亲在项目部钢筋班干活，包工头拖欠农民工工资。", "arrears"),
    ("拖欠工资", "新竹二小拖欠全体教师工资", "arrears"),
    # A new home's defects are a problem that may grow, not a collapse (real Hangzhou and tipdm letters).
    ("质量问题", "未收房/质量问题也必须交物业费", "livelihood"),
    ("钢筋", "存在大量质量问题，如：钢筋外漏、墙体蜂窝状空洞", "safety"),
]


def test_a_signal_kind_reads_the_text_around_its_word() -> None:
    """A fire only named as a risk is a hazard, one that happened a disaster; 拖欠 of a water bill is a
    dispute, of wages arrears (real letters: fire lanes, 北湾景园's water, 装修工钱)."""
    assert signal_kind("火灾") == "disaster" and signal_kind("拖欠") == "arrears"
    assert not is_alert_evidence("确诊", "母亲确诊为食管癌")
    assert not is_alert_evidence("聚集", "短短的200余米的洞井路沿线，聚集了6、7家烧烤、夜宵店")
    # A hazard of no named kind: watch, as the dev set labels it (these two); a fire hazard is evidence.
    assert not is_alert_evidence("安全隐患", "桥上的护栏太稀，小孩很容易钻过去，存在很大的安全隐患")
    assert is_alert_evidence("火灾隐患", "擅自破墙架设油烟管道，人为制造消防安全火灾隐患")
    assert not is_alert_evidence("人身安全", "严重影响到我们的财产安全和人身安全")
    # An accident only feared names no harm either; one that happened does (real tipdm letters).
    assert not is_alert_evidence("事故", "小孩子喜欢跑，极易发生事故。为了避免事故发生，行人")
    assert not is_alert_evidence("事故", "很容易造成交通事故；二是沉，很容易发生安全事故")
    assert is_alert_evidence("事故", "地下停车场几次出现安全事故，却无法")
    for word, text, kind in SIGNAL_KIND_CASES:
        assert signal_kind_in(word, text) == kind, (word, text)


@pytest.mark.parametrize(
    ("headline", "words"),
    [
        ("经开区一物流仓库起火 无人员伤亡", ["起火"]),
        ("A7县星沙广泰家园起火，安全隐患非常大", ["起火"]),  # real tipdm headline
        ("A市自然村村民房屋后护坡垮塌，严重威胁我的安全", ["垮塌"]),  # real tipdm headline
        ("学校食堂疑似食物中毒", ["食物中毒"]),
        # Risks and campaigns report none.
        ("A7县开发商将消防通道当车位卖，出了火灾怎么办？", []),  # real tipdm headline
        ("我县开展冬季火灾防控专项行动", []),
        ("严防冬季火灾", []),
        ("开展安全生产事故隐患排查", []),
        ("防溺水安全教育进校园", []),
        ("交通事故频发路段", []),
        ("无人机坠落起火", ["起火"]),
        # After one (新闻联播; real letters of Hangzhou, Shangluo and tipdm): no incident tonight.
        ("住房着火 物业推脱责任", []),
        ("吸取经开区仓库火灾教训 我县开展冬季火灾防控专项行动", []),
        ("丹凤县凤麓村陈场路路面垮塌安全隐患多年不处理", []),
        ("再次反映A市兴和社区廉租房漏水导致电路起火的问题", []),
        ("北京长峰医院重大火灾事故调查报告公布", []),
        ("“应急使命•2025”极端灾害事故场景新质救援能力检验性演习今天举行", []),
    ],
)
def test_incident_words_are_events_that_happened(headline: str, words: list[str]) -> None:
    assert incident_words(headline) == words


def test_harm_said_not_to_have_happened_is_no_sign() -> None:
    """"未造成人员伤亡" of a fire put out at once made the demo's restaurant fire read 灾害事故（“伤亡”）."""
    assert signal_kind_in("伤亡", "后厨起火，消防救援人员及时赶到将火扑灭，未造成人员伤亡。") == ""
    assert signal_kind_in("伤亡", "仓库起火，暂无人员伤亡报告。") == ""
    assert signal_kind_in("死亡", "无证经营的小作坊起火，造成3人死亡。") == "disaster"
    assert signal_kind_in("伤亡", "事故造成人员伤亡。") == "disaster"
    # Nor is the fire brigade's name a rescue.
    assert signal_kind_in("救援", "县消防救援大队接警后赶赴现场处置。") == ""
    assert signal_kind_in("救援", "塌方后，当地全力开展救援。") == "disaster"


def test_weather_as_a_time_or_a_condition_is_no_storm() -> None:
    """Real Hangzhou letters: a noise complaint "除了暴雨台风天" read 灾害事故（“暴雨”“台风”）. Weather as a
    condition is a hazard, as a fire named as a risk is; a storm that came is a disaster."""
    noise = "自2024.6入住该小区，除了暴雨台风天，对面的皇国山市民公园每天19:00-22:20，广场舞高音不断"
    assert signal_kind_in("暴雨", noise) == signal_kind_in("台风", noise) == ""
    assert signal_kind_in("台风", "树木头重脚轻，存在严重安全隐患，台风季节即将到来") == "safety"
    assert signal_kind_in("暴雨", "楼栋主下水管一到暴雨天气就反水") == "safety"
    assert signal_kind_in("暴雨", "昨夜暴雨，小区地下车库被淹") == "disaster"
    assert signal_kind_in("洪水", "受台风影响，多地发生洪水") == "disaster"


def test_who_answers_for_an_accident_is_a_risk() -> None:
    """tipdm's 峰景 letter: "以后出了安全事故谁负责？" read 灾害事故（“事故”）; one that happened stays one."""
    assert signal_kind_in("事故", "七号户型后加的钢板保质期多久，以后出了安全事故谁负责？") == "safety"
    assert signal_kind_in("火灾", "消防通道当车位卖，出了火灾怎么办？") == "safety"
    assert signal_kind_in("事故", "昨天门口发生交通事故，责任谁负责？") == "disaster"
