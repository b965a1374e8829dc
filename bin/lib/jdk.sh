# Sourced by the scripts in bin/: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: JAVA_HOME if it is new enough, else the newest JDK under the usual folders.

KRONOTOP_MIN_JAVA=25

# Prints the feature version (17, 21, 25, ...) of the JDK in folder $1, or nothing.
kronotop_jdk_feature() {
    local home=$1 version=""
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
    if [ -f "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
    fi
    if [ -z "$version" ]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    version=${version#1.}
    printf '%s\n' "${version%%[.+-]*}"
}

kronotop_find_jdk() {
    local feature best="" best_feature=0 dir
    if [ -n "${JAVA_HOME:-}" ]; then
        feature=$(kronotop_jdk_feature "$JAVA_HOME")
        if [ -n "$feature" ] && [ "$feature" -ge "$KRONOTOP_MIN_JAVA" ]; then
            export JAVA_HOME
            return 0
        fi
    fi
    for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/*; do
        [ -d "$dir" ] && [ ! -L "$dir" ] || continue
        feature=$(kronotop_jdk_feature "$dir")
        [ -n "$feature" ] || continue
        if [ "$feature" -gt "$best_feature" ]; then
            best=$dir
            best_feature=$feature
        fi
    done
    if [ -z "$best" ] || [ "$best_feature" -lt "$KRONOTOP_MIN_JAVA" ]; then
        echo "kronotop: needs a JDK $KRONOTOP_MIN_JAVA or newer, and found none." >&2
        echo "  JAVA_HOME=${JAVA_HOME:-<unset>}; searched /usr/lib/jvm, /usr/java, /opt/java, ~/.jdks, ~/.sdkman." >&2
        echo "  Install one (for example Debian's or Temurin's JDK 25) or point JAVA_HOME at it." >&2
        return 1
    fi
    export JAVA_HOME=$best
}
