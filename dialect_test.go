package main

import "github.com/noirbot/noirbot/vclient/vclienttest"

// testAPIVersion is the dialect the root package's system suites run in (emulator and
// valentina.api_version alike): $NOIRBOT_TEST_API_VERSION, v2 when unset. `make test` runs
// the package in both.
func testAPIVersion() vclienttest.APIVersion { return vclienttest.TestAPIVersion() }

// otherDialect is the API generation the suite does not run in.
func otherDialect() vclienttest.APIVersion {
	if testAPIVersion() == vclienttest.V1 {
		return vclienttest.V2
	}
	return vclienttest.V1
}

// byDialect is v2 or v1, whichever dialect the suite runs in.
func byDialect(v2, v1 string) string {
	if testAPIVersion() == vclienttest.V1 {
		return v1
	}
	return v2
}
