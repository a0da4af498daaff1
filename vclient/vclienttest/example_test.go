package vclienttest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// The emulator seeded with the sandbox, driven through the real client.
func Example() {
	srv := vclienttest.Start()
	defer srv.Close()
	sb := vclienttest.SeedDemo(srv.Emulator)
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

// The v2 dialect: seeded ids are UUID v7, the caller is named with
// On-Behalf-Of, and the request log keeps that header for assertions.
func ExampleWithAPIVersion() {
	srv := vclienttest.Start(vclienttest.WithAPIVersion(vclienttest.V2))
	defer srv.Close()
	sb := vclienttest.SeedDemo(srv.Emulator)

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/users/lookup?discord_id=300", nil)
	req.Header.Set("X-API-KEY", vclienttest.DefaultAPIKey)
	req.Header.Set("On-Behalf-Of", sb.Alice)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	var rows []struct {
		UserID string `json:"user_id"`
		Role   string `json:"role"`
	}
	_ = json.NewDecoder(res.Body).Decode(&rows)
	res.Body.Close()

	fmt.Println(srv.APIVersion(), len(sb.Alice), rows[0].UserID == sb.Alice, rows[0].Role)
	fmt.Println(srv.Requests()[0].Route, srv.Requests()[0].OnBehalfOf == sb.Alice)
	// Output:
	// v2 36 true PLAYER
	// GET /users/lookup true
}
