//! Many pages in parallel (issue 3).
