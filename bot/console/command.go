package console

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
)

// typedOption is one typed option value of a parsed slash command.
type typedOption struct {
	Name  string
	Type  discordgo.ApplicationCommandOptionType
	Value any
	// Focused marks the option being typed, in an autocomplete.
	Focused bool
}

// typedCommand is a slash command line resolved against the command definitions.
type typedCommand struct {
	Name    string
	Path    []string // subcommand group and subcommand, in order
	Options []typedOption
	Users   []User // users named by user options (data.resolved)
	// Autocomplete marks a line read for `complete`: its last option is being typed.
	Autocomplete bool
}

// label is the command as Discord shows it, e.g. "/xp add".
func (c *typedCommand) label() string {
	return strings.Join(append([]string{"/" + c.Name}, c.Path...), " ")
}

// parseCommand reads a slash command line ("/xp add member:@Alice amount:5")
// against defs: subcommand words are resolved from the definitions and option
// values are converted to the types the definitions declare.
func parseCommand(line string, defs []*discordgo.ApplicationCommand, users []User) (*typedCommand, error) {
	return parseLine(line, defs, users, false)
}

// parseAutocomplete reads a line for `complete`: like a command, but
// the last option is the one being typed (sent as the raw text, maybe empty)
// and required options may still be missing.
func parseAutocomplete(line string, defs []*discordgo.ApplicationCommand, users []User) (*typedCommand, error) {
	return parseLine(line, defs, users, true)
}

func parseLine(line string, defs []*discordgo.ApplicationCommand, users []User, autocomplete bool) (*typedCommand, error) {
	toks, err := tokenize(line)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 || toks[0].HasKey || !strings.HasPrefix(toks[0].Value, "/") {
		return nil, fmt.Errorf("a slash command starts with /, e.g. /help")
	}
	name := strings.ToLower(strings.TrimPrefix(toks[0].Value, "/"))
	var def *discordgo.ApplicationCommand
	for _, d := range defs {
		if d.Name == name {
			def = d
		}
	}
	if def == nil {
		return nil, fmt.Errorf("unknown command /%s (type help for the list)", name)
	}
	cmd := &typedCommand{Name: def.Name, Autocomplete: autocomplete}
	opts, toks := def.Options, toks[1:]
	for hasSubcommands(opts) {
		if len(toks) == 0 || toks[0].HasKey {
			return nil, fmt.Errorf("%s needs one of: %s", cmd.label(), optionNames(opts))
		}
		sub := findOption(opts, toks[0].Value)
		if sub == nil || !bot.IsSubcommand(sub.Type) {
			return nil, fmt.Errorf("%s has no subcommand %q (one of: %s)", cmd.label(), toks[0].Value, optionNames(opts))
		}
		cmd.Path = append(cmd.Path, sub.Name)
		opts, toks = sub.Options, toks[1:]
	}
	if err := cmd.addOptions(opts, toks, users); err != nil {
		return nil, err
	}
	return cmd, nil
}

func (c *typedCommand) addOptions(defs []*discordgo.ApplicationCommandOption, toks []token, users []User) error {
	seen := map[string]bool{}
	if c.Autocomplete && (len(toks) == 0 || !toks[len(toks)-1].HasKey) {
		return fmt.Errorf("complete needs the option being typed last, e.g. complete /quickroll name:Str")
	}
	for i, t := range toks {
		if !t.HasKey {
			return fmt.Errorf("unexpected %q: options are written name:value (%s takes %s)", t.Value, c.label(), optionNames(defs))
		}
		o := findOption(defs, t.Key)
		if o == nil {
			return fmt.Errorf("unknown option %q for %s (options: %s)", t.Key, c.label(), optionNames(defs))
		}
		if seen[o.Name] {
			return fmt.Errorf("option %s is given twice", o.Name)
		}
		seen[o.Name] = true
		if c.Autocomplete && i == len(toks)-1 {
			c.Options = append(c.Options, typedOption{Name: o.Name, Type: o.Type, Value: t.Value, Focused: true})
			return nil
		}
		v, err := optionValue(o, t.Value, users)
		if err != nil {
			return fmt.Errorf("option %s: %w", o.Name, err)
		}
		if u, ok := v.(User); ok {
			c.Users = append(c.Users, u)
			v = u.DiscordID
		}
		c.Options = append(c.Options, typedOption{Name: o.Name, Type: o.Type, Value: v})
	}
	for _, o := range defs {
		if o.Required && !seen[o.Name] {
			return fmt.Errorf("%s needs the option %s", c.label(), o.Name)
		}
	}
	return nil
}

// optionValue converts the typed text of an option to its JSON value
// (a User for user options).
func optionValue(o *discordgo.ApplicationCommandOption, v string, users []User) (any, error) {
	if v == "" {
		return nil, fmt.Errorf("a value is missing")
	}
	if len(o.Choices) > 0 {
		for _, c := range o.Choices {
			if strings.EqualFold(c.Name, v) || fmt.Sprint(c.Value) == v {
				return c.Value, nil
			}
		}
		names := make([]string, 0, len(o.Choices))
		for _, c := range o.Choices {
			names = append(names, c.Name)
		}
		return nil, fmt.Errorf("%q is not one of: %s", v, strings.Join(names, ", "))
	}
	switch o.Type {
	case discordgo.ApplicationCommandOptionInteger:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", v)
		}
		return float64(n), nil
	case discordgo.ApplicationCommandOptionNumber:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", v)
		}
		return f, nil
	case discordgo.ApplicationCommandOptionBoolean:
		switch strings.ToLower(v) {
		case "true", "yes":
			return true, nil
		case "false", "no":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not true, false, yes or no", v)
	case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionMentionable:
		return findUser(users, v)
	case discordgo.ApplicationCommandOptionChannel:
		return snowflakeOf(v, "<#", "channel")
	case discordgo.ApplicationCommandOptionRole:
		return snowflakeOf(v, "<@&", "role")
	case discordgo.ApplicationCommandOptionAttachment:
		return nil, fmt.Errorf("attachments cannot be given in the console")
	}
	return v, nil
}

// snowflakeOf accepts a raw id or a mention such as <#id>.
func snowflakeOf(v, prefix, what string) (string, error) {
	if strings.HasPrefix(v, prefix) && strings.HasSuffix(v, ">") {
		v = v[len(prefix) : len(v)-1]
	}
	if !isSnowflake(v) {
		return "", fmt.Errorf("%q is not a %s id", v, what)
	}
	return v, nil
}

func isSnowflake(v string) bool {
	if v == "" || len(v) > 20 {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// findUser resolves @Name (case-insensitive), Name, <@id>, <@!id> or a raw id.
func findUser(users []User, v string) (User, error) {
	id := v
	if strings.HasPrefix(id, "<@") && strings.HasSuffix(id, ">") {
		id = strings.TrimPrefix(strings.TrimSuffix(strings.TrimPrefix(id, "<@"), ">"), "!")
	}
	if isSnowflake(id) {
		for _, u := range users {
			if u.DiscordID == id {
				return u, nil
			}
		}
		return User{DiscordID: id}, nil
	}
	name := strings.TrimPrefix(v, "@")
	for _, u := range users {
		if strings.EqualFold(u.Name, name) {
			return u, nil
		}
	}
	return User{}, fmt.Errorf("no user %q (known: %s)", v, userNames(users))
}

func userNames(users []User) string {
	if len(users) == 0 {
		return "none; give a Discord id"
	}
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, "@"+u.Name)
	}
	return strings.Join(names, ", ")
}

func hasSubcommands(opts []*discordgo.ApplicationCommandOption) bool {
	for _, o := range opts {
		if bot.IsSubcommand(o.Type) {
			return true
		}
	}
	return false
}

func findOption(opts []*discordgo.ApplicationCommandOption, name string) *discordgo.ApplicationCommandOption {
	for _, o := range opts {
		if strings.EqualFold(o.Name, name) {
			return o
		}
	}
	return nil
}

func optionNames(opts []*discordgo.ApplicationCommandOption) string {
	if len(opts) == 0 {
		return "no options"
	}
	names := make([]string, 0, len(opts))
	for _, o := range opts {
		names = append(names, o.Name)
	}
	return strings.Join(names, ", ")
}
