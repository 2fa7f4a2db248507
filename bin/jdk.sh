# Sourced by bin/dev and .ci/run: makes JAVA_HOME point at a JDK 21 or newer when the current one is older.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}
current_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
if [ -z "$current_home" ] || [ "$(java_major "$current_home" 2>/dev/null || echo 0)" -lt 21 ]; then
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate" 2>/dev/null || echo 0)" -ge 21 ]; then
      current_home=$candidate
      break
    fi
  done
fi
export JAVA_HOME=$current_home
export PATH="$JAVA_HOME/bin:$PATH"
