package commands

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/vclient"
)

func TestXPBeforeIsDerivedFromTheAnswerAndTheDelta(t *testing.T) {
	after := vclient.CampaignExperience{CampaignID: "c", XPCurrent: 40, XPTotal: 90, CoolPoints: 3}
	tests := []struct {
		op   xpOp
		want vclient.CampaignExperience
	}{
		{xpOps[0], vclient.CampaignExperience{CampaignID: "c", XPCurrent: 35, XPTotal: 85, CoolPoints: 3}},
		{xpOps[1], vclient.CampaignExperience{CampaignID: "c", XPCurrent: 45, XPTotal: 90, CoolPoints: 3}},
		{xpOps[2], vclient.CampaignExperience{CampaignID: "c", XPCurrent: -10, XPTotal: 40, CoolPoints: -2}},
	}
	for _, tt := range tests {
		t.Run("/xp "+tt.op.sub, func(t *testing.T) {
			amount := 5
			ch := xpChange{Op: tt.op, Amount: amount, After: after}
			assert.Equal(t, tt.want, ch.before())
		})
	}
}

func TestXPPersonIsNamedWithoutPinging(t *testing.T) {
	assert.Equal(t, "Alice (<@300>)", person{Name: "Alice", DiscordID: "300"}.String())
	assert.Equal(t, "Alice", person{Name: "Alice"}.String())
	assert.Equal(t, "<@300>", person{DiscordID: "300"}.String())
	assert.Equal(t, "someone", person{}.String())
}

func TestGrantXPRefusal(t *testing.T) {
	player := &Caller{Member: xpTestMember("p1", vclient.RolePlayer)}
	st := &Caller{Member: xpTestMember("s1", vclient.RoleStoryteller)}
	admin := &Caller{Member: xpTestMember("a1", vclient.RoleAdmin)}
	tests := []struct {
		setting vclient.GrantXPPermission
		caller  *Caller
		target  string
		want    string
	}{
		{vclient.GrantXPUnrestricted, player, "other", ""},
		{"", player, "other", ""},
		{vclient.GrantXPPlayer, player, "p1", ""},
		{vclient.GrantXPPlayer, player, "other", msgXPCompanyOwn},
		{vclient.GrantXPPlayer, st, "other", ""},
		{vclient.GrantXPPlayer, admin, "other", ""},
		{vclient.GrantXPStoryteller, player, "p1", msgXPCompanyST},
		{vclient.GrantXPStoryteller, st, "other", ""},
		{vclient.GrantXPStoryteller, admin, "a1", ""},
		{"STORYTELLER_ONLY", player, "p1", msgXPCompanyST},
	}
	for _, tt := range tests {
		t.Run(string(tt.setting)+" "+string(tt.caller.Role)+" → "+tt.target, func(t *testing.T) {
			assert.Equal(t, tt.want, grantXPRefusal(tt.setting, tt.caller, tt.target))
		})
	}
}

func TestXPEmbedsStayWithinDiscordsLimits(t *testing.T) {
	long := strings.Repeat("Nosferatu ", 30)
	for _, op := range xpOps {
		ch := xpChange{Op: op, Amount: 100, Reason: strings.Repeat("ü", 200), Campaign: long,
			Actor: person{Name: long, DiscordID: "200"}, Target: person{Name: long, DiscordID: "300"}}
		ch.Before = ch.before()
		statsTestWithinLimits(t, xpEmbed(ch))
		statsTestWithinLimits(t, xpAuditEmbed(ch))
	}
	statsTestWithinLimits(t, xpViewEmbed(person{Name: long}, long, vclient.CampaignExperience{}))
	e := xpAuditEmbed(xpChange{Op: xpOps[0], Amount: 1})
	assert.Contains(t, statsTestText(e), "Reason: —", "an absent reason is shown as a dash, never an empty field")
}

// xpTestMember is a linked member with a role, for pure permission tests.
func xpTestMember(userID string, role vclient.Role) cache.Member {
	return cache.Member{UserID: userID, Name: userID, Role: role}
}
