# Sourced by ./loupe and ./test: sets JAVA_HOME to a JDK of version 21 or newer.
# Order: $JAVA_HOME, then /usr/lib/jvm/temurin-25-jdk-amd64, then `java` on the PATH.

loupe_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

loupe_find_jdk() {
  local candidates=() candidate major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=("/usr/lib/jvm/temurin-25-jdk-amd64")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(loupe_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "loupe: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64" >&2
  echo "       and the java on the PATH). Install a JDK 21+ (Eclipse Temurin, or your" >&2
  echo "       distribution's openjdk-21-jdk or newer) and point JAVA_HOME at it." >&2
  return 1
}
