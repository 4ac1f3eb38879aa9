//! Text primitives of `ocrclean`, shared with its page generator so that both measure and
//! classify characters the same way.
//!
//! Nothing here knows about pages, passes or stages: these are functions of characters and
//! short strings. The pipeline's stages (in the `ocrclean` crate) build on them; this crate
//! never imports a stage.
//!
//! | module | what it owns |
//! |---|---|
//! | [`class`] | character classes: CJK, ideograph, sentence end, footnote mark |
//! | [`width`] | printed widths in CJK units (the one `char_width`) |
//! | [`space`] | which spaces are Latin word spaces and which are layout; joining spaced text |
//! | [`markers`] | recognisers of printed lines: table captions, table notes, footnote starts, sentence ends |
//! | [`distance`] | the edit distances and near-equalities the stages compare readings with |
//! | [`hash`] | fast hashers for small internal maps |

pub mod class;
pub mod distance;
pub mod hash;
pub mod markers;
pub mod space;
pub mod width;

pub use class::{is_cjk, is_footnote_mark, is_ideograph, is_terminal};
pub use width::char_width;
