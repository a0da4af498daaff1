package main

import (
	"context"
	"io"
	"time"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/config"
)

// shutdownBudget bounds the whole graceful shutdown: 10 s for in-flight interactions plus the
// final edits and closing.
const shutdownBudget = 15 * time.Second

// cmdRun runs the bot until ctx is cancelled (SIGINT/SIGTERM).
func cmdRun(ctx context.Context, args []string, _ io.Writer, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	fs := newFlags("run", "run [-config FILE]", stderr)
	path := fs.String("config", "", "configuration file (default ./config.toml when it exists)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, ok := loadConfig(*path, true, config.CmdRun, lookupEnv, stderr)
	if !ok {
		return 2
	}
	log := newLogger(cfg.Log, stderr)
	bot.RouteDiscordgoLogs(log)
	log.Info("starting noirbot", "version", version, "gateway", cfg.Discord.Gateway, "interactions_addr", cfg.Discord.InteractionsAddr)

	a, err := newApp(ctx, cfg, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	if err := a.start(); err != nil {
		log.Error("cannot start", "err", err)
		sctx, cancel := context.WithTimeout(context.Background(), shutdownBudget)
		a.shutdown(sctx)
		cancel()
		return 1
	}
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownBudget)
	defer cancel()
	a.shutdown(sctx)
	return 0
}
