//! Every word the charts write, in English and in simplified Chinese (`output.language`).
//!
//! Metric labels come from the metric table ([`Metric::label`], [`Metric::label_zh`]); units,
//! chart titles, axis and legend phrases are here. Chinese text is drawn in the embedded subset
//! of Noto Sans CJK SC (`assets/fonts/`), which holds exactly the characters these labels, the
//! built-in scenarios' names and ASCII need; the test below fails, listing them, when a label
//! uses a character the subset lacks.

use crate::metrics::table::Metric;
pub(crate) use crate::scenario::Language;

/// From this many replicates on, a band shows p05–p95; below, the min–max range (with fewer
/// than 20 values the 5th and 95th percentiles are interpolated between the two smallest and
/// the two largest, so calling the band a 90 % interval would overstate what it shows).
pub(crate) const QUANTILE_BAND_FROM: u32 = 20;

/// A phrase in both languages.
fn pick(lang: Language, en: &str, zh: &str) -> String {
    match lang {
        Language::En => en.to_string(),
        Language::Zh => zh.to_string(),
    }
}

/// The metric's panel title.
pub(crate) fn metric(m: &Metric, lang: Language) -> String {
    pick(lang, m.label, m.label_zh)
}

/// A metric's chart unit (the table's `unit`, after its `scale`).
pub(crate) fn unit(unit: &str, lang: Language) -> String {
    if lang == Language::En {
        return unit.to_string();
    }
    match unit {
        "yuan per capita" => "元/人",
        "yuan a year" => "元/年",
        "ratio" => "比值",
        "index" => "指数",
        "persons" => "人",
        "% of income" => "占收入的%",
        "% of rural residents" => "占农村人口的%",
        "% of residents" => "占居民的%",
        other => other,
    }
    .to_string()
}

/// Chart titles by their English form.
pub(crate) fn title(en: &str, lang: Language) -> String {
    let zh = match en {
        "Regional gap" => "区域差距",
        "Urban–rural gap" => "城乡差距",
        "Group gap" => "群体差距",
        "Poverty" => "贫困",
        "Incomes" => "收入水平",
        "Migrant workers and the rural poor" => "外出务工人员与农村贫困人口",
        "Income by quintile" => "按五等份分组的居民人均可支配收入",
        "Income by source" => "城乡居民人均分项收入",
        "Dashboard" => "总览",
        "Incomes by province" => "各省居民人均可支配收入",
        other => other,
    };
    pick(lang, en, zh)
}

/// The label of the year axis.
pub(crate) fn year(lang: Language) -> String {
    pick(lang, "year", "年份")
}

/// A variant's name as shown: `baseline` is translated, other names are the user's.
pub(crate) fn variant(name: &str, lang: Language) -> String {
    if name == "baseline" {
        pick(lang, "baseline", "基准")
    } else {
        name.to_string()
    }
}

/// A source of observed values (`NBS` is translated).
pub(crate) fn source(name: &str, lang: Language) -> String {
    match (lang, name) {
        (Language::Zh, "NBS") => "国家统计局".to_string(),
        _ => name.to_string(),
    }
}

/// "1 replicate", "5 replicates".
fn replicates(n: u32, lang: Language) -> String {
    match lang {
        Language::En if n == 1 => "1 replicate".into(),
        Language::En => format!("{n} replicates"),
        Language::Zh => format!("{n}次重复模拟"),
    }
}

/// The legend of a variant's line: its mean over `n` replicates.
pub(crate) fn mean_line(variant: &str, n: u32, lang: Language) -> String {
    match lang {
        Language::En if n > 1 => format!("{variant}: mean of {}", replicates(n, lang)),
        Language::En => format!("{variant} ({})", replicates(n, lang)),
        Language::Zh if n > 1 => format!("{variant}：{}的均值", replicates(n, lang)),
        Language::Zh => format!("{variant}（{}）", replicates(n, lang)),
    }
}

/// What a band of `n` replicates shows (see [`QUANTILE_BAND_FROM`]).
pub(crate) fn band(n: u32, lang: Language) -> String {
    match (lang, n >= QUANTILE_BAND_FROM) {
        (Language::En, true) => format!("p05–p95 of {}", replicates(n, lang)),
        (Language::En, false) => format!("range (min–max) of {}", replicates(n, lang)),
        (Language::Zh, true) => format!("{}的5%–95%分位区间", replicates(n, lang)),
        (Language::Zh, false) => format!("{}的最小–最大值区间", replicates(n, lang)),
    }
}

/// A variant's band in a single-variant legend.
pub(crate) fn variant_band(variant: &str, n: u32, lang: Language) -> String {
    match lang {
        Language::En => format!("{variant}: {}", band(n, lang)),
        Language::Zh => format!("{variant}：{}", band(n, lang)),
    }
}

/// The legend entry of observed values from `source`.
pub(crate) fn observed(source_name: &str, lang: Language) -> String {
    let shown = source(source_name, lang);
    pick(
        lang,
        &format!("observed ({shown})"),
        &format!("观测值（{shown}）"),
    )
}

/// The notes under a comparison's legend: what lines and shading show.
pub(crate) fn comparison_notes(n: u32, lang: Language) -> Vec<String> {
    let mut notes = vec![match lang {
        Language::En if n > 1 => format!("line: mean of {}", replicates(n, lang)),
        Language::En => format!("line: {}", replicates(n, lang)),
        Language::Zh if n > 1 => format!("线：{}的均值", replicates(n, lang)),
        Language::Zh => format!("线：{}", replicates(n, lang)),
    }];
    if n > 1 {
        notes.push(pick(
            lang,
            &format!("shaded: {}", band(n, lang)),
            &format!("阴影：{}", band(n, lang)),
        ));
    }
    notes.push(pick(
        lang,
        "baseline drawn last, thicker",
        "基准线最后绘制，线条加粗",
    ));
    notes
}

/// A comparison's title: the metric compared across variants.
pub(crate) fn by_variant(metric_label: &str, lang: Language) -> String {
    pick(
        lang,
        &format!("{metric_label} by variant"),
        &format!("{metric_label}：各方案比较"),
    )
}

/// The dashboard's title.
pub(crate) fn dashboard(variant_shown: &str, lang: Language) -> String {
    pick(
        lang,
        &format!("Dashboard ({variant_shown})"),
        &format!("总览（{variant_shown}）"),
    )
}

/// The note of a panel with nothing to draw.
pub(crate) fn empty(metric_label: &str, has_rows: bool, lang: Language) -> String {
    match (lang, has_rows) {
        (Language::En, true) => format!("{metric_label}: no finite values"),
        (Language::En, false) => format!("no data for {metric_label}"),
        (Language::Zh, true) => format!("{metric_label}：无有效数值"),
        (Language::Zh, false) => format!("无数据：{metric_label}"),
    }
}

/// A zone's name.
pub(crate) fn zone(name: &str, lang: Language) -> String {
    let zh = match name {
        "east" => "东部",
        "central" => "中部",
        "west" => "西部",
        "northeast" => "东北",
        other => other,
    };
    pick(lang, name, zh)
}

/// The legend of the provinces chart: a year's value.
pub(crate) fn in_year(year: i32, lang: Language) -> String {
    pick(lang, &format!("{year}"), &format!("{year}年"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::metrics::table::METRICS;

    /// Every Chinese text the charts can write with the built-in scenarios.
    fn chinese_texts() -> Vec<String> {
        let zh = Language::Zh;
        let mut texts: Vec<String> = Vec::new();
        for m in METRICS {
            texts.push(metric(m, zh));
            texts.push(unit(m.unit, zh));
            texts.push(by_variant(m.label_zh, zh));
            texts.push(empty(m.label_zh, true, zh));
            texts.push(empty(m.label_zh, false, zh));
        }
        for t in [
            "Regional gap",
            "Urban–rural gap",
            "Group gap",
            "Poverty",
            "Incomes",
            "Migrant workers and the rural poor",
            "Income by quintile",
            "Dashboard",
            "Incomes by province",
        ] {
            texts.push(title(t, zh));
        }
        for n in [1, 2, 20] {
            texts.push(mean_line(&variant("baseline", zh), n, zh));
            texts.push(variant_band(&variant("baseline", zh), n, zh));
            texts.extend(comparison_notes(n, zh));
        }
        texts.push(observed("NBS", zh));
        texts.push(dashboard(&variant("baseline", zh), zh));
        texts.push(year(zh));
        texts.push(in_year(2035, zh));
        for z in ["east", "central", "west", "northeast"] {
            texts.push(zone(z, zh));
        }
        for file in ["china.toml", "variants.toml", "quickstart.toml"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios")
                .join(file);
            let loaded = crate::scenario::load_file(&path, &[]).expect("the scenario loads");
            let s = &loaded.scenario;
            texts.extend(s.scenario.title_zh.clone());
            texts.extend(s.region.iter().filter_map(|r| r.name_zh.clone()));
            texts.extend(s.phase.iter().filter_map(|p| p.name_zh.clone()));
        }
        texts
    }

    /// The characters the subset must hold: those texts, ASCII and common punctuation.
    fn needed() -> BTreeSet<char> {
        let mut chars: BTreeSet<char> = chinese_texts().iter().flat_map(|t| t.chars()).collect();
        chars.extend((' '..='~').collect::<Vec<_>>());
        chars.extend("–—×·…（）：，。、；！？“”‘’%≥≤−".chars());
        chars.remove(&'\n');
        chars
    }

    /// `assets/fonts/subset.py` made the subset from the Chinese characters of the label
    /// sources; this checks that it covers every text the charts can write.
    #[test]
    fn the_embedded_chinese_font_has_every_character_the_labels_use() {
        let chars = needed();
        let missing: String = chars
            .iter()
            .filter(|c| !crate::plot::text::has_glyph(Language::Zh, **c))
            .collect();
        assert!(
            missing.is_empty(),
            "the embedded Noto Sans CJK SC subset lacks {missing:?}: add the file that \
             holds them to SOURCES in assets/fonts/subset.py if needed, run it and commit \
             assets/fonts/"
        );
    }

    #[test]
    fn bands_say_what_they_show() {
        assert_eq!(band(2, Language::En), "range (min–max) of 2 replicates");
        assert_eq!(band(19, Language::En), "range (min–max) of 19 replicates");
        assert_eq!(band(20, Language::En), "p05–p95 of 20 replicates");
        assert!(band(5, Language::Zh).contains("最小–最大"));
    }

    #[test]
    fn every_metric_unit_has_a_chinese_form() {
        for m in METRICS {
            let zh = unit(m.unit, Language::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{m}: unit {:?} has no Chinese form",
                m.unit
            );
        }
    }
}
