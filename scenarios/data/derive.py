#!/usr/bin/env python3
"""Derives ewsim's input CSVs from the verbatim source tables in this folder.

provinces_2015.csv     -> regions_2015.csv       (columns = [[region]] keys; persons, yuan; the
                          Chinese names of province_zh as name_zh, for Chinese charts)
provincial_population_2015_2019.csv -> the column urbanisation_rate of regions_2015.csv
migrant_workers_by_zone_2017.csv -> the column migration_propensity of regions_2015.csv
provinces_2015.csv     -> the column survey_urban_share of regions_2015.csv (the household
                          survey's urban weight, implied by the all-resident mean)
pairings.csv           -> pairings_2016_2021.csv (donor,recipient,weight,from_year,until_year)
national_2010_2015.csv -> observed_national.csv (year,metric,value,source)
national_2016_2024.csv -> appended to observed_national.csv
national_2015_2019.csv, national_checks_2020_2024.csv -> the later gini, urban and rural means,
                          urban_rural_ratio, income_mean_survey and quintile means, appended (marked on
                          charts only: 2020-2024 are held out, nothing fits them)
migrant_workers_2013_2023.csv -> inter-provincial migrant workers (persons) appended as `migrants`
provinces_2015.csv + provinces_2015_population_first_published.csv -> income_closure_2015.csv
    (does the urban/rural split reproduce the all-resident mean? SOURCES.md)

Run from this folder: python3 derive.py. tests/data_files.rs checks that the derived files
still match the sources.
"""
import csv

ZONE_LETTER = {"east": "E", "central": "C", "west": "W", "northeast": "NE"}

with open("provinces_2015.csv", newline="", encoding="utf-8") as f:
    provinces = list(csv.DictReader(f))

# Migration propensity of a zone (national = 1): its share of the inter-provincial migrant workers
# by zone of origin (NBS 2017, the only year with the split) over its share of the rural
# population (2015). Assumes the zones' shares of migrants were the same in 2015 as in 2017 and
# that every province of a zone has its zone's propensity (no provincial split in the data).
with open("migrant_workers_by_zone_2017.csv", newline="", encoding="utf-8") as f:
    migrants = {ZONE_LETTER[row["origin_zone"]]: float(row["inter_provincial_10k"])
                for row in csv.DictReader(f)}
rural = {}
for row in provinces:
    rural[row["zone"]] = rural.get(row["zone"], 0.0) + float(row["rural_population_10k"])
propensity = {
    zone: (migrants[zone] / sum(migrants.values())) / (rural[zone] / sum(rural.values()))
    for zone in rural
}

# Urbanisation rate of a province: the constant yearly share u of its rural residents becoming
# urban that takes its rural share of residents from 2015 to 2019 (in-sample; the model holds a
# province's population fixed, so the share is what it can follow): u = 1 - (s2019 / s2015)^(1/4).
with open("provincial_population_2015_2019.csv", newline="", encoding="utf-8") as f:
    people = {}
    for row in csv.DictReader(f):
        urban, rural_ = float(row["urban_population_10k"]), float(row["rural_population_10k"])
        people[(row["province"], row["year"])] = rural_ / (urban + rural_)
urbanisation = {
    row["province"]: 1 - (people[(row["province"], "2019")] / people[(row["province"], "2015")]) ** 0.25
    for row in provinces
}

with open("regions_2015.csv", "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["name", "name_zh", "zone", "population_urban", "population_rural",
                "income_urban", "income_rural", "fiscal_revenue", "migration_propensity",
                "urbanisation_rate", "survey_urban_share"])
    for row in provinces:
        # The urban weight w of the household survey: NBS's all-resident mean is
        # w x urban mean + (1 - w) x rural mean (SOURCES.md, "Consistency check").
        urban, rural_ = float(row["urban_income_2015"]), float(row["rural_income_2015"])
        survey = (float(row["income_2015"]) - rural_) / (urban - rural_)
        w.writerow([
            row["province"], row["province_zh"], row["zone"],
            round(float(row["urban_population_10k"]) * 1e4),
            round(float(row["rural_population_10k"]) * 1e4),
            row["urban_income_2015"], row["rural_income_2015"],
            round(float(row["budget_revenue_2015_100m_yuan"]) * 1e8),
            round(propensity[row["zone"]], 4),
            round(urbanisation[row["province"]], 5),
            round(survey, 5),
        ])

# 2016 guideline pairs run 2016-2020; the 2021 adjustment from 2021 on.
# A whole-province pair has weight 1, a city-to-prefecture ("part") pair 0.5.
with open("pairings.csv", newline="", encoding="utf-8") as f, \
        open("pairings_2016_2021.csv", "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["donor", "recipient", "weight", "from_year", "until_year"])
    for row in csv.DictReader(f):
        weight = 1.0 if row["scope"] == "whole" else 0.5
        if row["arrangement"] == "2016":
            w.writerow([row["donor"], row["recipient"], weight, 2016, 2020])
        else:
            w.writerow([row["donor"], row["recipient"], weight, 2021, ""])

def share(percent):
    """A percentage as a share, without binary noise: 7.2 % is 0.072, not 0.07200000000000001."""
    return float(f"{float(percent) / 100:.12g}")


with open("national_2010_2015.csv", newline="", encoding="utf-8") as f, \
        open("observed_national.csv", "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out, lineterminator="\n")
    # The grade of each value (A printed source, B consistent secondary, C untraced) comes from
    # its source file: national_2010_2015.csv grades the Gini and poverty A, the incomes B.
    w.writerow(["year", "metric", "value", "source", "grade"])
    for row in csv.DictReader(f):
        year = row["year"]
        w.writerow([year, "gini_survey", row["gini"], "NBS", "A"])
        if row["rural_income_concept"] == "rural disposable income":
            w.writerow([year, "urban_rural_ratio", row["urban_rural_ratio"], "NBS", "B"])
            w.writerow([year, "income_urban", row["urban_income_yuan"], "NBS", "B"])
            w.writerow([year, "income_rural", row["rural_income_yuan"], "NBS", "B"])
        if row["rural_poverty_rate_pct"]:
            w.writerow([year, "rural_poverty_rate", share(row["rural_poverty_rate_pct"]), "NBS", "A"])
    with open("national_2016_2024.csv", newline="", encoding="utf-8") as later:
        for row in csv.DictReader(later):
            grade = row["confidence"]
            if row["rural_poverty_rate_pct"]:
                w.writerow([row["year"], "rural_poverty_rate", share(row["rural_poverty_rate_pct"]), "NBS", grade])
                w.writerow([row["year"], "rural_poor", float(row["rural_poor_10k"]) * 1e4, "NBS", grade])
            if row["all_resident_income_yuan"]:
                w.writerow([row["year"], "income_mean_survey", row["all_resident_income_yuan"], "NBS", grade])
    # NBS national series after 2015 (national_2015_2019.csv, in-sample to 2019, and
    # national_checks_2020_2024.csv, held out for checking): the charts mark them; nothing fits
    # them. The urban-rural ratio is the published urban mean over the rural mean.
    names = {"gini": "gini_survey", "income_urban": "income_urban", "income_rural": "income_rural",
             "income_all": "income_mean_survey"}
    names.update({f"quintile{q}_all": f"income_q{q}" for q in range(1, 6)})
    # Income by source (docs/MODEL.md 9.1): the model's earnings are NBS wages plus net business
    # income; property and net transfers are one series each.
    for sector in ("urban", "rural"):
        names[f"income_{sector}_property"] = f"income_{sector}_property"
        names[f"income_{sector}_transfers"] = f"income_{sector}_transfers"
    later, grades = {}, {}

    def grade(year, *series):
        """The lowest grade of the series a value is made of (B below A)."""
        return max(grades[(year, s)] for s in series)

    for name in ("national_2015_2019.csv", "national_checks_2020_2024.csv"):
        with open(name, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                # 2015's gini and urban and rural means come from national_2010_2015.csv.
                first = row["series"].startswith(("quintile", "income_urban_", "income_rural_")) \
                    or row["series"] in ("income_all", "urban_population_10k", "population_10k")
                if int(row["year"]) > 2015 or first:
                    later[(row["year"], row["series"])] = row["value"]
                    grades[(row["year"], row["series"])] = row["grade"]
    with open("national_2016_2024.csv", newline="", encoding="utf-8") as f:
        already = {(row["year"], "income_all") for row in csv.DictReader(f)
                   if row["all_resident_income_yuan"]}
    for year in sorted({y for y, _ in later}):
        for series, metric in names.items():
            if (year, series) in later and (year, series) not in already:
                w.writerow([year, metric, later[(year, series)], "NBS", grade(year, series)])
        for sector in ("urban", "rural"):
            wages = later.get((year, f"income_{sector}_wages"))
            business = later.get((year, f"income_{sector}_business"))
            if wages and business:
                w.writerow([year, f"income_{sector}_earnings", f"{float(wages) + float(business):g}", "NBS",
                            grade(year, f"income_{sector}_wages", f"income_{sector}_business")])
        urban, rural = later.get((year, "income_urban")), later.get((year, "income_rural"))
        if urban and rural:
            w.writerow([year, "urban_rural_ratio", f"{float(urban) / float(rural):.3g}", "NBS",
                        grade(year, "income_urban", "income_rural")])
        urban, everyone = later.get((year, "urban_population_10k")), later.get((year, "population_10k"))
        if urban and everyone:
            w.writerow([year, "urban_share", f"{float(urban) / float(everyone):.4g}", "NBS",
                        grade(year, "urban_population_10k", "population_10k")])
    # The model's `migrants` (rural households working in another, eastern, region) are compared
    # with NBS inter-provincial out-migrant workers (docs/MODEL.md section 5).
    with open("migrant_workers_2013_2023.csv", newline="", encoding="utf-8") as workers:
        for row in csv.DictReader(workers):
            if row["inter_provincial_10k"]:
                # The confidence column grades out-migrants / inter-provincial / intra-provincial,
                # or all three at once.
                parts = [part.strip() for part in row["confidence"].split("/")]
                grade = parts[1] if len(parts) > 1 else parts[0]
                w.writerow([row["year"], "migrants", float(row["inter_provincial_10k"]) * 1e4, "NBS",
                            grade or "C"])

# Consistency of the 2015 urban and rural means with the all-resident mean (issue 11, item 5).
# For every province: the urban share of residents in the revised population series
# (provinces_2015.csv) and in the first-published one (provinces_2015_population_first_published.csv),
# the all-resident mean each implies (urban mean x share + rural mean x (1 - share)) and its relative
# error against income_2015, and the urban share the published means themselves imply,
# (income_2015 - rural) / (urban - rural): the weight the household survey gave urban residents.
with open("provinces_2015_population_first_published.csv", newline="", encoding="utf-8") as f:
    first_published = {row["province"]: row for row in csv.DictReader(f)}

with open("income_closure_2015.csv", "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["province", "income_2015", "urban_income_2015", "rural_income_2015",
                "urban_share_revised", "closure_error_revised",
                "urban_share_first_published", "closure_error_first_published",
                "urban_share_survey_implied"])
    for row in provinces:
        urban, rural = float(row["urban_income_2015"]), float(row["rural_income_2015"])
        mean = float(row["income_2015"])
        u, r = float(row["urban_population_10k"]), float(row["rural_population_10k"])
        revised = u / (u + r)
        first = float(first_published[row["province"]]["urban_share_pct"]) / 100
        implied = lambda share: share * urban + (1 - share) * rural
        w.writerow([
            row["province"], row["income_2015"], row["urban_income_2015"], row["rural_income_2015"],
            round(revised, 4), round(implied(revised) / mean - 1, 4),
            round(first, 4), round(implied(first) / mean - 1, 4),
            round((mean - rural) / (urban - rural), 4),
        ])
