// Package app is the running bot of `noirbot run`: the Valentina client, the cache, the engine,
// the gateway session and the HTTP servers built from one validated configuration, started,
// served until the context ends and shut down gracefully. Its tests run whole apps against the
// emulator and a fake Discord: the system, fault, end-to-end, failover, bench and soak suites.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/commands"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/metrics"
	"github.com/noirbot/noirbot/oauth"
	"github.com/noirbot/noirbot/vclient"
)

// App is one running noirbot process: the clients, the engine and the servers of `noirbot run`.
type App struct {
	cfg    *config.Config
	log    *slog.Logger
	api    *vclient.Client
	store  *cache.Store
	rest   *bot.REST
	engine *bot.Engine
	gw     *bot.Gateway
	// linker is "Sign in with Discord", nil unless discord.client_secret and oauth_redirect_url are set.
	linker *oauth.Linker
	// metrics is what /metrics serves; every layer reports to it.
	metrics *metrics.Metrics
	// version checks that the API speaks valentina.api_version (start-up probe, /readyz retries).
	apiCheck *versionCheck
	// build is the version this binary was built as (User-Agents; "dev" unless WithVersion).
	build string
	// shutdownGrace is how long shutdown waits for in-flight interactions (SPEC §7: 10 s).
	shutdownGrace time.Duration
	// limits bound what one client may hold on each listener.
	limits serverLimits
	// announcing counts the sign-in audit posts still being sent (shutdown waits for them).
	announcing sync.WaitGroup
	// l1TTL replaces the cache's in-process TTL (0: cache.DefaultL1TTL).
	l1TTL time.Duration
	// redisOpTimeout replaces the bound on one Redis round trip (0: cache.DefaultOpTimeout).
	redisOpTimeout time.Duration
	// up is closed once start has succeeded (tests wait on it).
	up chan struct{}

	interactions, admin *http.Server
	// interactionsAddr and adminAddr are the bound listener addresses (useful with port 0).
	interactionsAddr, adminAddr string
	serving                     atomic.Bool
}

// Option adjusts an app before its engine is built.
type Option func(*App)

// WithVersion names the build in the User-Agents the app sends (main.version).
func WithVersion(v string) Option { return func(a *App) { a.build = v } }

// withShutdownGrace replaces the 10 s that shutdown gives in-flight interactions.
func withShutdownGrace(d time.Duration) Option { return func(a *App) { a.shutdownGrace = d } }

// withL1TTL replaces how long the cache serves a value from process memory (cache.Options.L1TTL).
func withL1TTL(d time.Duration) Option { return func(a *App) { a.l1TTL = d } }

// withRedisOpTimeout replaces how long one Redis round trip may take (cache.Options.OpTimeout):
// the system tests give a loaded machine the same 5 s the commands harness does.
func withRedisOpTimeout(d time.Duration) Option { return func(a *App) { a.redisOpTimeout = d } }

// withServerLimits replaces the listeners' timeouts and header limit.
func withServerLimits(l serverLimits) Option { return func(a *App) { a.limits = l } }

// serverLimits are what every listener (interactions, admin) allows one client, so
// that slow or half-open connections cost a goroutine for seconds, not forever, and
// cannot starve signed interactions (SPEC §10).
type serverLimits struct {
	// readHeader bounds the request line and headers; read the whole request
	// (Discord sends an interaction, at most 1 MiB, at once).
	readHeader, read time.Duration
	// idle bounds a keep-alive connection between requests.
	idle time.Duration
	// maxHeaderBytes: Discord's headers are a few hundred bytes; net/http's
	// default would let each connection send 1 MiB of them.
	maxHeaderBytes int
}

// defaultServerLimits are the limits of `noirbot run`.
func defaultServerLimits() serverLimits {
	return serverLimits{readHeader: 5 * time.Second, read: 10 * time.Second, idle: 2 * time.Minute, maxHeaderBytes: 16 << 10}
}

// server is an http.Server for h with the limits applied.
func (l serverLimits) server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeaderBytes,
	}
}

// New builds the clients and the engine from a validated configuration.
func New(ctx context.Context, cfg *config.Config, log *slog.Logger, opts ...Option) (*App, error) {
	a := &App{cfg: cfg, log: log, metrics: metrics.New(), shutdownGrace: bot.DefaultShutdownGrace,
		limits: defaultServerLimits(), up: make(chan struct{}), build: "dev"}
	for _, o := range opts {
		o(a)
	}
	api, err := NewVClient(cfg.Valentina, a.build, log, vclient.WithObserver(a.metrics.VClientObserver()))
	if err != nil {
		return nil, fmt.Errorf("valentina client: %w", err)
	}
	a.api = api
	a.apiCheck = &versionCheck{api: api, want: api.APIVersion(), log: log}
	a.store, err = OpenCache(ctx, cfg.Redis, log, func(o *cache.Options) {
		o.L1TTL, o.OpTimeout, o.Observer = a.l1TTL, a.redisOpTimeout, a.metrics
	})
	if err != nil {
		return nil, fmt.Errorf("redis: %w", err)
	}
	a.rest = bot.NewREST(cfg.Discord.APIURL, cfg.Discord.Token.Reveal(), cfg.Discord.ApplicationID,
		bot.WithRESTLogger(log), bot.WithRESTVersion(a.build), bot.WithRESTObserver(a.metrics))
	deps := &commands.Deps{
		API:     api,
		Lookups: cache.NewLookups(a.store, api),
		Store:   a.store,
		Guilds:  cfg.Guilds,
		Auditor: bot.NewAuditor(a.rest, log),
		Logger:  log,
	}
	if a.linker, err = newLinker(cfg, a.build, a.store, api, a.signInHook(deps), log); err != nil {
		return nil, fmt.Errorf("sign in with discord: %w", err)
	}
	if a.linker != nil {
		deps.SignIn = a.linker // never a nil *oauth.Linker: /link tells unconfigured from configured
	}

	// The engine recovers panics and writes the one log line per interaction itself.
	mux := bot.NewMux()
	commands.Mount(mux, deps)
	a.engine = bot.NewEngine(bot.EngineConfig{
		Router:        mux,
		REST:          a.rest,
		ApplicationID: cfg.Discord.ApplicationID,
		DeferAfter:    cfg.Discord.DeferAfter.Duration,
		Dedup:         a.store,
		Logger:        log,
		Observer:      a.metrics,
		ShutdownGrace: a.shutdownGrace,
	})
	return a, nil
}

// start opens the listeners and the gateway session. Everything /readyz reads is in place
// before the admin server starts, so a probe during start-up sees a consistent app (the
// gateway counts as disconnected until its session is up).
func (a *App) start() error {
	if addr := a.cfg.Discord.InteractionsAddr; addr != "" {
		pk, err := a.cfg.Discord.PublicKeyBytes()
		if err != nil {
			return fmt.Errorf("discord.public_key: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("/interactions", bot.NewInteractionsHandler(a.engine, pk))
		if a.linker != nil {
			mux.Handle(oauth.CallbackPath, a.linker)
		}
		a.serving.Store(true)
		srv, bound, err := a.serve(addr, mux, func() { a.serving.Store(false) })
		if err != nil {
			a.serving.Store(false)
			return fmt.Errorf("interactions listener: %w", err)
		}
		a.interactions, a.interactionsAddr = srv, bound
		a.log.Info("serving HTTP interactions", "addr", bound, "path", "/interactions")
	}
	if a.cfg.Discord.Gateway {
		gw, err := bot.NewGateway(a.cfg.Discord.Token.Reveal(), a.cfg.Discord.ShardID, a.cfg.Discord.ShardCount, a.engine, a.rest, a.log)
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		a.gw = gw
	}
	srv, bound, err := a.serve(a.cfg.HTTP.Addr, bot.NewAdminHandler(a.ready, a.metrics.Handler()), nil)
	if err != nil {
		return fmt.Errorf("admin listener: %w", err)
	}
	a.admin, a.adminAddr = srv, bound
	a.log.Info("serving admin HTTP", "addr", bound)
	if a.gw != nil {
		if err := a.gw.Open(); err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
	}
	close(a.up)
	return nil
}

// serve listens on addr and serves h in the background, with the app's limits
// (every listener goes through here); failed, if not nil, is called
// when the server stops on an error rather than by Shutdown.
func (a *App) serve(addr string, h http.Handler, failed func()) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	srv := a.limits.server(h)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("HTTP server stopped", "addr", ln.Addr().String(), "err", err)
			if failed != nil {
				failed()
			}
		}
	}()
	return srv, ln.Addr().String(), nil
}

// ready is the /readyz verdict: not ready only when interactions cannot be answered, which
// includes an API that speaks another generation than valentina.api_version (while the
// generation is unknown, each check probes it again, SPEC §11.1). Redis is pinged on every
// check (bounded by the cache's 300 ms operation timeout) and nothing is cached, so
// "degraded" appears and clears with the next check (SPEC §7).
func (a *App) ready(ctx context.Context) bot.Readiness {
	switch {
	case a.engine.ShuttingDown():
		return bot.Readiness{Reason: "shutting down"}
	case a.cfg.Discord.InteractionsAddr != "" && !a.serving.Load():
		return bot.Readiness{Reason: "interactions listener not serving"}
	case a.gw != nil && !a.gw.Connected():
		return bot.Readiness{Reason: "gateway disconnected"}
	}
	if reason := a.apiCheck.mismatch(ctx); reason != "" {
		return bot.Readiness{Reason: reason}
	}
	return bot.Readiness{Ready: true, RedisDown: !a.store.Healthy(ctx)}
}

// shutdown stops taking interactions, lets in-flight ones finish (up to 10 s), edits the
// still-deferred ones, then closes the sessions and Redis.
func (a *App) shutdown(ctx context.Context) {
	a.log.Info("shutting down")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := a.engine.Shutdown(ctx); err != nil {
			a.log.Warn("in-flight interactions cut short", "err", err)
		}
	}()
	if a.interactions != nil {
		if err := a.interactions.Shutdown(ctx); err != nil {
			a.log.Warn("interactions listener shutdown", "err", err)
		}
		a.serving.Store(false)
	}
	<-done
	a.waitAnnouncements(ctx)
	if a.gw != nil {
		_ = a.gw.Close()
	}
	if a.admin != nil {
		_ = a.admin.Shutdown(ctx)
	}
	_ = a.store.Close()
	a.log.Info("stopped")
}
