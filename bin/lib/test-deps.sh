# Sourced by bin/test: installs, from Debian's packages, the programs the tests drive
# (redis-cli for the CLI tests, redis-server and redis-benchmark for side-by-side runs).

kronotop_install_test_deps() {
    local missing=()
    command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "kronotop: tests need ${missing[*]}; install them (Debian: apt-get install ${missing[*]})." >&2
        return 1
    fi
    echo "kronotop: installing ${missing[*]} from Debian's packages" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The package starts a redis-server on 6379; the tests start their own on free ports.
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
    if [ -x /etc/init.d/redis-server ]; then /etc/init.d/redis-server stop >/dev/null 2>&1 || true; fi
}
