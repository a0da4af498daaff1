package vclienttest_test

import (
	"context"
	"fmt"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// The emulator seeded with the sandbox, driven through the real client.
func Example() {
	srv := vclienttest.Start()
	defer srv.Close()
	sb := vclienttest.SeedSandbox(srv.Emulator)
	srv.SetDice(func(n, _ int) []int { // every die shows 7
		out := make([]int, n)
		for i := range out {
			out[i] = 7
		}
		return out
	})

	api, err := vclient.New(srv.URL, vclienttest.DefaultAPIKey, vclient.WithAPIVersion(vclient.APIv1))
	if err != nil {
		panic(err)
	}
	roll, err := api.OnBehalfOf(sb.Alice).DiceRolls(sb.CompanyID).CreateFromQuickroll(context.Background(),
		&vclient.QuickrollRoll{QuickrollID: sb.Quickrolls["Strength + Brawl"], CharacterID: sb.Mara})
	if err != nil {
		panic(err)
	}
	fmt.Println(roll.Comment, "→", roll.Result.TotalResultHumanized)
	fmt.Println(srv.CountRequests("POST", "POST /users/{user_id}/dicerolls/quickroll"), "upstream call")
	// Output:
	// Quick roll: Strength + Brawl → 4 Successes
	// 1 upstream call
}
