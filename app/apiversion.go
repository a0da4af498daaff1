package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/noirbot/noirbot/vclient"
)

// Bounds of the API generation probe (SPEC §11.1): at start-up it may hold `noirbot run` back
// this long; from /readyz it runs for at most readyProbeTimeout, so a readiness check stays short.
const (
	startupProbeTimeout = 5 * time.Second
	readyProbeTimeout   = 2 * time.Second
)

// versionCheck knows whether the API speaks the generation valentina.api_version names. It
// probes once at start-up; when the API did not answer, each later /readyz check probes again
// (one probe at a time) until a probe gives an answer. Interactions never probe.
type versionCheck struct {
	api  *vclient.Client
	want vclient.APIVersion
	log  *slog.Logger

	busy atomic.Bool // a probe is running
	mu   sync.Mutex
	got  vclient.APIVersion // "" while unknown
	// reported says the mismatch with got was logged (once per generation found).
	reported vclient.APIVersion
}

// errProbeBusy says another probe is running; its answer will be recorded.
var errProbeBusy = errors.New("an API generation probe is already running")

// probe asks the API once, within timeout, and records the answer: the generation the API
// speaks, or an error when it did not say (errProbeBusy when another probe was running). The
// first probe that finds a mismatch logs it as one error line naming the key and the value.
func (v *versionCheck) probe(ctx context.Context, timeout time.Duration) (vclient.APIVersion, error) {
	if !v.busy.CompareAndSwap(false, true) {
		return "", errProbeBusy
	}
	defer v.busy.Store(false)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	got, err := v.api.DetectAPIVersion(ctx)
	if err != nil {
		return "", err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.got = got
	if got != v.want && v.reported != got {
		v.reported = got
		v.log.Error(mismatchMessage(v.want, got), "key", "valentina.api_version",
			"configured", string(v.want), "detected", string(got))
	}
	return got, nil
}

// mismatch is the /readyz reason while the API speaks another generation ("" otherwise). An
// unknown generation is retried here, bounded by readyProbeTimeout.
func (v *versionCheck) mismatch(ctx context.Context) string {
	v.mu.Lock()
	got := v.got
	v.mu.Unlock()
	if got == "" {
		var err error
		if got, err = v.probe(ctx, readyProbeTimeout); err != nil && !errors.Is(err, errProbeBusy) {
			v.log.Debug("the API generation is still unknown", "err", err)
		}
	}
	if got == "" || got == v.want {
		return ""
	}
	return mismatchMessage(v.want, got)
}

// mismatchMessage names the key and the value to set.
func mismatchMessage(want, got vclient.APIVersion) string {
	return fmt.Sprintf("valentina.api_version is %q but the API speaks %s: set api_version = %q in [valentina] (or NOIRBOT_VALENTINA_API_VERSION=%s)",
		string(want), got, string(got), got)
}
