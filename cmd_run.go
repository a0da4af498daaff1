package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/noirbot/noirbot/app"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
)

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
	cache.RouteRedisLogs(log)
	log.Info("starting noirbot", "version", version, "gateway", cfg.Discord.Gateway, "interactions_addr", cfg.Discord.InteractionsAddr)

	a, err := app.New(ctx, cfg, log, app.WithVersion(version))
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	// After the first signal, a second one ends the process at once (no graceful wait).
	forceable := context.AfterFunc(ctx, func() { signal.Reset(os.Interrupt, syscall.SIGTERM) })
	defer forceable()
	return a.Run(ctx)
}
