#!/usr/bin/env bash
# Checks the ratios a benchmark run recorded ({part}.ratios.tsv in DIR, one line per ratio: name, value, goal,
# goal met, regression bound, verdict): exits 1 and names each ratio past its regression bound, or when
# there is no ratio at all. scripts/bench.sh --quick runs it on artifacts/bench-quick.
#
#   scripts/bench-check.sh DIR
set -euo pipefail

DIR=${1:?usage: bench-check.sh DIR}
shopt -s nullglob
files=("$DIR"/*.ratios.tsv)
if ((${#files[@]} == 0)) || [[ -z $(cat "${files[@]}") ]]; then
  echo "bench-check: FAILED: no ratio was recorded in $DIR" >&2
  exit 1
fi
regressed="$(awk -F'\t' 'NF > 0 && $6 != "ok" { printf "  %s: %s× (bound %s)\n", $1, $2, $5 }' "${files[@]}")"
if [[ -n $regressed ]]; then
  echo "bench-check: FAILED: ratios past their regression bound:" >&2
  echo "$regressed" >&2
  # The whole part that broke, so that a CI log alone shows which of its figures moved.
  while IFS= read -r file; do
    report="${file%.ratios.tsv}.md"
    if [[ -f $report ]]; then sed 's/^/    /' "$report" >&2; fi
  done < <(awk -F'\t' 'NF > 0 && $6 != "ok" { print FILENAME }' "${files[@]}" | sort -u)
  exit 1
fi
echo "bench-check: $(cat "${files[@]}" | grep -c .) ratios, every one within its bound"
