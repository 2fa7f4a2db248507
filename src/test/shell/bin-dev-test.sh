#!/usr/bin/env bash
# Checks bin/dev against a stand-in mvn: an old Maven that colours its output, a local repository
# that is not $HOME/.m2 (chosen by -Dmaven.repo.local), and the options passed through.
# Run from the project folder: src/test/shell/bin-dev-test.sh [path of the bin/dev to check]
set -euo pipefail
project=$(pwd)
script=${1:-$project/bin/dev}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project/bin" "$work/fake" "$work/home"
cp "$script" "$work/project/bin/dev"
cp -r "$project/bin/jdk.sh" "$project/bin/qute-debug-stub" "$work/project/bin/"
qute_core=${QUTE_CORE_JAR:-$(find "$HOME/.m2/repository/io/quarkus/qute/qute-core/3.33.2" -name 'qute-core-3.33.2.jar' | head -1)}
repo="$work/elsewhere/repository"

cat >"$work/fake/mvn" <<FAKE
#!/usr/bin/env bash
echo "\$*" >>"$work/calls"
case " \$* " in
  *" -v "*) printf '\033[1mApache Maven 3.8.7\033[m\nMaven home: /usr/share/maven\n' ;;
  *" help:evaluate "*) case "\$*" in *-Dmaven.repo.local=$repo*) printf '%s\033[0m\033[0m' "$repo" ;; *) printf '%s' "$work/home/.m2/repository" ;; esac ;;
  *" dependency:unpack "*) mkdir -p target/tools/apache-maven-3.9.16/bin && cp "\$0" target/tools/apache-maven-3.9.16/bin/mvn ;;
  *" dependency:get "*) mkdir -p "$repo/io/quarkus/qute/qute-core/3.33.2" && cp "$qute_core" "$repo/io/quarkus/qute/qute-core/3.33.2/" ;;
  *" install:install-file "*) mkdir -p "$repo/io/quarkus/qute/qute-debug/3.33.2" && touch "$repo/io/quarkus/qute/qute-debug/3.33.2/qute-debug-3.33.2.jar" ;;
esac
FAKE
chmod +x "$work/fake/mvn"

out=$(cd "$work/project" && HOME="$work/home" PATH="$work/fake:$PATH" bin/dev -Dmaven.repo.local="$repo" -Dquarkus.http.port=8090 2>&1) || {
  echo "FAIL: bin/dev exited with an error:"; echo "$out"; exit 1; }
fail=0
check() { if ! grep -qF -- "$2" "$3"; then echo "FAIL: $1"; fail=1; fi; }
echo "$out" >"$work/out"
check "names the old version" "Maven 3.8.7 is older than 3.9" "$work/out"
check "installs the stand-in in the chosen repository" "install:install-file" "$work/calls"
check "passes the repository to every Maven run" "-Dmaven.repo.local=$repo -Dquarkus.http.port=8090 install:install-file" "$work/calls"
check "runs dev mode on that repository with the user's options" "-Dmaven.repo.local=$repo quarkus:dev -Dmaven.repo.local=$repo -Dquarkus.http.port=8090" "$work/calls"
[ -f "$repo/io/quarkus/qute/qute-debug/3.33.2/qute-debug-3.33.2.jar" ] || { echo "FAIL: no stand-in in $repo"; fail=1; }
[ ! -e "$work/home/.m2" ] || { echo "FAIL: wrote into \$HOME/.m2"; fail=1; }
if [ $fail = 0 ]; then echo "bin/dev: OK"; else echo "--- output"; cat "$work/out"; echo "--- mvn calls"; cat "$work/calls"; exit 1; fi
