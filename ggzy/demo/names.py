"""Word lists the demo generator draws from: places with their GB/T 2260 codes, organisations, people, projects.

Everything here is plain data. Place codes are real administrative division codes, so a notice's
``region_code`` and the region characters (3–8) of a party's USCC name a real place.
"""

from __future__ import annotations

from dataclasses import dataclass

from ggzy.model import Category


@dataclass(frozen=True)
class Place:
    """A city (地级市) or a municipality's district, with a few of its counties (code, short name)."""

    code: str
    name: str
    province_code: str
    province_name: str
    counties: tuple[tuple[str, str], ...]


PLACES: tuple[Place, ...] = (
    Place("330100", "杭州市", "330000", "浙江省", (("330106", "西湖区"), ("330110", "余杭区"))),
    Place(
        "330500",
        "湖州市",
        "330000",
        "浙江省",
        (("330502", "吴兴区"), ("330521", "德清县"), ("330522", "长兴县"), ("330523", "安吉县")),
    ),
    Place("430100", "长沙市", "430000", "湖南省", (("430102", "芙蓉区"), ("430121", "长沙县"))),
    Place("430800", "张家界市", "430000", "湖南省", (("430802", "永定区"), ("430821", "慈利县"))),
    Place("430200", "株洲市", "430000", "湖南省", (("430281", "醴陵市"), ("430223", "攸县"))),
    Place(
        "360700",
        "赣州市",
        "360000",
        "江西省",
        (("360702", "章贡区"), ("360703", "南康区"), ("360735", "石城县"), ("360731", "于都县")),
    ),
    Place("360500", "新余市", "360000", "江西省", (("360502", "渝水区"), ("360521", "分宜县"))),
    Place(
        "510100",
        "成都市",
        "510000",
        "四川省",
        (("510104", "锦江区"), ("510107", "武侯区"), ("510116", "双流区"), ("510185", "简阳市")),
    ),
    Place("440300", "深圳市", "440000", "广东省", (("440304", "福田区"), ("440305", "南山区"), ("440307", "龙岗区"))),
    Place("320500", "苏州市", "320000", "江苏省", (("320583", "昆山市"), ("320506", "吴中区"))),
    Place("370200", "青岛市", "370000", "山东省", (("370211", "黄岛区"), ("370281", "胶州市"))),
    Place("410300", "洛阳市", "410000", "河南省", (("410305", "涧西区"), ("410323", "新安县"))),
    Place("420500", "宜昌市", "420000", "湖北省", (("420502", "西陵区"), ("420581", "宜都市"))),
    Place("340100", "合肥市", "340000", "安徽省", (("340104", "蜀山区"), ("340121", "长丰县"))),
    Place("350200", "厦门市", "350000", "福建省", (("350203", "思明区"), ("350211", "集美区"))),
    Place("130100", "石家庄市", "130000", "河北省", (("130102", "长安区"), ("130181", "辛集市"))),
    Place("530100", "昆明市", "530000", "云南省", (("530102", "五华区"), ("530181", "安宁市"))),
    Place("610100", "西安市", "610000", "陕西省", (("610113", "雁塔区"), ("610116", "长安区"))),
    Place("450100", "南宁市", "450000", "广西壮族自治区", (("450103", "青秀区"), ("450127", "横县"))),
    Place("520100", "贵阳市", "520000", "贵州省", (("520102", "南明区"), ("520181", "清镇市"))),
    Place("210100", "沈阳市", "210000", "辽宁省", (("210102", "和平区"), ("210112", "浑南区"))),
    Place("310100", "上海市", "310000", "上海市", (("310115", "浦东新区"), ("310104", "徐汇区"))),
    Place("110100", "北京市", "110000", "北京市", (("110105", "朝阳区"), ("110108", "海淀区"))),
    Place("500100", "重庆市", "500000", "重庆市", (("500103", "渝中区"), ("500112", "渝北区"))),
)

PLACE_BY_CODE = {place.code: place for place in PLACES}

#: Buyers (采购人/招标人), each a template filled with a county or city name. The second item is the
#: category of project such a buyer mostly runs.
BUYER_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("{place}人民医院", "hospital"),
    ("{place}中医医院", "hospital"),
    ("{place}妇幼保健院", "hospital"),
    ("{place}教育局", "school"),
    ("{place}第一中学", "school"),
    ("{place}实验小学", "school"),
    ("{place}职业技术学校", "school"),
    ("{place}交通运输局", "road"),
    ("{place}住房和城乡建设局", "building"),
    ("{place}水利局", "water"),
    ("{place}自然资源和规划局", "office"),
    ("{place}城市管理局", "road"),
    ("{place}卫生健康局", "hospital"),
    ("{place}公安局", "office"),
    ("{place}农业农村局", "water"),
    ("{place}体育中心", "office"),
    ("{place}城市建设投资集团有限公司", "building"),
)

#: What a buyer of each sort builds (engineering) or buys (procurement).
WORKS = {
    "hospital": ("门诊综合楼改扩建工程", "住院楼装修改造工程", "发热门诊建设项目"),
    "school": ("教学楼新建工程", "学生宿舍楼改造工程", "塑胶跑道及运动场改造工程", "食堂改扩建工程"),
    "road": ("{street}道路改造工程", "{street}提升改造工程", "农村公路安全生命防护工程", "桥梁维修加固工程"),
    "building": ("保障性住房配套基础设施工程", "老旧小区改造工程", "污水管网建设工程"),
    "water": ("河道综合治理工程", "小型水库除险加固工程", "高标准农田建设项目"),
    "office": ("办公楼维修改造工程", "档案馆建设项目", "智慧停车场建设工程"),
}
GOODS = {
    "hospital": (
        "医用CT设备采购项目",
        "彩色多普勒超声诊断仪采购项目",
        "医疗废物处置服务采购项目",
        "物业管理服务采购项目",
    ),
    "school": ("多媒体教学设备采购项目", "学生课桌椅采购项目", "食堂食材配送服务采购项目", "校园安防监控系统采购项目"),
    "road": ("道路清扫保洁服务采购项目", "交通信号灯维护服务采购项目", "路灯节能改造采购项目"),
    "building": ("物业管理服务采购项目", "房屋安全鉴定服务采购项目"),
    "water": ("水质监测设备采购项目", "防汛物资采购项目"),
    "office": ("办公家具采购项目", "公务用车服务采购项目", "信息化运维服务采购项目", "办公设备采购项目"),
}
STREETS = ("人民路", "解放路", "建设大道", "滨江路", "中山路", "文昌路", "新华路", "迎宾大道", "环城东路", "学府路")

#: Winners: a trade name (字号) plus a suffix that says what the company does.
TRADE_NAMES = (
    "宏达", "恒信", "鼎盛", "华科", "中泰", "永安", "建宇", "锦程", "天诚", "瑞丰", "金石", "新元", "博远", "汇通",
    "东方", "长城", "正源", "安信", "盛世", "嘉禾", "星辰", "立信", "中恒", "亿达", "万隆", "华晟", "和信", "同创",
)  # fmt: skip
ENGINEERING_SUFFIXES = (
    "建设工程有限公司", "建筑安装工程有限公司", "市政工程有限公司", "路桥工程有限公司", "园林绿化工程有限公司",
    "水利水电建设有限公司", "建设集团有限公司",
)  # fmt: skip
PROCUREMENT_SUFFIXES = (
    "科技有限公司", "信息技术有限公司", "医疗器械有限公司", "设备有限公司", "物业服务有限公司", "贸易有限公司",
    "家具有限公司",
)  # fmt: skip
LAND_SUFFIXES = ("房地产开发有限公司", "置业有限公司", "实业发展有限公司")
AGENCY_SUFFIXES = ("工程项目管理有限公司", "招标代理有限公司", "工程咨询有限公司", "建设咨询有限公司")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌辉鹏宇浩晨欣怡婷俊峰海波"

#: 违法行为类型, the facts template, the basis and the penalty, for penalties against bidders, by the
#: category of the project the violation happened in.
VIOLATIONS: dict[Category, tuple[tuple[str, str, str, str], ...]] = {
    Category.ENGINEERING: (
        (
            "串通投标",
            "在{project}投标过程中，与其他投标人相互串通投标报价",
            "《中华人民共和国招标投标法》第五十三条",
            "罚款",
        ),
        (
            "弄虚作假骗取中标",
            "在{project}投标中提供虚假业绩材料，骗取中标",
            "《中华人民共和国招标投标法》第五十四条",
            "罚款",
        ),
        (
            "违法分包",
            "承接{project}后，将主体结构施工违法分包给不具备资质的单位",
            "《建设工程质量管理条例》第六十二条",
            "罚款",
        ),
    ),
    Category.PROCUREMENT: (
        (
            "提供虚假材料谋取中标",
            "参加{project}政府采购活动时提供虚假材料谋取中标、成交",
            "《中华人民共和国政府采购法》第七十七条",
            "罚款；列入不良行为记录名单",
        ),
        (
            "未按规定履行合同",
            "在{project}政府采购合同履行中未按合同约定提供服务",
            "《中华人民共和国政府采购法实施条例》第七十二条",
            "警告",
        ),
    ),
}

#: 处罚机关 by the category of the violation; ``{city}`` is filled with the city name.
AUTHORITIES: dict[Category, tuple[str, ...]] = {
    Category.ENGINEERING: ("{city}住房和城乡建设局", "{city}交通运输局", "{city}水利局"),
    Category.PROCUREMENT: ("{city}财政局",),
}
