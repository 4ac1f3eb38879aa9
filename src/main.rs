//! The `ocrclean` command: parses the arguments once, dispatches to [`cli::batch`] or
//! [`cli::verify`], and maps the outcome to the exit status:
//! 0 all ok, 1 some input failed (or `verify` found a mismatch), 2 usage or fatal error,
//! 130 interrupted by Ctrl-C.

mod cli;

use clap::{CommandFactory, Parser, Subcommand};
use cli::batch;
use cli::config::Config;
use cli::errors::RunError;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  ocrclean page.txt                      print the page as Markdown
  ocrclean --jsonl pages/ > pages.jsonl  one JSON document per page, in input order
  ocrclean --out clean/ pages/           clean/<same subfolders>/STEM.json .txt .md .tableN.csv
                                         and clean/ocrclean-report.jsonl
  ocrclean --out clean/ --resume pages/  convert only pages whose outputs are missing or old
  cat page.txt | ocrclean -              read stdin
  ocrclean --article --jsonl article7/   the page files of one article, assembled into one document
  ocrclean --encoding gbk --glob '*.htm' --out clean/ scraped/
  ocrclean verify fixtures/              compare with the *.expected.* files beside each page
  ocrclean verify --bless fixtures/      (re)write the expected files from the current output

Exit status: 0 all inputs ok, 1 some input failed (or verify found a difference),
2 usage or fatal error, 130 interrupted (Ctrl-C).";

/// Turn scraped, OCR-scanned pages of Chinese journal articles (CNKI mirror pages) into
/// clean text, Markdown, CSV tables and JSON.
#[derive(Parser, Debug)]
#[command(
    name = "ocrclean",
    version,
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    config: Config,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert every page (*.txt other than *.expected.*) in FIXTURES_DIR and compare the
    /// outputs with the STEM.expected.json/.txt/.md/.tableN.csv files beside it.
    #[command(
        after_help = "The JSON comparison ignores the `source` field (blessed files record \
the page's file name there). Exit status: 0 all match, 1 some page differs or fails, 2 the folder \
cannot be read."
    )]
    Verify {
        /// Write the expected files from the current output instead of comparing.
        #[arg(long)]
        bless: bool,
        /// The folder of fixture pages.
        #[arg(value_name = "FIXTURES_DIR")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Verify { bless, dir }) => verify(&dir, bless),
        None => convert(cli.config),
    }
}

fn convert(config: Config) -> ExitCode {
    if config.records {
        return records(&config);
    }
    if config.article {
        let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        return match cli::article::run(&config, &mut stdout) {
            Ok(status) => ExitCode::from(status),
            Err(e) => {
                eprintln!("ocrclean: {e}");
                ExitCode::from(2)
            }
        };
    }
    cli::files::install_interrupt_handler();
    // 64 KiB: a JSONL line is a few KB, so this is one write per dozens of pages.
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match batch::run(&config, &mut stdout) {
        Ok(summary) => ExitCode::from(summary.exit_status()),
        Err(RunError::Usage(msg)) => Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, msg)
            .exit(),
        Err(e) => {
            eprintln!("ocrclean: {e}");
            ExitCode::from(2)
        }
    }
}

/// `--records`: exit 0 when every record converted, 1 when some became error lines, 2 when
/// the stream itself could not be read or written.
fn records(config: &Config) -> ExitCode {
    let mut stdin = io::stdin().lock();
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match cli::records::run(&mut stdin, &mut stdout, &config.options(), config.jobs()) {
        Ok(summary) => {
            if !config.quiet && !summary.broken_pipe {
                eprintln!(
                    "ocrclean: {} records, {} ok, {} failed",
                    summary.records,
                    summary.records - summary.failed,
                    summary.failed
                );
            }
            ExitCode::from(u8::from(summary.failed > 0))
        }
        Err(e) => {
            eprintln!("ocrclean: {e}");
            ExitCode::from(2)
        }
    }
}

fn verify(dir: &std::path::Path, bless: bool) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let result = cli::verify::verify(dir, bless, &mut stdout);
    let _ = stdout.flush();
    match result {
        Ok(report) if report.all_match() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("ocrclean verify: {e}");
            ExitCode::from(2)
        }
    }
}
