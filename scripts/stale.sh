# Sourced by ./updraft and benchmarks/run: decides what needs a rebuild.

# stale MARKER PATH...: true when MARKER is missing or any file under PATH is newer.
stale() {
  local marker=$1; shift
  [ ! -f "$marker" ] || [ -n "$(find "$@" -newer "$marker" -type f -print -quit 2>/dev/null)" ]
}

# service_stale MODULE: true when the service's runner jar is older than its sources or shared-model's.
service_stale() {
  stale "$1/target/quarkus-app/quarkus-run.jar" "$1/src/main" "$1/pom.xml" \
    shared-model/src/main shared-model/pom.xml pom.xml
}
