package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
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

// NewGateway builds (but does not open) the gateway session. Its one REST call,
// gateway discovery, goes to rest's api_url with rest's User-Agent: only this
// session is steered, discordgo's package-level endpoints are left alone, so
// sessions with different api_urls can share a process. discordgo's own log
// lines go where RouteDiscordgoLogs (process-wide, called by main) sends them.
func NewGateway(token string, shardID, shardCount int, e *Engine, rest *REST, log *slog.Logger) (*Gateway, error) {
	if log == nil {
		log = slog.Default()
	}
	if rest.baseErr != nil {
		return nil, rest.baseErr
	}
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
	s.UserAgent = rest.userAgent
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: discovery{rest: rest}}
	// Handlers run in the order discordgo emits events, so a late Disconnect can
	// never overwrite the Ready or Resumed that followed it (/readyz reads the result).
	s.SyncEvents = true
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

// discovery sends the discordgo session's REST calls to api_url. The session
// makes one kind only, gateway discovery (GET /api/v9/gateway, on Open and after
// a failed dial); anything else is refused, since every other Discord call goes
// through noirbot's own REST client.
type discovery struct{ rest *REST }

// RoundTrip replaces scheme and host with api_url's (the path is kept, as for
// every Discord call) and sends the request with the REST client's transport.
func (d discovery) RoundTrip(req *http.Request) (*http.Response, error) {
	gateway := "/api/v" + discordgo.APIVersion + "/gateway"
	if req.Method != http.MethodGet || (req.URL.Path != gateway && req.URL.Path != gateway+"/bot") {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("gateway session: refused %s %s: only gateway discovery goes through discordgo", req.Method, req.URL.Path)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = d.rest.base.Scheme, d.rest.base.Host, ""
	out.Header.Set("User-Agent", d.rest.userAgent)
	t := d.rest.hc.Transport
	if t == nil {
		t = http.DefaultTransport
	}
	return t.RoundTrip(out)
}

// Open connects to the gateway. discordgo's logs go through slog from here on (to
// slog.Default() unless RouteDiscordgoLogs named a logger): its package-wide Logger is set
// before the first session starts the goroutines that read it.
func (g *Gateway) Open() error {
	routeDiscordgo.Do(installDiscordgoLogger)
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

// discordgoLog is where discordgo's log lines go once RouteDiscordgoLogs ran; nil means
// slog.Default(). An atomic pointer, because discordgo reads its package-wide Logger from
// session goroutines that may outlive a session's Close (a reconnect loop in flight).
var (
	discordgoLog   atomic.Pointer[slog.Logger]
	routeDiscordgo sync.Once
)

// RouteDiscordgoLogs sends discordgo's own log lines into log (nil: slog.Default()).
// discordgo has one package-wide Logger variable, so this is process-wide: main calls it
// once, before any session opens. Calling it again only changes where the lines go, which
// is safe while sessions run (tests do).
func RouteDiscordgoLogs(log *slog.Logger) {
	discordgoLog.Store(log)
	routeDiscordgo.Do(installDiscordgoLogger)
}

func installDiscordgoLogger() { discordgo.Logger = logDiscordgo }

// logDiscordgo is discordgo.Logger after RouteDiscordgoLogs.
func logDiscordgo(msgL, _ int, format string, a ...any) {
	if strings.HasPrefix(format, "Expected READY/RESUMED") {
		// discordgo dumps the whole event here, and after a RESUME that is a
		// replayed interaction with its token.
		format, a = "first event after RESUME is not RESUMED: Discord is replaying missed events (not logged)", nil
	}
	level := slog.LevelDebug
	switch msgL {
	case discordgo.LogError:
		level = slog.LevelError
	case discordgo.LogWarning:
		level = slog.LevelWarn
	case discordgo.LogInformational:
		level = slog.LevelInfo
	}
	log := discordgoLog.Load()
	if log == nil {
		log = slog.Default()
	}
	log.Log(context.Background(), level, fmt.Sprintf(format, a...), "source", "discordgo")
}
