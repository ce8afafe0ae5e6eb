"""Rows of the fictional 清河县 12345 hotline export. All text, names and numbers are invented.

``build_rows(rng)`` returns the export rows (without the header). Each row is assembled from phrase
pieces so that wording varies; a few clusters are planted on purpose (see ``CLUSTERS``).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

COLUMNS = ["工单编号", "来电时间", "标题", "诉求内容", "所属区域", "问题分类", "办理状态", "答复意见", "满意度", "来电人", "联系电话"]

START = datetime(2026, 10, 25)
END = datetime(2026, 11, 20, 22, 0)

ESTATES = {
    "幸福里社区": "城关镇", "东方名苑": "城关镇", "学府名邸": "城关镇", "康乐小区": "城关镇", "粮站宿舍": "城关镇",
    "翠湖小区": "柳林街道", "御景湾": "柳林街道", "清河湾": "柳林街道", "丽水家园": "河西街道", "书香门第": "河西街道",
    "金桂园": "河西街道", "紫荆苑": "经开区", "工业园职工公寓": "经开区", "桃源新村": "桃源镇", "石桥安置小区": "石桥镇",
}
ROADS = {
    "人民路": "城关镇", "解放路": "城关镇", "文昌路": "城关镇", "东环路": "城关镇", "建设大道": "柳林街道",
    "清河大道": "柳林街道", "柳林路": "柳林街道", "滨江路": "河西街道", "河西大街": "河西街道", "工业园路": "经开区",
    "创业大道": "经开区", "桃源路": "桃源镇", "石桥老街": "石桥镇", "白沙路": "白沙乡",
}
VILLAGES = {
    "上庄村": "桃源镇", "下湾村": "桃源镇", "河口村": "石桥镇", "王家庄村": "石桥镇", "新桥村": "白沙乡",
    "白沙村": "白沙乡", "前进村": "经开区", "南塘村": "城关镇",
}
SCHOOLS = {
    "城关一小": "城关镇", "县实验小学": "城关镇", "清河二中": "柳林街道", "柳林中学": "柳林街道",
    "河西小学": "河西街道", "桃源镇中心小学": "桃源镇", "县第一中学": "城关镇", "经开区实验学校": "经开区",
}
AREAS = ["城关镇", "城关镇", "柳林街道", "柳林街道", "河西街道", "河西街道", "经开区", "桃源镇", "石桥镇", "白沙乡"]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅志海波鹏辉晨琳宇浩凯欣雪婷倩颖丹萍斌亮文龙飞春燕"
MOBILE_PREFIX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156",
                 "157", "158", "159", "166", "176", "177", "180", "181", "182", "183", "186", "187", "188", "189",
                 "191", "198", "199"]

OPENERS = ["来电人反映：", "市民来电反映，", "来电人称，", "", "", "群众反映：", "来电人表示，", "来电反映：", "网民留言："]
ASKS = [
    "希望相关部门尽快处理。", "请有关部门核实处理。", "要求尽快解决并给予答复。", "希望能给个说法。",
    "请相关部门予以关注。", "希望职能部门管一管。", "请尽快安排人员查看。", "盼回复。", "",
]

# Background issue types. ``items`` pairs a title with a detail (several titles may share one detail);
# ``generic`` titles fit any detail of the type. 所属区域 follows the first place named in the detail.
# ``kind`` picks the reply style: fix (default), consult, praise. ``d0`` is the earliest day offset.
BACKGROUND: list[dict] = [
    dict(cat="环境保护", dept="县生态环境分局", w=12, generic=["夜间施工影响休息", "投诉工地深夜作业噪音"], items=[
        ("{road}工地夜间施工噪音扰民", "{road}与{road2}交叉口附近的工地每天晚上施工到十一二点，打桩机声音很大"),
        ("反映{road}附近夜间施工", "{road}旁边在建工地最近连续多天夜间作业，凌晨还有渣土车进出，轰隆隆的"),
        ("{road}管道施工夜间扰民", "{road}沿线管道施工，晚上十点以后还在用破碎锤破路面"),
        ("工地半夜浇筑混凝土", "住在{road}边上，附近工地半夜浇混凝土，泵车响了一整夜"),
    ], extras=["家里有老人和小孩，根本睡不好。", "之前跟工地说过，对方说有夜间施工许可，不知道是真是假。",
               "已经持续一个多星期了。", "第二天还要上班，实在受不了。", ""]),
    dict(cat="环境保护", dept="属地街道办事处", w=6, generic=["广场舞噪音扰民"], items=[
        ("{estate}广场舞音响声音过大", "{estate}小区门口的空地每天晚上有人跳广场舞，音响开得非常大"),
        ("清晨广场舞扰民", "{estate}旁边的小广场，早上六点不到就有人放音乐跳舞"),
        ("反映小区楼下广场舞音响", "{estate}楼下每晚七点到九点半广场舞，低音炮震得窗户都响"),
    ], extras=["家里孩子要写作业。", "跟她们沟通过，让调小一点，没用。", "夜班工人白天晚上都休息不好。", ""]),
    dict(cat="交通运输", dept="县交通运输局", w=10, generic=["道路坑洞存在安全隐患", "反映道路破损"], items=[
        ("{road}路面坑洼", "{road}靠近{road2}路口的位置路面有好几个大坑，下雨后积满水看不见"),
        ("{road}非机动车道塌陷", "{road}非机动车道塌了一块，已经有人骑电动车摔倒"),
        ("{road}道路破损严重", "{road}中段路面开裂起伏，大车经过时颠得厉害"),
        ("{road}管道回填后路面下沉", "{road}修管道后回填不实，路面下沉了二十多公分"),
    ], extras=["晚上光线暗更危险。", "前两天有个老人在这里摔了一跤。", "已经反映过一次，还没修。", ""]),
    dict(cat="城乡建设", dept="县城市管理局", w=9, generic=["路灯故障", "反映路灯不亮"], items=[
        ("{road}路灯不亮", "{road}从{road2}路口往北大概三百米，路灯全部不亮"),
        ("反映{road}一段路灯损坏", "{road}有五六盏路灯坏了，一到晚上黑漆漆的"),
        ("{road}路灯时亮时灭", "{road}人行道上的路灯时亮时不亮"),
        ("{road}新装路灯未通电", "{road}新修的那段路装了路灯但一直没通电"),
    ], extras=["附近有学校，学生晚自习放学不安全。", "晚上出门散步都不敢走。", "大概有半个月了。", ""]),
    dict(cat="城乡建设", dept="县城市管理局", w=9, generic=["生活垃圾长期未清运", "垃圾清运不及时"], items=[
        ("{estate}垃圾桶满溢无人清理", "{estate}北门的垃圾桶已经三天没人清运，垃圾堆到了路上"),
        ("反映{estate}周边乱倒垃圾", "{estate}旁边空地有人乱倒建筑垃圾和生活垃圾，越堆越多"),
        ("{estate}垃圾分类亭脏乱", "{estate}垃圾分类亭周围污水横流，气味很大"),
        ("{estate}后面河沟垃圾多", "{estate}后面的小河沟里漂着很多垃圾"),
    ], extras=["天冷了还好，夏天根本没法走。", "招了很多老鼠。", "希望增加清运频次。", ""]),
    dict(cat="交通运输", dept="县公安局交警大队", w=9, generic=["违章停车堵塞道路", "路边违停影响通行"], items=[
        ("{road}车辆乱停乱放", "{road}两边停满了车，早晚高峰只能单车道通行"),
        ("菜市场门口车辆乱停", "{road}菜市场门口车辆乱停，经常堵得走不动"),
        ("{estate}消防通道被占用", "{estate}门口的消防通道被私家车长期占用"),
        ("{road}人行道停满车辆", "{road}人行道上停满了车，行人只能走机动车道"),
    ], extras=["万一着火消防车都进不来。", "接送孩子的时候特别危险。", "建议多派交警巡查。", ""]),
    dict(cat="交通运输", dept="县交通运输局", w=5, generic=["公交出行不便"], items=[
        ("建议增加公交班次", "{village}到县城的公交车一天只有四班，下午四点以后就没车了"),
        ("反映公交车不按时发车", "3路公交车经常不按时间表发车，等了四十分钟都没来"),
        ("{road}公交站台被拆未恢复", "{road}的公交站台被拆了以后，一直没有重新设置"),
        ("6路公交线路调整不便", "6路车调整线路后不经过县人民医院了，老人看病很不方便"),
    ], extras=["希望考虑群众实际需要。", "上班族都靠公交。", ""]),
    dict(cat="教育文体", dept="县教育局", w=8, kind="consult", generic=["教育问题咨询"], items=[
        ("咨询学区划分", "孩子明年上一年级，户口在{estate}，想问一下对应的是哪所学校"),
        ("孩子转学问题", "孩子在外地上学，想转回{school}，学校说没有学位"),
        ("反映{school}课后服务收费", "{school}课后服务每学期收费，想问一下收费标准是否经过审批"),
        ("咨询{school}入学材料", "随迁子女在{school}上学需要准备哪些材料"),
        ("{school}放学时间过早", "{school}放学时间太早，家长下班接不了孩子"),
    ], extras=["打学校电话一直没人接。", "希望教育部门给个明确答复。", ""]),
    dict(cat="卫生计生", dept="县医疗保障局", w=8, kind="consult", generic=["医保问题咨询"], items=[
        ("异地就医备案问题", "家里老人在省城住院，想问异地就医备案怎么办理"),
        ("咨询医保报销比例", "今年交了城乡居民医保，在县人民医院住院报销比例比去年低了"),
        ("门诊慢特病审核慢", "门诊慢特病申请提交快两个月了，还没有审核结果"),
        ("新生儿参保咨询", "孩子在外地出生，新生儿参保怎么办理"),
        ("医保卡无法使用", "在县中医院做的检查，医保卡刷不了"),
    ], extras=["跑了好几趟都没办成。", "网上办理的入口找不到。", ""]),
    dict(cat="卫生计生", dept="县卫生健康局", w=5, generic=["反映医疗服务问题"], items=[
        ("县人民医院儿科挂号难", "县人民医院儿科周末挂不上号，只能去急诊"),
        ("反映医院服务态度", "在县人民医院新住院楼找不到缴费窗口，问工作人员态度很差"),
        ("县人民医院停车难", "县人民医院周边停车太难，排队进停车场要半个多小时"),
        ("咨询流感疫苗接种", "想给老人打流感疫苗，社区卫生服务中心说没有货"),
        ("{village}卫生室医生不在岗", "{village}卫生室医生经常不在岗"),
    ], extras=["希望改进。", "希望多设置指示牌。", ""]),
    dict(cat="劳动和社会保障", dept="县人力资源和社会保障局", w=8, kind="consult", generic=["社保问题咨询"], items=[
        ("咨询养老保险补缴", "今年60岁了，养老保险还差两年，想问能不能一次性补缴"),
        ("养老金未按时到账", "父亲的养老金这个月到现在还没到账"),
        ("灵活就业人员社保缴费", "以灵活就业身份缴纳社保，缴费基数怎么选"),
        ("咨询失业保险金申领", "在{road}一家公司上班被辞退了，想问失业保险金怎么领"),
        ("社保卡激活问题", "新办的社保卡激活不了，银行说要去社保局"),
    ], extras=["希望有关部门给予答复。", "电话打不通。", ""]),
    dict(cat="城乡建设", dept="属地街道办事处", w=6, generic=["养犬扰民", "不文明养犬"], items=[
        ("反映小区狗未拴绳", "{estate}有住户养了一条大狗，遛狗不拴绳，小孩被吓哭好几次"),
        ("犬只吠叫影响休息", "{estate}楼上邻居的狗每天晚上叫个不停"),
        ("{estate}周边流浪狗多", "{estate}周边流浪狗越来越多，成群结队追人"),
        ("{estate}楼道狗粪便无人清理", "{estate}楼道和电梯里经常有狗粪便，没人清理"),
    ], extras=["跟物业说了也不管。", "担心咬伤人。", ""]),
    dict(cat="商贸旅游", dept="县市场监督管理局", w=7, kind="consult", generic=["营业执照办理咨询"], items=[
        ("咨询食品经营许可证", "想在{road}开一家小餐馆，营业执照和食品经营许可证能不能一起办"),
        ("个体工商户注销咨询", "个体户已经不经营了，想注销营业执照，需要什么材料"),
        ("营业执照经营范围变更", "公司营业执照要增加经营范围，网上办理一直提示失败"),
        ("家庭烘焙网上销售是否需要办证", "在家做烘焙网上卖，需不需要办证"),
    ], extras=["希望能一次说清楚。", "已经跑过一次政务服务中心。", ""]),
    dict(cat="环境保护", dept="县生态环境分局", w=5, generic=["餐馆油烟扰民", "反映餐饮油烟污染"], items=[
        ("{road}烧烤店油烟大", "{road}一家烧烤店把烧烤炉摆在门口，油烟直冲楼上住户"),
        ("{estate}楼下饭店排烟扰民", "{estate}楼下的饭店排烟管道直接对着居民窗户"),
        ("{road}夜宵店油烟噪音", "{road}几家夜宵店每天营业到凌晨两点，油烟噪音都很大"),
    ], extras=["窗户都不敢开。", "衣服晾在外面全是味。", ""]),
    dict(cat="住房物业", dept="县住房和城乡建设局", w=9, generic=["反映物业服务问题"], items=[
        ("{estate}电梯故障频繁", "{estate}{b}号楼电梯这个月坏了三次，有一次还把人困在里面"),
        ("{estate}物业占用绿地", "{estate}物业把公共绿地改成了收费停车位"),
        ("物业费上涨未征求意见", "{estate}物业费涨价没有征求业主意见"),
        ("{estate}楼道灯不亮", "{estate}{b}号楼楼道灯坏了很久，物业一直说没配件"),
        ("{estate}维修基金申请难", "{estate}屋顶漏水，找物业申请动用维修基金迟迟没有回音"),
    ], extras=["老人上下楼很不方便。", "希望住建部门监督。", "业主意见很大。", ""]),
    dict(cat="住房物业", dept="县不动产登记中心", w=5, generic=["咨询不动产登记"], items=[
        ("{estate}房产证迟迟办不下来", "{estate}交房已经四年了，房产证到现在还没办下来"),
        ("二手房过户咨询", "在{estate}买的二手房，过户需要准备哪些材料"),
        ("反映开发商未办理产权证", "开发商说{estate}的土地证有问题，所以一直办不了证"),
    ], extras=["孩子上学要用房产证。", "希望相关部门督促开发商。", ""]),
    dict(cat="城乡建设", dept="县城市管理局", w=5, generic=["市政设施损坏"], items=[
        ("{road}下水道堵塞", "{road}路边下水道堵了，污水漫到了人行道上"),
        ("反映窨井盖破损", "{estate}门口的窨井盖缺了一块，晚上看不见容易踩空"),
        ("{road}雨天积水", "{road}一下雨就积水，排水口全被树叶堵住了"),
    ], extras=["气味很难闻。", "存在安全隐患。", ""]),
    dict(cat="市场监管", dept="县市场监督管理局", w=5, generic=["消费维权"], items=[
        ("反映超市销售过期食品", "在{road}一家超市买的牛奶已经过期三天了"),
        ("{road}健身房关门跑路", "{road}的一家健身房突然关门，办的年卡还有八个月没用"),
        ("预付卡消费纠纷", "在{road}一家理发店办了会员卡，现在店换老板了不认卡"),
        ("商家虚假宣传", "网购的土特产宣传是本地散养，收到后发现是普通货"),
    ], extras=["商家态度很差。", "希望帮忙维权。", ""]),
    dict(cat="农业农村", dept="县农业农村局", w=5, generic=["农村问题反映"], items=[
        ("{village}灌溉渠道损坏", "{village}的灌溉渠年久失修，好几处坍塌了"),
        ("咨询耕地地力保护补贴", "{village}今年的耕地地力保护补贴还没发到卡上"),
        ("反映{village}村道破损", "{village}通往镇上的村道坑坑洼洼，拉粮食的车过不去"),
        ("农机补贴咨询", "今年买的收割机农机补贴什么时候能发"),
    ], extras=["明年春灌会受影响。", "村里说要等上面通知。", ""]),
    dict(cat="城乡建设", dept="县城市管理局", w=5, generic=["反映占道经营"], items=[
        ("{road}流动摊贩占道经营", "{road}每天早上流动摊贩把摊子摆到马路中间"),
        ("{road}商户占用人行道", "{road}人行道被商户摆满了货物，行人没法走"),
        ("菜市场周边秩序混乱", "{road}菜市场门口小贩占道，三轮车乱停"),
    ], extras=["早高峰特别堵。", "城管来了就走，走了又来。", ""]),
    dict(cat="城乡建设", dept="县消防救援大队", w=5, generic=["电动车充电安全隐患"], items=[
        ("{estate}飞线充电安全隐患", "{estate}{b}号楼有住户从窗户拉电线给电动车充电"),
        ("电动车楼道充电", "{estate}楼道里停满了电动车，有的还在充电"),
        ("建议小区增加充电桩", "{estate}只有两个充电桩，根本不够用，大家只能私拉电线"),
    ], extras=["冬天一旦着火后果不堪设想。", "物业说管不了。", ""]),
    dict(cat="住房物业", dept="县住房和城乡建设局", w=4, d0=21, generic=["供暖温度不达标"], items=[
        ("{estate}暖气不热", "{estate}{b}号楼暖气只有一点温度，室内不到十六度"),
        ("反映{estate}暖气上热下凉", "{estate}供暖以后家里暖气片上热下凉，可能是有空气"),
        ("{estate}顶楼暖气不热", "{estate}{b}号楼顶楼暖气不热，低楼层还可以"),
    ], extras=["已经报修了。", "热力公司说会安排人来看。", ""]),
    dict(cat="住房物业", dept="县住房公积金管理中心", w=4, kind="consult", generic=["公积金业务咨询"], items=[
        ("咨询公积金提取", "想用公积金交房租，需要哪些材料"),
        ("公积金贷款审批慢", "公积金贷款申请交上去一个多月了还没批下来"),
        ("异地公积金转移", "以前在外地交的公积金，怎么转到清河来"),
    ], extras=["希望简化流程。", ""]),
    dict(cat="交通运输", dept="县交通运输局", w=3, d0=24, generic=["对K8路公交的建议"], items=[
        ("K8路增设站点建议", "新开的K8路很方便，建议在{road}增加一个站点"),
        ("K8路末班车时间建议", "K8路末班车九点太早了，高铁晚上十点还有车到"),
        ("K8路经开区站点延伸建议", "K8路经开区那一站离厂区太远，希望往里延伸一下"),
    ], extras=["谢谢。", ""]),
    dict(cat="其他", dept="县12345热线办", w=3, kind="praise", generic=["表扬"], items=[
        ("表扬政务服务中心工作人员", "在县政务服务中心办事，工作人员主动帮忙填表，态度非常好"),
        ("感谢社区网格员", "{estate}社区网格员帮独居老人买药送菜，很感动"),
        ("感谢路灯及时修复", "上次反映的{road}路灯问题两天就修好了"),
    ], extras=["特此表扬。", "为他们点赞。", ""]),
    dict(cat="劳动和社会保障", dept="县人力资源和社会保障局", w=3, generic=["反映拖欠工资"], items=[
        ("餐馆拖欠服务员工资", "在{road}一家餐馆做服务员，离职一个月了，老板还欠两千多元工资不给"),
        ("公司推迟发放工资", "在经开区一家电子厂上班，公司上个月工资推迟了半个月还没发"),
        ("装修工钱被拖欠", "做装修的活干完了，老板一直拖着说过段时间再结"),
    ], extras=["希望劳动监察部门帮忙。", ""]),
]

REPLIES = {
    "fix": [
        "经{dept}核实，来电人反映的情况属实，已安排工作人员现场处理，并电话告知来电人处理结果。",
        "{dept}已收到工单，经现场查看，已督促相关责任单位整改到位。来电人表示认可。",
        "经{dept}调查，已对相关单位进行约谈并责令限期整改，后续将加强日常巡查。",
        "经核实，{dept}已将该问题纳入近期工作计划，预计月底前处理完毕，已向来电人说明。",
        "{dept}工作人员已与来电人沟通，问题已解决。",
    ],
    "consult": [
        "{dept}答复：已电话联系来电人，就所咨询事项进行了详细解释，来电人表示清楚。",
        "{dept}已将办理流程和所需材料告知来电人，并建议其通过政务服务网在线办理。",
        "经{dept}核实，来电人所述业务正在按程序办理，已告知预计办结时间。",
    ],
    "praise": [
        "感谢来电人对我们工作的肯定，已将表扬内容转达相关单位。",
    ],
}


def _name(rng: random.Random) -> str:
    s = rng.choice(SURNAMES)
    roll = rng.random()
    if roll < 0.45:
        return s + rng.choice(["先生", "女士"])
    if roll < 0.75:
        return s + rng.choice(GIVEN) + rng.choice(GIVEN)
    return s + rng.choice(GIVEN)


def _mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIX) + "".join(rng.choice("0123456789") for _ in range(8))


def _ctx(rng: random.Random) -> dict:
    roads = rng.sample(sorted(ROADS), 2)
    return {
        "estate": rng.choice(sorted(ESTATES)), "road": roads[0], "road2": roads[1],
        "village": rng.choice(sorted(VILLAGES)), "school": rng.choice(sorted(SCHOOLS)),
        "b": rng.randint(1, 18), "u": rng.randint(1, 4),
    }


def _area(template: str, ctx: dict, rng: random.Random) -> str:
    """The area of the first place named in the detail template, else a random one."""
    table = {"estate": ESTATES, "road": ROADS, "village": VILLAGES, "school": SCHOOLS}
    found = [(template.find("{" + k + "}"), k) for k in table if "{" + k + "}" in template]
    if not found:
        return rng.choice(AREAS)
    key = min(found)[1]
    return table[key][ctx[key]]


def _time_of_day(rng: random.Random, day: datetime) -> datetime:
    weights = [1, 1, 0, 0, 0, 1, 2, 5, 9, 10, 10, 9, 6, 6, 8, 9, 9, 8, 6, 6, 6, 5, 3, 2]
    if day.date() == END.date():  # the export is taken on the evening of the last day
        weights = weights[:END.hour]
    hour = rng.choices(range(len(weights)), weights=weights)[0]
    return day.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59))


def _status(rng: random.Random, when: datetime, dept: str, kind: str = "fix") -> tuple[str, str, str]:
    """办理状态, 答复意见, 满意度 depending on how old the ticket is on 2026-11-20."""
    age = (datetime(2026, 11, 20, 23, 0) - when).days
    if age >= 7:
        state = rng.choices(["已办结", "待回访", "办理中"], weights=[88, 7, 5])[0]
    elif age >= 3:
        state = rng.choices(["已办结", "办理中", "已转办", "待回访"], weights=[55, 25, 10, 10])[0]
    else:
        state = rng.choices(["已受理", "已转办", "办理中", "已办结"], weights=[30, 30, 25, 15])[0]
    if state in ("已办结", "待回访"):
        reply = rng.choice(REPLIES[kind]).format(dept=dept)
        sat = rng.choices(["满意", "基本满意", "不满意", "未评价"], weights=[55, 25, 12, 8])[0] if state == "已办结" else ""
        return state, reply, sat
    if state == "已转办":
        return state, f"已转{dept}办理。", ""
    if state == "办理中":
        return state, rng.choice(["", f"{dept}正在核实处理中。", "已联系来电人，正在协调处理。"]), ""
    return state, "", ""


def _join(*parts: str) -> str:
    text = ""
    for p in parts:
        if not p:
            continue
        if text and text[-1] not in "。，：！？；":
            text += "。" if p[0] not in "，。" else ""
        text += p
    if text and text[-1] not in "。！？":
        text += "。"
    return text


def _background(rng: random.Random, n: int) -> list[dict]:
    days = (END.date() - START.date()).days + 1
    # more calls in recent days: weight grows linearly from 1.0 to 2.2
    day_weights = [1.0 + 1.2 * i / (days - 1) for i in range(days)]
    rows = []
    weights = [t["w"] for t in BACKGROUND]
    while len(rows) < n:
        t = rng.choices(BACKGROUND, weights=weights)[0]
        i = rng.choices(range(days), weights=day_weights)[0]
        if i < t.get("d0", 0):
            continue
        when = _time_of_day(rng, START + timedelta(days=i))
        ctx = _ctx(rng)
        title, template = rng.choice(t["items"])
        if rng.random() < 0.25:
            title = rng.choice(t["generic"])
        detail = template.format(**ctx)
        content = _join(rng.choice(OPENERS), detail, rng.choice(t["extras"]), rng.choice(ASKS))
        rows.append({
            "when": when, "title": title.format(**ctx), "content": content,
            "area": _area(template, ctx, rng), "cat": t["cat"], "dept": t["dept"], "kind": t.get("kind", "fix"),
        })
    return rows


# ---------------------------------------------------------------- planted clusters

HEAT_TITLES = ["锦绣花园暖气不热", "锦绣花园小区供暖温度不达标", "投诉锦绣花园物业", "锦绣花园{b}号楼暖气不热",
               "锦绣花园供暖问题", "反映锦绣花园物业不作为", "锦绣花园室温太低", "锦绣花园暖气一直不热"]
HEAT_A = [
    "我是锦绣花园{b}号楼{u}单元的住户，家里暖气从15号开始供到现在一直不热",
    "锦绣花园{b}号楼暖气片摸着只有一点温乎，室内温度只有{t}度",
    (17, 20, "家住城关镇锦绣花园，供暖好几天了，屋里温度才{t}度，穿着羽绒服在家"),
    "锦绣花园小区今年供暖效果很差，{b}号楼好几户都不热",
    "锦绣花园{b}号楼{u}单元，暖气进水管是热的，回水管冰凉",
    "锦绣花园{b}号楼整栋楼暖气都不热，温度计显示{t}度",
]
HEAT_B = [
    "找物业，物业说是热力公司的问题；找热力公司，热力公司说小区里面的管网归物业管，两边推来推去",
    "打物业电话要么没人接，要么说马上派人，到现在也没人来",
    "物业说要等放完气才能热，放了两次气还是不热",
    "供暖费{fee}元已经交了，物业费也一分没少交，服务却一点不到位",
    "物业经理说小区换热站的泵坏了，配件要等，没说要等多久",
    "物业平时就不管事，楼道垃圾没人清，现在暖气也不管",
]
HEAT_C = [
    "家里有刚出生两个月的孩子，冻得直哭",
    "家里老人八十多岁了，已经冻感冒了",
    "小区业主群里大家都在说这个事，不是个别现象",
    (18, 20, "已经是第三次打12345了"),
    (17, 20, "反映好几天了一点改善都没有"),
    "邻居家用电暖器，结果跳闸了",
    "孩子这两天发烧，不敢让他在家待着",
    "",
]
HEAT_D = [
    "希望住建局尽快督促物业和热力公司解决",
    "要求退还部分供暖费",
    "如果再不解决，业主们准备一起去住建局反映",
    "请政府部门出面协调，不要再推诿了",
    "希望尽快派人上门检查",
    "强烈要求更换物业公司",
]

WAGE_TITLES = ["阳光新城工地拖欠农民工工资", "反映阳光新城三期项目欠薪", "阳光新城工地讨薪", "农民工工资被拖欠",
               "阳光新城项目部拖欠工资", "紧急：阳光新城工人聚集讨薪"]
WAGE_A = [
    "我们是在柳林街道阳光新城三期工地干{trade}的，宏达建设已经拖欠我们{m}个月工资",
    "在阳光新城项目干了大半年{trade}，班组一共{n}个人，工资一共欠了{amt}万多",
    "阳光新城三期工地的农民工，工资从{month}月份开始就没发过",
    "本人在阳光新城工地做{trade}，被拖欠工资{amt2}元",
]
WAGE_B = [
    "包工头电话关机，联系不上",
    "项目部说开发商没给工程款，让我们再等等",
    "去项目部问了好几次，每次都说下个星期",
    "今天上午有{n}多个工友在项目部门口等着要钱",
    "工友们已经在工地门口坐了一上午，项目经理一直没露面",
    "总包说钱已经给了分包，分包又说没收到",
]
WAGE_C = [
    "马上要过年了，家里老人看病、孩子上学都等着这笔钱",
    "有的工友已经没钱买回家的车票了",
    "大家情绪很激动",
    "我们都是石桥镇、白沙乡的，出来打工就是为了这点钱",
    "",
]
WAGE_D = [
    "再不给钱，大家就要去县政府门口讨说法",
    "如果这周还不解决，我们准备拉横幅去县政府上访",
    "希望劳动监察部门马上来处理",
    "请政府帮我们做主",
    "工友们说明天一起去县里讨个说法",
]

WATER_TITLES = ["滨河苑小区停水", "滨河苑突然停水没有通知", "滨河苑停水什么时候恢复", "反映滨河苑长时间停水",
                "滨河苑小区无水", "滨河苑停水影响生活"]
WATER_A = [
    (16, 16, "河西街道滨河苑小区今天晚上突然停水了"),
    (17, 17, "河西街道滨河苑小区从昨天晚上开始停水"),
    "滨河苑{b}号楼现在一滴水都没有",
    (17, 17, "滨河苑小区停水已经快一天了"),
    "滨河苑小区突然停水，事先没有任何通知",
    (18, 18, "滨河苑停水到现在快两天了"),
]
WATER_B = [
    "打自来水公司电话说是管道爆了正在抢修，问什么时候来水说不清楚",
    "小区里只有一辆送水车，排队的人很多，排了一个多小时",
    "家里老人住六楼，提水上楼太困难了",
    "做饭洗漱都成问题，厕所也没法冲",
    "物业和社区都说在等自来水公司",
    "送水车的水只够每户两桶",
]
WATER_B_DAY16 = ["物业说是主管道爆了，也不知道要停多久", "家里刚做饭做到一半"]
WATER_D = ["希望尽快恢复供水", "请给个准确的来水时间", "希望以后停水能提前通知", "建议多派几辆送水车", "请相关部门督促加快抢修"]

SCHOOL_ROWS = [
    ("城关二小学区入学问题", "孩子户口和房产都在城关二小学区范围，今年却被统筹安排到南塘小学，离家三公里多，每天接送很困难。希望教育局说明统筹的依据。"),
    ("城关二小学位不足", "城关二小一年级一个班快六十个人了，教室里挤得转不开身，老师也顾不过来。建议尽快解决大班额问题。"),
    ("咨询城关二小扩建后能否回二小就读", "看到新闻说城关二小扩建明年投用，想问一下今年被统筹到其他学校的孩子，明年能不能转回二小？"),
    ("学区房买了上不了二小", "为了孩子上学在幸福里社区买了房，属于城关二小学区，结果报名时说学位满了。当时买房花了不少钱，现在很后悔，要求给个说法。"),
    ("城关二小学区划分调整咨询", "听说要重新划分城关片区学区，我家是学府名邸的，会不会被划出城关二小学区？希望尽快公开方案，征求家长意见。"),
    ("城关二小统筹入学不公平", "同一个小区的孩子，有的上了城关二小，有的被统筹到别的学校，标准是什么？希望公开统筹名单和规则。"),
    ("城关二小周边交通拥堵", "城关二小门口放学时间堵得水泄不通，学位本来就紧张，扩建以后学生更多，希望提前规划接送区域。"),
    ("城关二小插班生问题", "孩子从外地转学回来，户籍在城关二小学区，学校说没有学位不能插班，让去其他学校。希望教育局协调。"),
]
SCHOOL_DAYS = [(11, 2), (11, 5), (11, 9), (11, 13), (11, 14), (11, 16), (11, 18), (11, 19)]

BAR_ROWS = [
    ("河西街道酒吧噪音扰民", "河西街道滨江路“夜色”酒吧每天晚上放音乐到凌晨两点，低音炮声音特别大，楼上住户根本睡不着。"),
    ("滨江路酒吧噪音", "家住滨江路，楼下夜色酒吧音响震得窗户嗡嗡响，之前投诉过，管了两天又照旧。"),
    ("投诉夜色酒吧深夜扰民", "滨江路夜色酒吧凌晨一两点还有客人在门口大声喧哗，有一次还有人打架。希望派出所和城管联合整治。"),
    ("夜色酒吧噪音问题反复", "这已经是第四次反映滨江路夜色酒吧噪音问题了，每次来人检查就关小声音，人一走又开大。要求彻底整改。"),
    ("河西街道滨江路酒吧扰民", "滨江路夜色酒吧周末通宵营业，音乐声、划拳声一直到天亮，老人心脏不好，实在受不了。"),
    ("酒吧噪音什么时候能管", "河西街道滨江路的夜色酒吧噪音问题反映了一个月了还是没有解决，要求相关部门给出处理结果，不行就取缔。"),
]
BAR_DAYS = [(10, 26), (11, 2), (11, 7), (11, 12), (11, 16), (11, 19)]

GAS_ROWS = [
    ("金桂园楼道有燃气味", "河西街道金桂园7号楼楼道里燃气味特别浓，已经有好几户出来了，请赶紧派人来！", (11, 17, 20, 6)),
    ("金桂园燃气泄漏", "金桂园小区7号楼疑似燃气泄漏，消防车来了，楼里的人都疏散到楼下了，外面很冷，想问什么时候能回家。", (11, 17, 21, 24)),
    ("金桂园燃气安全隐患", "昨天金桂园7号楼燃气泄漏，想问小区其他楼的燃气管道也很旧了，燃气公司能不能全部检查一遍？", (11, 18, 9, 41)),
]

PHONE_PHRASES = ["联系电话{p}", "我的电话是{p}，请回电", "请打{p}联系我", "回电请打{p}", "（电话：{p}）"]


def _pick(rng: random.Random, pieces: list, day: int) -> str:
    """A phrase valid on ``day``; a piece may be plain text or (first_day, last_day, text)."""
    ok = [p if isinstance(p, str) else p[2] for p in pieces if isinstance(p, str) or p[0] <= day <= p[1]]
    return rng.choice(ok)


# 办理状态 / 答复意见 / 满意度 for the planted clusters: (first day of a reply, state weights, replies)
CLUSTER_REPLY = {
    "heating": "县住房和城乡建设局已督促锦绣花园物业公司对管网排气并检修换热站循环泵，热力公司已提高供水温度，将持续跟踪室温情况。",
    "water": "县自来水公司答复：滨河苑小区主供水管道爆裂，已于11月18日下午修复并恢复供水，对停水给居民带来的不便表示歉意。",
    "school": "县教育局答复：城关二小扩建工程预计明年秋季投用，城关片区学区划分优化方案将在征求意见后向社会公布，已向来电人解释说明。",
    "bar": "河西街道办事处会同派出所、县生态环境分局对该酒吧进行了检查，已责令其降低音量、控制营业时间，将加强夜间巡查。",
    "gas": "县燃气公司已对金桂园7号楼进行检测，泄漏点已处置，将对小区燃气设施开展全面安检。",
}


def _cluster_status(rng: random.Random, it: dict) -> tuple[str, str, str]:
    kind, when = it["cluster"], it["when"]
    age = (datetime(2026, 11, 20, 23, 0) - when).days
    if kind == "wages":
        return rng.choice(["已受理", "已转办", "办理中"]), "", ""
    if kind == "water" and when >= datetime(2026, 11, 18, 17, 0):
        return "办理中", "已转县自来水公司检测水质。", ""
    if kind == "water" or (kind in ("school", "bar", "gas") and age >= 2) or (kind == "heating" and age >= 3):
        sat = ["不满意", "不满意", "基本满意"] if kind in ("heating", "bar") else ["满意", "基本满意", "不满意", "未评价"]
        return "已办结", CLUSTER_REPLY[kind], rng.choice(sat)
    return rng.choice(["已受理", "已转办", "办理中"]), "", ""


def _cluster_rows(rng: random.Random) -> list[dict]:
    rows: list[dict] = []

    # (a) 锦绣花园 heating / 物业: 26 rows 11-15 .. 11-20, rising from 11-17
    for day, count in [(15, 1), (16, 2), (17, 4), (18, 6), (19, 7), (20, 6)]:
        for _ in range(count):
            ctx = {"b": rng.randint(1, 16), "u": rng.randint(1, 3), "t": rng.randint(11, 16),
                   "fee": rng.choice(["1860", "2040", "2300", "1750"])}
            parts = [_pick(rng, HEAT_A, day), rng.choice(HEAT_B), _pick(rng, HEAT_C, day), rng.choice(HEAT_D)]
            if rng.random() < 0.35:
                parts = parts[:1] + parts[1:2] + parts[3:]
            rows.append({
                "when": _time_of_day(rng, datetime(2026, 11, day)),
                "title": rng.choice(HEAT_TITLES).format(**ctx),
                "content": _join(rng.choice(OPENERS[:4]), *[p.format(**ctx) for p in parts]),
                "area": "城关镇", "cat": rng.choice(["住房物业", "住房物业", "城乡建设"]), "dept": "县住房和城乡建设局",
                "cluster": "heating",
            })

    # (b) 阳光新城 wage arrears: 10 rows 11-18 .. 11-20
    for day, count in [(18, 3), (19, 3), (20, 4)]:
        for _ in range(count):
            ctx = {"trade": rng.choice(["木工", "钢筋工", "泥瓦工", "架子工", "水电工"]), "m": rng.choice(["三", "四", "五"]),
                   "n": rng.choice(["二十", "三十", "四十"]), "amt": rng.choice(["30", "40", "50"]),
                   "amt2": rng.choice(["26800", "31500", "42000", "18600"]), "month": rng.choice(["七", "八"])}
            parts = [rng.choice(WAGE_A), rng.choice(WAGE_B), rng.choice(WAGE_C), rng.choice(WAGE_D)]
            rows.append({
                "when": _time_of_day(rng, datetime(2026, 11, day)),
                "title": rng.choice(WAGE_TITLES),
                "content": _join(rng.choice(["", "来电人反映：", "来电人情绪激动，称", ""]), *[p.format(**ctx) for p in parts]),
                "area": "柳林街道", "cat": "劳动和社会保障", "dept": "县人力资源和社会保障局", "cluster": "wages",
            })

    # (c) 滨河苑 water outage: 12 rows 11-16 21:00 .. 11-18 afternoon, plus one about yellow water
    slots = [(16, 21), (16, 22), (16, 23), (17, 7), (17, 8), (17, 10), (17, 14), (17, 19), (18, 7), (18, 9), (18, 13)]
    for day, hour in slots:
        ctx = {"b": rng.randint(1, 20)}
        parts = [_pick(rng, WATER_A, day), rng.choice(WATER_B_DAY16 if day == 16 else WATER_B), rng.choice(WATER_D)]
        rows.append({
            "when": datetime(2026, 11, day, hour, rng.randint(0, 59), rng.randint(0, 59)),
            "title": rng.choice(WATER_TITLES), "content": _join(rng.choice(OPENERS[:5]), *[p.format(**ctx) for p in parts]),
            "area": "河西街道", "cat": rng.choice(["城乡建设", "住房物业"]), "dept": "县自来水公司", "cluster": "water",
        })
    rows.append({
        "when": datetime(2026, 11, 18, 19, 37, 12), "title": "滨河苑来水后水质发黄",
        "content": "滨河苑小区下午刚恢复供水，但是水是黄的，放了十几分钟还是有铁锈味，不敢用来做饭。请自来水公司检测一下水质。",
        "area": "河西街道", "cat": "城乡建设", "dept": "县自来水公司", "cluster": "water",
    })

    # (d) 城关二小 school places: 8 rows 11-02 .. 11-19
    for (title, content), (m, d) in zip(SCHOOL_ROWS, SCHOOL_DAYS, strict=True):
        rows.append({
            "when": _time_of_day(rng, datetime(2026, m, d)), "title": title, "content": content,
            "area": "城关镇", "cat": "教育文体", "dept": "县教育局", "cluster": "school",
        })

    # (e) noisy bar in 河西街道: 6 rows 10-26 .. 11-19, calls late at night
    for (title, content), (m, d) in zip(BAR_ROWS, BAR_DAYS, strict=True):
        when = datetime(2026, m, d, rng.choice([21, 22, 23]) if d != 19 else 21, rng.randint(0, 59), rng.randint(0, 59))
        rows.append({
            "when": when, "title": title, "content": content,
            "area": "河西街道", "cat": "环境保护", "dept": "河西街道办事处", "cluster": "bar",
        })

    # gas smell at 金桂园 (matches the news story)
    for title, content, (m, d, h, mi) in GAS_ROWS:
        rows.append({
            "when": datetime(2026, m, d, h, mi, rng.randint(0, 59)), "title": title, "content": content,
            "area": "河西街道", "cat": "城乡建设", "dept": "县燃气公司", "cluster": "gas",
        })
    return rows


def build_rows(rng: random.Random, background: int = 290) -> list[list[str]]:
    """All export rows, in 工单编号 order, including the deliberate defects."""
    items = _background(rng, background) + _cluster_rows(rng)
    items.sort(key=lambda r: r["when"])

    # 工单编号: QH + yyyymmdd + 5-digit daily sequence
    seq: dict[str, int] = {}
    for it in items:
        key = it["when"].strftime("%Y%m%d")
        seq[key] = seq.get(key, rng.randint(80, 140)) + rng.randint(1, 9)
        it["id"] = f"QH{key}{seq[key]:05d}"

    # phone numbers inside the complaint text (~5% of rows; one written with dashes)
    with_phone = rng.sample(range(len(items)), 16)
    for k, idx in enumerate(with_phone):
        p = _mobile(rng)
        if k == 0:
            p = f"{p[:3]}-{p[3:7]}-{p[7:]}"
        phrase = rng.choice(PHONE_PHRASES).format(p=p)
        text = items[idx]["content"]
        items[idx]["content"] = (text.rstrip("。") + "，" + phrase + "。") if text else phrase

    rows = []
    for it in items:
        if "cluster" in it:
            state, reply, sat = _cluster_status(rng, it)
        else:
            state, reply, sat = _status(rng, it["when"], it["dept"], it.get("kind", "fix"))
        rows.append([
            it["id"], it["when"].strftime("%Y/%m/%d %H:%M:%S"), it["title"], it["content"], it["area"], it["cat"],
            state, reply, sat, _name(rng), _mobile(rng),
        ])

    # bad rows: two blank tickets (no 标题, no 诉求内容: errors), one with a 标题 and no 诉求内容 (read by
    # its title), one with an impossible date (2026/11/31)
    plain = [i for i, it in enumerate(items) if "cluster" not in it]
    empty = rng.sample(plain, 3)
    for idx in empty:
        rows[idx][3] = ""
    for idx in empty[:2]:
        rows[idx][2] = ""
    bad = rng.choice([i for i in plain if items[i]["when"].month == 11 and i not in empty])
    rows[bad][1] = "2026/11/31 " + rows[bad][1].split(" ")[1]

    # genuine repeated submissions: two tickets exported twice (same 工单编号, same content)
    heat = [i for i, it in enumerate(items) if it.get("cluster") == "heating"]
    dup_plain = rng.choice([i for i in plain if i not in empty and i != bad])
    for idx in sorted((dup_plain, rng.choice(heat)), reverse=True):
        rows.insert(idx + 1, list(rows[idx]))
    return rows
