//! The output stems taken under `--out` ([`Claims`]), so that two inputs whose outputs
//! would land on the same files do not overwrite each other: the later one fails.
//!
//! Apart from `mod.rs` because it is one self-contained bookkeeping, with its own test
//! against the plain set of every stem.

use crate::cli::errors::InputErrorKind;
use crate::cli::files::output_path;
use crate::cli::inputs::{Input, InputKind};
use std::collections::HashSet;
use std::ffi::OsString;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// The output stems taken so far under `--out`: a later input whose outputs would land on
/// the same files becomes an error instead of overwriting (e.g. `a/p.txt` and `b/p.txt`
/// given as files, or `p.txt` and `p.csv` in one folder).
#[derive(Debug)]
pub(super) enum Claims {
    /// Every stem, hashed: 8 bytes per input (inputs from several arguments can collide
    /// anywhere).
    All(HashSet<u64>),
    /// One folder given (the usual batch): two of its files collide only when they sit in
    /// the same subfolder with the same stem (`p.txt`, `p.htm`, `p`), and both names then
    /// start with that stem. The walk gives each folder's entries sorted by name, and the
    /// names starting with a given string come one after another, so only the stems that
    /// start the current name need keeping, for the folders on the current path. Memory
    /// stays bounded however many files the folder holds.
    OneFolder(Vec<(PathBuf, Vec<OsString>)>),
}

impl Claims {
    pub(super) fn for_inputs(inputs: &[PathBuf]) -> Claims {
        match inputs {
            [one] if one.as_os_str() != "-" && one.is_dir() => Claims::OneFolder(Vec::new()),
            _ => Claims::All(HashSet::new()),
        }
    }

    /// Reserves the input's output stem, or turns the input into an error naming the
    /// outputs it would overwrite.
    pub(super) fn claim(&mut self, out: &Path, input: &mut Input) {
        if matches!(input.what, InputKind::Bad(_)) || self.take(input) {
            return;
        }
        input.what = InputKind::Bad(InputErrorKind::OutputsTaken {
            outputs: output_path(out, &input.stem, "*"),
        });
    }

    /// Takes the input's stem; false when an earlier input has it.
    fn take(&mut self, input: &Input) -> bool {
        let open = match self {
            Claims::All(claimed) => {
                let mut hasher = DefaultHasher::new();
                input.stem.hash(&mut hasher);
                return claimed.insert(hasher.finish());
            }
            Claims::OneFolder(open) => open,
        };
        // A walk yields files, each with a name and a stem.
        let (InputKind::File(path), Some(stem)) = (&input.what, input.stem.file_name()) else {
            return true;
        };
        let Some(name) = path.file_name() else {
            return true;
        };
        let parent = input.stem.parent().unwrap_or(Path::new(""));
        // Leave the folders the walk is done with, enter this one.
        while open.last().is_some_and(|(p, _)| !parent.starts_with(p)) {
            open.pop();
        }
        if open.last().is_none_or(|(p, _)| p != parent) {
            open.push((parent.to_path_buf(), Vec::new()));
        }
        let stems = &mut open.last_mut().expect("just pushed").1;
        let name = name.as_encoded_bytes();
        stems.retain(|s| name.starts_with(s.as_encoded_bytes()));
        if stems.iter().any(|s| s == stem) {
            return false;
        }
        stems.push(stem.to_os_string());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::inputs::Inputs;
    use std::fs;

    /// Which inputs of a walk are refused as colliding, under the given claims.
    fn refused(claims: &mut Claims, inputs: &[Input]) -> Vec<String> {
        inputs
            .iter()
            .filter(|input| !matches!(input.what, InputKind::Bad(_)))
            .filter_map(|input| {
                let what = match &input.what {
                    InputKind::File(path) => InputKind::File(path.clone()),
                    _ => InputKind::Stdin,
                };
                let mut input = Input {
                    source: input.source.clone(),
                    what,
                    stem: input.stem.clone(),
                };
                claims.claim(Path::new("out"), &mut input);
                matches!(input.what, InputKind::Bad(_)).then_some(input.source)
            })
            .collect()
    }

    #[test]
    fn one_folder_claims_refuse_exactly_what_keeping_every_stem_refuses() {
        // Names made to collide: same stems with other extensions, names that start with
        // another's stem (`p-1`, `p.x.txt`), files without extension, a folder named like a
        // stem, nested folders, dot files.
        let names = [
            "p", "p.txt", "p-1.txt", "p.htm", "p.x.txt", "p.x", "p.", "p..txt", ".p", ".p.txt",
            "p", "q.txt", "pq.txt", "p0.txt", "a.txt",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut collisions = 0;
        for round in 0..40 {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("in");
            for _ in 0..25 {
                let folder = ["", "p", "p/p", "q", "p.x"][next(5)];
                let name = names[next(names.len())];
                let path = root.join(folder).join(name);
                if fs::create_dir_all(path.parent().unwrap()).is_ok() && !path.is_dir() {
                    let _ = fs::write(&path, "x");
                }
            }
            let args = vec![root.clone()];
            let inputs: Vec<Input> = Inputs::new(&args, "*", None).unwrap().collect();
            let mut one = Claims::for_inputs(&args);
            assert!(matches!(one, Claims::OneFolder(_)));
            let bounded = refused(&mut one, &inputs);
            let every = refused(&mut Claims::All(HashSet::new()), &inputs);
            assert_eq!(bounded, every, "round {round}");
            collisions += every.len();
            if let Claims::OneFolder(open) = &one {
                assert!(open.len() <= 4, "{open:?}");
            }
        }
        assert!(collisions > 40, "{collisions}");
    }
}
