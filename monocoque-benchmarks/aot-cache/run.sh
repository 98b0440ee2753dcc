#!/usr/bin/env bash
# Start-up time and first-message latency of the sample (monocoque-samples) with and without a
# JDK 25 AOT cache (JEP 483/514: -XX:AOTCacheOutput training run, then -XX:AOTCache), and with and
# without Spring AOT. Needs the packaged sample (mvn -pl monocoque-samples -am -DskipTests package),
# a JDK 25 (JAVA, default Temurin 25) and /usr/bin/python3 with pyzmq. Prints one line per run:
# the configuration and startup.py's JSON. N rounds (default 5); in each round the configurations
# take turns, so that the load of a shared machine falls on all of them alike.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=${JAR:-$here/../../monocoque-samples/target/monocoque-samples.jar}
N=${N:-5}
work="$here/../target/aot-cache"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
# Spring Boot's recommended layout for CDS/AOT caches: the jar extracted, classes on a plain class path
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination app >/dev/null
X=app/monocoque-samples.jar
run() { /usr/bin/python3 "$here/startup.py" "$@"; }
# training runs: the measured workload itself (start, two requests, SIGTERM); the JVM writes the cache at exit
run "$JAVA" "$X" -XX:AOTCacheOutput=app.aot > /dev/null
run "$JAVA" "$X" -Dspring.aot.enabled=true -XX:AOTCacheOutput=app-springaot.aot > /dev/null
ls -l app.aot app-springaot.aot >&2
for i in $(seq "$N"); do
  echo "fatjar $(run "$JAVA" "$JAR")"
  echo "extracted $(run "$JAVA" "$X")"
  echo "extracted+aotcache $(run "$JAVA" "$X" -XX:AOTCache=app.aot)"
  echo "extracted+springaot $(run "$JAVA" "$X" -Dspring.aot.enabled=true)"
  echo "extracted+springaot+aotcache $(run "$JAVA" "$X" -Dspring.aot.enabled=true -XX:AOTCache=app-springaot.aot)"
done
