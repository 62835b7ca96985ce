//! A bad scenario is refused before anything runs, with file, line, column, key and a hint.

use ewsim::scenario::data::DiskFiles;
use ewsim::scenario::load_text;

const REGIONS: &str = "[[region]]\nname = \"Coast\"\nzone = \"east\"\npopulation_urban = 100\npopulation_rural = 100\nincome_urban = 30000\nincome_rural = 10000\n\n[[region]]\nname = \"Plateau\"\nzone = \"west\"\npopulation_urban = 100\npopulation_rural = 100\nincome_urban = 20000\nincome_rural = 6000\n";

fn error_of(text: &str) -> String {
    let files = DiskFiles {
        dir: std::path::Path::new("."),
    };
    match load_text("test.toml", text, &files, &[]) {
        Ok(_) => panic!("scenario accepted:\n{text}"),
        Err(errors) => errors.to_string(),
    }
}

#[test]
fn unknown_nested_key_is_located_with_suggestion() {
    let text = format!("[policy.transfers]\npaired_aid_shar = 0.1\n\n{REGIONS}");
    let message = error_of(&text);
    assert!(
        message.starts_with("test.toml:2:1: key `policy.transfers.paired_aid_shar`"),
        "{message}"
    );
    assert!(
        message.contains("did you mean `policy.transfers.paired_aid_share`"),
        "{message}"
    );
}

#[test]
fn out_of_range_values_are_refused_with_their_location() {
    let text = format!("[time]\nstart_year = 2020\nend_year = 2019\n\n{REGIONS}");
    let message = error_of(&text);
    assert!(
        message.contains(
            "test.toml:3:1: key `time.end_year`: the end year 2019 is before the start year 2020"
        ),
        "{message}"
    );

    let negative = REGIONS.replacen("population_rural = 100", "population_rural = -5", 1);
    let message = error_of(&negative);
    assert!(
        message.contains("key `region[0].population_rural`"),
        "{message}"
    );
    assert!(message.contains(">= 0"), "{message}");

    let growth = format!("[economy]\nrural_productivity_extra_growth = 1.5\n\n{REGIONS}");
    let message = error_of(&growth);
    assert!(
        message.contains("test.toml:2:1: key `economy.rural_productivity_extra_growth`"),
        "{message}"
    );

    let propensity = REGIONS.replacen(
        "income_rural = 6000",
        "income_rural = 6000\nmigration_propensity = -1",
        1,
    );
    let message = error_of(&propensity);
    assert!(
        message.contains(
            "test.toml:16:1: key `region[1].migration_propensity`: expected a finite number >= 0"
        ),
        "{message}"
    );
    // The national share times a region's propensity is a share of its rural households.
    let propensity = REGIONS.replacen(
        "income_rural = 6000",
        "income_rural = 6000\nmigration_propensity = 8",
        1,
    );
    let message = error_of(&propensity);
    assert!(
        message.contains(
            "key `region[1].migration_propensity`: the start-year migrant share of region `Plateau`"
        ),
        "{message}"
    );

    let share = format!("[policy.charity]\noverhead = 1.2\n\n{REGIONS}");
    assert!(error_of(&share).contains(
        "test.toml:2:1: key `policy.charity.overhead`: expected a share between 0 and 1, found 1.2"
    ));
}

#[test]
fn pairings_must_name_regions() {
    let text = format!("{REGIONS}\n[[pairing]]\ndonor = \"Coast\"\nrecipient = \"Plataeu\"\n");
    let message = error_of(&text);
    assert!(
        message.contains("key `pairing[0].recipient`: no region is named `Plataeu`"),
        "{message}"
    );
    assert!(message.contains("did you mean `Plateau`"), "{message}");
}

#[test]
fn phase_and_variant_keys_are_checked_where_they_are_written() {
    let text = format!(
        "{REGIONS}\n[[phase]]\nyear = 2021\n[phase.set]\n\"policy.talent.tenur_years\" = 3\n"
    );
    let message = error_of(&text);
    assert!(
        message.contains("did you mean `policy.talent.tenure_years`"),
        "{message}"
    );
    assert!(message.contains("test.toml:20:1"), "{message}");
    let text =
        format!("{REGIONS}\n[variants.generous]\n\"policy.transfers.paired_aid_share\" = 2.0\n");
    let message = error_of(&text);
    assert!(message.contains("test.toml:18:1: key `policy.transfers.paired_aid_share`: expected a share between 0 and 1"), "{message}");
}

#[test]
fn wrong_types_and_syntax_errors_are_located() {
    let message = error_of(&format!("[run]\nhouseholds = \"many\"\n\n{REGIONS}"));
    assert!(message.starts_with("test.toml:2:"), "{message}");
    assert!(message.contains("run.households"), "{message}");
    let message = error_of("[run\nseed = 1\n");
    assert!(message.starts_with("test.toml:1:"), "{message}");
}

#[test]
fn a_misspelt_value_gets_the_valid_values_and_the_nearest() {
    let text = format!("[policy.charity]\nscope = \"nationl\"\n\n{REGIONS}");
    let message = error_of(&text);
    assert!(
        message.contains(
            "test.toml:2:9: key `policy.charity.scope`: unknown value `nationl`; expected one of: paired, national"
        ),
        "{message}"
    );
    assert!(message.contains("did you mean `national`?"), "{message}");

    let files = DiskFiles {
        dir: std::path::Path::new("."),
    };
    let set = ["policy.charity.scope=\"nationl\"".to_string()];
    let message = match load_text("test.toml", REGIONS, &files, &set) {
        Ok(_) => panic!("a misspelt --set value was accepted"),
        Err(errors) => errors.to_string(),
    };
    assert!(
        message.contains("unknown value `nationl`; expected one of: paired, national"),
        "{message}"
    );
    assert!(message.contains("did you mean `national`?"), "{message}");
}
