package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/noirbot/noirbot/app"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/sandbox"
)

// cmdConsole runs the real command handlers from the terminal (SPEC §8): against
// the embedded emulator with the demo data (contract v2), or with -config against
// the configured API (in valentina.api_version's dialect) and Redis. It never reads ./config.toml by itself. Lines come
// from stdin; with a terminal there is a prompt, otherwise the lines run as a
// script and the exit code is 1 when one of them could not be understood.
func cmdConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	fs := newFlags("console", "console [-config FILE] [-as DISCORD_ID] [-guild ID] [-save-files DIR]", stderr)
	path := fs.String("config", "", "use this configuration's API, Redis and guilds (default: the embedded sandbox; ./config.toml is never read)")
	as := fs.String("as", "", "act as this Discord user: an id, or a name such as Sam (default: Alice in the sandbox; required with -config)")
	guild := fs.String("guild", "", "with -config, the guild to act in (default: the only [[guilds]] block)")
	saveDir := fs.String("save-files", "", "write the files answers attach (the /stats chart) into this directory, created if needed")
	flagUsage := fs.Usage
	fs.Usage = func() { flagUsage(); fmt.Fprint(fs.Output(), consoleUsage) }
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var cfg *config.Config
	if *path != "" {
		var ok bool
		if cfg, ok = loadConfig(*path, false, config.CmdConsole, lookupEnv, stderr); !ok {
			return 2
		}
	}
	if problems := consoleFlagProblems(cfg, *as, *guild); len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		return 2
	}
	if *saveDir != "" {
		if err := os.MkdirAll(*saveDir, 0o755); err != nil {
			fmt.Fprintf(stderr, "-save-files: %v\n", err)
			return 2
		}
	}
	// Warnings only: the console's output is the conversation, not the bot's logs.
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts := sandbox.Options{Config: cfg, GuildID: *guild, Logger: log}
	if cfg != nil {
		// The configured API in the configured dialect (valentina.api_version), as `noirbot run` speaks it.
		api, err := app.NewVClient(cfg.Valentina, version, log)
		if err != nil {
			fmt.Fprintf(stderr, "console: valentina client: %v\n", err)
			return 1
		}
		store, err := app.OpenCache(ctx, cfg.Redis, log)
		if err != nil {
			fmt.Fprintf(stderr, "console: redis: %v\n", err)
			return 1
		}
		opts.API, opts.Store = api, store
	}
	sb, err := sandbox.Start(ctx, opts)
	if err != nil {
		if opts.Store != nil {
			_ = opts.Store.Close()
		}
		fmt.Fprintf(stderr, "console: %v\n", err)
		return 1
	}
	defer func() { _ = sb.Close() }()
	c := sb.Console(stdout, "", isTerminal(stdin))
	c.SaveFiles(*saveDir)
	if *as != "" {
		if err := c.SetUser(*as); err != nil {
			fmt.Fprintf(stderr, "-as: %v\n", err)
			return 2
		}
	}
	return c.Run(ctx, stdin)
}

// consoleUsage follows the flags in `noirbot console -h`.
const consoleUsage = `
Input, typed at the prompt or piped in as a script (one per line; # comments):
  /quickroll name:"Strength + Brawl" difficulty:7  a slash command as typed in Discord
  /xp add member:@Alice amount:5                   members by @name or Discord id
  as Sam                                           act as someone else
  click Re-roll                                    press a button of the last message
  link                                             follow the last Sign in with Discord button as yourself
  submit title:"Hello" content:"World!"            answer the open form
  complete /quickroll name:Str                     the autocomplete suggestions
  help, exit
A file an answer attaches is shown as [chart: stats.png, N bytes]; -save-files DIR writes it there.
Sandbox users: Ada (ADMIN, 100), Sam (STORYTELLER, 200), Alice (PLAYER, 300), Bob (PLAYER, 400);
Nora (500) is a newcomer: as Nora, /link then link signs her in; as Ada, click Approve as PLAYER.
`

// consoleFlagProblems checks the flags that depend on whether a config is given,
// one line per problem.
func consoleFlagProblems(cfg *config.Config, as, guild string) []string {
	var problems []string
	if cfg == nil {
		if guild != "" && guild != sandbox.GuildID {
			problems = append(problems, fmt.Sprintf("-guild: the sandbox has only guild %s (use -config for others)", sandbox.GuildID))
		}
		return problems
	}
	if as == "" {
		problems = append(problems, "-as: required with -config (the Discord id to act as)")
	}
	if guild != "" {
		if _, ok := cfg.Guild(guild); !ok {
			problems = append(problems, fmt.Sprintf("-guild: %s has no [[guilds]] block in the config", guild))
		}
	} else if len(cfg.Guilds) == 0 {
		problems = append(problems, "guilds: the config has no [[guilds]] block to act in")
	} else if len(cfg.Guilds) > 1 {
		problems = append(problems, fmt.Sprintf("-guild: required (the config has %d [[guilds]] blocks)", len(cfg.Guilds)))
	}
	return problems
}

// isTerminal reports whether r is a terminal, where a person types at a prompt.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
