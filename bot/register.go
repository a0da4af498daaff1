package bot

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's limits on application commands.
const (
	maxCommandChars = 8000
	maxOptions      = 25
	maxChoices      = 25
	maxDescription  = 100
	maxCommands     = 100
)

var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

// ValidateCommands checks slash command definitions against Discord's limits
// before they are sent, and lists every problem found (nil when none).
func ValidateCommands(cmds []*discordgo.ApplicationCommand) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(cmds) > maxCommands {
		add("%d commands, Discord allows %d", len(cmds), maxCommands)
	}
	seen := map[string]bool{}
	for i, c := range cmds {
		if c == nil {
			add("command #%d is nil", i+1)
			continue
		}
		where := "/" + c.Name
		if seen[c.Name] {
			add("%s: defined twice", where)
		}
		seen[c.Name] = true
		checkName(add, where, c.Name)
		if c.Type == 0 || c.Type == discordgo.ChatApplicationCommand {
			checkDescription(add, where, c.Description)
		}
		chars := utf8.RuneCountInString(c.Name) + utf8.RuneCountInString(c.Description)
		chars += checkOptions(add, where, c.Options)
		if chars > maxCommandChars {
			add("%s: %d characters in names, descriptions and choices, Discord allows %d", where, chars, maxCommandChars)
		}
	}
	return errors.Join(errs...)
}

func checkName(add func(string, ...any), where, name string) {
	if !commandName.MatchString(name) {
		add("%s: name %q must be 1-32 letters, digits, '-' or '_'", where, name)
	} else if strings.ToLower(name) != name {
		add("%s: name %q must be lower case", where, name)
	}
}

func checkDescription(add func(string, ...any), where, d string) {
	if n := utf8.RuneCountInString(d); n < 1 || n > maxDescription {
		add("%s: description must be 1-%d characters, has %d", where, maxDescription, n)
	}
}

// checkOptions validates one level of options (recursively) and returns its character count.
func checkOptions(add func(string, ...any), where string, opts []*discordgo.ApplicationCommandOption) int {
	if len(opts) > maxOptions {
		add("%s: %d options, Discord allows %d", where, len(opts), maxOptions)
	}
	chars := 0
	seenOptional := false
	names := map[string]bool{}
	for i, o := range opts {
		if o == nil {
			add("%s: option #%d is nil", where, i+1)
			continue
		}
		at := where + " " + o.Name
		if names[o.Name] {
			add("%s: option defined twice", at)
		}
		names[o.Name] = true
		checkName(add, at, o.Name)
		checkDescription(add, at, o.Description)
		chars += utf8.RuneCountInString(o.Name) + utf8.RuneCountInString(o.Description)
		if IsSubcommand(o.Type) {
			chars += checkOptions(add, where+"/"+o.Name, o.Options)
			continue
		}
		if o.Required && seenOptional {
			add("%s: required option after an optional one", at)
		}
		seenOptional = seenOptional || !o.Required
		chars += checkChoices(add, at, o.Choices)
	}
	return chars
}

func checkChoices(add func(string, ...any), where string, choices []*discordgo.ApplicationCommandOptionChoice) int {
	if len(choices) > maxChoices {
		add("%s: %d choices, Discord allows %d", where, len(choices), maxChoices)
	}
	chars := 0
	for _, ch := range choices {
		if ch == nil {
			continue
		}
		if n := utf8.RuneCountInString(ch.Name); n < 1 || n > 100 {
			add("%s: choice name %q must be 1-100 characters", where, ch.Name)
		}
		v := fmt.Sprint(ch.Value)
		if s, ok := ch.Value.(string); ok && utf8.RuneCountInString(s) > 100 {
			add("%s: choice value of %q longer than 100 characters", where, ch.Name)
		}
		chars += utf8.RuneCountInString(ch.Name) + utf8.RuneCountInString(v)
	}
	return chars
}
