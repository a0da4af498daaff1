package console

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
)

// printHelp lists the console's own commands, then one line per slash
// command (or subcommand) with its options; optional ones in brackets.
func (c *REPL) printHelp() {
	w := c.cfg.Out
	fmt.Fprintln(w, "Console:")
	fmt.Fprintln(w, `  /command name:value ...   run a slash command as typed in Discord; quote values with spaces: name:"Strength + Brawl"`)
	fmt.Fprintf(w, "  as NAME|ID                act as someone else (%s)\n", userList(c.cfg.Users))
	fmt.Fprintln(w, "  click LABEL               press a button of the last message, e.g. click Re-roll")
	if c.cfg.SignIn != nil {
		fmt.Fprintln(w, "  link                      follow the last Sign in with Discord button (of /link) as yourself")
	}
	fmt.Fprintln(w, `  submit field:"value" ...  answer the open form`)
	fmt.Fprintln(w, "  complete /command opt:TEXT  the suggestions Discord would show while typing the last option")
	fmt.Fprintln(w, "  help, exit                this list; leave")
	fmt.Fprintln(w, "Slash commands:")
	for _, def := range c.cfg.Commands {
		for _, l := range helpLines("/"+def.Name, def.Description, def.Options) {
			fmt.Fprintln(w, "  "+l)
		}
	}
}

func userList(users []User) string {
	if len(users) == 0 {
		return "by Discord id"
	}
	parts := make([]string, 0, len(users))
	for _, u := range users {
		parts = append(parts, u.Name+" "+u.DiscordID)
	}
	return strings.Join(parts, ", ")
}

// helpLines is one line per leaf of a command: "/xp add member:@user amount:N [reason:…] — Add XP".
func helpLines(path, desc string, opts []*discordgo.ApplicationCommandOption) []string {
	if hasSubcommands(opts) {
		var lines []string
		for _, o := range opts {
			if bot.IsSubcommand(o.Type) {
				lines = append(lines, helpLines(path+" "+o.Name, o.Description, o.Options)...)
			}
		}
		return lines
	}
	parts := []string{path}
	for _, o := range opts {
		p := o.Name + ":" + placeholder(o)
		if !o.Required {
			p = "[" + p + "]"
		}
		parts = append(parts, p)
	}
	return []string{strings.Join(parts, " ") + " — " + desc}
}

func placeholder(o *discordgo.ApplicationCommandOption) string {
	switch o.Type {
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		return "N"
	case discordgo.ApplicationCommandOptionBoolean:
		return "true|false"
	case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionMentionable:
		return "@user"
	}
	return "…"
}
