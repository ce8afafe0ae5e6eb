"""Write ``models/resources/county_cities.tsv``: each county-level place with its city and province.

Run once, by hand, on cpca's division table (MIT, https://pypi.org/project/cpca/):

    pip download cpca==0.5.5 --no-deps -d /tmp/cpca && unzip -o /tmp/cpca/*.whl -d /tmp/cpca
    python scripts/make_county_cities.py /tmp/cpca/cpca/resources/adcodes.csv

An adcode's first two digits are its province and the first four its city; the municipalities'
districts (北京, 上海, 天津, 重庆) belong to the municipality itself. Districts made after that table
are added with their cities by hand below.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

# Districts made 2016-2021 that cpca 0.5.5 does not list, with their city and province.
LATER_DISTRICTS = {
    "临安区": "杭州市", "临平区": "杭州市", "钱塘区": "杭州市", "章丘区": "济南市", "莱芜区": "济南市",
    "济阳区": "济南市", "即墨区": "青岛市", "长乐区": "福州市", "郫都区": "成都市", "新津区": "成都市",
    "梁平区": "重庆市", "武隆区": "重庆市", "赣县区": "赣州市", "奉化区": "宁波市", "马龙区": "曲靖市",
    "晋宁区": "昆明市", "余江区": "鹰潭市", "蓬莱区": "烟台市", "光明区": "深圳市", "坪山区": "深圳市",
    "海门区": "南通市", "湾沚区": "芜湖市", "繁昌区": "芜湖市", "广信区": "上饶市", "淮阳区": "周口市",
    "云州区": "大同市", "上党区": "长治市", "潞城区": "长治市", "屯留区": "长治市", "太谷区": "晋中市",
    "水城区": "六盘水市", "叙州区": "宜宾市", "罗江区": "德阳市", "鄠邑区": "西安市", "南郑区": "汉中市",
    "达孜区": "拉萨市", "色尼区": "那曲市", "建安区": "许昌市", "永年区": "邯郸市", "肥乡区": "邯郸市",
}
# Cities renamed or merged since that table, and counties moved to another city.
CITY_CHANGES = {"那曲地区": "那曲市", "莱芜市": "济南市"}  # 2017; 2019 (莱城区, 钢城区 went to 济南)
MOVED_COUNTIES = {"简阳市": "成都市"}  # 2016, from 资阳市
HEADER = """\
# Each county-level place (区, 县, 旗, 县级市) with its city and province: county<TAB>city<TAB>province.
# A name held by places in several cities (鼓楼区) has a line for each.
# Made by scripts/make_county_cities.py from cpca 0.5.5 (MIT, (c) 2018 QinYuan Du),
# cpca/resources/adcodes.csv, plus the districts made 2016-2021 (the former county names stay: texts
# still use them) and the cities renamed or merged since (那曲地区 -> 那曲市, 莱芜市 -> 济南市).
# models.places.county_names reads the 区, 县 and 旗 among them, less generic words (城区, 东区...).
"""


def main(adcodes: Path, out: Path) -> None:
    with adcodes.open(encoding="utf-8") as handle:
        names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(handle)}
    provinces = {code[:2]: name for code, name in names.items() if code.endswith("0000")}
    rows: set[tuple[str, str, str]] = set()
    for code, name in names.items():
        if code.endswith("00") or name in ("市辖区", "县"):
            continue  # a province or a city, or a placeholder of the table
        province = provinces.get(code[:2], "")
        city = names.get(code[:4] + "00", "")
        if city in ("", "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            city = province  # a municipality's district, or a county the province governs itself
        city = MOVED_COUNTIES.get(name, CITY_CHANGES.get(city, city))
        rows.add((name, city, province))
    by_name = {name for name, _, _ in rows}
    for name, city in LATER_DISTRICTS.items():
        if name not in by_name:
            province = next(p for _, c, p in rows if c == city)
            rows.add((name, city, province))
    lines = ["\t".join(row) for row in sorted(rows)]
    out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(lines)} places")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parents[1] / "models" / "resources" / "county_cities.tsv")
