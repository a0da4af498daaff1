package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Gateway is a thin discordgo session: guilds intent only, sharded, and every
// INTERACTION_CREATE handed to the Engine with noirbot's own REST as first responder.
type Gateway struct {
	session   *discordgo.Session
	engine    *Engine
	rest      *REST
	log       *slog.Logger
	connected atomic.Bool
}

// NewGateway builds (but does not open) the gateway session. It also routes
// discordgo's package-wide logger into log (see RouteDiscordgoLogs), so call it
// from main only.
func NewGateway(token string, shardID, shardCount int, e *Engine, rest *REST, log *slog.Logger) (*Gateway, error) {
	if log == nil {
		log = slog.Default()
	}
	RouteDiscordgoLogs(log)
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("create discord session: %w", err)
	}
	if shardCount < 1 {
		shardCount = 1
	}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.ShardID, s.ShardCount = shardID, shardCount
	s.StateEnabled = false
	// Warnings carry reconnect trouble; info level is chatty and dumps whole packets.
	s.LogLevel = discordgo.LogWarning
	g := &Gateway{session: s, engine: e, rest: rest, log: log.With("shard", shardID)}
	s.AddHandler(g.onEvent)
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) { g.log.Info("gateway connected") })
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		g.connected.Store(true)
		g.log.Info("gateway ready", "guilds", len(r.Guilds))
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
		g.connected.Store(true)
		g.log.Info("gateway resumed")
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		g.connected.Store(false)
		g.log.Warn("gateway disconnected; discordgo reconnects")
	})
	return g, nil
}

// onEvent decodes interactions from the raw payload (discordgo drops the channel object).
func (g *Gateway) onEvent(_ *discordgo.Session, ev *discordgo.Event) {
	if ev.Type != "INTERACTION_CREATE" {
		return
	}
	in, err := ParseInteraction(ev.RawData, g.engine.cfg.Now())
	if err != nil {
		g.log.Error("decode gateway interaction", "error", err)
		return
	}
	// The callback gets the window Discord gives the HTTP path's answer: after it
	// the token no longer takes a first response, so waiting longer (say behind a
	// global 429) would only park the goroutine.
	deadline := time.Now().Add(FirstResponseDeadline)
	first := func(r *discordgo.InteractionResponse) error {
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		defer cancel()
		return g.rest.Callback(ctx, in.ID, in.Token, r)
	}
	go g.engine.Dispatch(context.Background(), in, first)
}

// Open connects to the gateway.
func (g *Gateway) Open() error {
	if err := g.session.Open(); err != nil {
		return fmt.Errorf("open discord gateway: %w", err)
	}
	return nil
}

// Close disconnects from the gateway.
func (g *Gateway) Close() error {
	g.connected.Store(false)
	if err := g.session.Close(); err != nil {
		return fmt.Errorf("close discord gateway: %w", err)
	}
	return nil
}

// Connected reports whether the session is up (for /readyz).
func (g *Gateway) Connected() bool { return g.connected.Load() }

// RouteDiscordgoLogs sends discordgo's own log lines into log. discordgo has one
// package-wide Logger variable, so this is process-wide: main calls it (through
// NewGateway) once, before any session opens.
func RouteDiscordgoLogs(log *slog.Logger) {
	discordgo.Logger = func(msgL, _ int, format string, a ...any) {
		level := slog.LevelDebug
		switch msgL {
		case discordgo.LogError:
			level = slog.LevelError
		case discordgo.LogWarning:
			level = slog.LevelWarn
		case discordgo.LogInformational:
			level = slog.LevelInfo
		}
		log.Log(context.Background(), level, fmt.Sprintf(format, a...), "source", "discordgo")
	}
}
