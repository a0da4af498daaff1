package bot_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
)

// BenchmarkVerifyAndDecode is the per-interaction cost before any routing: the Ed25519
// check of a real /quickroll body, the timestamp check and decoding the interaction.
func BenchmarkVerifyAndDecode(b *testing.B) {
	signer := bottest.NewSigner()
	body := bottest.Command("/quickroll", bottest.O("name", "Dexterity + Firearms"), bottest.O("difficulty", 7)).JSON()
	h := signer.Headers(body, time.Now())
	now := time.Now()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if !bot.VerifySignatureForBench(h, body, signer.Public) || !bot.FreshTimestampForBench(h.Get("X-Signature-Timestamp"), now) {
			b.Fatal("signature refused")
		}
		if _, err := bot.ParseInteraction(body, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRejectForgedSignature is what a forged request costs before it is refused.
func BenchmarkRejectForgedSignature(b *testing.B) {
	signer, other := bottest.NewSigner(), bottest.NewSigner()
	body := bottest.Command("/quickroll").JSON()
	h := other.Headers(body, time.Now())
	b.ReportAllocs()
	for b.Loop() {
		if bot.VerifySignatureForBench(h, body, signer.Public) {
			b.Fatal("forged signature accepted")
		}
	}
}

// benchRoutes mirrors the size of noirbot's command set: commands, subcommands,
// autocompletes, components and modals.
var benchRoutes = []string{
	"/quickroll", "/roll", "/xp/add", "/xp/remove", "/xp/cool", "/xp/view", "/stats/member",
	"/stats/campaign", "/stats/character", "/notes/list", "/notes/add", "/notes/view", "/notes/edit",
	"/notes/delete", "/quickrolls/list", "/quickrolls/add", "/quickrolls/edit", "/quickrolls/delete",
	"/campaign/set", "/campaign/clear", "/character/set", "/character/clear", "/link", "/unlink",
	"/whoami", "/help",
}

// BenchmarkRouting is the Mux finding a route (a subcommand, an autocomplete and a button)
// and asking it how to defer, then running it.
func BenchmarkRouting(b *testing.B) {
	mux := bot.NewMux()
	ok := bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response { return &bot.Response{Kind: bot.NewMessage} })
	for _, p := range benchRoutes {
		mux.Command(p, ok)
		mux.Autocomplete(p, ok)
	}
	for _, prefix := range []string{"qr", "rl", "notes", "qrs", "confirm"} {
		mux.Component(prefix, ok, bot.Updates())
		mux.ModalSubmit(prefix, ok)
	}
	ins := []*bot.Interaction{
		bottest.Command("/xp/add", bottest.UserOpt("member", "300"), bottest.O("amount", 5)).Interaction(),
		bottest.Autocomplete("/quickroll", "name", bottest.O("name", "Dex")).Interaction(),
		bottest.Click("qr:abc:def:6:0:0:300").Interaction(),
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range ins {
			_ = mux.Route(in)
			if r := mux.ServeInteraction(ctx, in); r == nil || r.Kind != bot.NewMessage {
				b.Fatal("not routed")
			}
		}
	}
}

// BenchmarkEncodeFirstResponse is turning a roll-sized response into the JSON of the HTTP
// answer.
func BenchmarkEncodeFirstResponse(b *testing.B) {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{
			Title: "Success: 3 successes", Description: "🎲 ⑦ ⑧ ⑨ ② ①",
			Fields: []*discordgo.MessageEmbedField{{Name: "Character", Value: "Mara Voss", Inline: true},
				{Name: "Quickroll", Value: "Dexterity + Firearms", Inline: true}, {Name: "Pool", Value: "Dexterity 3 + Firearms 2"}},
		}}}}
	w := discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		if err := bot.WriteJSONForBench(w, resp); err != nil {
			b.Fatal(err)
		}
	}
}

// discardWriter is an http.ResponseWriter that keeps nothing.
type discardWriter struct{ h http.Header }

func (d discardWriter) Header() http.Header         { return d.h }
func (d discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d discardWriter) WriteHeader(int)             {}
