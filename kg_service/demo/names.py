"""Chinese names for the demo: people, departments, branch offices. Pools, not records."""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文斌辉鹏宇浩晨欣怡佳琪涵轩博思远海燕"
    "春玲凤兰德福波晓东立新振永庆光荣卫民利清云峰琳婷雪慧俊凯健亮"
)

DEPARTMENTS = (
    "市委办公室", "市委组织部", "市委宣传部", "市发展和改革委员会", "市教育局", "市科学技术局",
    "市工业和信息化局", "市公安局", "市民政局", "市司法局", "市财政局", "市人力资源和社会保障局",
    "市自然资源和规划局", "市生态环境局", "市住房和城乡建设局", "市交通运输局", "市水利局",
    "市农业农村局", "市商务局", "市文化广电旅游局", "市卫生健康委员会", "市退役军人事务局",
    "市应急管理局", "市审计局", "市市场监督管理局", "市统计局", "市医疗保障局", "市信访局",
    "市机关事务管理局", "市行政审批局", "市大数据发展局", "市林业局",
)
PROVINCIAL = (
    "省地质局", "省气象局", "省测绘院", "省水文局", "省档案馆", "省图书馆", "省社会科学院",
    "省农业科学院", "省交通规划院", "省建设工程质量监督站",
)
OFFICES = (
    "办公室", "综合科", "政策法规科", "规划财务科", "人事科", "督查科", "信息中心", "执法大队",
    "服务中心", "监测站", "审批科", "离退休干部", "研究室", "宣传科", "安全监管科",
)


def person_name(rng: random.Random) -> str:
    """A plausible Chinese name: one-character surname and one or two given characters."""
    given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + given


def numbered(names: tuple[str, ...], index: int) -> str:
    """The index-th name of a pool, with a number once the pool is used up (二分局, 三分局...)."""
    base = names[index % len(names)]
    round_ = index // len(names)
    return base if round_ == 0 else f"{base}第{round_ + 1}分局"
