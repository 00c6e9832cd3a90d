"""The organisations and people of one demo world: buyers, agencies, winners, natural persons.

A ``Directory`` hands out organisations so the same name always carries the same USCC: a buyer that runs
several projects, a company that wins several awards and later appears on a penalty list, all keep one code.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from ggzy.demo import names
from ggzy.demo.identity import make_id_number, make_uscc, person_name
from ggzy.model import Category


@dataclass
class Organisation:
    """A buyer, agency or company with a valid USCC, its legal representative and address."""

    name: str
    uscc: str
    region_code: str
    legal_representative: str = ""
    address: str = ""


@dataclass
class Person:
    """A natural person (a penalty subject); ``id_number`` is printed by centres but never in ground truth."""

    name: str
    id_number: str
    region_code: str


@dataclass
class Directory:
    """Every organisation of a world, created on first use and reused after."""

    rng: random.Random
    today: date
    by_name: dict[str, Organisation] = field(default_factory=dict)
    companies: dict[Category, list[Organisation]] = field(default_factory=dict)
    agencies: list[Organisation] = field(default_factory=list)

    def organisation(self, name: str, region_code: str, kind: str) -> Organisation:
        """The organisation called ``name``; ``kind`` picks the USCC prefix (authority/institution/company)."""
        found = self.by_name.get(name)
        if found is None:
            found = Organisation(
                name=name,
                uscc=make_uscc(self.rng, region_code, kind),
                region_code=region_code,
                legal_representative=person_name(self.rng),
                address=f"{names.PLACE_BY_CODE.get(region_code[:4] + '00', names.PLACES[0]).name}"
                f"{self.rng.choice(names.STREETS)}{self.rng.randint(1, 999)}号",
            )
            self.by_name[name] = found
        return found

    def buyer(self, place: names.Place, county: tuple[str, str]) -> tuple[Organisation, str]:
        """A buyer in ``county`` (or the city itself) and the sort of projects it runs."""
        template, sort = self.rng.choice(names.BUYER_TEMPLATES)
        at_city = self.rng.random() < 0.3
        where, code = (place.name, place.code) if at_city else (county[1], county[0])
        name = template.format(place=where)
        kind = "company" if name.endswith("公司") else "authority" if name.endswith("局") else "institution"
        return self.organisation(name, code, kind), sort

    def company(self, category: Category, place: names.Place) -> Organisation:
        """A bidder for ``category``: mostly one already seen, so winners win more than once."""
        pool = self.companies.setdefault(category, [])
        if len(pool) >= 6 and self.rng.random() < 0.6:
            return self.rng.choice(pool)
        suffixes = {Category.ENGINEERING: names.ENGINEERING_SUFFIXES, Category.LAND: names.LAND_SUFFIXES}.get(
            category, names.PROCUREMENT_SUFFIXES
        )
        for _ in range(50):
            county = self.rng.choice(place.counties)
            trade = "".join(self.rng.sample(names.TRADE_NAMES, 2))
            name = f"{place.province_name.removesuffix('省')}{trade}{self.rng.choice(suffixes)}"
            if self.rng.random() < 0.5:
                name = f"{place.name}{trade}{self.rng.choice(suffixes)}"
            if name not in self.by_name:
                break
        company = self.organisation(name, county[0], "company")
        pool.append(company)
        return company

    def agency(self, place: names.Place) -> Organisation:
        """A 招标代理机构, reused across projects of a province."""
        local = [a for a in self.agencies if a.region_code[:2] == place.code[:2]]
        if len(local) >= 2 and self.rng.random() < 0.7:
            return self.rng.choice(local)
        trade = "".join(self.rng.sample(names.TRADE_NAMES, 2))
        province = place.province_name.removesuffix("省").removesuffix("市").removesuffix("壮族自治区")
        name = f"{province}{trade}{self.rng.choice(names.AGENCY_SUFFIXES)}"
        agency = self.organisation(name, place.counties[0][0], "company")
        if agency not in self.agencies:
            self.agencies.append(agency)
        return agency

    def person(self, region_code: str) -> Person:
        """A natural person born in ``region_code`` with a full ID number."""
        return Person(person_name(self.rng), make_id_number(self.rng, region_code, self.today), region_code)
