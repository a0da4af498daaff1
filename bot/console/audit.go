package console

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
)

// The console's side channels: audit posts, printed after the answer that made them, and
// the `link` input, which completes a "Sign in with Discord" without a browser.

// Audit prints an audit post after the current response, marked with its
// channel; nothing is sent to Discord.
func (c *REPL) Audit(_ context.Context, channelID string, embed *discordgo.MessageEmbed) {
	var b strings.Builder
	writeEmbed(&b, embed)
	c.mu.Lock()
	c.audits = append(c.audits, auditPost{channelID: channelID, text: b.String()})
	c.mu.Unlock()
}

// AuditMessage prints a whole audit message after the current response (it implements
// MessageAuditor); its buttons can then be clicked like those of an answer.
func (c *REPL) AuditMessage(_ context.Context, channelID string, m *bot.Message) {
	c.mu.Lock()
	c.audits = append(c.audits, auditPost{channelID: channelID, message: m})
	c.mu.Unlock()
}

func (c *REPL) flushAudits() {
	c.mu.Lock()
	audits := c.audits
	c.audits = nil
	c.mu.Unlock()
	for _, a := range audits {
		var b strings.Builder
		fmt.Fprintf(&b, "[audit #%s]\n", a.channelID)
		b.WriteString(a.text)
		if a.message != nil {
			c.remember(*a.message, false)
			c.writeMessage(&b, a.message, false)
		}
		fmt.Fprint(c.cfg.Out, c.mentions.Replace(b.String()))
	}
}

// followSignIn is the `link` input: it follows the newest link button of a recent message
// (the "Sign in with Discord" of /link) as the acting user, prints the page the sign-in
// ends on, then the audit posts it made.
func (c *REPL) followSignIn(ctx context.Context) error {
	if c.cfg.SignIn == nil {
		return errors.New("link completes a Sign in with Discord only in the embedded sandbox speaking API v2 (not with -config)")
	}
	for i := len(c.history) - 1; i >= 0; i-- {
		for _, b := range allButtons(c.history[i].Message.Components) {
			if b.URL == "" {
				continue
			}
			page, err := c.cfg.SignIn(ctx, b.URL, c.user.DiscordID)
			if err != nil {
				return fmt.Errorf("sign in with discord: %w", err)
			}
			fmt.Fprintf(c.cfg.Out, "[browser, signed in with Discord as %s]\n%s\n", c.userLabel(), page)
			c.flushAudits()
			return nil
		}
	}
	return errors.New("there is no Sign in with Discord button yet: run /link first")
}
