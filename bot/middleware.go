package bot

import (
	"context"
	"log/slog"
	"runtime/debug"
	"time"
)

// Observer receives the events noirbot exports as metrics.
type Observer interface {
	// Interaction is called once per handled interaction.
	Interaction(command, outcome string, latency time.Duration, deferred bool)
	// Duplicate is called for each duplicate delivery that was not processed.
	Duplicate()
	// DiscordRateLimited is called for each 429 from Discord's REST API.
	DiscordRateLimited(route string)
}

type nopObserver struct{}

func (nopObserver) Interaction(string, string, time.Duration, bool) {}
func (nopObserver) Duplicate()                                      {}
func (nopObserver) DiscordRateLimited(string)                       {}

// panicResponse is what a user sees when a handler panicked.
func panicResponse(in *Interaction) *Response {
	resp := Private("Something went wrong (ref %s)", in.ID)
	resp.Outcome = "panic"
	return resp
}

// Recover turns a panic into an ephemeral "Something went wrong (ref <id>)" and
// an error log line with the interaction id and stack. The Engine already
// recovers on its own; use Recover where handlers run without one (console, tests).
func Recover(log *slog.Logger) Middleware {
	if log == nil {
		log = slog.Default()
	}
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, in *Interaction) (resp *Response) {
			defer func() {
				if v := recover(); v != nil {
					logPanic(ctx, log, in, v)
					resp = panicResponse(in)
				}
			}()
			return next.ServeInteraction(ctx, in)
		})
	}
}

func logPanic(ctx context.Context, log *slog.Logger, in *Interaction, v any) {
	log.ErrorContext(ctx, "handler panicked",
		"interaction_id", in.ID, "command", commandLabel(in), "panic", v, "stack", string(debug.Stack()))
}

func commandLabel(in *Interaction) string {
	if p := in.CommandPath(); p != "" {
		return p
	}
	return CustomIDPrefix(in.CustomID())
}

// interactionAttrs are the log attributes every interaction line carries.
func interactionAttrs(in *Interaction) []any {
	return []any{"interaction_id", in.ID, "guild", in.GuildID, "user", in.UserID(), "command", commandLabel(in)}
}

// Logging logs one line per handled interaction: id, guild, user, command,
// latency and outcome. The Engine logs the same line (with "deferred") itself;
// use Logging where handlers run without an Engine (console, tests).
func Logging(log *slog.Logger) Middleware {
	if log == nil {
		log = slog.Default()
	}
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, in *Interaction) *Response {
			start := time.Now()
			resp := next.ServeInteraction(ctx, in)
			attrs := append(interactionAttrs(in), "latency", time.Since(start), "outcome", resp.outcome())
			log.InfoContext(ctx, "interaction", attrs...)
			return resp
		})
	}
}
