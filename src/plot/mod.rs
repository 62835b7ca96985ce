//! Charts drawn from an output folder's CSV files (never from simulation state).
