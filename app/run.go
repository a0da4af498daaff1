package app

import (
	"context"
	"time"

	"github.com/noirbot/noirbot/bot"
)

// shutdownSlack is what shutdown has beyond the grace for in-flight interactions: the final
// edits and closing.
const shutdownSlack = 5 * time.Second

// shutdownBudget bounds the whole graceful shutdown: 10 s for in-flight interactions plus the
// final edits and closing. Orchestrators must wait longer before killing the process
// (docker stop -t 20, compose stop_grace_period: 20s).
const shutdownBudget = bot.DefaultShutdownGrace + shutdownSlack

// Run checks the API's generation, starts the app, serves until ctx is cancelled, then shuts
// down gracefully. It returns the process exit code: 2 when the API speaks another generation
// than valentina.api_version (a configuration error), 1 when the app could not start.
func (a *App) Run(ctx context.Context) int {
	if !a.checkAPIVersion(ctx) {
		_ = a.store.Close()
		return 2
	}
	if err := a.start(); err != nil {
		a.log.Error("cannot start", "err", err)
		a.stop()
		return 1
	}
	<-ctx.Done()
	a.log.Info("stopping: in-flight interactions get up to the grace period; a second signal ends at once",
		"cause", context.Cause(ctx).Error(), "grace", a.shutdownGrace)
	a.stop()
	return 0
}

// stop runs shutdown within its budget: the grace for in-flight interactions plus time for
// the restart notices and closing.
func (a *App) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), a.shutdownGrace+shutdownSlack)
	defer cancel()
	a.shutdown(ctx)
}

// checkAPIVersion is the start-up probe (SPEC §11.1): false when the API speaks another
// generation than the configuration says (logged as one error line naming the key and the value
// to set). An API that does not answer within startupProbeTimeout does not hold start-up back:
// a warning, and /readyz asks again.
func (a *App) checkAPIVersion(ctx context.Context) bool {
	got, err := a.apiCheck.probe(ctx, startupProbeTimeout)
	if err != nil {
		a.log.Warn("cannot tell which Valentina API generation the API speaks; starting anyway, /readyz will ask again",
			"valentina.api_version", string(a.apiCheck.want), "err", err)
		return true
	}
	return got == a.apiCheck.want
}
