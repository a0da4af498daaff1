package console_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/bot/console"
)

// chartConsole is a console whose /stats answers with the chart and a text file.
func chartConsole(out *strings.Builder) *console.REPL {
	h := bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
		m := bottest.ChartMessage("")
		m.Attachments = append(m.Attachments, bot.Attachment{Name: "../notes.txt", ContentType: "text/plain", Data: []byte("hi")})
		return &bot.Response{Message: m}
	})
	return console.New(console.Config{
		Router: bottest.AnyRoute(h), Commands: []*discordgo.ApplicationCommand{{Name: "stats", Description: "Roll statistics"}},
		GuildID: "900", ChannelID: "800", Users: consoleUsers, As: "alice", Out: out,
	})
}

func TestConsoleShowsAttachedFiles(t *testing.T) {
	var out strings.Builder
	code := chartConsole(&out).Run(t.Context(), strings.NewReader("/stats\n"))
	require.Equal(t, 0, code)
	assert.Equal(t, `alice> /stats
| ** Roll statistics **
| (image) attachment://stats.png
[chart: stats.png, 1208 bytes]
[file: ../notes.txt, 2 bytes]

`, out.String())
}

func TestConsoleSavesAttachedFilesWithoutOverwritingThem(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	c := chartConsole(&out)
	c.SaveFiles(dir)
	require.Equal(t, 0, c.Run(t.Context(), strings.NewReader("/stats\n/stats\n")))

	for _, name := range []string{"stats.png", "stats-2.png"} {
		path := filepath.Join(dir, name)
		assert.Contains(t, out.String(), "[chart: stats.png, 1208 bytes] saved to "+path)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, bottest.ChartPNG, data)
	}
	notes, err := os.ReadFile(filepath.Join(dir, "notes.txt"))
	require.NoError(t, err, "a name cannot leave the directory")
	assert.Equal(t, "hi", string(notes))
}

func TestConsoleSaysWhenAFileCannotBeSaved(t *testing.T) {
	var out strings.Builder
	c := chartConsole(&out)
	c.SaveFiles(filepath.Join(t.TempDir(), "missing"))
	require.Equal(t, 0, c.Run(t.Context(), strings.NewReader("/stats\n")), "the answer is still shown")
	assert.Contains(t, out.String(), "[chart: stats.png, 1208 bytes] not saved: ")
}
