# Sourced by ./updraft and .ci/run: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already set; otherwise uses the default java when it is new enough,
# else the newest JDK under /usr/lib/jvm.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME
    return 0
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir/bin/java")
    if [ "${major:-0}" -gt "$best_major" ] 2>/dev/null; then
      best=$dir best_major=$major
    fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "updraft: no JDK 21 or newer found; install one or set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME=$best
}
