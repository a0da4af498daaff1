package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Timing defaults (SPEC §4.1): no first response may come later than 3 s.
const (
	// DefaultDeferAfter is how long a handler may run before the deferred acknowledgement.
	DefaultDeferAfter = 1500 * time.Millisecond
	maxDeferAfter     = 2 * time.Second
	// DefaultDeadline is each interaction's overall deadline.
	DefaultDeadline = 60 * time.Second
	// DefaultModalBudget is how long a modal-opening handler may run.
	DefaultModalBudget = 2500 * time.Millisecond
	// DefaultAutocompleteBudget is how long an autocomplete handler may run.
	DefaultAutocompleteBudget = 2 * time.Second
	// DefaultShutdownGrace is how long Shutdown waits for in-flight interactions.
	DefaultShutdownGrace = 10 * time.Second
	// FirstResponseDeadline is Discord's window for an interaction's first
	// response, counted from its arrival: Discord drops an HTTP answer that comes
	// later and refuses a later gateway callback, so neither path waits past it.
	FirstResponseDeadline = 3 * time.Second
)

// User-facing texts the engine itself sends.
const (
	slowText        = "Valentina is slow, try again"
	restartingText  = "noirbot is restarting, try again in a moment"
	restartedText   = "noirbot restarted"
	restartedAward  = "noirbot restarted — the award may or may not have been applied, check /xp view"
	timeoutText     = "That took too long: Valentina did not answer in time. Try again."
	lateKindText    = "That took too long to answer, try again."
	deliveryTimeout = 15 * time.Second
	// dedupTimeout bounds the Redis SET NX so it cannot eat the 3 s first-response budget.
	dedupTimeout = 500 * time.Millisecond
)

// Deduper says whether this is the first delivery of an interaction id (cache.Store implements it).
type Deduper interface {
	FirstDelivery(ctx context.Context, interactionID string) bool
}

// EngineConfig wires an Engine. Zero durations take the defaults above.
type EngineConfig struct {
	Router        Router // nil: an empty Mux
	REST          *REST
	ApplicationID string
	DeferAfter    time.Duration // capped at 2 s
	Dedup         Deduper       // nil: every delivery is processed
	Logger        *slog.Logger
	Observer      Observer
	Now           func() time.Time

	Deadline           time.Duration // overall per interaction (60 s)
	ModalBudget        time.Duration // modal routes (2.5 s)
	AutocompleteBudget time.Duration // autocomplete (2 s)
	ShutdownGrace      time.Duration // in-flight wait on Shutdown (10 s)
	// After starts a timer (default time.After); tests may fire it by hand.
	After func(time.Duration) <-chan time.Time
}

// Engine runs interactions: dedup, deadline, defer timer and delivery.
type Engine struct {
	cfg      EngineConfig
	handler  Handler // cfg.Router through Recover
	log      *slog.Logger
	obs      Observer
	mu       sync.Mutex
	closing  bool
	inflight map[*pending]struct{}
	wg       sync.WaitGroup
}

// pending is one interaction in flight; mu guards the handover between normal
// delivery and the restart notice so that exactly one of them edits @original.
type pending struct {
	in       *Interaction
	mu       sync.Mutex
	route    RouteInfo
	deferred bool
	finished bool
}

// NewEngine returns an Engine with defaults filled in.
func NewEngine(cfg EngineConfig) *Engine {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.DeferAfter, DefaultDeferAfter)
	cfg.DeferAfter = min(cfg.DeferAfter, maxDeferAfter)
	def(&cfg.Deadline, DefaultDeadline)
	def(&cfg.ModalBudget, DefaultModalBudget)
	def(&cfg.AutocompleteBudget, DefaultAutocompleteBudget)
	def(&cfg.ShutdownGrace, DefaultShutdownGrace)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Router == nil {
		cfg.Router = NewMux()
	}
	e := &Engine{cfg: cfg, log: cfg.Logger, obs: cfg.Observer, inflight: map[*pending]struct{}{}}
	if e.log == nil {
		e.log = slog.Default()
	}
	e.handler = Recover(e.log)(cfg.Router)
	if e.obs == nil {
		e.obs = nopObserver{}
	}
	return e
}

// Dispatch runs one interaction to completion. first sends the first response
// (the HTTP body, or REST.Callback in gateway mode); everything later goes
// through REST. A duplicate delivery does nothing.
func (e *Engine) Dispatch(ctx context.Context, in *Interaction, first func(*discordgo.InteractionResponse) error) {
	e.dispatch(ctx, in, first, false)
}

func (e *Engine) dispatch(ctx context.Context, in *Interaction, first func(*discordgo.InteractionResponse) error, ackDuplicate bool) {
	start := e.cfg.Now()
	p := e.admit(in)
	if p == nil {
		e.sendFirst(ctx, in, first, refusal(in))
		// Counted and logged like any interaction, so a shutdown's refusals are visible.
		e.report(ctx, in, e.cfg.Router.Route(in), &Response{Outcome: "restarting"}, start, false)
		return
	}
	defer e.release(p)
	if !e.firstDelivery(ctx, in) {
		e.obs.Duplicate()
		e.log.InfoContext(ctx, "duplicate interaction delivery ignored", interactionAttrs(in)...)
		if ackDuplicate {
			e.sendFirst(ctx, in, first, bareAck(in))
		}
		return
	}
	p.route = e.cfg.Router.Route(in)
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Deadline)
	defer cancel()
	done := make(chan *Response, 1)
	go func() { done <- e.run(ctx, in) }()

	var resp *Response
	deferred := false
	select {
	case resp = <-done:
		e.deliverInline(ctx, in, first, resp)
	case <-e.cfg.After(e.remaining(in, start, p.route)):
		switch {
		case p.route.Autocomplete:
			resp = &Response{Kind: Choices, Outcome: "slow"}
			e.sendFirst(ctx, in, first, resp.inline())
		case p.route.OpensModal:
			resp = Private(slowText)
			resp.Outcome = "slow"
			e.sendFirst(ctx, in, first, resp.inline())
		default:
			deferred = true
			// Marked first, so a shutdown racing the ack still leaves a notice.
			p.markDeferred()
			e.sendFirst(ctx, in, first, deferredAck(p.route.Updates, p.route.Ephemeral))
			resp = await(ctx, done)
			e.deliverLate(ctx, p, resp)
		}
	}
	e.report(ctx, in, p.route, resp, start, deferred)
}

// remaining is how long the handler may still run before the first response
// must go out: the route's budget counted from when the interaction arrived,
// so time spent decoding and deduplicating is not added on top.
func (e *Engine) remaining(in *Interaction, start time.Time, r RouteInfo) time.Duration {
	budget := e.cfg.DeferAfter
	switch {
	case r.Autocomplete:
		budget = e.cfg.AutocompleteBudget
	case r.OpensModal:
		budget = e.cfg.ModalBudget
	}
	arrived := start
	if !in.Received.IsZero() && in.Received.Before(start) {
		arrived = in.Received
	}
	return max(budget-e.cfg.Now().Sub(arrived), 0)
}

// ShuttingDown reports whether Shutdown was called (for /readyz).
func (e *Engine) ShuttingDown() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closing
}

// run calls the handler through Recover: a panic or a nil response becomes an error message.
func (e *Engine) run(ctx context.Context, in *Interaction) *Response {
	return e.handler.ServeInteraction(ctx, in)
}

// await waits for the handler, or answers for it when the deadline passes.
func await(ctx context.Context, done <-chan *Response) *Response {
	select {
	case r := <-done:
		return r
	case <-ctx.Done():
		r := Private(timeoutText)
		r.Outcome = "timeout"
		return r
	}
}

func (e *Engine) firstDelivery(ctx context.Context, in *Interaction) bool {
	if e.cfg.Dedup == nil {
		return true
	}
	ctx, cancel := context.WithTimeout(ctx, dedupTimeout)
	defer cancel()
	return e.cfg.Dedup.FirstDelivery(ctx, in.ID)
}

func (e *Engine) report(ctx context.Context, in *Interaction, r RouteInfo, resp *Response, start time.Time, deferred bool) {
	reportInteraction(ctx, e.log, e.obs, in, r, resp, e.cfg.Now().Sub(start), deferred)
}
