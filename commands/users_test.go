package commands

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// noraDiscord is the Discord account of a newcomer waiting for approval.
const noraDiscord = "777"

// addNewcomer adds an UNAPPROVED user, as a sign-in with Discord creates one.
func addNewcomer(h *harness, name, discordID string) string {
	return h.emu.AddUser(h.sb.CompanyID, vclienttest.User{Name: name, Role: vclient.RoleUnapproved, DiscordID: discordID})
}

// reviewWrites are the approval queue's writes: method, route and Idempotency-Key.
func reviewWrites(h *harness) []string {
	var out []string
	for _, r := range h.emu.Requests() {
		if r.Method != "GET" {
			out = append(out, fmt.Sprintf("%s %s %s as %s", r.Method, r.Route, r.Header.Get("Idempotency-Key"), r.OnBehalfOf))
		}
	}
	return out
}

func TestAnAdminApprovesANewcomerAsAPlayer(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	nora := addNewcomer(h, "Nora", noraDiscord)
	assert.Equal(t, msgUnapproved, h.run(noraDiscord, bottest.Command("/whoami")).Content, "the newcomer's identity is cached as UNAPPROVED")

	r := h.run(adaID, bottest.Click(approveID(nora, vclient.RolePlayer)).ID("9001"))

	assert.Equal(t, bot.UpdateMessage, r.Kind, "the clicked post says what happened")
	assert.Equal(t, "✅ Approved **nora** as PLAYER (by <@100>).", r.Content)
	assert.Empty(t, r.Components, "the buttons are gone")
	assert.Equal(t, []string{"POST POST /users/{user_id}/approve noirbot-9001-approve-" + nora + " as " + h.sb.Ada}, reviewWrites(h))
	u, ok := h.emu.User(nora)
	require.True(t, ok)
	assert.Equal(t, vclient.RolePlayer, u.Role)
	audit := linkTestAudit(h)
	assert.Contains(t, audit, "User approved\nApproved **nora** as PLAYER.\nDiscord: <@777>")
	assert.Contains(t, audit, "By: <@100> (ada)")
	assert.Equal(t, "nora (PLAYER)", rollTestField(h.run(noraDiscord, bottest.Command("/whoami")), "Valentina user"), "the new role is seen at once")
}

func TestAnAdminDeniesANewcomer(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	nora := addNewcomer(h, "Nora", noraDiscord)

	r := h.run(adaID, bottest.Click(denyPrefix+":"+nora).ID("9002"))

	assert.Equal(t, bot.UpdateMessage, r.Kind)
	assert.Contains(t, r.Content, "Denied **nora**")
	assert.Equal(t, []string{"POST POST /users/{user_id}/deny noirbot-9002-deny-" + nora + " as " + h.sb.Ada}, reviewWrites(h))
	_, ok := h.emu.User(nora)
	assert.False(t, ok, "a denied user is archived")
	assert.Contains(t, linkTestAudit(h), "User denied")
}

func TestOnlyAdminsMayApproveOrDeny(t *testing.T) {
	v2Only(t)
	for _, id := range []string{samID, aliceID} {
		for _, click := range []string{"approve", "deny"} {
			t.Run(discordNames[id]+" "+click, func(t *testing.T) {
				h := newHarness(t)
				nora := addNewcomer(h, "Nora", noraDiscord)
				custom := denyPrefix + ":" + nora
				if click == "approve" {
					custom = approveID(nora, vclient.RoleStoryteller)
				}

				r := h.run(id, bottest.Click(custom))

				assert.True(t, r.Ephemeral)
				assert.Equal(t, msgAdminsOnly, r.Content)
				assert.Empty(t, reviewWrites(h), "nothing is sent")
				assert.Empty(t, h.audit.all())
				u, _ := h.emu.User(nora)
				assert.Equal(t, vclient.RoleUnapproved, u.Role)
			})
		}
	}
}

func TestApproveReReadsTheAdminFirst(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	nora := addNewcomer(h, "Nora", noraDiscord)
	h.warm(adaID, bottest.Command("/whoami"))
	h.emu.SetUserRole(h.sb.Ada, vclient.RoleStoryteller) // demoted while their identity is cached

	r := h.run(adaID, bottest.Click(approveID(nora, vclient.RolePlayer)))

	assert.Equal(t, msgAdminsOnly, r.Content)
	assert.Empty(t, reviewWrites(h))
}

func TestApproveButtonsAreUntrusted(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	nora := addNewcomer(h, "Nora", noraDiscord)
	for name, custom := range map[string]string{
		"a user id that is not a UUID": "usr-ok:../../users/x:PLAYER",
		"a role approval cannot give":  "usr-ok:" + nora + ":ADMIN",
		"a missing role":               "usr-ok:" + nora,
		"a deny with extra parts":      "usr-no:" + nora + ":x",
	} {
		t.Run(name, func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(adaID, bottest.Click(custom))
			assert.Equal(t, msgBrokenUserBtn, r.Content)
			assert.Zero(t, h.calls(), "a broken button makes no request")
		})
	}
	t.Run("a user who is not waiting for approval", func(t *testing.T) {
		h.emu.ResetRequests()
		r := h.run(adaID, bottest.Click(approveID(h.sb.Bob, vclient.RolePlayer)))
		assert.Contains(t, r.Content, "is no longer waiting for approval")
		assert.Empty(t, reviewWrites(h))
	})
}

func TestApprovalsNeedAPIv2(t *testing.T) {
	v1Only(t, "v2 has the approval queue (TestAnAdminApprovesANewcomerAsAPlayer)")
	h := newHarness(t)
	for _, b := range []*bottest.Builder{
		bottest.Command("/users/pending"),
		bottest.Click(approveID("0190d7a4-0000-7000-8000-000000000001", vclient.RolePlayer)),
		bottest.Click(denyPrefix + ":0190d7a4-0000-7000-8000-000000000001"),
		bottest.Click(cardPrefix + ":0190d7a4-0000-7000-8000-000000000001"),
	} {
		r := h.run(adaID, b)
		assert.Contains(t, r.Content, "needs Valentina API v2")
	}
	assert.Zero(t, h.writes())
}

func TestUsersPendingListsNewcomersTenAPageWithoutEmails(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	ids := map[string]string{}
	for i := range 12 {
		name := fmt.Sprintf("Newcomer%02d", i)
		ids[strings.ToLower(name)] = addNewcomer(h, name, fmt.Sprint(7000+i))
	}

	r := h.run(adaID, bottest.Command("/users/pending"))

	require.Len(t, r.Embeds, 1, text(r))
	assert.True(t, r.Ephemeral)
	assert.Equal(t, "Waiting for approval (12)", r.Embeds[0].Title)
	assert.Contains(t, r.Embeds[0].Description, "1. **newcomer00** — registered <t:")
	assert.Contains(t, r.Embeds[0].Description, "10. **newcomer09**")
	assert.NotContains(t, r.Embeds[0].Description, "newcomer10")
	assert.NotRegexp(t, emailPattern, text(r))
	ids0 := customIDs(r)
	assert.Contains(t, ids0, cardPrefix+":"+ids["newcomer00"])
	assert.Contains(t, ids0, pageID(pendingPrefix, 2, adaID))
	assert.Zero(t, h.writes())

	next := h.run(adaID, bottest.Click(pageID(pendingPrefix, 2, adaID)))
	assert.Equal(t, bot.UpdateMessage, next.Kind)
	assert.Contains(t, next.Embeds[0].Description, "11. **newcomer10**")
	assert.Contains(t, next.Embeds[0].Footer.Text, "Page 2 of 2")

	card := h.run(adaID, bottest.Click(cardPrefix+":"+ids["newcomer10"]))
	assert.True(t, card.Ephemeral)
	assert.Contains(t, text(card), "**newcomer10**")
	assert.Equal(t, []string{approveID(ids["newcomer10"], vclient.RolePlayer), approveID(ids["newcomer10"], vclient.RoleStoryteller),
		denyPrefix + ":" + ids["newcomer10"]}, customIDs(card), "the same buttons as the sign-in's audit post")
}

func TestUsersPendingIsForAdmins(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	nora := addNewcomer(h, "Nora", noraDiscord)

	assert.Equal(t, msgAdminsOnly, h.run(samID, bottest.Command("/users/pending")).Content)
	assert.Equal(t, msgAdminsOnly, h.run(aliceID, bottest.Click(cardPrefix+":"+nora)).Content)

	h.emu.SetUserRole(nora, vclient.RolePlayer)
	assert.Equal(t, "No one is waiting for approval.", h.run(adaID, bottest.Command("/users/pending", bottest.O("page", 1))).Content)
}

// customIDs lists the custom_ids of a response's components.
func customIDs(r *bot.Response) []string {
	var ids []string
	for _, row := range r.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			if b, ok := c.(discordgo.Button); ok {
				ids = append(ids, b.CustomID)
			}
		}
	}
	return ids
}

// messageAuditor records whole audit messages, as the app's and the console's auditors post them.
type messageAuditor struct {
	auditRecorder
	mu       sync.Mutex
	messages []*bot.Message
}

func (a *messageAuditor) AuditMessage(_ context.Context, _ string, m *bot.Message) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.messages = append(a.messages, m)
}

func TestASignInIsAnnouncedInTheAuditChannel(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	audit := &messageAuditor{}
	h.deps.Auditor = audit
	nora := addNewcomer(h, "Nora", noraDiscord)
	users := h.api.OnBehalfOf(h.sb.Ada).Users(h.sb.CompanyID)
	u, err := users.Get(t.Context(), nora)
	require.NoError(t, err)
	alice, err := users.Get(t.Context(), h.sb.Alice)
	require.NoError(t, err)

	h.deps.AnnounceSignIn(t.Context(), SignIn{GuildID: guildID, CompanyID: h.sb.CompanyID, DiscordID: noraDiscord,
		Resolution: vclient.ResolutionCreated, User: *u})
	h.deps.AnnounceSignIn(t.Context(), SignIn{GuildID: guildID, CompanyID: h.sb.CompanyID, DiscordID: aliceID,
		Resolution: vclient.ResolutionMatched, User: *alice})

	require.Len(t, audit.messages, 1)
	created := audit.messages[0]
	assert.Equal(t, "New member waiting for approval", created.Embeds[0].Title)
	assert.Contains(t, created.Embeds[0].Description, "**nora** · <@777>")
	assert.Equal(t, []string{approveID(nora, vclient.RolePlayer), approveID(nora, vclient.RoleStoryteller), denyPrefix + ":" + nora},
		customIDs(&bot.Response{Message: *created}))
	posts := audit.all()
	require.Len(t, posts, 1)
	assert.Equal(t, "<@300> is linked to **alice** (PLAYER), found by their Discord account.", posts[0].Description)
	assert.NotRegexp(t, emailPattern, posts[0].Description+created.Embeds[0].Description)
}

func TestApprovalCustomIDsFitDiscordsLimit(t *testing.T) {
	worst := approveID("ffffffff-ffff-ffff-ffff-ffffffffffff", vclient.RoleStoryteller)
	assert.LessOrEqual(t, len(worst), 100, worst)
	assert.LessOrEqual(t, len(pageID(pendingPrefix, 1<<31, "18446744073709551615")), 100)
}

func FuzzParseUserButton(f *testing.F) {
	for _, seed := range []string{"usr-ok:0190d7a4-0000-7000-8000-000000000001:PLAYER", "usr-no:x", "usr-card::", "usr-no:0190D7A4-0000-7000-8000-00000000000G"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, customID string) {
		for _, n := range []int{2, 3} {
			id, ok := parseUserButton(customID, n)
			if !ok {
				continue
			}
			if !isUUID(id) || strings.ContainsAny(id, ":/?#") || id != strings.ToLower(id) {
				t.Fatalf("parseUserButton(%q, %d) accepted %q", customID, n, id)
			}
		}
	})
}
