# SPDX-License-Identifier: Apache-2.0
# Sums a GNU ld map's kept input sections by origin: attnkit (libattnkit.a members) and runtime
# (libgcc, libm, libc); prints "lib_text lib_data lib_bss rt_text". .rodata counts as text.
function hex(s,   i, c, v) {
  v = 0; s = tolower(s); sub(/^0x/, "", s)
  for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); v = v * 16 + c - 1 }
  return v
}
function add(name, size, file,   kind) {
  kind = name ~ /^\.(text|rodata)/ ? "text" : name ~ /^\.data/ ? "data" : name ~ /^(\.bss|COMMON)/ ? "bss" : ""
  if (kind == "" || size == 0) return
  if (file ~ /libattnkit\.a\(/) lib[kind] += size
  else if (file ~ /\/lib[a-z_]+\.a\(/ && kind == "text") rt += size
}
/^Linker script and memory map/ { on = 1; next }
!on { next }
/^ (\.|COMMON)[^ ]*$/ { pending = $1; next }
/^ (\.|COMMON)[^ ]* +0x[0-9a-f]+ +0x[0-9a-f]+ / { add($1, hex($3), $4); pending = ""; next }
/^ +0x[0-9a-f]+ +0x[0-9a-f]+ / && pending != "" { add(pending, hex($2), $3); pending = ""; next }
{ pending = "" }
END { printf "%d %d %d %d\n", lib["text"], lib["data"], lib["bss"], rt }
