"""Place extraction: the most specific estate, village, community, street, town or district named.

Rule-based on purpose: hotline exports name places in a handful of regular shapes ("A3区联丰路米兰春天
G2栋", "暮云街道丽发新城小区", "春华镇金鼎村"), and the estate name is the strongest signal that two
complaints are about the same thing. A statistical NER model would cost far more and still miss
estate names it has never seen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from itertools import accumulate
from typing import Any

from models.cues import mentions
from xuanti.records import NEWS_LEAD_CHARS

__all__ = [
    "county_names",
    "document_place",
    "extract_place",
    "is_division",
    "member_areas",
    "merged_places",
    "named_county_cities",
    "named_whole",
    "office_division",
    "office_names",
    "outside_area",
    "place_key",
    "place_level",
    "same_place",
]

_SPACES = re.compile(r"\s+")
# A line ends a sentence: a headline or paragraph without a full stop must not run into the next line
# ("……涉嫌违反规定" + "迎春社区……" read as a place 涉嫌违反规定迎春社区).
_LINE_BREAKS = re.compile(r"\s*[\r\n]\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMERAL = re.compile(r"[一二三四五六七八九十百0-9]+[期栋号]?")

_NAME = r"[\u4e00-\u9fffA-Za-z0-9·.]"
# Each pattern captures (context + name, suffix); the name part is cleaned, the suffix kept.
_ESTATE = re.compile(
    rf"({_NAME}{{2,14}}?)((?:新城|新村|花园|家园|山庄|公寓)(?:小区)?|小区|苑)"
    # Not the start of a community or village name: 暮云花园岭社区 is no estate 暮云花园.
    r"(?!社区|村|片区|区|街道|镇|路|[\u4e00-\u9fff](?:社区|村))"
)
# An estate without a suffix, recognised by a building or phase number after it ("米兰春天G2栋").
# Not an issue number (2016年第10期), a holiday (五一期间), a clinical trial's phase (二期临床), a
# soldier's term of service (军人三期转业, 三期士官) or what something is to become
# (要求改成一期一个标准的防护围栏 gave the place 求改成).
_ESTATE_BY_BUILDING = re.compile(
    rf"({_NAME}{{2,12}}?)()(?<!改成|变成|建成|分成)(?=[A-Za-z]?\d+[栋幢]|\d+号楼|(?<![第\d一二三四五六七八九十])[一二三四五六七八九十\d]+期(?!间|临床|试验|转业|士官))"
)
# A numbered part of an estate is the estate ("翠苑四区", "景芳六区", "星沙三区": Hangzhou's and
# Changsha's letters name them so), but not a count of districts ("三环内五区", "一都四区").
_ESTATE_PART = re.compile(rf"({_NAME}{{2,8}}?)(?<![内都])([一二三四五六七八九十]区)(?![长委政域块间别])")
# After 村: a villager, the village committee or group, a hamlet (村民, 村委, 村组, 村庄…) end no name.
_VILLAGE_NOT_BEFORE = "民委组庄里落子"
_VILLAGE = re.compile(rf"({_NAME}{{2,10}}?)(社区|(?<![进驻])村)(?![{_VILLAGE_NOT_BEFORE}])")
# What follows 村 when it means "the village's" (its cadres, level, collective, leaders) rather than
# ending a name; a verb in front then says whose ("伙同村干部", "问村领导", "跟村镇反映").
_OF_THE_VILLAGE = re.compile("干部|级|集体|领导|镇|上")
# 背井离乡, 他乡, 之乡 ("诈骗之乡"), 故乡, 归乡 and 回家乡 ("从沿海回家乡发展") name no town, nor do
# 镇痛, 镇静, 镇定, 镇压 and 镇守, nor 乡音, 乡愁, 乡亲, 乡情 and 乡贤 ("带着浓浓乡音").
_TOWN_NOT_BEFORE = r"(?![村长政党镇痛静定压守]|(?<=乡)[音愁亲情贤])"
_TOWN = re.compile(rf"({_NAME}{{2,8}}?)(街道|镇|(?<![返下回离他之故归])(?<!回家)乡){_TOWN_NOT_BEFORE}")
# Districts and counties are read from the county list (``named_counties``); the pattern below adds
# only lettered ones ("A3区", anonymised exports) and the named development zones. Any other "……区" is
# nearly always a generic word or glued context: across the real exports and event news, 2,000 such
# matches not on the list were 居民区, 猛兽区, 绥德院区 (a hospital's campus), 景芳六区 (an estate's
# part, read as the estate above) and the like, against a handful of real names (大通湖区; 临安区,
# since added to the list).
# Zones named by a word that otherwise marks a generic 区 ("新区" alone is mostly generic); up to two
# characters of city may precede them, never "级" ("国家级高新区" gives 高新区, not 家级高新区).
_NAMED_ZONES = ("高新区", "经开区")
# The one or two characters in front of a named zone are its city ("武进高新区", "清河经开区") unless
# they end in a word that leads into a name or the city's 市 ("高铁站至经开区", "全市各高新区", "我是经开区",
# "商洛市高新区")...
_ZONE_LEAD_ENDS = frozenset("在到至于入驻向从和与及各全本该每的过了是我这就也还又让请要想已被把给住市省")
# ... or jieba's dictionary knows them as anything but a name ("吸取经开区仓库火灾教训", "落户高新区",
# "推动高新区发展"). Words it does not know (星沙) are taken for names.
_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt", "j"})

_DISTRICT = re.compile(
    r"()((?<![A-Za-z0-9])[A-Z]\d*[区县]"
    rf"|(?:[\u4e00-\u9fff]{{1,2}}(?<!级))?(?:{'|'.join(_NAMED_ZONES)}))(?![长委政域块间别])"
)

# Cut a match after the last administrative marker or function word: what precedes it is context,
# not part of the name ("我是A2区丽发新城小区" -> "丽发新城小区"). A street office (街道办, 街道办事处,
# 街办) is cut whole: cut at its 道 or 街, "办东关社区" would be left. Who said it is context as well
# ("开发商说紫荆苑", "城管称青青家园", "备案名称新里佳苑"), and so is what a name is said to be of
# ("拟建停车场为联盟村", "作为龙泉小区"), except in 为民 (为民社区 is a common name). 系 is a letter's
# "is" ("本人系小区业主" gave 人系小区), 未 its "not" ("未通知小区业主" gave 未通知小区), except in 未来
# (未来社区, 未来城). 往 is where a road leads ("国道往北通往小区里面", "路口往返新港村"); the 市 of 市场 is no city
# ("沙河子镇农贸市场移民搬迁小区" gave 场移民搬迁小区). 抵达 is arriving ("与房产中介抵达听荷芳翠府看房").
_CUT = re.compile(
    r".*(?:(?<=街道)办(?:事处)?|(?<=街)办|往返|[区县镇乡省路街道巷号栋楼的在是了和与及我们个该本位于住到至去往从给对把被向这那些何过入变没不很也就还又让请要想会已某巿说称以使系但且因叫各]|或者?|市(?!场)|为(?!民)|未(?!来)"
    r"|[A-Za-z]\d+|抵达)"
)
# A facility in front of a village or community is where in it, not part of its name
# ("商洛市垃圾处理站龙山村"), when a name of two characters is left: 火车站社区 and 马场坪村 stay whole.
_FACILITY_BEFORE = re.compile(r"^.*[站厂场馆所局](?=[\u4e00-\u9fff]{2,}$)")
# The suffixes of estates (as ``_ESTATE`` captures them: "花园", "花园小区", "小区", "苑").
_ESTATE_SUFFIX = re.compile("新城|新村|花园|家园|山庄|公寓|小区|苑|府")
# 府 names many new estates (栖云府, 金茂府, 琨瑜府: about 500 mentions in the real letters of Hangzhou and
# tipdm), 府邸 a few (枫华府邸). Not a government (政府, 市府, 县府, 省府, 镇府, 区府), a university
# (高等学府), a road or a street (楚府东路, 天府大道, 王府井), a school (长郡楚府中学), a firm or a
# restaurant (杭州紫府网络科技有限公司), nor 府 of 府上 (someone's home). Only a topic's place reads
# these (``mansion_estate``).
_ESTATE_FU = r"(?<![政市县省镇乡区])(?<!等学)府"
_MANSION_HINT = re.compile(_ESTATE_FU)  # the 府 every match of _MANSION_ESTATE ends at
_MANSION_ESTATE = re.compile(
    rf"({_NAME}{{2,14}}?)({_ESTATE_FU}邸?(?:小区)?)"
    r"(?![东西南北]路|大道|大街|井|上|网络|科技|有限|集团|[酒餐饭菜]|[中小]学|学校|幼儿园|学院)"
)
# Words that end estates' names and are no name alone: before a building number, a 和 in front of them
# is the name's ("颐和人家7栋"), not "and" as in "学校和花园之间".
_ESTATE_WORDS = frozenset({"人家", "花园", "家园", "新村", "新城", "山庄", "公寓", "名苑", "雅苑", "佳苑", "华庭"})
# Communities, villages and towns may be named after a street ("西街社区", "解放路社区", "王巷村",
# "新街街道"): before these suffixes, a last street character is part of the name, not a place to cut.
_STREET_NAMED = {"社区": "街路巷", "村": "街巷", "街道": "街", "镇": "街"}
# Generic words that end up in front of a suffix but are not names ("我们小区", "导致小区").
_GENERIC_PREFIXES = tuple(
    sorted(
        {
            "导致", "整个", "周边", "周围", "安置", "现在", "目前", "影响", "严重影响", "造成", "使得", "距离",
            "破坏", "还有", "本来", "但是", "而且", "而", "这个", "那个", "这些", "附近", "所在", "老旧",
            "新建", "高档", "各个", "多个", "其他", "相关", "有关", "进入", "进出", "出入", "整改", "管理",
            "住宅", "商品房", "回迁", "农村", "城中", "全", "同一", "一个", "两个", "多", "整", "原",
            "请问", "反映", "投诉", "关于", "咨询", "建议", "希望", "要求", "举报", "涉及", "针对", "属于",
            "就是", "对于", "靠近", "临近", "紧邻", "旁边", "隔壁", "地处", "坐落", "座落", "处于", "楼盘",
            "项目", "开发商", "物业", "业主", "居民", "村民", "社区", "福利房", "职工", "定向", "万科", "最后",
            "大型", "生活", "企业", "公司", "甚至", "大部分", "部分", "有", "老", "紧挨", "之前", "一期", "二期", "三期", "四期", "五期",
            "按照", "高层", "办事处", "街道办", "街办", "完成", "宣布", "监管", "最新", "临床", "诊断为", "确诊为",
            "拆迁", "拆除", "所有", "说明", "房产", "工程", "代表", "发现", "保证", "确保", "保障",
            "一名", "相邻", "两大", "维持", "连接", "领导您好", "领导你好", "您好", "你好", "全国",
            # Verbs of news prose in front of 社区/村/家园 ("走进社区", "聚焦村", "守护家园").
            "走进", "完善", "实现", "抓好", "聚焦", "服务", "构建", "扎根", "增加", "优化", "推广", "领略",
            "品尝", "触摸", "尽享", "守护", "共建", "建好", "远离", "查看", "察看", "开展", "发展", "包括", "退出", "分配",
            "上半年", "下半年", "今年", "去年", "明年", "前年",
            # Prose of letters in front of 小区 (real ones: "恢复小区绿化", "铲除小区菜地", "据统计小区").
            "恢复", "改善", "考虑", "维护", "解决", "铲除", "经营", "绕行", "知情", "据统计", "统计", "通知",
            "负责", "东边", "西边", "南边", "北边", "边上", "许多", "无视",
            # A contract's parties ("需征用乙方地处大荆镇原后村三组土地").
            "甲方", "乙方", "丙方",
            "任何", "一家",  # "任何一家养老公寓"
            "后续", "正好", "上有",  # "后续小区基本每家都安了电梯", "正好景星社区…有一块空地", "月塘路上有龙湾一期"
            "政府", "征收", "例如", "比如", "当时", "来自", "得知",  # "政府征收暮云新村", "例如景村", "当时村里", "来自镇上"
        },
        key=len,
        reverse=True,
    )
)
_NOT_NAMES = {
    "小区", "社区", "新村", "花园", "家园", "公寓", "新城", "城区", "景区", "园区", "片区", "辖区", "市区",
    "郊区", "校区", "山区", "城乡", "下乡", "老乡", "家乡", "城镇", "乡镇", "村镇", "农村", "全村", "本村",
    "该村", "乡村", "街道", "县区", "各区", "全区", "全县", "本县", "该县", "该区", "本区", "一区", "二区",
    "三区", "新区", "地区", "专区", "住宅区", "居住区", "生活区", "商业区", "工业区", "开发区", "示范区",
    "试验区", "保护区", "风景区", "服务区", "社区村", "乡村振兴", "小城镇", "小镇",
    "新农村", "农业农村", "特色小镇", "示范村", "示范村镇",
    # Generic in news prose: 全国行政村, 住房城乡建设, 守护精神家园.
    "行政村", "城中村", "老小区", "基层社区", "居家社区", "城乡社区", "房城乡", "精神家园", "共同家园",
    "地球家园", "重建家园",
    # Kinds of housing, not names ("预售房24栋1102", "任何一家养老公寓", 复式公寓), and of village
    # (深度贫困村).
    "商业小区", "长租公寓", "超大型社区", "预售房", "安置房", "回迁房", "自建房", "复式公寓", "商业公寓", "养老公寓",
    "贫困村", "深度贫困村", "边境村", "村容村",  # 村容村貌
}
# Words that make what follows generic when they end the name part: "老旧小区改造" is a policy, not an
# estate called 议研究老旧小区 (from "常务会议研究老旧小区改造"); "周边小区" are the estates around one.
# Not 安置/回迁: "泉塘安置小区" is a resettlement estate's real name.
# Nor "规范商业公寓", "买商业公寓", "平层公寓": kinds of flat; nor news's kinds of town, village and
# community ("京西重镇", "顿涅茨克战略重镇", "重点村", "边境小康村", "无疫小区", "智慧社区", "临时性社区").
_GENERIC_TAILS = (
    "老旧", "周边", "附近", "地铁", "癌", "肉瘤", "行政", "建制", "商业", "复式", "平层",
    "重点", "小康", "贫困", "无疫", "疫情", "病毒", "智慧", "临时性", "穆斯林",
)
# ...and in front of 家园 only: 精神家园, 守护中华民族共同家园 (not 美好家园 or 美丽家园: many estates are
# named so, and 克拉美丽山庄 is one).
_GENERIC_HOME_TAILS = ("共同", "精神", "地球")
# Verbs of policy prose glued in front of a name ("推进梅山村道路硬化"), stripped when a name is left.
_POLICY_VERBS = re.compile(r"^(?:统筹|推进|推动|促进|开展|深化|加快|实施|大力|全面|加强|落实)+(?=.{2,}$)")
# A letter's "can" or "need" before a verb (not 能源 or 需求).
_MODAL_BEFORE_A_VERB = re.compile("能(?!源)|需(?!求)")
# Modal verbs are prose, never part of a name.
_MODAL = re.compile("应当|应该|必须|需要|可以|能够")
# A name's last character and the suffix making a generic word: "统筹城乡", "推进新型城镇化" and
# "深化农村改革" name no place, nor do "离开家乡" and "江南水乡". One character before it may be a real
# name (古城乡, 龙城镇, 清水乡), more is prose. Not 小镇: "格兰小镇", "麓谷小镇" are estates.
_GENERIC_ENDINGS = frozenset({"城乡", "城镇", "乡镇", "农村", "乡村", "家乡", "水乡"})
# Real district, county and banner names (``county_names``). The district pattern above
# must reject "…山区", "…城区", "…新区" and one-character counties, which are mostly generic words or
# glued context; a name this list holds is taken as it is instead: 萧山区, 上城区, 浦东新区, 丰县,
# 乌鲁木齐县 (the pattern's three characters gave 鲁木齐县), and every autonomous county.
_COUNTY_ENDS = re.compile(r"[区县旗]")
# After a name: 区委/县长/区政府 are offices, 区域/区块/区间/区别 other words (as in _DISTRICT).
_COUNTY_FOLLOWERS = frozenset("长委政域块间别")
# A one-character county ("丰县", "和县", "新县") is taken only after one of these Chinese lead
# characters, a province, or anything not Chinese (punctuation, a code, the start): in "湖南县城",
# "区和县", "建设新县城" and "A市与星沙县" it is none, and the district pattern reads the text as it
# would without the list.
_SHORT_COUNTY_LEADS = frozenset("在住于到至是的市省州盟往去从自与及")


# Division names that are generic words too: read anywhere, "城区" and "东区" would be places in every
# other text. County-level cities are read apart, with context (``named_county_cities``): "海城市" is in
# "沿海城市".
_GENERIC_COUNTY_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区", "新城区", "老城区"})


@lru_cache(maxsize=1)
def county_names() -> frozenset[str]:
    """The districts, counties and banners (区, 县, 旗) of the division table that names are read
    against anywhere in a text: 2,481 names."""
    return frozenset(
        name for name in _divisions()[0] if name.endswith(("区", "县", "旗")) and name not in _GENERIC_COUNTY_NAMES
    )


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, frozenset[tuple[str, str]]], frozenset[str], frozenset[str]]:
    """({county: {(city, province)}}, the cities, the provinces) of ``models/resources/county_cities.tsv``."""
    text = files("models").joinpath("resources", "county_cities.tsv").read_text(encoding="utf-8")
    found: dict[str, set[tuple[str, str]]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            county, city, province = line.split("\t")
            found.setdefault(county, set()).add((city, province))
    cities = frozenset(city for pairs in found.values() for city, _ in pairs)
    provinces = frozenset(province for pairs in found.values() for _, province in pairs)
    return {county: frozenset(pairs) for county, pairs in found.items()}, cities, provinces


@lru_cache(maxsize=256)
def _office(area: str) -> tuple[str, str] | None:
    """("city" | "province" | "county", full name) of an office's ``[general].area``, None if it is
    no known division ("本县", the anonymised "A市", the fictional 江州市)."""
    counties, cities, provinces = _divisions()
    area = "".join((area or "").split())
    # The office may be written with what it belongs to ("浙江省杭州市", "杭州市萧山区"): the last
    # division named is the office's.
    for start in range(len(area) - 1):
        tail = area[start:]
        # Exact names first: 海南省 is a province, though its own counties give it as their city too.
        for level, name, names in (
            ("province", tail, provinces), ("city", tail, cities), ("county", tail, counties),
            ("city", tail + "市", cities), ("province", tail + "省", provinces),
        ):
            if name in names:
                return level, name
    return None


# The provinces as headlines write them ("湖南长沙", "宁夏银川"), with the regions the division table
# leaves out.
_PROVINCE_SUFFIX = re.compile("(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_OTHER_REGIONS = ("香港特别行政区", "澳门特别行政区", "台湾省")


@lru_cache(maxsize=1)
def _province_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern finding any province by its full or short name, and short or full name -> full name."""
    full = [*_divisions()[2], *_OTHER_REGIONS]
    names = {name: name for name in full} | {_PROVINCE_SUFFIX.sub("", name): name for name in full}
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True))), names


def provinces_named(text: str) -> frozenset[str]:
    """The provinces ``text`` names, by full or short name ("河南安阳市" -> 河南省), as full names; not a
    name that names a road, a dish or someone's origin (``names_a_thing_at``: 北京路, 重庆火锅, 河南籍)."""
    pattern, names = _province_names()
    text = text or ""
    return frozenset(names[match.group()] for match in pattern.finditer(text) if not names_a_thing_at(text, match.end()))


# What a place's name names when these follow it: a road (北京路, 江西中路, 上海街), a dish or a
# restaurant's fare (重庆火锅, 韩国烤肉, 日本料理, 美国加州牛肉面), someone's origin (河南籍), a chamber of
# commerce, goods brought in (美国进口), a disease or a pest (非洲猪瘟, 美国白蛾, 日本血吸虫). A local
# fire "北京路一商铺起火" or "城关镇一韩国烤肉店发生火灾" happened at home; 上海街头 is in Shanghai.
_ROAD_DIRECTION = r"(?:[东西南北中]{1,2}|[一二三四五六七八九十]+)?"  # 江西中路, 星沙东四路
_NAMES_A_THING_AFTER = re.compile(
    rf"{_ROAD_DIRECTION}(?:路|大道|大街|街(?![头道])|巷|弄)"
    r"|籍|老乡|商会|进口|(?:加州)?牛肉面|(?:特色|风味)?(?:料理|火锅|小面|菜馆|餐厅|餐馆|饭店|饭馆|酒楼|酒家|小吃|烧烤|"
    r"烤肉|涮羊肉|羊肉串|米线|米粉|大盘鸡|拉面|面馆|烤鱼|烤鸭|麻辣烫|冒菜|串串|鸡公煲|面包|蛋糕|汉堡|炸鸡|披萨)"
    r"|猪瘟|大蜗牛|白蛾|一枝黄花|脑炎|血吸虫|呼吸综合征"
)


def names_a_thing_at(text: str, end: int) -> bool:
    """Whether the place's name that ends at ``end`` of ``text`` names a road, a dish, someone's
    origin, imports or a disease there, not the place (``_NAMES_A_THING_AFTER``)."""
    return _NAMES_A_THING_AFTER.match(text, end) is not None


# A road's own suffix after a name, with its direction or number (人民西路, 星沙东四路, 金州大道,
# 鑫茂街), as an editor would write the road. Not what follows a road in prose: 路口, 路段, 路面, 路灯,
# 路上 ("回家路上"), 路线 ("出行路线"), 路过 ("人民路过江通道" is 人民路, but its 路过 is a word); not
# 街道 (a street office), 街头, 街坊 or 街边. Or a division's suffix (石桥街道, 高桥镇, 高岸村), with
# the place reader's own exclusions after it (镇长, 乡亲, 村民; 村干部 and 村级, the village's).
_NAME_SUFFIX = re.compile(
    rf"{_ROAD_DIRECTION}(?:大道|大街|路(?![口段面灯上线过况边人费政牌标障基途旁肩径子由数])"
    r"|街(?![头道坊边面区舞])|巷|弄)"
    rf"|((?:街道|镇|乡){_TOWN_NOT_BEFORE}|社区|村(?![{_VILLAGE_NOT_BEFORE}]|{_OF_THE_VILLAGE.pattern}))"
)
# What may stand right before a road's or a division's name: a division's or another road's last
# character, a conjunction or a preposition ("A市营盘路", "拱墅区石桥街道太公街", "关于市府大道、欣荣路",
# "潮王路新风路").
_BEFORE_A_NAME = frozenset("市区县镇乡村省州旗道路街巷弄号与和及在于对到至从往经沿近的是把将给向请临")
# The tail of a road's name and a direction jieba glued into one word: 路西 of "咸嘉湖西路西方向".
_ROAD_TAIL = re.compile(r"[路街][东西南北]")


def named_whole(word: str, titles: str) -> str:
    """The road or division ``word`` names in ``titles`` when every mention of it starts one's name
    (营盘 -> 营盘路, 人民 -> 人民西路, 石桥 -> 石桥街道: the spelling most mentions use); '' when every
    mention is a road's tail and a direction glued into one word (路西 of "咸嘉湖西路西方向"); else
    ``word`` itself.

    A piece inside a longer name is left as it is: 湖西 of 咸嘉湖西路 is no road of its own.
    """
    if _ROAD_TAIL.fullmatch(word):
        starts = list(mentions(word, titles))
        return "" if starts and all(start > 0 and _CJK.match(titles, start - 1) for start in starts) else word
    names: Counter[str] = Counter()
    for start in mentions(word, titles):  # most words fail at their first mention: no list of them all
        suffix = _NAME_SUFFIX.match(titles, start + len(word))
        if suffix is None or (start > 0 and _CJK.match(titles, start - 1) and titles[start - 1] not in _BEFORE_A_NAME):
            return word
        name = word + suffix.group()
        if suffix.group(1) and _clean(word, suffix.group(1)) != name:
            return word  # no name a division could have: 城市街道, 全村
        names[name] += 1
    if not names or _short_word_tags().get(word) in _VERB_TAGS:
        return word  # 回家, 出行: a verb before 路 is prose, not a road's name
    return names.most_common(1)[0][0]


@lru_cache(maxsize=256)
def office_provinces(area: str) -> frozenset[str]:
    """The province of an office's area (a county name several provinces share gives each); none for
    an area the division table does not know ("本县", 江州市)."""
    office = _office(area)
    if office is None:
        return frozenset()
    level, name = office
    counties, _, _ = _divisions()
    if level == "province":
        return frozenset({name})
    if level == "county":
        return frozenset(province for _, province in counties.get(name, ()))
    return frozenset(province for pairs in counties.values() for city, province in pairs if city == name)


def office_division(area: str) -> str:
    """The division an office's ``[general].area`` names, written as it may be ("浙江省杭州市" ->
    杭州市, "杭州" -> 杭州市, "杭州市萧山区" -> 萧山区); "" if it names none ("本县", "A市")."""
    office = _office(area)
    return office[1] if office else ""


def office_divisions(area: str) -> frozenset[str]:
    """The divisions inside an office's area: a city's districts and counties (杭州市 -> 上城区, 富阳区,
    桐庐县...), a province's cities and their counties; none for a county or an unknown area."""
    office = _office(area)
    if office is None or office[0] == "county":
        return frozenset()
    level, name = office
    counties, _, _ = _divisions()
    inside: set[str] = set()
    for county, pairs in counties.items():
        for city, province in pairs:
            if (city if level == "city" else province) == name:
                inside.add(county)
                if level == "province" and city != name:
                    inside.add(city)
    return frozenset(inside - {name})


def office_names(area: str) -> frozenset[str]:
    """The office's area as written and as the division it names ("杭州市萧山区" -> 杭州市萧山区, 萧山区):
    no place to tell its own editors."""
    return frozenset({area.strip(), office_division(area)} - {""})


def is_division(name: str) -> bool:
    """Whether ``name`` is a known county-level place (区, 县, 旗, 县级市); not a generic word that some
    city's district is also called (an export's "城区" says nothing of which city)."""
    return bool(name) and name in _divisions()[0] and name not in _GENERIC_COUNTY_NAMES


@lru_cache(maxsize=65536)
def outside_area(county: str, office_area: str) -> str:
    """Where a county-level ``county`` lies when the office of ``office_area`` does not cover it, ""
    when it does or when either is unknown. A provincial message board, or a letter sent to the wrong
    city's hotline, names districts of other cities: Hangzhou's office is not told about 越城区.

    The answer names what the reader needs: another city's district by its city (越城区 -> 绍兴市),
    another province's county by its province for a provincial office, another county by its own
    name for a county's office. A name several cities share (鼓楼区) is inside if any of them is.
    """
    office = _office(office_area)
    county = (county or "").strip()
    if office is None or not is_division(county):
        return ""
    places = _divisions()[0][county]
    level, name = office
    if level == "county":
        return "" if county == name else county
    column = 0 if level == "city" else 1
    held = {pair[column] for pair in places}
    if name in held:
        return ""
    return held.pop() if len(held) == 1 else county


def member_areas(members: Sequence[Mapping[str, Any]]) -> list[str]:
    """Each member's district (``area``), and for a member without one the district of another member
    of the same topic that names its town, village or estate in its headline, or whose town, village
    or estate it names: of two letters on one estate's fire safety, "王江泾镇中南闻荷府消防不合格投诉"
    says no district, and "关于秀洲区王江泾镇中南闻荷府小区消防投诉" says 秀洲区 (嘉兴), so Hangzhou's
    office did not title its 消防 theme by it. Town names repeat across the country; only a topic's
    own members, about one matter, are read this way."""
    areas = [str(member.get("area") or "") for member in members]
    known = [index for index, area in enumerate(areas) if is_division(area)]
    if not known or all(areas):
        return areas
    # One string of the known headlines (a place is looked up in it by C-level ``find``) and one area
    # per distinct place: a big topic costs one pass per letter without a district, not one per pair.
    titles = [str(members[index].get("title") or "").replace("\n", " ") for index in known]
    headlines = "\n".join(titles)
    starts = list(accumulate((len(title) + 1 for title in titles[:-1]), initial=0))
    place_areas: dict[str, str] = {}
    for index in known:
        if place := _telling_place(str(members[index].get("place") or "")):
            place_areas.setdefault(place, areas[index])
    for index, member in enumerate(members):
        if areas[index]:
            continue
        place = _telling_place(str(member.get("place") or ""))
        found = headlines.find(place) if place else -1
        if found >= 0:
            areas[index] = areas[known[bisect_right(starts, found) - 1]]
            continue
        text = f"{member.get('title') or ''}\n{str(member.get('text') or '')[:NEWS_LEAD_CHARS]}"
        areas[index] = next((area for other, area in place_areas.items() if other in text), "")
    return areas


def _telling_place(place: str) -> str:
    """``place`` if it can tie two letters to one district (a town, a village, or an estate of at least
    three characters before its suffix), else ""."""
    level = place_level(place)
    return place if level in (2, 3) or (level == 4 and len(place_key(place)) >= 3) else ""


@lru_cache(maxsize=1)
def _province_before() -> re.Pattern[str]:
    """A province's short name ending where a one-character county starts ("安徽和县")."""
    return re.compile(f"(?:{'|'.join(sorted(filter(None, map(_stem, _divisions()[2]))))})$")


@lru_cache(maxsize=1)
def _county_lengths() -> tuple[frozenset[str], int]:
    """The last three characters of the names longer than four ("自治县", "尔族区"), and the longest
    name's length: only where the text has such an ending are names longer than four looked up."""
    names = county_names()
    return frozenset(name[-3:] for name in names if len(name) > 4), max(map(len, names))


def _word_across(text: str, start: int, end: int) -> bool:
    """Whether a three-character dictionary word begins before ``start`` and ends inside the name
    ``text[start:end]``, not at an administrative character ("济南市中区" is 市中区)."""
    words = _short_word_tags()
    return any(
        text[begin : begin + 3] in words and text[begin + 2] not in "市省州盟县区"
        for begin in range(max(0, start - 2), start)
        if begin + 3 < end
    )


def named_counties(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each listed county name in ``text``, the longest one ending at each 区/县/旗
    and none inside another ("梅县区", not 梅县)."""
    names, (long_tails, longest_name) = county_names(), _county_lengths()
    found: list[tuple[str, int, int]] = []
    for hit in _COUNTY_ENDS.finditer(text):
        end = hit.end()
        if end < len(text) and text[end] in _COUNTY_FOLLOWERS:
            continue
        longest = longest_name if text[max(0, end - 3) : end] in long_tails else 4
        for length in range(min(longest, end), 1, -1):
            start = end - length
            if text[start:end] in names:
                if _word_across(text, start, end):
                    break  # "阿勒泰山区": 阿勒泰 runs into the name, a mountain area of it is no 泰山区
                if (
                    length > 2
                    or start == 0
                    or not _CJK.match(text[start - 1])
                    or text[start - 1] in _SHORT_COUNTY_LEADS
                    or _province_before().search(text, max(0, start - 3), start)
                ):
                    while found and found[-1][1] >= start:
                        found.pop()  # "梅县" inside "梅县区"
                    found.append((text[start:end], start, end))
                break
    return found


@lru_cache(maxsize=1)
def _county_city_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The county-level cities (瑞安市, 义乌市) as one pattern, and the province and city names and
    stems that may stand before one ("浙江省温州市瑞安市", "嘉兴平湖市")."""
    counties, cities, provinces = _divisions()
    names = sorted((name for name in counties if name.endswith("市") and len(name) >= 3), key=len, reverse=True)
    leads = set(cities) | set(provinces) | set(filter(None, map(_stem, cities | provinces)))
    return re.compile("|".join(map(re.escape, names))), tuple(sorted(leads, key=len, reverse=True))


def named_county_cities(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each county-level city named where nothing runs into it: at the start of
    a line or after punctuation, after a word such as 在 or 是, or after its province or city ("浙江省
    温州市瑞安市", "嘉兴平湖市"). Not in ``county_names``, where "海城市" was found in "沿海城市": of 31
    such names in the real letters and event news, the 21 kept are all right."""
    pattern, leads = _county_city_pattern()
    found = []
    for match in pattern.finditer(text):
        start = match.start()
        if (
            start == 0
            or not _CJK.match(text[start - 1])
            or text[start - 1] in _SHORT_COUNTY_LEADS
            or text[max(0, start - 8) : start].endswith(leads)
        ):
            found.append((match.group(0), start, match.end()))
    return found


_LEVELS = ((_ESTATE, 4), (_ESTATE_BY_BUILDING, 4), (_ESTATE_PART, 4), (_VILLAGE, 3), (_TOWN, 2), (_DISTRICT, 1))
# Where each pattern can end, and how far before that its match can start: the patterns are only
# run on short windows around these hits (most of a long news story names no place at all).
_SUFFIX_HITS = (
    re.compile(r"新城|新村|花园|家园|山庄|公寓|小区|苑"),
    re.compile(r"[A-Za-z]?\d+[栋幢]|\d+号楼|[一二三四五六七八九十\d]+期"),
    re.compile(r"[一二三四五六七八九十]区"),
    re.compile(r"社区|村"),
    re.compile(r"街道|镇|乡"),
    re.compile(r"[区县]"),
)
_WINDOW_BEFORE = 16  # longest name part of any pattern (14) plus context for look-behinds
_WINDOW_AFTER = 8  # room for the look-aheads after the suffix
_GENERIC_SUFFIX = re.compile(r"(?:小区|社区|居委会)$")

# Strips them one after another, each time the first (longest) that fits, as a loop over the tuple would.
_GENERIC_PREFIX_RUN = re.compile(f"(?:{'|'.join(map(re.escape, _GENERIC_PREFIXES))})*")


@lru_cache(maxsize=1)
def _admin_stems() -> frozenset[str]:
    """Provinces, cities and counties as letters shorten them before a town: 浙江, 杭州, 富阳, 萧山."""
    counties, cities, provinces = _divisions()
    return frozenset(filter(None, map(_stem, (*counties, *cities, *provinces))))


_ADMIN_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "区", "县", "旗", "盟")


@lru_cache(maxsize=1)
def _division_names() -> frozenset[str]:
    """Every province, city and county-level name of the division table."""
    counties, cities, provinces = _divisions()
    return frozenset(counties) | cities | provinces


def _stem(name: str) -> str:
    """A division's name as it is shortened, without its suffix ("浙江省" -> 浙江), "" if two characters
    would not be left."""
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)] if len(name) - len(suffix) >= 2 else ""
    return ""


_VERB_TAGS = frozenset({"v", "vn", "vd", "p", "d", "c"})


def _after_last_verb(name: str) -> str:
    """A town's name after the last verb, preposition or adverb of the prose before it, if two
    characters are left: "依法查处江南" -> 江南, "客运站前往红岩寺" -> 红岩寺 (real letters). Town
    names are short and name no action; 75 of 846 town names in the real letters and news changed."""
    tags = _short_word_tags()
    cut = -1
    for start in range(len(name) - 3):
        for length in (3, 2):
            end = start + length
            if len(name) - end >= 2 and tags.get(name[start:end]) in _VERB_TAGS:
                cut = max(cut, end)
    return name[cut:] if cut >= 0 else name


def _strip_admin_stems(name: str) -> str:
    """A town's name without the shortened province, city and county before it, as long as two
    characters are left: "浙江玉环坎门" -> 坎门, "萧山宁围" -> 宁围, but 青山湖 stays whole."""
    stems = _admin_stems()
    changed = True
    while changed:
        changed = False
        for length in (4, 3, 2):
            if len(name) - length >= 2 and name[:length] in stems:
                name, changed = name[length:], True
                break
    return name


# 进 in front of a place is going into it: "李克强走进铧尖村" names 铧尖村; "法律服务进社区", "推进社区",
# "长者食堂开进社区" and "外部车辆停进小区" name none. Not in village and street names that end in it
# (前进, 东进, 跃进, 奋进, 先进, 新进, 共进), nor in words that start with it (进行, 进步, 进一步, 进程,
# 进出), nor before one character that is all that is left (进贤县). 进驻 is going in as well.
_NAMES_ENDING_IN_GOING_IN = frozenset("前东西南北跃奋先新共齐")
_WORDS_STARTING_WITH_GOING_IN = frozenset("行步一程出口展度修货化取攻食")


def _after_going_in(name: str) -> str:
    """The name after its last 进 of going in: "记者走进台盘" -> 台盘, "法律服务进" -> ''."""
    at = name.rfind("进")
    if at < 0 or (at > 0 and name[at - 1] in _NAMES_ENDING_IN_GOING_IN):
        return name
    after = name[at + 1:]
    if after[:1] in _WORDS_STARTING_WITH_GOING_IN:
        return name
    if after[:1] == "驻":
        after = after[1:]
    return after if len(after) != 1 else name


def _clean(name: str, suffix: str, opens: bool = False) -> str:
    """Strip context before the name and generic words in front of it; '' if no name is left.

    ``opens``: the name starts the text or a line (a letter's title), so a 和 in front joins nothing
    to it and is part of the name ("和颂春风里小区西侧……", of the estate 和颂春风里). Not 与 or 及: at
    the start of a sentence they mean "with" ("与联诚现代城小区相邻").
    """
    name = name.replace("·", "").replace(".", "")
    match = _CUT.match(name[:-1] if name[-1:] and name[-1] in _STREET_NAMED.get(suffix, "") else name)
    if match and name[match.end() - 1] == "和" and (
        len(name) - match.end() == 1
        or (len(name) == match.end() and suffix != "小区" and _ESTATE_SUFFIX.match(suffix))
        or (not suffix and name[match.end():] in _ESTATE_WORDS)
    ):
        # A 和 with one character left is inside the name ("A5区中建嘉和城小区", 嘉和城): cut before it.
        # So is one right before an estate's own suffix (颐和山庄, 信和苑, 天悦和苑, 天和家园), though
        # not before a bare 小区: "学校和小区", "物业和小区" join two things.
        match = _CUT.match(name, 0, match.end() - 1)
    if match and match.end() == len(name) and name[-1] == "市" and _ESTATE_SUFFIX.match(suffix):
        # Nothing is left after a 市 that names no city: 城市花园, 都市家园 (万科城市花园, 蓝天城市花园小区).
        # Cut at the mark before it instead, unless what that leaves is a city ("商洛市小区" is no
        # estate). Other cut characters held by some names (向阳, 会展, 建设路) stay cuts: "本小区",
        # "向小区物业反映", "学校与小区" are far more common in the real letters.
        earlier = _CUT.match(name, 0, match.end() - 1)
        if name[earlier.end() if earlier else 0 : match.end()] not in _division_names():
            match = earlier
    if match and name[match.end() - 1] == "向" and (name.startswith("日葵", match.end()) or name[match.end():] == "阳"):
        # 向日葵 and a bare 向阳 open names (高信向日葵小区, 向阳村): the 向 is theirs, no "towards"; not in
        # "向阳光小区物业反映".
        match = _CUT.match(name, 0, match.end() - 1)
    if match and not (opens and match.end() == 1 and name[0] == "和"):
        name = name[match.end():]
    name = _after_going_in(name)
    if suffix:  # "12月28日街道"; a date before a phase number is prose ("10月11日平台展期3期")
        name = _LEADING_DATE.sub("", name)
    if suffix in ("村", "社区"):
        name = _FACILITY_BEFORE.sub("", name)
    if suffix in ("街道", "镇", "乡"):
        if not name.endswith("小"):  # 生命健康小镇 is an estate's name, verbs and all
            name = _after_last_verb(name)
        name = _strip_admin_stems(name)
    while True:  # "其次安置小区": the function word, then the generic word, then nothing is left
        stripped = _strip_function_words(name[_GENERIC_PREFIX_RUN.match(name).end():])
        if stripped == name:
            break
        name = stripped
    name = _POLICY_VERBS.sub("", name)
    for modal in _MODAL_BEFORE_A_VERB.finditer(name):
        # "这样能满足小区", "需绕行九龙领仕汇小区", "还能迁回原村": a modal and its verb are prose; not
        # 华能 (no verb follows). Not yet 上 (jieba's locative): "孩子不能上小区配套小学" keeps the place
        # 能上小区, since its letter read at A5区 instead joined 魅力之城's cracked floors and split its
        # two school letters (hot issues recall 0.901 -> 0.855); 魅力之城 itself has no suffix to read.
        rest = name[modal.end():]
        verb = next((size for size in (2, 1) if _short_word_tags().get(rest[:size]) in ("v", "vn")), 0)
        if verb:
            name = rest[verb:]
            break
    if len(name) >= 3 and name[-1] == "等" and suffix:
        name = name[:-1]  # "梅溪四季等小区": estates such as 梅溪四季
    if _MODAL.search(name):
        return ""  # "改造方案应当征求小区业主意见": a rule about estates, not one named
    if not suffix and (_short_word_tags().get(name) in _VERB_TAGS or _short_word_tags().get(name[-2:]) == "v"):
        # A verb before a phase number names no estate: "原本宣传四期，又全改为三期", "仅兑付一期".
        return ""
    # One character plus a suffix ("本小区", "大村") says nothing about where.
    if len(name) < 2 or len(name) > 8 or len(_CJK.findall(name)) < 2 or _NUMERAL.fullmatch(name):
        return ""
    if (
        name.endswith(_GENERIC_TAILS)
        or (suffix == "家园" and name.endswith(_GENERIC_HOME_TAILS))
        or (len(name) > 2 and name[-1] + suffix in _GENERIC_ENDINGS)
        or name[-1] + suffix in ("农村", "乡村", "重镇")  # "县城农村派出所", "京西重镇": kinds of place
        or name[-1] + suffix == "邻村"  # "包含邻村": the next village
        # "吴江一小区", "桂林一山庄": an estate somewhere, not one named (as "咸阳某小区"; 某 cuts).
        or (suffix in ("小区", "山庄") and name[-1] == "一" and name[-2] not in "第一二三四五六七八九十")
    ):
        return ""
    full = name + suffix
    # One stray character before a generic word is no name either: "已变成城中村" gave 成城中村.
    return "" if full in _NOT_NAMES or (len(full) >= 4 and full[1:] in _NOT_NAMES) else full


# Per level, characters every hit contains, or None. The building pattern starts with no fixed
# character, so ``re`` tries it at every position; a text without 栋/幢/楼/期 (most) skips it.
_HIT_NEEDS: tuple[re.Pattern[str] | None, ...] = (None, re.compile(r"[栋幢楼期]"), None, None, None, None)


def _windows(text: str, hits: re.Pattern[str], needs: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Merged (start, end) spans around every possible suffix in ``text`` (none if ``needs`` is absent)."""
    spans: list[tuple[int, int]] = []
    if needs is not None and not needs.search(text):
        return spans
    for hit in hits.finditer(text):
        start, end = max(0, hit.start() - _WINDOW_BEFORE), min(len(text), hit.end() + _WINDOW_AFTER)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


# A date glued in front ("12月28日街道", "2026年中国文明乡").
_LEADING_DATE = re.compile(
    r"^(?:19|20)\d\d年|^(?:\d+年)?(?:\d+月)?\d+[日号]"
    r"|^(?:早上|上午|中午|下午|晚上|夜晚|夜间|凌晨)?\d+[点时](?:半|\d+分)?"  # "夜晚10点居民小区内"
)
# jieba's tags of pronouns, prepositions, conjunctions, adverbs and particles: prose, never the start
# of a name ("为什么小区", "为此小区", "因为小区", "之中社区"). Words of two or three characters only: one
# character of these classes starts many real names (向阳村, 和平小区, 同心村).
_FUNCTION_TAGS = frozenset({"r", "p", "c", "d", "u"})


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """The two- and three-character function words of jieba's dictionary (``_FUNCTION_TAGS``)."""
    return frozenset(word for word, tag in _short_word_tags().items() if len(word) >= 2 and tag in _FUNCTION_TAGS)


def _strip_function_words(name: str) -> str:
    """``name`` without the function words in front of it."""
    words = _function_words()
    while name:
        if name in words:
            return ""  # "什么小区": nothing but the function word
        # Not when less than a name would be left: 自然岭社区 is a community.
        head = next((size for size in (3, 2) if name[:size] in words and len(name) - size >= 2), 0)
        if not head:
            break
        name = name[head:]
    return name


@lru_cache(maxsize=1)
def _short_word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of every word of one to three characters in its dictionary (read
    once: for the function words before a name and for what stands in front of a named zone)."""
    from models.tokenize import dictionary_tags

    return dictionary_tags(lambda word, _: len(word) <= 3)


def _not_a_city(before: str) -> bool:
    """Whether the one or two characters in front of a named zone are no city of it."""
    return before[-1] in _ZONE_LEAD_ENDS or _short_word_tags().get(before, "ns") not in _NAME_TAGS


def _district_name(suffix: str) -> str:
    """A lettered district ("A3区") as written; a named zone with its city ("武进高新区"), or without
    the words glued in front of it ("在经开区", "全市各高新区", "商洛市高新区" give the zone alone)."""
    if suffix[0].isascii():
        return suffix
    zone = next(zone for zone in _NAMED_ZONES if suffix.endswith(zone))
    before = suffix[: -len(zone)]
    return zone if not before or _not_a_city(before) else suffix


def _places(text: str) -> list[tuple[str, int, int]]:
    """(name, level, position) for every place named (4 estate, 3 village/community, 2 town, 1 district)."""
    counties = named_counties(text)
    found: list[tuple[str, int, int]] = [(name, 1, start) for name, start, _ in counties]
    for (pattern, level), hits, needs in zip(_LEVELS, _SUFFIX_HITS, _HIT_NEEDS, strict=True):
        for window_start, window_end in _windows(text, hits, needs):
            for match in pattern.finditer(text, window_start, window_end):
                if level == 1 and any(start < match.end(2) and match.start(2) < end for _, start, end in counties):
                    continue  # a listed name is the district here
                raw, suffix = match.group(1), match.group(2)
                opens = match.start(1) == 0 or text[match.start(1) - 1] == "\n"
                name = _district_name(suffix) if level == 1 else _clean(raw, suffix, opens)
                if name and suffix == "村" and _OF_THE_VILLAGE.match(text, match.end(2)) and _ends_in_a_verb(name[:-1]):
                    continue  # "寻找村干部", "实施村级道路", "能否享受村集体经济": a village's, none named
                if name:
                    # Where the name itself starts, not the context the pattern took in front of it:
                    # "我住在江南小区西片区兰居2号楼" names 江南小区 first, though both matches start at 我.
                    found.append((name, level, max(match.start(), match.end(2) - len(name))))
    return found


def _ends_in_a_verb(words: str) -> bool:
    """Whether ``words`` end in a verb, a preposition or an adverb of jieba's dictionary (寻找, 享受, 跟),
    or in a month ("一七年十月份村上")."""
    tags = _short_word_tags()
    return tags.get(words[-2:]) in _VERB_TAGS or tags.get(words[-1:]) in _VERB_TAGS or words.endswith(("月", "月份"))


def document_place(title: str, text: str, kind: str) -> str:
    """``extract_place`` of a document's ``place_text``."""
    return extract_place(place_text(title, text, kind))


def place_text(title: str, text: str, kind: str) -> str:
    """Where a document's place is read: a hotline letter's anywhere in it; any other document's in its
    headline and lead (``NEWS_LEAD_CHARS``). A feature names villages and estates as examples further
    down, and prose there gave most of the garbage places of real 人民日报 articles (得农村, 前往小区,
    打造青年人才公寓); event_news ARI 0.944 -> 0.946."""
    return f"{title}\n{text if kind == 'hotline' else text[:NEWS_LEAD_CHARS]}"


def _flatten(text: str) -> str:
    """One line without spaces: line breaks become full stops, so no name runs across them."""
    return _SPACES.sub("", _LINE_BREAKS.sub("。", text))


def extract_place(text: str) -> str:
    """The most specific place named: estate > village/community > street/town > district/county.

    Estates come back as written (suffix kept), e.g. "丽发新城小区" or "米兰春天"; among places of the
    same level the most often named wins, then the first named. "" if none. Give a title and its
    text joined by a line break.
    """
    if not text:
        return ""
    text = _flatten(text)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    levels: dict[str, int] = {}
    for name, level, position in _places(text):
        counts[name] += 1
        first.setdefault(name, position)
        levels[name] = max(levels.get(name, 0), level)
    if not counts:
        return ""
    # One place, two spellings: "伊景园滨河苑"/"滨河苑", or "丽发新城小区" with context glued in front
    # ("旁建搅拌站扰民丽发新城小区", text without punctuation). Both count for the more frequent
    # spelling; on a tie the shorter wins, since glued context is the likelier error.
    totals = Counter(counts)
    for short in counts:
        for long in counts:
            if long != short and long.endswith(short) and levels[long] == levels[short]:
                keep, drop = (long, short) if counts[long] > counts[short] else (short, long)
                if drop in totals and keep in totals:
                    totals[keep] += totals.pop(drop)
    return min(totals, key=lambda name: (-levels[name], -totals[name], first[name], name))


def mansion_estate(text: str) -> str:
    """The estate named with 府 that ``text`` names most (the first named on a tie), "" if none.

    Not one of ``extract_place``'s places: read as each letter's place, these estates changed the
    grouping, and hot-issue precision fell from 0.604 to 0.532 (a city-wide house-quality theme took
    in the 魅力之城 cracked-floor letters in the merge). A topic's place reads them instead
    (``rank.with_named_estates``): "我们普通老百姓…(钱塘区万科湖印光年府9-260*，顶楼）" is at 湖印光年府.
    """
    if _MANSION_HINT.search(text) is None:  # most letters' 府 is 政府: the pattern would try every position
        return ""
    text = _flatten(text)
    counts: Counter[str] = Counter()
    for match in _MANSION_ESTATE.finditer(text):
        opens = match.start(1) == 0 or text[match.start(1) - 1] == "。"
        if name := _clean(match.group(1), match.group(2), opens):
            counts[name] += 1
    return counts.most_common(1)[0][0] if counts else ""


def first_town(text: str) -> str:
    """The first 乡镇 or 街道 ``text`` names ("我是商州区大荆镇沙渠村…" -> 大荆镇), "" if none: where a
    county's own letters are, when all of them are in one county."""
    text = _flatten(text or "")
    towns = [(position, name) for name, level, position in _places(text) if level == 2]
    return min(towns)[1] if towns else ""


@lru_cache(maxsize=65536)
def place_key(place: str) -> str:
    """The comparable core of a place name: "丽发新城小区" and "丽发新城社区" both give "丽发新城"."""
    key = _GENERIC_SUFFIX.sub("", place or "")
    return key if len(key) >= 2 else (place or "")


@lru_cache(maxsize=65536)
def same_place(a: str, b: str) -> bool:
    """Whether two extracted places name the same spot (equal cores, or one ends the other: "伊景园滨河苑"/"滨河苑")."""
    if not a or not b:
        return False
    ka, kb = place_key(a), place_key(b)
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    return len(short) >= 3 and long.endswith(short)


def merged_places(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """``counts`` of place names with the spellings of one spot together (``same_place``: "中海国际"
    and "含浦中海国际"), each under its fullest spelling, in the order the spots are first given."""
    groups: list[list[Any]] = []
    for name, count in counts.items():
        for group in groups:
            if same_place(name, group[0]):
                group[1] += count
                if len(name) > len(group[0]):
                    group[0] = name
                break
        else:
            groups.append([name, count])
    return [(str(name), int(count)) for name, count in groups]


@lru_cache(maxsize=65536)
def place_level(place: str) -> int:
    """How specific a place name is: 4 estate, 3 village/community, 2 street/town, 1 district/county, 0 none."""
    if not place:
        return 0
    if place.endswith(("社区", "村", "居委会")) and not place.endswith("新村"):
        return 3
    if place.endswith(("街道", "镇", "乡")):
        return 2
    if place.endswith(("区", "县")) and not place.endswith("小区"):
        return 1
    return 4
