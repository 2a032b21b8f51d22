"""manage.py check_facts: the facts file's references, ids, dates and statuses hold, and every
verified figure's quote gives its number. It passes on the real file and names each problem in a
broken one."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from guide.demo.checks import quote_gives

FACTS_FILE = Path(apps.get_app_config("guide").path) / "demo" / "facts.json"
FACTS = json.loads(FACTS_FILE.read_text(encoding="utf-8"))
# A few real records, and what they refer to: a small file that a test breaks in one place.
SMALL = {
    "sessions": ["S_2019_CPPCC", "S_2019_NPC", "S_2021_NPC"],
    "meetings": ["S_2019_NPC_OPEN", "S_2019_NPC_CLOSE"],
    "reports": ["GWR_2019", "GWR_2021"],
    "figures": ["F001", "F008", "F009", "F041"],
    "decisions": ["R2F_D001"],
    "people": ["LI_KEQIANG"],
    "bodies": ["B_NPC", "B_CPPCC", "B_SC"],
    "venues": ["V_GHP"],
}


def cited_sources(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("source", "full_text_source") and isinstance(item, str):
                yield item
            else:
                yield from cited_sources(item)
    elif isinstance(value, list):
        for item in value:
            yield from cited_sources(item)


def small_facts():
    facts = {"meta": FACTS["meta"], "regions": [], "glossary": [], "gaps": [], "views": {}}
    for name, keys in SMALL.items():
        facts[name] = [copy.deepcopy(r) for r in FACTS[name] if r["id"] in keys]
        assert len(facts[name]) == len(keys), name
    keys = set(cited_sources([facts[name] for name in SMALL]))
    facts["sources"] = {key: FACTS["sources"][key] for key in keys}
    return facts


def record(facts, name, key):
    return next(r for r in facts[name] if r["id"] == key)


def run_check(path):
    """Whether the check passes, what it prints, and the error it ends with."""
    output = io.StringIO()
    try:
        call_command("check_facts", str(path), stdout=output)
    except CommandError as error:
        return False, output.getvalue(), str(error)
    return True, output.getvalue(), ""


def test_the_real_facts_file_has_no_problem():
    passed, output, _error = run_check(FACTS_FILE)
    assert passed, output
    assert output.count("\n") <= 1
    assert "no problems" in output


def test_the_small_file_has_no_problem(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(small_facts(), ensure_ascii=False), encoding="utf-8")
    assert run_check(path)[0]


def break_reference(facts):
    record(facts, "figures", "F001")["report"] = "GWR_1999"


def break_citation(facts):
    record(facts, "sessions", "S_2019_NPC")["open"]["citations"][0]["source"] = "P_nowhere"


def break_decision_session(facts):
    record(facts, "decisions", "R2F_D001")["session"] = "S_1999_NPC"


def drop_number(facts):
    figure = record(facts, "figures", "F001")
    figure["quote"] = figure["quote"].replace("6.6%", "较快")


def drop_range_end(facts):
    figure = record(facts, "figures", "F008")
    figure["quote"] = figure["quote"].replace("6%－6.5%", "6%左右")


def drop_fall(facts):
    figure = record(facts, "figures", "F041")
    figure["quote"] = figure["quote"].replace("降低", "增长")


def reverse_dates(facts):
    session = record(facts, "sessions", "S_2019_NPC")
    session["open"]["date"], session["close"]["date"] = "2019-03-15", "2019-03-05"


def unknown_status(facts):
    record(facts, "sessions", "S_2019_NPC")["close"]["status"] = "confirmed"


def unknown_report_status(facts):
    record(facts, "reports", "GWR_2019")["status"] = "likely"


def unknown_qualifier(facts):
    record(facts, "figures", "F009")["qualifier"] = "roughly"


def duplicate_id(facts):
    facts["figures"].append(copy.deepcopy(record(facts, "figures", "F009")))


def duplicate_id_across_lists(facts):
    record(facts, "decisions", "R2F_D001")["id"] = "GWR_2019"


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (break_reference, "F001: report 'GWR_1999' is not in reports"),
        (break_citation, "S_2019_NPC: open citations source 'P_nowhere' is not in sources"),
        (break_decision_session, "R2F_D001: session 'S_1999_NPC' is not in sessions"),
        (drop_number, "F001: verified, but its quote does not give its value, 6.6 % y/y"),
        (drop_range_end, "F008: verified, but its quote does not give its value_high, 6.5 % y/y"),
        (drop_fall, "F041: verified, but its quote does not give its value, -3 % change"),
        (reverse_dates, "S_2019_NPC: closes (2019-03-05) before it opens (2019-03-15)"),
        (unknown_status, "S_2019_NPC: close status 'confirmed' is not one of"),
        (unknown_report_status, "GWR_2019: status 'likely' is not one of"),
        (unknown_qualifier, "F009: qualifier 'roughly' is not one of"),
        (duplicate_id, "F009: id used twice (in figures and figures)"),
        (duplicate_id_across_lists, "GWR_2019: id used twice (in reports and decisions)"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_a_broken_file_fails_and_names_the_record(tmp_path, breakage, expected):
    facts = small_facts()
    breakage(facts)
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    passed, output, error = run_check(path)
    assert not passed
    assert expected in output
    assert error == f"{path}: 1 problem"


@pytest.mark.parametrize(
    ("value", "unit", "quote"),
    [
        (3.375793, "trillion yuan", "全市地区生产总值33757.93亿元"),
        (3.375793, "trillion yuan", "总量达到3.375793万亿元"),
        (3.375793, "trillion yuan", "3.375793 trillion yuan"),
        (1.3, "trillion yuan", "拟发行超长期特别国债1.3万亿元"),
        (0.6, "million persons", "城镇新增就业60万人"),
        (0.3, "million persons", "create 300,000 new urban jobs"),
        (12, "million persons", "城镇新增就业1200万人以上"),
        (12, "million persons", "over 12 million new urban jobs"),
        (12, "million persons", "城镇新增就业一千二百万人以上"),
        (5, "% y/y", "地区生产总值增长5%-5.5%"),
        (5.5, "% y/y", "地区生产总值增长5%-5.5%"),
        (5.5, "% y/y", "地区生产总值增长5%—5.5%"),
        (5.5, "% y/y", "生产总值增长5-5.5%"),
        (5, "% y/y", "生产总值增长5-5.5%"),
        (5.5, "% y/y", "增长5%到5.5%"),
        (5.5, "% y/y", "aims for 5 to 5.5 percent GDP growth"),
        (5, "% y/y", "a GDP growth target of about 5 percent"),
        (5, "% y/y", "The growth target is five percent in 2024."),
        (6.6, "% y/y", "a 6.6-percent increase in GDP"),
        (5.5, "% y/y", "增长５．５％左右"),
        (5.5, "% y/y", "增长百分之五点五左右"),
        (-3, "% change", "单位国内生产总值能耗降低3%左右"),
        (-2.5, "% change", "a drop of around 2.5 percent in energy consumption"),
        (90663, "yuan", "人均地区生产总值90663元"),
    ],
)
def test_a_quote_gives_the_number_in_its_units(value, unit, quote):
    assert quote_gives(quote, value, unit)


@pytest.mark.parametrize(
    ("value", "unit", "quote"),
    [
        (3.375793, "trillion yuan", "全市地区生产总值3.38万亿元"),
        (3.375793, "trillion yuan", "33757.93"),
        (0.6, "million persons", "城镇新增就业6万人"),
        (12, "million persons", "城镇新增就业1200人"),
        (5.5, "% y/y", "地区生产总值增长5%左右"),
        (5, "% y/y", "地区生产总值增长5.5%"),
        (6, "% y/y", "2026年工作"),
        (6, "% y/y", "第6次会议"),
        (-3, "% change", "单位国内生产总值能耗增长3%"),
        (3, "% change", "单位国内生产总值能耗降低2.5%"),
    ],
)
def test_a_quote_without_the_number_does_not_give_it(value, unit, quote):
    assert not quote_gives(quote, value, unit)
