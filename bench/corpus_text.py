"""The words and paragraph shapes of the benchmark corpus's notice bodies.

The shapes follow the real notices in ``../shared/data`` (the national platform's 招标公告 and 成交公示, Hefei's
中标（成交）结果公告, Jiangxi's 施工招标公告, Hunan's Word-converted 招标公告, Zhejiang's 采购意向 and 招标公告):
numbered sections (一、招标条件 … 七、联系方式), ``标签：值`` lines, item lists with technical parameters,
qualification clauses, evaluation rules and contract terms. Each slot is filled from a vocabulary drawn with a
skew, so common words (工程, 采购, 服务) are in most notices and rare ones (a particular instrument or material)
in few. Functions take ``pick(sequence)`` and ``num(low, high)`` from the generator's random source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

Pick = Callable[[Sequence[Any]], Any]
Num = Callable[[int, int], int]

GOODS = (
    "台式计算机", "便携式计算机", "激光打印机", "复印机", "投影仪", "交互式智能平板", "服务器", "网络交换机",
    "防火墙", "存储设备", "不间断电源", "液晶显示屏", "视频会议终端", "监控摄像机", "硬盘录像机", "门禁系统",
    "人脸识别终端", "广播系统", "LED显示屏", "空调机组", "多联机空调", "新风系统", "电梯", "柴油发电机组",
    "办公桌", "办公椅", "文件柜", "会议桌", "学生课桌椅", "双层床", "图书", "体育器材", "篮球架", "乒乓球台",
    "塑胶跑道材料", "人造草坪", "实验室仪器", "显微镜", "离心机", "通风柜", "纯水机", "恒温培养箱", "分析天平",
    "高效液相色谱仪", "气相色谱仪", "原子吸收光谱仪", "彩色多普勒超声诊断仪", "数字化X射线摄影系统", "CT机",
    "磁共振成像系统", "呼吸机", "麻醉机", "监护仪", "除颤仪", "输液泵", "注射泵", "心电图机", "全自动生化分析仪",
    "血细胞分析仪", "内窥镜系统", "手术无影灯", "电动手术床", "医用消毒柜", "病床", "救护车", "消防车", "洒水车",
    "垃圾压缩车", "扫路车", "公务用车", "校车", "无人机", "执法记录仪", "对讲机", "应急照明灯", "救生衣",
    "冲锋舟", "抽水泵", "防汛沙袋", "帐篷", "棉被", "食堂炊具", "冷藏柜", "洗碗机", "蒸饭柜", "净水设备",
    "水质在线监测仪", "空气质量监测站", "气象观测设备", "土壤检测仪", "农机具", "种子", "化肥", "农药",
    "疫苗冷链设备", "路灯", "太阳能路灯", "交通信号灯", "电子警察", "标志标牌", "护栏", "井盖", "钢材",
    "水泥", "商品混凝土", "沥青", "电缆", "光缆", "配电柜", "变压器", "充电桩", "光伏组件", "储能电池",
)  # fmt: skip
SERVICES = (
    "物业管理服务", "保洁服务", "安保服务", "食堂餐饮服务", "食材配送服务", "绿化养护服务", "道路清扫保洁服务",
    "垃圾清运服务", "医疗废物处置服务", "信息化运维服务", "网络安全等级保护测评服务", "软件开发服务",
    "数据中心运维服务", "云计算服务", "审计服务", "法律顾问服务", "财务咨询服务", "工程造价咨询服务",
    "工程监理服务", "勘察设计服务", "规划编制服务", "测绘服务", "地质灾害调查服务", "环境影响评价服务",
    "水土保持监测服务", "档案数字化服务", "印刷服务", "会议服务", "培训服务", "课后服务", "劳务派遣服务",
    "车辆维修保养服务", "公务用车租赁服务", "加油服务", "保险服务", "体检服务", "检验检测服务", "病媒生物防制服务",
    "白蚁防治服务", "电梯维保服务", "消防设施维护保养服务", "广告宣传服务", "社会稳定风险评估服务", "第三方评估服务",
)  # fmt: skip
WORKS = (
    "道路改造工程", "道路提升改造工程", "市政道路新建工程", "桥梁维修加固工程", "农村公路安全生命防护工程",
    "雨污分流改造工程", "污水管网建设工程", "供水管网改造工程", "老旧小区改造工程", "保障性住房配套基础设施工程",
    "教学楼新建工程", "学生宿舍楼改造工程", "食堂改扩建工程", "塑胶跑道及运动场改造工程", "门诊综合楼改扩建工程",
    "住院楼装修改造工程", "办公楼维修改造工程", "河道综合治理工程", "小型水库除险加固工程", "高标准农田建设项目",
    "土地整治项目", "矿山生态修复工程", "人居环境整治提升工程", "美丽乡村建设工程", "公园景观提升工程",
    "智慧停车场建设工程", "体育馆建设工程", "文化活动中心建设项目", "污水处理厂提标改造工程", "垃圾中转站建设工程",
    "消防站建设工程", "边坡治理工程", "亮化工程", "绿化工程", "装饰装修工程", "安置房建设项目", "产业园基础设施工程",
)  # fmt: skip
STANDARDS = (
    "GB/T 2887", "GB 50300", "GB/T 9813", "GB 4943.1", "GB/T 18883", "YY 0505", "GB 9706.1", "JGJ 59", "GB 50204",
    "GB/T 19001", "GB/T 24001", "GB/T 45001", "CJJ 1", "JTG F80/1", "GB 50141", "GB 50268",
)  # fmt: skip
PARAMS = (
    ("处理器主频", "GHz", 2, 5), ("内存容量", "GB", 8, 64), ("硬盘容量", "TB", 1, 16), ("屏幕尺寸", "英寸", 21, 98),
    ("分辨率", "线", 1080, 4320), ("额定功率", "kW", 1, 500), ("噪声", "dB", 35, 70), ("工作温度", "℃", 40, 60),
    ("测量精度", "%", 1, 5), ("流量", "m³/h", 5, 800), ("扬程", "m", 10, 120), ("载重", "kg", 500, 20000),
    ("续航里程", "km", 200, 700), ("防护等级", "IP", 54, 68), ("使用寿命", "年", 5, 30), ("响应时间", "分钟", 5, 60),
)  # fmt: skip
QUALIFICATIONS = (
    "建筑工程施工总承包三级及以上", "市政公用工程施工总承包三级及以上", "公路工程施工总承包三级及以上",
    "水利水电工程施工总承包三级及以上", "建筑装修装饰工程专业承包二级及以上", "环保工程专业承包三级及以上",
    "电力工程施工总承包三级及以上", "古建筑工程专业承包三级及以上", "城市及道路照明工程专业承包三级及以上",
    "工程监理综合资质或市政公用工程监理乙级及以上", "工程设计市政行业（道路工程）专业乙级及以上",
)  # fmt: skip
FUNDING = ("财政资金", "自筹资金", "专项债券资金", "中央预算内投资", "地方政府专项债券", "上级补助资金", "特别国债资金")
METHODS = ("公开招标", "竞争性磋商", "竞争性谈判", "询价", "单一来源采购", "邀请招标", "框架协议采购")
EVALUATION = ("综合评分法", "最低评标价法", "经评审的最低投标价法", "合理低价法", "评定分离")
PAYMENT = (
    "合同签订后支付合同价款的{a}%作为预付款，项目验收合格后支付至合同价款的{b}%，余款在质保期满后无息付清",
    "按月进度支付已完成工程量的{a}%，竣工验收合格后支付至{b}%，审计结算后付至审定价的97%",
    "货到安装调试完毕并经验收合格后{a}个工作日内支付合同总价的{b}%",
    "服务期内按季度支付，每季度考核合格后支付当季服务费，考核得分低于{a}分的按比例扣减",
)  # fmt: skip
CLAUSES = (
    "投标人应具有独立承担民事责任的能力，具有良好的商业信誉和健全的财务会计制度",
    "投标人参加政府采购活动前三年内，在经营活动中没有重大违法记录",
    "投标人未被列入失信被执行人、重大税收违法失信主体、政府采购严重违法失信行为记录名单",
    "本项目专门面向中小企业采购，投标人须提供《中小企业声明函》",
    "本项目不接受联合体投标，不允许转包，未经采购人同意不得分包",
    "拟派项目负责人须具备相应专业二级及以上注册建造师执业资格，具备有效的安全生产考核合格证书（B证），且未担任其他在建工程项目的项目负责人",
    "投标人近三年内承担过类似项目业绩不少于{a}项，以合同或中标通知书为准",
    "供应商须具备履行合同所必需的设备和专业技术能力，并提供相关证明材料",
    "投标人须在人员、设备、资金等方面具有相应的施工能力，企业须具备有效的安全生产许可证",
    "根据《关于在招标投标活动中对失信被执行人实施联合惩戒的通知》，失信被执行人不得参加本项目投标",
)  # fmt: skip
TERMS = (
    "中标人应严格按照国家现行施工规范和验收标准组织施工，确保工程质量达到合格标准",
    "供应商所投产品须为全新、未使用过的原装正品，符合国家有关质量标准和环保要求",
    "供应商应提供不少于{a}年的免费质保服务，质保期内接到报修后{b}小时内响应，24小时内到达现场",
    "施工期间应落实扬尘污染防治措施，做到工地周边围挡、物料堆放覆盖、出入车辆清洗、施工现场地面硬化",
    "中标人须按规定缴纳农民工工资保证金，实行农民工实名制管理和工资专用账户代发",
    "服务人员须身体健康，无违法犯罪记录，上岗前须经岗前培训，统一着装、持证上岗",
    "采购人将组织履约验收，验收不合格的，供应商应在{a}日内整改，整改后仍不合格的，采购人有权解除合同",
    "投标报价应包括设备购置、运输、保险、安装调试、培训、税费及售后服务等全部费用",
    "履约保证金为合同金额的{a}%，以银行保函、保险保函或转账方式提交，项目验收合格后无息退还",
    "如发生安全事故，由中标人承担全部责任，采购人不承担任何经济和法律责任",
    "本项目采用电子招投标方式，投标人须办理数字证书（CA锁），并按要求在交易系统中完成网上投标",
    "投标人应认真阅读招标文件中所有的事项、格式、条款和技术规范等，未按要求提交全部资料的，其风险由投标人承担",
)  # fmt: skip
SCORES = ("技术方案", "实施方案", "质量保证措施", "安全文明施工措施", "进度计划", "售后服务方案", "培训方案",
          "项目团队", "类似业绩", "企业信誉", "应急预案", "节能环保", "价格分")  # fmt: skip
MEDIA = ("全国公共资源交易平台", "中国招标投标公共服务平台", "中国政府采购网", "省公共资源交易网", "市公共资源交易网")
SCALE = ("道路全长约{a}米，宽{b}米", "总建筑面积约{a}平方米，地上{b}层", "治理河道长度约{a}公里", "管网总长约{a}米",
         "改造小区{b}个，涉及住户{a}户", "建设高标准农田{a}亩", "绿化面积约{a}平方米")  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌辉鹏宇浩晨欣怡婷俊峰海波红玲凤斌"
CN_NUMBERS = "一二三四五六七八九十"


def person(pick: Pick) -> str:
    return pick(SURNAMES) + pick(GIVEN) + (pick(GIVEN) if pick((0, 1, 1)) else "")


def phone(num: Num) -> str:
    if num(0, 1):
        return f"{num(130, 199)}{num(1000, 9999)}{num(1000, 9999)}"
    return f"0{num(310, 999)}-{num(2000000, 8999999)}"


def filler(pick: Pick, num: Num, project: str, n: int) -> str:
    """One paragraph of the middle of a notice, numbered ``n``: an item with parameters, a clause, a term, a
    scoring rule or a payment rule."""
    shape = num(0, 5)
    if shape == 0:
        item = pick(GOODS)
        name, unit, low, high = pick(PARAMS)
        name2, unit2, low2, high2 = pick(PARAMS)
        return (
            f"{n}. {item}：数量{num(1, 200)}台（套），{name}不低于{num(low, high)}{unit}，{name2}不低于"
            f"{num(low2, high2)}{unit2}；产品须符合{pick(STANDARDS)}标准，提供{num(1, 5)}年原厂质保，"
            f"★须提供产品检测报告复印件。"
        )
    if shape == 1:
        return f"{n}. " + pick(CLAUSES).format(a=num(1, 5)) + "。"
    if shape == 2:
        return f"{n}. " + pick(TERMS).format(a=num(1, 10), b=num(2, 48)) + "。"
    if shape == 3:
        item = pick(SCORES)
        return (
            f"{n}. {item}（{num(2, 20)}分）：{item}科学合理、针对性强、完全满足{project}需求的得{num(8, 15)}分；"
            f"基本满足的得{num(3, 7)}分；有缺陷或不完整的得{num(0, 2)}分；未提供的不得分。"
        )
    if shape == 4:
        return f"{n}. 付款方式：" + pick(PAYMENT).format(a=num(10, 40), b=num(70, 95)) + "。"
    service = pick(SERVICES)
    return (
        f"{n}. {service}：服务期{num(1, 3)}年，服务范围包括{project}所涉及的{pick(SERVICES)}及{pick(GOODS)}的"
        f"日常维护，服务人员不少于{num(2, 60)}人，须按{pick(STANDARDS)}要求建立服务质量管理体系。"
    )


def fit(parts: tuple[list[str], list[str]], target: int, more: Any) -> str:
    """Opening lines, then middle paragraphs from ``more(n)`` until about ``target`` characters, then the
    closing lines; a target shorter than the opening keeps only the first lines that fit (at least one)."""
    head, tail = parts
    length = sum(len(line) + 1 for line in head) + sum(len(line) + 1 for line in tail)
    if length >= target:
        kept, used = [], 0
        for line in head + tail:
            if kept and used + len(line) > target:
                break
            kept.append(line)
            used += len(line) + 1
        return "\n".join(kept)
    middle: list[str] = []
    while length < target:
        paragraph = more(len(middle) + 1)
        middle.append(paragraph)
        length += len(paragraph) + 1
    return "\n".join(head + middle + tail)


def html(body: str) -> str:
    return "<p>" + escape(body, quote=False).replace("\n", "</p><p>") + "</p>"
