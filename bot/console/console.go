// Package console is noirbot's terminal front end (`noirbot console`): it reads slash commands
// as typed in Discord, builds the interaction JSON Discord would send, runs a bot.Router the
// way the Engine does (bot.Instrument) and prints the answer, buttons, forms and audit posts
// as text. The sandbox package wires the real handlers for it.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
)

// User is a person the console can act as or mention: Name is what
// `as Name` and `@Name` match (case-insensitively), DiscordID their Discord id.
type User struct {
	Name, DiscordID string
	// Bot marks a bot account (user options then carry the bot flag, as Discord's do).
	Bot bool
}

// Config sets up a REPL.
type Config struct {
	// Router answers the interactions (the bot's Mux), run as the Engine runs it: panics
	// recovered, one log line per interaction (bot.Instrument).
	Router bot.Router
	// Commands are the slash command definitions lines are read against.
	Commands []*discordgo.ApplicationCommand
	// GuildID and ChannelID are where the interactions come from ("" GuildID = a DM).
	GuildID, ChannelID string
	// Users are the people `as` and @mentions know by name.
	Users []User
	// As is the user to start as: a name from Users or a Discord id ("" = the first user).
	As string
	// Out receives everything the console prints.
	Out io.Writer
	// Prompt is for a person at a terminal: a prompt before each line
	// ("alice> "), and typing mistakes do not change the exit code. Without it,
	// each line is echoed after the prompt so a transcript reads like a session.
	Prompt bool
	// Logger receives handler logs (panics); nil discards them.
	Logger *slog.Logger
	// Now stamps interaction ids (snowflakes); nil means time.Now.
	Now func() time.Time
	// SignIn completes a "Sign in with Discord" for the `link` input: it plays the
	// member's browser on authorizeURL as the Discord account discordID and returns what
	// the callback's page says. nil: `link` is not available.
	SignIn func(ctx context.Context, authorizeURL, discordID string) (string, error)
}

// REPL is a Discord-free front end for a Handler: it reads slash commands
// as typed in Discord, builds the interaction JSON Discord would send, runs the
// handler and prints the response as text. It also implements Auditor, so
// audit posts show up in its output instead of going to Discord.
type REPL struct {
	cfg     Config
	handler bot.Handler
	user    User
	userErr error
	ids     snowflakes

	mentions *strings.Replacer // <@id> → @Name for known users

	history []shownMessage // recent messages, newest last, for `click`
	modal   *bot.Modal     // the open form, for `submit`

	mu     sync.Mutex
	audits []auditPost // audit posts waiting to be printed after the current response

	saveDir string         // where attached files are written ("" = not saved)
	saved   map[string]int // how often each file name was saved this run
}

// shownMessage is a message the console showed, kept so its buttons can be clicked.
type shownMessage struct {
	ID        string
	Message   bot.Message
	Ephemeral bool
}

// auditPost is an audit post waiting to be printed: an embed's text, or a whole
// message (kept, once printed, so its buttons can be clicked).
type auditPost struct {
	channelID string
	text      string
	message   *bot.Message
}

// maxHistory is how many recent messages `click` looks at.
const maxHistory = 20

// errExit ends Run after `exit` or `quit`.
var errExit = errors.New("exit")

// New returns a console for cfg.
func New(cfg Config) *REPL {
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &REPL{cfg: cfg, handler: bot.Instrument(cfg.Router, log, nil), ids: snowflakes{now: cfg.Now}, mentions: mentionReplacer(cfg.Users)}
	switch {
	case cfg.As != "":
		c.userErr = c.SetUser(cfg.As)
	case len(cfg.Users) > 0:
		c.user = cfg.Users[0]
	default:
		c.userErr = errors.New("no user to act as: give one")
	}
	return c
}

// SetUser switches the acting user: a name from Users (optionally with @),
// a mention <@id> or a Discord id.
func (c *REPL) SetUser(nameOrID string) error {
	u, err := findUser(c.cfg.Users, strings.TrimSpace(nameOrID))
	if err != nil {
		return err
	}
	c.user, c.userErr = u, nil
	return nil
}

// User is the user the console is acting as.
func (c *REPL) User() User { return c.user }

// Run executes the lines of in until EOF, `exit` or ctx ends. It returns 0,
// or 1 when a line (without Prompt) could not be understood — the other lines
// still run — and 2 when the starting user is unknown.
func (c *REPL) Run(ctx context.Context, in io.Reader) int {
	if c.userErr != nil {
		fmt.Fprintf(c.cfg.Out, "error: %v\n", c.userErr)
		return 2
	}
	done := make(chan struct{})
	defer close(done)
	lines, scanErr := readLines(in, done)
	if c.cfg.Prompt {
		fmt.Fprintf(c.cfg.Out, "noirbot console: acting as %s. Type help for the commands, exit to leave.\n", c.userLabel())
	}
	code := 0
	for n := 1; ; n++ {
		if c.cfg.Prompt {
			fmt.Fprint(c.cfg.Out, c.prompt())
		}
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			if c.cfg.Prompt {
				fmt.Fprintln(c.cfg.Out)
			}
			return code
		case line, ok = <-lines:
		}
		if !ok {
			if err := <-scanErr; err != nil {
				fmt.Fprintf(c.cfg.Out, "error: reading input: %v\n", err)
				return 1
			}
			if c.cfg.Prompt {
				fmt.Fprintln(c.cfg.Out)
			}
			return code
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !c.cfg.Prompt {
			fmt.Fprintf(c.cfg.Out, "%s%s\n", c.prompt(), line)
		}
		err := c.exec(ctx, line)
		if errors.Is(err, errExit) {
			return code
		}
		if err != nil {
			c.printError(n, err)
			if !c.cfg.Prompt {
				code = 1
			}
		}
		fmt.Fprintln(c.cfg.Out)
	}
}

func (c *REPL) printError(line int, err error) {
	if c.cfg.Prompt {
		fmt.Fprintf(c.cfg.Out, "error: %v\n", err)
		return
	}
	fmt.Fprintf(c.cfg.Out, "error (line %d): %v\n", line, err)
}

// readLines feeds the lines of in to a channel, so Run can stop on ctx while a
// terminal read blocks; the error channel gets the scanner's error at the end.
// Closing done stops the feeding (a blocked read still finishes on its own).
func readLines(in io.Reader, done <-chan struct{}) (<-chan string, <-chan error) {
	lines, errc := make(chan string), make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-done:
				return
			}
		}
		errc <- sc.Err()
	}()
	return lines, errc
}

func (c *REPL) prompt() string {
	name := strings.ToLower(c.user.Name)
	if name == "" {
		name = c.user.DiscordID
	}
	return name + "> "
}

func (c *REPL) userLabel() string {
	if c.user.Name == "" {
		return "Discord user " + c.user.DiscordID
	}
	return fmt.Sprintf("%s (Discord %s)", c.user.Name, c.user.DiscordID)
}

// exec runs one non-blank line.
func (c *REPL) exec(ctx context.Context, line string) error {
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "exit", "quit":
		return errExit
	case "help":
		c.printHelp()
		return nil
	case "as":
		if rest == "" {
			return fmt.Errorf("as needs a name or a Discord id, e.g. as Sam")
		}
		if err := c.SetUser(strings.Trim(rest, `"`)); err != nil {
			return err
		}
		fmt.Fprintf(c.cfg.Out, "now acting as %s\n", c.userLabel())
		return nil
	case "click":
		return c.click(ctx, strings.Trim(rest, `"`))
	case "link":
		return c.followSignIn(ctx)
	case "submit":
		return c.submit(ctx, rest)
	case "complete":
		cmd, err := parseAutocomplete(rest, c.cfg.Commands, c.cfg.Users)
		if err != nil {
			return err
		}
		return c.dispatch(ctx, c.commandInteraction(cmd), "")
	}
	if !strings.HasPrefix(line, "/") {
		return fmt.Errorf("%q is not a command (type help)", word)
	}
	cmd, err := parseCommand(line, c.cfg.Commands, c.cfg.Users)
	if err != nil {
		return err
	}
	c.modal = nil
	return c.dispatch(ctx, c.commandInteraction(cmd), "")
}

// dispatch runs the handler on raw interaction JSON and prints its response.
// messageID is the message a component was clicked on ("" otherwise).
func (c *REPL) dispatch(ctx context.Context, raw []byte, messageID string) error {
	in, err := bot.ParseInteraction(raw, c.cfg.Now())
	if err != nil {
		return fmt.Errorf("build interaction: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, bot.DefaultDeadline)
	defer cancel()
	resp := c.handler.ServeInteraction(ctx, in)
	c.show(resp, messageID)
	c.flushAudits()
	return nil
}
