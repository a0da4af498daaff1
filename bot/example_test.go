package bot_test

import (
	"context"
	"fmt"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
)

// A command handler returns its response; the engine decides whether it goes
// inline or after a deferred acknowledgement. Tests run it with a Recorder.
func ExampleMux() {
	mux := bot.NewMux()
	mux.Command("/xp/add", bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
		amount, _ := in.IntOption("amount")
		member, _ := in.UserOption("member")
		return bot.Public("Awarded %d XP to <@%s>", amount, member.ID)
	}), bot.Award())
	mux.Component("qr", bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
		return bot.Private("re-rolling %s", in.CustomID())
	}))

	rec := bottest.NewRecorder(mux)
	ctx := context.Background()
	fmt.Println(rec.Run(ctx, bottest.Command("/xp/add", bottest.UserOpt("member", "400"), bottest.O("amount", 5))).Content)
	fmt.Println(rec.Run(ctx, bottest.Click("qr:abc:7")).Content)
	fmt.Println(rec.Run(ctx, bottest.Command("/nope")).Content)
	// Output:
	// Awarded 5 XP to <@400>
	// re-rolling qr:abc:7
	// Unknown command
}
