#!/usr/bin/env bash
# Throughput, scaling and memory of ocrclean, measured in one run (issue 4).
#
#   scripts/bench.sh                 # 20,000 generated pages, median of 3 runs
#   N=100000 scripts/bench.sh        # 100,000 pages (memory must not grow with the batch)
#   N="20000 100000" scripts/bench.sh  # both batch sizes in one run, peak RSS compared
#   scripts/bench.sh 5000            # N as an argument
#
# Settings (environment): N (pages, default 20000), RUNS (runs per figure, default 3; the
# median is reported), JOBS (the "all cores" job count, default nproc), KEEP=1 (keep the
# temporary folder), CARGO (default cargo).
#
# What it does: generates N pages with the page generator into a temporary folder
# (`gen_pages`, in folders of 10,000), builds ocrclean in release, then times, runs
# interleaved so that machine noise hits every figure alike:
#   - cat of all pages to /dev/null: the I/O floor (page cache warm, as for the others);
#   - cp -r of the page folder: the file-creation floor that --out stands on (one new file
#     per page, where --out writes 3-4 through a temporary name and a rename);
#   - ocrclean --jsonl --jobs 1 DIR > /dev/null;
#   - ocrclean --jsonl --jobs JOBS DIR > /dev/null;
#   - ocrclean --out OUT --jobs JOBS DIR (writes 3-4 files per page);
# and reports wall time, pages/s, MB/s of input, the ratio to the cat floor, the speed-up
# from 1 to JOBS jobs, the peak RSS and the CPU time (from /usr/bin/time -v when it is
# installed).
# Then, with examples/throughput (no file I/O, one thread): MB/s of the whole pipeline on
# the generated pages and on the sample page, and the cost per page at 1×, 4× and 16× the
# default page length. Last, the issue's targets, each marked ok or MISSED.
#
# Needs only bash, coreutils and cargo; /usr/bin/time is optional (without it no RSS).
# Nothing is fetched at run time beyond what cargo needs to build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO="${CARGO:-cargo}"
NS="${1:-${N:-20000}}"
RUNS="${RUNS:-3}"
CORES="$(nproc 2>/dev/null || echo 1)"
JOBS="${JOBS:-$CORES}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
PER_FOLDER=10000

for n in $NS; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: N must be a positive number, got '$n'" >&2; exit 2; }
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: RUNS must be a positive number" >&2; exit 2; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ocrclean-bench.XXXXXX")"
cleanup() {
    if [[ "${KEEP:-0}" == 1 ]]; then
        echo "kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT

# ---- arithmetic without awk or bc: integers, printed with decimals -------------------

# fixed NUM DEN [DECIMALS]: NUM/DEN rounded, with DECIMALS (default 1) decimals.
fixed() {
    local num=$1 den=$2 dec=${3:-1} scale=1 i q
    for ((i = 0; i < dec; i++)); do scale=$((scale * 10)); done
    ((den > 0)) || { printf 'inf'; return; }
    q=$(((num * scale + den / 2) / den))
    if ((dec > 0)); then
        printf '%d.%0*d' $((q / scale)) "$dec" $((q % scale))
    else
        printf '%d' "$q"
    fi
}

# hundredths "34.38" -> 3438 (a figure printed with two decimals).
hundredths() {
    local int=${1%.*} frac=${1#*.}
    frac=${frac}00
    echo $((10#$int * 100 + 10#${frac:0:2}))
}

now_ns() { date +%s%N; }

# median of integers
median() {
    local sorted
    mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
    local n=${#sorted[@]}
    if ((n % 2)); then
        echo "${sorted[n / 2]}"
    else
        echo $(((sorted[n / 2 - 1] + sorted[n / 2]) / 2))
    fi
}

HAVE_TIME=0
if [[ -x /usr/bin/time ]] && /usr/bin/time -v -o /dev/null true 2>/dev/null; then
    HAVE_TIME=1
fi

# run_timed NAME CMD...: runs CMD (stdout to /dev/null), appends the wall ms to
# MS_<NAME> and the peak RSS (KB) to RSS_<NAME>. Exit status 0 or 1 (some page failed)
# are fine; anything else stops the script.
run_timed() {
    local name=$1
    shift
    local log="$TMP/time.log" start end status=0
    start=$(now_ns)
    local measure_rss=$HAVE_TIME
    if declare -F "$1" >/dev/null; then measure_rss=0; fi # a shell function (cat_pages)
    : >"$log"
    if ((measure_rss)); then
        /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$TMP/stderr.log" || status=$?
    else
        "$@" >/dev/null 2>"$TMP/stderr.log" || status=$?
    fi
    end=$(now_ns)
    if ((status > 1)); then
        echo "bench.sh: '$*' failed (exit $status):" >&2
        tail -n 5 "$TMP/stderr.log" >&2
        exit 1
    fi
    local ms=$(((end - start) / 1000000))
    ((ms > 0)) || ms=1
    eval "MS_$name+=($ms)"
    local rss=0 cpu=0 key value
    if ((measure_rss)); then
        while IFS=: read -r key value; do
            case "$key" in
                *"Maximum resident set size"*) rss=${value//[^0-9]/} ;;
                *"User time (seconds)"* | *"System time (seconds)"*)
                    cpu=$((cpu + $(hundredths "${value// /}"))) ;;
            esac
        done <"$log"
    fi
    eval "RSS_$name+=($rss)"
    eval "CPU_$name+=($cpu)"
}

cat_pages() {
    local dir
    for dir in "$1"/part_*; do
        cat "$dir"/*.txt
    done
}

# ---- build ----------------------------------------------------------------------------

echo "building (release)…" >&2
(cd "$ROOT" && "$CARGO" build --quiet --release -p ocrclean --bin ocrclean --example throughput)
(cd "$ROOT" && "$CARGO" build --quiet --release -p ocrclean-synth --bin gen_pages)
OCRCLEAN="$TARGET/release/ocrclean"
THROUGHPUT="$TARGET/release/examples/throughput"

CPU="$(while IFS=: read -r key value; do
    if [[ "$key" == "model name"* ]]; then echo "${value# }"; break; fi
done </proc/cpuinfo 2>/dev/null || true)"
echo
echo "machine: $CORES cores (nproc), ${CPU:-unknown CPU}; $(uname -sr)"
echo "figures: median of $RUNS runs, all measured in this run; 'all cores' = --jobs $JOBS"

declare -A PEAK_RSS
declare -a RESULTS_SUMMARY=()
TARGETS=()

target() { # target OK|MISSED "text"
    TARGETS+=("$(printf '%-6s %s' "$1" "$2")")
}

# ---- batch runs, per N ----------------------------------------------------------------

for n in $NS; do
    PAGES="$TMP/pages_$n"
    echo "generating $n pages…" >&2
    folders=$(((n + PER_FOLDER - 1) / PER_FOLDER))
    for ((f = 0; f < folders; f++)); do
        count=$PER_FOLDER
        ((f == folders - 1)) && count=$((n - f * PER_FOLDER))
        (cd "$ROOT" && "$CARGO" run --quiet --release -p ocrclean-synth --bin gen_pages -- \
            "$PAGES/part_$(printf '%03d' "$f")" "$count" $((f * PER_FOLDER)))
    done
    BYTES=$(cat_pages "$PAGES" | wc -c)
    cat_pages "$PAGES" >/dev/null # warm the page cache for every contender alike

    MS_cat=() MS_cp=() MS_j1=() MS_jn=() MS_out=()
    RSS_cat=() RSS_cp=() RSS_j1=() RSS_jn=() RSS_out=()
    CPU_cat=() CPU_cp=() CPU_j1=() CPU_jn=() CPU_out=()
    for ((r = 1; r <= RUNS; r++)); do
        echo "run $r of $RUNS ($n pages)…" >&2
        run_timed cat cat_pages "$PAGES"
        run_timed cp cp -r "$PAGES" "$TMP/copy_${n}_$r"
        run_timed j1 "$OCRCLEAN" --jsonl --quiet --jobs 1 "$PAGES"
        run_timed jn "$OCRCLEAN" --jsonl --quiet --jobs "$JOBS" "$PAGES"
        run_timed out "$OCRCLEAN" --out "$TMP/out_${n}_$r" --quiet --jobs "$JOBS" "$PAGES"
    done
    # The --out folders hold 3-4 files per page: removed only now, so that deleting
    # them does not weigh on the timed runs.
    rm -rf "$TMP"/out_"${n}"_* "$TMP"/copy_"${n}"_*

    cat_ms=$(median "${MS_cat[@]}")
    echo
    echo "$n pages, $(fixed "$BYTES" 1000000 1) MB of input ($((BYTES / n)) B/page)"
    printf '%-26s %9s %10s %9s %8s %13s %7s\n' "command" "wall s" "pages/s" "MB/s" "× cat" "peak RSS MB" "CPU s"
    for name in cat cp j1 jn out; do
        case $name in
            cat) label="cat (I/O floor)" ;;
            cp) label="cp -r (file creation)" ;;
            j1) label="--jsonl --jobs 1" ;;
            jn) label="--jsonl --jobs $JOBS" ;;
            out) label="--out DIR --jobs $JOBS" ;;
        esac
        eval "ms=\$(median \"\${MS_$name[@]}\")"
        eval "rss=\$(printf '%s\n' \"\${RSS_$name[@]}\" | sort -n | tail -n 1)"
        eval "cpu=\$(median \"\${CPU_$name[@]}\")"
        rss_text="-" cpu_text="-"
        if ((HAVE_TIME)) && [[ $name != cat && $name != cp ]]; then
            rss_text=$(fixed "$rss" 1024 1)
            cpu_text=$(fixed "$cpu" 100 2)
        fi
        printf '%-26s %9s %10s %9s %8s %13s %7s\n' "$label" "$(fixed "$ms" 1000 2)" \
            "$(fixed $((n * 1000)) "$ms" 0)" "$(fixed "$BYTES" $((ms * 1000)) 1)" \
            "$(fixed "$ms" "$cat_ms" 2)" "$rss_text" "$cpu_text"
        eval "MED_$name=$ms"
        eval "PEAK_$name=$rss"
    done
    speedup=$(fixed "$MED_j1" "$MED_jn" 2)
    echo "speed-up from 1 to $JOBS jobs (--jsonl): ${speedup}×"
    echo "(CPU s = user + system time of the process: when it is close for 1 and $JOBS jobs but the"
    echo " speed-up is low, other work was holding the cores; rerun on a quiet machine)"
    peak=$PEAK_j1
    for v in $PEAK_jn $PEAK_out; do ((v > peak)) && peak=$v; done
    PEAK_RSS[$n]=$peak

    mbs_x10=$(((BYTES * 10 + MED_j1 * 500) / (MED_j1 * 1000)))
    if ((mbs_x10 >= 400)); then ok=ok; else ok=MISSED; fi
    target $ok "--jsonl, 1 job, $n pages: $(fixed "$BYTES" $((MED_j1 * 1000)) 1) MB/s (target ≥ 40)"
    if ((JOBS > 1)); then
        if ((MED_j1 * 100 >= MED_jn * 170)); then ok=ok; else ok=MISSED; fi
        target $ok "--jsonl, $JOBS jobs vs 1, $n pages: ${speedup}× faster (target ≥ 1.7×)"
    fi
    if ((MED_jn <= 10 * cat_ms)); then ok=ok; else ok=MISSED; fi
    target $ok "--jsonl, $JOBS jobs, $n pages: $(fixed "$MED_jn" "$cat_ms" 1)× the cat floor (target ≤ 10×)"
    if ((HAVE_TIME)); then
        if ((peak < 100 * 1024)); then ok=ok; else ok=MISSED; fi
        target $ok "peak RSS, $n pages: $(fixed "$peak" 1024 1) MB (target < 100 MB)"
    fi
    RESULTS_SUMMARY+=("$n")
    rm -rf "$PAGES"
done

if ((HAVE_TIME)) && ((${#RESULTS_SUMMARY[@]} > 1)); then
    first=${RESULTS_SUMMARY[0]}
    for n in "${RESULTS_SUMMARY[@]:1}"; do
        if ((PEAK_RSS[$n] <= PEAK_RSS[$first] * 11 / 10)); then ok=ok; else ok=MISSED; fi
        target $ok "peak RSS $n pages vs $first: $(fixed "${PEAK_RSS[$n]}" 1024 1) vs $(fixed "${PEAK_RSS[$first]}" 1024 1) MB (target: no higher, 10% slack)"
    done
fi
if ((!HAVE_TIME)); then
    echo "(no /usr/bin/time: peak RSS not measured)"
fi

# ---- in memory, one thread ------------------------------------------------------------

kv() { # kv KEY LINE: the value of KEY=… in a key=value line
    local pair
    for pair in $2; do
        if [[ "$pair" == "$1="* ]]; then echo "${pair#*=}"; return; fi
    done
}

echo
echo "in memory, one thread (examples/throughput: convert only, no file I/O)"
echo "median of $RUNS runs, the lengths interleaved so that machine noise hits them alike"
MEM_GEN=() MEM_SAMPLE=()
declare -A US_RUNS BPP
for ((r = 1; r <= RUNS; r++)); do
    line=$("$THROUGHPUT" --synth 2000 --secs 1 | tail -n 1)
    MEM_GEN+=("$(hundredths "$(kv mb_s "$line")")")
    gen_bytes=$(kv bytes "$line")
    line=$("$THROUGHPUT" "$ROOT/fixtures/000_a449235f6b97e50b.txt" --secs 1 | tail -n 1)
    MEM_SAMPLE+=("$(hundredths "$(kv mb_s "$line")")")
    for scale in 1 4 16; do
        line=$("$THROUGHPUT" --synth $((1600 / scale)) --scale "$scale" --secs 1 | tail -n 1)
        US_RUNS[$scale]+=" $(hundredths "$(kv us_page "$line")")"
        BPP[$scale]=$(($(kv bytes "$line") / $(kv pages "$line")))
    done
done
mem=$(median "${MEM_GEN[@]}")
sample=$(median "${MEM_SAMPLE[@]}")
echo "  2,000 generated pages ($gen_bytes bytes): $(fixed "$mem" 100 1) MB/s"
echo "  the sample page (7,745 bytes):  $(fixed "$sample" 100 1) MB/s"
if ((mem >= 5000)); then ok=ok; else ok=MISSED; fi
target $ok "in memory, one thread, generated pages: $(fixed "$mem" 100 1) MB/s (target ≥ 50; sample page: $(fixed "$sample" 100 1))"

echo
echo "page length (in memory, one thread; 1,600 pages' worth of input at each length)"
printf '  %-7s %12s %10s %8s\n' "length" "bytes/page" "µs/page" "MB/s"
declare -A US
for scale in 1 4 16; do
    # shellcheck disable=SC2086 # a list of numbers
    US[$scale]=$(median ${US_RUNS[$scale]})
    printf '  %-7s %12s %10s %8s\n' "${scale}×" "${BPP[$scale]}" "$(fixed "${US[$scale]}" 100 1)" \
        "$(fixed $((BPP[$scale] * 100)) "${US[$scale]}" 1)"
done
us1=${US[1]}
us16=${US[16]}
time_ratio=$(fixed "$us16" "$us1" 1)
byte_ratio=$(fixed "${BPP[16]}" "${BPP[1]}" 1)
# A page 16× as long: 16 × the cost per byte at 16× / the cost per byte at 1×.
per_byte=$(((us16 * BPP[1] * 1000 + us1 * BPP[16] / 2) / (us1 * BPP[16])))
echo "  16× vs 1×: ${time_ratio}× the time for ${byte_ratio}× the bytes; cost per byte $(fixed "$per_byte" 1000 2)×"
if ((per_byte * 16 <= 20 * 1000)); then ok=ok; else ok=MISSED; fi
target $ok "a 16× page costs $(fixed $((per_byte * 16)) 1000 1)× a 1× page's time (target ≤ 20×)"

echo
echo "targets (issue 4):"
printf '  %s\n' "${TARGETS[@]}"
