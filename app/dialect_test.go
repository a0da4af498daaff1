package app

import (
	"strings"

	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// testAPIVersion is the dialect this package's system suites run in (emulator and
// valentina.api_version alike): $NOIRBOT_TEST_API_VERSION, v2 when unset. `make test` runs
// the package in both.
func testAPIVersion() vclienttest.APIVersion { return vclienttest.TestAPIVersion() }

// byDialect is v2 or v1, whichever dialect the suite runs in.
func byDialect(v2, v1 string) string {
	if testAPIVersion() == vclienttest.V1 {
		return v1
	}
	return v2
}

// shown is the name the bot shows for a sandbox user: the username in v2 (the sandbox derives
// it from the first name in lower case), the name in v1.
func shown(name string) string {
	if testAPIVersion() == vclienttest.V1 {
		return name
	}
	return strings.ToLower(name)
}
