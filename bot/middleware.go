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

// wentWrong is the private "Something went wrong (ref <id>)" a user sees when their
// interaction failed; outcome says how, for logs and metrics.
func wentWrong(in *Interaction, outcome string) *Response {
	resp := Private("Something went wrong (ref %s)", in.ID)
	resp.Outcome = outcome
	return resp
}

// Recover turns a panic into an ephemeral "Something went wrong (ref <id>)" and an error log
// line with the interaction id and stack, and a nil response into the same message (outcome
// "no_response"). The Engine runs every handler through it; so does Instrument.
func Recover(log *slog.Logger) Middleware {
	if log == nil {
		log = slog.Default()
	}
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, in *Interaction) (resp *Response) {
			defer func() {
				if v := recover(); v != nil {
					logPanic(ctx, log, in, v)
					resp = wentWrong(in, "panic")
				}
			}()
			if resp = next.ServeInteraction(ctx, in); resp == nil {
				resp = wentWrong(in, "no_response")
			}
			return resp
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

// Instrument runs r as the Engine runs its Router, for front ends without one (the console):
// through Recover, then the same "interaction" log line and Observer event the Engine writes
// (deferred is false: nothing is deferred without an Engine). log and obs may be nil.
func Instrument(r Router, log *slog.Logger, obs Observer) Router {
	if log == nil {
		log = slog.Default()
	}
	if obs == nil {
		obs = nopObserver{}
	}
	return instrumented{Router: r, run: Recover(log)(r), log: log, obs: obs}
}

type instrumented struct {
	Router
	run Handler
	log *slog.Logger
	obs Observer
}

func (i instrumented) ServeInteraction(ctx context.Context, in *Interaction) *Response {
	start := time.Now()
	resp := i.run.ServeInteraction(ctx, in)
	reportInteraction(ctx, i.log, i.obs, in, i.Route(in), resp, time.Since(start), false)
	return resp
}

// reportInteraction writes the one log line and the one Observer event of a handled
// interaction, for the Engine and for Instrument alike.
func reportInteraction(ctx context.Context, log *slog.Logger, obs Observer, in *Interaction, r RouteInfo, resp *Response, latency time.Duration, deferred bool) {
	outcome := resp.outcome()
	obs.Interaction(r.Name, outcome, latency, deferred)
	// Typed attributes: the same line as interactionAttrs would give, without boxing each value
	// (this line is written for every interaction).
	log.LogAttrs(ctx, slog.LevelInfo, "interaction",
		slog.String("interaction_id", in.ID), slog.String("guild", in.GuildID), slog.String("user", in.UserID()),
		slog.String("command", commandLabel(in)), slog.String("route", r.Name), slog.Duration("latency", latency),
		slog.String("outcome", outcome), slog.Bool("deferred", deferred))
}
