# Sourced by the benchmark scripts: each writes its own section of RESULTS.md and leaves the
# others' alone. A section sits between the lines `<!-- begin NAME -->` and `<!-- end NAME -->`
# (NAME: the script, e.g. bench/run.sh); a section not there yet is appended.

# write_section RESULTS_FILE NAME CONTENT_FILE
write_section() {
  local file=$1 name=$2 content=$3
  local begin="<!-- begin $name -->" end="<!-- end $name -->"
  if [[ ! -f $file ]]; then
    printf '# Benchmark results\n\nEach section is written by the script it names; see README.md for what they measure.\n' >"$file"
  fi
  if grep -qxF "$begin" "$file"; then
    awk -v b="$begin" -v e="$end" -v c="$content" '
      $0 == b { print; while ((getline line < c) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }' "$file" >"$file.tmp"
  else
    { cat "$file"; echo; echo "$begin"; cat "$content"; echo "$end"; } >"$file.tmp"
  fi
  mv "$file.tmp" "$file"
}
