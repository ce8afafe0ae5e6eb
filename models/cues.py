"""Cue lexicons for the four points and the early-warning levels, and a fast matcher.

The lexicons encode what the rubric (``labels/RUBRIC.md``) says editors look for. They are features
for the learned models, not rules: the classifiers learn how much each group counts, and ``explain``
/ ``cues`` report the words that were found. Matching is plain substring search on the raw text, so
it needs no segmentation and cannot miss words jieba splits differently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import ahocorasick

# Four points. One group per point, plus a few groups that help separate sources and genres.
POINT_CUES: dict[str, tuple[str, ...]] = {
    "key": (
        "贯彻落实", "部署", "高质量发展", "乡村振兴", "重大项目", "招商引资", "营商环境", "重点工作",
        "改革", "党建", "党的建设", "基层治理", "安全生产", "生态环境保护", "防范化解", "重大风险",
        "中心工作", "决策部署", "稳增长", "稳经济", "固定资产投资", "经济运行", "国民经济", "实施意见",
        "工作方案", "指导意见", "通知", "总书记", "中央", "国务院", "省委", "市委", "县委", "主题教育",
        "二十大", "十四五", "新发展理念", "新发展格局", "现代化", "产业链", "制造业", "粮食", "春耕",
        "秋粮", "外贸", "进出口", "疫情防控", "专项行动", "攻坚", "目标任务", "考核",
    ),
    "hot": (
        "小区", "物业", "业主", "学校", "学生", "教师", "医院", "医保", "就医", "看病", "停车", "噪音",
        "噪声", "扰民", "工资", "房价", "购房", "房子", "商品房", "交房", "拆迁", "征收", "安置",
        "就业", "招聘", "价格", "收费", "交通", "公交", "地铁", "拥堵", "道路", "污染", "油烟", "垃圾",
        "异味", "食品安全", "供暖", "暖气", "停水", "停电", "自来水", "养老", "社保", "退休", "消费者",
        "维权", "投诉", "群众", "居民", "市民", "百姓", "民生", "户口", "入学", "学位", "补贴", "农民工",
    ),
    "difficult": (
        "难", "问题", "矛盾", "拖欠", "欠薪", "未解决", "没有解决", "得不到解决", "短缺", "瓶颈", "阻力",
        "困难", "不足", "滞后", "短板", "堵点", "痛点", "难点", "纠纷", "推诿", "扯皮", "不作为",
        "无人管", "没人管", "迟迟", "至今", "一直", "仍然", "隐患", "违规", "违法", "乱收费", "投诉",
        "举报", "反映", "严重", "影响", "无法", "不能", "拒绝", "恳请", "请求", "烂尾", "损失", "受灾",
        "灾后", "抢险", "应对", "风险", "挑战", "整改",
    ),
    "distinctive": (
        "首创", "首个", "首家", "首条", "首批", "全国首", "试点", "创新", "率先", "经验", "模式", "特色",
        "典型", "示范", "品牌", "探索", "新路", "新模式", "新机制", "新做法", "做法", "因地制宜", "打造",
        "依托", "机制", "专班", "一站式", "全链条", "全流程", "数字化", "智慧", "平台", "走进县城看发展",
        "新时代新征程新伟业", "多措并举", "多举措", "各地", "优势", "特色产业", "带动", "增收", "新动能",
        "新业态", "新赛道", "产业园", "集群", "先行区", "示范区",
    ),
}

# Genre cues: questions and suggestions in hotline messages are rarely "difficult";
# ceremonial and diplomatic news is rarely anything.
GENRE_CUES: dict[str, tuple[str, ...]] = {
    "question": (
        "请问", "咨询", "是否", "何时", "什么时候", "能否", "可以吗", "吗？", "吗?", "有没有", "怎么办理",
        "如何办理", "规划用途", "计划",
    ),
    "suggestion": ("建议", "希望", "望", "能否考虑", "恳请", "呼吁", "提议", "采纳"),
    "ceremony": (
        "会见", "会谈", "通电话", "致电", "贺电", "贺信", "出席", "国事访问", "大使", "外长", "总统",
        "首相", "总理会见", "比赛", "冠军", "奥运", "世界杯", "演出", "晚会", "电影", "节目",
    ),
    "success": ("成效", "成果", "取得", "实现", "增长", "提升", "显著", "同比增长", "历史性"),
}

# Early warning. alert: imminent risk to safety or stability; watch: problems that may grow.
# 塌方, 塌陷 and 危楼 (a road cut by a landslip, a subsided roadbed, a building made unsafe) were missing:
# letters of Shangluo and Hangzhou we labelled alerts named only them (session 40).
ALERT_CUES: dict[str, tuple[str, ...]] = {
    "disaster": (
        "火灾", "着火", "起火", "失火", "爆炸", "坍塌", "倒塌", "垮塌", "塌方", "塌陷", "燃气泄漏", "煤气泄漏", "泄漏",
        "漏气", "洪水", "洪灾", "内涝", "暴雨", "特大暴雨", "山洪", "泥石流", "滑坡", "地震", "台风",
        "冰冻", "雨雪冰冻", "寒潮", "溃坝", "溺水", "触电", "死亡", "身亡", "遇难", "伤亡", "重伤",
        "事故", "抢险", "救援", "转移", "滞留",
    ),
    "health": (
        "中毒", "食物中毒", "疫情", "确诊", "感染", "无症状感染者", "传染", "病例", "方舱", "核酸",
        "隔离", "发热", "重症", "传销", "非法集资", "爆雷", "跑路", "恶意拖欠",
    ),
    "safety": (
        "消防", "安全隐患", "重大隐患", "严重隐患", "火灾隐患", "逃生", "消防通道", "危房", "危楼", "质量问题",
        "钢筋", "裂缝", "漏电", "电起火", "危及", "生命安全", "人身安全", "出人命", "人命",
    ),
    "stability": (
        "聚集", "群体性", "集体上访", "上访", "集访", "围堵", "堵路", "静坐", "拉横幅", "维稳",
        "闹事", "冲突", "打人", "殴打", "黑恶", "敲诈", "家破人亡", "跳楼", "自杀", "轻生", "以死",
        "同归于尽", "走投无路", "活路", "极端", "上街游行", "上街抗议", "集体上街", "媒体曝光", "网上曝光", "舆情", "热搜", "全体业主",
        "全体教师", "全体", "二百多", "几千户", "上百", "数百", "受害人", "受害者",
        # Threats to escalate (the rubric's "threats of extreme action"); each is rare in real messages
        # (at most 7 of tipdm's 4,326), so they open an alert only where the model already sees one.
        "激烈的维权", "激烈维权", "更加激烈", "过激", "维权手段", "维权行动", "集体维权", "不惜一切",
        "进京上访", "越级上访", "闹大", "后果自负", "豁出去", "以命相搏", "走上街头", "集体行动",
        # Not 上街 alone: 4 of the 5 in the real letters are a street or a reading across words (运河上街,
        # 东门上街, 镇上街道, 晚上街面), which made "运河上街爱心驿站无有效管理" a 涉稳风险.
    ),
    "arrears": (
        "欠薪", "拖欠工资", "拖欠农民工工资", "农民工工资", "拖欠全体", "讨薪", "工资", "血汗钱",
        "拿不到", "没拿到", "拖欠",
    ),
}
WATCH_CUES: dict[str, tuple[str, ...]] = {
    "repeated": (
        "多次反映", "多次", "反复", "一直没有解决", "一直没解决", "一直", "投诉无果", "至今", "迟迟",
        "仍未", "仍然", "没有任何", "毫无进展", "没有回复", "无人处理", "石沉大海", "年了", "多年",
        "再次", "又一次", "屡次", "三番五次",
    ),
    "anger": (
        "不作为", "推诿", "推卸", "扯皮", "敷衍", "忽悠", "踢皮球", "懒政", "失职", "腐败", "包庇",
        "官官相护", "质问", "愤怒", "气愤", "寒心", "失望", "无法忍受", "忍无可忍", "苦不堪言", "欺负",
        "霸王", "坑", "骗", "黑心", "强烈", "严重", "恶劣", "！！", "!!", "?！", "？！", "父母官",
    ),
    "dispute": (
        "纠纷", "矛盾", "争议", "维权", "反对", "抗议", "不满", "投诉", "举报", "违规", "违法", "侵占",
        "侵犯", "拒绝", "强拆", "强行", "拖欠", "欠款", "退款", "赔偿", "补偿", "业主", "居民", "村民",
    ),
    "livelihood": (
        "停水", "停电", "断水", "断电", "停气", "噪音", "扰民", "异味", "恶臭", "污染", "油烟", "拥堵",
        "涨价", "乱收费", "物业费", "停车费", "交房", "收房", "办证", "延期", "烂尾", "质量",
    ),
}

ALL_CUE_GROUPS: dict[str, tuple[str, ...]] = {
    **{f"point:{name}": words for name, words in POINT_CUES.items()},
    **{f"genre:{name}": words for name, words in GENRE_CUES.items()},
    **{f"alert:{name}": words for name, words in ALERT_CUES.items()},
    **{f"watch:{name}": words for name, words in WATCH_CUES.items()},
}


def _trie_regex(words: set[str]) -> str:
    """A regex matching ``words``, factored by common prefixes: the reference ``find_cues`` agrees with.

    Greedy optional tails keep the longest word at a position ("拖欠农民工工资" before "拖欠"), so
    ``findall`` gives the leftmost-longest, non-overlapping occurrences (``tests/test_cues.py``).
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{'|'.join(branches)})"
        return f"{body}?" if ends else body

    return build(trie)


LEXICON: frozenset[str] = frozenset(word for words in ALL_CUE_GROUPS.values() for word in words if word)

# A problem a question names in its own words: "出行不便", "收费不合理", "价格太贵", "拦车不停". Not a cue group
# (the models' features are unchanged): it keeps such a question a watch (``warning.only_asks``). Of
# tipdm's letters that only ask, 34 hold one of these, nearly all complaints phrased as a question
# ("…小学堵车，交通不安全", "为什么要取消…的城铁？时间越改越不合理"); one of the dev set's questions is labelled none.
QUESTION_COMPLAINTS: tuple[str, ...] = (
    "不便", "不方便", "不安全", "太贵", "很贵", "收费贵", "价格贵", "不合理", "不公平", "不平等", "不准点", "拒载",
    "不停车", "拦车不停", "破败", "乱停", "乱收", "堵车", "漏水", "积水", "坑洼", "扬尘", "太慢", "很慢", "不按照",
    "违反", "困难", "难以",
)

# Words that hold a cue word but mean something else; where one is written, the cue inside it is not
# found. In the tipdm letters 隔离 is nearly always a barrier (隔离护栏, 隔离栏, 隔离桩), not quarantine;
# in 新闻联播 全体 is mostly 全体会议 and 全体人民, and 安全体系 reads as 全体 across two words; 聚集场所 is
# the fire code's term for a crowded venue, 产业聚集 an industry cluster; 少跑路 is what a service
# reform spares people, not a boss who ran off. 新闻联播's 479 "引发热烈反响" and its "发光发热" hold no
# fever (发热).
NOT_CUES: frozenset[str] = frozenset({
    "隔离栏", "隔离护栏", "隔离带", "隔离桩", "隔离墩", "隔离网", "隔离开", "隔离绿地", "隔离绿化", "隔离防护绿地",
    "隔离防护栏", "隔离栅", "隔离设施", "隔离层", "隔离距离", "隔离区域", "隔离成", "隔离防渗", "物理隔离",
    "全体会议", "全体人民", "全体师生", "全体党员", "安全体系",
    "聚集场所", "聚集区", "聚集效应", "产业聚集",
    "少跑路", "多跑路",
    "信息爆炸", "信息大爆炸",
    "发热烈", "发热议", "发热潮", "发热情", "光发热",
    # An epidemic as the time or the reason of something else ("由于疫情政策推迟一年", "疫情期间",
    # "受疫情影响") and a test as a formality ("没有做核酸住院楼不让进"): 44 of the 128 mentions in the
    # real letters. Not 疫情防控 or 核酸检测: dev-set alerts report outbreaks so.
    "疫情期间", "疫情影响", "疫情的影响", "由于疫情", "因为疫情", "因疫情", "疫情原因", "疫情政策", "疫情为由",
    "做核酸", "做完核酸",
})

# For an editor's reason: cue words that say *what* the problem is ("拖欠", "油烟", "燃气泄漏"). The
# difficult group's markers of a complaint as such say only that there is one, and the parties of a
# dispute say who: both drive the models but read as noise in "难点：出现……等问题".
COMPLAINT_MARKERS: frozenset[str] = frozenset({
    "难", "问题", "反映", "投诉", "举报", "严重", "影响", "无法", "不能", "拒绝", "恳请", "请求", "一直",
    "仍然", "至今", "迟迟", "应对", "整改", "工资", "血汗钱", "拿不到", "没拿到",
    # That something breaks a rule, is unresolved, short or hard says there is a problem, not which:
    # 30 of Hangzhou's 94 难点 reasons on the night of 2026-06-12 read "出现“违规”等问题" or the like.
    "违规", "违法", "未解决", "没有解决", "得不到解决", "矛盾", "不足", "困难",
})
ALERT_WORDS: frozenset[str] = frozenset(word for words in ALERT_CUES.values() for word in words)

# Countries and places abroad. A headline about one (美国夏威夷大火, 巴布亚新几内亚发生7.6级地震) reports a
# disaster with no bearing on local work: the dev set labels all 21 such headlines none, never alert.
ABROAD_WORDS: tuple[str, ...] = (
    "美国", "日本", "韩国", "朝鲜", "俄罗斯", "英国", "法国", "德国", "意大利", "西班牙", "葡萄牙", "希腊",
    "荷兰", "比利时", "瑞士", "瑞典", "挪威", "芬兰", "丹麦", "波兰", "乌克兰", "土耳其", "伊朗", "伊拉克",
    "以色列", "巴勒斯坦", "加沙", "叙利亚", "黎巴嫩", "沙特", "埃及", "南非", "尼日利亚", "肯尼亚",
    "印度", "巴基斯坦", "阿富汗", "孟加拉国", "尼泊尔", "斯里兰卡", "泰国", "越南", "缅甸", "老挝",
    "柬埔寨", "菲律宾", "马来西亚", "新加坡", "印度尼西亚", "印尼", "澳大利亚", "新西兰", "巴布亚新几内亚",
    "加拿大", "墨西哥", "巴西", "阿根廷", "智利", "秘鲁", "哥伦比亚", "委内瑞拉", "古巴", "海地",
    "夏威夷", "加利福尼亚", "加州", "欧盟", "欧洲", "非洲", "中东", "拉美", "国外", "海外",
    # The world's count of covid cases (全球累计新冠肺炎确诊病例超4亿例, 世卫组织: …) is no local epidemic:
    # 8 of the 新闻联播 stories we labelled, none of them an alert, had been read as alerts.
    "全球", "世卫组织", "世界卫生组织", "联合国",
)
# A foreign name inside a word of home, read where the name starts: 中东部地区 (the weather's central and
# eastern China, 278 times in the shared news), 沿海地区 and 青海地震 (not Haiti), 昨日本市, 依法国有,
# 河南非法 and 湖南非遗, 中国外贸 and 大国外交, tipdm's estates 绿地海外滩 and 克拉美丽山庄.
ABROAD_INSIDE_A_WORD = re.compile(
    r"中东(?=[南北]?部)|(?<=[沿淮青上渤黄南东北临近滨内出航环])海地|(?<=[今昨当次每节前])日本|(?<=[依违])法国"
    r"|(?<=克)拉美|(?<=[河湖云海济])南非(?!洲)|海外(?=滩)|(?<=[我中大强各全祖])国外"
)
# Headlines shorten a country to its first character: "美俄亥俄州又发生严重事故 金属工厂爆炸致1死13伤",
# "美联邦政府应对…迟缓", "俄称拦截美制导弹" (新闻联播, 2022-2026); two of them were alerts.
# Not 美 before any 州: "建设美丽杭州".
_US_STATES = ("阿拉巴马", "亚拉巴马", "阿拉斯加", "亚利桑那", "阿肯色", "科罗拉多", "康涅狄格", "特拉华", "佛罗里达",
              "佐治亚", "爱达荷", "伊利诺伊", "印第安纳", "艾奥瓦", "爱荷华", "堪萨斯", "肯塔基", "路易斯安那", "缅因",
              "马里兰", "马萨诸塞", "密歇根", "明尼苏达", "密西西比", "密苏里", "蒙大拿", "内布拉斯加", "内华达",
              "新罕布什尔", "新泽西", "新墨西哥", "纽约", "北卡罗来纳", "北达科他", "俄亥俄", "俄克拉何马", "俄勒冈",
              "宾夕法尼亚", "罗得岛", "南卡罗来纳", "南达科他", "田纳西", "得克萨斯", "德克萨斯", "犹他", "佛蒙特",
              "弗吉尼亚", "华盛顿", "西弗吉尼亚", "威斯康星", "怀俄明")
ABROAD_SHORT = re.compile(f"(?:{'|'.join(_US_STATES)})州|美(?:方|军|媒|联邦|总统|政府|国会|国务卿|财长|防长|制)|"
                          "^(?:美|俄|乌|日|韩|英|法|德|以|伊|印|澳|加)(?:方|军|媒|称|总统|总理|外长|首相|防长)")
# A headline naming home too (中国公民, 我国, 各地) keeps its alerts: it is about us.
HOME_WORDS: tuple[str, ...] = ("中国", "我国", "全国", "各地", "我省", "我市", "我县", "我区", "同胞", "华人")
# 全体业主 too: a dispute that draws in a whole estate is the rubric's watch, not its alert. Of the real
# letters that were alerts on 全体业主 alone (tipdm 46, Shangluo 7, Hangzhou 5), nearly all are property
# disputes ("车位应属全体业主所有", "全体业主在此感谢您了"); every dev-set alert naming it has a fire hazard too.
# 全体教师 likewise says who ("希望出台落实退休教师各项补贴的长效办法" read 涉稳风险（“全体教师”）); unpaid
# teachers are arrears by 拖欠全体.
PARTY_WORDS: frozenset[str] = frozenset({"业主", "居民", "村民", "全体", "全体业主", "全体教师"})
# Words a signal's reason says last: who is involved and what is owed ("工资"), not the risk ("欠薪"),
# and words every complaint uses ("投诉", "严重": the demo's 关注 reasons led with them).
WEAK_SIGNAL_WORDS: frozenset[str] = PARTY_WORDS | {"工资", "血汗钱", "投诉", "举报", "严重"}
# A signal's reason says what kind of risk its words are signs of, in the office's own terms, with up
# to two of the words as evidence: "关注：问题反复未决（“一直”“迟迟”）" tells an editor more than the
# bare word did ("出现“一直”等信号"). Kinds follow the cue groups; health's fraud words are their own kind.
SIGNAL_KIND_NAMES: dict[str, str] = {
    "disaster": "灾害事故", "health": "公共卫生", "fraud": "涉众金融风险", "safety": "安全隐患",
    "stability": "涉稳风险", "arrears": "拖欠工资", "repeated": "问题反复未决", "anger": "群众不满情绪",
    "dispute": "矛盾纠纷", "livelihood": "民生问题",
}
_FRAUD = frozenset({"传销", "非法集资", "爆雷", "跑路", "恶意拖欠"})
# A defect of a new home is a problem that may grow, the rubric's watch, not a collapse: the dev set's
# "房屋有严重的质量问题" and its cracked walls ("墙体区域开裂") are watches, and its one alert naming 质量问题
# has exposed rebar (钢筋) too. On the real nights 质量问题 alone had made 39 letters 预警 (tipdm 31,
# Hangzhou 5, Shangluo 3), nearly all about a flat's finish, leaks or a lift ("未收房/质量问题也必须交物业费").
# The word still drives the models as a safety cue; only its kind is 民生问题.
_KIND_OVERRIDES: dict[str, str] = {"质量问题": "livelihood"}
# 安全隐患 alone says a letter fears harm, not which: a railing too sparse, a school road without
# lights, a plastic meter box. The dev set labels the 8 letters whose only alert cue it is: watch or
# none, every one; its alerts with 安全隐患 name the fire too (消防, 火灾隐患, 电起火). It stays a
# safety sign of the reasons and a cue of the models. 5-fold CV, fold seeds 0 and 1: alert recall
# unchanged, false alerts 33 -> 30 and 34 -> 30. Real alerts resting on it alone: tipdm 59, Shangluo
# 7, Hangzhou 6 ("给小区居民带来安全隐患", "小区有安全隐患，望尽快解决"). 人身安全 and 生命安全 likewise
# say what is at stake, not what threatens it ("影响我们的财产安全与人身安全", "置百姓生命安全于何地"):
# the dev set's one letter resting on 生命安全 is a watch. 5-fold CV over fold seeds 0-4: alert recall
# unchanged, precision mean 0.424 -> 0.433. Real alerts: tipdm 604 -> 583, Shangluo 165 -> 163.
_NAMES_NO_HARM = frozenset({"安全隐患", "人身安全", "生命安全"})
# Words that drive the models but mislead as evidence: 转移 is also a 公积金 transfer, 滞留 a delayed
# parcel, 年了 and 全体 say nothing alone; single characters ("坑" of 坑洼, "骗") and "！！" likewise.
# None of them names a problem either (``PROBLEM_WORDS``).
_NOT_EVIDENCE = frozenset({"转移", "滞留", "年了", "全体"})


def signal_kind(word: str) -> str:
    """The kind of risk a warning cue word is a sign of (a ``SIGNAL_KIND_NAMES`` key), "" for a word
    that is no evidence on its own; alert kinds before watch kinds (拖欠 is arrears, not a dispute)."""
    return _SIGNAL_KINDS.get(word, "")


# A disaster word is a risk, not an event, where the clause before it says so ("一旦发生火灾",
# "极易引发火灾", "防止事故") or 隐患 follows it: blocked fire lanes are a hazard, and "灾害事故（“火灾”）"
# told an editor a fire had happened.
# Not 引发 or 导致 alone: "充电引发火灾" reports one.
# Not the 容易 of 好不容易 ("好不容易和医生联系，隔离期满": it happened).
_AS_RISK_BEFORE = re.compile("一旦|如果|万一|假如|倘若|若是|若因|担心|难免|(?<!好不)容易|极易|易发生|易引发|易造成|易导致|可能|随时|防止|避免|预防|杜绝|防范|以免|"
                             "会发生|会引发|会造成|会导致|会出现")
# These only right before the word ("严重影响救援", "消防车无法进入救援"): "受台风影响，多地发生洪水" reports one.
_AS_RISK_JUST_BEFORE = re.compile("影响|妨碍|阻碍|无法|不能|难以")
_JUST_BEFORE = 4
_CLAUSE_END = re.compile("[。！？；!?;\n]")
_RISK_WINDOW = 14
# Arrears are wages only where the text speaks of pay: 拖欠 of a water bill or a property certificate
# is a dispute, and 拿不到 alone is no sign of anything.
_WAGE_WORDS = ("工资", "工钱", "薪", "血汗钱", "农民工", "劳务费")
# One person's illness is no outbreak: "母亲在2013年9月确诊为食管癌", "由于感染住院", a hospital's 病例
# (a common slip for 病历, medical records). These words are signs of an epidemic only where the text
# names an infectious disease, its control or its count of cases. 6 real letters were alerts on them
# alone (3 of Shangluo's, 3 of tipdm's), none about an epidemic; every dev-set alert with them names
# 新冠 or 疫情.
_CASE_WORDS = frozenset({"确诊", "感染", "病例", "发热", "重症"})
# 隔离 is quarantine only beside another sign of an epidemic: in the real letters it is mostly a wall,
# a road's median or a green belt ("中间设有隔档，完全隔离", "绿化隔离需大于或等于50米", "把厨房与客厅、
# 卧室隔离"): tipdm's 10 alerts resting on it alone were all such. The dev set's alert naming it names 疫情.
# A quarantine's own words say so too ("隔离期满", "居家隔离").
_QUARANTINE = re.compile("隔离(?:期|点|观察|人员|酒店|政策|措施|管控)|(?:居家|集中|医学|强制)隔离")
# Routine testing is no outbreak: Hangzhou's letters asking for fewer 核酸 tests, or for the test
# site's room back, were alerts on it alone. Every dev-set text naming 核酸 names the epidemic too.
_OUTBREAK = re.compile("疫情|阳性|确诊|病例|感染|密接|封控|爆发|暴发")
# 疫情 as the time or the cause of something else is no outbreak: "2020年疫情期间外出务工补贴至今未发放",
# "今年疫情工作不好找", "用疫情和领导不在的原因推脱", "疫情防控关键时期" of an illegal building, or
# its negation ("非疫情管控区间"). Of Shangluo's 8 alerts on 疫情 alone, 2 used it only so (the rest
# name a lockdown or control work found wanting), and both of Hangzhou's; no dev-set alert names it so.
_BACKDROP_AFTER = re.compile("(?:防控)?(?:期间|时期|关键时期|以来|的?影响|的?原因|常态化)")
_BACKDROP_BEFORE = re.compile("(?:受|因|由于|今年|去年|前年|用|因为|加之|非)$")
# 冲突 is a clash of people where one breaks out ("保安与业主发生冲突", "矛盾冲突常常发生"); in most
# real letters it is a clash of rules or interests ("暖气费和房产证并不冲突", "与文件有冲突", "社区利益
# 和业主利益冲突时"): of 13 real alerts resting on it alone, 6 name a clash of people.
_CLASH_BEFORE = re.compile("发生|引发|爆发|肢体|起了?|激烈|暴力|矛盾|打架")
# 黑恶 is a threat where the letter names intimidation or violence ("利用当地黑恶势力威胁", "涉嫌以黑恶方式
# 威胁、恐吓"); otherwise it is a charge against officials ("不是某些黑恶势力的保护伞", "请问这是黑恶势力在
# 作祟吗"): 7 of the 17 real alerts resting on it alone.
_INTIMIDATION = re.compile("威胁|恐吓|胁迫|殴打|打人|打伤|行凶|暴力|持刀|砍|报复|围攻")
# Words that are signs only in one use, read from what follows them: rebar that is exposed ("钢筋外露",
# not "钢筋水泥材料费" or "切割钢筋" at night), an act that is extreme ("做出极端行为", not "极端天气" or
# "极端不舒服"), and hundreds of people ("上百人口", "数百名村民", not "上百只苍蝇", "数百辆渣土车" or
# "数百万元"; "二百多购房户" is people, a dev-set alert). Real alerts this ended: tipdm 9, Shangluo 3,
# Hangzhou 2; the dev set is unchanged.
_PEOPLE_AFTER = re.compile(
    "[个余多]?的?(?:名|位|业主|村民|居民|工人|农民工|民工|群众|孩子|小孩|学生|职工|员工|家庭|被骗|受害)|.{0,2}[人户]"
)
_TELLING_USE: dict[str, re.Pattern[str]] = {
    "钢筋": re.compile(".{0,2}(?:外露|外漏|裸露|露出|锈|断裂|凿)"),
    "极端": re.compile("的?(?:行为|手段|方式|想法|事件|行动|做法|措施)"),
    "上百": _PEOPLE_AFTER,
    "数百": _PEOPLE_AFTER,
    "二百多": _PEOPLE_AFTER,
}
# Cue words read inside other words: 重伤 of 严重伤害 ("光污染对人体造成严重伤害"), 危房 of 危房改造 (a
# rural housing programme: "易地搬迁、危房改造、农村饮水安全"), 死亡 of 死亡率 and 死亡证明, and idioms
# (冰冻三尺非一日之寒, 洪水猛兽: 4 real alerts, tipdm's "是谁将国企西地省巴士推向深渊？" among them).
_INSIDE_OTHER_WORDS: dict[str, re.Pattern[str]] = {
    "重伤": re.compile("严重伤"),
    "危房": re.compile("危房改造"),
    "死亡": re.compile("死亡(?:率|证)"),
    "冰冻": re.compile("冰冻三尺"),
    "洪水": re.compile("洪水猛兽"),
    # The fire brigade's name (县消防救援大队, 消防救援人员) is no rescue: every fire story names it.
    "救援": re.compile("防救援(?:大队|支队|总队|站|队|人员|机构)"),
}
_INFECTION = re.compile("疫情|新冠|冠状病毒|病毒|传染|流感|肺炎|阳性|密接|核酸|隔离|防疫|疫苗|无症状感染者|"
                        "确诊(?:病例|者|人员|患者)|[0-9０-９一二三四五六七八九十两几多]例")
# A gathering or a blocked road is unrest only where people do it: "村民只能最简单的堵路", "受害者聚集西地省
# 政府门口". In the real letters most are not: 摊贩聚集, 污水聚集, 聚集住宅, 交通拥堵路段, 大货车堵路.
# Of the letters of tipdm, Hangzhou and Shangluo naming them, people do it in 7 of 30 with 聚集 and 1 of
# 14 with 堵路. No dev-set alert rests on these words. A road blocked by no one is a livelihood problem,
# a gathering of no one nothing.
_CROWD_KINDS = {"聚集": "", "堵路": "livelihood", "围堵": "livelihood"}
_CROWD_PEOPLE = re.compile("业主|村民|居民|群众|工人|民工|受害者|受害人|家属|员工|职工|百姓|市民|学生|我们|大家|人员|"
                           "多人|多名|数十|上百|数百|百余|百多")
_CROWD_CLAUSE_END = re.compile(r"[，,、。！？；!?;\s]")
_CROWD_WINDOW = 12
# Weather as a time or a condition is no storm: "除了暴雨台风天，对面的公园每天…高音不断" made a noise letter
# read 灾害事故（“暴雨”“台风”）; "一到暴雨天气就反水", "台风季节即将到来" (9 of the 58 real letters naming
# the weather) are hazards, so they read as 安全隐患 as a fire named as a risk does.
_WEATHER = frozenset({"暴雨", "特大暴雨", "台风", "寒潮", "冰冻", "雨雪冰冻", "洪水", "内涝"})
_WEATHER_TIME_AFTER = re.compile("天气?|季节?|期间?|时节|来临|时|的时候|一来|一到")
_WEATHER_TIME_BEFORE = re.compile("(?:每逢|每到|每当|一到|遇到|遇上|一遇|遇|逢)$")
_WEATHER_EXCEPT = re.compile("(?:除了|除去|除)[^，。；！？]{0,3}$")
# Harm said not to have happened is no harm: "未造成人员伤亡" of a fire put out at once made the demo's
# restaurant fire read 灾害事故（“伤亡”）. The fire itself stays the sign.
_HARM_WORDS = ("伤亡", "死亡", "重伤", "遇难", "身亡")
_DENIED = re.compile("(?:未造成|未发现|未有|未致|没有造成|没有|无|暂无|并无)(?:任何)?(?:人员)?$")
_DENIAL_WINDOW = 8
_ROAD_OR_CLINIC = re.compile("交通|车|撞|医疗")  # before 事故: a traffic or a medical accident


def signal_kind_in(word: str, text: str) -> str:
    """``signal_kind`` of ``word`` as ``text`` uses it: a disaster or an epidemic only named as a risk
    is a safety hazard ("疾病很容易被传染" of a garbage bin: no outbreak); a diagnosis or an infection
    in a text that names no infectious disease is one person's illness, nothing; a gathering or a
    blocked road that names no people doing it is no unrest; arrears with no pay in the text are a
    dispute (拖欠) or nothing; a word not used in its sense as a sign is nothing (``_used_as_a_sign``:
    隔离 of a wall, 疫情 as a time, 冲突 of rules, 上百只苍蝇, 重伤 of 严重伤害)."""
    kind = signal_kind(word)
    if text and not _used_as_a_sign(word, text):
        return ""
    if word in _CROWD_KINDS and text and not _done_by_people(word, text):
        return _CROWD_KINDS[word]
    if kind in ("disaster", "health") and text and named_only_as_risk(word, text):
        return "safety"
    if kind == "arrears" and text and not any(pay in text for pay in _WAGE_WORDS):
        return "dispute" if word == "拖欠" else ""
    if kind == "arrears" and text and word not in _GROUP_ARREARS and owed_to_writer_alone(text):
        return "dispute"
    return kind


# The rubric's alert is wage arrears "affecting many workers"; one writer's own unpaid pay ("本人于2024年7月
# 入职…拖欠本人8月工资") is a labour dispute, a watch, as the dev set's one father owed his pay is. Of the
# 7,166 real letters of the three boards whose only alert cues are arrears, 27 of 105 are a writer's own
# (20 of Hangzhou's: a shop assistant, a trainee, a swimming coach; a thank-you once paid), 25 of them
# alerts before; the five among the letters we labelled are watches. A word that names the many
# (拖欠农民工工资, 拖欠全体) is evidence whoever writes.
_WRITER = re.compile("本人|我")
_MANY_OWED = re.compile(
    "人员|我们|大家|工友|工人们|农民工们|员工们|职工们|全体|多名|多人|数十|几十|十多|十几|二十多|几百|上百|数百|"
    "集体|等人|名工人|名员工|名农民工|一起|班组|工人工资|教师|老师们|职工工资|员工工资|"
    # An employer gone owes all its staff ("公司欠薪逃走": dissolved overnight).
    "逃走|逃跑|跑路|解散|倒闭|人去楼空|失联"
)
_GROUP_ARREARS = frozenset({"拖欠农民工工资", "拖欠全体", "农民工工资"})


def owed_to_writer_alone(text: str) -> bool:
    """Whether ``text`` is written in the first person and names no group of people owed or owing
    together (我们, 工友, 十几, 全体...): arrears in it are the writer's own."""
    return bool(_WRITER.search(text)) and not _MANY_OWED.search(text)


# The kinds that are signs of imminent risk (the rubric's alert), as opposed to watch kinds.
ALERT_KINDS: frozenset[str] = frozenset({"disaster", "health", "fraud", "safety", "stability", "arrears"})


def is_alert_evidence(word: str, text: str) -> bool:
    """Whether the alert cue ``word`` is evidence of an imminent risk as ``text`` uses it: not a word
    that says who or what is involved (工资, 全体业主, 转移: ``WEAK_SIGNAL_WORDS``, ``_NOT_EVIDENCE``) or
    one that names no harm (安全隐患, 人身安全: ``_NAMES_NO_HARM``), nor
    arrears with no pay in the text. A disaster only named as a risk still counts, as a hazard; an
    epidemic only named as one does not."""
    if word in WEAK_SIGNAL_WORDS or word in _NAMES_NO_HARM:
        return False
    # Traffic and medical accidents are the dev set's watches ("业主多次发生交通事故", "经常看到交通事故
    # 发生": every labelled letter naming one), not the rubric's fire, collapse, gas or flood. Nor is an
    # accident only feared ("很容易发生安全事故", "为了避免事故发生"): unlike 火灾, the word names no kind of
    # harm, as 安全隐患 does not. Real alerts it ended: tipdm 5 of 632 ("小孩子喜欢跑，极易发生事故").
    if word == "事故" and _no_harm_befell(text):
        return False
    used = signal_kind_in(word, text)
    # A disease named as a risk ("夏天蚊虫滋生，疾病很容易被传染" beside a garbage bin) reads as a hazard but
    # is a problem that may grow, the rubric's watch: it made "垃圾乱象何时终止" one of Shangluo's four 预警
    # of July 2021. A fire named as a risk stays evidence: blocked fire lanes are the dev set's alerts.
    if signal_kind(word) == "health" and used == "safety":
        return False
    return used in ALERT_KINDS


def _used_as_a_sign(word: str, text: str) -> bool:
    """Whether ``text`` uses ``word`` in the sense that makes it a sign (``_SIGN_IN_TEXT``,
    ``_INSIDE_OTHER_WORDS``, ``_TELLING_USE``); True for a word with no such rule."""
    in_text = _SIGN_IN_TEXT.get(word)
    if in_text and not in_text(text):
        return False
    other = _INSIDE_OTHER_WORDS.get(word)
    if other and all(other.search(text, max(0, start - 1), start + len(word) + 2) for start in mentions(word, text)):
        return False
    telling = _TELLING_USE.get(word)
    return not telling or any(telling.match(text, start + len(word)) for start in mentions(word, text))


def _clash_of_people(text: str) -> bool:
    """Whether some mention of 冲突 in ``text`` is a clash breaking out, not one of rules or interests."""
    return any(
        _CLASH_BEFORE.search(text[max(0, start - 3):start]) or text.startswith("事件", start + 2)
        for start in mentions("冲突", text)
    )


def _only_as_backdrop(text: str) -> bool:
    """Whether 疫情 is in ``text`` and every mention is the time or the cause of something else."""
    starts = list(mentions("疫情", text))
    return bool(starts) and all(
        _BACKDROP_AFTER.match(text, start + 2) or _BACKDROP_BEFORE.search(text[max(0, start - 4):start]) for start in starts
    )


# Words that are signs only where the text around them says so (see the notes on each pattern above).
# ``NOT_CUES`` masks the commonest other senses at the scan (隔离带, 疫情期间, 由于疫情), so the models never
# see them; these rules read the rest (完全隔离, 今年疫情, 疫情防控期间) as evidence and in reasons only,
# which leaves the models' features, and so the shipped models, as they are.
_SIGN_IN_TEXT: dict[str, Callable[[str], bool]] = {
    **{word: (lambda text, word=word: not _all_denied(word, text)) for word in _HARM_WORDS},
    **{word: (lambda text, word=word: not _weather_excepted(word, text)) for word in _WEATHER},
    "隔离": lambda text: bool(_QUARANTINE.search(text) or _INFECTION.search(text.replace("隔离", ""))),
    "核酸": lambda text: bool(_OUTBREAK.search(text)),
    "疫情": lambda text: not _only_as_backdrop(text),
    "冲突": _clash_of_people,
    "黑恶": lambda text: bool(_INTIMIDATION.search(text)),
    **{word: lambda text: bool(_INFECTION.search(text)) for word in _CASE_WORDS},
}


def _all_denied(word: str, text: str) -> bool:
    """Whether every mention of ``word`` in ``text`` is denied in its clause ("未造成人员伤亡")."""
    starts = list(mentions(word, text))
    return bool(starts) and all(
        _DENIED.search(_CLAUSE_END.split(text[max(0, start - _DENIAL_WINDOW):start])[-1]) for start in starts
    )


def mentions(word: str, text: str) -> Iterator[int]:
    """Where each mention of ``word`` in ``text`` starts (none of an empty word), one after another
    without overlapping, as ``re.finditer`` of the word would find them."""
    start = text.find(word) if word else -1
    while start >= 0:
        yield start
        start = text.find(word, start + len(word))


def _done_by_people(word: str, text: str) -> bool:
    """Whether some mention of a gathering or blocking ``word`` names people doing it in its clause."""
    return any(
        _CROWD_PEOPLE.search(_CROWD_CLAUSE_END.split(text[max(0, start - _CROWD_WINDOW):start])[-1])
        for start in mentions(word, text)
    )


def _no_harm_befell(text: str) -> bool:
    """Whether 事故 is in ``text`` and every mention is a traffic or medical accident or one only feared."""
    starts = list(mentions("事故", text))
    return bool(starts) and all(
        _ROAD_OR_CLINIC.search(text[max(0, start - 4):start]) or _named_as_risk_at("事故", text, start) for start in starts
    )


def reported_as_work(word: str, text: str) -> bool:
    """Whether a news story's risk word ``word`` reports work, not trouble: named only as a risk to
    guard against (``named_only_as_risk``: "坚决防止因欠薪引发群体性事件"), or bare 农民工工资, the
    subject of wage work ("加强农民工工资支付监管"; 拖欠农民工工资 is its own word)."""
    return word == "农民工工资" or named_only_as_risk(word, text)


def named_only_as_risk(word: str, text: str) -> bool:
    """Whether every mention of ``word`` in ``text`` is a risk to guard against, not a sign of one:
    a hypothetical or a prevention in its clause before it ("一旦发生火灾", "防止欠薪") or 隐患 after
    it ("火灾隐患")."""
    starts = list(mentions(word, text))
    return bool(starts) and all(_named_as_risk_at(word, text, start) for start in starts)


# Events that happen at one spot on one day: a headline naming one as it happened reports an incident,
# and two incidents at different places are two events however alike their words (models.topics).
INCIDENT_WORDS: tuple[str, ...] = (
    "火灾", "着火", "起火", "失火", "爆炸", "爆燃", "坍塌", "倒塌", "垮塌", "塌方", "塌陷", "燃气泄漏", "煤气泄漏",
    "泄漏", "溺水", "触电", "中毒", "食物中毒", "车祸", "事故", "溃坝", "决堤",
)
_INCIDENT = re.compile("|".join(sorted(INCIDENT_WORDS, key=len, reverse=True)))
# A headline's campaign against a kind of incident reports none: "严防冬季火灾", "火灾防控专项行动",
# "事故应急演练", "防溺水安全教育".
_CAMPAIGN_BEFORE = re.compile("严防|谨防|防范|预防|防止|杜绝|遏制|减少|防$")
_CAMPAIGN_AFTER = re.compile("^(?:隐患|防控|防治|防范|预防|应急|演练|演习|场景|预案|知识|宣传|教育|逃生|风险|排查|易发|多发|高发|频发|防)")


# "出了火灾怎么办？": a letter asking who answers for a fire that has not happened.
_WHAT_IF = re.compile("怎么办|咋办|谁负责|谁来负责|谁承担")
# What comes months after one: "…火灾事故调查报告公布", "…因…事故被问责", "…事故相关责任人被严肃查处"
# (新闻联播, 2023-2025); a letter on its aftermath or on a collapse left for years ("住房着火 物业推脱责任",
# "洛南秦岭钼业公司8，9中毒事故善后事宜", "路面垮塌安全隐患多年不处理": 12 of the 13 letters of Hangzhou
# and Shangluo naming one). They report no incident tonight.
_AFTERWARDS = re.compile("调查报告|评估报告|问责|查处|追责|周年|教训|善后|过后|赔偿|理赔|推诿|推脱|不配合|责任|"
                         "多年|迟迟|许久|长期|至今|一直|无人(?:处理|管|问|修|理|负责)|不处理|不修|为何|是否|谁来管|再次|多次|经常|常出|频繁|"
                         "问题|鉴定")


def incident_words(headline: str) -> list[str]:
    """The words by which ``headline`` reports a fire, a collapse, a poisoning or another accident as one
    that happened ("经开区一物流仓库起火": 起火), not as a risk to guard against ("严防冬季火灾", "火灾防控")."""
    words: dict[str, None] = {}
    if _AFTERWARDS.search(headline):
        return []
    for match in _INCIDENT.finditer(headline):
        before, after = headline[max(0, match.start() - 4):match.start()], headline[match.end():match.end() + 4]
        # A what-if right after the word ("出了火灾怎么办") is read by ``_named_as_risk_at``, as in texts.
        risk = _CAMPAIGN_BEFORE.search(before) or _CAMPAIGN_AFTER.match(after)
        if not risk and not _named_as_risk_at(match.group(), headline, match.start()):
            words[match.group()] = None
    return list(words)


def reports_an_incident(headline: str) -> bool:
    """Whether ``headline`` reports an incident as one that happened (``incident_words``)."""
    return bool(incident_words(headline))


def _named_as_risk_at(word: str, text: str, start: int) -> bool:
    clause = _CLAUSE_END.split(text[max(0, start - _RISK_WINDOW):start])[-1]
    after = text[start + len(word):start + len(word) + 2]
    if word in _WEATHER and _as_weather_condition(word, text, start):
        return True
    # "以后出了安全事故谁负责？": who answers for one that has not happened (tipdm's 峰景 letter).
    rest = text[start + len(word):start + len(word) + 5]  # right after: not "发生交通事故，责任谁负责"
    return bool(_AS_RISK_BEFORE.search(clause) or _AS_RISK_JUST_BEFORE.search(clause[-_JUST_BEFORE:]) or after == "隐患"
                or _WHAT_IF.search(rest))


def _as_weather_condition(word: str, text: str, start: int) -> bool:
    """Whether the weather ``word`` at ``start`` is a time or a condition ("一到暴雨天气就反水", "台风季节即将
    到来"), not a storm that has come."""
    return bool(_WEATHER_TIME_AFTER.match(text, start + len(word))
                or _WEATHER_TIME_BEFORE.search(text[max(0, start - 3):start]))


def _weather_excepted(word: str, text: str) -> bool:
    """Whether every mention of the weather ``word`` is an exception ("除了暴雨台风天，…每天…高音不断")."""
    starts = list(mentions(word, text))
    return bool(starts) and all(_WEATHER_EXCEPT.search(text[max(0, start - 6):start]) for start in starts)


def _signal_kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for groups in (ALERT_CUES, WATCH_CUES):
        for group, words in groups.items():
            for word in words:
                if len(word) < 2 or not re.search("[\u4e00-\u9fff]", word) or word in _NOT_EVIDENCE:
                    continue
                kinds.setdefault(word, "fraud" if word in _FRAUD else group)
    return kinds | _KIND_OVERRIDES


_SIGNAL_KINDS: dict[str, str] = _signal_kinds()
_CONDUCT = ("不作为", "推诿", "推卸", "扯皮", "敷衍", "踢皮球", "懒政", "失职")
PROBLEM_WORDS: frozenset[str] = frozenset(
    word
    for words in (
        POINT_CUES["difficult"], ALERT_CUES["disaster"], ALERT_CUES["health"], ALERT_CUES["safety"],
        ALERT_CUES["arrears"], WATCH_CUES["livelihood"], _CONDUCT,
    )
    for word in words
    if word not in COMPLAINT_MARKERS and word not in _NOT_EVIDENCE
)


@lru_cache(maxsize=1)
def _lexicon_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in LEXICON | NOT_CUES:
        automaton.add_word(word, (len(word), word))
    automaton.make_automaton()
    return automaton


def _occurrences(text: str) -> list[tuple[int, int, str]]:
    """Every occurrence of every lexicon word (and of ``NOT_CUES``) in ``text`` as (start, -length,
    word), sorted.

    One pass of an Aho-Corasick automaton (pyahocorasick, in C) finds them all, overlapping ones
    included, so each word list's matches are a filter of this list.
    """
    found = [(end + 1 - length, -length, word) for end, (length, word) in _lexicon_automaton().iter(text)]
    found.sort()  # the longest word at each start comes first
    return found


@lru_cache(maxsize=64)
def _accepted(words: tuple[str, ...]) -> frozenset[str] | None:
    """The words of ``words`` (None: the whole lexicon); KeyError if any is outside the lexicon."""
    accept = frozenset(word for word in words if word)
    if not accept <= LEXICON:
        raise KeyError
    return None if accept == LEXICON else accept


@lru_cache(maxsize=16)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_trie_regex({word for word in words if word} | NOT_CUES))


@lru_cache(maxsize=16)
def _group_owners(names: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """Every cue word of ``names`` and, per word, the groups it counts for.

    A word counts for every group with a cue inside it: "拖欠农民工工资" (arrears) also counts as
    "拖欠" for point:difficult, as separate per-group searches would find it.
    """
    words = {word for name in names for word in ALL_CUE_GROUPS[name]}
    owners = {
        word: tuple(k for k, name in enumerate(names) if any(cue in word for cue in ALL_CUE_GROUPS[name]))
        for word in words
    }
    return tuple(sorted(words)), owners


class CueScan:
    """The cue words of one text, found once: the features, the reasons and the warning cues of a
    document are all filters of this one scan.

    ``find(words)`` gives what ``re.findall`` over ``_trie_regex(words | NOT_CUES)`` gives, less the
    ``NOT_CUES`` (leftmost-longest, non-overlapping; ``tests/test_cues.py``). The scan is an
    Aho-Corasick pass over the text, about half the time of one regex pass over the whole lexicon;
    before, each document had one regex pass for the features and more for the reasons and the
    warning cues.
    """

    __slots__ = ("found", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = _occurrences(text) if text else []

    def _matches(self, words: tuple[str, ...], end: int | None = None) -> Iterator[str]:
        """The occurrences of ``words`` in order; at each position the longest word, then on after it.
        With ``end``, only those that start before that character."""
        if not self.text or not words:
            return
        try:
            accept = _accepted(words)
        except KeyError:  # a word list beyond the lexicons: its own regex
            yield from (
                match.group() for match in _pattern(words).finditer(self.text)
                if match.group() not in NOT_CUES and (end is None or match.start() < end)
            )
            return
        covered = 0
        for start, negative_length, word in self.found:
            if end is not None and start >= end:
                return
            if start < covered:
                continue
            if word in NOT_CUES:
                covered = start - negative_length  # 隔离护栏: no 隔离 inside it
            elif accept is None or word in accept:
                covered = start - negative_length
                yield word

    def find(self, words: tuple[str, ...], end: int | None = None) -> list[str]:
        """All (non-overlapping) occurrences of ``words``, in order; the longest word at a position wins.
        With ``end``, only those that start before that character (a headline and its lead)."""
        return list(self._matches(words, end))

    def first_distinct(self, words: tuple[str, ...], limit: int) -> list[str]:
        """``unique(find(words))[:limit]``, without reading further than it needs."""
        distinct: dict[str, None] = {}
        for word in self._matches(words):
            if len(distinct) >= limit:
                break
            distinct[word] = None
        return list(distinct)

    def group_counts(self, names: tuple[str, ...]) -> list[int]:
        """Cue occurrences per group of ``names`` (names of ``ALL_CUE_GROUPS``)."""
        counts = [0] * len(names)
        words, owners = _group_owners(names)
        for word in self.find(words):
            for k in owners[word]:
                counts[k] += 1
        return counts


def find_cues(text: str, words: tuple[str, ...]) -> list[str]:
    """All (non-overlapping) occurrences of ``words`` in ``text``, in order of appearance.

    At each position the longest word wins ("拖欠农民工工资", not "拖欠"); the search goes on after it.
    """
    return CueScan(text).find(words)


def unique(words: list[str]) -> list[str]:
    """``words`` without repeats, first occurrence order kept."""
    return list(dict.fromkeys(words))
