//! Regression checks against expected outputs (issue 3).
