//! The command's side of the crate: batch conversion over files, folders and stdin, the
//! `verify` regression check, output files, the run report and Ctrl-C handling. Everything
//! here prints, touches the file system or handles signals; the library (`ocrclean::`)
//! does none of that.

pub mod article;
pub mod batch;
pub mod config;
pub mod errors;
pub mod files;
pub mod inputs;
pub mod outcome;
pub mod records;
pub mod report;
pub mod verify;
