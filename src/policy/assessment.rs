//! Assessment regime (central–local responsibility and incentives): how hard eastern
//! governments push paired aid, and how western governments allocate what they receive.

use super::plan::Allocation;
use crate::scenario::AssessmentPolicy;

/// Eastern aid effort: `0.5 + 0.5 · strength` when the assessment is on, 0.5 when it is off.
pub fn donor_effort(policy: &AssessmentPolicy) -> f64 {
    if policy.enabled {
        0.5 + 0.5 * policy.strength
    } else {
        0.5
    }
}

/// Western allocation of aid by what the assessment rewards:
/// direct support ∝ w_poverty; services ∝ w_services + ½ w_urban_rural;
/// industry ∝ w_regional + w_factor_flows + ½ w_urban_rural; ecology ∝ w_ecology.
/// With the assessment off, aid is split evenly over the four uses.
pub fn allocation(policy: &AssessmentPolicy) -> Allocation {
    if !policy.enabled {
        return Allocation {
            direct_support: 0.25,
            public_services: 0.25,
            industry: 0.25,
            ecology: 0.25,
        };
    }
    let direct = policy.weight_absolute_poverty;
    let services = policy.weight_public_services + 0.5 * policy.weight_urban_rural_gap;
    let industry = policy.weight_regional_gap
        + policy.weight_factor_flows
        + 0.5 * policy.weight_urban_rural_gap;
    let ecology = policy.weight_ecology;
    let total = direct + services + industry + ecology;
    Allocation {
        direct_support: direct / total,
        public_services: services / total,
        industry: industry / total,
        ecology: ecology / total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_follows_weights_and_sums_to_one() {
        let poverty = allocation(&AssessmentPolicy::default());
        let sum =
            poverty.direct_support + poverty.public_services + poverty.industry + poverty.ecology;
        assert!((sum - 1.0).abs() < 1e-12);
        assert!((poverty.direct_support - 0.6).abs() < 1e-12);
        let prosperity = allocation(&AssessmentPolicy {
            weight_absolute_poverty: 0.1,
            weight_public_services: 0.3,
            ..AssessmentPolicy::default()
        });
        assert!(prosperity.public_services > poverty.public_services);
        assert!(prosperity.direct_support < poverty.direct_support);
    }

    #[test]
    fn effort_rises_with_strength() {
        let off = AssessmentPolicy {
            enabled: false,
            ..Default::default()
        };
        assert_eq!(donor_effort(&off), 0.5);
        assert_eq!(donor_effort(&AssessmentPolicy::default()), 1.0);
    }
}
