package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEmulatorServesTheChosenAPIVersion(t *testing.T) {
	done, cancel := context.WithCancel(t.Context())
	cancel() // serve, print the banner, stop at once
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Valentina emulator (API v2)"},
		{[]string{"-api-version", "v1"}, "Valentina emulator (API v1)"},
	} {
		var out, errOut bytes.Buffer
		code := cmdEmulator(done, append([]string{"-addr", "127.0.0.1:0"}, tc.args...), &out, &errOut)
		assert.Equal(t, 0, code, errOut.String())
		assert.Contains(t, out.String(), tc.want)
	}

	var out, errOut bytes.Buffer
	assert.Equal(t, 2, cmdEmulator(done, []string{"-api-version", "v3"}, &out, &errOut))
	assert.Contains(t, errOut.String(), `unknown API version "v3"`)

	code, _, errText := runCLI(t, nil, "emulator", "-h")
	assert.Equal(t, 0, code)
	assert.Contains(t, errText, "-api-version")
}
