//! Enterprise agents (structure of arrays): eastern firms that may invest in paired regions.
//!
//! A firm's size and value-investment preference are fixed draws that the policy in force
//! turns into yuan and a weight every year (`Enterprises::refresh`), so that firm capital grows
//! with its home region's revenue and a `[[phase]]` that changes `capital_to_revenue` or the
//! preference distribution takes effect from its year, with the same random numbers.

/// All enterprises.
#[derive(Debug, Clone, Default)]
pub struct Enterprises {
    /// Home (donor) region index.
    pub home: Vec<u16>,
    /// The firm's share of the total capital of its home region's firms (a fixed lognormal draw,
    /// normalised so the shares of a region's firms sum to 1).
    pub capital_share: Vec<f64>,
    /// Standard normal draw behind the value-investment preference (fixed at synthesis).
    pub preference_draw: Vec<f64>,
    /// Capital of the year (yuan): `capital_share × capital_to_revenue × home revenue`.
    pub capital: Vec<f64>,
    /// Value-investment preference of the year: the weight in 0..1 the firm puts on social
    /// return, `clamp(mean + sd × preference_draw, 0, 1)`.
    pub preference: Vec<f64>,
}

impl Enterprises {
    /// Number of enterprises.
    pub fn len(&self) -> usize {
        self.home.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.home.is_empty()
    }

    /// Sets every firm's capital and preference for the year from its fixed draws:
    /// capital = share × `capital_to_revenue` × its home region's revenue (`revenue[home]`),
    /// preference = clamp(`mean` + `sd` × draw, 0, 1).
    pub fn refresh(&mut self, capital_to_revenue: f64, revenue: &[f64], mean: f64, sd: f64) {
        for j in 0..self.len() {
            let home = self.home[j] as usize;
            self.capital[j] = self.capital_share[j] * capital_to_revenue * revenue[home];
            self.preference[j] = (mean + sd * self.preference_draw[j]).clamp(0.0, 1.0);
        }
    }
}
