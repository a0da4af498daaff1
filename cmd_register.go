package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/commands"
	"github.com/noirbot/noirbot/config"
)

// cmdRegister checks every command definition against Discord's limits, then bulk-overwrites
// the application's commands, globally or for one guild.
func cmdRegister(ctx context.Context, args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	fs := newFlags("register", "register [-config FILE] [-guild ID]", stderr)
	path := fs.String("config", "", "configuration file (default ./config.toml when it exists)")
	guild := fs.String("guild", "", "register for this guild only (default discord.register_guild; empty = global)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, ok := loadConfig(*path, true, config.CmdRegister, lookupEnv, stderr)
	if !ok {
		return 2
	}
	defs := commands.Definitions()
	if err := bot.ValidateCommands(defs); err != nil {
		fmt.Fprintf(stderr, "command definitions break Discord's limits:\n%v\n", err)
		return 1
	}
	target := *guild
	if target == "" {
		target = cfg.Discord.RegisterGuild
	}
	rest := bot.NewREST(cfg.Discord.APIURL, cfg.Discord.Token.Reveal(), cfg.Discord.ApplicationID,
		bot.WithRESTLogger(newLogger(cfg.Log, stderr)), bot.WithRESTVersion(version))
	got, err := rest.BulkOverwriteCommands(ctx, target, defs)
	if err != nil {
		fmt.Fprintf(stderr, "register: %v\n", err)
		return 1
	}
	names := make([]string, 0, len(got))
	for _, c := range got {
		names = append(names, "/"+c.Name)
	}
	where := "globally (Discord may take up to an hour to show them everywhere)"
	if target != "" {
		where = "for guild " + target
	}
	fmt.Fprintf(stdout, "registered %d commands %s: %s\n", len(got), where, strings.Join(names, ", "))
	return 0
}
