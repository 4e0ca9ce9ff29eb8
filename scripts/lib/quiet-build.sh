# shellcheck shell=bash
# Sourced by scripts/natter and scripts/install: builds the release binary, .build/release/natter, quietly.
# A first build prints about a thousand lines of compiler output, which buried natter's own first screen (issue
# 29); the output goes to a log instead, and only a failed build's errors are shown.
# Run from the checkout's top folder. Returns non-zero, after showing the errors, when the build fails.

natter_quiet_build() {
    # Absolute, since the message naming it is read from wherever the script was started.
    local log=$PWD/.build/natter-build.log
    bash scripts/ensure-system-packages
    mkdir -p .build
    # Measured on this project's 2-core machine (12.5 minutes on 7 December: the dependencies, SwiftNIO and swift-crypto among them, are
    # compiled too); a later build recompiles only what changed and takes seconds.
    if [ -x .build/release/natter ]; then
        echo "natter: building..." >&2
    else
        echo "natter: building (the first build takes about 12 minutes on 2 cores, most of it the dependencies)..." >&2
    fi
    if swift build -c release --product natter >"$log" 2>&1; then
        return 0
    fi
    echo "natter: the build failed (the whole output is in $log):" >&2
    # The compiler's and the linker's errors with a few lines of the source they point at; a failure that names
    # no error (the package's dependencies could not be fetched, say) shows the end of the log instead.
    if grep -q 'error:' "$log"; then
        grep -A 4 'error:' "$log" | head -n 60 >&2
    else
        tail -n 30 "$log" >&2
    fi
    return 1
}
