"""Ranking: aggregation, central work, trend, warnings, novelty and readable Chinese reasons."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from models.places import member_areas
from models.rank import rank_topics, with_named_estates
from xuanti.records import Topic
from xuanti.settings import RankWeights

NOW = datetime(2026, 11, 20, 22, 0)


def _member(uid: str, title: str, days_ago: float, **extra: object) -> dict:
    member = {
        "uid": uid,
        "title": title,
        "text": extra.get("text", title),
        "kind": extra.get("kind", "hotline"),
        "source": extra.get("source", "hotline-export"),
        "published": NOW - timedelta(days=days_ago),
        "place": extra.get("place", ""),
        "area": extra.get("area", ""),
        "category": "",
        "likes": extra.get("likes", 0),
        "points": [],
        "scores": extra.get("scores", {"key": 0.2, "hot": 0.3, "difficult": 0.2, "distinctive": 0.1}),
        "warning": extra.get("warning", "none"),
        "cues": extra.get("cues", {}),
        "keywords": extra.get("keywords", []),
    }
    return member


def _groups() -> dict[str, list[dict]]:
    wages = [
        _member(f"h/w{n}", "工地拖欠农民工工资", days, warning="alert" if n == 0 else "watch",
                cues={"warning": ["欠薪", "集体上访"]}, likes=10)
        for n, days in enumerate([0.2, 0.5, 1, 1.5, 2, 10, 20])
    ]
    safety = [
        _member("n/s1", "县里开展安全生产大检查", 1, kind="news", source="county-news",
                text="全县开展安全生产大检查，排查企业隐患。"),
        _member("n/s2", "安全生产专项整治推进会召开", 2, kind="news", source="county-news"),
    ]
    heating = [
        _member("h/r1", "供暖费上涨", 5, text="乡村振兴示范村供暖费上涨"),
        _member("h/r2", "供暖收费不透明", 6, text="乡村振兴示范村供暖收费"),
    ]
    return {"wages": wages, "safety": safety, "heating": heating}


def test_rank_fields_reasons_and_order() -> None:
    topics = rank_topics(_groups(), RankWeights(), NOW, ["安全生产"])
    assert all(isinstance(topic, Topic) for topic in topics)
    assert [t.rank_score for t in topics] == sorted((t.rank_score for t in topics), reverse=True)
    wages = next(t for t in topics if t.id == "wages")
    assert wages.warning == "alert"
    assert wages.documents[0] == "h/w6"  # ordered by published
    assert wages.trend > 1  # 5 in the last 3 days vs 2 in the earlier window
    assert "预警：1件达预警（共7件），涉稳风险（“集体上访”）、拖欠工资（“欠薪”）" in wages.reasons
    assert any(r.startswith("热点：近3天12345诉求5件") for r in wages.reasons)
    assert "来源：12345热线7件" in wages.reasons
    assert "点赞共计70次" in wages.reasons
    safety = next(t for t in topics if t.id == "safety")
    assert "重点：涉及中心工作“安全生产”" in safety.reasons
    assert "key" in safety.points
    assert rank_topics(_groups(), RankWeights(), NOW, ["安全生产"]) == topics  # deterministic


def test_reposts_and_comments_count_as_likes_do() -> None:
    """A 舆情 sheet's 转发数 and 评论数 are people's responses as likes are: they add to heat and are said."""
    def story(uid: str, **counts: int) -> dict:
        return {**_member(uid, "人民路夜市油烟扰民", 1, kind="news", source="舆情日报"), **counts}

    liked = rank_topics({"t": [story("n/a", likes=41)]}, RankWeights(), NOW, [])[0]
    shared = rank_topics({"t": [story("n/a", likes=41, reposts=200, comments=35)]}, RankWeights(), NOW, [])[0]
    assert "点赞共计41次" in liked.reasons
    assert "互动共计276次（点赞41次、转发200次、评论35次）" in shared.reasons
    assert shared.heat > liked.heat and shared.metadata["reposts"] == 200 and "reposts" not in liked.metadata


def test_central_work_changes_the_ranking() -> None:
    weights = RankWeights(heat=0, trend=0, warning=0, recency=0)
    by_safety = [t.id for t in rank_topics(_groups(), weights, NOW, ["安全生产"])]
    by_village = [t.id for t in rank_topics(_groups(), weights, NOW, ["乡村振兴"])]
    assert by_safety.index("safety") < by_safety.index("heating")
    assert by_village.index("heating") < by_village.index("safety")


def test_rejected_topic_is_pushed_down_unless_grown() -> None:
    groups = _groups()
    fresh = rank_topics(groups, RankWeights(), NOW, [])
    assert fresh[0].id == "wages"
    rejected = rank_topics(groups, RankWeights(), NOW, [], statuses={"wages": "rejected"}, history={"wages": {"size": 7}})
    wages = next(t for t in rejected if t.id == "wages")
    assert rejected[0].id != "wages"
    assert any("已否决" in r and "降序" in r for r in wages.reasons)
    grown = rank_topics(groups, RankWeights(), NOW, [], statuses={"wages": "reported"}, history={"wages": {"size": 2}})
    wages_grown = next(t for t in grown if t.id == "wages")
    assert wages_grown.rank_score > wages.rank_score
    assert any("已报送" in r and "新增5件" in r for r in wages_grown.reasons)


def test_recency_prefers_newer() -> None:
    old = {"a": [_member("h/a", "路灯不亮", 9)], "b": [_member("h/b", "路灯不亮", 0.5)]}
    topics = rank_topics(old, RankWeights(), NOW, [])
    assert [t.id for t in topics] == ["b", "a"]
    assert rank_topics({}, RankWeights(), NOW, []) == []


def test_difficult_reason_names_the_problem_not_the_complaint() -> None:
    """The words that drove the label include 反映/小区/楼; the reason names what is wrong (油烟),
    安全隐患/隐患 is said once, and the parties of a dispute (居民) are no signal."""
    scores = {"key": 0.1, "hot": 0.8, "difficult": 0.9, "distinctive": 0.0}
    smoke = [
        _member(f"h/y{n}", "烧烤店油烟大", n, scores=scores, warning="watch",
                cues={"difficult": ["反映", "小区", "楼", "门口"], "warning": ["居民", "油烟", "安全隐患", "隐患"]})
        for n in range(3)
    ]
    vague = [_member("h/v1", "反映医疗服务问题", 1, scores=scores, cues={"difficult": ["反映", "县", "医院"]})]
    topics = {topic.id: topic for topic in rank_topics({"smoke": smoke, "vague": vague}, RankWeights(), NOW, [])}
    assert "难点：出现“安全隐患”“油烟”等问题" in topics["smoke"].reasons
    assert "关注：安全隐患、民生问题（“油烟”）" in topics["smoke"].reasons
    assert "难点：群众反映“医疗”“服务”方面的实际问题" in topics["vague"].reasons  # its keywords


def test_alert_reason_leads_with_the_imminent_risk() -> None:
    """All three members say 一直 (a sign of a growing problem) and 工资, one 拖欠 (wage arrears): an
    alert names the arrears first; under a watch the more frequent sign leads. What is owed (工资) is
    no evidence of arrears: 拖欠 is."""
    scores = {"key": 0.1, "hot": 0.8, "difficult": 0.9, "distinctive": 0.0}

    def members(level: str) -> list[dict]:
        return [
            _member(f"h/{level}{n}", "装修工钱被拖欠", n, scores=scores, warning=level, cues={"warning": words})
            for n, words in enumerate([["一直", "工资"], ["一直", "工资"], ["拖欠", "一直", "工资"]])
        ]

    topics = {t.id: t for t in rank_topics({"alert": members("alert"), "watch": members("watch")}, RankWeights(), NOW, [])}
    assert "预警：拖欠工资（“拖欠”）、问题反复未决（“一直”）" in topics["alert"].reasons
    assert "关注：问题反复未决（“一直”）、拖欠工资（“拖欠”）" in topics["watch"].reasons


def test_a_warning_reason_rests_on_the_members_at_its_level() -> None:
    """A theme of night building noise in which one letter, about a landslip on an estate's building
    site, is an alert (tipdm, 2020-01-10): the reason says one of the letters is, and names its risks,
    not the noise every letter speaks of."""
    scores = {"key": 0.1, "hot": 0.8, "difficult": 0.9, "distinctive": 0.0}
    noise = [_member(f"h/n{n}", "夜间施工扰民", n, scores=scores, warning="watch", text="工地夜间施工，噪音扰民。",
                     cues={"warning": ["噪音", "扰民"]}) for n in range(4)]
    slope = _member("h/s", "楼盘偷工减料", 1, scores=scores, warning="alert", text="路面龟裂、滑坡，北侧是7米高的悬崖。",
                    cues={"warning": ["滑坡"]})
    topic = rank_topics({"noise": [*noise, slope]}, RankWeights(), NOW, [])[0]
    assert topic.warning == "alert"
    # The alert letter is named: its matter is not the title's.
    assert "预警：1件达预警（《楼盘偷工减料》，共5件），灾害事故（“滑坡”）" in topic.reasons
    calm = [_member(f"h/c{n}", "路灯不亮", n, scores=scores, warning="watch" if n else "none") for n in range(3)]
    assert "关注：2件需关注（共3件），模型判定有风险，未见明确信号词" in rank_topics({"c": calm}, RankWeights(), NOW, [])[0].reasons


def test_a_long_running_topic_is_scored_on_the_window_and_counts_the_rest() -> None:
    """An estate complained about for two years: tonight's evidence is the last 30 days; the old
    complaints are counted ("持续") but neither make it hot nor name it."""
    old = [_member(f"h/old{n}", "物业乱收费", 40 + 20 * n, text="锦绣花园物业乱收费") for n in range(30)]
    new = [_member("h/new", "锦绣花园电梯停运", 1, text="锦绣花园电梯停运一周")]
    topic = rank_topics({"estate": old + new}, RankWeights(), NOW, [])[0]
    alone = rank_topics({"estate": new}, RankWeights(), NOW, [])[0]
    assert topic.title == alone.title == "锦绣花园电梯停运"
    assert topic.heat == alone.heat
    assert topic.documents[-1] == "h/new" and len(topic.documents) == 31  # every member stays in the topic
    assert topic.metadata["size"] == 31 and topic.metadata["in_window"] == 1
    first = NOW - timedelta(days=40 + 20 * 29)
    assert f"持续：此前已有30件，最早见于{first.year}年{first.month}月" in topic.reasons
    assert topic.first_seen == first
    hot = {"key": 0.1, "hot": 0.9, "difficult": 0.2, "distinctive": 0.1}
    lifts = [_member(f"h/lift{n}", "锦绣花园电梯停运", 10 + n, scores=hot) for n in range(4)]
    many = rank_topics({"estate": old + lifts}, RankWeights(), NOW, [])[0]
    assert "热点：近30天共4件，热度较高" in many.reasons  # not the 34 of all years
    assert not any(r.startswith("持续") for r in alone.reasons)
    # A shorter window leaves more of the history out of the evidence.
    assert rank_topics({"t": _groups()["wages"]}, RankWeights(), NOW, [], window_days=5)[0].metadata["in_window"] == 5


def test_one_or_two_items_are_hot_for_what_they_are_about_not_for_volume() -> None:
    scores = {"key": 0.1, "hot": 0.9, "difficult": 0.2, "distinctive": 0.1}
    lone = [_member("h/x", "商场消控室无人值守", 10, scores=scores, cues={"hot": ["消防", "商场"]})]
    topic = rank_topics({"x": lone}, RankWeights(), NOW, [])[0]
    assert "hot" in topic.points
    assert "热点：涉及“商场”“消防”等群众关注的问题" in topic.reasons  # ties: alphabetical
    assert not any("共1件" in reason for reason in topic.reasons)


def test_words_every_complaint_uses_come_last_among_signals() -> None:
    scores = {"key": 0.1, "hot": 0.8, "difficult": 0.9, "distinctive": 0.0}
    water = [_member(f"h/s{n}", "滨河苑小区停水", n, scores=scores, warning="watch",
                     cues={"warning": ["严重", "投诉", "停水"] if n else ["严重", "投诉"]}) for n in range(3)]
    topic = rank_topics({"water": water}, RankWeights(), NOW, [])[0]
    assert "关注：民生问题（“停水”）" in topic.reasons  # though 严重 and 投诉 are more frequent


def test_words_of_the_topics_place_come_last_among_key_reasons() -> None:
    """阳光新城's wage complaints gave 新城 as a key reason (the estate's name drove the model); the
    place is shown already, so the reason names the work instead."""
    scores = {"key": 0.9, "hot": 0.1, "difficult": 0.1, "distinctive": 0.0}
    wages = [
        _member(f"h/x{n}", "阳光新城工地拖欠农民工工资", n + 10, scores=scores, place="阳光新城",
                cues={"key": ["新城", "项目", "建设"]})
        for n in range(3)
    ]
    topic = rank_topics({"wages": wages}, RankWeights(), NOW, [])[0]
    assert topic.place == "阳光新城"
    assert "重点：涉及“项目”" in topic.reasons  # 建设 names no work and 新城 is the place: said only when nothing else is
    assert "新城" not in topic.keywords and "阳光" not in topic.keywords  # the place says them already


def test_key_reasons_say_whose_deployment_and_which_work() -> None:
    """"重点：涉及“中央”“保障”“就业”" (a feed article on winter aid) reads "中央部署，涉及“保障”“就业”":
    the level once, then areas of work; generic words (全力, 国家, 通知) only when nothing else is said."""
    scores = {"key": 0.9, "hot": 0.1, "difficult": 0.1, "distinctive": 0.0}

    def reason(cues: list[str]) -> str:
        members = [_member(f"n/k{n}", "岁末年初，如何把温暖送到困难群众心坎上", n + 1, kind="news", scores=scores,
                           cues={"key": cues}) for n in range(2)]
        topic = rank_topics({"aid": members}, RankWeights(), NOW, [])[0]
        return next(r for r in topic.reasons if r.startswith("重点"))

    assert reason(["中央", "保障", "就业", "总书记"]) == "重点：中央部署，涉及“保障”“就业”"
    assert reason(["市委", "景区", "落实", "部署"]) == "重点：市委市政府部署，涉及“景区”"
    assert reason(["国务院", "全力", "国家"]) == "重点：中央部署"
    assert reason(["农业", "农村", "通知"]) == "重点：涉及“农业”“农村”"
    assert reason(["就业", "基本", "当地"]) == "重点：涉及“就业”"
    assert reason(["通知", "实施意见"]) == "重点：涉及“实施意见”“通知”"  # nothing else: the kind of document


def test_practices_named_in_quotation_marks() -> None:
    """A headline's quoted term, or a lead's where the words around say it is a practice (real 人民日报
    text); not metaphors, speech, plan names or organisations."""
    from models.rank import quoted_terms

    hotline = {"title": "一条热线连万家 民声速递暖南粤",
               "text": "2026年伊始，广东省政府办公厅出台文件，部署全省深化12345热线平台“即接即办”改革，推动政务服务快接快办。"}
    assert quoted_terms(hotline) == ["即接即办"]
    pavilion = {"title": "议事亭里的“治理三要”",
                "text": "这座不起眼的小亭子，成了村里的“议事亭”。基层治理往往要解“多元方程”。“肥料要多投入一些”，他说。"}
    assert quoted_terms(pavilion) == ["治理三要"]
    assert quoted_terms({"title": "从“一村探路”到“千村共富”", "text": ""}) == ["一村探路", "千村共富"]
    assert quoted_terms({"title": "开局“十五五”", "text": "发挥“压舱石”作用，推行“一单制”，引入“陕建控股集团”"}) == ["一单制"]


def test_a_distinctive_reason_names_the_practice_not_a_slogan() -> None:
    """"特点：“创新”“平台”“模式”等做法" said what any story says; the practice is named when the story
    names it, and a term quoted by three topics of the night is a slogan, not one place's practice."""
    scores = {"key": 0.2, "hot": 0.1, "difficult": 0.1, "distinctive": 0.9}
    cues = {"distinctive": ["创新", "平台", "模式"]}
    story = [_member("n/q1", "一条热线连万家 民声速递暖南粤", 1, kind="news", scores=scores, cues=cues,
                     text="广东深化12345热线平台“即接即办”改革，推行“一网统管”模式。")]
    others = {f"o{n}": [_member(f"n/o{n}", f"各地经验{n}", 1, kind="news", scores=scores, cues=cues,
                               text="各地推行“一网统管”模式。")] for n in range(3)}
    topics = {t.id: t for t in rank_topics({"story": story, **others}, RankWeights(), NOW, [])}
    assert "特点：“即接即办”“创新”“平台”等做法" in topics["story"].reasons


def test_a_warning_without_cue_words_says_what_it_rests_on() -> None:
    """A watch with no cue word read "存在风险信号", which told an editor nothing: it now counts the
    complaints whose tone is clearly negative, or says the model found no cue word."""
    scores = {"key": 0.1, "hot": 0.2, "difficult": 0.6, "distinctive": 0.0}
    angry = [_member(f"h/a{n}", "反映医疗服务问题", n, scores=scores, warning="watch") for n in range(3)]
    for member, tone in zip(angry, (0.9, 0.7, 0.2), strict=True):
        member["negative"] = tone
    calm = [_member("h/c1", "咨询医保报销比例", 1, scores=scores, warning="watch")]
    topics = {t.id: t for t in rank_topics({"angry": angry, "calm": calm}, RankWeights(), NOW, [])}
    assert "关注：2件诉求语气明显负面" in topics["angry"].reasons
    assert "关注：模型判定有风险，未见明确信号词" in topics["calm"].reasons
    # Stories a 舆情 service marked 负面 say so: the service's judgement, not the model's reading.
    marked = [_member(f"n/m{n}", "某地景区游客投诉", n, kind="news", scores=scores, warning="watch") for n in range(3)]
    for member, tone in zip(marked, ("负面", "负面", ""), strict=True):
        member["tone"], member["negative"] = tone, 1.0 if tone else 0.2
    topics = {t.id: t for t in rank_topics({"marked": marked}, RankWeights(), NOW, [])}
    assert "关注：2件舆情标为负面" in topics["marked"].reasons
    # Letters an operator marked 紧急 say so, beside the words found where there are any.
    urgent = [dict(_member(f"h/u{n}", "小区停水三天", n, warning="watch", cues=cues), urgent=n < 2)
              for n, cues in enumerate(({"warning": ["停水"]}, {}, {}))]
    quiet = [dict(member, cues={}) for member in urgent]
    topics = {t.id: t for t in rank_topics({"u": urgent, "q": quiet}, RankWeights(), NOW, [])}
    assert "关注：民生问题（“停水”）；2件工单标为紧急" in topics["u"].reasons
    assert "关注：2件工单标为紧急" in topics["q"].reasons


def test_a_signal_reason_says_what_kind_of_risk_its_words_are_signs_of() -> None:
    """坑 of 坑洼 and 转移 of a 公积金 transfer are cue words of the models, but no evidence an editor can
    use; with nothing else found the reason says what the level rests on. A kind is not its own
    evidence: 安全隐患（“消防通道”）, not 安全隐患（“安全隐患”“消防通道”）."""
    scores = {"key": 0.1, "hot": 0.8, "difficult": 0.9, "distinctive": 0.0}
    road = [_member(f"h/p{n}", "建设大道路面坑洼", n, scores=scores, warning="watch",
                    cues={"warning": ["坑", "转移"]}) for n in range(2)]
    fire = [_member(f"h/f{n}", "仓库起火", n, scores=scores, warning="alert",
                    cues={"warning": ["多次反映", "起火", "消防通道", "安全隐患", "迟迟"]}) for n in range(2)]
    topics = {t.id: t for t in rank_topics({"road": road, "fire": fire}, RankWeights(), NOW, [])}
    assert "关注：模型判定有风险，未见明确信号词" in topics["road"].reasons
    assert "预警：灾害事故（“起火”）、安全隐患（“消防通道”）、问题反复未决（“多次反映”“迟迟”）" in topics["fire"].reasons


def test_a_rise_is_claimed_only_from_three_recent_items() -> None:
    """One letter in three days after one a fortnight ago is "9.0倍" of the quiet baseline: the reason
    gives the volume instead."""
    quiet = [_member("h/q1", "餐馆拖欠服务员工资", 14), _member("h/q2", "餐馆拖欠服务员工资", 1)]
    topic = rank_topics({"q": quiet}, RankWeights(), NOW, [])[0]
    assert "热点：近30天12345诉求共2件，其中近3天1件" in topic.reasons
    assert not any("倍" in reason for reason in topic.reasons)


def test_reasons_name_words_an_editor_can_use() -> None:
    """A key reason never names a time or a number (今年以来, 42), and a problem one letter of ten
    mentions (着火) is not what the ten are about."""
    key = {"key": 0.9, "hot": 0.1, "difficult": 0.1, "distinctive": 0.0}
    plan = [_member(f"p/{n}", "老旧小区改造实施办法", n, kind="policy", scores=key,
                    cues={"key": ["今年以来", "42", "改造", "老旧小区"]}) for n in range(2)]
    hard = {"key": 0.1, "hot": 0.5, "difficult": 0.9, "distinctive": 0.0}
    lights = [_member(f"h/l{n}", "路灯不亮", n / 4, scores=hard, keywords=["路灯"],
                      cues={"difficult": ["着火"] if n == 0 else ["反映"]}) for n in range(10)]
    topics = {t.id: t for t in rank_topics({"plan": plan, "lights": lights}, RankWeights(), NOW, [])}
    assert "重点：涉及“改造”“老旧小区”" in topics["plan"].reasons
    assert not any("着火" in reason for reason in topics["lights"].reasons)


def test_a_point_is_explained_by_the_members_that_carry_it() -> None:
    """Every member lists the words that pushed each point up, even a letter scored 0.01 for 重点: the
    阳光新城 topic was 重点 for its wage-payment rules, yet its reason read "涉及“老人”“项目”", the words
    of eleven letters the model did not think key."""
    rules = _member("p/r", "保障农民工工资支付工作实施办法", 2, kind="policy",
                    scores={"key": 0.9, "hot": 0.1, "difficult": 0.3, "distinctive": 0.0},
                    cues={"key": ["保障", "工资支付"]})
    letters = [_member(f"h/y{n}", "阳光新城工地拖欠农民工工资", n / 3,
                       scores={"key": 0.01, "hot": 0.6, "difficult": 0.9, "distinctive": 0.0},
                       cues={"key": ["老人", "项目"], "difficult": ["拖欠"]}) for n in range(6)]
    topic = rank_topics({"wages": [rules, *letters]}, RankWeights(), NOW, [])[0]
    assert "key" in topic.points
    assert "重点：涉及“保障”“工资支付”" in topic.reasons
    assert "难点：出现“拖欠”等问题" in topic.reasons


def test_a_warning_reason_tells_a_risk_from_an_event() -> None:
    """Parked cars on a fire lane are a hazard, not a fire: "灾害事故（“火灾”）" told an editor one had
    happened. 拖欠 of a water bill is no wage arrears (real tipdm letters, shortened)."""
    scores = {"key": 0.1, "hot": 0.8, "difficult": 0.9, "distinctive": 0.0}
    lane = [_member(f"h/l{n}", "小区消防通道上停满了车", n, scores=scores, warning="alert",
                    text="消防通道上停满了车，一旦发生火灾，消防车无法进入，严重影响救援。",
                    cues={"warning": ["消防通道", "火灾", "救援"]}) for n in range(2)]
    water = [_member(f"h/w{n}", "北湾景园小区几百户居民无水用", n, scores=scores, warning="watch",
                     text="物业拖欠水费，供水公司停水，几百户居民无水用。",
                     cues={"warning": ["拖欠", "停水"]}) for n in range(2)]
    topics = {t.id: t for t in rank_topics({"lane": lane, "water": water}, RankWeights(), NOW, [])}
    assert "预警：安全隐患（“消防通道”“火灾”）" in topics["lane"].reasons
    assert "关注：矛盾纠纷（“拖欠”）、民生问题（“停水”）" in topics["water"].reasons
    # Nor is the fire the lane's 难点: the blocked lane is.
    assert "难点：出现“消防通道”等问题" in topics["lane"].reasons


def test_a_broken_rule_is_no_named_difficulty() -> None:
    """That something breaks a rule says there is a problem, not which: 30 of Hangzhou's 94 难点 reasons
    of 2026-06-12 read "出现“违规”等问题" (real headline, shortened text)."""
    scores = {"key": 0.1, "hot": 0.3, "difficult": 0.9, "distinctive": 0.0}
    letter = [_member("h/y1", "业委会违规招标", 1, scores=scores, warning="watch",
                      text="业委会违规招标，选聘物业未公示，业委会拒绝公开招标文件。",
                      cues={"difficult": ["违规", "拒绝"], "warning": ["违规"]})]
    reasons = rank_topics({"bid": letter}, RankWeights(), NOW, [])[0].reasons
    difficulty = next(reason for reason in reasons if reason.startswith("难点"))
    assert difficulty.startswith("难点：群众反映") and "违规" not in difficulty, reasons


def test_a_problem_named_as_a_risk_is_no_difficulty() -> None:
    """A garbage bin's "疾病很容易被传染" (a real Shangluo letter, shortened) read "难点：出现“传染”等问题":
    nothing was passed on; the problem is the garbage."""
    scores = {"key": 0.1, "hot": 0.3, "difficult": 0.9, "distinctive": 0.0}
    bin_letter = [_member("h/g1", "垃圾乱象何时终止", 1, scores=scores, warning="watch",
                          text="多栋楼公用一个垃圾桶，夏天蚊虫滋生，疾病很容易被传染。",
                          cues={"difficult": ["传染"], "warning": ["传染"]})]
    topic = rank_topics({"bin": bin_letter}, RankWeights(), NOW, [])[0]
    assert not any("传染" in reason for reason in topic.reasons if reason.startswith("难点"))
    assert any(reason.startswith("难点：群众反映") and "垃圾" in reason for reason in topic.reasons)


def test_a_hot_reason_names_matters_not_verbs() -> None:
    """One letter is no volume: its hot reason says what the public cares about. The model also leans
    on verbs and adjectives (才能, 允许, 方便), which say nothing of it; 停水 and 就业 are matters."""
    scores = {"key": 0.1, "hot": 0.9, "difficult": 0.2, "distinctive": 0.0}
    letter = [_member("h/n1", "电信基站建设，无网络、无信号", 9, scores=scores,
                      cues={"hot": ["才能", "百姓", "网络", "方便", "允许"]})]
    water = [_member("h/s1", "小区经常停水", 9, scores=scores, cues={"hot": ["停水", "出现", "就业"]})]
    # A 市长信箱 letter asking where the government's work plan is: 市委, 市政府 and 报告 are no matters.
    plan = [_member("h/p1", "工作计划", 9, scores=scores, cues={"hot": ["市政府", "报告", "市委"]})]
    topics = {
        t.id: t for t in rank_topics({"letter": letter, "water": water, "plan": plan}, RankWeights(), NOW, [])
    }
    assert "热点：涉及“网络”等群众关注的问题" in topics["letter"].reasons  # 百姓 names no matter
    assert "热点：涉及“停水”“就业”等群众关注的问题" in topics["water"].reasons
    assert "热点：群众关注度较高" in topics["plan"].reasons


def test_a_distinctive_reason_names_practices_not_success_words() -> None:
    """"特点：“创新”“取得”“实现”等做法" (人民日报, 一条热线连万家) named no practice: the words of a
    success report and plain verbs go, and so do words the model leans on that name no practice:
    村民, and the lexicon's verbs around one (打造, 依托)."""
    scores = {"key": 0.6, "hot": 0.1, "difficult": 0.1, "distinctive": 0.9}
    story = [_member("n/d1", "一条热线连万家", 1, kind="news", scores=scores,
                     cues={"distinctive": ["创新", "取得", "实现", "村民", "平台", "打造", "依托", "推出", "机制"]})]
    topic = rank_topics({"story": story}, RankWeights(), NOW, [])[0]
    assert "特点：“创新”“平台”“机制”等做法" in topic.reasons


def test_the_evidence_shown_is_the_newest(tmp_path: Path) -> None:
    """A topic about one estate since January listed January's letters as tonight's evidence."""
    from xuanti.export import evidence_uids, write_html

    members = [_member(f"h/e{n:02d}", f"金桂园燃气问题第{n}次反映", 40 - n) for n in range(12)]
    topic = rank_topics({"gas": members}, RankWeights(), NOW, [], window_days=60)[0]
    assert topic.documents[0] == "h/e00"  # the topic's documents run oldest first
    assert evidence_uids(topic) == [f"h/e{n:02d}" for n in range(11, 3, -1)]
    documents = {uid: {"title": f"标题{uid}", "url": "", "source": "12345热线", "published": ""} for uid in topic.documents}
    page = write_html([topic], tmp_path / "t.html", documents).read_text(encoding="utf-8")
    assert "标题h/e11" in page and "标题h/e03" not in page and "另有更早的 4 篇/件" in page
    assert page.index("标题h/e11") < page.index("标题h/e04")


def test_letters_of_a_mailbox_are_called_by_its_name() -> None:
    """Letters to a 领导留言板 or 市长信箱 are no 12345 calls: "热点：近3天12345投诉3件" misnamed them."""
    letters = [dict(_member(f"h/m{n}", "九堡流动摊贩占道经营扰民", n), source="领导留言板") for n in (0.5, 1, 2, 12)]
    topic = rank_topics({"m": letters}, RankWeights(), NOW, [])[0]
    assert "热点：近3天领导留言板诉求3件，为前期日均的27.0倍" in topic.reasons
    assert "来源：领导留言板4件" in topic.reasons
    mixed = [*letters[:2], *[_member(f"h/x{n}", "九堡流动摊贩占道经营扰民", n) for n in (1, 3)]]
    assert "来源：12345热线4件（2个来源）" in rank_topics({"x": mixed}, RankWeights(), NOW, [])[0].reasons


def test_an_alert_that_titles_its_topic_is_not_named_again() -> None:
    """A headline longer than the named form (24 characters) is still recognised as the title."""
    scores = {"key": 0.1, "hot": 0.8, "difficult": 0.9, "distinctive": 0.0}
    long = "投诉A7县保利香槟国际违规建设及欺骗业主的行为并要求尽快处理"
    members = [_member(f"h/t{n}", long, n, scores=scores, warning="alert" if n == 0 else "watch",
                       cues={"warning": ["燃气泄漏"] if n == 0 else ["一直"]}) for n in range(3)]
    topic = rank_topics({"t": members}, RankWeights(), NOW, [])[0]
    assert topic.title == long and "预警：1件达预警（共3件），灾害事故（“燃气泄漏”）" in topic.reasons, topic.reasons


def test_an_old_alert_says_when_it_came() -> None:
    """A topic stays 预警 while its alert letter is in the window; when that letter is older than the
    last few days, the reason gives its date, so an editor does not read it as tonight's."""
    scores = {"key": 0.1, "hot": 0.8, "difficult": 0.9, "distinctive": 0.0}
    old = _member("h/a0", "滨河苑小区燃气泄漏", 10, scores=scores, warning="alert", cues={"warning": ["燃气泄漏"]})
    newer = [_member(f"h/a{n}", "滨河苑小区燃气管道老化", n, scores=scores, warning="watch", cues={"warning": ["老化"]})
             for n in (1, 2, 3)]
    topic = rank_topics({"gas": [old, *newer]}, RankWeights(), NOW, [])[0]
    day = NOW - timedelta(days=10)
    assert topic.title != "滨河苑小区燃气泄漏"
    assert any(r.startswith(f"预警：1件达预警（《滨河苑小区燃气泄漏》，共4件，最近一件{day.month}月{day.day}日），")
               for r in topic.reasons), topic.reasons
    fresh = rank_topics({"gas": [_member("h/b0", "滨河苑小区燃气泄漏", 1, scores=scores, warning="alert",
                                          cues={"warning": ["燃气泄漏"]})]}, RankWeights(), NOW, [])[0]
    assert not any("最近一件" in r for r in fresh.reasons)


def test_a_difficult_reason_without_problem_words_says_what_not_where() -> None:
    """城关二小学位不足 (the demo's letters) was "群众反映“城关”“二小”方面的实际问题": a place and a
    school's short name. The reason names what the letters are about."""
    scores = {"key": 0.1, "hot": 0.6, "difficult": 0.8, "distinctive": 0.1}
    said = [
        ("城关二小学位不足", "城关二小一年级一个班快六十个人了，教室里挤得转不开身，老师也顾不过来。"),
        ("学区房买了上不了二小", "属于城关二小学区，结果报名时说学位满了。当时买房花了不少钱，现在很后悔。"),
        ("城关二小学区划分调整咨询", "听说要重新划分城关片区学区，会不会被划出城关二小学区？"),
    ]
    letters = [_member(f"h/x{n}", title, n, scores=scores, text=text) for n, (title, text) in enumerate(said)]
    topic = rank_topics({"school": letters}, RankWeights(), NOW, [])[0]
    reason = next(r for r in topic.reasons if r.startswith("难点："))
    assert "城关" not in reason and "二小" not in reason and "学区" in reason, reason


def test_a_topic_holding_a_policy_names_it() -> None:
    """Letters about unpaid wages and the county's new rules on paying them: the editor's report is
    how the rules are carried out, so the policy is named with its date. A topic titled after the
    policy says nothing twice."""
    policy = _member("p/1", "清河县保障农民工工资支付工作实施办法", 13, kind="policy", source="清河县人民政府")
    letters = [_member(f"h/w{n}", "阳光新城工地拖欠农民工工资", n, cues={"warning": ["拖欠"]}) for n in range(1, 4)]
    topic = rank_topics({"wages": [policy, *letters]}, RankWeights(), NOW, [])[0]
    day = NOW - timedelta(days=13)
    assert f"政策：《清河县保障农民工工资支付工作实施办法》（{day.month}月{day.day}日发布）" in topic.reasons
    from models.rank import _policy_reason

    assert _policy_reason([policy, *letters], "清河县保障农民工工资支付工作实施办法") == ""
    assert _policy_reason([policy], "") == ""  # policies alone


def test_the_nights_page_says_what_the_night_missed(tmp_path: Path) -> None:
    """The HTML list editors open carries the night's caveat: a source with nothing new, one not read
    at all; not a run still running (the page is written before the run ends), not a few bad rows."""
    from datetime import datetime

    from xuanti.export import write_html
    from xuanti.records import Run, SourceReport

    run = Run(id="n", started=datetime(2026, 11, 21, 1, 30), night=datetime(2026, 11, 21, 1, 30), sources=[
        SourceReport(source="12345热线", fetched=1, notes=["已 6 天没有新内容（最新材料 2026-11-15）"]),
        SourceReport(source="县政府网", errors=["县政府网: site unreachable: http://x/: timed out"], failed=1),
        SourceReport(source="江州日报", fetched=1, stored=9, failed=1, errors=["江州日报: entry 3: no title"]),
    ])
    caveat = run.caveats(status=False)
    assert caveat.startswith("11月21日的夜间任务：来源「12345热线」已 6 天没有新内容（最新材料 2026-11-15）；来源「县政府网」未能读取。")
    assert "江州日报" not in caveat and "运行中" not in caveat and "任务运行中" in run.caveats()
    assert Run(id="ok", started=datetime(2026, 11, 21), status="ok").caveats() == ""
    page = write_html([], tmp_path / "t.html", caveat=caveat + "<b>").read_text(encoding="utf-8")
    assert '<p class="caveat">11月21日的夜间任务：' in page and "&lt;b&gt;" in page


def test_letters_about_another_citys_places_are_ranked_below_with_a_reason() -> None:
    """A provincial message board gives Hangzhou's office letters about 绍兴's districts: the topic says
    where they are and is ranked at half its score. A topic with one Hangzhou letter, news about another
    city, and letters naming no district stay as they were."""
    def letters(areas: list[str]) -> list[dict]:
        return [_member(f"h/{n}{area}", "小区消防通道被占用", n + 0.5, area=area) for n, area in enumerate(areas)]

    groups = {
        "shaoxing": letters(["越城区", "柯桥区", ""]),
        "mixed": letters(["越城区", "萧山区"]),
        "unnamed": letters(["", ""]),
        "news": [_member("n/1", "绍兴越城区推进消防整治", 1, kind="news", area="越城区")],
    }
    here = {t.id: t for t in rank_topics(groups, RankWeights(), NOW, [], office_area="杭州市")}
    anywhere = {t.id: t for t in rank_topics(groups, RankWeights(), NOW, [])}
    assert "地域：反映绍兴市的问题，不在杭州市范围内，已降序" in here["shaoxing"].reasons
    assert here["shaoxing"].metadata["elsewhere"] == "绍兴市"
    assert here["shaoxing"].rank_score == pytest.approx(anywhere["shaoxing"].rank_score * 0.5, abs=1e-5)
    for topic_id in ("mixed", "unnamed", "news"):
        assert here[topic_id].rank_score == anywhere[topic_id].rank_score
        assert not here[topic_id].metadata["elsewhere"]
        assert not any(reason.startswith("地域") for reason in here[topic_id].reasons)


def test_a_theme_across_places_says_where_it_is_scattered() -> None:
    """A theme of letters about several estates has no place of its own; its title is its most typical
    letter ("林之语旁边施工扰民", real Hangzhou letters), so the reasons say it is spread over places."""
    def noise(places: list[str]) -> list[dict]:
        return [_member(f"h/{n}", f"{place or '楼下'}施工扰民", n + 0.5, place=place) for n, place in enumerate(places)]

    groups = {
        "theme": noise(["山海大观", "", "怡嘉苑", "宁围街道", "潇源村", "袍江十里景苑", "萧山区"]),
        "two": noise(["东景花园小区", "溪映明月轩小区", ""]),
        "estate": noise(["怡嘉苑", "怡嘉苑", "宁围街道"]),
        "spellings": noise(["中海国际", "含浦中海国际"]),  # one estate, not "分散于2处"
        "two_spelt": noise(["中海国际", "怡嘉苑", "含浦中海国际", "怡嘉苑小区"]),  # two estates, not four
    }
    topics = {t.id: t for t in rank_topics(groups, RankWeights(), NOW, [])}
    assert topics["theme"].place == ""
    assert "地点：分散于6处（山海大观、怡嘉苑、袍江十里景苑等）" in topics["theme"].reasons
    assert "地点：分散于2处（东景花园小区、溪映明月轩小区）" in topics["two"].reasons
    assert topics["estate"].place == "怡嘉苑"
    assert [r for r in topics["estate"].reasons if r.startswith("地点")] == ["地点：怡嘉苑"]
    assert [r for r in topics["spellings"].reasons if r.startswith("地点")] == ["地点：含浦中海国际"]
    assert "地点：分散于2处（含浦中海国际、怡嘉苑小区）" in topics["two_spelt"].reasons


def test_a_topics_title_is_one_of_the_offices_own_letters_where_it_has_any() -> None:
    """Hangzhou's 消防 theme was titled by a letter about 嘉兴's 秀洲区, and so listed in the city's
    briefing; a topic of other cities' letters only keeps its closest headline."""
    fire = [
        _member("h/1", "关于秀洲区王江泾镇中南闻荷府小区消防投诉", 0.5, area="秀洲区",
                text="秀洲区王江泾镇中南闻荷府小区消防通道堵塞，消防设施损坏，存在火灾隐患"),
        _member("h/2", "小区消防通道被堵", 1.5, area="余杭区", text="小区消防通道被车辆堵塞，存在火灾隐患"),
        _member("h/3", "消防设施损坏", 2.5, area="", text="楼道消防设施损坏，灭火器过期，存在火灾隐患"),
    ]
    anywhere = rank_topics({"fire": fire}, RankWeights(), NOW, [])[0]
    here = rank_topics({"fire": fire}, RankWeights(), NOW, [], office_area="杭州市")[0]
    assert anywhere.title == "关于秀洲区王江泾镇中南闻荷府小区消防投诉"
    assert here.title in {"小区消防通道被堵", "消防设施损坏"}
    elsewhere = rank_topics({"fire": fire[:1]}, RankWeights(), NOW, [], office_area="杭州市")[0]
    assert elsewhere.title == fire[0]["title"]
    # A letter naming no district is in the district of a letter of the topic naming its town
    # (real Hangzhou letters, May 2026: the briefing's warnings led with the first).
    twin = _member("h/4", "王江泾镇中南闻荷府消防不合格投诉", 0.2, area="", place="王江泾镇",
                   text="王江泾镇中南闻荷府小区消防通道堵塞，消防设施损坏，存在火灾隐患")
    assert member_areas([twin, *fire]) == ["秀洲区", "秀洲区", "余杭区", ""]
    here = rank_topics({"fire": [twin, *fire]}, RankWeights(), NOW, [], office_area="杭州市")[0]
    assert here.title in {"小区消防通道被堵", "消防设施损坏"}
    apart = rank_topics({"fire": [twin, fire[0]]}, RankWeights(), NOW, [], office_area="杭州市")[0]
    assert apart.metadata["elsewhere"] == "嘉兴市"  # both letters are 秀洲区's


def test_a_two_character_headline_is_no_topic_title_where_a_fuller_one_exists() -> None:
    """A Hangzhou 消防 theme was titled "消防" (a real letter's headline) in the May briefing."""
    fire = [
        _member("h/1", "消防", 0.5, text="小区消防设施损坏，消防通道被占用，存在火灾隐患"),
        _member("h/2", "网吧二次装修未做消防备案违规营业", 1.5, text="网吧二次装修未做消防备案，存在火灾隐患"),
    ]
    assert rank_topics({"fire": fire}, RankWeights(), NOW, [])[0].title == fire[1]["title"]
    assert rank_topics({"fire": fire[:1]}, RankWeights(), NOW, [])[0].title == "消防"


def test_the_offices_own_county_is_no_place_to_tell_it() -> None:
    """清河县's own news named 清河县 and the list said "地点：清河县" to 清河县's editors."""
    hospital = [
        _member("n/1", "清河县人民医院新住院楼投入使用", 0.5, kind="news", place="清河县"),
        _member("n/2", "县人民医院新住院楼启用", 1.5, kind="news", place="清河县"),
        _member("h/1", "县人民医院停车难", 2.5, place="上庄村"),
    ]
    here = rank_topics({"hospital": hospital}, RankWeights(), NOW, [], office_area="清河县")[0]
    anywhere = rank_topics({"hospital": hospital}, RankWeights(), NOW, [])[0]
    assert anywhere.place == "清河县"
    assert here.place == "" and not any(reason.startswith("地点") for reason in here.reasons)


def test_an_estate_named_bare_in_a_headline_is_its_place_if_others_name_it_fully() -> None:
    """"A市万科魅力之城近百户房屋楼板、墙面开裂！" names no suffix, so the letter had no place; two other
    letters of the night say 魅力之城小区. A name only one letter gives with its suffix is not used."""
    groups = {
        "smoke": [_member("h/1", "魅力之城小区商铺油烟扰民", 1.5, place="魅力之城小区"),
                  _member("h/2", "魅力之城小区油烟", 2.5, place="魅力之城小区")],
        "cracks": [_member("h/3", "A市万科魅力之城近百户房屋楼板、墙面开裂！", 0.5),
                   _member("h/4", "A市丽景华庭楼板开裂", 0.7)],
        "lone": [_member("h/5", "清水塘小区停水", 0.5, place="清水塘小区"), _member("h/6", "清水塘停水三天", 0.6)],
    }
    named = with_named_estates(groups)
    assert [m["place"] for m in named["cracks"]] == ["魅力之城小区", ""]
    assert [m["place"] for m in named["lone"]] == ["清水塘小区", ""] and groups["cracks"][0]["place"] == ""
    topics = {t.id: t for t in rank_topics(groups, RankWeights(), NOW, [])}
    assert topics["cracks"].place == "魅力之城小区" and topics["cracks"].title.startswith("A市万科魅力之城")


def test_an_estate_named_with_fu_is_its_topics_place() -> None:
    """Hangzhou's letters name new estates with 府 (湖印光年府, 名望府), which no document's own place reads
    (as places for grouping they cost hot-issue precision); a topic's place does, over a district and
    over nothing, but not over an estate the letter's place names, nor from a government or a school."""
    groups = {
        "tiles": [_member("h/1", "我们普通老百姓花了两辈人半辈子的积蓄，好不容易才买的房子", 1.0, place="钱塘区",
                          text="好不容易才买的房子(钱塘区万科湖印光年府9-260*，顶楼），交房后多处问题一直未得到解决")],
        "dog": [_member("h/2", "小区业主养狗不栓狗绳", 2.0, text="名望府一楼业主养狗，多次反映无果")],
        "kept": [_member("h/3", "丽发新城小区停水", 1.0, place="丽发新城小区", text="丽发新城小区旁名望府施工")],
        "none": [_member("h/4", "向市政府反映长郡楚府中学门口拥堵", 1.0)],
        # A story's place is read in its headline and lead, as every document's is (places.place_text).
        "story": [_member("n/1", "我县推进老旧小区改造", 1.0, kind="news", source="news",
                          text="今年以来，我县加快推进老旧小区改造工作。" * 20 + "名望府等新建小区也在同步推进。")],
    }
    named = with_named_estates(groups)
    assert [named[key][0]["place"] for key in groups] == ["湖印光年府", "名望府", "丽发新城小区", "", ""]
    assert groups["tiles"][0]["place"] == "钱塘区"  # copied, not changed
    topics = {t.id: t for t in rank_topics(groups, RankWeights(), NOW, [])}
    assert topics["tiles"].place == "湖印光年府" and topics["dog"].place == "名望府"


def test_a_story_guarding_against_a_risk_gives_no_risk_reason() -> None:
    """The demo's city committee meeting ("坚决防止因欠薪引发群体性事件") read 涉稳风险（“群体性”）、
    拖欠工资（“农民工工资”“欠薪”）: its risk words report work, as they open no alert. A letter saying
    the same is read as before."""
    text = "会议要求加强在建工程项目农民工工资支付监管，坚决防止因欠薪引发群体性事件，把矛盾化解在基层。"
    cues = {"warning": ["群体性", "欠薪", "农民工工资", "矛盾"]}
    story = [_member("n/1", "市委常委会研究部署冬季民生保障和信访稳定工作", 0.5, kind="news", source="news",
                     text=text, warning="watch", cues=cues)]
    [meeting] = rank_topics({"meeting": story}, RankWeights(), NOW, [])
    said = " ".join(meeting.reasons)
    assert "矛盾纠纷（“矛盾”）" in said and "涉稳风险" not in said and "拖欠工资" not in said
    letter = [{**story[0], "kind": "hotline", "source": "hotline-export"}]
    assert "涉稳风险（“群体性”）" in " ".join(rank_topics({"letter": letter}, RankWeights(), NOW, [])[0].reasons)


def test_the_outlets_of_a_yuqing_sheet_are_sources_of_their_own() -> None:
    """Four stories of one 舆情 sheet from three outlets are reported by three sources, and are hotter than
    the same four from one outlet; a sheet's rows had all counted as the sheet alone."""
    outlets = ["人民网", "县融媒体中心", "人民网", "澎湃新闻"]
    stories = [dict(_member(f"y/s{n}", "县城老旧小区改造进展", n + 0.5, kind="news", source="舆情日报"),
                    outlet=outlet) for n, outlet in enumerate(outlets)]
    spread, = rank_topics({"y": stories}, RankWeights(), NOW, [])
    single, = rank_topics({"y": [dict(story, outlet="人民网") for story in stories]}, RankWeights(), NOW, [])
    assert any(reason.endswith("（3个来源）") for reason in spread.reasons)
    assert not any("个来源" in reason for reason in single.reasons) and spread.heat > single.heat


def test_a_fresh_incident_comes_near_the_top() -> None:
    """A fire reported tonight is a 突发事件 the office reports at once: the demo's restaurant fire, an
    alert with none of the four points, ranked 91st of 103 below letters on street lights. Its weight
    fades over three days (a week-old fire is no news), and a blocked fire lane, a hazard, is no
    incident."""
    none = {"key": 0.1, "hot": 0.1, "difficult": 0.1, "distinctive": 0.0}
    fire = [_member("n/fire", "城关镇鼓楼街一餐馆后厨起火 浓烟滚滚", 0.2, kind="news", scores=none, warning="alert",
                    text="城关镇鼓楼街一家餐馆后厨起火，消防救援人员及时赶到将火扑灭，未造成人员伤亡。",
                    cues={"warning": ["起火", "伤亡", "救援"]})]
    old_fire = [{**fire[0], "uid": "n/old", "published": NOW - timedelta(days=7)}]
    lane = [_member("h/lane", "小区消防通道被占用", 0.2, scores=none, warning="alert",
                    text="消防通道上停满了车，一旦发生火灾，消防车无法进入。", cues={"warning": ["消防通道", "火灾"]})]
    lights = [_member(f"h/l{n}", "路灯不亮", 0.5 + n, scores={"key": 0.1, "hot": 0.9, "difficult": 0.9, "distinctive": 0.0},
                      warning="watch", cues={"warning": ["一直"]}) for n in range(3)]
    topics = rank_topics({"fire": fire, "old": old_fire, "lane": lane, "lights": lights}, RankWeights(), NOW, [])
    order = [topic.id for topic in topics]
    assert order.index("fire") < order.index("lights"), order
    by_id = {topic.id: topic for topic in topics}
    assert by_id["fire"].metadata["components"]["incident"] > 0.9
    assert "突发：" + f"{(NOW - timedelta(days=0.2)).month}月{(NOW - timedelta(days=0.2)).day}日报道“起火”，属突发事件" in by_id["fire"].reasons
    # No casualty was said where none happened: the fire is the sign.
    assert any(reason.startswith("预警：灾害事故（“起火”") for reason in by_id["fire"].reasons), by_id["fire"].reasons
    assert by_id["old"].metadata["components"]["incident"] < 0.1
    assert by_id["lane"].metadata["components"]["incident"] == 0.0
    assert not any(reason.startswith("突发") for reason in by_id["lane"].reasons)
    # Another province's fire is another office's 突发事件 (新闻联播, 2023-11-16), and an investigation
    # report months after one is no incident tonight.
    far = [{**fire[0], "uid": "n/far", "title": "习近平对山西吕梁市永聚煤矿一办公楼火灾事故作出重要指示"}]
    report = [{**fire[0], "uid": "n/report", "title": "北京长峰医院重大火灾事故调查报告公布"}]
    for office in ("本县", "清河县", "杭州市"):
        others = {t.id: t for t in rank_topics({"far": far, "report": report}, RankWeights(), NOW, [], office_area=office)}
        assert others["far"].metadata["components"]["incident"] == 0.0, office
        assert others["report"].metadata["components"]["incident"] == 0.0, office
    # A local road or restaurant named after a province is at home (written for this test).
    roads = [{**fire[0], "uid": "n/road", "title": "北京路一家重庆火锅店后厨起火"}]
    road = rank_topics({"road": roads}, RankWeights(), NOW, [], office_area="清河县")[0]
    assert road.metadata["components"]["incident"] > 0.9
    # A letter is the office's own, whatever province its headline names (tipdm's real letter).
    letter = [_member("h/estate", "A市A3区北京御园10栋2单元2018年10月弱电井起火", 0.2, scores=none, warning="alert",
                      cues={"warning": ["起火"]})]
    estate = rank_topics({"estate": letter}, RankWeights(), NOW, [], office_area="清河县")[0]
    assert estate.metadata["components"]["incident"] > 0.9
    assert rank_topics({"estate": [{**letter[0], "kind": "news"}]}, RankWeights(), NOW, [],
                       office_area="清河县")[0].metadata["components"]["incident"] == 0.0
    home = rank_topics({"far": far}, RankWeights(), NOW, [], office_area="吕梁市")[0]
    assert home.metadata["components"]["incident"] > 0.9
    # The weight is the office's to set.
    quiet = rank_topics({"fire": fire, "lights": lights}, RankWeights(incident=0.0), NOW, [])
    assert [topic.id for topic in quiet].index("fire") > [topic.id for topic in quiet].index("lights")


def test_a_hot_reason_names_matters_not_generic_words() -> None:
    """Hangzhou's night of 2026-06-12 read "热点：涉及“基本”“违规”“部分”等群众关注的问题" (real headline)."""
    scores = {"key": 0.1, "hot": 0.9, "difficult": 0.3, "distinctive": 0.0}
    letter = [_member("h/s1", "关于绍兴阳光城檀悦业主擅自破坏、硬化", 0.5, scores=scores, warning="watch",
                      cues={"hot": ["基本", "违规", "部分", "绿地"]})]
    hot = next(reason for reason in rank_topics({"t": letter}, RankWeights(), NOW, [])[0].reasons if reason.startswith("热点"))
    assert "基本" not in hot and "部分" not in hot and "违规" not in hot, hot


def test_the_offices_own_city_is_no_reason() -> None:
    """Shangluo's real letter asking for the city's trade figures read "热点：涉及“商洛”等群众关注的问题"."""
    scores = {"key": 0.6, "hot": 0.7, "difficult": 0.1, "distinctive": 0.0}
    letter = [_member("h/t1", "咨询商洛市及各县区2021年度进出口数据", 0.5, scores=scores,
                      cues={"hot": ["商洛", "进出口"], "key": ["商洛", "外贸"]})]
    reasons = rank_topics({"t": letter}, RankWeights(), NOW, [], office_area="商洛市")[0].reasons
    assert not any("商洛" in reason for reason in reasons if reason.startswith(("热点", "重点"))), reasons


def test_a_difficulty_is_no_piece_of_a_roads_name() -> None:
    """Hangzhou's "关于市府大道、欣荣路及朝晖路存在交通乱象" read "难点：群众反映“欣荣”“市府”方面的实际问题"
    (real headline); a kind of road (单行路, whole as the keyword now gives it) is a matter."""
    scores = {"key": 0.1, "hot": 0.3, "difficult": 0.9, "distinctive": 0.0}
    roads = [_member("h/r1", "关于市府大道、欣荣路及朝晖路存在交通乱象", 0.5, scores=scores, warning="watch",
                     keywords=["欣荣", "市府", "朝晖路", "乱象", "交通"])]
    oneway = [_member("h/r2", "单行路缺少监控，建议添加监控", 0.5, scores=scores, warning="watch",
                      keywords=["单行", "监控", "添加"])]
    topics = {t.id: t for t in rank_topics({"roads": roads, "oneway": oneway}, RankWeights(), NOW, [])}
    difficulty = next(reason for reason in topics["roads"].reasons if reason.startswith("难点"))
    assert "欣荣" not in difficulty and "市府" not in difficulty and "朝晖路" not in difficulty, difficulty
    assert "“单行路”" in next(reason for reason in topics["oneway"].reasons if reason.startswith("难点"))
    # Nor a place's whole name, as keywords now give it ("沙坪街道" of tipdm's dry wells).
    wells = [_member("h/w1", "A4区沙坪街道双塘村普遍出现水井枯竭现象", 0.5, scores=scores, warning="watch",
                     keywords=["沙坪", "水井", "枯竭"])]
    difficulty = next(r for r in rank_topics({"wells": wells}, RankWeights(), NOW, [])[0].reasons if r.startswith("难点"))
    assert "沙坪" not in difficulty, difficulty
