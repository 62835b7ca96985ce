//! Enterprise agents (structure of arrays): eastern firms that may invest in paired regions.

/// All enterprises.
#[derive(Debug, Clone, Default)]
pub struct Enterprises {
    /// Home (donor) region index.
    pub home: Vec<u16>,
    /// Capital (yuan).
    pub capital: Vec<f64>,
    /// Value-investment preference: the weight in 0..1 the firm puts on social return.
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
}
