package app

// End-to-end tests of issue 4's "Must show" list: a real noirbot (App.Run) in HTTP
// interactions mode, requests signed with a generated Ed25519 key, the vclienttest
// emulator as Valentina and bottest.FakeDiscord as Discord's REST API (discord.api_url).
// Waiting is structural (gates, holds, FakeDiscord.WaitFor); nothing sleeps.

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Interaction callback types and message flags as Discord defines them.
const (
	e2eMessageNow = 4
	e2eDeferred   = 5
	e2eChoices    = 8
	e2eEphemeral  = 64
	// e2eSlowAPI is defer_after in the slow-API tests: the gated roll always outlasts it.
	e2eSlowAPI    = 50 * time.Millisecond
	e2eRollSuffix = "/dicerolls/quickroll"
)

func TestE2EPingIsAnsweredWithPong(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t)
	pong := ta.e2eSendSigned(t, []byte(`{"type":1,"id":"1","application_id":"700","token":"t"}`))
	assert.Equal(t, http.StatusOK, pong.Status)
	assert.JSONEq(t, `{"type":1}`, pong.Body)
}

func TestE2ERejectedRequestsGetTheirStatusAndDoNoOtherWork(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t)
	roll := e2eAliceQuickroll().JSON() // would roll dice if it got through
	huge := e2eAliceQuickroll(bottest.O("comment", strings.Repeat("x", 2<<20))).JSON()
	malformed := []byte(`{"type":2,"id":"1",`)
	withoutSignature := ta.signer.Headers(roll, time.Now())
	withoutSignature.Del("X-Signature-Ed25519")
	tests := []struct {
		name   string
		body   []byte
		header http.Header
		want   int
	}{
		{"a signature by another key", roll, bottest.NewSigner().Headers(roll, time.Now()), http.StatusUnauthorized},
		{"no signature headers", roll, nil, http.StatusUnauthorized},
		{"a timestamp without a signature", roll, withoutSignature, http.StatusUnauthorized},
		{"a validly signed timestamp ten minutes old", roll, ta.signer.Headers(roll, time.Now().Add(-10*time.Minute)), http.StatusUnauthorized},
		{"a signed 2 MiB body", huge, ta.signer.Headers(huge, time.Now()), http.StatusRequestEntityTooLarge},
		{"validly signed malformed JSON", malformed, ta.signer.Headers(malformed, time.Now()), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			a := ta.e2eSend(t, tt.body, tt.header)
			assert.Equal(t, tt.want, a.Status, a.Body)
			assert.Zero(t, a.Type, "no interaction response: %s", a.Body)
		})
	}
	require.Equal(t, 0, ta.stop(t))
	assert.Empty(t, ta.emu.Requests(), "no request reached Valentina")
	assert.Empty(t, ta.fake.Requests(), "no call reached Discord")
	assert.Empty(t, ta.emu.DiceRolls(ta.sb.CompanyID))
}

func TestE2EQuickrollIsAnsweredInlineWithTheRollEmbedAndARerollButton(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t)
	a := ta.e2eSendSigned(t, e2eAliceQuickroll().JSON())
	require.Equal(t, http.StatusOK, a.Status, a.Body)
	require.Equal(t, e2eMessageNow, a.Type, a.Body)
	assert.Zero(t, a.Data.Flags&e2eEphemeral, "a quickroll is public unless hidden")

	rolls := ta.emu.DiceRolls(ta.sb.CompanyID)
	require.Len(t, rolls, 1)
	roll := rolls[0]
	require.NotNil(t, roll.Result)
	require.Len(t, a.Data.Embeds, 1)
	embed := a.Data.Embeds[0]
	word, _, _ := strings.Cut(embed.Title, " ")
	assert.Equal(t, string(roll.Result.TotalResultType), strings.ToUpper(word), "the title says the outcome: %q", embed.Title)
	assert.Contains(t, embed.field("Dice"), roll.Result.PlayerRollEmoji)
	assert.Regexp(t, fmt.Sprintf(`^Strength \d \+ Brawl \d = %d$`, roll.NumDice), embed.field("Pool"))
	assert.Equal(t, "Mara Voss", embed.field("Character"))

	require.Len(t, a.Data.Components, 1)
	require.Len(t, a.Data.Components[0].Components, 1)
	button := a.Data.Components[0].Components[0]
	assert.Equal(t, "Re-roll", button.Label)
	assert.True(t, strings.HasPrefix(button.CustomID, "qr:"), button.CustomID)

	require.Equal(t, 0, ta.stop(t))
	assert.Empty(t, ta.fake.Requests(), "an inline answer needs no Discord REST call")
}

func TestE2EQuickrollSlowerThanDeferAfterIsAcknowledgedThenEditedIntoOriginal(t *testing.T) {
	t.Parallel()
	gate := newUpstreamGate(t, http.MethodPost, e2eRollSuffix)
	ta := startTestApp(t, e2eDeferAfter(e2eSlowAPI), withGate(gate))

	a := ta.e2eSendSigned(t, e2eAliceQuickroll().ID("4001").JSON())
	require.Equal(t, http.StatusOK, a.Status, a.Body)
	assert.Equal(t, e2eDeferred, a.Type, "the first response is the deferred acknowledgement: %s", a.Body)
	assert.Zero(t, a.Data.Flags&e2eEphemeral, "deferred as public")

	gate.open()
	edits := ta.fake.WaitFor(t, bottest.Edit, 1)
	assert.Equal(t, http.MethodPatch, edits[0].Method)
	assert.Equal(t, "/api/v9/webhooks/700/token-4001/messages/@original", edits[0].Path)
	m := e2eDecodeMessage(t, edits[0])
	require.Len(t, m.Embeds, 1)
	assert.Contains(t, m.Embeds[0].field("Pool"), "Strength")
	assert.Contains(t, m.Embeds[0].field("Pool"), "Brawl")
	assert.NotEmpty(t, m.Embeds[0].field("Dice"))
	assert.Len(t, m.customIDs(), 1, "the Re-roll button comes with the edit")

	require.Equal(t, 0, ta.stop(t))
	assert.Equal(t, 1, ta.fake.Count(bottest.Edit))
	assert.Zero(t, ta.fake.Count(bottest.Callback), "HTTP mode answers the first response on the request itself")
}

func TestE2ESlowQuickrollThatFailsDeletesOriginalAndFollowsUpPrivately(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, detail, want string
		status             int
	}{
		{"a refusal shows Valentina's reason", "Difficulty does not suit this pool", "Difficulty does not suit this pool", http.StatusBadRequest},
		{"an outage says Valentina is unavailable", "", "Valentina is unavailable right now", http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gate := newUpstreamGate(t, http.MethodPost, e2eRollSuffix)
			ta := startTestApp(t, e2eDeferAfter(e2eSlowAPI), withGate(gate), e2eNoRetries())
			ta.emu.InjectFault(vclienttest.Fault{Method: http.MethodPost, Route: e2eQuickrollRoute, Status: tt.status, Detail: tt.detail})

			a := ta.e2eSendSigned(t, e2eAliceQuickroll().ID("4002").JSON())
			require.Equal(t, e2eDeferred, a.Type, a.Body)
			require.Zero(t, a.Data.Flags&e2eEphemeral, "the deferral was public")
			gate.open()

			deletes := ta.fake.WaitFor(t, bottest.Delete, 1)
			assert.Equal(t, "/api/v9/webhooks/700/token-4002/messages/@original", deletes[0].Path)
			followUps := ta.fake.WaitFor(t, bottest.FollowUp, 1)
			assert.Equal(t, "/api/v9/webhooks/700/token-4002", followUps[0].Path)
			m := e2eDecodeMessage(t, followUps[0])
			assert.Equal(t, e2eEphemeral, m.Flags&e2eEphemeral, "the error is private")
			assert.Contains(t, m.Content, tt.want)

			require.Equal(t, 0, ta.stop(t))
			assert.Zero(t, ta.fake.Count(bottest.Edit), "the public message is deleted, not edited")
			assert.Empty(t, ta.emu.DiceRolls(ta.sb.CompanyID))
		})
	}
}

func TestE2EFiftySlowQuickrollsHaveAllTheirEditsInFlightAtOnce(t *testing.T) {
	t.Parallel()
	const n = 50
	gate := newUpstreamGate(t, http.MethodPost, e2eRollSuffix)
	ta := startTestApp(t, e2eDeferAfter(e2eSlowAPI), withGate(gate))
	ta.fake.HoldUntilInFlight(bottest.Edit, n)
	t.Cleanup(func() { e2eExplainFailure(t, ta) })

	// The character is named so that no roll hinges on reading Alice's default character from
	// Redis: under a starved CPU that read can pass the 300 ms operation timeout, and the
	// command then answers privately that bot state is unavailable instead of rolling.
	mara := bottest.O("character", ta.sb.Mara)
	answers := make([]e2eAnswer, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { answers[i] = ta.e2eSendSigned(t, e2eAliceQuickroll(mara).ID(fmt.Sprint(5000+i)).JSON()) })
	}
	wg.Wait()
	for i, a := range answers {
		require.Equal(t, e2eDeferred, a.Type, "interaction %d: %s", i, a.Body)
	}
	gate.open()

	edits := ta.fake.WaitFor(t, bottest.Edit, n)
	assert.Equal(t, n, ta.fake.MaxInFlight(bottest.Edit), "no edit waited for another")
	tokens := map[string]bool{}
	for _, e := range edits {
		tokens[e.Token()] = true
		assert.Contains(t, string(e.Body), "Strength")
	}
	assert.Len(t, tokens, n, "one edit per interaction")
	assert.Len(t, ta.emu.DiceRolls(ta.sb.CompanyID), n)
}

func TestE2EOneInteractionDeliveredTwiceRollsOnce(t *testing.T) {
	t.Parallel()
	t.Run("while the first delivery is still rolling", func(t *testing.T) {
		t.Parallel()
		gate := newUpstreamGate(t, http.MethodPost, e2eRollSuffix)
		ta := startTestApp(t, e2eDeferAfter(e2eSlowAPI), withGate(gate))
		roll := e2eAliceQuickroll().ID("4003").JSON()
		first := ta.e2eSendSigned(t, roll)
		require.Equal(t, e2eDeferred, first.Type, first.Body)
		gate.waitArrived(t, 1)

		dup := ta.e2eSendSigned(t, roll)
		assert.Equal(t, http.StatusOK, dup.Status)
		assert.Equal(t, e2eDeferred, dup.Type, "the duplicate gets a bare acknowledgement: %s", dup.Body)

		gate.open()
		ta.fake.WaitFor(t, bottest.Edit, 1)
		require.Equal(t, 0, ta.stop(t))
		assert.Equal(t, 1, ta.emu.CountRequests(http.MethodPost, e2eQuickrollRoute))
		assert.Len(t, ta.emu.DiceRolls(ta.sb.CompanyID), 1)
		assert.Equal(t, 1, ta.fake.Count(bottest.Edit), "only the first delivery edits @original")
	})
	t.Run("after the first delivery was answered", func(t *testing.T) {
		t.Parallel()
		ta := startTestApp(t)
		roll := e2eAliceQuickroll().ID("4004").JSON()
		first := ta.e2eSendSigned(t, roll)
		require.Equal(t, e2eMessageNow, first.Type, first.Body)

		dup := ta.e2eSendSigned(t, roll)
		assert.Equal(t, http.StatusOK, dup.Status)
		assert.Equal(t, e2eDeferred, dup.Type, "the duplicate gets a bare acknowledgement: %s", dup.Body)

		require.Equal(t, 0, ta.stop(t))
		assert.Equal(t, 1, ta.emu.CountRequests(http.MethodPost, e2eQuickrollRoute))
		assert.Len(t, ta.emu.DiceRolls(ta.sb.CompanyID), 1)
		assert.Empty(t, ta.fake.Requests(), "the duplicate sends nothing to Discord")
	})
}

func TestE2EUnlinkedUsersAndUnconfiguredGuildsAreToldWhyAndWriteNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   func(sb *vclienttest.Demo) *bottest.Builder
		want []string
	}{
		{"an unlinked user's quickroll",
			func(*vclienttest.Demo) *bottest.Builder { return e2eAliceQuickroll().User("777", "mallory") },
			[]string{"not linked", "`/link`"}},
		{"an unlinked user's Re-roll click",
			func(sb *vclienttest.Demo) *bottest.Builder {
				return bottest.Click("qr:"+e2eCompact(sb.Quickrolls["Strength + Brawl"])+":"+e2eCompact(sb.Mara)+":6:0:p:777").User("777", "mallory")
			},
			[]string{"not linked", "`/link`"}},
		{"a quickroll in an unconfigured guild",
			func(*vclienttest.Demo) *bottest.Builder { return e2eAliceQuickroll().Guild("901") },
			[]string{"not configured", "901"}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" gets a private explanation", func(t *testing.T) {
			t.Parallel()
			ta := startTestApp(t)
			a := ta.e2eSendSigned(t, tt.in(ta.sb).JSON())
			require.Equal(t, e2eMessageNow, a.Type, a.Body)
			assert.Equal(t, e2eEphemeral, a.Data.Flags&e2eEphemeral)
			for _, w := range tt.want {
				assert.Contains(t, a.Data.Content, w)
			}
			require.Equal(t, 0, ta.stop(t))
			assert.Empty(t, e2eWrites(ta.emu), "no API writes")
			assert.Empty(t, ta.fake.Requests())
		})
	}
}

func TestE2EAnotherUsersQuickrollIdIsNotFoundAndNeverRequested(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t)
	sb := ta.sb
	bobs := ta.emu.AddQuickroll(sb.Bob, vclienttest.Quickroll{Name: "Bob's Haymaker",
		TraitIDs: []string{sb.Traits["Strength"], sb.Traits["Brawl"]}})
	alices := sb.Quickrolls["Strength + Brawl"]
	tests := []struct {
		name, id string // id: the foreign id the interaction carries
		in       *bottest.Builder
		want     string
	}{
		{"Bob's quickroll id as the name option", bobs,
			bottest.Command("/quickroll", bottest.O("name", bobs)).User("300", "alice"), "Quickroll not found."},
		{"Bob's quickroll id in a Re-roll custom_id", bobs,
			bottest.Click("qr:"+e2eCompact(bobs)+":"+e2eCompact(sb.Mara)+":6:0:p:300").User("300", "alice"), "Quickroll not found."},
		{"Bob's character id in a Re-roll custom_id", sb.Dmitri,
			bottest.Click("qr:"+e2eCompact(alices)+":"+e2eCompact(sb.Dmitri)+":6:0:p:300").User("300", "alice"), "Character not found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ta.e2eSendSigned(t, tt.in.JSON())
			require.Equal(t, e2eMessageNow, a.Type, a.Body)
			assert.Equal(t, e2eEphemeral, a.Data.Flags&e2eEphemeral)
			assert.Equal(t, tt.want, a.Data.Content)
			assert.NotContains(t, a.Data.Content, tt.id, "the id is never echoed")
		})
	}
	require.Equal(t, 0, ta.stop(t))
	assert.Empty(t, e2eRequestsAbout(ta.emu, bobs), "no request about Bob's quickroll")
	assert.Empty(t, e2eRequestsAbout(ta.emu, sb.Dmitri), "no request about Bob's character")
	assert.Empty(t, e2eWrites(ta.emu))
	assert.Empty(t, ta.emu.DiceRolls(sb.CompanyID))
}

func TestE2EDesperationTwoStoresARollWithTwoDesperationDice(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t)
	a := ta.e2eSendSigned(t, e2eAliceQuickroll(bottest.O("desperation", 2)).JSON())
	require.Equal(t, e2eMessageNow, a.Type, a.Body)

	rolls := ta.emu.DiceRolls(ta.sb.CompanyID)
	require.Len(t, rolls, 1)
	assert.Equal(t, 2, rolls[0].NumDesperationDice)
	assert.Equal(t, ta.sb.Mara, rolls[0].CharacterID)
	require.NotNil(t, rolls[0].Result)
	assert.Len(t, rolls[0].Result.DesperationRoll, 2)
	if testAPIVersion() == vclienttest.V1 {
		assert.Equal(t, 1, ta.emu.CountRequests(http.MethodPost, e2eDiceRollRoute), "v1's quickroll endpoint ignores desperation dice")
		assert.Zero(t, ta.emu.CountRequests(http.MethodPost, e2eQuickrollRoute))
	} else {
		assert.Equal(t, 1, ta.emu.CountRequests(http.MethodPost, e2eQuickrollRoute), "v2's quickroll endpoint rolls them")
		assert.Zero(t, ta.emu.CountRequests(http.MethodPost, e2eDiceRollRoute))
	}
	require.Len(t, a.Data.Embeds, 1)
	assert.Equal(t, "2", a.Data.Embeds[0].field("Desperation"))
}

func TestE2EWorstCaseRerollCustomIDFitsAndClickingItRollsAgain(t *testing.T) {
	t.Parallel()
	const snowflake = "18446744073709551615" // the longest Discord id: 2^64-1
	ta := startTestApp(t)
	emu, sb := ta.emu, ta.sb
	user := emu.AddUser(sb.CompanyID, vclienttest.User{Name: "Maximilian", DiscordID: snowflake, DiscordUsername: "max"})
	char := emu.AddCharacter(sb.CompanyID, sb.CampaignID, vclienttest.Character{NameFirst: "Max", NameLast: "Imum", UserPlayerID: user})
	emu.SetCharacterTrait(char, sb.Traits["Strength"], 5)
	emu.SetCharacterTrait(char, sb.Traits["Brawl"], 5)
	q := emu.AddQuickroll(user, vclienttest.Quickroll{Name: "Strength + Brawl", TraitIDs: []string{sb.Traits["Strength"], sb.Traits["Brawl"]}})

	roll := bottest.Command("/quickroll", bottest.O("name", q), bottest.O("difficulty", 10),
		bottest.O("desperation", 5), bottest.O("hidden", true)).User(snowflake, "max")
	a := ta.e2eSendSigned(t, roll.JSON())
	require.Equal(t, e2eMessageNow, a.Type, a.Body)
	assert.Equal(t, e2eEphemeral, a.Data.Flags&e2eEphemeral, "hidden")
	ids := a.Data.customIDs()
	require.Len(t, ids, 1, "the worst case still has its Re-roll button")
	assert.LessOrEqual(t, len(ids[0]), 100, "Discord's custom_id limit")
	assert.Equal(t, strings.Join([]string{"qr", e2eCompact(q), e2eCompact(char), "10", "5", "h", snowflake}, ":"), ids[0])

	click := ta.e2eSendSigned(t, bottest.Click(ids[0]).User(snowflake, "max").JSON())
	require.Equal(t, e2eMessageNow, click.Type, click.Body)
	assert.Equal(t, e2eEphemeral, click.Data.Flags&e2eEphemeral, "a hidden roll's Re-roll is hidden too")
	require.Len(t, click.Data.Embeds, 1)
	assert.Equal(t, "5", click.Data.Embeds[0].field("Desperation"))
	assert.Equal(t, ids, click.Data.customIDs(), "the new roll can be re-rolled the same way")

	rolls := emu.DiceRolls(sb.CompanyID)
	require.Len(t, rolls, 2, "the command and the click each rolled once")
	for _, r := range rolls {
		assert.Equal(t, user, r.UserID)
		assert.Equal(t, char, r.CharacterID)
		assert.Equal(t, 5, r.NumDesperationDice)
		require.NotNil(t, r.Difficulty)
		assert.Equal(t, 10, *r.Difficulty)
	}
}

func TestE2EWarmQuickrollMakesOneUpstreamCallAndWarmAutocompleteNone(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t)
	cold := ta.e2eSendSigned(t, e2eAliceQuickroll().JSON())
	require.Equal(t, e2eMessageNow, cold.Type, cold.Body)

	ta.emu.ResetRequests()
	warm := ta.e2eSendSigned(t, e2eAliceQuickroll().JSON())
	require.Equal(t, e2eMessageNow, warm.Type, warm.Body)
	reqs := ta.emu.Requests()
	require.Len(t, reqs, 1, "%v", reqs)
	assert.Equal(t, e2eQuickrollRoute, reqs[0].Route)

	ac := ta.e2eSendSigned(t, bottest.Autocomplete("/quickroll", "name").User("300", "alice").JSON())
	require.Equal(t, e2eChoices, ac.Type, ac.Body)
	require.NotEmpty(t, ac.Data.Choices)
	assert.LessOrEqual(t, len(ac.Data.Choices), 25)
	assert.Equal(t, ta.sb.Quickrolls["Strength + Brawl"], ac.Data.Choices[0].Value, "the quickroll just used comes first")

	require.Equal(t, 0, ta.stop(t))
	assert.Len(t, ta.emu.Requests(), 1, "autocomplete asked Valentina nothing")
}
